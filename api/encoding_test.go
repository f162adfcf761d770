package api_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/types"
)

// Hashes, ids and keys are hex in every REST answer and in the block
// stream; request bytes are hex, and anything else is a 400 problem.
func TestRESTBytesAreHex(t *testing.T) {
	e := newEnv(t, api.Options{})
	c := e.http(t)
	tx := signedTx(t, 1)
	raw := types.EncodeTx(tx)

	for name, body := range map[string]any{
		"base64":        map[string]any{"tx": base64.StdEncoding.EncodeToString(raw)},
		"odd length":    map[string]any{"tx": hex.EncodeToString(raw)[1:]},
		"not hex":       map[string]any{"tx": "zz" + hex.EncodeToString(raw)},
		"unknown field": map[string]any{"tx": hex.EncodeToString(raw), "wiat": true},
		"number":        map[string]any{"tx": 7},
	} {
		code, h, resp := call(t, c, http.MethodPost, e.s.URL("/v1/txs"), body)
		p := wantProblem(t, code, h, resp, http.StatusBadRequest, api.ReasonInvalidArgument)
		if name != "unknown field" && name != "number" && !strings.Contains(p.Detail, "hex") {
			t.Errorf("%s: detail %q does not say hex is expected", name, p.Detail)
		}
	}
	if len(e.b.Submitted()) != 0 {
		t.Fatal("a malformed request reached the backend")
	}
	code, _, resp := call(t, c, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": strings.ToUpper(hex.EncodeToString(raw))})
	if code != http.StatusOK {
		t.Fatalf("upper-case hex: %d %s", code, resp)
	}
	blk := e.b.CommitPending()

	code, _, resp = call(t, c, http.MethodGet, e.s.URL("/v1/blocks/1"), nil)
	if code != http.StatusOK {
		t.Fatalf("GET block: %d %s", code, resp)
	}
	var doc struct {
		Hash  string `json:"hash"`
		Block struct {
			Header struct {
				PrevHash string `json:"prev_hash"`
				TxRoot   string `json:"tx_root"`
				Time     string `json:"time"`
				TimeMs   int64  `json:"time_ms"`
			} `json:"header"`
			Txs []struct {
				Body       string `json:"body"`
				Signatures []struct {
					PublicKey string `json:"public_key"`
					Signature string `json:"signature"`
				} `json:"signatures"`
			} `json:"txs"`
		} `json:"block"`
	}
	if err := json.Unmarshal(resp, &doc); err != nil {
		t.Fatal(err)
	}
	hd := doc.Block.Header
	if doc.Hash != types.Intl.BlockHash(blk).String() || hd.PrevHash != hex.EncodeToString(blk.Header.PrevHash) ||
		hd.TxRoot != hex.EncodeToString(blk.Header.TxRoot) || len(doc.Block.Txs) != 1 ||
		doc.Block.Txs[0].Body != hex.EncodeToString(tx.Body) ||
		doc.Block.Txs[0].Signatures[0].PublicKey != hex.EncodeToString(tx.Signatures[0].PublicKey) {
		t.Fatalf("block is not hex throughout: %s", resp)
	}
	if ts, err := time.Parse(time.RFC3339, hd.Time); err != nil || ts.UnixMilli() != hd.TimeMs {
		t.Fatalf("time %q is not RFC 3339 of time_ms %d: %v", hd.Time, hd.TimeMs, err)
	}
	if bytes.Contains(resp, []byte("==")) || bytes.ContainsAny(resp, "+/") {
		t.Fatalf("base64 left in %s", resp)
	}
}
