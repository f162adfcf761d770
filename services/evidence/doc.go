// Package evidence is Causeway's trusted evidence deposit service (a "BaaS
// Plus" service): a company deposits the digest of a file with its
// metadata, gets a certificate of deposit, and years later anyone holding
// the consortium's genesis checks the original file against the certificate,
// offline (Verify; the `causeway verify` command).
//
// The service is built on the SDK: it signs DEPOSIT_EVIDENCE transactions
// with an account of the depositing organisation and reads proofs through
// sdk.Client, so it runs in any program that has a client, or inside a node
// (which serves it on its REST API under /v1/evidence, over an in-process
// client that acts with the REST caller's identity). It can anchor one
// deposit on several chains (several Chains), for example a court's chain
// and a notary's: the certificate then holds one proof per chain, each
// checked against its own genesis.
//
// Deposit. The transaction's payload is the digest, its algorithm and the
// metadata, sorted by key, plus reserved keys the service sets:
// "causeway.org" and "causeway.depositor" (the caller's organisation and
// certificate name), "causeway.readers" (organisations allowed to read, from
// the request) and "causeway.encrypted_payload" (an optional payload the
// client encrypted, base64). A caller cannot set "causeway." keys itself.
// The evidence id is the transaction hash on the first chain; the deposits
// on the other chains are the same transaction body with that chain's id
// and account, so each chain's id derives from the first chain's
// transaction and a certificate needs nothing but the id.
//
// Read control (CanRead): a record deposited through the service is
// returned, and its certificate made, only for callers of the depositing
// organisation, of an organisation listed in causeway.readers, or with the
// auditor role. A record deposited by a plain transaction (without
// causeway.org) is visible to every member, like all ledger data. This is a
// control of the service and API, not encryption: every member's node holds
// every block; confidential content belongs in the encrypted payload or,
// encrypted to chosen readers with keys the chain knows, in a sealed
// payload.
//
// Sealed payload. A deposit may carry data sealed by the client to member
// orgs, accounts and reader groups (Request.Sealed; in REST, the "sealed"
// member; DepositSealed seals and deposits in one call): the service and
// the node see only the envelope, the chain checks that it is wrapped for
// exactly the named readers' keys in force, and the record keeps the
// envelope's hash (sealed_hash), which the certificate proves. Readers open
// the data by the evidence id (sdk.Client.Open). An envelope is sealed for
// one chain, so a sealed deposit needs a single-chain service.
//
// Certificate. A certificate (Certificate, JSON; or a printable PDF with a
// QR code of the id and digest) holds the evidence record and, per chain,
// the chain id and genesis hash, the transaction's proof (verify.TxProof
// with the configuration chain from genesis to the node set that signed) and
// a proof of the stored record under the certifying block's state root.
// A proof of block h needs block h+1; when the chain is idle the service
// submits a small certification transaction (a self-transfer of 1 from its
// account) so that the next block comes.
package evidence
