package confidential

import (
	"crypto/sha512"
	"encoding/binary"
	"hash"

	"github.com/gtank/ristretto255"
)

// transcriptDomain starts every transcript.
const transcriptDomain = domainPrefix + "transcript"

// Record kinds in a transcript's hash input.
const (
	recordMessage   = 0x01
	recordChallenge = 0x02
	recordOutput    = 0x03
)

// transcript is the Fiat–Shamir transcript: a running SHA-512 over framed
// records. A record is
//
//	kind (1 byte) || len(label) (uint32 BE) || label || len(data) (uint64 BE) || data
//
// so no two different sequences of appends hash the same input. A challenge
// appends a challenge record with its label, takes the SHA-512 of
// everything so far, reduces the 64 bytes modulo ℓ (FromUniformBytes, i.e.
// SetUniformBytes) and appends the digest back as an output record: every
// challenge depends on everything before it, including earlier challenges.
// A zero challenge (probability 2^-252) is replaced by drawing again, so
// challenges can always be inverted.
type transcript struct {
	h hash.Hash
}

// newTranscript starts a transcript for one protocol ("range-proof",
// "balance-proof").
func newTranscript(protocol string) *transcript {
	t := &transcript{h: sha512.New()}
	t.appendMessage("domain", []byte(transcriptDomain))
	t.appendMessage("protocol", []byte(protocol))
	return t
}

func (t *transcript) record(kind byte, label string, data []byte) {
	var hdr [8]byte
	t.h.Write([]byte{kind})
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(label)))
	t.h.Write(hdr[:4])
	t.h.Write([]byte(label))
	binary.BigEndian.PutUint64(hdr[:], uint64(len(data)))
	t.h.Write(hdr[:])
	t.h.Write(data)
}

func (t *transcript) appendMessage(label string, data []byte) {
	t.record(recordMessage, label, data)
}

func (t *transcript) appendUint64(label string, v uint64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	t.appendMessage(label, b[:])
}

func (t *transcript) appendElement(label string, e *ristretto255.Element) {
	t.appendMessage(label, e.Bytes())
}

func (t *transcript) appendScalar(label string, s *ristretto255.Scalar) {
	t.appendMessage(label, s.Bytes())
}

// challenge returns a non-zero scalar bound to everything appended so far.
func (t *transcript) challenge(label string) *ristretto255.Scalar {
	zero := ristretto255.NewScalar()
	for {
		t.record(recordChallenge, label, nil)
		d := t.h.Sum(nil) // Sum does not reset the running hash
		t.record(recordOutput, label, d)
		c, err := ristretto255.NewScalar().SetUniformBytes(d)
		if err != nil { // unreachable: SHA-512 output is 64 bytes
			panic("confidential: transcript: " + err.Error())
		}
		if c.Equal(zero) == 0 {
			return c
		}
	}
}
