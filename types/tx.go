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

// TxHash returns the hash of a transaction: SHA-256 of its body bytes.
func TxHash(tx *Transaction) Hash { return Sum(tx.GetBody()) }

// NewTx encodes body and signs its hash with every signer.
func NewTx(body *TxBody, signers ...Signer) (*Transaction, error) {
	bb, err := proto.MarshalOptions{Deterministic: true}.Marshal(body)
	if err != nil {
		return nil, err
	}
	tx := &Transaction{Body: bb}
	h := Sum(bb)
	for _, s := range signers {
		sig, err := s.Sign(h[:])
		if err != nil {
			return nil, err
		}
		tx.Signatures = append(tx.Signatures, &Signature{Scheme: s.Scheme(), PublicKey: s.PublicKey(), Signature: sig})
	}
	return tx, nil
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

// DecodeTx decodes wire bytes into a transaction and its body. It checks only
// structure (sizes, encoding, presence of fields), not signatures or time.
func DecodeTx(raw []byte, maxBytes int) (*DecodedTx, error) {
	if maxBytes > 0 && len(raw) > maxBytes {
		return nil, Errorf(CodeTooLarge, "transaction is %d bytes, the limit is %d", len(raw), maxBytes)
	}
	if len(raw) == 0 {
		return nil, Errorf(CodeMalformed, "empty transaction")
	}
	tx := &Transaction{}
	if err := proto.Unmarshal(raw, tx); err != nil {
		return nil, Errorf(CodeMalformed, "cannot decode transaction: %v", err)
	}
	if len(tx.Body) == 0 {
		return nil, Errorf(CodeMalformed, "transaction has no body")
	}
	body := &TxBody{}
	if err := proto.Unmarshal(tx.Body, body); err != nil {
		return nil, Errorf(CodeMalformed, "cannot decode transaction body: %v", err)
	}
	if len(body.Sender) != HashSize {
		return nil, Errorf(CodeMalformed, "sender must be a %d-byte account identity, got %d bytes", HashSize, len(body.Sender))
	}
	if len(tx.Signatures) == 0 {
		return nil, Errorf(CodeNoSignature, "transaction is not signed")
	}
	for i, s := range tx.Signatures {
		if s == nil || len(s.PublicKey) == 0 || len(s.Signature) == 0 {
			return nil, Errorf(CodeBadSignature, "signature %d is empty", i)
		}
	}
	return &DecodedTx{Tx: tx, Body: body, Hash: Sum(tx.Body), Raw: raw}, nil
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
