// Package api serves a Causeway node to its clients: the Chain service of
// proto/causeway/v1/api.proto over gRPC with mutual TLS, and the same service
// as REST/JSON (grpc-gateway, in process) over TLS, on top of a Backend that
// the node implements.
//
// Every call except Health needs the caller's certificate, issued by a
// member organisation's CA and checked by the TLS configurations of package
// pki; the caller's identity (IdentityFromContext) reaches the optional
// Options.Authorize hook whichever transport the call came in on.
//
// Errors carry a machine-readable reason: over gRPC a status whose code
// follows CodeOfTxError for a refused transaction (NotFound, InvalidArgument,
// Unauthenticated, ... otherwise) with an errdetails.ErrorInfo{Reason,
// Domain: "causeway"}; over REST an RFC 9457 problem (Problem) whose "code"
// member is the same reason. Internal errors are logged, never sent.
//
// The Proofs service (GetTxProof, GetStateProof, GetConfigChain; REST
// GET /v1/txs/{hash}/proof, /v1/state/{key}/proof, /v1/config/chain) serves
// proofs that package verify checks offline, when the Backend implements
// ProofBackend. The LightClients service (ListLightClients,
// GetLightClient, GetLightClientHeader, VerifyRemoteTx, VerifyRemoteState;
// REST under /v1/lightclients) serves this chain's light clients of other
// Causeway chains when the Backend implements LightClientBackend; a proof
// that does not hold is an answer (valid false, with its code), not an
// error. Other packages add REST endpoints with Server.AddRoutes (the
// node serves the evidence service's this way) and reach the services in
// process, with their caller's identity, through Server.Local.
//
// GetSealed (REST GET /v1/sealed/{id}) returns a sealed payload's record
// (who can read it) and its envelope, ciphertext only: the node holds no
// reader's key, so sealing and opening stay in the client (package sdk).
//
// Blocks stream over gRPC (SubscribeBlocks) and over REST as
// newline-delimited JSON (GET /v1/blocks:stream): stored blocks from the
// requested height first, then new ones as they commit, in order, each
// exactly once.
//
// REST bodies, both ways, and each line of the block stream are in the one
// JSON encoding of package apijson (proto field names, bytes as lower-case
// hex, RFC 3339 copies of timestamps); OpenAPI (api/openapi.yaml, generated
// by go generate) describes every REST endpoint exactly, and package
// openapicheck holds the tests to it. The gRPC server also serves server
// reflection and grpc.health.v1, whose answer the node sets with SetServing.
package api
