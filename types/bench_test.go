package types_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/types"
)

// edSigner is a minimal Ed25519 types.Signer (package crypto imports types).
type edSigner struct{ priv ed25519.PrivateKey }

func (s edSigner) Scheme() types.SignatureScheme { return types.SignatureScheme_ED25519 }
func (s edSigner) PublicKey() []byte             { return s.priv.Public().(ed25519.PublicKey) }
func (s edSigner) Sign(d []byte) ([]byte, error) { return ed25519.Sign(s.priv, d), nil }

// evidenceTxs returns n signed evidence deposits in wire form (about 250
// bytes each, the size `causeway bench` sends).
func evidenceTxs(b *testing.B, suite types.Suite, n int) [][]byte {
	b.Helper()
	signer := edSigner{ed25519.NewKeyFromSeed(make([]byte, 32))}
	sender := suite.AccountID("bench")
	out := make([][]byte, n)
	for i := range out {
		digest := sha256.Sum256(fmt.Append(nil, "file ", i))
		payload, _ := proto.Marshal(&types.DepositEvidence{Hash: digest[:], HashAlgorithm: "sha256",
			Metadata: []*types.Attribute{{Key: "bench", Value: "causeway"}}})
		tx, err := suite.NewTx(&types.TxBody{ChainId: "bench", Sender: sender[:], TimestampMs: 1_700_000_000_000,
			ValidityMs: 300_000, Type: types.TxType_DEPOSIT_EVIDENCE, Payload: payload, Nonce: uint64(i) + 1}, signer)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = types.EncodeTx(tx)
	}
	return out
}

// BenchmarkDecodeTx measures decoding a transaction from the wire: both
// protobuf layers, the structural checks and the body hash, per suite.
func BenchmarkDecodeTx(b *testing.B) {
	for _, suite := range []types.Suite{types.Intl, types.GM} {
		b.Run(suite.Name(), func(b *testing.B) {
			raws := evidenceTxs(b, suite, 1024)
			b.SetBytes(int64(len(raws[0])))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := suite.DecodeTx(raws[i%len(raws)], 64<<10); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
		})
	}
}

// BenchmarkEncodeTx measures the canonical (deterministic) encoding that
// admission and proposal verification compare a transaction with.
func BenchmarkEncodeTx(b *testing.B) {
	raws := evidenceTxs(b, types.Intl, 1024)
	txs := make([]*types.Transaction, len(raws))
	for i, raw := range raws {
		d, err := types.Intl.DecodeTx(raw, 0)
		if err != nil {
			b.Fatal(err)
		}
		txs[i] = d.Tx
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		types.EncodeTx(txs[i%len(txs)])
		i++
	}
}

// BenchmarkTxRoot measures the Merkle root of a block's transaction hashes.
func BenchmarkTxRoot(b *testing.B) {
	for _, n := range []int{100, 1000, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			hashes := make([]types.Hash, n)
			for i := range hashes {
				hashes[i] = types.Intl.Sum(fmt.Append(nil, i))
			}
			b.ReportAllocs()
			for b.Loop() {
				types.Intl.TxRoot(hashes)
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "tx/s")
		})
	}
}
