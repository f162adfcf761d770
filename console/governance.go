package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/types"
)

// proposalView is a proposal as the Governance page shows it.
type proposalView struct {
	ID          string
	Action      string
	Summary     string
	Description string
	Proposer    string
	Status      string // open, executed, rejected, expired
	Yes, No     int
	Needed      int
	Members     int
	Votes       []*types.VoteRecord
	Created     uint64
	Effective   uint64
	Reason      string
	// CanVote: open, and the console's org has not voted.
	CanVote bool
}

// actionOf names a proposal's action as the governance policy does
// ("unknown" for an action this console does not know).
func actionOf(p *types.Proposal) string {
	if a := execution.ActionOf(p); a != "" {
		return a
	}
	return "unknown"
}

// summaryOf says what a proposal does, in the page's language.
func summaryOf(lang string, p *types.Proposal) string {
	switch a := p.GetAction().(type) {
	case *types.Proposal_UpdateParam:
		return tr(lang, "gov.sum.param", a.UpdateParam.Name, a.UpdateParam.Value)
	case *types.Proposal_AddOrg:
		return tr(lang, "gov.sum.add_org", a.AddOrg.Name, len(a.AddOrg.Nodes))
	case *types.Proposal_RemoveOrg:
		return tr(lang, "gov.sum.remove_org", a.RemoveOrg.Name)
	case *types.Proposal_RemoveNode:
		return tr(lang, "gov.sum.remove_node", a.RemoveNode.Id)
	case *types.Proposal_RevokeCert:
		return tr(lang, "gov.sum.revoke", a.RevokeCert.Serial)
	}
	return actionOf(p)
}

func (s *Server) proposalViews(lang string, recs []*types.ProposalRecord, cfg *types.ChainConfig, now time.Time) []proposalView {
	var out []proposalView
	for _, r := range recs {
		id, _ := types.HashOf(r.Id)
		v := proposalView{ID: id.String(), Action: actionOf(r.Proposal), Summary: summaryOf(lang, r.Proposal), Description: r.Proposal.GetDescription(),
			Proposer: r.Proposer, Status: strings.ToLower(strings.TrimPrefix(r.Status.String(), "PROPOSAL_")), Votes: r.Votes,
			Created: r.CreatedHeight, Effective: r.EffectiveHeight, Reason: r.Reason}
		open := r.Status == types.ProposalStatus_PROPOSAL_OPEN
		if open && now.UnixMilli() > r.ExpiresMs {
			v.Status, open = "expired", false
		}
		voted := false
		for _, vr := range r.Votes {
			if _, member := cfg.Org(vr.Org); !member && open {
				continue
			}
			if vr.Approve {
				v.Yes++
			} else {
				v.No++
			}
			if vr.Org == s.opts.Chain.Org() {
				voted = true
			}
		}
		if open {
			th := cfg.Policy.For(v.Action)
			v.Members = len(cfg.Orgs)
			for v.Needed = 1; v.Needed < v.Members && !th.Met(v.Needed, v.Members); v.Needed++ {
			}
			v.CanVote = !voted
		}
		out = append(out, v)
	}
	return out
}

func (s *Server) governance(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.governance", "governance")
	ctx, cancel := chainCtx(r)
	defer cancel()
	recs, err := s.opts.Chain.Proposals(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	cfg, err := s.opts.Chain.Config(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	if id := r.URL.Query().Get("done"); id != "" {
		if h, err := types.ParseHash(id); err == nil {
			p.Notice = p.T("gov.done", h.String())
		}
	}
	type param struct {
		Name     string
		Value    int64
		Min, Max int64
	}
	var params []param
	for _, b := range types.ParamBounds() {
		v, _ := cfg.Params.Param(b.Name)
		params = append(params, param{b.Name, v, b.Min, b.Max})
	}
	p.Data = map[string]any{"Proposals": s.proposalViews(p.Lang, recs, cfg, s.opts.Now()), "Params": params, "Orgs": cfg.Orgs, "Version": cfg.Version}
	s.render(w, "governance.html", p)
}

// propose submits a proposal as the org's admin: a parameter change
// (kind=param), an org's admission from its join request (kind=join), or
// any action as proposal JSON (kind=json).
func (s *Server) propose(w http.ResponseWriter, r *http.Request) {
	var prop *types.Proposal
	switch r.PostFormValue("kind") {
	case "param":
		name := r.PostFormValue("name")
		v, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("value")), 10, 64)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.bad_value")
			return
		}
		if err := types.CheckParam(name, v); err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.propose", err.Error())
			return
		}
		prop = &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: name, Value: v}}}
	case "join":
		req := &types.AddOrg{}
		if err := consortium.UnmarshalJSON([]byte(r.PostFormValue("request")), req); err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.propose", err.Error())
			return
		}
		prop = &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: req}}
	case "json":
		prop = &types.Proposal{}
		if err := consortium.UnmarshalJSON([]byte(r.PostFormValue("proposal")), prop); err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.propose", err.Error())
			return
		}
	default:
		s.fail(w, r, http.StatusBadRequest, "err.bad_form")
		return
	}
	if d := r.PostFormValue("description"); d != "" {
		prop.Description = d
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	id, err := s.opts.Chain.Propose(ctx, prop)
	if err != nil {
		s.fail(w, r, http.StatusBadGateway, "err.propose", err.Error())
		return
	}
	http.Redirect(w, r, "/governance?done="+url.QueryEscape(id.String()), http.StatusSeeOther)
}

func (s *Server) vote(w http.ResponseWriter, r *http.Request) {
	id, err := types.ParseHash(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_hash")
		return
	}
	approve := r.PostFormValue("approve") == "1"
	ctx, cancel := chainCtx(r)
	defer cancel()
	if err := s.opts.Chain.Vote(ctx, id, approve); err != nil {
		s.fail(w, r, http.StatusBadGateway, "err.vote", err.Error())
		return
	}
	http.Redirect(w, r, "/governance?done="+url.QueryEscape(id.String()), http.StatusSeeOther)
}
