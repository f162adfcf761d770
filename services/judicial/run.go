package judicial

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// The scenario's chains and organisations: two notary offices, an
// arbitration commission and two courts run nodes; two companies, a seller
// and a buyer, are members of both chains (a deposit names its org, which
// must be a member of every chain it is anchored on), as is the
// arbitration commission, which companies name as a reader.
const (
	NotaryChain = "notary-chain"
	CourtChain  = "court-chain"
	Arbitration = "sh-arbitration"
	Seller      = "huaxin-electronics"
	Buyer       = "acme-trading"
)

var (
	// Notaries run the notary chain's other nodes; Courts the court chain's.
	Notaries = []string{"notary-xuhui", "notary-oriental"}
	Courts   = []string{"court-pudong", "court-sh-financial"}
	// Companies deposit on both chains.
	Companies = []string{Seller, Buyer}
)

// NotaryOrgs are the notary chain's organisations, one node each.
func NotaryOrgs() []string { return append(append(slices.Clone(Notaries), Arbitration), Companies...) }

// CourtOrgs are the court chain's organisations, one node each.
func CourtOrgs() []string { return append(append(slices.Clone(Courts), Arbitration), Companies...) }

// RunConfig is a scenario run on the two consortia.
type RunConfig struct {
	Notary, Court *sdk.Network
	// Duration of the deposit load; Rate the deposits offered per second
	// (0: as many as commit); Batch the deposits a company submits at once
	// (default 20) and Workers its batches in flight (default 2).
	Duration time.Duration
	Rate     float64
	Batch    int
	Workers  int
	// Dir receives the exported package and its PDF summary.
	Dir string
	// Every, if set, is called about once a second during the load.
	Every func(Snapshot)
}

// Snapshot is the load so far.
type Snapshot struct {
	Elapsed   time.Duration
	Deposits  uint64
	Failed    uint64
	PerSecond float64
}

// ChainInfo is a chain of the run.
type ChainInfo struct {
	ChainID     string   `json:"chain_id"`
	GenesisHash string   `json:"genesis_hash"`
	Orgs        []string `json:"orgs"`
}

// CaseReport is the dispute: the package exported and its offline check.
type CaseReport struct {
	Case       string   `json:"case"`
	Title      string   `json:"title"`
	ExportedBy string   `json:"exported_by"`
	Documents  []string `json:"documents"`
	Package    string   `json:"package"`
	Summary    string   `json:"summary_pdf"`
	Bytes      int      `json:"package_bytes"`
	ExportMs   float64  `json:"export_ms"`
	// ExportSteps splits ExportMs.
	ExportSteps ExportTimings `json:"export_steps"`
	// VerifyMs is the mean time of the court's offline verification
	// (parse and VerifyPackage) over VerifyRuns runs.
	VerifyMs     float64 `json:"verify_ms"`
	VerifyRuns   int     `json:"verify_runs"`
	Verification *Report `json:"verification"`
	// Tampered is the same package with one changed byte, as the court
	// sees it.
	Tampered TamperReport `json:"tampered"`
}

// TamperReport is a changed package's verification.
type TamperReport struct {
	Change   string `json:"change"`
	Rejected bool   `json:"rejected"`
	Code     string `json:"code,omitempty"`
	Deposit  string `json:"deposit,omitempty"`
	Field    string `json:"field,omitempty"`
	Error    string `json:"error,omitempty"`
}

// RunReport is a run's outcome and figures.
type RunReport struct {
	Chains    []ChainInfo `json:"chains"`
	Companies []string    `json:"companies"`
	// Deposits committed on every chain during the load, and the rates.
	Deposits              uint64     `json:"deposits"`
	Failed                uint64     `json:"failed"`
	Transactions          uint64     `json:"transactions"`
	Elapsed               string     `json:"elapsed"`
	DepositsPerSecond     float64    `json:"deposits_per_second"`
	TransactionsPerSecond float64    `json:"transactions_per_second"`
	OfferedRate           float64    `json:"offered_rate,omitempty"`
	BatchCommitP50        string     `json:"batch_commit_p50"`
	BatchCommitP99        string     `json:"batch_commit_p99"`
	Case                  CaseReport `json:"case"`
	Errors                []string   `json:"errors,omitempty"`
}

// party is a company: its evidence service over both chains.
type party struct {
	name string
	id   pki.Identity
	svc  *evidence.Service
	cls  []*sdk.Client
}

