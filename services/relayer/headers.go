package relayer

import (
	"context"
	"encoding/hex"
	"fmt"
	"sync"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

const headersName = "headers"

// HeaderCarrier carries the source's signed headers, with the
// configuration changes the light client lacks (first), to the
// destination's light client of the source, when one is needed (see the
// package documentation). One carrier serves one path.
type HeaderCarrier struct {
	// MaxScan bounds the source blocks read in one round to decide whether
	// a header is needed (default 64); a longer gap is relayed without
	// reading it.
	MaxScan int

	mu sync.Mutex
	// scanned is the source height up to which every block was read and
	// held only light-client updates: memory only, an optimisation.
	scanned  uint64
	maxBytes int
}

// Name is "headers".
func (h *HeaderCarrier) Name() string { return headersName }

// Carry relays the source's head to the destination when a header is
// needed.
func (h *HeaderCarrier) Carry(ctx context.Context, p *Path) (Round, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	lc, head, err := h.observe(ctx, p)
	if err != nil {
		return Round{}, err
	}
	if head <= lc.LatestHeight {
		return Round{}, nil
	}
	need, why, err := h.needed(ctx, p, lc, head)
	if err != nil || !need {
		return Round{}, err
	}
	p.Logger().Debug("relaying", "why", why, "client", lc.LatestHeight, "head", head)
	return h.relay(ctx, p, lc)
}

// ensure is Path.EnsureHeader.
func (h *HeaderCarrier) ensure(ctx context.Context, p *Path, height uint64) (uint64, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	lc, head, err := h.observe(ctx, p)
	if err != nil {
		return 0, err
	}
	if lc.LatestHeight >= height {
		return lc.LatestHeight, nil
	}
	if head < height {
		return 0, types.Errorf(types.CodeHeaderNotFound, "chain %q has no header %d yet (its head is %d)", p.Src.ChainID, height, head)
	}
	rd, err := h.relay(ctx, p, lc)
	p.Metrics().carriedRound(p.Name(), headersName, rd)
	if err != nil {
		return 0, err
	}
	return max(rd.Height, lc.LatestHeight), nil
}

// observe reads the destination's light client of the source and the
// source's head, checks that they are of one chain, and records them.
func (h *HeaderCarrier) observe(ctx context.Context, p *Path) (*types.LightClient, uint64, error) {
	lc, err := p.Dst.Client.LightClient(ctx, p.Src.ChainID)
	if err != nil {
		waiting := sdk.ReasonOf(err) == types.CodeClientNotFound
		p.update(func(s *Status) { s.Waiting = waiting })
		return nil, 0, fmt.Errorf("read the light client of %q on %q: %w", p.Src.ChainID, p.Dst.ChainID, err)
	}
	st, err := p.Src.Client.Status(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("read the head of %q: %w", p.Src.ChainID, err)
	}
	if st.ChainId != p.Src.ChainID {
		return nil, 0, &ConfigError{fmt.Sprintf("the node given for chain %q serves chain %q", p.Src.ChainID, st.ChainId)}
	}
	if g := hex.EncodeToString(lc.GenesisHash); g != st.GenesisHash {
		return nil, 0, &ConfigError{fmt.Sprintf("chain %q keeps a light client of a chain %q with genesis %.16s…, the node given serves genesis %.16s…",
			p.Dst.ChainID, p.Src.ChainID, g, st.GenesisHash)}
	}
	head := st.Height
	p.update(func(s *Status) {
		s.Waiting, s.Frozen = false, lc.Frozen
		s.SourceHeight, s.ClientHeight = head, lc.LatestHeight
		s.Lag = 0
		if head > lc.LatestHeight {
			s.Lag = head - lc.LatestHeight
		}
	})
	p.Metrics().heights(p.Name(), head, lc.LatestHeight)
	if lc.Frozen {
		m := lc.GetMisbehaviour()
		return nil, 0, types.Errorf(types.CodeClientFrozen, "the light client of %q on %q is frozen (%s at height %d): governance must remove and register it again",
			p.Src.ChainID, p.Dst.ChainID, m.GetKind(), m.GetHeight())
	}
	return lc, head, nil
}

// needed reports whether relaying the source's head makes something
// provable that no kept header does, and why.
func (h *HeaderCarrier) needed(ctx context.Context, p *Path, lc *types.LightClient, head uint64) (bool, string, error) {
	if lc.LatestHeight == 0 {
		return true, "no header kept yet", nil
	}
	cfg, err := p.Src.Client.ChainConfig(ctx)
	if err != nil {
		return false, "", fmt.Errorf("read the configuration of %q: %w", p.Src.ChainID, err)
	}
	if n := len(lc.Configs); n > 0 && cfg.Version > lc.Configs[n-1].Version {
		return true, fmt.Sprintf("configuration version %d, the client knows %d", cfg.Version, lc.Configs[n-1].Version), nil
	}
	// Block lc.LatestHeight's effects are proven under the next header, so
	// it is read too.
	from := max(lc.LatestHeight, h.scanned+1)
	maxScan := h.MaxScan
	if maxScan <= 0 {
		maxScan = 64
	}
	if head >= from && head-from >= uint64(maxScan) {
		return true, fmt.Sprintf("%d blocks not read", head-from+1), nil
	}
	for x := from; x <= head; x++ {
		b, err := p.Src.Client.GetBlock(ctx, x)
		if err != nil {
			return false, "", fmt.Errorf("read block %d of %q: %w", x, p.Src.ChainID, err)
		}
		if !relayOnly(b) {
			return true, fmt.Sprintf("block %d holds transactions", x), nil
		}
		h.scanned = x
	}
	return false, "", nil
}

// relayOnly reports whether every transaction of b is a light-client
// update (an empty block is).
func relayOnly(b *apipb.BlockResponse) bool {
	for _, tx := range b.GetBlock().GetTxs() {
		var body types.TxBody
		if err := proto.Unmarshal(tx.Body, &body); err != nil || body.Type != types.TxType_UPDATE_LIGHT_CLIENT {
			return false
		}
	}
	return true
}

// relay carries the source's head, with the configuration changes the
// client lacks, in one update or (when they do not fit in a transaction)
// several, in order.
func (h *HeaderCarrier) relay(ctx context.Context, p *Path, lc *types.LightClient) (Round, error) {
	var rd Round
	if h.maxBytes == 0 {
		cfg, err := p.Dst.Client.ChainConfig(ctx)
		if err != nil {
			return rd, fmt.Errorf("read the configuration of %q: %w", p.Dst.ChainID, err)
		}
		h.maxBytes = -1
		if cfg.Params.MaxTxBytes > 4096 {
			h.maxBytes = cfg.Params.MaxTxBytes - 2048 // the envelope and signatures
		}
	}
	us, err := sdk.FetchLightClientUpdates(ctx, p.Src.Client, lc, sdk.LatestHeight, max(h.maxBytes, 0))
	if err != nil {
		return rd, err
	}
	for _, u := range us {
		height := u.GetHeader().GetHeader().GetHeight()
		tx, err := p.Dst.Account.UpdateLightClientTx(p.Dst.Options(), u)
		if err != nil {
			return rd, err
		}
		rd.Submitted++
		r, err := p.Submit(ctx, headersName, tx)
		switch {
		case sdk.ReasonOf(err) == types.CodeHeaderKnown:
			rd.Known++
		case err != nil:
			return rd, fmt.Errorf("submit the header %d of %q to %q: %w", height, p.Src.ChainID, p.Dst.ChainID, err)
		case r.GetReceipt().GetStatus() == types.ReceiptStatus_SUCCESS:
			rd.Carried++
		case r.GetReceipt().GetErrorCode() == string(types.CodeHeaderKnown):
			rd.Known++
		default:
			rc := r.GetReceipt()
			return rd, types.Errorf(types.Code(rc.GetErrorCode()), "%q refused the header %d of %q: %s", p.Dst.ChainID, height, p.Src.ChainID, rc.GetError())
		}
		rd.Height = height
		p.update(func(s *Status) {
			s.LastRelayed = height
			s.ClientHeight = max(s.ClientHeight, height)
			s.SourceHeight = max(s.SourceHeight, height) // the head moved since it was read
			s.Lag = 0
			if s.SourceHeight > s.ClientHeight {
				s.Lag = s.SourceHeight - s.ClientHeight
			}
		})
	}
	p.update(func(s *Status) { s.Relayed += uint64(rd.Carried); s.Known += uint64(rd.Known) })
	// A certified header that conflicts with a kept one freezes the client
	// in a transaction that succeeds: look.
	after, err := p.Dst.Client.LightClient(ctx, p.Src.ChainID)
	if err != nil {
		return rd, err
	}
	p.Metrics().heights(p.Name(), max(after.LatestHeight, p.Status().SourceHeight), after.LatestHeight)
	if after.Frozen {
		p.update(func(s *Status) { s.Frozen = true })
		return rd, types.Errorf(types.CodeClientFrozen, "the light client of %q on %q froze: %s at height %d", p.Src.ChainID, p.Dst.ChainID,
			after.GetMisbehaviour().GetKind(), after.GetMisbehaviour().GetHeight())
	}
	return rd, nil
}
