package types

import (
	"google.golang.org/protobuf/proto"
)

// Signer signs transaction hashes. Implementations live in package crypto.
type Signer interface {
	Scheme() SignatureScheme
	PublicKey() []byte
	// Sign signs a 32-byte digest.
	Sign(digest []byte) ([]byte, error)
}

// EncodeTx returns the wire bytes of tx.
func EncodeTx(tx *Transaction) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(tx)
	if err != nil {
		panic(err) // a Transaction of bytes fields always encodes
	}
	return b
}

// DecodedTx is a transaction with its body decoded and hash computed.
type DecodedTx struct {
	Tx   *Transaction
	Body *TxBody
	Hash Hash
	Raw  []byte
}

// TimeWindow bounds when a transaction may be admitted and included.
type TimeWindow struct {
	// MaxValidityMs is the longest validity period a transaction may ask for.
	MaxValidityMs int64
	// MaxFutureMs is how far ahead of the reference time a timestamp may be.
	MaxFutureMs int64
}

// CheckTime checks body's timestamp and validity against the reference time
// nowMs (a node's clock at admission, the block time in execution).
func (w TimeWindow) CheckTime(body *TxBody, nowMs int64) error {
	if body.ValidityMs <= 0 || body.ValidityMs > w.MaxValidityMs {
		return Errorf(CodeBadValidity, "validity period %d ms is outside (0, %d]", body.ValidityMs, w.MaxValidityMs)
	}
	if body.TimestampMs > nowMs+w.MaxFutureMs {
		return Errorf(CodeFuture, "timestamp %d is %d ms ahead of the chain's time %d (at most %d allowed)", body.TimestampMs, body.TimestampMs-nowMs, nowMs, w.MaxFutureMs)
	}
	if nowMs > body.TimestampMs+body.ValidityMs {
		return Errorf(CodeExpired, "transaction expired at %d, chain time is %d", body.TimestampMs+body.ValidityMs, nowMs)
	}
	return nil
}
