package console

import (
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// PageSize is how many blocks one Explorer page shows: a page reads
// exactly these blocks, never the history before them.
const PageSize = 20

type blockRow struct {
	Height   uint64
	Hash     string
	TimeMs   int64
	TxCount  uint32
	Proposer uint64
}

type explorerData struct {
	Tip    uint64
	From   uint64
	Blocks []blockRow
	// Newer and Older are the From of the neighbouring pages (0: none).
	Newer, Older uint64
}

// explorer lists PageSize blocks down from ?from= (default: the tip).
func (s *Server) explorer(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.explorer", "explorer")
	ctx, cancel := chainCtx(r)
	defer cancel()
	st, err := s.opts.Chain.Status(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	d := explorerData{Tip: st.Height, From: st.Height}
	if v := r.URL.Query().Get("from"); v != "" {
		f, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.bad_height")
			return
		}
		d.From = min(f, st.Height)
	}
	for h := d.From; h >= 1 && len(d.Blocks) < PageSize; h-- {
		b, err := s.opts.Chain.Block(ctx, h)
		if err != nil {
			s.failChain(w, r, err)
			return
		}
		hd := b.GetBlock().GetHeader()
		d.Blocks = append(d.Blocks, blockRow{Height: h, Hash: b.GetHash(), TimeMs: hd.GetTimeMs(), TxCount: hd.GetTxCount(), Proposer: hd.GetProposer()})
	}
	if d.From < d.Tip {
		d.Newer = min(d.From+PageSize, d.Tip)
	}
	if d.From > PageSize {
		d.Older = d.From - PageSize
	}
	p.Data = d
	s.render(w, "explorer.html", p)
}

type txRow struct {
	Hash   string
	Type   string
	Sender string
	TimeMs int64
}

// txRowOf decodes a transaction's body for display.
func (s *Server) txRowOf(tx *types.Transaction) txRow {
	row := txRow{Hash: s.opts.Chain.Suite().TxHash(tx).String()}
	var body types.TxBody
	if proto.Unmarshal(tx.GetBody(), &body) == nil {
		row.Type, row.Sender, row.TimeMs = body.GetType().String(), hex.EncodeToString(body.GetSender()), body.GetTimestampMs()
	}
	return row
}

type blockData struct {
	Hash    string
	Header  *types.BlockHeader
	Txs     []txRow
	Signers []uint64
}

func (s *Server) block(w http.ResponseWriter, r *http.Request) {
	h, err := strconv.ParseUint(r.PathValue("height"), 10, 64)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_height")
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	b, err := s.opts.Chain.Block(ctx, h)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	s.renderBlock(w, r, b)
}

func (s *Server) renderBlock(w http.ResponseWriter, r *http.Request, b *apipb.BlockResponse) {
	p := s.newPage(w, r, "title.block", "explorer")
	d := blockData{Hash: b.GetHash(), Header: b.GetBlock().GetHeader()}
	for _, tx := range b.GetBlock().GetTxs() {
		d.Txs = append(d.Txs, s.txRowOf(tx))
	}
	for _, sg := range b.GetBlock().GetSignatures() {
		d.Signers = append(d.Signers, sg.GetSigner())
	}
	p.Data = d
	s.render(w, "block.html", p)
}

type txData struct {
	R   *apipb.TxResponse
	Row txRow
	// Logs are the receipt's EVM logs, decoded with the artifacts the
	// console knows.
	Logs []logView
}

func (s *Server) tx(w http.ResponseWriter, r *http.Request) {
	h, err := types.ParseHash(strings.TrimPrefix(r.PathValue("hash"), "0x"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_hash")
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	t, err := s.opts.Chain.Tx(ctx, h)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	p := s.newPage(w, r, "title.tx", "explorer")
	p.Data = txData{R: t, Row: s.txRowOf(t.GetTx()), Logs: s.logViews(t.GetReceipt().GetLogs())}
	s.render(w, "tx.html", p)
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := chainCtx(r)
	defer cancel()
	a, err := s.opts.Chain.Account(ctx, r.PathValue("account"))
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	p := s.newPage(w, r, "title.account", "explorer")
	p.Data = a
	s.render(w, "account.html", p)
}

// search finds a block by height, a transaction or block by hash, or an
// account by name or identity.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		http.Redirect(w, r, "/explorer", http.StatusSeeOther)
		return
	}
	if h, err := strconv.ParseUint(q, 10, 64); err == nil {
		http.Redirect(w, r, "/explorer/block/"+strconv.FormatUint(h, 10), http.StatusSeeOther)
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	if h, err := types.ParseHash(strings.TrimPrefix(q, "0x")); err == nil {
		if _, err := s.opts.Chain.Tx(ctx, h); err == nil {
			http.Redirect(w, r, "/explorer/tx/"+h.String(), http.StatusSeeOther)
			return
		}
		if b, err := s.opts.Chain.BlockByHash(ctx, h); err == nil {
			http.Redirect(w, r, "/explorer/block/"+strconv.FormatUint(b.GetBlock().GetHeader().GetHeight(), 10), http.StatusSeeOther)
			return
		}
	}
	if _, err := s.opts.Chain.Account(ctx, q); err == nil {
		http.Redirect(w, r, "/explorer/account/"+url.PathEscape(q), http.StatusSeeOther)
		return
	}
	s.fail(w, r, http.StatusNotFound, "err.search_none", q)
}
