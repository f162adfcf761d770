package node

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Config is a node's configuration file (JSON). Relative paths are relative
// to the file's folder.
type Config struct {
	ID      uint64 `json:"id"`
	Org     string `json:"org"`
	DataDir string `json:"data_dir"`
	Genesis string `json:"genesis"`
	// P2PListen serves peers; it must match this node's address in the genesis.
	P2PListen string `json:"p2p_listen"`
	// GRPCListen and RESTListen serve clients (mutual TLS).
	GRPCListen string `json:"grpc_listen"`
	RESTListen string `json:"rest_listen"`
	// PeerAddresses, by node id, are where this node connects to reach
	// those peers instead of their addresses in the chain configuration: a
	// relay, a NAT or a fault-injecting proxy in front of a peer. TLS is
	// still checked against the peer's configured address and pinned
	// certificate. Empty for most nodes.
	PeerAddresses map[uint64]string `json:"peer_addresses,omitempty"`
	// AdminListen serves /healthz, /metrics and /debug/pprof without TLS;
	// keep it on loopback. Empty disables it.
	AdminListen string `json:"admin_listen,omitempty"`
	// TLSCert and TLSKey are the node's TLS credentials (PEM), also presented to peers.
	TLSCert string `json:"tls_cert"`
	TLSKey  string `json:"tls_key"`
	// SignKey is the consensus signing key (PEM), whose certificate is in the genesis.
	SignKey string `json:"sign_key"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `json:"log_level,omitempty"`
	// LogFormat is text (the default: key=value lines) or json (one JSON
	// object per line, for log collectors); see NewLogger.
	LogFormat string `json:"log_format,omitempty"`
	// Limits bound what clients and peers can hold on the listeners;
	// omitted fields take DefaultLimits.
	Limits Limits `json:"limits,omitzero"`
	// EvidenceAccount and EvidenceKey name the on-chain account, and its
	// signing key file, with which the node's evidence service (REST
	// /v1/evidence) deposits for callers of the node's org. Without them
	// the node serves no deposits (certificates and verification still).
	EvidenceAccount string `json:"evidence_account,omitempty"`
	EvidenceKey     string `json:"evidence_key,omitempty"`
	// StorageCheck is how the ledger is checked at start: "full" (default)
	// reads every record, so that every table checksum and the blocks' hash
	// chain are verified (a sequential read of the ledger, seconds per GiB);
	// "quick" checks the head only, leaving damage to be found on reads.
	StorageCheck string `json:"storage_check,omitempty"`
}

// LoadConfig reads a configuration file and makes its paths absolute.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("node config %s: %w", path, err)
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	for _, p := range []*string{&c.DataDir, &c.Genesis, &c.TLSCert, &c.TLSKey, &c.SignKey, &c.EvidenceKey} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	return c, c.Validate()
}

// Validate checks that the required fields are set.
func (c *Config) Validate() error {
	switch {
	case c.ID == 0:
		return fmt.Errorf("node config: id must be positive")
	case c.DataDir == "" || c.Genesis == "":
		return fmt.Errorf("node config: data_dir and genesis are required")
	case c.P2PListen == "" || c.GRPCListen == "":
		return fmt.Errorf("node config: p2p_listen and grpc_listen are required")
	case c.TLSCert == "" || c.TLSKey == "" || c.SignKey == "":
		return fmt.Errorf("node config: tls_cert, tls_key and sign_key are required")
	case c.StorageCheck != "" && c.StorageCheck != "full" && c.StorageCheck != StorageCheckQuick:
		return fmt.Errorf("node config: storage_check must be full or quick, got %q", c.StorageCheck)
	}
	return nil
}

// Save writes the configuration as indented JSON.
func (c *Config) Save(path string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
