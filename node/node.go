package node

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc/credentials"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/p2p"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/txpool"
	"github.com/causeway/causeway/types"
)

// Options adjust a node beyond its configuration file (tests use them).
type Options struct {
	Logger *slog.Logger
	// Tuning overrides the consensus timing.
	Tuning consensus.Tuning
	// Now overrides the clock used for block times and admission.
	Now func() time.Time
	// Outbound intercepts peer messages (fault-injection tests only).
	Outbound func(to uint64, m *p2ppb.PeerMessage) *p2ppb.PeerMessage
	// ServeBlock alters the blocks this node serves to syncing peers
	// (fault-injection tests only: a lying peer).
	ServeBlock func(*types.Block) *types.Block
}

// Node is one running Causeway node.
type Node struct {
	cfg     *Config
	genesis *types.Genesis
	log     *slog.Logger
	now     func() time.Time

	// ledger is the application line: the committed chain and state, the
	// only way blocks get in (see package chain). store is its store, read
	// by the API and health checks.
	ledger    *chain.Chain
	store     *store.Store
	trust     *pki.Trust
	net       *p2p.Network
	consensus *consensus.Consensus
	pool      *txpool.Pool
	api       *api.Server
	metrics   *metrics

	joinDone chan struct{}
	stopping atomic.Bool
	callers  verifiedCerts
	// nodeCerts holds the fingerprints of the node certificates the
	// configuration in force names (see nodeCertsOf).
	nodeCerts atomic.Pointer[certSet]

	// fail is signalled when the ledger is found damaged (failure.go).
	fail       *failSignal
	serveBlock func(*types.Block) *types.Block
	health     healthCache // health.go
	// tlsPair is the node's TLS certificate and key, replaced by a
	// certificate rotation (see rotation.go).
	tlsPair *pki.KeyPair

	servers   []func()
	listeners []net.Listener
	addrs     map[string]string
	started   bool

	// limits are the configured listener limits, defaults applied; guards
	// are the listeners' limiters, by listener name.
	limits      Limits
	guardsMu    sync.Mutex
	guards      map[string]*guard
	stopPolling context.CancelFunc
	pollDone    chan struct{}
}

// ErrGenesisMismatch is returned when the data directory belongs to another chain.
var ErrGenesisMismatch = chain.ErrGenesisMismatch

// New opens the node's store (initialising it from the genesis on first
// start) and builds its parts. Start serves.
func New(cfg *Config, opts Options) (*Node, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	log = log.With("node", cfg.ID)
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	g, err := types.LoadGenesis(cfg.Genesis)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, err
	}
	fail := newFailSignal()
	st, err := openLedger(cfg, g, fail)
	if err != nil {
		return nil, err
	}
	ledger, err := chain.Open(st, g, chain.Options{Logger: log.With("component", "chain")})
	if err != nil {
		st.Close()
		return nil, ledgerError(cfg, err)
	}
	n := &Node{cfg: cfg, genesis: g, log: log, now: now, ledger: ledger, store: st,
		metrics: newMetrics(g.ChainID, cfg.ID),
		addrs:   map[string]string{}, limits: cfg.Limits.WithDefaults(), guards: map[string]*guard{}, fail: fail, serveBlock: opts.ServeBlock}
	chain := ledger.Config()
	set := nodeCertsOf(chain)
	n.nodeCerts.Store(&set)
	if err := promoteStaged(cfg, chain); err != nil {
		st.Close()
		return nil, err
	}
	if stagedPending(cfg) {
		log.Warn("certificate rotation: new material is staged but this node's copy of the chain does not name it yet; it switches when it does. If the rotation's overlap ended while this node was stopped, its current certificates are refused: stop it and run `causeway node install-staged`",
			"staging_dir", filepath.Join(cfg.DataDir, RotationDir))
	}
	if err := n.build(chain, opts); err != nil {
		st.Close()
		return nil, err
	}
	return n, nil
}

