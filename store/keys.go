package store

import (
	"encoding/binary"
	"fmt"

	"github.com/causeway/causeway/types"
)

// Key namespaces; see the package documentation for the layout.
const (
	prefixBlock     = 'b'
	prefixHeightIdx = 'n'
	prefixHashIdx   = 'x'
	prefixTx        = 't'
	prefixReceipt   = 'r'
	prefixState     = 's'
	prefixMeta      = 'm'
	prefixHead      = 'h'
	prefixVersion   = 'v'
	// prefixStateNode holds the nodes of the state's sparse Merkle tree
	// (package state/smt), keyed by their 32-byte digest.
	prefixStateNode = 'a'
)

// schemaVersion is the on-disk layout version stored under "v". Version 2
// added the state tree nodes ("a") and made the state root the tree's root.
const schemaVersion = 2

var (
	headKey    = []byte{prefixHead}
	versionKey = []byte{prefixVersion}
)

func appendHeightKey(dst []byte, prefix byte, height uint64) []byte {
	dst = append(dst, prefix)
	return binary.BigEndian.AppendUint64(dst, height)
}

func blockKey(height uint64) []byte {
	return appendHeightKey(make([]byte, 0, 9), prefixBlock, height)
}

func heightIdxKey(height uint64) []byte {
	return appendHeightKey(make([]byte, 0, 9), prefixHeightIdx, height)
}

func appendHashKey(dst []byte, prefix byte, h types.Hash) []byte {
	dst = append(dst, prefix)
	return append(dst, h[:]...)
}

func hashIdxKey(h types.Hash) []byte {
	return appendHashKey(make([]byte, 0, 1+types.HashSize), prefixHashIdx, h)
}

func txKey(h types.Hash) []byte {
	return appendHashKey(make([]byte, 0, 1+types.HashSize), prefixTx, h)
}

func appendReceiptKey(dst []byte, height uint64, index uint32) []byte {
	dst = appendHeightKey(dst, prefixReceipt, height)
	return binary.BigEndian.AppendUint32(dst, index)
}

func receiptKey(height uint64, index uint32) []byte {
	return appendReceiptKey(make([]byte, 0, 13), height, index)
}

func appendPrefixed(dst []byte, prefix byte, key []byte) []byte {
	dst = append(dst, prefix)
	return append(dst, key...)
}

func stateKey(key []byte) []byte {
	return appendPrefixed(make([]byte, 0, 1+len(key)), prefixState, key)
}

func stateNodeKey(digest []byte) []byte {
	return appendPrefixed(make([]byte, 0, 1+len(digest)), prefixStateNode, digest)
}

func metaKey(key string) []byte {
	return appendPrefixed(make([]byte, 0, 1+len(key)), prefixMeta, []byte(key))
}

// upperBound returns the smallest key greater than every key with prefix p,
// or nil when there is none (p is all 0xff).
func upperBound(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

func encodeHeight(h uint64) []byte { return binary.BigEndian.AppendUint64(nil, h) }

func decodeHeight(b []byte) (uint64, error) {
	if len(b) != 8 {
		return 0, corrupt("height value has %d bytes", len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

func encodeTxLocAppend(dst []byte, height uint64, index uint32) []byte {
	dst = binary.BigEndian.AppendUint64(dst, height)
	return binary.BigEndian.AppendUint32(dst, index)
}

func decodeTxLoc(b []byte) (uint64, uint32, error) {
	if len(b) != 12 {
		return 0, 0, corrupt("tx location has %d bytes", len(b))
	}
	return binary.BigEndian.Uint64(b), binary.BigEndian.Uint32(b[8:]), nil
}

// headRecordVersion is the first byte of an encoded head record.
const headRecordVersion = 1

// encodeHead encodes a non-empty head:
// version(1) height(8) hash(32) timeMs(8) uvarint len + stateRoot, uvarint len + receiptRoot.
func encodeHead(h *Head) []byte {
	b := make([]byte, 0, 1+8+types.HashSize+8+2*(binary.MaxVarintLen64)+len(h.StateRoot)+len(h.ReceiptRoot))
	b = append(b, headRecordVersion)
	b = binary.BigEndian.AppendUint64(b, h.Height)
	b = append(b, h.Hash[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(h.TimeMs))
	b = binary.AppendUvarint(b, uint64(len(h.StateRoot)))
	b = append(b, h.StateRoot...)
	b = binary.AppendUvarint(b, uint64(len(h.ReceiptRoot)))
	b = append(b, h.ReceiptRoot...)
	return b
}

func decodeHead(b []byte) (Head, error) {
	var h Head
	const fixed = 1 + 8 + types.HashSize + 8
	if len(b) < fixed || b[0] != headRecordVersion {
		return h, corrupt("head record malformed (%d bytes)", len(b))
	}
	h.Height = binary.BigEndian.Uint64(b[1:])
	copy(h.Hash[:], b[9:9+types.HashSize])
	h.TimeMs = int64(binary.BigEndian.Uint64(b[9+types.HashSize:]))
	rest := b[fixed:]
	readBytes := func() ([]byte, error) {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return nil, fmt.Errorf("%w: head record root malformed", ErrCorrupt)
		}
		v := append([]byte(nil), rest[k:k+int(n)]...)
		rest = rest[k+int(n):]
		return v, nil
	}
	var err error
	if h.StateRoot, err = readBytes(); err != nil {
		return Head{}, err
	}
	if h.ReceiptRoot, err = readBytes(); err != nil {
		return Head{}, err
	}
	if len(rest) != 0 {
		return Head{}, corrupt("head record has %d trailing bytes", len(rest))
	}
	return h, nil
}
