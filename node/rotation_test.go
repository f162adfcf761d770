package node_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
)

// handshake reports whether the server at addr accepts the client
// certificate certPEM/keyPEM: with TLS 1.3 a refused client certificate
// shows as an alert on the first read, an accepted one as the server's
// HTTP/2 settings.
func handshake(t *testing.T, addr string, certPEM, keyPEM []byte) error {
	t.Helper()
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := tls.Dial("tcp", addr, &tls.Config{Certificates: []tls.Certificate{cert}, InsecureSkipVerify: true, MinVersion: tls.VersionTLS13, NextProtos: []string{"h2"}})
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err != nil {
		return err
	}
	return nil
}

// nodeAddrs returns the addresses of the node with configuration cfg: its
// p2p address and the client endpoints its current TLS certificate
// advertises (a rotated certificate must advertise the same).
func nodeAddrs(t *testing.T, cfg *node.Config) consortium.NodeAddrs {
	t.Helper()
	certPEM, err := os.ReadFile(cfg.TLSCert)
	if err != nil {
		t.Fatal(err)
	}
	a, err := consortium.NodeAddrsOf(cfg.P2PListen, certPEM)
	if err != nil {
		t.Fatal(err)
	}
	if a.GRPC == "" || a.REST == "" {
		t.Fatalf("node %d's TLS certificate advertises no client endpoints: %+v", cfg.ID, a)
	}
	return a
}

// apiAs calls node i's client APIs as the holder of certPEM/keyPEM: gRPC
// Status and REST GET /v1/status. It returns each call's error.
func apiAs(t *testing.T, c *testnet.Cluster, i int, certPEM, keyPEM []byte) (grpcErr, restErr error) {
	t.Helper()
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, certPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if a, err := sdk.Dial(ctx, sdk.Config{Address: c.Network.Nodes[i].GRPC, CertFile: certFile, KeyFile: keyFile, CAFile: c.Network.CABundle}); err != nil {
		grpcErr = err
	} else {
		_, grpcErr = a.Status(ctx)
		a.Close()
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(bundle)
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{Certificates: []tls.Certificate{pair}, RootCAs: roots}}}
	defer hc.CloseIdleConnections()
	resp, err := hc.Get("https://" + c.Network.Nodes[i].REST + "/v1/status")
	if err != nil {
		return grpcErr, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		restErr = fmt.Errorf("REST status %d: %s", resp.StatusCode, body)
	}
	return grpcErr, restErr
}

// load keeps a client submitting transactions, one after the other, and
// records the height of each commit.
type load struct {
	mu      sync.Mutex
	heights []uint64
	times   []time.Time
	fails   atomic.Int64
	stop    chan struct{}
	done    chan struct{}
}

func startLoad(t *testing.T, c *testnet.Cluster, i int) *load {
	l := &load{stop: make(chan struct{}), done: make(chan struct{})}
	cl := c.Client(i)
	acct := c.Account(i)
	opt := c.TxOptions()
	go func() {
		defer close(l.done)
		for k := 0; ; k++ {
			select {
			case <-l.stop:
				return
			default:
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			r, err := cl.SubmitAndWait(ctx, evidenceTx(t, acct, opt, fmt.Sprintf("load %d", k)))
			cancel()
			if err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
				l.fails.Add(1)
				continue
			}
			l.mu.Lock()
			l.heights = append(l.heights, r.Height)
			l.times = append(l.times, time.Now())
			l.mu.Unlock()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return l
}

// last returns the last committed height the load saw.
func (l *load) last() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.heights) == 0 {
		return 0
	}
	return l.heights[len(l.heights)-1]
}

// finish stops the load and returns the longest time without a commit.
func (l *load) finish() time.Duration {
	close(l.stop)
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	var gap time.Duration
	for i := 1; i < len(l.times); i++ {
		gap = max(gap, l.times[i].Sub(l.times[i-1]))
	}
	return gap
}

// waitAdvance waits until the load commits above height h.
func (l *load) waitAdvance(t *testing.T, what string, h uint64) uint64 {
	t.Helper()
	waitFor(t, what, 20*time.Second, func() bool { return l.last() > h })
	return l.last()
}

