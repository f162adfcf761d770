package soak

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// kvRuntime is the EVM code of the soak's register contract, assembled by
// hand (no compiler needed). Calldata key (32 bytes) reads the register
// key; calldata key‖value (64 bytes) swaps value in. Either returns the
// value the register held before the call, as a 32-byte word:
//
//	00 PUSH1 0 CALLDATALOAD          key
//	03 DUP1 SLOAD                    key old
//	05 PUSH1 0 MSTORE                key           mem[0..32] = old
//	08 PUSH1 64 CALLDATASIZE LT      key (size<64)
//	0c PUSH1 0x14 JUMPI              key           reads skip the store
//	0f PUSH1 32 CALLDATALOAD         key value
//	12 SWAP1 SSTORE                                storage[key] = value
//	14 JUMPDEST PUSH1 32 PUSH1 0 RETURN            return mem[0..32]
var kvRuntime = []byte{
	0x60, 0x00, 0x35,
	0x80, 0x54,
	0x60, 0x00, 0x52,
	0x60, 0x40, 0x36, 0x10,
	0x60, 0x14, 0x57,
	0x60, 0x20, 0x35,
	0x90, 0x55,
	0x5b, 0x60, 0x20, 0x60, 0x00, 0xf3,
}

// kvCreation is creation code returning kvRuntime:
// PUSH1 len DUP1 PUSH1 11 PUSH1 0 CODECOPY PUSH1 0 RETURN, then the runtime.
var kvCreation = append([]byte{0x60, byte(len(kvRuntime)), 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3}, kvRuntime...)

func kvInput(key uint64, value *uint64) []byte {
	in := make([]byte, 32, 64)
	binary.BigEndian.PutUint64(in[24:], key)
	if value != nil {
		in = append(in, make([]byte, 32)...)
		binary.BigEndian.PutUint64(in[56:], *value)
	}
	return in
}

// kvOutput decodes the 32-byte word the contract returns.
func kvOutput(b []byte) (uint64, error) {
	if len(b) != 32 {
		return 0, fmt.Errorf("register returned %d bytes, want 32", len(b))
	}
	for _, x := range b[:24] {
		if x != 0 {
			return 0, fmt.Errorf("register returned %x: not a uint64", b)
		}
	}
	return binary.BigEndian.Uint64(b[24:]), nil
}

// opKind is what a transaction of the workload does.
type opKind int

const (
	opTransfer opKind = iota
	opEvidence
	opKVWrite
	opKVRead
	opSetup // the contract deployment and the closing markers
)

var opNames = [...]string{"transfer", "evidence", "kv-write", "kv-read", "setup"}

func (k opKind) String() string { return opNames[k] }

// op is one transaction the workload submitted, and what became of it.
type op struct {
	kind   opKind
	client int
	tx     *types.Transaction
	raw    []byte
	hash   types.Hash
	// call is when it was first sent, ret when a node acknowledged it as
	// committed (-1: never), both in nanoseconds since the soak started.
	call, ret int64
	expires   time.Time
	ack       *apipb.SubmitTxResponse
	ackNode   int
	attempts  int
	// doubled: also sent at once to a second node.
	doubled bool
	// refused is the last refusal reason, when no node ever acknowledged it.
	refused string

	// transfer
	from, to int
	amount   uint64
	// kv
	key   uint64
	value uint64 // written value (kv-write)
	// evidence
	digest []byte
}

// localRead is a read of the register served from one node's state
// (QueryContract), not ordered through consensus.
type localRead struct {
	client, node int
	key          uint64
	value        uint64
	height       uint64
	call, ret    int64
}

// workload runs the clients and records their history.
type workload struct {
	start    time.Time
	chainID  string
	suite    types.Suite
	validity time.Duration
	nodes    int
	// clients[n] is a connection to node n (shared by the workers).
	clients  []*sdk.Client
	accounts []sdk.Account
	contract []byte
	keys     int

	mu     sync.Mutex
	ops    []*op
	reads  []localRead
	errors []string

	markers uint64

	// acked is the highest height acknowledged to any client so far.
	acked atomic.Uint64
}

func (w *workload) now() int64 { return int64(time.Since(w.start)) }

