// Package evm runs Solidity contracts on Causeway: it adapts go-ethereum's
// core/vm (v1.17.2, Cancun rules) to Causeway's flat key/value state and adds
// Causeway's native system contracts as precompiles. The executor calls
// Deploy and Call for DEPLOY_CONTRACT and CALL_CONTRACT transactions and Query
// for read-only calls; each runs one message on a StateDB that reads through a
// KV and, only when the message succeeds, writes its net effects back to that
// KV in ascending key order.
//
// # Determinism
//
// Like its parent package, evm is a pure function of its inputs: the same KV
// contents, Context and arguments give the same Result and the same writes,
// byte for byte. It reads no clock (the block time is Context.TimeMs), draws
// no randomness (PREVRANDAO is zero), starts no goroutines, and never lets map
// iteration order reach an output: writes are collected, then applied sorted
// by key, one write per key. Every key it writes it has read first in the
// same call, except the account, nonce and storage keys of an account the
// call creates, which are absent by construction.
//
// # Fork and gas
//
// Every fork up to and including Cancun is active from block 0 (Shanghai's
// PUSH0, Cancun's transient storage, MCOPY and EIP-6780 SELFDESTRUCT); Prague
// and later are not. The block number is Context.Height, the block time
// Context.TimeMs/1000, the gas price and base fee zero: a consortium charges
// no fees, and gas is only a limit. A message is charged intrinsic gas as on
// Ethereum (see IntrinsicGas) and gets the refund of EIP-3529 (at most a fifth
// of the gas used). Result.GasUsed is what counts against the block's limit;
// enforcing the per-block limit across a block's transactions is the
// executor's job.
//
// # Addresses and identities
//
// A Causeway account's identity is 32 bytes; its EVM address is the last 20
// bytes of the identity (AddressOf). Contracts are accounts too:
//
//   - a contract deployed by a DEPLOY_CONTRACT transaction has identity
//     H("causeway/contract" || deployer identity || transaction hash ||
//     uint32be(index in the transaction)), index being 0 (ContractID), H
//     being SHA-256 or Context.Hash when set;
//   - a contract created by another contract (CREATE, CREATE2) lives at the
//     address the EVM computes (keccak256 of the creator and its nonce, or of
//     the salt and init code) and has identity 12 zero bytes || address
//     (ImplicitID); so does an account that first appears because value was
//     sent to an address no account has. A contract created at an address
//     that already holds such an account (value sent there in advance) keeps
//     that account, and its identity.
//
// The reverse index (state.AddressIndexKey(address) -> identity) maps an
// EVM address back to its account. IndexAccount writes it; Deploy and Call
// write it for the sender and for every account they create, and the
// executor must write it for every account it creates (CREATE_ACCOUNT,
// genesis), or the EVM cannot find that account by address (it would see an
// empty address).
//
// # State layout
//
// The EVM keeps its state in Causeway's flat state, in the entries package
// state defines (and only through it): accounts under state.AccountKey
// (contracts have code_hash set, no name and no keys; the EVM changes only
// balance, code_hash and version), the address index under
// state.AddressIndexKey, runtime code under state.CodeKey (content-addressed,
// shared, never deleted), storage slots under state.StorageKey (a zero value
// is stored as no key), contract nonces under state.NonceKey (absent = 0),
// and evidence deposited by system contract 0x…0103 under state.EvidenceKey.
//
// Causeway accounts have no nonces (transactions are replay-protected by
// hash). The EVM needs one only to number the contracts a contract creates
// (CREATE) and to detect address collisions, so only contracts have one:
// 1 when created (EIP-161), plus one per contract they create.
//
// Balances are uint64 in Causeway and uint256 in the EVM. A value that does
// not fit in 64 bits cannot be sent (the sender's balance is below it); a
// credit that would overflow the recipient's balance fails the whole message
// with ErrBalanceOverflow. Each account whose balance or code a message
// changes gets its version incremented once; an account created by a
// message starts at version 1 with CreatedHeight = Context.Height.
//
// Accounts that existed before a message are never deleted by it (EIP-161's
// removal of empty touched accounts applies only to accounts the message
// itself created). Under EIP-6780 a contract is deleted only when it
// self-destructs in the transaction that created it; then none of its keys
// are written.
//
// # System contracts
//
// Native contracts sit at fixed addresses and are called with the Solidity
// ABI; contracts/ICauseway.sol is the interface users import:
//
//	0x…0100 accountInfo(bytes32 id) returns (uint64 balance, uint8 status, uint64 version)
//	0x…0101 sm3(bytes data) returns (bytes32)
//	0x…0102 sm2Verify(bytes pubkey, bytes32 digest, bytes sig) returns (bool)
//	0x…0103 depositEvidence(bytes32 hash, string alg, string meta) returns (bytes32 id)
//	0x…0104 verifyCommitment(bytes32 commitment, uint64 value, bytes32 blinding) returns (bool)
//	0x…0105 verifyRange(bytes32[] commitments, bytes proof, bytes context) returns (bool)
//	0x…0106 verifyBalance(bytes32[] inputs, bytes32[] outputs, uint64 fee, bytes proof, bytes context) returns (bool)
//	0x…0107 addCommitments(bytes32 a, bytes32 b) returns (bytes32)
//	0x…0108 subCommitments(bytes32 a, bytes32 b) returns (bytes32)
//	0x…0109 lightClientHeader(string chainId, uint64 height) returns (uint64, bytes32 blockHash, bytes32 stateRoot, bytes32 txRoot, bytes32 receiptRoot, uint64 timeMs)
//	0x…010a verifyRemoteState(string chainId, uint64 height, bytes key, bytes value, bytes proof) returns (bool)
//	0x…010b verifyRemoteTx(string chainId, uint64 height, bytes proof) returns (bool ok, bytes32 txHash, bytes32 sender, bool succeeded, uint64 txHeight, uint64 timeMs)
//	0x…010c remoteEvidence(string chainId, uint64 height, bytes32 id, bytes record, bytes proof) returns (bool ok, bytes hash, string alg, bytes32 owner, uint64 depositHeight, uint64 timeMs)
//
// sm3 is gmsm's SM3; sm2Verify checks a signature exactly as the chain checks
// SM2 transaction signatures (crypto.Verify with types.SignatureScheme_SM2:
// over SM3(Z_A || digest) with the default user ID) and returns false, never
// reverting, for malformed keys and signatures. accountInfo reads balances
// as the current message sees them; version 0 means no such account.
// depositEvidence stores a types.Evidence under state.EvidenceKey(id), owned by the
// caller's identity, with id = H(transaction hash || caller address (20) ||
// uint64be(n)), n counting the deposits the transaction made before this one
// (undone ones included), and logs EvidenceDeposited from 0x…0103. Its write
// is journaled like any storage write: it is undone if the calling frame
// reverts, and refused in a static call. System contracts revert, with an
// Error(string) reason starting "causeway:", on malformed input, on value
// sent to them and on invalid arguments. The standard Ethereum precompiles
// of Cancun (0x01-0x0a) are available too.
//
// 0x…0104–0x…0108 verify what package crypto/confidential proves about
// confidential amounts (Pedersen commitments over ristretto255, Bulletproofs
// range proofs, balance proofs) and add and subtract commitments; they read
// and write no state. Their inputs are bounded (1, 2, 4 or 8 commitments
// per range proof, at most MaxBalanceTerms inputs and as many outputs per
// balance proof, proofs of exactly their encoded size, contexts of at most
// MaxProofContextBytes) and checked before any curve arithmetic. Malformed
// input (a bound exceeded, a commitment, blinding or proof element that is
// not a canonical encoding) reverts; a well-formed opening or proof that
// does not hold returns false. Their gas is each call's measured CPU time
// priced at the geometric mean of the gas per second of ecrecover and
// ecPairing (system_confidential.go).
//
// 0x…0109–0x…010c read this chain's light clients of other Causeway chains
// (package execution/lightclient, through the same functions as the node's
// LightClients API) and verify the other chain's proofs against the headers
// they kept: proofs are protobuf (proofpb.SMTProof, proofpb.TxProof). They
// read state only and work in static calls. Malformed input, an unknown or
// frozen client and a height without a kept header revert with
// "causeway: <function>: <code>: ..."; a well-formed proof that does not
// hold returns false. Their gas is two cold reads plus the verification's
// measured CPU time at the confidential contracts' price
// (system_lightclient.go).
//
// 0x…010d is the SDP contract of cross-chain contract messages (package
// execution/sdp; system_sdp.go): ISDPMessage's send functions write the
// message to the outbox and log MessageSent; a refusal reverts with
// "causeway: <function>: <code>: ...". It reports a code size of 1 so that
// Solidity calls its functions that return nothing. SystemCall runs the
// deliveries and acknowledgement callbacks from its address.
//
// # Errors
//
// Deploy, Call and Query return an error only when the KV fails or the state
// it holds is corrupt; the block must then not be committed. Everything a
// transaction can get wrong (a revert, running out of gas, an unknown
// sender, a malformed address, insufficient funds) is reported in
// Result.Err, with ErrorCode giving a stable code for receipts; a failed
// message writes nothing.
package evm
