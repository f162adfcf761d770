package types

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"

	"github.com/emmansun/gmsm/sm3"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/merkle"
)

// Suite is a chain's cryptographic suite, chosen at genesis: the hash function
// behind transaction hashes, block hashes, Merkle roots, account identities
// and the state commitment. The zero Suite is Intl.
type Suite struct {
	name    string
	newHash func() hash.Hash
}

// The two suites: international (SHA-256; Ed25519 and ECDSA P-256 keys) and
// GM, the Chinese national standards (SM3; SM2 keys; SM4 where symmetric
// encryption is used).
var (
	Intl = Suite{name: "intl", newHash: sha256.New}
	GM   = Suite{name: "gm", newHash: sm3.New}
)

// SuiteNamed returns the suite called name: "intl" (or empty) or "gm".
func SuiteNamed(name string) (Suite, error) {
	switch name {
	case "", "intl":
		return Intl, nil
	case "gm":
		return GM, nil
	}
	return Suite{}, fmt.Errorf("unknown crypto suite %q (want intl or gm)", name)
}

// Name is "intl" or "gm".
func (s Suite) Name() string {
	if s.name == "" {
		return Intl.name
	}
	return s.name
}

// NewHash returns a new hash of the suite.
func (s Suite) NewHash() hash.Hash {
	if s.newHash == nil {
		return sha256.New()
	}
	return s.newHash()
}

// Hasher returns the suite's hash constructor.
func (s Suite) Hasher() func() hash.Hash {
	if s.newHash == nil {
		return sha256.New
	}
	return s.newHash
}

// Sum returns the suite's hash of b.
func (s Suite) Sum(b []byte) Hash {
	h := s.NewHash()
	h.Write(b)
	var out Hash
	h.Sum(out[:0])
	return out
}

// AccountID returns the identity of the account called name: the hash of the name.
func (s Suite) AccountID(name string) Hash { return s.Sum([]byte(name)) }

// TxHash returns the hash of a transaction: the hash of its body bytes.
func (s Suite) TxHash(tx *Transaction) Hash { return s.Sum(tx.GetBody()) }

// HeaderHash returns the block hash: the hash of the deterministic encoding of h.
func (s Suite) HeaderHash(h *BlockHeader) Hash {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(h)
	if err != nil {
		panic(err)
	}
	return s.Sum(b)
}

// BlockHash returns the hash of b's header.
func (s Suite) BlockHash(b *Block) Hash { return s.HeaderHash(b.Header) }

// Merkle returns the suite's Merkle tree.
func (s Suite) Merkle() merkle.Tree { return merkle.Tree{New: s.Hasher()} }

// TxRoot returns the Merkle root of transaction hashes, in order.
func (s Suite) TxRoot(hashes []Hash) []byte {
	items := make([][]byte, len(hashes))
	for i := range hashes {
		items[i] = hashes[i][:]
	}
	return s.Merkle().Root(items)
}

// ReceiptRoot returns the Merkle root of the deterministic encodings of receipts.
func (s Suite) ReceiptRoot(receipts []*Receipt) []byte {
	items := make([][]byte, len(receipts))
	for i, r := range receipts {
		items[i] = EncodeReceipt(r)
	}
	return s.Merkle().Root(items)
}

// commitDomain separates commit signatures from every other use of a node key.
const commitDomain = "causeway/commit/v1"

// CommitMessage returns the digest a consensus node signs to certify a block:
// the hash of a domain tag, the chain id, the block height and hash, and the
// hash of aux (consensus auxiliary data).
func (s Suite) CommitMessage(chainID string, height uint64, blockHash Hash, aux []byte) []byte {
	var buf []byte
	buf = append(buf, commitDomain...)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(chainID)))
	buf = append(buf, chainID...)
	buf = binary.BigEndian.AppendUint64(buf, height)
	buf = append(buf, blockHash[:]...)
	a := s.Sum(aux)
	buf = append(buf, a[:]...)
	d := s.Sum(buf)
	return d[:]
}

// NewTx encodes body and signs its hash with every signer.
func (s Suite) NewTx(body *TxBody, signers ...Signer) (*Transaction, error) {
	bb, err := proto.MarshalOptions{Deterministic: true}.Marshal(body)
	if err != nil {
		return nil, err
	}
	tx := &Transaction{Body: bb}
	h := s.Sum(bb)
	for _, sg := range signers {
		sig, err := sg.Sign(h[:])
		if err != nil {
			return nil, err
		}
		tx.Signatures = append(tx.Signatures, &Signature{Scheme: sg.Scheme(), PublicKey: sg.PublicKey(), Signature: sig})
	}
	return tx, nil
}

// DecodeTx decodes wire bytes into a transaction and its body, with the hash
// computed by the suite. It checks only structure (sizes, encoding, presence
// of fields), not signatures or time.
func (s Suite) DecodeTx(raw []byte, maxBytes int) (*DecodedTx, error) {
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
	for i, sg := range tx.Signatures {
		if sg == nil || len(sg.PublicKey) == 0 || len(sg.Signature) == 0 {
			return nil, Errorf(CodeBadSignature, "signature %d is empty", i)
		}
	}
	return &DecodedTx{Tx: tx, Body: body, Hash: s.Sum(tx.Body), Raw: raw}, nil
}
