// Package proofpb holds the protobuf messages of Causeway's proofs
// (proto/causeway/v1/proof.proto): Merkle and sparse Merkle proofs, signed
// headers, configuration chains, transaction and state proofs. The node
// builds them (node/proofs.go), the Proofs service serves them, and package
// verify checks them. Generated code; regenerate with proto/gen.sh.
package proofpb
