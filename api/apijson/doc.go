// Package apijson is the one JSON encoding of Causeway's API messages: the
// REST gateway's bodies (both directions), each line of the NDJSON block
// stream, and the CLI's -o json all use it, and api/openapi.yaml describes
// exactly what it writes.
//
// The encoding is protojson's with three differences chosen for people and
// tools that read hashes, ids and keys as hex:
//
//   - bytes fields are lower-case hex without a prefix (protojson: base64);
//     on input, hex of either case is accepted, and anything else is an error;
//   - every field is written, zero values included, except unset message
//     fields, unset members of a oneof and unset proto3 optional fields,
//     which are left out (protojson writes null for unset messages);
//   - each timestamp field in Unix milliseconds (Timestamps lists them, such
//     as causeway.v1.BlockHeader.time_ms) is followed by a read-only RFC 3339
//     copy (time) when it is not zero; input ignores the copy.
//
// Integers of every size are JSON numbers, as encoding/json writes the
// other JSON documents of the CLI and the evidence service (protojson writes
// 64-bit integers as strings; strings holding a number are still accepted on
// input). Readers in JavaScript lose precision above 2^53, far beyond any
// height, amount or time the chain holds in practice. As in protojson, field
// names are the .proto names (chain_id, tx_hash) and enums are their value
// names (numbers accepted on input).
package apijson