// consensusSig signs a consensus protocol message the way a replica does
// (domain-separated digest of the message).
func consensusSig(t *testing.T, suite types.Suite, k types.Signer, msg []byte) []byte {
	t.Helper()
	d := suite.Sum(append([]byte("causeway/consensus/v1"), msg...))
	sig, err := k.Sign(d[:])
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// A node's TLS and signing certificates, and then an org's CA, are rotated
// by governance on a running four-node consortium. No node restarts; blocks
// commit throughout; during each overlap the old and the new material are
// both accepted; after it the old is refused: the node's old TLS
// certificate at the handshake, its old consensus key's signatures, and
// clients with certificates of the old CA.
func TestRotateNodeCertsAndOrgCAWithoutRestart(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	cl := c.Client(0)
	suite := c.Network.Suite()
	ctx := context.Background()
	ld := startLoad(t, c, 2)
	h0 := ld.waitAdvance(t, "first commits", 0)

	// --- Node 1 (org1): new TLS and signing certificates. -------------
	cfg1, err := node.LoadConfig(c.Layout.NodeConfigs[0])
	if err != nil {
		t.Fatal(err)
	}
	org1, err := consortium.LoadOrg(filepath.Join(c.Layout.Dir, "orgs", "org1"))
	if err != nil {
		t.Fatal(err)
	}
	oldTLSCert, _ := os.ReadFile(cfg1.TLSCert)
	oldTLSKey, _ := os.ReadFile(cfg1.TLSKey)
	oldSign, err := crypto.LoadKey(cfg1.SignKey)
	if err != nil {
		t.Fatal(err)
	}
	tlsCred, signCred, err := org1.IssueNodeCerts(filepath.Join(t.TempDir(), "node1-v2"), 1, nodeAddrs(t, cfg1))
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	newTLSCert, newTLSKey, newSignCert := read(tlsCred.Cert), read(tlsCred.Key), read(signCred.Cert)
	newSign, err := crypto.LoadKey(signCred.Key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := node.StageRotation(cfg1, newTLSCert, newTLSKey, newSignCert, read(signCred.Key)); err != nil {
		t.Fatal(err)
	}
	n1 := c.Node(0)
	rec := govern(t, c, cl, &types.Proposal{Action: &types.Proposal_RotateNodeCert{RotateNodeCert: &types.RotateNodeCert{
		Id: 1, TlsCert: string(newTLSCert), SignCert: string(newSignCert), OverlapMs: 4000}}}, "org1", "org2", "org3")
	t.Logf("node 1 rotation executed at height %d", rec.ClosedHeight)
	newLeaf, _ := pki.ParseCertPEM(newTLSCert)
	waitFor(t, "node 1 to switch to its new material", 10*time.Second, func() bool {
		return bytes.Equal(n1.TLSCertificate().Raw, newLeaf.Raw) && bytes.Equal(n1.Consensus().Signer().PublicKey(), newSign.PublicKey())
	})
	if c.Node(0) != n1 {
		t.Fatal("node 1 was restarted")
	}
	// During the overlap: both TLS certificates and both keys are accepted.
	if err := c.WaitHeight(rec.ClosedHeight, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	p2p2 := c.Node(1).Addr("p2p")
	if err := handshake(t, p2p2, oldTLSCert, oldTLSKey); err != nil {
		t.Fatalf("during the overlap, node 1's old TLS certificate is refused: %v", err)
	}
	if err := handshake(t, p2p2, newTLSCert, newTLSKey); err != nil {
		t.Fatalf("node 1's new TLS certificate is refused: %v", err)
	}
	// A consensus protocol message (as SmartBFT hands it to the verifier)
	// signed with either key is accepted.
	msg := []byte("view change, say")
	for i := 1; i < 4; i++ {
		cs := c.Node(i).Consensus()
		if err := cs.VerifySignature(bft.Signature{ID: 1, Value: consensusSig(t, suite, oldSign, msg), Msg: msg}); err != nil {
			t.Fatalf("node %d refuses a message signed with node 1's old key during the overlap: %v", i+1, err)
		}
		if err := cs.VerifySignature(bft.Signature{ID: 1, Value: consensusSig(t, suite, newSign, msg), Msg: msg}); err != nil {
			t.Fatalf("node %d refuses a message signed with node 1's new key: %v", i+1, err)
		}
	}
	// The retiring TLS certificate still passes as node 1 on the client
	// APIs during the overlap.
	if ge, re := apiAs(t, c, 1, oldTLSCert, oldTLSKey); ge != nil || re != nil {
		t.Fatalf("during the overlap, node 1's old certificate is refused on the client APIs: gRPC %v, REST %v", ge, re)
	}
	during := ld.waitAdvance(t, "commits during the overlap", rec.ClosedHeight)
	overlapProbe := evidenceTx(t, c.Account(0), c.TxOptions(), "during the overlap")
	submitAll(t, cl, []*types.Transaction{overlapProbe}, 1)

	// After the overlap (the first block at or after its end sweeps it).
	waitFor(t, "the end of node 1's overlap on every node", 20*time.Second, func() bool {
		for i := 0; i < 4; i++ {
			n, _ := c.Node(i).ChainConfig().Node(1)
			if n.Rotating() {
				return false
			}
		}
		return true
	})
	if err := handshake(t, p2p2, oldTLSCert, oldTLSKey); err == nil {
		t.Fatal("after the overlap, node 1's old TLS certificate is accepted at the handshake")
	}
	if err := handshake(t, p2p2, newTLSCert, newTLSKey); err != nil {
		t.Fatalf("node 1's new TLS certificate is refused: %v", err)
	}
	// It still chains to org1's CA, but it is no node's any more: the
	// client APIs refuse it too (a retired node certificate must not keep
	// the node role's access), on every node; the new one is served.
	for i := 0; i < 4; i++ {
		ge, re := apiAs(t, c, i, oldTLSCert, oldTLSKey)
		if ge == nil || re == nil {
			t.Fatalf("after the overlap, node %d serves node 1's old certificate: gRPC %v, REST %v", i+1, ge, re)
		}
		if !strings.Contains(ge.Error(), "no consensus node holds") || !strings.Contains(re.Error(), "401") || !strings.Contains(re.Error(), "no consensus node holds") {
			t.Fatalf("node %d refuses node 1's old certificate with gRPC %v, REST %v; want unauthenticated", i+1, ge, re)
		}
	}
	if ge, re := apiAs(t, c, 2, newTLSCert, newTLSKey); ge != nil || re != nil {
		t.Fatalf("node 1's new certificate is refused on the client APIs: gRPC %v, REST %v", ge, re)
	}
	for i := 1; i < 4; i++ {
		cs := c.Node(i).Consensus()
		if err := cs.VerifySignature(bft.Signature{ID: 1, Value: consensusSig(t, suite, oldSign, msg), Msg: msg}); !errors.Is(err, consensus.ErrBadCommitSignature) {
			t.Fatalf("node %d accepts a message signed with node 1's old key after the overlap: %v", i+1, err)
		}
		if err := cs.VerifySignature(bft.Signature{ID: 1, Value: consensusSig(t, suite, newSign, msg), Msg: msg}); err != nil {
			t.Fatalf("node %d refuses node 1's new key: %v", i+1, err)
		}
	}
	// The node saved its new material over its configured files.
	if !bytes.Equal(read(cfg1.TLSCert), newTLSCert) || !bytes.Equal(read(cfg1.TLSKey), newTLSKey) {
		t.Fatal("node 1's TLS files were not replaced by the rotated ones")
	}
	if k, err := crypto.LoadKey(cfg1.SignKey); err != nil || !bytes.Equal(k.PublicKey(), newSign.PublicKey()) {
		t.Fatalf("node 1's signing key file was not replaced: %v", err)
	}
	after := ld.waitAdvance(t, "commits after the overlap", c.MaxHeight())
	// Node 1 still signs blocks, with its new key only.
	signedByNew := false
	waitFor(t, "a block certified by node 1's new key", 20*time.Second, func() bool {
		head := c.Node(1).Head().Height
		for h := after; h <= head && !signedByNew; h++ {
			b, err := c.Node(1).Store().Block(h)
			if err != nil {
				continue
			}
			for _, s := range b.Signatures {
				if s.Signer == 1 && crypto.Verify(newSign.Scheme(), newSign.PublicKey(), suite.CommitMessage(b.Header.ChainId, h, suite.BlockHash(b), s.Aux), s.Signature) == nil {
					signedByNew = true
				}
			}
		}
		if !signedByNew {
			ld.waitAdvance(t, "more commits", c.MaxHeight())
		}
		return signedByNew
	})

	// --- org2: a new CA. ------------------------------------------------
	org2, err := consortium.LoadOrg(filepath.Join(c.Layout.Dir, "orgs", "org2"))
	if err != nil {
		t.Fatal(err)
	}
	rot, err := org2.PrepareCARotation()
	if err != nil {
		t.Fatal(err)
	}
	caPEM := read(rot.CACert)
	rec = govern(t, c, cl, &types.Proposal{Action: &types.Proposal_RotateCa{RotateCa: &types.RotateCA{Org: "org2", CaCert: string(caPEM), OverlapMs: 8000}}}, "org2", "org3", "org4")
	caRotatedAt := rec.ClosedHeight
	if err := c.WaitHeight(caRotatedAt, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	dialAs := func(cred sdk.Credential) error {
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		a, err := sdk.Dial(dctx, sdk.Config{Address: c.Network.Nodes[0].GRPC, CertFile: cred.Cert, KeyFile: cred.Key, CAFile: c.Network.CABundle})
		if err != nil {
			return err
		}
		defer a.Close()
		_, err = a.Status(dctx)
		return err
	}
	oldClient := org2.Client
	// During the overlap: clients of the old and of the new CA connect.
	if err := dialAs(oldClient); err != nil {
		t.Fatalf("during the overlap, a client of org2's old CA is refused: %v", err)
	}
	if err := dialAs(rot.Client); err != nil {
		t.Fatalf("a client of org2's new CA is refused: %v", err)
	}
	// org2's node moves to certificates of the new CA within the overlap.
	cfg2, err := node.LoadConfig(c.Layout.NodeConfigs[1])
	if err != nil {
		t.Fatal(err)
	}
	oldTLS2Cert, oldTLS2Key := read(cfg2.TLSCert), read(cfg2.TLSKey)
	newCA, err := pki.LoadCA(rot.Dir)
	if err != nil {
		t.Fatal(err)
	}
	next := &consortium.Org{Name: "org2", Dir: t.TempDir(), CA: newCA}
	tls2, sign2, err := next.IssueNodeCerts(filepath.Join(t.TempDir(), "node2-v2"), 2, nodeAddrs(t, cfg2))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := node.StageRotation(cfg2, read(tls2.Cert), read(tls2.Key), read(sign2.Cert), read(sign2.Key)); err != nil {
		t.Fatal(err)
	}
	rec = govern(t, c, cl, &types.Proposal{Action: &types.Proposal_RotateNodeCert{RotateNodeCert: &types.RotateNodeCert{
		Id: 2, TlsCert: string(read(tls2.Cert)), SignCert: string(read(sign2.Cert)), OverlapMs: 1000}}}, "org2", "org3", "org4")
	leaf2, _ := pki.ParseCertPEM(read(tls2.Cert))
	waitFor(t, "node 2 to switch to certificates of the new CA", 10*time.Second, func() bool {
		return bytes.Equal(c.Node(1).TLSCertificate().Raw, leaf2.Raw)
	})
	if _, err := org2.AdoptCA(); err != nil {
		t.Fatal(err)
	}
	// After the CA's overlap: the old CA's client is refused, the new one's
	// is served, and node 2 (now on the new CA) still takes part.
	waitFor(t, "the end of org2's CA overlap on every node", 20*time.Second, func() bool {
		for i := 0; i < 4; i++ {
			o, _ := c.Node(i).ChainConfig().Org("org2")
			if o.Rotating() {
				return false
			}
		}
		return true
	})
	if err := dialAs(sdk.Credential{Cert: filepath.Join(rot.Retired, "client.cert.pem"), Key: oldClient.Key}); err == nil {
		t.Fatal("after the overlap, a client of org2's old CA is served")
	}
	if err := dialAs(org2.Client); err != nil {
		t.Fatalf("a client of org2's new CA (adopted) is refused: %v", err)
	}
	if err := handshake(t, c.Node(0).Addr("p2p"), oldTLS2Cert, oldTLS2Key); err == nil {
		t.Fatal("node 2's old TLS certificate (old CA) is accepted at the handshake")
	}
	final := ld.waitAdvance(t, "commits after the CA rotation", c.MaxHeight())
	waitFor(t, "node 2 to keep consenting", 20*time.Second, func() bool {
		return c.Node(1).Consensus().Running() && c.Node(1).Head().Height >= final
	})
	gap := ld.finish()
	t.Logf("heights: start %d, overlap %d, after %d, final %d; longest time without a commit %v; failed submissions %d", h0, during, after, final, gap, ld.fails.Load())
	if gap > 10*time.Second {
		t.Fatalf("no block committed for %v during the rotations", gap)
	}
	for i := 0; i < 4; i++ {
		if c.Node(i) == nil || !c.Node(i).Consensus().Running() {
			t.Fatalf("node %d is not running", i+1)
		}
	}
	if err := c.WaitHeight(c.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}

	// Blocks certified across both rotations verify offline against the
	// genesis alone (the configuration history carries the keys).
	v, err := verify.New(c.Node(0).Genesis())
	if err != nil {
		t.Fatal(err)
	}
	probe := evidenceTx(t, c.Account(0), c.TxOptions(), "after rotations")
	submitAll(t, cl, []*types.Transaction{probe}, 1)
	submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(0), c.TxOptions(), "certify it")}, 1)
	pctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	p, err := cl.WaitTxProof(pctx, suite.TxHash(probe))
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Tx(p)
	if err != nil {
		t.Fatalf("offline verification after the rotations: %v", err)
	}
	if changes := got.Certified.Configs.Changes(); len(changes) < 6 {
		t.Fatalf("configuration history has %d changes, want the 3 rotations and 3 sweeps: %v", len(changes), changes)
	}
	// And so does a transaction committed during node 1's overlap, under the
	// configuration that listed both of its keys.
	p, err = cl.WaitTxProof(pctx, suite.TxHash(overlapProbe))
	if err != nil {
		t.Fatal(err)
	}
	got, err = v.Tx(p)
	if err != nil {
		t.Fatalf("offline verification of a block of the overlap: %v", err)
	}
	if n, _ := got.Certified.Config.Node(1); !n.Rotating() {
		t.Logf("the block certifying the overlap probe (height %d) is already after the overlap", got.Certified.Header.Height)
	}
}

// A node stopped through a whole rotation's overlap: its old certificates
// are refused when it comes back, so its operator installs the staged
// material (node.InstallStaged, `causeway node install-staged`) and starts
// it; it catches up and consents with its new certificates. Staging refuses
// keys that do not match their certificates.
func TestRotationOfAStoppedNode(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	cl := c.Client(0)
	cfg4, err := node.LoadConfig(c.Layout.NodeConfigs[3])
	if err != nil {
		t.Fatal(err)
	}
	org4, err := consortium.LoadOrg(filepath.Join(c.Layout.Dir, "orgs", "org4"))
	if err != nil {
		t.Fatal(err)
	}
	tlsCred, signCred, err := org4.IssueNodeCerts(filepath.Join(t.TempDir(), "node4-v2"), 4, nodeAddrs(t, cfg4))
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tlsCert, tlsKey, signCert, signKey := read(tlsCred.Cert), read(tlsCred.Key), read(signCred.Cert), read(signCred.Key)
	// Hostile staging: swapped keys, or nothing at all.
	if _, err := node.StageRotation(cfg4, tlsCert, read(cfg4.TLSKey), nil, nil); err == nil {
		t.Fatal("staged a TLS certificate with another certificate's key")
	}
	if _, err := node.StageRotation(cfg4, nil, nil, signCert, read(cfg4.SignKey)); !errors.Is(err, node.ErrStagedMismatch) {
		t.Fatalf("staged a signing certificate with another key: %v", err)
	}
	if _, err := node.StageRotation(cfg4, nil, nil, nil, nil); err == nil {
		t.Fatal("staged nothing without an error")
	}
	if _, err := node.StageRotation(cfg4, tlsCert, tlsKey, signCert, signKey); err != nil {
		t.Fatal(err)
	}
	c.Stop(3)
	govern(t, c, cl, &types.Proposal{Action: &types.Proposal_RotateNodeCert{RotateNodeCert: &types.RotateNodeCert{
		Id: 4, TlsCert: string(tlsCert), SignCert: string(signCert), OverlapMs: 1000}}}, "org4", "org1", "org2")
	opt := c.TxOptions()
	k := 0
	waitFor(t, "the end of node 4's overlap", 30*time.Second, func() bool {
		k++
		submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(0), opt, fmt.Sprintf("while node 4 is down %d", k))}, 1)
		n, _ := c.Node(0).ChainConfig().Node(4)
		return !n.Rotating()
	})
	st, err := node.InstallStaged(cfg4)
	if err != nil || st.TLSSerial == "" || st.SignSerial == "" {
		t.Fatalf("install staged: %+v %v", st, err)
	}
	c.Restart(3)
	n4 := c.Node(3)
	leaf, _ := pki.ParseCertPEM(tlsCert)
	newSign, _ := crypto.ParsePrivateKeyPEM(signKey)
	if !bytes.Equal(n4.TLSCertificate().Raw, leaf.Raw) || !bytes.Equal(n4.Consensus().Signer().PublicKey(), newSign.PublicKey()) {
		t.Fatal("the restarted node does not use its installed material")
	}
	if err := c.WaitHeight(c.MaxHeight(), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	// Node 4 takes part again: with node 1 stopped, blocks need its signature.
	c.Stop(0)
	cl2 := c.Client(1)
	r := submitAll(t, cl2, []*types.Transaction{evidenceTx(t, c.Account(1), opt, "node 4 is needed")}, 1)[0]
	if err := c.WaitHeight(r.Height, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	b, err := c.Node(1).Store().Block(r.Height)
	if err != nil {
		t.Fatal(err)
	}
	signed := false
	for _, s := range b.Signatures {
		signed = signed || s.Signer == 4
	}
	if !signed {
		t.Fatalf("block %d, committed without node 1, lacks node 4's signature", r.Height)
	}
}
