package sim

import (
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing/synctest"
	"time"

	ethcrypto "github.com/ethereum/go-ethereum/crypto"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// The workload is a key-value register store (testdata/KV.sol) that a few
// sequential clients read and write through transactions: a write is
// put(k, v), a read get(k), whose value comes back in the receipt's return
// data. Reads are transactions, ordered with the writes by consensus, so
// the history of operations (call: submission; return: the client sees
// its transaction committed, with its receipt, at a node it sent it to)
// must be linearizable.

//go:embed testdata/KV.json
var kvArtifact []byte

var (
	kvCode      []byte
	selectorPut = ethcrypto.Keccak256([]byte("put(uint256,uint256)"))[:4]
	selectorGet = ethcrypto.Keccak256([]byte("get(uint256)"))[:4]
)

func init() {
	var a struct {
		Bytecode string `json:"bytecode"`
	}
	if err := json.Unmarshal(kvArtifact, &a); err != nil {
		panic(err)
	}
	code, err := hex.DecodeString(strings.TrimPrefix(a.Bytecode, "0x"))
	if err != nil {
		panic(err)
	}
	kvCode = code
}

func word(v uint64) []byte {
	var w [32]byte
	binary.BigEndian.PutUint64(w[24:], v)
	return w[:]
}

// kvInput is an operation of the history.
type kvInput struct {
	Put   bool
	Key   uint64
	Value uint64
}

const (
	kvKeys   = 3
	kvGas    = 200_000
	probeKey = 1000
)

// op is one client operation: one transaction.
type op struct {
	client   int
	in       kvInput
	raw      []byte
	hash     types.Hash
	call     time.Time
	sentTo   []uint64
	lastSend time.Time
	retryAt  time.Time
	done     bool
	ret      time.Time
	out      uint64
	failed   bool // committed with a FAILED receipt
	// lastErr is the last submission's refusal (under Sim.mu), reported
	// when the operation is still pending at the end.
	lastErr string
}

// client is one sequential client: one operation at a time, retried at
// other nodes when it takes long.
type client struct {
	id     int
	acct   sdk.Account
	cur    *op
	nextAt time.Time
	ops    []*op
}

// newTx builds a signed transaction from acct with a nonce from the sim's
// generator, dated now (the simulated clock).
func (s *Sim) newTx(acct sdk.Account, typ types.TxType, build func(sdk.TxOptions) (*types.Transaction, error)) ([]byte, types.Hash) {
	opt := sdk.TxOptions{ChainID: chainID, Now: time.Now, Nonce: s.wrng.Uint64() | 1}
	tx, err := build(opt)
	if err != nil {
		panic(fmt.Sprintf("sim: build tx: %v", err))
	}
	raw := types.EncodeTx(tx)
	h := s.cons.Genesis.Suite().TxHash(tx)
	s.submitted[h] = true
	s.submittedRaw = append(s.submittedRaw, raw)
	return raw, h
}

func (s *Sim) kvOp(c *client, in kvInput) *op {
	input := append([]byte(nil), selectorGet...)
	input = append(input, word(in.Key)...)
	if in.Put {
		input = append(append([]byte(nil), selectorPut...), word(in.Key)...)
		input = append(input, word(in.Value)...)
	}
	raw, h := s.newTx(c.acct, types.TxType_CALL_CONTRACT, func(o sdk.TxOptions) (*types.Transaction, error) {
		return c.acct.CallContractTx(o, s.kvAddr, input, kvGas, 0)
	})
	return &op{client: c.id, in: in, raw: raw, hash: h, call: time.Now()}
}

// send submits o to node id, if it is up (a client whose node is down gets
// no answer and retries elsewhere later).
func (s *Sim) send(o *op, id uint64) {
	now := time.Now()
	if last, ok := s.lastSubmit[id]; ok && !last.Before(now) {
		// Another submission reached this node at this instant: this one
		// comes a little later (two at one instant race in the pool).
		at := last.Add(37 * time.Microsecond)
		s.lastSubmit[id] = at
		o.retryAt = at.Add(retryAfter)
		s.at(at, "submit", func() { s.sendNow(o, id) })
		return
	}
	s.lastSubmit[id] = now
	s.sendNow(o, id)
}

func (s *Sim) sendNow(o *op, id uint64) {
	now := time.Now()
	o.lastSend = now
	o.retryAt = o.lastSend.Add(retryAfter + time.Duration(s.wrng.Int64N(int64(time.Millisecond))).Truncate(time.Microsecond))
	if !containsID(o.sentTo, id) {
		o.sentTo = append(o.sentTo, id)
	}
	r := s.replica(id)
	s.record("submit", time.Since(epoch).Microseconds(), id, o.hash.String()[:16])
	if !r.up {
		return
	}
	pool := r.pool
	raw := o.raw
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err := pool.Submit(ctx, raw)
		s.mu.Lock()
		if err != nil {
			o.lastErr = fmt.Sprintf("node %d: %v", id, err)
		} else {
			o.lastErr = fmt.Sprintf("node %d: accepted", id)
		}
		s.mu.Unlock()
	}()
	// One submission at a time: the next one starts once this one waits
	// for its answer, so that the pool sees them in a fixed order.
	synctest.Wait()
}

