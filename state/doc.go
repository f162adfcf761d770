// Package state is the one owner of Causeway's state layout: the flat
// key/value map that execution writes and every node commits to. It defines
// the key of every kind of entry (prefixes, builders and parsers), the
// encoding of every value, typed reads over any reader of the map, and the
// state commitment (the sparse Merkle tree of package state/smt) through
// which a block's writes become the state root in its header. Execution,
// the EVM, the store, the node, the proof verifier and the services all go
// through this package; no other package spells a state key. It depends only
// on types and state/smt, so light clients (verify, the SDK, services) can
// use it without node code.
//
// # Layout
//
// Every key is a prefix followed by fixed-width binary fields; the prefixes
// are distinct and none is a prefix of another, so every key belongs to
// exactly one kind. Values are deterministic protobuf unless noted.
//
//	"acct/" || account id (32)            -> types.Account. Contracts have a
//	                                         code hash, no name and no keys.
//	"evid/" || evidence id (32)           -> types.Evidence. The id is the
//	                                         depositing transaction's hash, or
//	                                         derived from it by the EVM's
//	                                         system contract 0x…0103.
//	"gov/"  || proposal id (32)           -> types.ProposalRecord
//	"config"                              -> types.ChainConfig, its canonical
//	                                         JSON (ChainConfig.Encode)
//	"cfgh/" || uint64be(height)           -> the configuration in force from
//	                                         height on, encoded as "config"
//	"evma/" || EVM address (20)           -> the account id (32) whose
//	                                         address it is (the reverse index)
//	"code/" || keccak256(code) (32)       -> EVM runtime code, raw bytes;
//	                                         content-addressed, never deleted
//	"stor/" || address (20) || slot (32)  -> the slot's 32-byte value; a zero
//	                                         value is stored as no key
//	"evmn/" || address (20)               -> uint64be EVM nonce; absent = 0
//	"seal/" || sealed payload id (32)     -> types.SealedRecord: the readers
//	                                         and envelope hash of a sealed
//	                                         payload; the id is the hash of
//	                                         the transaction that carried it,
//	                                         which holds the envelope
//	"tokn/" || token id (32)              -> types.Token: a confidential
//	                                         token, its issuer and supply
//	                                         commitment
//	"tokb/" || token (32) || holder (32)  -> types.TokenBalance: the
//	                                         holder's balance commitment and
//	                                         output count
//	"toko/" || token (32) || holder (32)  -> types.TokenOutputRecord: one
//	        || uint64be(index)               output with its sealed opening
//	"audl/" || uint64be(seq)              -> types.AuditRecord: the auditor
//	                                         opened an output or a sealed
//	                                         payload
//	"audo/" || token (32) || holder (32)  -> uint64be seq of the auditor's
//	        || uint64be(index)               first opening of that output
//	"auds/" || sealed id (32)             -> uint64be seq of the auditor's
//	                                         first opening of that payload
//	"auditcount"                          -> uint64be number of audit
//	                                         records; absent = 0
//	"lcli/" || light client id (32)       -> types.LightClient: the light
//	                                         client of another Causeway
//	                                         chain; the id is LightClientID
//	                                         of its chain id
//	"lcgn/" || instance (32)              -> the remote genesis, canonical
//	                                         JSON; the instance is the id of
//	                                         the proposal that registered
//	                                         the client
//	"lccf/" || instance (32)              -> a remote configuration the
//	        || uint64be(height)              client verified, in force from
//	                                         height on, as the remote state
//	                                         holds it (canonical JSON)
//	"lchd/" || instance (32)              -> types.LightHeader: a verified
//	        || uint64be(height)              remote header with the commit
//	                                         signatures that certified it
//	"sdpo/" || message id (32)            -> the packet of a message this
//	                                         chain sent (types.EncodeSDPPacket:
//	                                         AM around SDP); the outbox that
//	                                         other chains prove
//	"sdpa/" || message id (32)            -> this chain's acknowledgement
//	                                         packet of another chain's atomic
//	                                         message (its outbox of acks)
//	"sdpm/" || message id (32)            -> types.SentMessage: state of a
//	                                         message this chain sent
//	"sdpr/" || receipt id (32)            -> types.ReceivedMessage: marker of
//	                                         a received message; the id is
//	                                         types.SDPReceiptID(domain, id)
//	"sdpc/" || channel id (32)            -> uint32be next send sequence of
//	                                         an ordered channel; absent = 0
//	"sdpi/" || channel id (32)            -> uint32be next sequence an
//	                                         ordered channel delivers
//	"sdpz/" || pair id (32)               -> types.AuthorizeMessageChannel: a
//	                                         contract pair governance lets
//	                                         talk (types.SDPPairID)
//	"sdpnonce"                            -> uint64be number of messages
//	                                         sent; absent = 0
//
// # Commitment
//
// Commit applies a block's writes to the sparse Merkle tree of the previous
// state root and returns the new root and the new tree nodes, which the
// store persists with the writes; Tree reads and proves values under any
// committed root. The root depends only on the set of (key, value) pairs,
// so any node that executes the same blocks gets the same root, and a
// verifier holding only a root can check a proven value (package verify).
//
// Guarantees: keys and encodings are stable (they are part of consensus: a
// change would change every state root), every function is deterministic,
// and decoders never panic on corrupt input: they return an error wrapping
// ErrCorrupt.
package state
