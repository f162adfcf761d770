package evidence_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// As a user would with curl: a batch deposit through the node's REST API,
// the record, the certificate as JSON (which verifies offline against the
// genesis and the original file) and as a PDF (which opens, and whose QR
// code decodes to the id), verification through REST, and the read
// control. Then the certificate is altered in every part (table): each
// change fails with its precise reason.
func TestRESTDepositCertificateAndTampering(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	g := c.Node(0).Genesis()
	org1 := orgREST(t, c, 0, 0)

	contract := []byte("Sale contract between Acme Ltd and Bolt GmbH, 2026-11-21.\n")
	invoice := []byte("Invoice 42: 1,000 EUR\n")
	invoiceSM3 := sm3.Sum(invoice)
	batch := evidence.BatchRequest{Items: []evidence.Request{
		{Hash: sha256Hex(contract), HashAlgorithm: "sha256", Readers: []string{"org3"},
			Metadata: map[string]string{"owner": "Acme Ltd", "file_name": "contract.txt", "type": "contract", "business_id": "B-1"}},
		{Hash: hex.EncodeToString(invoiceSM3[:]), HashAlgorithm: "sm3", Metadata: map[string]string{"owner": "Acme Ltd", "file_name": "invoice.txt"}},
	}}
	st, _, body := org1.do(http.MethodPost, "/v1/evidence:batch", batch)
	if st != http.StatusOK {
		t.Fatalf("batch deposit: %d %s", st, body)
	}
	var br struct {
		Results []struct {
			ID     string `json:"id"`
			TxHash string `json:"tx_hash"`
			Height uint64 `json:"height"`
		} `json:"results"`
	}
	if err := json.Unmarshal(body, &br); err != nil || len(br.Results) != 2 {
		t.Fatalf("batch answer %s: %v", body, err)
	}
	for _, r := range br.Results {
		if len(r.ID) != 64 || r.TxHash != r.ID || r.Height == 0 {
			t.Fatalf("deposit answer %+v", r)
		}
	}
	id := br.Results[0].ID

	// The single deposit answers {id, tx_hash, height}.
	st, _, body = org1.do(http.MethodPost, "/v1/evidence", evidence.Request{Hash: sha256Hex([]byte("memo")), HashAlgorithm: "sha256", Metadata: map[string]string{"owner": "Acme Ltd"}})
	if st != http.StatusOK || !bytes.Contains(body, []byte(`"tx_hash"`)) || !bytes.Contains(body, []byte(`"height"`)) {
		t.Fatalf("deposit: %d %s", st, body)
	}

	// The record, through the node API's GET /v1/evidence/{id}.
	if st, _, body = org1.do(http.MethodGet, "/v1/evidence/"+id, nil); st != http.StatusOK || !bytes.Contains(body, []byte("contract.txt")) {
		t.Fatalf("get: %d %s", st, body)
	}

	// The certificate as JSON verifies offline with the original file.
	st, _, body = org1.do(http.MethodGet, "/v1/evidence/"+id+"/certificate", nil)
	if st != http.StatusOK {
		t.Fatalf("certificate: %d %s", st, body)
	}
	cert, err := evidence.ParseCertificate(body)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := evidence.Verify(cert, evidence.VerifyOptions{Geneses: []*types.Genesis{g}, File: bytes.NewReader(contract)})
	if err != nil || !rep.Valid || !rep.FileChecked {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	if rep.Record.Org != "org1" || rep.Record.Metadata["owner"] != "Acme Ltd" || len(rep.Anchors) != 1 || len(rep.Anchors[0].CertifiedBy) < 3 {
		t.Fatalf("report: %+v", rep)
	}

	// The PDF opens and its QR code decodes to the id and digest.
	st, hdr, pdf := org1.do(http.MethodGet, "/v1/evidence/"+id+"/certificate?format=pdf", nil)
	if st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) || pdfPages(pdf) != 1 {
		t.Fatalf("pdf: %d %s %q", st, hdr.Get("Content-Type"), pdf[:min(len(pdf), 64)])
	}
	img, err := pdfImage(pdf)
	if err != nil {
		t.Fatal(err)
	}
	qr, err := decodeQR(img)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(qr, id) || !strings.Contains(qr, "sha256:"+sha256Hex(contract)) {
		t.Fatalf("QR code %q, id %s", qr, id)
	}

	// Verification through REST: the right digest, then a wrong one.
	for _, tc := range []struct {
		hash  string
		valid bool
		code  string
	}{{sha256Hex(contract), true, ""}, {sha256Hex([]byte("forged")), false, "file_mismatch"}} {
		st, _, body = org1.do(http.MethodPost, "/v1/evidence:verify", map[string]any{"certificate": json.RawMessage(mustJSON(t, cert)), "hash": tc.hash})
		var vr evidence.Report
		if st != http.StatusOK || json.Unmarshal(body, &vr) != nil || vr.Valid != tc.valid || vr.Code != tc.code {
			t.Fatalf("REST verify: %d %s", st, body)
		}
	}

	// Read control: org2 may not read org1's evidence; org3 (a listed
	// reader) may.
	org2 := orgREST(t, c, 1, 1)
	if st, _, body = org2.do(http.MethodGet, "/v1/evidence/"+id+"/certificate", nil); st != http.StatusForbidden || problemCode(body) != "permission_denied" {
		t.Fatalf("org2 certificate: %d %s", st, body)
	}
	if st, _, body = org2.do(http.MethodGet, "/v1/evidence/"+id, nil); st != http.StatusForbidden {
		t.Fatalf("org2 get: %d %s", st, body)
	}
	if st, _, body = org2.do(http.MethodGet, "/v1/evidence/"+br.Results[1].ID, nil); st != http.StatusForbidden {
		t.Fatalf("org2 get of the second: %d %s", st, body)
	}
	if st, _, body = orgREST(t, c, 2, 2).do(http.MethodGet, "/v1/evidence/"+id+"/certificate", nil); st != http.StatusOK {
		t.Fatalf("org3 (reader) certificate: %d %s", st, body)
	}
	// An auditor-role certificate has the audit permission (causeway up), not
	// query: it reads what is sealed to the chain's auditor and logged, not
	// evidence (a chain whose genesis gives the role query lets it read
	// every record: CanRead).
	ac, ak := issue(t, c, 1, "audit@org2", pki.RoleAuditor)
	auditor := restClient(t, c, 1, ac, ak)
	if st, _, body = auditor.do(http.MethodGet, "/v1/evidence/"+id+"/certificate", nil); st != http.StatusForbidden || problemCode(body) != "permission_denied" {
		t.Fatalf("auditor certificate: %d %s", st, body)
	}
	// An auditor may not deposit; org2 may not deposit through org1's node;
	// malformed requests are refused; a caller needs a certificate.
	good := evidence.Request{Hash: sha256Hex([]byte("x")), HashAlgorithm: "sha256"}
	for _, tc := range []struct {
		name   string
		client *rest
		path   string
		body   any
		status int
		code   string
	}{
		{"auditor deposits", auditor, "/v1/evidence", good, http.StatusForbidden, "permission_denied"},
		{"other org's node", orgREST(t, c, 0, 1), "/v1/evidence", good, http.StatusForbidden, "permission_denied"},
		{"digest not hex", org1, "/v1/evidence", evidence.Request{Hash: "zz", HashAlgorithm: "sha256"}, http.StatusBadRequest, "invalid_argument"},
		{"digest size", org1, "/v1/evidence", evidence.Request{Hash: "abcd", HashAlgorithm: "sha256"}, http.StatusBadRequest, "invalid_argument"},
		{"unknown algorithm", org1, "/v1/evidence", evidence.Request{Hash: sha256Hex(nil), HashAlgorithm: "md5"}, http.StatusBadRequest, "invalid_argument"},
		{"reserved key", org1, "/v1/evidence", evidence.Request{Hash: sha256Hex(nil), Metadata: map[string]string{"causeway.org": "org2"}}, http.StatusBadRequest, "invalid_argument"},
		{"unknown field", org1, "/v1/evidence", map[string]string{"hash": sha256Hex(nil), "colour": "red"}, http.StatusBadRequest, "invalid_argument"},
		{"empty batch", org1, "/v1/evidence:batch", evidence.BatchRequest{}, http.StatusBadRequest, "invalid_argument"},
		{"no certificate", restClient(t, c, 0, "", ""), "/v1/evidence", good, http.StatusUnauthorized, "unauthenticated"},
	} {
		st, _, body := tc.client.do(http.MethodPost, tc.path, tc.body)
		if st != tc.status || problemCode(body) != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, st, body, tc.status, tc.code)
		}
	}
	// Hostile text and readers that are not members are refused with the
	// reason, before or by the chain; nothing is deposited.
	before := c.MaxHeight()
	for _, tc := range []struct {
		name   string
		req    evidence.Request
		reason string
	}{
		{"reader not a member", evidence.Request{Hash: sha256Hex([]byte("r1")), Readers: []string{"org2", "org9"}}, "unknown_org"},
		{"reader with escape", evidence.Request{Hash: sha256Hex([]byte("r2")), Readers: []string{"org2\x1b[8m"}}, "reader org"},
		{"escape in a value", evidence.Request{Hash: sha256Hex([]byte("r3")), Metadata: map[string]string{"file_name": "a.pdf\x1b]0;pwned\x07"}}, "invalid_text"},
		{"forged line in a value", evidence.Request{Hash: sha256Hex([]byte("r4")), Metadata: map[string]string{"status": "draft\nstatus: VERIFIED"}}, "invalid_text"},
		{"bidi override in a key", evidence.Request{Hash: sha256Hex([]byte("r5")), Metadata: map[string]string{"own\u202eer": "x"}}, "invalid_text"},
	} {
		st, _, body := org1.do(http.MethodPost, "/v1/evidence", tc.req)
		if st != http.StatusBadRequest || problemCode(body) != "invalid_argument" || !strings.Contains(string(body), tc.reason) {
			t.Errorf("%s: %d %s, want 400 invalid_argument naming %s", tc.name, st, body, tc.reason)
		}
	}
	if err := c.WaitHeight(c.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	for h := before + 1; h <= c.MaxHeight(); h++ {
		rcs, err := c.Node(0).Store().Receipts(h)
		if err != nil {
			t.Fatal(err)
		}
		for _, rc := range rcs {
			if rc.Status == types.ReceiptStatus_SUCCESS && len(rc.Events) > 0 && rc.Events[0].Type == "evidence.deposited" {
				t.Fatalf("block %d: a refused deposit was stored", h)
			}
		}
	}

	if st, _, body = org1.do(http.MethodGet, "/v1/evidence/"+strings.Repeat("00", 32)+"/certificate", nil); st != http.StatusNotFound {
		t.Errorf("unknown id: %d %s", st, body)
	}

	t.Run("tampering", func(t *testing.T) { tamperTable(t, g, cert, contract) })
}

