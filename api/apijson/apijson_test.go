package apijson_test

import (
	"encoding/json"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

func TestMarshalEncodings(t *testing.T) {
	blk := &apipb.BlockResponse{Hash: "ab", Block: &types.Block{
		Header: &types.BlockHeader{ChainId: "c", Height: 1 << 60, PrevHash: []byte{0xAB, 0x01}, TimeMs: 1764503228123},
		Txs:    []*types.Transaction{{Body: []byte{0xff}, Signatures: []*types.Signature{{Scheme: types.SignatureScheme_ED25519, PublicKey: []byte{1}}}}},
	}}
	b, err := apijson.Marshal(blk)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		`"prev_hash":"ab01"`, `"height":1152921504606846976`, `"time_ms":1764503228123,"time":"2025-11-30T11:47:08.123Z"`,
		`"body":"ff"`, `"scheme":"ED25519"`, `"public_key":"01"`, `"signature":""`, `"tx_count":0`, `"consensus_metadata":""`, `"signatures":[]`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %s", s, want)
		}
	}
	var back apipb.BlockResponse
	if err := apijson.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(&back, blk) {
		t.Fatalf("round trip: %v, want %v", &back, blk)
	}
	// Unset messages, zero timestamps and unset optionals are left out.
	b, _ = apijson.Marshal(&apipb.GetStateProofRequest{Key: "k"})
	if string(b) != `{"key":"k"}` {
		t.Fatalf("got %s", b)
	}
	b, _ = apijson.Marshal(&proofpb.StateProof{})
	if strings.Contains(string(b), "header") || strings.Contains(string(b), "null") {
		t.Fatalf("unset message written: %s", b)
	}
	// Indented output is valid JSON.
	b, _ = apijson.MarshalOptions{Indent: "  "}.Marshal(blk)
	if !json.Valid(b) || !strings.Contains(string(b), "\n  ") {
		t.Fatalf("indented: %s", b)
	}
}

func TestUnmarshalInput(t *testing.T) {
	var req apipb.SubmitTxRequest
	if err := apijson.Unmarshal([]byte(`{"tx":"0A0b","wait":true}`), &req); err != nil || string(req.Tx) != "\x0a\x0b" || !req.Wait {
		t.Fatalf("%v %v", &req, err)
	}
	var h types.BlockHeader
	if err := apijson.Unmarshal([]byte(`{"chainId":"x","height":7,"time_ms":"5","time":"ignored"}`), &h); err != nil || h.ChainId != "x" || h.Height != 7 || h.TimeMs != 5 {
		t.Fatalf("%v %v", &h, err)
	}
	for _, bad := range []string{
		`{"tx":"zz"}`, `{"tx":"abc"}`, `{"tx":"AQID"}`, `{"tx":5}`, `{"wait":"yes"}`, `{"unknown":1}`, `[1]`, `{"tx":"00"} x`, `{`,
	} {
		if err := apijson.Unmarshal([]byte(bad), &req); err == nil {
			t.Errorf("%s decoded without error", bad)
		}
	}
	var p types.Proposal
	if err := apijson.Unmarshal([]byte(`{"remove_org":{"name":"a"},"remove_node":{"id":"1"}}`), &p); err == nil {
		t.Error("two members of a oneof accepted")
	}
	var hr types.BlockHeader
	if err := apijson.Unmarshal([]byte(`{"height":"-1"}`), &hr); err == nil {
		t.Error("negative uint64 accepted")
	}
	var sig types.Signature
	if err := apijson.Unmarshal([]byte(`{"scheme":"NOPE"}`), &sig); err == nil {
		t.Error("unknown enum name accepted")
	}
}
