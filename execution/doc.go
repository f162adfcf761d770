// Package execution applies a block's transactions to the state: it turns an
// ordered, certified block plus the committed state it builds on into per
// transaction receipts, the net state writes, and commitments to both.
//
// # Determinism
//
// Execution is a pure function: the same block on the same state gives the
// same Result, byte for byte, on every node. The package reads no clock (time
// is the block header's TimeMs), draws no randomness, starts no goroutines while executing,
// uses no floating point, never lets map iteration order reach an output
// (writes are sorted by key), and defines "printable" account names by a fixed
// rule rather than by the Unicode tables of the Go release that built the node.
// It performs no I/O other than reading the state through a Reader, and it
// never imports consensus, p2p, api or node: that is the line between ordering
// and application.
//
// The one transaction check (CheckTx) follows the same rules: its reference
// time is given by the caller (the node's clock at admission, the block time
// in proposals and execution). TxCache, the node's cache of decoded
// transactions, is used before ordering, never by ExecuteBlock: it verifies
// signatures in parallel batches (goroutines) and keeps per-node state, so it
// has no part in a block's result.
//
// # Preconditions
//
// Signatures are verified cryptographically before a block is ordered (by the
// transaction pool and by consensus when it checks a proposal); execution does
// not verify them again. It checks authorization: which of an account's keys
// signed, and whether their weights reach AuthThreshold. A block whose
// signatures were not verified must never be executed.
//
// # Transactions
//
// Each transaction executes on an overlay of the committed state that includes
// the effects of the successful transactions before it in the same block. A
// transaction that fails gets a FAILED receipt with a types.Code and leaves no
// writes; a bad transaction never makes ExecuteBlock return an error, which is
// reserved for internal failures (the Reader failing, corrupt stored state).
//
// A frozen account can neither send nor deposit, but it can still receive
// transfers; an account in recovery (ACCOUNT_RECOVERING) can still act with
// its current keys, as the recovery protocol lets them cancel a reset.
//
// # Sealed payloads
//
// A STORE_SEALED transaction, an evidence deposit or a contract call may
// carry a payload encrypted to chosen readers (types.SealedPayload). It is
// checked with package sealing against the configuration in force at the
// block (as read at its start: an org key or group changed by a vote in this
// block applies from the next): a canonical envelope of the chain's suite,
// named readers that exist and have keys, and entries for exactly their keys
// in force. Its record (readers, key ids, envelope hash) is stored under the
// transaction's hash. Execution never decrypts and holds no private key.
//
// An account rotates its own encryption key with SET_ENCRYPTION_KEY,
// authorised by its auth map like its other transactions: the new key (of
// the chain's suite, never one the account or an org listed before) is in
// force from the next block, like an org's; the replaced keys stay listed
// with the heights they were in force (types.MaxAccountEncryptionKeys in
// all), so that readers of older data are known. Sealed payloads and token
// outputs resolve an account reader's key in force at the block
// (sealing.AccountAt).
//
// # Confidential tokens and the auditor
//
// TOKEN_CREATE, TOKEN_ISSUE and TOKEN_TRANSFER keep balances as Pedersen
// commitments (package ctoken holds the rules shared with clients). An issue
// is the issuer's only, with a range proof; a transfer names the sender's
// balance commitment it was proven against (stale_balance otherwise) and
// carries range proofs for the amount (bad_range_proof) and for the change
// (insufficient_funds: an overdraw) and a balance proof that balance =
// amount + change (bad_balance_proof). Each output's opening is sealed to
// its holder and to the auditor key in force (set_auditor), checked like a
// sealed payload. AUDIT_ACCESS, from the auditor account only
// (not_auditor), appends a record to the on-chain access log. Execution
// verifies proofs and draws no randomness: proofs are made by clients.
//
// # Light clients of other chains
//
// Governance registers a light client of another Causeway chain
// (register_light_client, carrying its genesis) and removes one
// (remove_light_client); UPDATE_LIGHT_CLIENT, from any account, gives it a
// signed header of that chain. Package execution/lightclient holds the rules
// (package verify's, applied incrementally): a refused update fails with its
// code and writes nothing; an update that shows two conflicting certified
// headers succeeds and freezes the client with both as evidence. The EVM's
// system contracts 0x…0109–0x…010c read the kept headers and verify the other
// chain's proofs against them.
//
// # Contract messages between chains
//
// A contract sends a message to a contract of another chain through the SDP
// system contract 0x…010d (SDP over AM, AntChain Bridge's interface), which
// writes it to this chain's outbox. RELAY_MESSAGES, from any account,
// carries another chain's packets with their state proofs under a header
// its light client keeps: messages (delivered once, ordered channels in
// sequence, by an EVM call of the receiver with fixed gas; a failure or a
// timeout becomes an error acknowledgement), acknowledgements of this
// chain's atomic messages (one ackOnSuccess/ackOnError call each) and
// timeout aborts (a proof that the other chain never received the message).
// Governance authorises contract pairs (authorize_message_channel,
// revoke_message_channel). Package execution/sdp holds the rules; a refused
// packet refuses the whole transaction, which writes nothing.
//
// # State layout and root
//
// Package state owns the layout of the flat state (keys and value
// encodings) and its commitment; execution reads and writes entries only
// through it. Result.StateRoot is state.Commit of the block's net writes on
// the previous state root: the root of a sparse Merkle tree over the whole
// state, which proves any key's value or absence. An evidence id is the hash
// of the transaction that deposited it.
package execution