// dialAll connects to every node with org1's client credential, with a
// short reconnection backoff: killed nodes come back within seconds, and
// gRPC's default backoff (up to 2 minutes) would leave clients away long
// after.
func dialAll(ctx context.Context, nw *sdk.Network) ([]*sdk.Client, error) {
	org := nw.Orgs[0]
	path := func(p string) string {
		if p != "" && !filepath.IsAbs(p) {
			return filepath.Join(nw.Dir, p)
		}
		return p
	}
	var out []*sdk.Client
	for _, n := range nw.Nodes {
		c, err := sdk.Dial(ctx, sdk.Config{
			Address: n.GRPC, CertFile: path(org.Client.Cert), KeyFile: path(org.Client.Key), CAFile: path(nw.CABundle),
			DialOptions: []grpc.DialOption{grpc.WithConnectParams(grpc.ConnectParams{
				Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second},
				MinConnectTimeout: 2 * time.Second,
			})},
		})
		if err != nil {
			for _, c := range out {
				c.Close()
			}
			return nil, fmt.Errorf("node %d: %w", n.ID, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// orgAccounts loads each org's funded account (network.json's account).
func orgAccounts(nw *sdk.Network) ([]sdk.Account, error) {
	var out []sdk.Account
	for _, o := range nw.Orgs {
		if o.Account == nil {
			return nil, fmt.Errorf("org %s has no account in the network file", o.Name)
		}
		key := o.Account.Key
		if !filepath.IsAbs(key) {
			key = filepath.Join(nw.Dir, key)
		}
		k, err := crypto.LoadKey(key)
		if err != nil {
			return nil, fmt.Errorf("org %s account key: %w", o.Name, err)
		}
		out = append(out, sdk.Account{Name: o.Account.Name, Signer: k, Suite: nw.Suite()})
	}
	return out, nil
}

func (w *workload) txOptions() sdk.TxOptions {
	return sdk.TxOptions{ChainID: w.chainID, Validity: w.validity}
}

func (w *workload) errorf(format string, args ...any) {
	w.mu.Lock()
	w.errors = append(w.errors, fmt.Sprintf(format, args...))
	w.mu.Unlock()
}

// newOp records a transaction about to be sent.
func (w *workload) newOp(kind opKind, client int, tx *types.Transaction) *op {
	o := &op{kind: kind, client: client, tx: tx, raw: types.EncodeTx(tx), hash: w.suite.TxHash(tx), ret: -1,
		expires: time.Now().Add(w.validity)}
	w.mu.Lock()
	w.ops = append(w.ops, o)
	w.mu.Unlock()
	return o
}

// attemptTimeout bounds one node's chance to commit a transaction before
// the client sends it to another node.
const attemptTimeout = 5 * time.Second

// submit sends o to nodes in a random order until one acknowledges it as
// committed, resending the same transaction (same hash) to the next node
// on any failure, until the transaction expires or ctx ends. A node that
// answers "duplicate" has it pooled or committed: the client asks that
// node for it until the attempt times out.
func (w *workload) submit(ctx context.Context, rng *rand.Rand, o *op) bool {
	o.call = w.now()
	order := rng.Perm(w.nodes)
	if rng.IntN(10) == 0 {
		// Also hand it, without waiting, to the node tried last: the
		// same transaction is then in two nodes' pools from the start.
		o.doubled = true
		go func(cl *sdk.Client) {
			dctx, cancel := context.WithTimeout(ctx, attemptTimeout)
			defer cancel()
			_, _ = cl.SubmitRaw(dctx, o.raw, false)
		}(w.clients[order[len(order)-1]])
	}
	for i := 0; ctx.Err() == nil && time.Now().Before(o.expires); i++ {
		n := order[i%len(order)]
		o.attempts++
		actx, cancel := context.WithTimeout(ctx, attemptTimeout)
		resp, err := w.clients[n].SubmitRaw(actx, o.raw, true)
		if err != nil && sdk.ReasonOf(err) == types.CodeDuplicate {
			resp, err = w.waitCommitted(actx, n, o.hash)
		}
		cancel()
		if err == nil {
			o.ret, o.ack, o.ackNode = w.now(), resp, n
			for h := w.acked.Load(); resp.Height > h && !w.acked.CompareAndSwap(h, resp.Height); h = w.acked.Load() {
			}
			return true
		}
		o.refused = string(sdk.ReasonOf(err))
		if o.refused == "" {
			o.refused = err.Error()
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(50+rng.IntN(150)) * time.Millisecond):
		}
	}
	return false
}

// waitCommitted polls node n until the transaction is committed there.
func (w *workload) waitCommitted(ctx context.Context, n int, h types.Hash) (*apipb.SubmitTxResponse, error) {
	for {
		r, err := w.clients[n].GetTx(ctx, h)
		if err == nil {
			return &apipb.SubmitTxResponse{TxHash: r.TxHash, Receipt: r.Receipt, Height: r.Height}, nil
		}
		if !sdk.IsNotFound(err) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// deploy commits the register contract and returns its address.
func (w *workload) deploy(ctx context.Context) error {
	tx, err := w.accounts[0].DeployContractTx(w.txOptions(), kvCreation, 1_000_000, 0)
	if err != nil {
		return err
	}
	o := w.newOp(opSetup, -1, tx)
	if !w.submit(ctx, rand.New(rand.NewPCG(1, 2)), o) {
		return fmt.Errorf("deploy the register contract: %s", o.refused)
	}
	if rc := o.ack.Receipt; rc.Status != types.ReceiptStatus_SUCCESS || len(rc.ContractAddress) == 0 {
		return fmt.Errorf("deploy the register contract: %s %s", rc.ErrorCode, rc.Error)
	}
	w.contract = o.ack.Receipt.ContractAddress
	return nil
}

// marker commits a transaction outside the history (the closing blocks).
func (w *workload) marker(ctx context.Context) (*op, error) {
	w.markers++
	n := w.markers
	digest := sha256.Sum256(binary.BigEndian.AppendUint64([]byte("soak-marker"), n))
	tx, err := w.accounts[0].DepositEvidenceTx(w.txOptions(), digest[:], "sha256", nil)
	if err != nil {
		return nil, err
	}
	o := w.newOp(opSetup, -1, tx)
	if !w.submit(ctx, rand.New(rand.NewPCG(n, 3)), o) {
		return nil, fmt.Errorf("marker transaction not committed: %s", o.refused)
	}
	return o, nil
}

// converge waits until every node answers with the same height (at
// least least) and block hash, committing a marker transaction every few
// seconds meanwhile: a node behind on an idle chain may learn of the
// blocks it lacks only from new ones. It returns the height.
func (w *workload) converge(ctx context.Context, mon *monitor, least uint64, timeout time.Duration) (uint64, error) {
	deadline := time.Now().Add(timeout)
	for {
		h, err := mon.waitAgree(ctx, least, min(5*time.Second, max(time.Until(deadline), time.Second)))
		if err == nil || time.Now().After(deadline) || ctx.Err() != nil {
			if err != nil {
				err = fmt.Errorf("%w (with a transaction committed every 5 s for %s)", err, timeout)
			}
			return h, err
		}
		mctx, cancel := context.WithDeadline(ctx, deadline)
		m, merr := w.marker(mctx)
		cancel()
		if merr == nil {
			least = max(least, m.ack.Height)
		}
	}
}

// run is one client: it sends a random mix of transactions, one at a
// time, until ctx ends.
func (w *workload) run(ctx context.Context, client int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, uint64(client)))
	me := client % len(w.accounts)
	var seq uint64
	for ctx.Err() == nil {
		seq++
		var (
			o   *op
			tx  *types.Transaction
			err error
		)
		switch p := rng.IntN(100); {
		case p < 15:
			w.localRead(ctx, rng, client)
			continue
		case p < 45:
			to := (me + 1 + rng.IntN(len(w.accounts)-1)) % len(w.accounts)
			amount := uint64(1 + rng.IntN(1000))
			tx, err = w.accounts[me].TransferTx(w.txOptions(), w.accounts[to].ID(), amount)
			if err == nil {
				o = w.newOp(opTransfer, client, tx)
				o.from, o.to, o.amount = me, to, amount
			}
		case p < 65:
			d := sha256.Sum256(fmt.Appendf(nil, "soak evidence %d/%d/%d", seed, client, seq))
			tx, err = w.accounts[me].DepositEvidenceTx(w.txOptions(), d[:], "sha256",
				[]*types.Attribute{{Key: "client", Value: fmt.Sprint(client)}})
			if err == nil {
				o = w.newOp(opEvidence, client, tx)
				o.digest = d[:]
			}
		case p < 90:
			key := uint64(1 + rng.IntN(w.keys))
			value := uint64(client+1)<<40 | seq // unique: each write is told apart by its value
			tx, err = w.accounts[me].CallContractTx(w.txOptions(), w.contract, kvInput(key, &value), 200_000, 0)
			if err == nil {
				o = w.newOp(opKVWrite, client, tx)
				o.key, o.value = key, value
			}
		default:
			key := uint64(1 + rng.IntN(w.keys))
			tx, err = w.accounts[me].CallContractTx(w.txOptions(), w.contract, kvInput(key, nil), 200_000, 0)
			if err == nil {
				o = w.newOp(opKVRead, client, tx)
				o.key = key
			}
		}
		if err != nil {
			w.errorf("client %d: build a transaction: %v", client, err)
			return
		}
		w.submit(ctx, rng, o)
	}
}

// localRead reads a register from one node's committed state.
func (w *workload) localRead(ctx context.Context, rng *rand.Rand, client int) {
	n := rng.IntN(w.nodes)
	key := uint64(1 + rng.IntN(w.keys))
	call := w.now()
	actx, cancel := context.WithTimeout(ctx, 2*time.Second)
	r, err := w.clients[n].QueryContract(actx, "", w.contract, kvInput(key, nil), 100_000)
	cancel()
	if err != nil || r.ErrorCode != "" {
		return // a node that is down or behind: nothing to record
	}
	v, err := kvOutput(r.ReturnData)
	if err != nil {
		w.errorf("local read of key %d on node %d: %v", key, n+1, err)
		return
	}
	w.mu.Lock()
	w.reads = append(w.reads, localRead{client: client, node: n, key: key, value: v, height: r.Height, call: call, ret: w.now()})
	w.mu.Unlock()
}
