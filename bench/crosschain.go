package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/messagebox"
	"github.com/causeway/causeway/services/relayer"
	"github.com/causeway/causeway/types"
)

// CrossChainSide is one chain of a cross-chain run.
type CrossChainSide struct {
	// Chain is the chain's client, the account that deploys, sends and
	// relays there, and its chain id.
	Chain *relayer.Chain
	// Admins vote the authorisation of the message channel (a local
	// consortium's admins: relayer.Admins).
	Admins []sdk.Account
}

// CrossChainConfig is a cross-chain message run (`causeway bench
// crosschain`): a MessageBox contract on A sends atomic messages to one on
// B, half ordered and half unordered, carried by a relayer (the package
// services/relayer, as `causeway relay` runs it) until B received every
// one and A received every acknowledgement.
type CrossChainConfig struct {
	A, B CrossChainSide
	// Messages is how many messages A sends (half ordered, half unordered).
	Messages int
	// PerTx is how many messages one send transaction carries
	// (MessageBox.sendMany; default 10).
	PerTx int
	// Rate is the offered load in messages per second (0: every send
	// transaction at once).
	Rate float64
	// ExternalRelayer leaves relaying to relayers already running
	// (`causeway relay`); otherwise the run starts one in process.
	ExternalRelayer bool
	// Interval is the in-process relayer's idle interval (default 100 ms).
	Interval time.Duration
	// Timeout bounds the whole run (default 10 minutes).
	Timeout time.Duration
	// Progress, if set, receives progress lines.
	Progress func(format string, a ...any)
}

// CrossChainResult is what a cross-chain run measured. Times come from
// the chains' block times: a message is sent at the time of A's block that
// executed its send, received at the time of B's block that delivered it,
// and acknowledged at the time of A's block that executed its
// acknowledgement; both chains run on one machine, so their clocks agree.
type CrossChainResult struct {
	Messages int `json:"messages"`
	// Received and Acked count the messages B received (delivered
	// successfully) and those whose success acknowledgement A executed.
	Received int `json:"received"`
	Acked    int `json:"acked"`
	// Span is from the first send's block to the last receipt's block;
	// PerSecond is Messages over it (end-to-end throughput). AckSpan and
	// AckPerSecond are the same up to the last acknowledgement.
	Span         time.Duration `json:"span_ns"`
	PerSecond    float64       `json:"messages_per_second"`
	AckSpan      time.Duration `json:"ack_span_ns"`
	AckPerSecond float64       `json:"acks_per_second"`
	// Latency is send to receipt; AckLatency send to acknowledgement.
	Latency    Percentiles `json:"latency"`
	AckLatency Percentiles `json:"ack_latency"`
	// RelayTxs counts the relay transactions the in-process relayer
	// submitted (headers and messages), Ticks its ticks.
	RelayTxs int `json:"relay_transactions,omitempty"`
	Ticks    int `json:"ticks,omitempty"`
}

// Percentiles of a latency distribution.
type Percentiles struct {
	P50 time.Duration `json:"p50_ns"`
	P99 time.Duration `json:"p99_ns"`
	Max time.Duration `json:"max_ns"`
}

func percentiles(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return Percentiles{P50: at(0.50), P99: at(0.99), Max: ds[len(ds)-1]}
}

// DeployMessageBoxes deploys a MessageBox on A and one on B and authorises
// the pair on both chains by governance; it returns their addresses.
func DeployMessageBoxes(ctx context.Context, a, b CrossChainSide) (boxA, boxB []byte, err error) {
	code := common.FromHex(messagebox.MessageBoxMetaData.Bin)
	deploy := func(s CrossChainSide) ([]byte, error) {
		tx, err := s.Chain.Account.DeployContractTx(s.Chain.Options(), code, 5_000_000, 0)
		if err != nil {
			return nil, err
		}
		r, err := s.Chain.Client.SubmitAndWait(ctx, tx)
		if err != nil {
			return nil, fmt.Errorf("deploy MessageBox on %s: %w", s.Chain.ChainID, err)
		}
		if rc := r.GetReceipt(); rc.GetStatus() != types.ReceiptStatus_SUCCESS {
			return nil, fmt.Errorf("deploy MessageBox on %s: %s %s", s.Chain.ChainID, rc.GetErrorCode(), rc.GetError())
		}
		return r.GetReceipt().GetContractAddress(), nil
	}
	if boxA, err = deploy(a); err != nil {
		return nil, nil, err
	}
	if boxB, err = deploy(b); err != nil {
		return nil, nil, err
	}
	if _, err := relayer.Govern(ctx, a.Chain.Client, a.Chain.Options(), a.Admins,
		sdk.AuthorizeMessageChannelProposal(b.Chain.ChainID, boxA, boxB, "bench"), "the message channel to "+b.Chain.ChainID); err != nil {
		return nil, nil, err
	}
	if _, err := relayer.Govern(ctx, b.Chain.Client, b.Chain.Options(), b.Admins,
		sdk.AuthorizeMessageChannelProposal(a.Chain.ChainID, boxB, boxA, "bench"), "the message channel from "+a.Chain.ChainID); err != nil {
		return nil, nil, err
	}
	return boxA, boxB, nil
}

