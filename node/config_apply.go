package node

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/p2p"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// peersOf lists a configuration's consensus nodes as p2p peers.
func peersOf(chain *types.ChainConfig) ([]p2p.Peer, error) {
	peers := make([]p2p.Peer, 0, len(chain.Nodes))
	for _, gn := range chain.Nodes {
		c, err := pki.ParseCertPEM([]byte(gn.TLSCert))
		if err != nil {
			return nil, fmt.Errorf("node %d TLS certificate: %w", gn.ID, err)
		}
		p := p2p.Peer{ID: gn.ID, Address: gn.Address, TLSCert: c.Raw}
		if gn.RetiringTLSCert != "" {
			r, err := pki.ParseCertPEM([]byte(gn.RetiringTLSCert))
			if err != nil {
				return nil, fmt.Errorf("node %d retiring TLS certificate: %w", gn.ID, err)
			}
			p.RetiringTLSCert = r.Raw
		}
		peers = append(peers, p)
	}
	return peers, nil
}

// applyConfig puts a configuration committed at height in force: the TLS
// trust (member CAs, revoked certificates) for every new handshake and call,
// the peer set, and the consensus node set and parameters.
func (n *Node) applyConfig(chain *types.ChainConfig, height uint64) error {
	if err := n.trust.SetCAs(chain.CACerts()); err != nil {
		return fmt.Errorf("apply config v%d: %w", chain.Version, err)
	}
	if err := n.trust.SetRevoked(chain.Revoked); err != nil {
		return fmt.Errorf("apply config v%d: %w", chain.Version, err)
	}
	peers, err := peersOf(chain)
	if err != nil {
		return err
	}
	n.net.SetPeers(peers)
	set := nodeCertsOf(chain)
	n.nodeCerts.Store(&set)
	n.adoptRotation(chain)
	n.syncServing()
	orgs := make([]string, 0, len(chain.Orgs))
	for _, o := range chain.Orgs {
		orgs = append(orgs, o.Name)
	}
	n.log.Info("chain configuration in force", "version", chain.Version, "from_height", height+1, "orgs", orgs, "nodes", chain.NodeIDs(), "revoked", len(chain.Revoked))
	return nil
}

// ChainConfig returns the configuration in force.
func (n *Node) ChainConfig() *types.ChainConfig { return n.ledger.Config() }

