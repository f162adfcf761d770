package types

import (
	"encoding/binary"

	"github.com/causeway/causeway/merkle"
	"google.golang.org/protobuf/proto"
)

// HeaderHash returns the block hash: SHA-256 of the deterministic encoding of h.
func HeaderHash(h *BlockHeader) Hash {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(h)
	if err != nil {
		panic(err)
	}
	return Sum(b)
}

// BlockHash returns the hash of b's header.
func BlockHash(b *Block) Hash { return HeaderHash(b.Header) }

// TxRoot returns the Merkle root of the hashes of txs, in order.
func TxRoot(hashes []Hash) []byte {
	items := make([][]byte, len(hashes))
	for i := range hashes {
		items[i] = hashes[i][:]
	}
	return merkle.Root(items)
}

// ReceiptRoot returns the Merkle root of the deterministic encodings of receipts.
func ReceiptRoot(receipts []*Receipt) []byte {
	items := make([][]byte, len(receipts))
	for i, r := range receipts {
		items[i] = EncodeReceipt(r)
	}
	return merkle.Root(items)
}

// EncodeReceipt returns the deterministic encoding of r, the leaf of the receipt root.
func EncodeReceipt(r *Receipt) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(r)
	if err != nil {
		panic(err)
	}
	return b
}

// commitDomain separates commit signatures from every other use of a node key.
const commitDomain = "causeway/commit/v1"

// CommitMessage returns the digest a consensus node signs to certify a block:
// SHA-256 over a domain tag, the chain id, the block height and hash, and aux.
func CommitMessage(chainID string, height uint64, blockHash Hash, aux []byte) []byte {
	var buf []byte
	buf = append(buf, commitDomain...)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(chainID)))
	buf = append(buf, chainID...)
	buf = binary.BigEndian.AppendUint64(buf, height)
	buf = append(buf, blockHash[:]...)
	a := Sum(aux)
	buf = append(buf, a[:]...)
	s := Sum(buf)
	return s[:]
}
