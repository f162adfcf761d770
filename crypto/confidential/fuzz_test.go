package confidential

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzRangeProof: decoding and verifying arbitrary bytes never panics; a
// decoded proof re-encodes to the same bytes (one encoding per proof); and
// only ErrMalformed, ErrInvalidProof or ErrUnsupportedAggregation come
// back. A normal `go test` runs the seed corpus only; fuzz with
//
//	go test -run '^$' -fuzz FuzzRangeProof ./crypto/confidential/
func FuzzRangeProof(f *testing.F) {
	rng := seeded(50)
	p1, cs1, _ := mustProve(f, rng, []uint64{7}, []byte("fz"))
	p2, cs2, _ := mustProve(f, rng, []uint64{0, max64}, []byte("fz"))
	e1, e2 := mustMarshal(f, p1), mustMarshal(f, p2)
	join := func(cs []Commitment) []byte {
		var b []byte
		for _, c := range cs {
			b = append(b, c.Bytes()...)
		}
		return b
	}
	f.Add(e1, join(cs1), []byte("fz"))
	f.Add(e2, join(cs2), []byte("fz"))
	f.Add(e1[:len(e1)-1], join(cs1), []byte("fz"))
	f.Add(append(e1, e1[:64]...), join(cs1), []byte("fz"))
	f.Add(e2, join(cs1), []byte{})
	f.Add([]byte{}, []byte{}, []byte{})
	f.Add(make([]byte, MinRangeProofSize), make([]byte, 32), []byte("fz"))
	f.Fuzz(func(t *testing.T, proof, commitments, context []byte) {
		var p RangeProof
		if err := p.UnmarshalBinary(proof); err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("decode error %v is not ErrMalformed", err)
			}
			return
		}
		enc, err := p.MarshalBinary()
		if err != nil || !bytes.Equal(enc, proof) {
			t.Fatal("a decoded proof does not re-encode to its bytes")
		}
		var cs []Commitment
		for len(commitments) >= 32 && len(cs) < 16 {
			if c, err := DecodeCommitment(commitments[:32]); err == nil {
				cs = append(cs, c)
			}
			commitments = commitments[32:]
		}
		err = VerifyRange(cs, &p, context)
		if err != nil && !errors.Is(err, ErrInvalidProof) && !errors.Is(err, ErrUnsupportedAggregation) {
			t.Fatalf("unexpected error %v", err)
		}
		if err == nil && !bytes.Equal(proof, e1) && !bytes.Equal(proof, e2) {
			t.Fatal("a proof the seeds did not contain verifies")
		}
	})
}

// FuzzBalanceProof: the same for balance proofs.
func FuzzBalanceProof(f *testing.F) {
	rng := seeded(51)
	ins, outs := openings(f, 52, 10, 5), openings(f, 53, 14)
	p, err := proveBalance(rng, ins, outs, 1, nil)
	if err != nil {
		f.Fatal(err)
	}
	enc := mustMarshal(f, p)
	f.Add(enc, uint64(1))
	f.Add(enc, uint64(2))
	f.Add(enc[:63], uint64(1))
	f.Add(make([]byte, 64), uint64(0))
	ci, co := openingCommitments(ins), openingCommitments(outs)
	f.Fuzz(func(t *testing.T, proof []byte, fee uint64) {
		var q BalanceProof
		if err := q.UnmarshalBinary(proof); err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("decode error %v is not ErrMalformed", err)
			}
			return
		}
		if b, _ := q.MarshalBinary(); !bytes.Equal(b, proof) {
			t.Fatal("a decoded proof does not re-encode to its bytes")
		}
		err := VerifyBalance(ci, co, fee, &q, nil)
		if err != nil && !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("unexpected error %v", err)
		}
		if err == nil && (fee != 1 || !bytes.Equal(proof, enc)) {
			t.Fatal("a proof the seeds did not contain verifies")
		}
	})
}
