// Package lightclient is Causeway's on-chain light client of other Causeway
// chains (issue 13): the rules by which this chain registers a remote chain,
// keeps its headers, follows its configuration changes, freezes on
// misbehaviour, and verifies the remote chain's transaction and state
// proofs against the headers it kept. The executor applies them to
// governance actions and UPDATE_LIGHT_CLIENT transactions; the EVM's system
// contracts and the node's LightClients API read through them, so Solidity,
// the SDK and the CLI get one answer.
//
// It checks nothing itself: every rule about signatures, quorums,
// configuration chains and Merkle proofs is package verify's, applied
// incrementally (verify.Resume of the configurations the client settled,
// verify.Extend with the changes an update brings, verify.SignedHeaderIn,
// verify.TxUnder, Verifier.StateValue). What it adds is what a light client
// must remember between updates: which remote configurations it proved and
// up to which height its configuration history is settled, the headers it
// verified, and that two certified headers that cannot both be true freeze
// it.
//
// # Registration
//
// RegisterLightClient (governance) carries the remote genesis in its
// canonical encoding (the compact JSON types.Genesis marshals to), which
// must hash to the stated genesis hash under the stated crypto suite, be a
// valid genesis (types.Genesis.Validate), name the stated chain id, which
// must differ from this chain's and have no client yet, and be at most
// types.MaxLightClientGenesisBytes. The client's entries live under its
// instance, the registering proposal's id (package state's layout), so
// RemoveLightClient drops the client record, its genesis and its
// configurations, and a client registered again starts empty.
//
// # Updates
//
// An update (proofpb.LightClientUpdate) is a remote header with its commit
// signatures, the remote configuration in force at it proven under its
// state root, and a configuration chain holding the changes the client does
// not know yet. The client accepts it when package verify does: the changes
// above the settled height are signed by their new node set and vouched
// for by more than a third of the set before them, and the header by a
// quorum of the set in force at its height, whose configuration its own
// state root proves (so an update that leaves out a change is refused).
// Changes at or below the settled height must be ones the client knows
// (same height, same configuration hash); they are skipped. The settled
// height (LightClient.verified_to) is the highest verified header's: its
// state proved the configuration in force at it, so every change up to it
// is known.
//
// Any account may submit updates: relayers are not trusted. A refused
// update fails with a typed code (types.CodeClientFrozen,
// CodeRemoteWrongChain, CodeBadConfigChain, CodeConfigMismatch,
// CodeBadCommitSignature, CodeNoQuorum, CodeBadHeader, CodeHeaderKnown,
// types.CodeMalformed, CodeClientNotFound) and changes nothing.
//
// # Misbehaviour
//
// A certified header that differs from the one kept at its height, or
// that does not link to the kept header before or after it, shows that a
// quorum of the remote chain signed two histories. The update then
// succeeds without keeping the header: the client records both headers
// with their signatures (types.LightMisbehaviour), freezes, and refuses
// every later update and verification with client_frozen until governance
// removes it.
//
// # Determinism
//
// Every function is a pure function of the state it reads and its
// arguments. Verifiers built from a remote genesis are cached by its hash;
// the cache holds nothing that a fresh build would give differently.
package lightclient