func (n *Node) build(chain *types.ChainConfig, opts Options) error {
	trust, err := pki.NewTrust(chain.CACerts()...)
	if err != nil {
		return err
	}
	if err := trust.SetRevoked(chain.Revoked); err != nil {
		return err
	}
	n.trust = trust
	certPEM, err := os.ReadFile(n.cfg.TLSCert)
	if err != nil {
		return err
	}
	keyPEM, err := os.ReadFile(n.cfg.TLSKey)
	if err != nil {
		return err
	}
	signer, err := crypto.LoadKey(n.cfg.SignKey)
	if err != nil {
		return fmt.Errorf("signing key: %w", err)
	}
	if n.tlsPair, err = pki.NewKeyPair(certPEM, keyPEM); err != nil {
		return err
	}
	serverTLS, err := trust.ServerTLS(nil, nil, pki.RequireClientCert, pki.WithKeyPair(n.tlsPair))
	if err != nil {
		return err
	}
	p2pGuard := n.guardFor("p2p")
	peers, err := peersOf(chain)
	if err != nil {
		return err
	}
	n.net = p2p.New(p2p.Config{
		SelfID: n.cfg.ID, Listen: n.cfg.P2PListen, Peers: peers, ServerTLS: serverTLS,
		WatchTLS:      func(c *tls.Config) *tls.Config { return n.watchTLS("p2p", c, "h2") },
		WrapListener:  func(l net.Listener) net.Listener { return n.wrap(p2pGuard, l) },
		ServerOptions: n.grpcServerOptions(0),
		ClientTLS: func(addr string) (*tls.Config, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return trust.ClientTLS(nil, nil, host, pki.WithKeyPair(n.tlsPair))
		},
		DialAddress: func(id uint64, _ string) string { return n.cfg.PeerAddresses[id] },
		// Governance may raise batch_max_bytes up to its ceiling: size
		// peer messages for that, not for the genesis value.
		MaxMessageBytes: types.MaxBatchMaxBytes + (1 << 20),
		Logger:          n.log.With("component", "p2p"),
		Outbound:        opts.Outbound,
	}, (*peerHandler)(n), (*blockSource)(n))
	n.consensus, err = consensus.New(consensus.Config{
		SelfID: n.cfg.ID, Genesis: n.genesis, Chain: chain, Signer: signer, WALDir: filepath.Join(n.cfg.DataDir, "wal"),
		Tuning: opts.Tuning, Logger: n.log.With("component", "consensus"), Now: n.now, Txs: n.ledger.TxCache(),
	}, n.ledger, n.net)
	if err != nil {
		return err
	}
	n.pool = txpool.New(txpool.Config{ChainID: n.genesis.ChainID, Suite: n.genesis.Suite(), Params: n.genesis.Params,
		CurrentParams: func() types.ChainParams { return n.ChainConfig().Params }, HeadTimeMs: n.store.Head().TimeMs,
		Now: n.now, Logger: n.log.With("component", "txpool")},
		n.ledger, n.consensus, n.net, n.ledger.TxCache())
	n.ledger.OnApply(n.applied)
	// The API bounds a request by the ceiling of max_tx_bytes, not by the
	// value in force: governance may raise it, and admission checks each
	// transaction against the current value with a typed reason.
	n.api = api.NewServer((*backend)(n), api.Options{Logger: n.log.With("component", "api"),
		MaxRequestBytes: types.MaxMaxTxBytes + (64 << 10), Authorize: n.authorizeCall, ReadEvidence: readEvidence, ReadState: n.readState,
		GRPCServerOptions: n.apiGRPCServerOptions()})
	if err := n.hostEvidence(); err != nil {
		return err
	}
	return nil
}

