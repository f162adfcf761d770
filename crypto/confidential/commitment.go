package confidential

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// CommitmentSize is the length of a commitment's encoding.
const CommitmentSize = 32

// Commitment is a Pedersen commitment v·G + r·H to a value v with blinding
// r (see the package documentation for G and H). The zero value is the
// group identity, the commitment to 0 with blinding 0. Commitments are
// values: the methods return new commitments.
type Commitment struct {
	p *ristretto255.Element // nil means the identity; never modified once set
}

// Opening is what the owner of a commitment knows: its value and blinding.
type Opening struct {
	Value    uint64
	Blinding Scalar
}

// NewOpening returns an opening of v with a fresh random blinding.
func NewOpening(v uint64) (Opening, error) { return newOpeningWith(rand.Reader, v) }

// Commitment returns Commit(o.Value, o.Blinding).
func (o Opening) Commitment() Commitment { return Commit(o.Value, o.Blinding) }

// Commit returns the Pedersen commitment v·G + r·H: the value is the
// multiple of G (the ristretto255 base point), the blinding the multiple of
// H. It is perfectly hiding when r is uniformly random and computationally
// binding (opening it two ways would give log_G H). It runs in constant
// time.
func Commit(v uint64, r Scalar) Commitment {
	return Commitment{p: commitElement(scalarUint64(v), &r.s)}
}

// commitElement returns v·G + r·H for any scalar v.
func commitElement(v, r *ristretto255.Scalar) *ristretto255.Element {
	vG := ristretto255.NewIdentityElement().ScalarBaseMult(v)
	rH := ristretto255.NewIdentityElement().ScalarMult(r, blindingGenerator())
	return vG.Add(vG, rH)
}

func (c Commitment) element() *ristretto255.Element {
	if c.p == nil {
		return ristretto255.NewIdentityElement()
	}
	return c.p
}

// Bytes returns the 32-byte canonical ristretto255 encoding of c.
func (c Commitment) Bytes() []byte { return c.element().Bytes() }

// String returns c's encoding in hex.
func (c Commitment) String() string { return hex.EncodeToString(c.Bytes()) }

// MarshalBinary returns c.Bytes().
func (c Commitment) MarshalBinary() ([]byte, error) { return c.Bytes(), nil }

// UnmarshalBinary decodes b as DecodeCommitment does; on error c is
// unchanged.
func (c *Commitment) UnmarshalBinary(b []byte) error {
	d, err := DecodeCommitment(b)
	if err != nil {
		return err
	}
	*c = d
	return nil
}

// DecodeCommitment decodes a 32-byte commitment. It refuses any other length
// (ErrMalformed) and any encoding that is not the canonical encoding of a
// ristretto255 element (ErrNonCanonical, also ErrMalformed), so every
// commitment has exactly one accepted encoding.
func DecodeCommitment(b []byte) (Commitment, error) {
	e, err := decodeElement(b, "commitment")
	if err != nil {
		return Commitment{}, err
	}
	return Commitment{p: e}, nil
}

// decodeElement decodes a canonical element encoding; what names the field
// in the error.
func decodeElement(b []byte, what string) (*ristretto255.Element, error) {
	if len(b) != CommitmentSize {
		return nil, fmt.Errorf("%w: %s is %d bytes, want %d", ErrMalformed, what, len(b), CommitmentSize)
	}
	e, err := ristretto255.NewIdentityElement().SetCanonicalBytes(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %w: %s is not a canonical ristretto255 encoding", ErrMalformed, ErrNonCanonical, what)
	}
	return e, nil
}

// Equal reports whether c and d are the same group element.
func (c Commitment) Equal(d Commitment) bool { return c.element().Equal(d.element()) == 1 }

// Add returns c + d, a commitment to the sum of the values with the sum of
// the blindings. The values add modulo ℓ, the group order, not modulo 2^64:
// Commit(2^64−1, r).Add(Commit(1, s)) commits to 2^64, which no uint64
// commits to. Only range proofs tell a verifier that a value is small.
func (c Commitment) Add(d Commitment) Commitment {
	return Commitment{p: ristretto255.NewIdentityElement().Add(c.element(), d.element())}
}

// Sub returns c − d, a commitment to the difference of the values (modulo
// ℓ: subtracting a larger value gives ℓ − |difference|, a "negative" value
// that no range proof can show to be below 2^64) with the difference of the
// blindings.
func (c Commitment) Sub(d Commitment) Commitment {
	return Commitment{p: ristretto255.NewIdentityElement().Subtract(c.element(), d.element())}
}

// AddValue returns c + v·G: the commitment to the value plus the public
// amount v, with the same blinding.
func (c Commitment) AddValue(v uint64) Commitment {
	vG := ristretto255.NewIdentityElement().ScalarBaseMult(scalarUint64(v))
	return Commitment{p: vG.Add(c.element(), vG)}
}

// SubValue returns c − v·G: the commitment to the value minus the public
// amount v (modulo ℓ), with the same blinding.
func (c Commitment) SubValue(v uint64) Commitment {
	vG := ristretto255.NewIdentityElement().ScalarBaseMult(scalarUint64(v))
	return Commitment{p: vG.Subtract(c.element(), vG)}
}

// Sum returns the sum of the commitments (the identity for none).
func Sum(cs ...Commitment) Commitment {
	acc := ristretto255.NewIdentityElement()
	for _, c := range cs {
		acc.Add(acc, c.element())
	}
	return Commitment{p: acc}
}

// newOpeningWith returns an opening of v with a blinding read from rng.
func newOpeningWith(rng io.Reader, v uint64) (Opening, error) {
	r, err := randomScalarValue(rng)
	if err != nil {
		return Opening{}, err
	}
	return Opening{Value: v, Blinding: r}, nil
}
