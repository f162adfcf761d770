package console

import (
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/causeway/causeway/ctoken"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// tokenOutputView is one output of a holder: a commitment, no amount.
type tokenOutputView struct {
	Index      uint64
	Kind       string
	Commitment string
	TxHash     string
	Height     uint64
	AuditorKey string
}

// tokenView is a token and one holder's holdings as the page shows them.
type tokenView struct {
	Query, HolderQuery string
	ID, Name, Issuer   string
	Supply             string
	Issues, Created    uint64
	Exists             bool
	Holder             string
	HolderIsUs         bool
	Commitment         string
	Outputs            []tokenOutputView
	Base, Count        uint64
	// Balance is set once opened with the account's key.
	Balance *uint64
}

// hashOrName is a 64-hex-digit id (0x optional), else the id of a name.
func hashOrName(s string, ofName func(string) types.Hash) types.Hash {
	t := strings.TrimPrefix(s, "0x")
	if len(t) == 2*types.HashSize {
		if h, err := types.ParseHash(t); err == nil {
			return h
		}
	}
	return ofName(s)
}

// tokensPage looks up a confidential token and a holder's outputs (the
// org's account by default): commitments only, amounts stay hidden.
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, strings.TrimSpace(r.URL.Query().Get("token")), strings.TrimSpace(r.URL.Query().Get("holder")), false)
}

// tokenBalance opens the org account's balance with its encryption key.
func (s *Server) tokenBalance(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, strings.TrimSpace(r.PostFormValue("token")), "", true)
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, tokenQ, holderQ string, open bool) {
	c := s.opts.Chain
	suite := c.Suite()
	acctName, _ := c.ContractAccount()
	_, acctKey := c.EncryptionKeys()
	p := s.newPage(w, r, "title.tokens", "tokens")
	data := map[string]any{"Account": acctName, "AcctKey": acctKey}
	p.Data = data
	if tokenQ == "" {
		s.render(w, "tokens.html", p)
		return
	}
	if len(tokenQ) > 256 || len(holderQ) > 256 {
		s.fail(w, r, http.StatusBadRequest, "err.bad_form")
		return
	}
	token := hashOrName(tokenQ, func(n string) types.Hash { return ctoken.TokenID(suite, n) })
	holder := suite.AccountID(acctName)
	if holderQ != "" {
		holder = hashOrName(holderQ, suite.AccountID)
	}
	v := tokenView{Query: tokenQ, HolderQuery: holderQ, ID: token.String(), Holder: holder.String(), HolderIsUs: holder == suite.AccountID(acctName)}
	ctx, cancel := chainCtx(r)
	defer cancel()
	var h *sdk.TokenOutputs
	if open {
		bal, got, err := c.TokenBalance(ctx, token)
		switch {
		case errors.Is(err, ErrNoEncryptionKey):
			s.fail(w, r, http.StatusConflict, "err.no_acct_key")
			return
		case err != nil:
			s.failChain(w, r, err)
			return
		}
		v.Balance, h = &bal, got
	}
	tk, err := c.Token(ctx, token)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	if tk != nil {
		v.Exists, v.Name, v.Issuer, v.Supply = true, tk.GetName(), hex.EncodeToString(tk.GetIssuer()), hex.EncodeToString(tk.GetSupply())
		v.Issues, v.Created = tk.GetIssues(), tk.GetCreatedHeight()
	}
	if h == nil {
		if h, err = c.TokenHoldings(ctx, token, holder); err != nil {
			s.failChain(w, r, err)
			return
		}
	}
	v.Commitment = hex.EncodeToString(h.Balance.GetCommitment())
	v.Base, v.Count = h.Balance.GetBase(), h.Balance.GetOutputs()
	for _, o := range h.Outputs {
		v.Outputs = append(v.Outputs, tokenOutputView{Index: o.GetIndex(), Kind: strings.ToLower(strings.TrimPrefix(o.GetKind().String(), "TOKEN_OUTPUT_")),
			Commitment: hex.EncodeToString(o.GetCommitment()), TxHash: hex.EncodeToString(o.GetTxHash()), Height: o.GetHeight(),
			AuditorKey: hex.EncodeToString(o.GetAuditorKeyId())})
	}
	data["T"] = v
	s.render(w, "tokens.html", p)
}