func (p *party) close() {
	for _, c := range p.cls {
		c.Close()
	}
}

// Connect returns org's evidence service over the networks (the first is
// the primary chain), with org's client certificate, node and account on
// each, and the caller identity it acts as; close releases its clients.
func Connect(ctx context.Context, org string, nws ...*sdk.Network) (svc *evidence.Service, caller pki.Identity, close func(), err error) {
	p, err := connect(ctx, org, nws...)
	if err != nil {
		return nil, pki.Identity{}, nil, err
	}
	return p.svc, p.id, p.close, nil
}

// connect makes org's evidence service over the networks, with its
// client certificate, node and account on each.
func connect(ctx context.Context, org string, nws ...*sdk.Network) (*party, error) {
	p := &party{name: org}
	var chains []evidence.Chain
	for _, nw := range nws {
		ch, id, cl, err := DialChain(ctx, nw, org)
		if err != nil {
			p.close()
			return nil, err
		}
		p.cls = append(p.cls, cl)
		p.id = id
		chains = append(chains, ch)
	}
	svc, err := evidence.New(evidence.Options{CertifyAfter: 50 * time.Millisecond}, chains...)
	if err != nil {
		p.close()
		return nil, err
	}
	p.svc = svc
	return p, nil
}

// DialChain connects to org's node of nw with org's client certificate
// and returns the evidence.Chain that deposits with org's account there,
// the identity of org's client certificate, and the client (the caller
// closes it). It fails when org runs no node or has no account on nw.
func DialChain(ctx context.Context, nw *sdk.Network, org string) (evidence.Chain, pki.Identity, *sdk.Client, error) {
	o, err := nw.Org(org)
	if err != nil {
		return evidence.Chain{}, pki.Identity{}, nil, err
	}
	node := -1
	for i, n := range nw.Nodes {
		if n.Org == org {
			node = i
		}
	}
	if node < 0 || o.Account == nil {
		return evidence.Chain{}, pki.Identity{}, nil, fmt.Errorf("judicial: org %s runs no node or has no account on %s", org, nw.ChainID)
	}
	k, err := crypto.LoadKey(o.Account.Key)
	if err != nil {
		return evidence.Chain{}, pki.Identity{}, nil, err
	}
	cert, err := pki.LoadCertPEM(o.Client.Cert)
	if err != nil {
		return evidence.Chain{}, pki.Identity{}, nil, err
	}
	cl, err := sdk.DialNetwork(ctx, nw, org, node)
	if err != nil {
		return evidence.Chain{}, pki.Identity{}, nil, err
	}
	return evidence.Chain{ChainID: nw.ChainID, Client: cl, Account: sdk.Account{Name: o.Account.Name, Signer: k, Suite: nw.Suite()}},
		pki.IdentityOf(cert), cl, nil
}

// doc is a document a company deposits.
type doc struct {
	body []byte
	md   map[string]string
}

func (d doc) request(readers ...string) evidence.Request {
	h := sha256.Sum256(d.body)
	return evidence.Request{Hash: hex.EncodeToString(h[:]), HashAlgorithm: "sha256", Metadata: d.md, Readers: readers}
}

// docTypes are the records companies deposit in the load.
var docTypes = []struct{ typ, name string }{
	{"contract", "合同"}, {"invoice", "发票"}, {"delivery_note", "送货单"}, {"email", "邮件"}, {"chat_log", "聊天记录"}, {"bank_receipt", "银行回单"},
}

// loadDoc is document n of company org.
func loadDoc(org string, n uint64, rnd *rand.Rand) doc {
	t := docTypes[rnd.IntN(len(docTypes))]
	biz := fmt.Sprintf("%s-2026-%04d", org[:2], rnd.IntN(5000))
	body := fmt.Appendf(nil, "%s %s %s #%d %x", org, t.typ, biz, n, rnd.Uint64())
	return doc{body: body, md: map[string]string{"type": t.typ, "business_id": biz,
		"file_name": fmt.Sprintf("%s-%s-%d.pdf", t.name, biz, n)}}
}

