package types

import "google.golang.org/protobuf/proto"

// EncodeReceipt returns the deterministic encoding of r, the leaf of the receipt root.
func EncodeReceipt(r *Receipt) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(r)
	if err != nil {
		panic(err)
	}
	return b
}
