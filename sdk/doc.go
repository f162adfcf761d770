// Package sdk is the Go client library of Causeway: it reads the network
// file that `causeway up` writes (Network), connects to a node's client API
// over mutual TLS with an organisation's client certificate (Dial,
// DialNetwork), builds and signs transactions for an account (Account,
// TxOptions), submits them and waits for their receipts, queries blocks,
// transactions, accounts and evidence, and follows new blocks (Client).
//
// Sealed data (Client.Seal, Open, GetSealed, ResolveReaders): the SDK
// resolves readers (orgs, accounts, groups) against the chain's current
// keys, seals locally with crypto/seal and submits only the envelope; Open
// reads it with a reader's encryption key. The caller handles no
// cryptography beyond keeping its key file (LoadEncryptionKey).
// NewSealedPayload seals without submitting, for a payload another
// transaction carries (an evidence deposit, a contract call). An account
// sets or rotates its own encryption key with SetEncryptionKey (in force
// from the next block; the replaced key keeps opening older data).
//
// Confidential tokens (Client.CreateToken, IssueToken, TransferToken,
// TokenBalance, AuditOpen, AuditLog; rules in package ctoken): the SDK makes
// the range and balance proofs locally, seals each output's opening to its
// holder and the chain's auditor, and opens a holder's balance from its
// outputs with the holder's encryption key. AuditOpen records the
// auditor's access on chain before it opens anything.
//
// Light clients of other Causeway chains (RegisterLightClientProposal,
// Client.Relay, LightClient, LightClientHeader, VerifyRemoteTx,
// VerifyRemoteState): a chain's governance registers another chain's
// genesis; Relay fetches that chain's signed header and the membership
// changes the light client lacks from its node (the Proofs API) and submits
// them; the chain checks each, so a relayer needs no trust.
//
// Errors from the node are gRPC status errors carrying a machine-readable
// reason, read with ReasonOf: a refused transaction's types.Code
// (duplicate, expired, pool_full, ...) or a reason such as "not_found".
//
// A typical program:
//
//	nw, err := sdk.LoadNetwork("network.json")
//	...
//	c, err := sdk.DialNetwork(ctx, nw, "org1", 0)
//	...
//	defer c.Close()
//	key, err := crypto.LoadKey(nw.Orgs[0].Account.Key)
//	...
//	acct := sdk.Account{Name: nw.Orgs[0].Account.Name, Signer: key}
//	tx, err := acct.TransferTx(sdk.TxOptions{ChainID: nw.ChainID}, types.Intl.AccountID("bob"), 10)
//	...
//	resp, err := c.SubmitAndWait(ctx, tx)
//	if sdk.ReasonOf(err) == types.CodeDuplicate { ... }
package sdk