// Start serves peers and clients and starts consensus. It returns once every
// listener is bound; consensus catches up with peers in the background.
func (n *Node) Start() error {
	if err := n.net.Start(); err != nil {
		return err
	}
	n.addrs["p2p"] = n.net.Addr().String()
	n.metrics.watch(n)
	pollCtx, stopPolling := context.WithCancel(context.Background())
	n.stopPolling, n.pollDone = stopPolling, make(chan struct{})
	go func() { defer close(n.pollDone); n.pollPeerHeights(pollCtx) }()
	n.pool.Start()
	if n.consensus.IsConsenter() {
		if err := n.consensus.Start(); err != nil {
			n.net.Stop()
			return err
		}
	} else {
		n.log.Info("not a consensus node of the chain (yet): syncing from peers until governance adds this node")
		n.joinDone = make(chan struct{})
		go n.join()
	}
	grpcTLS, err := n.trust.ServerTLS(nil, nil, pki.RequireClientCert, pki.WithKeyPair(n.tlsPair))
	if err != nil {
		return err
	}
	gl, err := n.listen("grpc", n.cfg.GRPCListen)
	if err != nil {
		n.Stop()
		return err
	}
	n.addrs["grpc"] = gl.Addr().String()
	gs := n.api.GRPC(credentials.NewTLS(n.watchTLS("grpc", grpcTLS, "h2")))
	go gs.Serve(gl)
	n.servers = append(n.servers, gs.Stop)
	if n.cfg.RESTListen != "" {
		restTLS, err := n.trust.ServerTLS(nil, nil, pki.OptionalClientCert, pki.WithKeyPair(n.tlsPair))
		if err != nil {
			return err
		}
		rl, err := n.listen("rest", n.cfg.RESTListen)
		if err != nil {
			n.Stop()
			return err
		}
		n.addrs["rest"] = rl.Addr().String()
		hs := n.httpServer("rest", n.restMetrics(anonymousOneRequest(n.api.REST(restTLS))), n.watchTLS("rest", restTLS, "h2", "http/1.1"))
		go hs.ServeTLS(rl, "", "")
		n.servers = append(n.servers, func() { hs.Close() })
	}
	if n.cfg.AdminListen != "" {
		al, err := n.listen("admin", n.cfg.AdminListen)
		if err != nil {
			n.Stop()
			return err
		}
		n.addrs["admin"] = al.Addr().String()
		hs := n.httpServer("admin", n.adminHandler(), nil)
		go hs.Serve(al)
		n.servers = append(n.servers, func() { hs.Close() })
	}
	n.syncServing()
	stopWatch := make(chan struct{})
	go n.watchFailure(stopWatch)
	n.servers = append(n.servers, func() { close(stopWatch) })
	n.started = true
	n.log.Info("node started", "chain", n.genesis.ChainID, "height", n.store.Head().Height, "p2p", n.addrs["p2p"], "grpc", n.addrs["grpc"], "rest", n.addrs["rest"])
	return nil
}

// Addr returns the bound address of a listener: "p2p", "grpc", "rest" or "admin".
func (n *Node) Addr(name string) string { return n.addrs[name] }

// Stop stops serving and closes the store. Committed blocks are durable.
func (n *Node) Stop() {
	n.api.SetServing(false)
	for _, stop := range n.servers {
		stop()
	}
	n.servers = nil
	if n.stopPolling != nil {
		n.stopPolling()
		<-n.pollDone
	}
	n.stopping.Store(true)
	if n.joinDone != nil {
		<-n.joinDone
	}
	n.consensus.Stop()
	n.net.Stop()
	n.pool.Stop()
	n.ledger.Close()
	n.closeGuards()
	n.log.Info("node stopped")
}

// Genesis returns the chain's genesis.
func (n *Node) Genesis() *types.Genesis { return n.genesis }

// ID returns the node's id.
func (n *Node) ID() uint64 { return n.cfg.ID }

// Consensus exposes the replica (tests inspect the leader).
func (n *Node) Consensus() *consensus.Consensus { return n.consensus }

// Store exposes the ledger store for reads (tests compare nodes).
func (n *Node) Store() *store.Store { return n.store }

// Chain exposes the node's application line.
func (n *Node) Chain() *chain.Chain { return n.ledger }

// Head is the last committed block.
func (n *Node) Head() store.Head { return n.store.Head() }

// applied follows every block the chain applies, in the order the node
// needs: a configuration change is put in force (TLS trust, peers, node
// certificates) before clients hear of the block; then the pool learns
// what is committed, and metrics count it.
func (n *Node) applied(a *chain.Applied) {
	if a.Config != nil {
		if err := n.applyConfig(a.Config, a.Block.Header.Height); err != nil {
			n.log.Error("cannot put the new chain configuration in force", "height", a.Block.Header.Height, "err", err)
		}
	}
	n.pool.Committed(a.Hashes)
	n.metrics.committed(a.Block, n.now())
}

// peerHandler routes peer messages.
type peerHandler Node

func (h *peerHandler) HandleConsensus(from uint64, msg []byte) {
	h.consensus.HandleConsensus(from, msg)
}
func (h *peerHandler) HandleForward(from uint64, req []byte) { h.consensus.HandleForward(from, req) }
func (h *peerHandler) HandleTxs(from uint64, txs [][]byte)   { h.pool.HandleTxs(from, txs) }

// blockSource serves blocks to syncing peers.
type blockSource Node

func (s *blockSource) Height() uint64 { return s.store.Head().Height }
func (s *blockSource) Block(height uint64) (*types.Block, error) {
	b, err := s.store.Block(height)
	if err == nil && s.serveBlock != nil {
		b = s.serveBlock(b)
	}
	return b, err
}

// CatchUp syncs from peers now (tests and `node start` use it to shorten the
// first sync); consensus also syncs by itself when it falls behind.
func (n *Node) CatchUp(ctx context.Context) (int, error) { return n.consensus.CatchUp(ctx) }
