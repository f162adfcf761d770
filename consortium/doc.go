// Package consortium creates and runs a local consortium: Causeway's
// "one-command chain". Generate writes, in one folder, a certificate
// authority per organisation with admin, client and node certificates, an
// on-chain account per organisation with its signing key, the genesis, one
// configuration file per node and network.json, the map client tools read.
// Up starts one `causeway node start` process per node, detached, and Down
// stops them; their data stays in the folder, so Up again resumes the chain.
package consortium
