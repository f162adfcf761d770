package console

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/types"
)

// MaxArtifactBytes bounds an uploaded artifact or Solidity source.
const MaxArtifactBytes = 1 << 20

// contractStore keeps the artifacts uploaded to this console and the
// contracts deployed (or attached) through it, in memory and as JSON lines
// in a file (the node has no registry of ABIs: the console must remember
// which artifact a contract address was deployed from).
type contractStore struct {
	mu        sync.Mutex
	path      string
	artifacts map[string]*storedArtifact
	order     []string // artifact ids, oldest first
	deployed  []deployedContract
}

type storedArtifact struct {
	ID   string
	Name string
	art  *contracts.Artifact
}

// deployedContract is one contract this console knows the ABI of.
type deployedContract struct {
	Address    string `json:"address"` // 0x + 40 hex
	ArtifactID string `json:"artifact"`
	Name       string `json:"name"`
	TxHash     string `json:"tx_hash"`
	Height     uint64 `json:"height"`
}

// contractRecord is one line of the store's file.
type contractRecord struct {
	Artifact json.RawMessage   `json:"artifact,omitempty"`
	Deployed *deployedContract `json:"deployed,omitempty"`
}

func openContractStore(path string) (*contractStore, error) {
	cs := &contractStore{path: path, artifacts: map[string]*storedArtifact{}}
	if path == "" {
		return cs, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return cs, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4*MaxArtifactBytes)
	for sc.Scan() {
		var rec contractRecord
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		if rec.Artifact != nil {
			if a, err := contracts.ParseArtifact(rec.Artifact); err == nil {
				cs.addArtifact(a)
			}
		}
		if rec.Deployed != nil {
			cs.deployed = append(cs.deployed, *rec.Deployed)
		}
	}
	return cs, sc.Err()
}

// addArtifact keeps a (its id is the hash of its JSON) and returns it.
func (cs *contractStore) addArtifact(a *contracts.Artifact) (*storedArtifact, []byte, bool) {
	b, _ := a.JSON()
	sum := sha256.Sum256(b)
	id := hex.EncodeToString(sum[:8])
	if sa, ok := cs.artifacts[id]; ok {
		return sa, b, false
	}
	sa := &storedArtifact{ID: id, Name: a.Name, art: a}
	cs.artifacts[id] = sa
	cs.order = append(cs.order, id)
	return sa, b, true
}

