// Package trace is the traceability scenario ("scan to know whether it
// is genuine": imported milk powder, Moutai, Wuchang rice) on a Causeway
// consortium of the supply chain's orgs, one role each: producer,
// inspector, shipper, customs, retailer.
//
// On chain (contracts/src/Trace.sol, binding sdk/contracts/trace): the
// members and their roles (set by the deployer, the admin); product
// classes, each made by the producer that defined it; batches, whose
// creation is the production step; the steps inspection, shipping,
// customs (imported batches only) and retail, each attested by an org
// holding the step's role with an evidence hash, in that order, every
// violation refused with a reason that names the step, the role needed
// and the caller's role, or the batch's next step. Inspection and customs
// may reject a batch instead: nothing follows.
//
// Item codes are issued in bulk: a batch registers its item count and the
// public key of an ed25519 key drawn for it (one transaction for any
// number of items); item i's code is B<batch>-<i>-<signature over the
// chain, contract, batch and i> (IssueCodes, ParseCode, CheckCode). A
// forged code fails the check: "unknown code". Labels print as A4 PDF
// sheets of QR codes (WriteLabels), each holding the console's public
// page CONSOLE/q/item/CODE (LookupURL).
//
// A lookup (Lookup) reads the item and its batch from the service org's
// node in one query, checks the code's signature, and shows each step
// with its org, time, evidence hash and memo, proven: the attestation's
// transaction is found in its block and its transaction proof (receipt
// and StepAttested event included) checked against the genesis (package
// verify), certified by the consensus nodes' signatures on the next
// block. Proven steps never change and are cached.
//
// Counterfeit signals (ScanLog, ScanRule): the scan log lives with the
// lookup service, since scans are public, unauthenticated requests; the
// rule is deterministic (distinct places or scans within a window), and
// a flag it raises is recorded on chain (Trace.flagItem) so that every
// other service shows it.
//
// Org is the typed client of one org, with typed errors (*RefusedError
// matching ErrWrongRole, ErrOutOfOrder, ...); Setup deploys the scenario;
// Run drives the simulator (batches in flight through the steps,
// consumers scanning genuine, copied and forged codes, then lookups at
// full speed) and reports attestations/s and lookups/s. See docs/trace.md.
package trace
