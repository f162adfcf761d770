package types

// Cross-chain light clients (issue 13): the codes of their refusals and the
// bound of a registration. The rules are in package execution/lightclient.

// Codes of light client refusals: receipt error codes of
// UPDATE_LIGHT_CLIENT and of the registration and removal proposals, the
// reasons of the LightClients API's errors, and the start of the revert
// reasons of the light client system contracts.
const (
	// CodeClientNotFound: no light client is registered for the chain id.
	CodeClientNotFound Code = "client_not_found"
	// CodeClientExists: a light client of the chain id is registered
	// already (remove it first to register it again).
	CodeClientExists Code = "client_exists"
	// CodeClientFrozen: the light client was shown two conflicting
	// certified headers of its chain and refuses updates and verifications
	// until governance removes it.
	CodeClientFrozen Code = "client_frozen"
	// CodeHeaderKnown: the client keeps this very header already.
	CodeHeaderKnown Code = "header_known"
	// CodeHeaderNotFound: the client keeps no verified header at that
	// height.
	CodeHeaderNotFound Code = "header_not_found"
	// CodeRemoteWrongChain: a header, configuration chain or proof is of
	// another chain or genesis than the light client's.
	CodeRemoteWrongChain Code = "remote_wrong_chain"
	// CodeBadConfigChain: a configuration change of the remote chain is not
	// proven: not signed by a quorum of its node set, not vouched for by
	// more than a third of the node set before it, not under its header's
	// state root, out of order, or contradicting what the client settled.
	CodeBadConfigChain Code = "bad_config_chain"
	// CodeBadHeader: a header is not the one needed (wrong height, a block
	// that does not link to the next).
	CodeBadHeader Code = "bad_header"
	// CodeConfigMismatch: the configuration in force at a header, proven
	// under its state root, is not the one the client's history gives: a
	// configuration change is missing from the update, or the proof is
	// altered.
	CodeConfigMismatch Code = "config_mismatch"
	// CodeBadCommitSignature: a commit signature does not verify, is by a
	// node outside the node set in force at the header's height, or is
	// repeated.
	CodeBadCommitSignature Code = "bad_commit_signature"
	// CodeNoQuorum: fewer nodes signed the header than the quorum of the
	// node set in force at its height.
	CodeNoQuorum Code = "no_quorum"
	// CodeBadProof: a transaction, receipt or state proof does not verify
	// against the verified header.
	CodeBadProof Code = "bad_proof"
)

// MaxLightClientGenesisBytes bounds the remote genesis a register_light_client
// proposal carries. The registration is one proposal, whose encoding is
// bounded by MaxProposalBytes (24 KiB, so that governance always fits in a
// transaction: see MinMaxTxBytes); 22 KiB leaves room for the description
// (1 KiB), the chain id (64 bytes), the genesis hash and the framing. A
// genesis of eight organisations with one node each (a CA certificate and
// two node certificates per organisation) fits.
const MaxLightClientGenesisBytes = 22 << 10