func (cs *contractStore) append(rec contractRecord) error {
	if cs.path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(cs.path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(cs.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	return err
}

// Add keeps an uploaded or compiled artifact.
func (cs *contractStore) Add(a *contracts.Artifact) (*storedArtifact, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	sa, b, fresh := cs.addArtifact(a)
	if fresh {
		return sa, cs.append(contractRecord{Artifact: b})
	}
	return sa, nil
}

func (cs *contractStore) Artifact(id string) *storedArtifact {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.artifacts[id]
}

func (cs *contractStore) Artifacts() []*storedArtifact {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	out := make([]*storedArtifact, 0, len(cs.order))
	for i := len(cs.order) - 1; i >= 0; i-- {
		out = append(out, cs.artifacts[cs.order[i]])
	}
	return out
}

func (cs *contractStore) AddDeployed(d deployedContract) error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.deployed = append(cs.deployed, d)
	return cs.append(contractRecord{Deployed: &d})
}

// Deployed lists the known contracts, newest first.
func (cs *contractStore) Deployed() []deployedContract {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	out := make([]deployedContract, len(cs.deployed))
	for i, d := range cs.deployed {
		out[len(out)-1-i] = d
	}
	return out
}

// Contract returns the newest known contract at address and its artifact.
func (cs *contractStore) Contract(address string) (deployedContract, *storedArtifact, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for i := len(cs.deployed) - 1; i >= 0; i-- {
		if d := cs.deployed[i]; d.Address == address {
			if sa := cs.artifacts[d.ArtifactID]; sa != nil {
				return d, sa, true
			}
		}
	}
	return deployedContract{}, nil, false
}

// decodeLog decodes l with the artifact of the contract at its address,
// else with any known artifact whose ABI has the event.
func (cs *contractStore) decodeLog(l *types.Log) (contracts.Event, string, bool) {
	addr := "0x" + hex.EncodeToString(l.Address)
	if d, sa, ok := cs.Contract(addr); ok {
		if ev, ok := sa.art.DecodeLog(l); ok {
			return ev, d.Name, true
		}
	}
	for _, sa := range cs.Artifacts() {
		if ev, ok := sa.art.DecodeLog(l); ok {
			return ev, sa.Name, true
		}
	}
	return contracts.Event{}, "", false
}

// logView is one EVM log of a receipt, decoded when an artifact knows it.
type logView struct {
	Address  string
	Contract string
	Decoded  bool
	Event    contracts.Event
	Topics   []string
	Data     string
}

func (s *Server) logViews(logs []*types.Log) []logView {
	var out []logView
	for _, l := range logs {
		v := logView{Address: "0x" + hex.EncodeToString(l.Address), Data: hex.EncodeToString(l.Data)}
		for _, t := range l.Topics {
			v.Topics = append(v.Topics, hex.EncodeToString(t))
		}
		v.Event, v.Contract, v.Decoded = s.contracts.decodeLog(l)
		out = append(out, v)
	}
	return out
}

// methodView is one function of an ABI, as a form.
type methodView struct {
	Name    string
	Inputs  []argView
	Outputs []argView
	// ReadOnly methods (view, pure) are queried, the others called in a
	// transaction.
	ReadOnly bool
	Payable  bool
}

type argView struct {
	Name, Type string
	// Field is the form field's name (arg0, arg1, ...).
	Field string
	// Value is what the user typed (kept after an error).
	Value string
}

func methodViews(a *contracts.Artifact) []methodView {
	var out []methodView
	for _, m := range a.ABI.Methods {
		mv := methodView{Name: m.Name, ReadOnly: m.IsConstant(), Payable: m.IsPayable()}
		for i, in := range m.Inputs {
			mv.Inputs = append(mv.Inputs, argView{Name: in.Name, Type: in.Type.String(), Field: fmt.Sprintf("arg%d", i)})
		}
		for _, o := range m.Outputs {
			mv.Outputs = append(mv.Outputs, argView{Name: o.Name, Type: o.Type.String()})
		}
		out = append(out, mv)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ReadOnly != out[j].ReadOnly {
			return out[i].ReadOnly
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func constructorView(a *contracts.Artifact) []argView {
	var out []argView
	for i, in := range a.ABI.Constructor.Inputs {
		out = append(out, argView{Name: in.Name, Type: in.Type.String(), Field: fmt.Sprintf("arg%d", i)})
	}
	return out
}

// formArgs reads the n arguments arg0..arg(n-1) of a form.
func formArgs(r *http.Request, n int) []string {
	args := make([]string, n)
	for i := range args {
		args[i] = strings.TrimSpace(r.PostFormValue(fmt.Sprintf("arg%d", i)))
	}
	return args
}

var addressRE = regexp.MustCompile(`^0x[0-9a-f]{40}$`)

// normAddress returns a contract address as 0x + 40 lower-case hex digits.
func normAddress(s string) (string, []byte, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.HasPrefix(s, "0x") {
		s = "0x" + s
	}
	if !addressRE.MatchString(s) {
		return "", nil, false
	}
	b, _ := hex.DecodeString(s[2:])
	return s, b, true
}

type contractsData struct {
	Account   string
	Address   string
	Artifacts []*storedArtifact
	Deployed  []deployedContract
	// Artifact is the artifact page's artifact and its constructor.
	Artifact    *storedArtifact
	Constructor []argView
}

func (s *Server) contractsData() contractsData {
	name, addr := s.opts.Chain.ContractAccount()
	return contractsData{Account: name, Address: "0x" + hex.EncodeToString(addr), Artifacts: s.contracts.Artifacts(), Deployed: s.contracts.Deployed()}
}

func (s *Server) contractsPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.contracts", "contracts")
	p.Data = s.contractsData()
	s.render(w, "contracts.html", p)
}

// uploadArtifact reads an artifact (.json) or compiles a Solidity source
// (.sol, with solc-js when it is installed) from the upload form.
func (s *Server) uploadArtifact(w http.ResponseWriter, r *http.Request) {
	f, hdr, err := r.FormFile("artifact")
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.no_artifact")
		return
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxArtifactBytes+1))
	if err != nil || len(b) > MaxArtifactBytes {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "err.too_large")
		return
	}
	var a *contracts.Artifact
	if strings.EqualFold(filepath.Ext(hdr.Filename), ".sol") {
		a, err = compileSource(b, r.PostFormValue("contract"), hdr.Filename)
		if errors.Is(err, contracts.ErrNoCompiler) {
			s.fail(w, r, http.StatusUnprocessableEntity, "err.no_compiler")
			return
		}
	} else {
		a, err = contracts.ParseArtifact(b)
	}
	if err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, "err.bad_artifact", err.Error())
		return
	}
	if a.Name == "" {
		a.Name = strings.TrimSuffix(filepath.Base(hdr.Filename), filepath.Ext(hdr.Filename))
	}
	sa, err := s.contracts.Add(a)
	if err != nil {
		s.opts.Logger.Warn("console: saving an artifact", "err", err)
	}
	http.Redirect(w, r, "/contracts/artifact/"+sa.ID, http.StatusSeeOther)
}

var contractNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// compileSource compiles one Solidity file (imports are not resolved)
// through sdk/contracts.CompileFile.
func compileSource(src []byte, name, filename string) (*contracts.Artifact, error) {
	base := strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	if name == "" {
		name = base
	}
	if !contractNameRE.MatchString(name) || !contractNameRE.MatchString(base) {
		return nil, fmt.Errorf("a contract name is a Solidity identifier")
	}
	dir, err := os.MkdirTemp("", "causeway-console-solc")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, base+".sol")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		return nil, err
	}
	return contracts.CompileFile(path, name)
}

func (s *Server) artifactPage(w http.ResponseWriter, r *http.Request) {
	sa := s.contracts.Artifact(r.PathValue("id"))
	if sa == nil {
		s.fail(w, r, http.StatusNotFound, "err.not_found")
		return
	}
	p := s.newPage(w, r, "title.artifact", "contracts")
	d := s.contractsData()
	d.Artifact, d.Constructor = sa, constructorView(sa.art)
	p.Data = d
	s.render(w, "artifact.html", p)
}

// deploy deploys an artifact with the constructor arguments of the form.
func (s *Server) deploy(w http.ResponseWriter, r *http.Request) {
	sa := s.contracts.Artifact(r.PathValue("id"))
	if sa == nil {
		s.fail(w, r, http.StatusNotFound, "err.not_found")
		return
	}
	code, err := sa.art.DeployCode(formArgs(r, len(sa.art.ABI.Constructor.Inputs)))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_args", err.Error())
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	resp, err := s.opts.Chain.DeployContract(ctx, code)
	if err != nil {
		s.fail(w, r, http.StatusBadGateway, "err.chain", err.Error())
		return
	}
	rc := resp.GetReceipt()
	if rc.GetStatus() != types.ReceiptStatus_SUCCESS || len(rc.GetContractAddress()) != 20 {
		http.Redirect(w, r, "/contracts/tx/"+url.PathEscape(resp.GetTxHash()), http.StatusSeeOther)
		return
	}
	d := deployedContract{Address: "0x" + hex.EncodeToString(rc.GetContractAddress()), ArtifactID: sa.ID, Name: sa.Name, TxHash: resp.GetTxHash(), Height: resp.GetHeight()}
	if err := s.contracts.AddDeployed(d); err != nil {
		s.opts.Logger.Warn("console: saving a contract", "err", err)
	}
	http.Redirect(w, r, "/contracts/at/"+d.Address+"?tx="+url.QueryEscape(d.TxHash), http.StatusSeeOther)
}

// attach records that a contract already on chain runs an artifact.
func (s *Server) attach(w http.ResponseWriter, r *http.Request) {
	sa := s.contracts.Artifact(r.PathValue("id"))
	if sa == nil {
		s.fail(w, r, http.StatusNotFound, "err.not_found")
		return
	}
	addr, _, ok := normAddress(r.PostFormValue("address"))
	if !ok {
		s.fail(w, r, http.StatusBadRequest, "err.bad_address")
		return
	}
	if err := s.contracts.AddDeployed(deployedContract{Address: addr, ArtifactID: sa.ID, Name: sa.Name}); err != nil {
		s.opts.Logger.Warn("console: saving a contract", "err", err)
	}
	http.Redirect(w, r, "/contracts/at/"+addr, http.StatusSeeOther)
}

type contractData struct {
	Contract deployedContract
	Artifact *storedArtifact
	Methods  []methodView
	// Result of a query on this page: the method and its decoded outputs.
	Method  string
	Outputs []string
	// TxHash is the deployment or last call to show a link to.
	TxHash string
}

func (s *Server) contractAt(w http.ResponseWriter, r *http.Request, status int, method string, outputs []string, errKey string, errArgs ...any) {
	addr, _, ok := normAddress(r.PathValue("address"))
	if !ok {
		s.fail(w, r, http.StatusBadRequest, "err.bad_address")
		return
	}
	d, sa, ok := s.contracts.Contract(addr)
	if !ok {
		s.fail(w, r, http.StatusNotFound, "err.unknown_contract", addr)
		return
	}
	p := s.newPage(w, r, "title.contract", "contracts")
	if errKey != "" {
		p.Error = p.T(errKey, errArgs...)
	}
	p.status = status
	cd := contractData{Contract: d, Artifact: sa, Methods: methodViews(sa.art), Method: method, Outputs: outputs}
	if h, err := types.ParseHash(r.URL.Query().Get("tx")); err == nil {
		cd.TxHash = h.String()
	}
	if method != "" {
		for i := range cd.Methods {
			if cd.Methods[i].Name == method {
				for j := range cd.Methods[i].Inputs {
					cd.Methods[i].Inputs[j].Value = r.PostFormValue(cd.Methods[i].Inputs[j].Field)
				}
			}
		}
	}
	p.Data = cd
	s.render(w, "contract.html", p)
}