// Run drives the scenario: the case's documents are deposited by the
// seller and the buyer on both chains; the companies then deposit records
// at the offered rate for the duration; a dispute arises and the seller
// exports the case's evidence package; the court verifies it offline with
// the geneses alone (and sees a one-byte change rejected).
func Run(ctx context.Context, cfg RunConfig) (*RunReport, error) {
	if cfg.Notary == nil || cfg.Court == nil {
		return nil, errors.New("judicial: the notary and court networks are required")
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 20
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	nws := []*sdk.Network{cfg.Notary, cfg.Court}
	rep := &RunReport{Companies: Companies, OfferedRate: cfg.Rate}
	var geneses []*types.Genesis
	for _, nw := range nws {
		g, err := types.LoadGenesis(nw.Genesis)
		if err != nil {
			return nil, fmt.Errorf("judicial: genesis of %s: %w", nw.ChainID, err)
		}
		geneses = append(geneses, g)
		ci := ChainInfo{ChainID: nw.ChainID, GenesisHash: g.Hash().String()}
		for _, o := range nw.Orgs {
			ci.Orgs = append(ci.Orgs, o.Name)
		}
		rep.Chains = append(rep.Chains, ci)
	}
	parties := map[string]*party{}
	defer func() {
		for _, p := range parties {
			p.close()
		}
	}()
	for _, org := range Companies {
		p, err := connect(ctx, org, nws...)
		if err != nil {
			return nil, err
		}
		parties[org] = p
	}
	seller, buyer := parties[Seller], parties[Buyer]

	// The case's documents, deposited as the trade happens.
	const biz = "HX-2026-0117"
	sellerDocs := []doc{
		{[]byte("采购合同 HX-2026-0117: 2000 control boards at 86.50 CNY, delivery by 2026-10-31, signed by both parties"),
			map[string]string{"type": "contract", "business_id": biz, "file_name": "采购合同-HX-2026-0117.pdf"}},
		{[]byte("送货单 DN-5531: 2000 control boards handed to the carrier 2026-10-28, carrier's signature"),
			map[string]string{"type": "delivery_note", "business_id": biz, "file_name": "送货单-DN-5531.pdf"}},
		{[]byte("增值税发票 No. 04417729: 173000.00 CNY"),
			map[string]string{"type": "invoice", "business_id": biz, "file_name": "发票-04417729.pdf"}},
	}
	buyerDocs := []doc{
		{[]byte("验收记录 2026-11-02: 2000 received, 412 failed the incoming inspection"),
			map[string]string{"type": "acceptance", "business_id": biz, "file_name": "验收记录-2026-11-02.pdf", "result": "2000 received, 412 rejected"}},
		{[]byte("质量异议函 2026-11-05: notice of non-conformity, payment withheld"),
			map[string]string{"type": "complaint", "business_id": biz, "file_name": "质量异议函.pdf"}},
	}
	var caseIDs []types.Hash
	for _, side := range []struct {
		p     *party
		docs  []doc
		other string
	}{{seller, sellerDocs, Buyer}, {buyer, buyerDocs, Seller}} {
		var rs []evidence.Request
		for _, d := range side.docs {
			rs = append(rs, d.request(side.other, Arbitration))
		}
		ds, err := side.p.svc.DepositBatch(ctx, side.p.id, rs)
		if err != nil {
			return nil, fmt.Errorf("judicial: %s's case documents: %w", side.p.name, err)
		}
		for _, d := range ds {
			h, err := types.ParseHash(d.ID)
			if err != nil {
				return nil, err
			}
			caseIDs = append(caseIDs, h)
		}
	}

	// The load: both companies deposit their records.
	load(ctx, cfg, parties, rep)

	// The dispute: the buyer withholds payment; the seller sues and
	// exports the case's evidence.
	cr := &rep.Case
	cr.Case, cr.Title = "（2026）沪0115民初1234号", "买卖合同纠纷 华信电子 诉 Acme Trading / sales contract dispute, Huaxin Electronics v. Acme Trading"
	for _, d := range append(slices.Clone(sellerDocs), buyerDocs...) {
		cr.Documents = append(cr.Documents, d.md["file_name"])
	}
	start := time.Now()
	pkg, err := Export(ctx, seller.svc, seller.id, caseIDs, ExportOptions{Case: cr.Case, Title: cr.Title, Timings: &cr.ExportSteps})
	if err != nil {
		return nil, err
	}
	cr.ExportMs = ms(time.Since(start))
	cr.ExportedBy = seller.id.CommonName + " (org " + seller.id.Org + ")"
	raw, err := pkg.JSON()
	if err != nil {
		return nil, err
	}
	cr.Bytes = len(raw)
	if cfg.Dir != "" {
		dir := filepath.Join(cfg.Dir, "case-"+biz)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		cr.Package, cr.Summary = filepath.Join(dir, "evidence-package.json"), filepath.Join(dir, "summary.pdf")
		if err := os.WriteFile(cr.Package, raw, 0o644); err != nil {
			return nil, err
		}
		if err := os.WriteFile(cr.Summary, pkg.Summary, 0o644); err != nil {
			return nil, err
		}
	}

	// The court, offline: the file and the geneses it trusts.
	cr.VerifyRuns = 5
	var took time.Duration
	for range cr.VerifyRuns {
		start = time.Now()
		p, err := Parse(raw)
		if err != nil {
			return nil, err
		}
		cr.Verification, err = VerifyPackage(p, geneses)
		took += time.Since(start)
		if err != nil {
			rep.Errors = append(rep.Errors, "the exported package does not verify: "+err.Error())
			break
		}
	}
	cr.VerifyMs = ms(took / time.Duration(cr.VerifyRuns))
	// One byte changed: the acceptance record's inspection result.
	cr.Tampered.Change = `the buyer's acceptance record: "412 rejected" changed to "012 rejected" in the file`
	bad := bytes.Replace(raw, []byte("412 rejected"), []byte("012 rejected"), 1)
	p, err := Parse(bad)
	if err == nil {
		_, err = VerifyPackage(p, geneses)
	}
	var pe *Error
	if errors.As(err, &pe) {
		cr.Tampered = TamperReport{Change: cr.Tampered.Change, Rejected: true, Code: pe.Code(), Deposit: pe.Deposit, Field: pe.Field, Error: err.Error()}
	}
	if !cr.Tampered.Rejected {
		rep.Errors = append(rep.Errors, "a changed package was not rejected")
	}
	return rep, nil
}

// load runs the deposit load and fills its figures in rep.
func load(ctx context.Context, cfg RunConfig, parties map[string]*party, rep *RunReport) {
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var issued, committed, failed atomic.Uint64
	var mu sync.Mutex
	var lat []time.Duration
	var errs []string
	start := time.Now()
	var wg sync.WaitGroup
	for ci, org := range Companies {
		p := parties[org]
		other := Companies[(ci+1)%len(Companies)]
		for w := range cfg.Workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(ci*100+w)))
				n := uint64(0)
				for ctx.Err() == nil {
					k := cfg.Batch
					if cfg.Rate > 0 {
						due := int64(cfg.Rate*time.Since(start).Seconds()) - int64(issued.Load())
						if due <= 0 {
							time.Sleep(10 * time.Millisecond)
							continue
						}
						k = min(k, int(due))
					}
					issued.Add(uint64(k))
					rs := make([]evidence.Request, k)
					for i := range rs {
						n++
						rs[i] = loadDoc(org, n, rnd).request(other, Arbitration)
					}
					t0 := time.Now()
					// A batch is submitted to the end: deposits in flight when
					// the load stops still count once committed.
					bctx, bcancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
					_, err := p.svc.DepositBatch(bctx, p.id, rs)
					bcancel()
					mu.Lock()
					if err != nil {
						failed.Add(uint64(k))
						if len(errs) < 5 {
							errs = append(errs, err.Error())
						}
					} else {
						committed.Add(uint64(k))
						lat = append(lat, time.Since(t0))
					}
					mu.Unlock()
				}
			}()
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-tick.C:
			if cfg.Every != nil {
				el := time.Since(start)
				cfg.Every(Snapshot{Elapsed: el, Deposits: committed.Load(), Failed: failed.Load(), PerSecond: float64(committed.Load()) / el.Seconds()})
			}
		}
	}
	el := time.Since(start)
	rep.Deposits, rep.Failed = committed.Load(), failed.Load()
	rep.Transactions = rep.Deposits * 2
	rep.Elapsed = el.Round(time.Millisecond).String()
	rep.DepositsPerSecond = round1(float64(rep.Deposits) / el.Seconds())
	rep.TransactionsPerSecond = round1(float64(rep.Transactions) / el.Seconds())
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	rep.BatchCommitP50, rep.BatchCommitP99 = pct(lat, 0.5), pct(lat, 0.99)
	rep.Errors = append(rep.Errors, errs...)
}

func pct(s []time.Duration, q float64) string {
	if len(s) == 0 {
		return ""
	}
	return s[min(len(s)-1, int(q*float64(len(s))))].Round(time.Millisecond).String()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
