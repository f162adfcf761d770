package console

import (
	"cmp"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// maxChannelsChecked bounds the channels whose authorisation the page
// checks in the state (one proof each).
const maxChannelsChecked = 50

// lightClientView is a light client of another chain.
type lightClientView struct {
	ChainID, Crypto, GenesisHash, Instance  string
	Registered, Latest, Headers, VerifiedTo uint64
	Configs                                 int
}

// channelView is a message channel governance authorised: a contract of
// this chain and one of a remote chain may exchange messages.
type channelView struct {
	RemoteChain, Local, Remote string
	// Height is the block of the proposal that authorised it; Proposal its id.
	Height   uint64
	Proposal string
	// State: "authorized" (in the state), "revoked", or "unknown" (not
	// checked or the check failed).
	State string
}

// messageView is a cross-chain message as this chain knows it: sent by it,
// received by it, or both unknown.
type messageView struct {
	ID       string
	Sent     *types.SentMessage
	SentTo   string
	Received []receivedView
}

type receivedView struct {
	From     string
	Msg      *types.ReceivedMessage
	Sender   string
	Receiver string
}

// channelsOf replays the executed channel proposals, oldest first.
func channelsOf(recs []*types.ProposalRecord) []channelView {
	executed := slices.DeleteFunc(slices.Clone(recs), func(r *types.ProposalRecord) bool {
		return r.GetStatus() != types.ProposalStatus_PROPOSAL_EXECUTED
	})
	slices.SortStableFunc(executed, func(a, b *types.ProposalRecord) int { return cmp.Compare(a.GetClosedHeight(), b.GetClosedHeight()) })
	var out []channelView
	key := func(chain string, l, r []byte) string {
		return chain + "\x00" + hex.EncodeToString(l) + hex.EncodeToString(r)
	}
	idx := map[string]int{}
	for _, rec := range executed {
		switch a := rec.GetProposal().GetAction().(type) {
		case *types.Proposal_AuthorizeMessageChannel:
			c := a.AuthorizeMessageChannel
			k := key(c.GetRemoteChainId(), c.GetLocalContract(), c.GetRemoteContract())
			v := channelView{RemoteChain: c.GetRemoteChainId(), Local: "0x" + hex.EncodeToString(c.GetLocalContract()),
				Remote: "0x" + hex.EncodeToString(c.GetRemoteContract()), Height: rec.GetClosedHeight(), Proposal: hex.EncodeToString(rec.GetId()), State: "unknown"}
			if i, ok := idx[k]; ok {
				out[i] = v
			} else {
				idx[k] = len(out)
				out = append(out, v)
			}
		case *types.Proposal_RevokeMessageChannel:
			c := a.RevokeMessageChannel
			if i, ok := idx[key(c.GetRemoteChainId(), c.GetLocalContract(), c.GetRemoteContract())]; ok {
				out[i].State = "revoked"
			}
		}
	}
	return out
}

// crossChain lists the light clients of other chains and the message
// channels, and looks up a message by id.
func (s *Server) crossChain(w http.ResponseWriter, r *http.Request) {
	c := s.opts.Chain
	ctx, cancel := chainCtx(r)
	defer cancel()
	lcs, err := c.LightClients(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	var views []lightClientView
	for _, lc := range lcs {
		views = append(views, lightClientView{ChainID: lc.GetChainId(), Crypto: lc.GetCrypto(), GenesisHash: hex.EncodeToString(lc.GetGenesisHash()),
			Instance: hex.EncodeToString(lc.GetInstance()), Registered: lc.GetRegisteredHeight(), Latest: lc.GetLatestHeight(),
			Headers: lc.GetHeaders(), VerifiedTo: lc.GetVerifiedTo(), Configs: len(lc.GetConfigs())})
	}
	recs, err := c.Proposals(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	channels := channelsOf(recs)
	for i := range channels {
		ch := &channels[i]
		if ch.State == "revoked" || i >= maxChannelsChecked {
			continue
		}
		l, _ := hex.DecodeString(strings.TrimPrefix(ch.Local, "0x"))
		rm, _ := hex.DecodeString(strings.TrimPrefix(ch.Remote, "0x"))
		if ok, err := c.ChannelAuthorized(ctx, ch.RemoteChain, l, rm); err == nil {
			ch.State = map[bool]string{true: "authorized", false: "revoked"}[ok]
		}
	}
	p := s.newPage(w, r, "title.crosschain", "crosschain")
	data := map[string]any{"LightClients": views, "Channels": channels}
	if n, err := c.MessagesSent(ctx); err == nil {
		data["Sent"] = n
	}
	p.Data = data
	s.render(w, "crosschain.html", p)
}

// crossMessage looks up message id: this chain's record if it sent it,
// and its marker if it received it from ?from= (or from any chain it has
// a light client of).
func (s *Server) crossMessage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("id"))
	if r.PathValue("id") != "" {
		q = r.PathValue("id")
	}
	id, err := types.ParseHash(strings.TrimPrefix(q, "0x"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_hash")
		return
	}
	if r.PathValue("id") == "" {
		u := "/crosschain/message/" + id.String()
		if f := r.URL.Query().Get("from"); f != "" {
			u += "?from=" + url.QueryEscape(f)
		}
		http.Redirect(w, r, u, http.StatusSeeOther)
		return
	}
	c := s.opts.Chain
	ctx, cancel := chainCtx(r)
	defer cancel()
	v := messageView{ID: id.String()}
	if m, err := c.SentMessage(ctx, id); err == nil {
		v.Sent, v.SentTo = m, "0x"+hex.EncodeToString(m.GetReceiver())
	} else if !isMessageNotFound(err) {
		s.failChain(w, r, err)
		return
	}
	var froms []string
	if f := strings.TrimSpace(r.URL.Query().Get("from")); f != "" {
		if len(f) > types.MaxChainIDBytes {
			s.fail(w, r, http.StatusBadRequest, "err.bad_form")
			return
		}
		froms = []string{f}
	} else if lcs, err := c.LightClients(ctx); err == nil {
		for _, lc := range lcs {
			froms = append(froms, lc.GetChainId())
		}
	}
	for _, f := range froms {
		m, err := c.ReceivedMessage(ctx, f, id)
		if err != nil {
			if !isMessageNotFound(err) {
				s.failChain(w, r, err)
				return
			}
			continue
		}
		v.Received = append(v.Received, receivedView{From: f, Msg: m, Sender: "0x" + hex.EncodeToString(m.GetSender()), Receiver: "0x" + hex.EncodeToString(m.GetReceiver())})
	}
	p := s.newPage(w, r, "title.cross_message", "crosschain")
	if v.Sent == nil && len(v.Received) == 0 {
		p.status = http.StatusNotFound
	}
	p.Data = map[string]any{"M": v, "From": r.URL.Query().Get("from")}
	s.render(w, "cross_message.html", p)
}

func isMessageNotFound(err error) bool {
	return sdk.ReasonOf(err) == types.CodeMessageNotFound || isNotFound(err)
}

// stateKey names a message or receive state for the catalogue:
// MESSAGE_ACK_SUCCESS -> ack_success.
func stateKey(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "MESSAGE_"), "RECEIVE_")
	return strings.ToLower(s)
}
