package confidential

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// ScalarSize is the length of a scalar's encoding.
const ScalarSize = 32

// Scalar is an integer modulo ℓ = 2^252 + 27742317777372353535851937790883648493,
// the order of the ristretto255 group: a blinding factor, or a value
// reduced modulo ℓ. The zero value is 0. Scalars are values: the methods
// return new scalars and never modify their receiver.
//
// A blinding factor is a secret; Scalar has no String method so that it is
// not printed by accident.
type Scalar struct {
	s ristretto255.Scalar
}

// ScalarFromUint64 returns v as a scalar.
func ScalarFromUint64(v uint64) Scalar {
	var out Scalar
	out.s.Set(scalarUint64(v))
	return out
}

// RandomScalar returns a uniformly random scalar read from crypto/rand, for
// use as a blinding factor.
func RandomScalar() (Scalar, error) {
	return randomScalarValue(rand.Reader)
}

// DecodeScalar decodes the 32-byte little-endian canonical encoding of a
// scalar. It refuses any other length (ErrMalformed) and an encoding of an
// integer ≥ ℓ (ErrNonCanonical, which is also ErrMalformed): each scalar has
// exactly one accepted encoding.
func DecodeScalar(b []byte) (Scalar, error) {
	var out Scalar
	if err := decodeScalarInto(&out.s, b, "scalar"); err != nil {
		return Scalar{}, err
	}
	return out, nil
}

// Bytes returns the 32-byte little-endian canonical encoding of a.
func (a Scalar) Bytes() []byte { return a.s.Bytes() }

// MarshalBinary returns a.Bytes().
func (a Scalar) MarshalBinary() ([]byte, error) { return a.Bytes(), nil }

// UnmarshalBinary decodes b as DecodeScalar does; on error a is unchanged.
func (a *Scalar) UnmarshalBinary(b []byte) error {
	s, err := DecodeScalar(b)
	if err != nil {
		return err
	}
	*a = s
	return nil
}

// Add returns a + b mod ℓ.
func (a Scalar) Add(b Scalar) Scalar {
	var out Scalar
	out.s.Add(&a.s, &b.s)
	return out
}

// Sub returns a − b mod ℓ.
func (a Scalar) Sub(b Scalar) Scalar {
	var out Scalar
	out.s.Subtract(&a.s, &b.s)
	return out
}

// Mul returns a · b mod ℓ.
func (a Scalar) Mul(b Scalar) Scalar {
	var out Scalar
	out.s.Multiply(&a.s, &b.s)
	return out
}

// Neg returns −a mod ℓ.
func (a Scalar) Neg() Scalar {
	var out Scalar
	out.s.Negate(&a.s)
	return out
}

// Equal reports whether a = b, in constant time.
func (a Scalar) Equal(b Scalar) bool { return a.s.Equal(&b.s) == 1 }

// IsZero reports whether a = 0.
func (a Scalar) IsZero() bool { return a.s.Equal(ristretto255.NewScalar()) == 1 }

// SumScalars returns the sum of the scalars mod ℓ (0 for none): for example
// the blinding of a sum of commitments.
func SumScalars(ss ...Scalar) Scalar {
	var out Scalar
	for i := range ss {
		out.s.Add(&out.s, &ss[i].s)
	}
	return out
}

// ---- internal helpers on *ristretto255.Scalar ----

// scalarUint64 returns v as a new scalar.
func scalarUint64(v uint64) *ristretto255.Scalar {
	var b [32]byte
	binary.LittleEndian.PutUint64(b[:8], v)
	s, err := ristretto255.NewScalar().SetCanonicalBytes(b[:])
	if err != nil { // unreachable: v < 2^64 < ℓ
		panic("confidential: uint64 is not a canonical scalar")
	}
	return s
}

// decodeScalarInto decodes a canonical scalar encoding into s; what names the
// field in the error.
func decodeScalarInto(s *ristretto255.Scalar, b []byte, what string) error {
	if len(b) != ScalarSize {
		return fmt.Errorf("%w: %s is %d bytes, want %d", ErrMalformed, what, len(b), ScalarSize)
	}
	if _, err := s.SetCanonicalBytes(b); err != nil {
		return fmt.Errorf("%w: %w: %s is not reduced modulo the group order", ErrMalformed, ErrNonCanonical, what)
	}
	return nil
}

// randomScalar reads 64 bytes from rng and reduces them modulo ℓ (a
// statistically uniform scalar, bias below 2^-250).
func randomScalar(rng io.Reader) (*ristretto255.Scalar, error) {
	var b [64]byte
	if _, err := io.ReadFull(rng, b[:]); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRandomness, err)
	}
	s, err := ristretto255.NewScalar().SetUniformBytes(b[:])
	if err != nil { // unreachable: the input is 64 bytes
		return nil, fmt.Errorf("%w: %w", ErrRandomness, err)
	}
	return s, nil
}

func randomScalarValue(rng io.Reader) (Scalar, error) {
	s, err := randomScalar(rng)
	if err != nil {
		return Scalar{}, err
	}
	var out Scalar
	out.s.Set(s)
	return out, nil
}

// randomScalars returns n random scalars.
func randomScalars(rng io.Reader, n int) ([]*ristretto255.Scalar, error) {
	out := make([]*ristretto255.Scalar, n)
	for i := range out {
		s, err := randomScalar(rng)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// scalarCopy returns a new copy of s.
func scalarCopy(s *ristretto255.Scalar) *ristretto255.Scalar {
	return ristretto255.NewScalar().Set(s)
}

// innerProduct returns Σ a_i·b_i; the slices have equal lengths.
func innerProduct(a, b []*ristretto255.Scalar) *ristretto255.Scalar {
	out := ristretto255.NewScalar()
	t := ristretto255.NewScalar()
	for i := range a {
		out.Add(out, t.Multiply(a[i], b[i]))
	}
	return out
}

// powers returns 1, x, x², …, x^(n-1).
func powers(x *ristretto255.Scalar, n int) []*ristretto255.Scalar {
	out := make([]*ristretto255.Scalar, n)
	cur := scalarUint64(1)
	for i := range out {
		out[i] = scalarCopy(cur)
		cur.Multiply(cur, x)
	}
	return out
}
