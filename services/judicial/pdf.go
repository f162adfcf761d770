package judicial

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/causeway/causeway/services/internal/pdfkit"
)

// WriteSummary writes the human-readable PDF summary of a package's
// manifest (the Summary of the package; the manifest's summary_sha256 is
// not yet set when it is written): the case, who exported the package and
// when, the chains and their genesis hashes, and per deposit what was
// deposited, by whom, when and on which chains, with the command that
// verifies the package. Titles are in Chinese and English; text is set in
// a CJK TrueType font when one is installed (pdfkit.Font), otherwise in the
// core fonts, where characters outside Latin-1 print as '?'.
func WriteSummary(w io.Writer, m *Manifest) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Evidence package "+m.Case, true)
	pdf.SetProducer("Causeway judicial evidence package", true)
	if t, err := time.Parse(time.RFC3339, m.ExportedAt); err == nil {
		pdf.SetCreationDate(t)
		pdf.SetModificationDate(t)
	}
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	text := func(s string) string { return tr(pdfkit.Latin1(s)) }
	sans := "Helvetica"
	_, ttf, fontErr := pdfkit.Font()
	if fontErr == nil {
		pdf.AddUTF8FontFromBytes("cjk", "", ttf)
		pdf.AddUTF8FontFromBytes("cjk", "B", ttf)
		sans = "cjk"
		text = pdfkit.Printable
	}
	pdf.SetMargins(16, 16, 16)
	pdf.SetAutoPageBreak(true, 16)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(sans, "", 7.5)
		pdf.CellFormat(0, 5, text(fmt.Sprintf("%s  -  %s  -  %d/{nb}", m.Case, Format, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont(sans, "B", 17)
	pdf.CellFormat(0, 9, text("电子证据包摘要  Evidence Package Summary"), "", 1, "L", false, 0, "")
	pdf.SetFont(sans, "", 8.5)
	pdf.CellFormat(0, 5, text("Causeway 联盟链 司法存证 / consortium blockchain judicial evidence"), "", 1, "L", false, 0, "")
	pdf.Ln(2)
	row := func(k, v string) {
		pdf.SetFont(sans, "B", 8.5)
		pdf.CellFormat(42, 5, text(k), "", 0, "L", false, 0, "")
		pdf.SetFont(sans, "", 8.5)
		pdf.MultiCell(0, 5, text(v), "", "L", false)
	}
	section := func(title string) {
		pdf.Ln(2)
		pdf.SetFont(sans, "B", 11.5)
		pdf.CellFormat(0, 7, text(title), "B", 1, "L", false, 0, "")
		pdf.Ln(1)
	}
	section("案件 Case")
	row("案号 Case", m.Case)
	if m.Title != "" {
		row("案由 Matter", m.Title)
	}
	row("导出方 Exported by", m.ExportedBy)
	row("导出时间 Exported at", m.ExportedAt)
	row("证据数 Deposits", fmt.Sprint(len(m.Deposits)))

	section("区块链 Chains")
	for _, c := range m.Chains {
		row(c.ChainID, "创世哈希 genesis "+c.GenesisHash)
	}

	section("证据清单 Deposits")
	for i, e := range m.Deposits {
		pdf.SetFont(sans, "B", 9.5)
		pdf.MultiCell(0, 6, text(fmt.Sprintf("%d. %s", i+1, e.Label)), "", "L", false)
		row("证据编号 Evidence ID", e.ID)
		row("摘要 Digest", e.HashAlgorithm+": "+e.Hash)
		who := e.Depositor
		if e.Org != "" {
			who = fmt.Sprintf("%s (机构 org %s)", e.Depositor, e.Org)
		}
		row("存证方 Deposited by", who)
		row("存证时间 Deposited at", e.Time+" (区块时间 block time)")
		row("锚定链 Anchored on", strings.Join(e.Chains, ", "))
		pdf.Ln(1.5)
	}

	section("核验 How to verify")
	pdf.SetFont(sans, "", 8.5)
	pdf.MultiCell(0, 4.6, text("本摘要为证据包（JSON 文件）的可读部分；证据包包含每项存证的存证证明、各链的默克尔证明、区块头与共识节点签名，"+
		"以及导出方在各链上对清单摘要的存证（封存）。法院仅需持有各链的创世文件即可离线核验，无需信任任何节点。"), "", "L", false)
	pdf.Ln(1)
	pdf.MultiCell(0, 4.6, text("This page summarises the evidence package (a JSON file). The package holds each deposit's certificate "+
		"with its Merkle proofs, block headers and node signatures on every chain, and the seal: the manifest's digest deposited "+
		"on the chains by the exporting party. The digest of this PDF is in the sealed manifest. A court holding the chains' "+
		"genesis files verifies it offline, without trusting any node:"), "", "L", false)
	pdf.SetFont(sans, "", 8)
	pdf.Ln(1)
	var gens []string
	for _, c := range m.Chains {
		gens = append(gens, "--genesis "+c.ChainID+"/genesis.json")
	}
	pdf.MultiCell(0, 4.6, text("causeway verify-package evidence-package.json "+strings.Join(gens, " ")), "", "L", false)
	if fontErr != nil {
		pdf.Ln(1)
		pdf.MultiCell(0, 4, text("Characters outside Latin-1 are shown as '?' on this page: "+pdfkit.ErrNoFont.Error()+"."), "", "L", false)
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