func (s *Server) contractPage(w http.ResponseWriter, r *http.Request) {
	s.contractAt(w, r, 0, "", nil, "")
}

// contractMethod reads the contract and the method of a call or query
// form and encodes the call's input.
func (s *Server) contractMethod(w http.ResponseWriter, r *http.Request) (to []byte, sa *storedArtifact, method string, input []byte, ok bool) {
	addr, to, ok := normAddress(r.PathValue("address"))
	if !ok {
		s.fail(w, r, http.StatusBadRequest, "err.bad_address")
		return nil, nil, "", nil, false
	}
	_, sa, ok = s.contracts.Contract(addr)
	if !ok {
		s.fail(w, r, http.StatusNotFound, "err.unknown_contract", addr)
		return nil, nil, "", nil, false
	}
	method = r.PostFormValue("method")
	m, found := sa.art.ABI.Methods[method]
	if !found {
		s.contractAt(w, r, http.StatusBadRequest, "", nil, "err.no_method")
		return nil, nil, "", nil, false
	}
	input, err := sa.art.Input(method, formArgs(r, len(m.Inputs)))
	if err != nil {
		s.contractAt(w, r, http.StatusBadRequest, method, nil, "err.bad_args", err.Error())
		return nil, nil, "", nil, false
	}
	return to, sa, method, input, true
}

// queryContract runs a read-only method and shows its decoded result.
func (s *Server) queryContract(w http.ResponseWriter, r *http.Request) {
	to, sa, method, input, ok := s.contractMethod(w, r)
	if !ok {
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	res, err := s.opts.Chain.QueryContract(ctx, to, input)
	if err != nil {
		s.contractAt(w, r, http.StatusBadGateway, method, nil, "err.chain", err.Error())
		return
	}
	if res.GetErrorCode() != "" {
		s.contractAt(w, r, http.StatusOK, method, nil, "err.query", res.GetErrorCode(), res.GetError())
		return
	}
	outs, err := sa.art.Outputs(method, res.GetReturnData())
	if err != nil {
		s.contractAt(w, r, http.StatusOK, method, nil, "err.query", "decode", err.Error())
		return
	}
	s.contractAt(w, r, http.StatusOK, method, outs, "")
}

// callContract sends a method in a transaction and shows its receipt.
func (s *Server) callContract(w http.ResponseWriter, r *http.Request) {
	to, _, method, input, ok := s.contractMethod(w, r)
	if !ok {
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	resp, err := s.opts.Chain.CallContract(ctx, to, input)
	if err != nil {
		s.contractAt(w, r, http.StatusBadGateway, method, nil, "err.chain", err.Error())
		return
	}
	http.Redirect(w, r, "/contracts/tx/"+url.PathEscape(resp.GetTxHash())+"?method="+url.QueryEscape(method), http.StatusSeeOther)
}

type contractTxData struct {
	R       *apipb.TxResponse
	Logs    []logView
	Method  string
	Outputs []string
	// Contract is the contract the transaction created or called, if known.
	Contract string
}

// contractTx shows a contract transaction: status, contract, decoded
// events and, for a call of a known method, its decoded return values.
func (s *Server) contractTx(w http.ResponseWriter, r *http.Request) {
	h, err := types.ParseHash(strings.TrimPrefix(r.PathValue("hash"), "0x"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_hash")
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	t, err := s.opts.Chain.Tx(ctx, h)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	p := s.newPage(w, r, "title.contract_tx", "contracts")
	d := contractTxData{R: t, Logs: s.logViews(t.GetReceipt().GetLogs())}
	if ca := t.GetReceipt().GetContractAddress(); len(ca) == 20 {
		d.Contract = "0x" + hex.EncodeToString(ca)
	} else if cc := callOf(t.GetTx()); cc != nil && len(cc.To) == 20 {
		d.Contract = "0x" + hex.EncodeToString(cc.To)
		if _, sa, ok := s.contracts.Contract(d.Contract); ok {
			if m, err := sa.art.ABI.MethodById(cc.Input); err == nil {
				d.Method = m.Name
				if rd := t.GetReceipt().GetReturnData(); len(rd) > 0 {
					d.Outputs, _ = sa.art.Outputs(m.Name, rd)
				}
			}
		}
	}
	p.Data = d
	s.render(w, "contract_tx.html", p)
}

// callOf returns a transaction's contract call, or nil.
func callOf(tx *types.Transaction) *types.CallContract {
	var body types.TxBody
	if tx == nil || proto.Unmarshal(tx.GetBody(), &body) != nil || body.GetType() != types.TxType_CALL_CONTRACT {
		return nil
	}
	var cc types.CallContract
	if proto.Unmarshal(body.GetPayload(), &cc) != nil {
		return nil
	}
	return &cc
}
