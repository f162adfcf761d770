package confidential

import (
	"encoding/binary"
	"io"
	mrand "math/rand/v2"
	"testing"

	"github.com/gtank/ristretto255"
)

// seeded returns a deterministic reader for the provers' randomness, so that
// tests are reproducible. Tests only: a real prover must use crypto/rand.
func seeded(seed uint64) io.Reader {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:], seed)
	copy(s[8:], "causeway/confidential/test-rng")
	return mrand.NewChaCha8(s)
}

// testScalar returns a scalar read from rng.
func testScalar(t testing.TB, rng io.Reader) Scalar {
	t.Helper()
	s, err := randomScalarValue(rng)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testScalars(t testing.TB, rng io.Reader, n int) []Scalar {
	out := make([]Scalar, n)
	for i := range out {
		out[i] = testScalar(t, rng)
	}
	return out
}

// mustProve proves values with blindings drawn from rng.
func mustProve(t testing.TB, rng io.Reader, values []uint64, context []byte) (*RangeProof, []Commitment, []Scalar) {
	t.Helper()
	bl := testScalars(t, rng, len(values))
	p, cs, err := proveRange(rng, values, bl, context)
	if err != nil {
		t.Fatal(err)
	}
	return p, cs, bl
}

func mustMarshal(t testing.TB, p interface{ MarshalBinary() ([]byte, error) }) []byte {
	t.Helper()
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func elementHex(e *ristretto255.Element) string { return Commitment{p: e}.String() }
