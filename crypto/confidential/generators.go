package confidential

import (
	"crypto/sha512"
	"encoding/binary"
	"sync"

	"github.com/gtank/ristretto255"
)

// Domain labels. Every hash in this package starts from one of them, so
// nothing here can collide with a hash computed for another purpose.
const (
	domainPrefix = "causeway/confidential/v1/"

	labelH  = domainPrefix + "H"   // blinding generator
	labelQ  = domainPrefix + "Q"   // inner-product argument's extra generator
	labelGi = domainPrefix + "G_i" // vector generators G_0 … G_511
	labelHi = domainPrefix + "H_i" // vector generators H_0 … H_511

	// RangeBits is the bit length n of every range proof: values in [0, 2^64).
	RangeBits = 64
	// MaxAggregation is the largest number of values one range proof covers.
	MaxAggregation = 8

	maxVectorGenerators = RangeBits * MaxAggregation // 512
)

// generatorSet holds every generator. They are derived once and never
// modified.
type generatorSet struct {
	G  *ristretto255.Element   // value generator: the ristretto255 base point
	H  *ristretto255.Element   // blinding generator
	Q  *ristretto255.Element   // inner-product generator (u in the paper)
	Gi []*ristretto255.Element // G_0 … G_511
	Hi []*ristretto255.Element // H_0 … H_511
}

// hashToElement maps SHA-512(msg) to a group element with the ristretto255
// element derivation of RFC 9496 §4.3.4 (the library's SetUniformBytes, the
// non-deprecated name of FromUniformBytes). The result is uniformly
// distributed and nobody knows its discrete logarithm to any other
// generator.
func hashToElement(msg []byte) *ristretto255.Element {
	d := sha512.Sum512(msg)
	e, err := ristretto255.NewIdentityElement().SetUniformBytes(d[:])
	if err != nil { // unreachable: the input is 64 bytes
		panic("confidential: hash to group: " + err.Error())
	}
	return e
}

// indexedLabel returns label || uint32 big-endian index.
func indexedLabel(label string, i int) []byte {
	b := make([]byte, len(label)+4)
	copy(b, label)
	binary.BigEndian.PutUint32(b[len(label):], uint32(i))
	return b
}

var generators = sync.OnceValue(func() *generatorSet {
	g := &generatorSet{
		G:  ristretto255.NewGeneratorElement(),
		H:  blindingGenerator(),
		Q:  hashToElement([]byte(labelQ)),
		Gi: make([]*ristretto255.Element, maxVectorGenerators),
		Hi: make([]*ristretto255.Element, maxVectorGenerators),
	}
	for i := 0; i < maxVectorGenerators; i++ {
		g.Gi[i] = hashToElement(indexedLabel(labelGi, i))
		g.Hi[i] = hashToElement(indexedLabel(labelHi, i))
	}
	return g
})

// blindingGenerator returns H without deriving the vector generators.
var blindingGenerator = sync.OnceValue(func() *ristretto255.Element {
	return hashToElement([]byte(labelH))
})