func mustJSON(t testing.TB, c *evidence.Certificate) []byte {
	b, err := c.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tamperTable alters one byte or field of a valid certificate (or of the
// file) at a time; each must fail with its own kind and say where.
func tamperTable(t *testing.T, g *types.Genesis, cert *evidence.Certificate, file []byte) {
	flip := func(b []byte, i int) { b[i%len(b)] ^= 0x01 }
	other := *g
	other.ChainID = "another-chain"
	for _, tc := range []struct {
		name   string
		edit   func(c *evidence.Certificate)
		file   []byte
		gs     []*types.Genesis
		kind   error
		where  string
		reason string
	}{
		{name: "file: one byte changed", file: append([]byte("s"), file[1:]...), kind: evidence.ErrFileMismatch, where: "evidence.hash", reason: "the file's sha256 digest"},
		{name: "certificate: digest", edit: func(c *evidence.Certificate) { c.Evidence.Hash = "00" + c.Evidence.Hash[2:] }, kind: evidence.ErrCertificate, where: "evidence.hash"},
		{name: "certificate: metadata value", edit: func(c *evidence.Certificate) { c.Evidence.Metadata["owner"] = "Mallory Ltd" }, kind: evidence.ErrCertificate, where: "evidence.metadata.owner", reason: `"Mallory Ltd"`},
		{name: "certificate: depositing org", edit: func(c *evidence.Certificate) { c.Evidence.Org = "org2" }, kind: evidence.ErrCertificate, where: "evidence.org"},
		{name: "certificate: deposit time", edit: func(c *evidence.Certificate) { c.Evidence.TimeMs -= 86_400_000 }, kind: evidence.ErrCertificate, where: "evidence.time_ms"},
		{name: "certificate: anchor height", edit: func(c *evidence.Certificate) { c.Anchors[0].Height++ }, kind: evidence.ErrCertificate, where: "anchors[0].height"},
		{name: "certificate: format", edit: func(c *evidence.Certificate) { c.Format = "v0" }, kind: evidence.ErrCertificate, where: "format"},
		{name: "proof: transaction Merkle proof", edit: func(c *evidence.Certificate) {
			p := c.Anchors[0].TxProof.TxProof
			if len(p.Siblings) > 0 {
				flip(p.Siblings[0], 3)
			} else {
				p.Siblings = append(p.Siblings, make([]byte, 32))
			}
		}, kind: verify.ErrTxInclusion, where: "anchors[0].tx_proof.tx_proof"},
		{name: "proof: receipt Merkle proof", edit: func(c *evidence.Certificate) {
			p := c.Anchors[0].TxProof.ReceiptProof
			if len(p.Siblings) > 0 {
				flip(p.Siblings[0], 3)
			} else {
				p.Siblings = append(p.Siblings, make([]byte, 32))
			}
		}, kind: verify.ErrReceiptInclusion, where: "anchors[0].tx_proof.receipt_proof"},
		{name: "proof: stored record", edit: func(c *evidence.Certificate) { flip(c.Anchors[0].RecordProof.Siblings[0], 7) }, kind: verify.ErrStateProof, where: "anchors[0].record_proof"},
		{name: "proof: record value", edit: func(c *evidence.Certificate) { flip(c.Anchors[0].Record, 40) }, kind: verify.ErrStateProof, where: "anchors[0].record_proof"},
		{name: "proof: configuration in force", edit: func(c *evidence.Certificate) { flip(c.Anchors[0].TxProof.Config.Proof.Siblings[0], 1) }, kind: verify.ErrConfig, where: "anchors[0].tx_proof.config.proof"},
		{name: "proof: receipt status", edit: func(c *evidence.Certificate) { c.Anchors[0].TxProof.Receipt.Status = types.ReceiptStatus_FAILED }, kind: verify.ErrReceiptInclusion, where: "anchors[0].tx_proof.receipt_proof"},
		{name: "transaction: body", edit: func(c *evidence.Certificate) { flip(c.Anchors[0].TxProof.Tx.Body, 50) }, kind: verify.ErrTxInclusion, where: "anchors[0].tx_proof.tx_proof"},
		{name: "transaction: signature", edit: func(c *evidence.Certificate) { flip(c.Anchors[0].TxProof.Tx.Signatures[0].Signature, 9) }, kind: verify.ErrTransaction, where: "anchors[0].tx_proof.tx.signatures[0]"},
		{name: "header: deposit block time", edit: func(c *evidence.Certificate) { c.Anchors[0].TxProof.Header.TimeMs++ }, kind: verify.ErrHeader, where: "anchors[0].tx_proof.header", reason: "links to"},
		{name: "header: certifying block state root", edit: func(c *evidence.Certificate) { flip(c.Anchors[0].TxProof.Next.Header.StateRoot, 0) }, kind: verify.ErrSignature, where: "anchors[0].tx_proof.next.signatures[0]"},
		{name: "header: certifying block height", edit: func(c *evidence.Certificate) { c.Anchors[0].TxProof.Next.Header.Height++ }, kind: verify.ErrHeader, where: "anchors[0].tx_proof.next.header.height"},
		{name: "signature: one byte", edit: func(c *evidence.Certificate) { flip(c.Anchors[0].TxProof.Next.Signatures[1].Signature, 20) }, kind: verify.ErrSignature, where: "anchors[0].tx_proof.next.signatures[1]", reason: "signature of node"},
		{name: "signature: signer outside the node set", edit: func(c *evidence.Certificate) { c.Anchors[0].TxProof.Next.Signatures[0].Signer = 99 }, kind: verify.ErrSignature, where: "anchors[0].tx_proof.next.signatures[0]", reason: "node 99 is not in the node set"},
		{name: "signature: repeated signer", edit: func(c *evidence.Certificate) {
			s := c.Anchors[0].TxProof.Next.Signatures
			s[1] = s[0]
		}, kind: verify.ErrSignature, where: "anchors[0].tx_proof.next.signatures[1]", reason: "signed twice"},
		{name: "signatures: below quorum", edit: func(c *evidence.Certificate) {
			c.Anchors[0].TxProof.Next.Signatures = c.Anchors[0].TxProof.Next.Signatures[:2]
		}, kind: verify.ErrQuorum, where: "anchors[0].tx_proof.next.signatures", reason: "2 of 4 nodes signed"},
		{name: "config chain: other genesis", edit: func(c *evidence.Certificate) { flip(c.Anchors[0].TxProof.ConfigChain.GenesisHash, 0) }, kind: verify.ErrGenesis, where: "anchors[0].tx_proof.config_chain.genesis_hash"},
		{name: "genesis: not the chain's", gs: []*types.Genesis{&other}, kind: evidence.ErrNoGenesis, where: "anchors[0].genesis_hash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := clone(t, cert)
			if tc.edit != nil {
				tc.edit(c)
			}
			f := file
			if tc.file != nil {
				f = tc.file
			}
			gs := tc.gs
			if gs == nil {
				gs = []*types.Genesis{g}
			}
			rep, err := evidence.Verify(c, evidence.VerifyOptions{Geneses: gs, File: bytes.NewReader(f)})
			if err == nil || rep.Valid {
				t.Fatal("accepted")
			}
			var ve *verify.Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &ve) || !strings.HasPrefix(ve.Path, tc.where) || !strings.Contains(err.Error(), tc.reason) {
				t.Fatalf("err = %v (path %q), want kind %q at %q saying %q", err, pathOf(err), tc.kind, tc.where, tc.reason)
			}
			t.Logf("%v", err)
		})
	}
	// The untouched certificate still verifies (the cases worked on copies).
	if _, err := evidence.Verify(cert, evidence.VerifyOptions{Geneses: []*types.Genesis{g}, File: bytes.NewReader(file)}); err != nil {
		t.Fatal(err)
	}
}

func pathOf(err error) string {
	var ve *verify.Error
	if errors.As(err, &ve) {
		return ve.Path
	}
	return ""
}