// join syncs from peers until governance has added this node, then starts
// consensus. It gives up when the node stops.
func (n *Node) join() {
	defer close(n.joinDone)
	for !n.stopping.Load() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if _, err := n.consensus.CatchUp(ctx); err != nil {
			n.log.Debug("join: sync", "err", err)
		}
		cancel()
		if n.consensus.IsConsenter() {
			if err := n.consensus.Start(); err != nil {
				n.log.Error("join: cannot start consensus", "err", err)
				return
			}
			n.log.Info("joined the consensus", "height", n.store.Head().Height, "nodes", n.ChainConfig().NodeIDs())
			n.syncServing()
			return
		}
		for i := 0; i < 10 && !n.stopping.Load(); i++ {
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// permissionOf is what each client API method needs.
func permissionOf(method string) string {
	if method == apipb.Chain_SubmitTx_FullMethodName || submitsEvidence(method) {
		return types.PermSubmit
	}
	return types.PermQuery
}

// authorize is the API's per-call check: the caller's certificate still
// chains to a member CA and is not revoked (the chain configuration may have
// changed since the handshake), and its role has the method's permission.
func (n *Node) authorize(_ context.Context, id pki.Identity, method string) error {
	if err := n.verifyCaller(id.Cert); err != nil {
		return status.Errorf(codes.Unauthenticated, "certificate refused: %v", err)
	}
	if id.Role == pki.RoleNode && !n.nodeCertInForce(id.Cert) {
		return status.Errorf(codes.Unauthenticated, "certificate refused: %s is a node certificate that no consensus node holds now (a node's certificates are accepted only while the chain names them, current or retiring in a rotation's overlap)", id.CommonName)
	}
	cfg := n.ChainConfig()
	perm := permissionOf(method)
	if !cfg.Allows(string(id.Role), perm) && !(cfg.Allows(string(id.Role), types.PermAudit) && auditMethods[method]) {
		return status.Errorf(codes.PermissionDenied, "role %q of %s may not %s", id.Role, id.CommonName, perm)
	}
	return nil
}

// auditMethods are the client API methods the audit permission gives: the
// chain's status and configuration (public to every member), the state and
// sealed payloads it logged an opening of (readState holds a role without
// query to those), and SubmitTx for its access records (checkAuditorTx
// holds a role without submit to AUDIT_ACCESS).
var auditMethods = map[string]bool{
	apipb.Chain_Status_FullMethodName:          true,
	apipb.Chain_GetChainConfig_FullMethodName:  true,
	apipb.Chain_GetSealed_FullMethodName:       true,
	apipb.Chain_SubmitTx_FullMethodName:        true,
	apipb.Proofs_GetStateProof_FullMethodName:  true,
	apipb.Proofs_GetConfigChain_FullMethodName: true,
}

// checkAuditorTx refuses a transaction from a caller whose role may not
// submit (it came in through the audit permission) unless it is an
// AUDIT_ACCESS transaction: such a caller records its openings and submits
// nothing else. The chain then accepts the record only from the auditor
// account named by governance.
func (n *Node) checkAuditorTx(ctx context.Context, raw []byte) error {
	id, err := api.IdentityFromContext(ctx)
	if err != nil || n.ChainConfig().Allows(string(id.Role), types.PermSubmit) {
		return nil
	}
	typ := types.TxType_TX_TYPE_UNSPECIFIED
	tx := &types.Transaction{}
	body := &types.TxBody{}
	if proto.Unmarshal(raw, tx) == nil && proto.Unmarshal(tx.GetBody(), body) == nil {
		typ = body.GetType()
	}
	if typ != types.TxType_AUDIT_ACCESS {
		return status.Errorf(codes.PermissionDenied, "role %q of %s may submit only AUDIT_ACCESS transactions (its access records), not %v", id.Role, id.CommonName, typ)
	}
	return nil
}

// readState is the API's state read policy (api.Options.ReadState). A
// role that may query reads everything. A role without query (it came in
// through the audit permission) reads the audit log, the configuration,
// and a token output or sealed payload only once the chain records the
// auditor's opening of it (AUDIT_ACCESS marks the item): exactly what is
// sealed to the auditor and logged, nothing else.
func (n *Node) readState(_ context.Context, id pki.Identity, key []byte) error {
	if n.ChainConfig().Allows(string(id.Role), types.PermQuery) {
		return nil
	}
	if state.AuditReadable(key) {
		return nil
	}
	if mark, ok := state.AuditedKeyOf(key); ok {
		v, err := n.store.Get(mark)
		if err != nil {
			return status.Errorf(codes.Internal, "reading the audit mark: %v", err)
		}
		if v != nil {
			return nil
		}
		return status.Errorf(codes.PermissionDenied, "role %q of %s reads a token output or sealed payload only after the chain records its opening (an AUDIT_ACCESS transaction of the auditor account naming it)", id.Role, id.CommonName)
	}
	return status.Errorf(codes.PermissionDenied, "role %q of %s may read only what is sealed to the auditor and logged, the audit log and the configuration, not state key %x", id.Role, id.CommonName, key)
}

// certSet is a set of certificate fingerprints (SHA-256 of the DER).
type certSet map[[32]byte]struct{}

// nodeCertsOf returns the fingerprints of every certificate chain names
// for a consensus node: current and, during a rotation's overlap, retiring,
// TLS and signing. Certificates that do not parse are left out.
//
// A certificate with the node role is accepted on the client APIs (gRPC,
// REST, streams: authorize runs on every call) only if it is in this set
// of the configuration in force. Without it, a node certificate that a
// rotation replaced, or one of a removed node, would keep chaining to its
// org's CA and pass as "node" (query access, evidence reads for its org)
// for as long as that CA is trusted. The other way, adding replaced
// serials to the revocation list when an overlap ends, was not chosen: it
// would grow the on-chain list with every rotation for ever, revocation
// is by serial alone (whichever CA issued it), and it would still leave
// removed nodes' and never-proposed node certificates accepted. Peers
// are pinned the same way (p2p accepts only the node certificates the
// chain names), so this keeps the node role meaning "a consensus node".
func nodeCertsOf(chain *types.ChainConfig) certSet {
	set := certSet{}
	for _, gn := range chain.Nodes {
		for _, p := range append(gn.TLSCerts(), gn.SignCerts()...) {
			if c, err := pki.ParseCertPEM([]byte(p)); err == nil {
				set[sha256.Sum256(c.Raw)] = struct{}{}
			}
		}
	}
	return set
}

// nodeCertInForce reports whether cert is one of the node certificates
// of the configuration in force (see nodeCertsOf).
func (n *Node) nodeCertInForce(cert *x509.Certificate) bool {
	if cert == nil {
		return false
	}
	set := n.nodeCerts.Load()
	if set == nil {
		s := nodeCertsOf(n.ChainConfig())
		set = &s
	}
	_, ok := (*set)[sha256.Sum256(cert.Raw)]
	return ok
}

// verifiedCerts remembers certificates that passed the trust check, for the
// trust version they passed under: a changed trust (new CAs, revocations)
// checks every caller again.
type verifiedCerts struct {
	mu      sync.Mutex
	version uint64
	ok      map[[32]byte]struct{}
}

func (n *Node) verifyCaller(cert *x509.Certificate) error {
	if cert == nil {
		return pki.ErrNoCertificate
	}
	fp := sha256.Sum256(cert.Raw)
	v := n.trust.Version()
	c := &n.callers
	c.mu.Lock()
	if c.version != v {
		c.version, c.ok = v, map[[32]byte]struct{}{}
	}
	_, hit := c.ok[fp]
	c.mu.Unlock()
	if hit {
		return nil
	}
	if _, err := n.trust.Verify([]*x509.Certificate{cert}); err != nil {
		return err
	}
	c.mu.Lock()
	if c.version == v && len(c.ok) < 100000 {
		c.ok[fp] = struct{}{}
	}
	c.mu.Unlock()
	return nil
}