func containsID(ids []uint64, id uint64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// retryAfter is how long a client waits for its transaction before sending
// it again, to another node.
const retryAfter = 2 * time.Second

// stepClients advances the clients: acknowledges committed operations,
// retries slow ones and starts new ones while issuing.
func (s *Sim) stepClients(issuing bool) {
	now := time.Now()
	for _, c := range s.clients {
		if o := c.cur; o != nil {
			if s.checkAck(o) {
				c.cur = nil
				c.nextAt = now.Add(s.thinkTime())
			} else if !now.Before(o.retryAt) {
				s.send(o, s.randomNode())
			}
		}
		if c.cur == nil && issuing && !now.Before(c.nextAt) {
			in := kvInput{Put: s.wrng.IntN(2) == 0, Key: s.wrng.Uint64N(kvKeys)}
			if in.Put {
				s.nextValue++
				in.Value = s.nextValue
			}
			o := s.kvOp(c, in)
			c.cur = o
			c.ops = append(c.ops, o)
			s.send(o, s.randomNode())
			if s.wrng.IntN(5) == 0 {
				s.send(o, s.randomNode()) // the same transaction to two nodes
			}
		}
	}
}

// thinkTime is a client's pause between operations, to the microsecond:
// two clients rarely act at the same instant (events of one instant race
// inside a replica: Go's select picks among ready cases at random).
func (s *Sim) thinkTime() time.Duration {
	return time.Duration(s.wrng.Int64N(int64(100 * time.Millisecond))).Truncate(time.Microsecond)
}

func (s *Sim) randomNode() uint64 { return uint64(1 + s.wrng.IntN(len(s.replicas))) }

// checkAck reports whether o is committed at one of the nodes it was sent
// to, and records its result from that node's receipt.
func (s *Sim) checkAck(o *op) bool {
	if o.done {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range o.sentTo {
		if s.byzantine[id] {
			continue
		}
		rc, ok := s.ledgers[id].receipts[o.hash]
		if !ok {
			continue
		}
		o.done, o.ret = true, rc.at
		if rc.receipt.Status != types.ReceiptStatus_SUCCESS {
			o.failed = true
		} else if !o.in.Put {
			d := rc.receipt.ReturnData
			if len(d) == 32 {
				o.out = binary.BigEndian.Uint64(d[24:])
			} else {
				o.failed = true
			}
		}
		s.acked[o.hash] = true
		return true
	}
	return false
}

// pendingReturn is the return time of an operation still pending at the
// end: it may take effect at any time after its call.
const pendingReturn = math.MaxInt64

// pendingLocked describes the operations still pending; mu held.
func (s *Sim) pendingLocked() string {
	var b strings.Builder
	for _, c := range s.clients {
		if o := c.cur; o != nil {
			fmt.Fprintf(&b, "; client %d: tx %s called at %s, sent to %v, last answer %q",
				c.id, o.hash.String()[:16], o.call.Sub(epoch).Round(time.Millisecond), o.sentTo, o.lastErr)
		}
	}
	return b.String()
}
