// Package consortium creates and runs consortia. Generate writes a local
// consortium in one folder (Causeway's "one-command chain"): a certificate
// authority per organisation with admin, client and node certificates, an
// on-chain account per organisation with its signing key, the genesis, one
// configuration file per node and network.json, the map client tools read.
// Up starts one `causeway node start` process per node, detached, and Down
// stops them; their data stays in the folder, so Up again resumes the chain.
//
// Organisations that do not share a folder found a consortium in a genesis
// ceremony, which Generate also runs internally: each org makes its keys in
// its own folder (InitOrg) and exports a public Part (Org.ExportPart); one
// party assembles the genesis from the parts (Assemble); each org checks
// it against its own folder (VerifyGenesis), reads what it founds in full
// (every threshold, parameter, role, member, node and account) with the
// warnings of GenesisWarnings, and compares its hash and the members' CA
// fingerprints: every org receives the same document, so a matching hash
// alone says nothing about whether its choices are safe. A new
// org joins a running consortium with Org.PrepareJoin, and any member
// builds its network.json from the chain configuration, verified against
// the genesis, with ExportNetwork. Node TLS certificates advertise the
// nodes' client endpoints (NodeEndpoints), so the configuration says where
// clients connect.
package consortium
