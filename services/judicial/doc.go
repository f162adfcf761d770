// Package judicial is the judicial evidence chain scenario on Causeway:
// notaries, an arbitration commission and courts run nodes of two
// consortia (a notary chain and a court chain), companies that are
// members of both deposit their contracts and records on both through the
// evidence service (services/evidence, one deposit anchored on several
// chains), and in a dispute a party exports an evidence package that a
// court verifies offline against the geneses it trusts.
//
// Evidence package. A Package is one JSON document (Format):
//
//	{"format": "causeway-evidence-package/v1",
//	 "manifest": {...},             // Manifest: case, exporter, chains with their genesis hashes,
//	                                // one entry per deposit (id, label, digest, depositor, time,
//	                                // chains, SHA-256 of its certificate), SHA-256 of the summary
//	 "certificates": [{...}, ...],  // evidence.Certificate per deposit, in the manifest's order
//	 "seal": {...},                 // evidence.Certificate of the manifest's digest, deposited
//	                                // by the exporting party on the package's chains at export
//	 "summary_pdf": "base64"}       // the human-readable PDF summary (Chinese and English)
//
// One JSON rather than an archive: a certificate of deposit is already
// JSON, and `causeway verify` already reads JSON; a JSON document has one
// reading (an archive can hold duplicate or extra entries, and its
// metadata is not covered by anything), the manifest's digest is defined
// on its compact form (Digest) so re-indenting the file changes nothing,
// and any JSON tool shows what is inside. The PDF rides inside, base64; the
// summary command writes it out for reading.
//
// Sealing. Nothing in a set of certificates binds them together or binds
// a summary to them: anyone can drop one or print a different summary. So
// Export deposits the manifest's digest (type "evidence-package", the
// case) on the package's chains, as the exporting party, and puts that
// deposit's certificate in the package: the manifest, and through it each
// certificate's digest and the PDF's, is then proven by the chains like
// any deposit, with who exported it and when.
//
// Verification (VerifyPackage) needs only the trusted geneses. It reuses
// evidence.Verify for the seal and for every certificate and checks the
// rest against the sealed manifest; any change fails with an *Error whose
// Kind (ErrManifestChanged, ErrSummaryChanged, ErrCertificate,
// ErrAnchorMissing, ErrWrongDeposit, ErrCertificateChanged,
// ErrUntrustedGenesis, ErrSeal, ErrMalformed) says what, Deposit and Label
// which deposit, and Field where ("certificates[1].anchors[1].tx_proof...").
//
// Run drives the scenario on two consortia (Orgs, NotaryChain,
// CourtChain): a deposit load by the companies, a dispute, the export and
// the court's offline verification, with figures. The package uses the
// SDK and the evidence service only.
package judicial