// CrossChain runs cfg: it deploys and authorises a MessageBox pair, sends
// the messages at the configured rate while a relayer carries them, waits
// until B received them all and A executed every acknowledgement, and
// reads the times from the chains.
func CrossChain(ctx context.Context, cfg CrossChainConfig) (*CrossChainResult, error) {
	if cfg.Messages <= 0 {
		return nil, fmt.Errorf("a cross-chain run needs messages to send")
	}
	if cfg.PerTx <= 0 {
		cfg.PerTx = 10
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 100 * time.Millisecond
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Minute
	}
	say := cfg.Progress
	if say == nil {
		say = func(string, ...any) {}
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	A, B := cfg.A.Chain, cfg.B.Chain
	say("deploying a MessageBox on %s and on %s, authorising the pair on both", A.ChainID, B.ChainID)
	boxA, boxB, err := DeployMessageBoxes(ctx, cfg.A, cfg.B)
	if err != nil {
		return nil, err
	}
	first, err := A.Client.MessagesSent(ctx)
	if err != nil {
		return nil, err
	}

	res := &CrossChainResult{Messages: cfg.Messages}
	var rl *relayer.Relayer
	rdone := make(chan error, 1)
	rctx, rstop := context.WithCancel(ctx)
	defer rstop()
	if !cfg.ExternalRelayer {
		rl, err = relayer.New(relayer.Config{A: A, B: B, Interval: cfg.Interval, MaxBackoff: 2 * time.Second,
			Carriers: func(*relayer.Path) []relayer.Carrier {
				return []relayer.Carrier{&relayer.HeaderCarrier{}, &relayer.MessageCarrier{}}
			}})
		if err != nil {
			return nil, err
		}
		go func() { rdone <- rl.Run(rctx) }()
	}

	// Send: one transaction of PerTx messages every PerTx/Rate seconds,
	// ordered and unordered in turn.
	box := messagebox.NewMessageBox()
	say("sending %d messages (%d per transaction, rate %v/s)", cfg.Messages, cfg.PerTx, cfg.Rate)
	var wg sync.WaitGroup
	var sendErr error
	var mu sync.Mutex
	every := time.Duration(0)
	if cfg.Rate > 0 {
		every = time.Duration(float64(cfg.PerTx) / cfg.Rate * float64(time.Second))
	}
	tick := time.Now()
	// At most 16 send transactions in flight: all at once would overflow
	// the block gas limit (blocks are refused, not queued, past it).
	inflight := make(chan struct{}, 16)
	for i, k := 0, 0; i < cfg.Messages; i, k = i+cfg.PerTx, k+1 {
		n := min(cfg.PerTx, cfg.Messages-i)
		ordered := k%2 == 0
		prefix := []byte("u")
		if ordered {
			prefix = []byte("o")
		}
		input := box.PackSendMany(B.ChainID, types.AddressID(boxB), ordered, prefix, uint64(i), uint64(n))
		tx, err := A.Account.CallContractTx(A.Options(), boxA, input, uint64(300_000+300_000*n), 0)
		if err != nil {
			return nil, err
		}
		wg.Add(1)
		inflight <- struct{}{}
		go func() {
			defer func() { <-inflight; wg.Done() }()
			r, err := A.Client.SubmitAndWait(ctx, tx)
			if err == nil && r.GetReceipt().GetStatus() != types.ReceiptStatus_SUCCESS {
				err = fmt.Errorf("send on %s: %s %s", A.ChainID, r.GetReceipt().GetErrorCode(), r.GetReceipt().GetError())
			}
			if err != nil {
				mu.Lock()
				sendErr = err
				mu.Unlock()
			}
		}()
		if every > 0 {
			tick = tick.Add(every)
			time.Sleep(time.Until(tick))
		}
	}
	wg.Wait()
	if sendErr != nil {
		return nil, sendErr
	}

	// Wait for B's receipts and A's acknowledgements (MessageBox counts).
	query := func(cl *sdk.Client, to []byte, input []byte) (uint64, error) {
		r, err := cl.QueryContract(ctx, "", to, input, 0)
		if err != nil {
			return 0, err
		}
		if r.GetErrorCode() != "" {
			return 0, fmt.Errorf("query: %s %s", r.GetErrorCode(), r.GetError())
		}
		return common.BytesToHash(r.GetReturnData()).Big().Uint64(), nil
	}
	want := uint64(cfg.Messages)
	lastSay := time.Now()
	for {
		o, err1 := query(B.Client, boxB, box.PackOrderedReceived())
		u, err2 := query(B.Client, boxB, box.PackUnorderedReceived())
		acks, err3 := query(A.Client, boxA, box.PackAcksOK())
		if err := firstErr(err1, err2, err3); err != nil {
			return nil, err
		}
		if o+u >= want && acks >= want {
			break
		}
		if time.Since(lastSay) > 2*time.Second {
			say("received %d/%d on %s, %d acknowledged on %s", o+u, want, B.ChainID, acks, A.ChainID)
			lastSay = time.Now()
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("after %s: %d/%d received, %d acknowledged: %w", cfg.Timeout, o+u, want, acks, ctx.Err())
		case err := <-rdone:
			return nil, fmt.Errorf("the relayer stopped: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	if rl != nil {
		rstop()
		<-rdone
		for _, s := range rl.Status() {
			res.RelayTxs += int(s.Relayed)
			res.Ticks += int(s.Ticks)
		}
	}

	// Times from the chains.
	say("reading the %d messages' send, receipt and acknowledgement blocks", cfg.Messages)
	times := map[string]map[uint64]time.Time{}
	blockTime := func(c *relayer.Chain, h uint64) (time.Time, error) {
		m := times[c.ChainID]
		if m == nil {
			m = map[uint64]time.Time{}
			times[c.ChainID] = m
		}
		if t, ok := m[h]; ok {
			return t, nil
		}
		b, err := c.Client.GetBlock(ctx, h)
		if err != nil {
			return time.Time{}, err
		}
		t := time.UnixMilli(b.GetBlock().GetHeader().GetTimeMs())
		m[h] = t
		return t, nil
	}
	var lat, ackLat []time.Duration
	var firstSend, lastRecv, lastAck time.Time
	for nonce := first; nonce < first+want; nonce++ {
		id := types.SDPMessageID(A.Account.Suite, A.ChainID, nonce)
		sent, err := A.Client.SentMessage(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", nonce, err)
		}
		recv, err := B.Client.ReceivedMessage(ctx, A.ChainID, id)
		if err != nil {
			return nil, fmt.Errorf("message %d on %s: %w", nonce, B.ChainID, err)
		}
		ts, err1 := blockTime(A, sent.GetHeight())
		tr, err2 := blockTime(B, recv.GetHeight())
		if err := firstErr(err1, err2); err != nil {
			return nil, err
		}
		if firstSend.IsZero() || ts.Before(firstSend) {
			firstSend = ts
		}
		if recv.GetResult() == types.ReceiveResult_RECEIVE_SUCCESS {
			res.Received++
		}
		lastRecv = later(lastRecv, tr)
		lat = append(lat, tr.Sub(ts))
		if sent.GetState() == types.MessageState_MESSAGE_ACK_SUCCESS {
			res.Acked++
			ta, err := blockTime(A, sent.GetDoneHeight())
			if err != nil {
				return nil, err
			}
			lastAck = later(lastAck, ta)
			ackLat = append(ackLat, ta.Sub(ts))
		}
	}
	res.Span, res.AckSpan = lastRecv.Sub(firstSend), lastAck.Sub(firstSend)
	if res.Span > 0 {
		res.PerSecond = float64(res.Received) / res.Span.Seconds()
	}
	if res.AckSpan > 0 {
		res.AckPerSecond = float64(res.Acked) / res.AckSpan.Seconds()
	}
	res.Latency, res.AckLatency = percentiles(lat), percentiles(ackLat)
	return res, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
