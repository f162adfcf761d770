package execution

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// newGovParams is newGov with the genesis parameters p.
func newGovParams(t *testing.T, p types.ChainParams) *govFixture {
	t.Helper()
	g := testGenesis()
	g.Params = p
	f := &govFixture{}
	for i := 1; i <= 4; i++ {
		org := fmt.Sprintf("org%d", i)
		ca, err := pki.NewCA(org)
		if err != nil {
			t.Fatal(err)
		}
		f.cas = append(f.cas, ca)
		s := newSigner("admin-" + org)
		f.admins = append(f.admins, s)
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: types.AdminAccountName(org), Scheme: s.Scheme(), PublicKey: s.PublicKey()})
	}
	ws, nodes, root, err := GenesisState(g)
	if err != nil {
		t.Fatal(err)
	}
	f.m = &memState{kv: map[string][]byte{}, txs: map[types.Hash]bool{}, root: root}
	f.m.applyWrites(ws)
	f.m.applyNodes(nodes)
	return f
}

// relaxedParams are in-bounds parameters from which any one parameter can
// move to either end of its range (the gas limits leave each other room).
func relaxedParams() types.ChainParams {
	p := types.DefaultParams()
	p.TxGasLimit = types.MinTxGasLimit
	p.BlockGasLimit = types.MaxBlockGasLimit
	return p
}

// For every chain parameter, a proposal to set it to either end of its
// bounds is accepted and executes, and a proposal one beyond either end is
// refused when it is made, with CodeParamOutOfBounds, a reason naming the
// parameter, and no state change.
func TestParamProposalsAtAndBeyondBounds(t *testing.T) {
	for _, b := range types.ParamBounds() {
		t.Run(b.Name, func(t *testing.T) {
			for _, v := range []int64{b.Min - 1, b.Max + 1, 0, -1} {
				f := newGovParams(t, relaxedParams())
				before := f.m.clone()
				d := sign(t, mkBody("org1.admin", types.TxType_PROPOSE, &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: b.Name, Value: v}}}), f.admins[0])
				rc, res := f.run(t, d)
				wantReceipt(t, rc, types.CodeParamOutOfBounds)
				if !strings.Contains(rc.Error, b.Name) {
					t.Fatalf("%d: reason %q does not name the parameter", v, rc.Error)
				}
				wantUnchanged(t, before, res)
			}
			for _, v := range []int64{b.Min, b.Max} {
				f := newGovParams(t, relaxedParams())
				id, rc, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: b.Name, Value: v}}})
				wantReceipt(t, rc, "")
				f.vote(t, 2, id, true)
				rc, res := f.vote(t, 3, id, true)
				wantReceipt(t, rc, "")
				if res.Config == nil {
					t.Fatalf("%d: not executed", v)
				}
				if got, _ := res.Config.Params.Param(b.Name); got != v {
					t.Fatalf("%d: the parameter is %d", v, got)
				}
			}
		})
	}
}

// A proposal valid when made but out of bounds when it would execute (the
// other gas limit moved meanwhile) is refused at execution: the deciding
// vote fails with CodeParamOutOfBounds and the configuration is unchanged.
func TestParamBoundsCheckedAtExecution(t *testing.T) {
	f := newGovParams(t, types.DefaultParams()) // tx 30 M, block 100 M
	up := func(name string, v int64) *types.Proposal {
		return &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: name, Value: v}}}
	}
	txUp, rc, _ := f.propose(t, 1, up("tx_gas_limit", 90_000_000))
	wantReceipt(t, rc, "")
	blockDown, rc, _ := f.propose(t, 2, up("block_gas_limit", 50_000_000))
	wantReceipt(t, rc, "")
	f.vote(t, 3, blockDown, true)
	if _, res := f.vote(t, 4, blockDown, true); res.Config == nil || res.Config.Params.BlockGasLimit != 50_000_000 {
		t.Fatal("block gas limit not lowered")
	}
	f.vote(t, 2, txUp, true)
	before := f.m.clone()
	rc, res := f.vote(t, 3, txUp, true)
	wantReceipt(t, rc, types.CodeParamOutOfBounds)
	if !strings.Contains(rc.Error, "block_gas_limit") {
		t.Fatalf("reason %q does not name the conflicting parameter", rc.Error)
	}
	wantUnchanged(t, before, res)
	if c := f.config(t); c.Params.TxGasLimit != 30_000_000 || f.proposal(t, txUp).Status != types.ProposalStatus_PROPOSAL_OPEN {
		t.Fatalf("tx gas limit %d, proposal %v", c.Params.TxGasLimit, f.proposal(t, txUp).Status)
	}
}

// storeChain executes and commits blocks through an Executor on a real
// store, admitting each transaction with the checks of a node's admission
// and proposal verification (size, time window, stateless proposal
// checks, batch limits), so that "it commits" means what it means on a node.
type storeChain struct {
	t      *testing.T
	s      *store.Store
	ex     *Executor
	chain  string
	timeMs int64 // the chain's time: the last block's
}

func (c *storeChain) params() types.ChainParams {
	cfg, err := state.ReadConfig(c.s)
	if err != nil || cfg == nil {
		c.t.Fatalf("config: %v", err)
	}
	return cfg.Params
}

// admit checks tx as a node does before ordering it, at the node's clock
// nowMs, and returns it decoded.
func (c *storeChain) admit(tx *types.Transaction, nowMs int64) (*types.DecodedTx, error) {
	p := c.params()
	d, err := types.Intl.DecodeTx(types.EncodeTx(tx), p.MaxTxBytes)
	if err != nil {
		return nil, err
	}
	if err := p.TimeWindow().CheckTime(d.Body, nowMs); err != nil {
		return nil, err
	}
	if d.Body.Type == types.TxType_PROPOSE {
		if terr := types.CheckProposalPayload(d.Body.Payload, p); terr != nil {
			return nil, terr
		}
	}
	return d, nil
}

// block admits txs at nowMs, orders them in a block dated timeMs (checked
// against the batch limits and the drift allowed from nowMs), executes and
// commits it, and returns the receipts.
func (c *storeChain) block(nowMs, timeMs int64, txs ...*types.Transaction) []*types.Receipt {
	c.t.Helper()
	p := c.params()
	if uint64(len(txs)) > p.BatchMaxCount {
		c.t.Fatalf("%d transactions exceed batch_max_count %d", len(txs), p.BatchMaxCount)
	}
	if timeMs > nowMs+p.BlockTimeDriftMs {
		c.t.Fatalf("block time %d is beyond the drift %d", timeMs, p.BlockTimeDriftMs)
	}
	timeMs = max(timeMs, c.timeMs) // block times never go back
	var size uint64
	decoded := make([]*types.DecodedTx, len(txs))
	for i, tx := range txs {
		d, err := c.admit(tx, nowMs)
		if err != nil {
			c.t.Fatalf("tx %d (%d bytes) not admitted under %+v: %v", i, len(types.EncodeTx(tx)), p, err)
		}
		decoded[i] = d
		size += uint64(len(d.Raw))
		// Proposal verification: the block time is the reference.
		if err := p.TimeWindow().CheckTime(d.Body, timeMs); err != nil {
			c.t.Fatalf("tx %d outside its window at block time %d: %v", i, timeMs, err)
		}
	}
	if size > p.BatchMaxBytes {
		c.t.Fatalf("%d bytes exceed batch_max_bytes %d", size, p.BatchMaxBytes)
	}
	head := c.s.Head()
	hashes := make([]types.Hash, len(decoded))
	for i, d := range decoded {
		hashes[i] = d.Hash
	}
	hdr := &types.BlockHeader{ChainId: c.chain, Height: head.Height + 1, PrevHash: head.Hash[:], TimeMs: timeMs,
		TxRoot: types.Intl.TxRoot(hashes), StateRoot: head.StateRoot, ReceiptRoot: head.ReceiptRoot, TxCount: uint32(len(txs))}
	res, err := c.ex.ExecuteBlock(c.s, head.StateRoot, hdr, decoded)
	if err != nil {
		c.t.Fatal(err)
	}
	blk := &types.Block{Header: hdr, Txs: txs}
	if err := c.s.Commit(&store.Commit{Block: blk, Receipts: res.Receipts, Writes: res.Writes, StateNodes: res.StateNodes, StateRoot: res.StateRoot, ReceiptRoot: res.ReceiptRoot}); err != nil {
		c.t.Fatal(err)
	}
	c.timeMs = timeMs
	return res.Receipts
}

// A long random sequence of accepted parameter changes, each made by a
// proposal, votes and execution on a real store, never leaves the chain
// ungovernable or stuck: after each change the next proposal is submitted,
// voted on and executed, and ordinary transactions (a transfer, an
// evidence deposit with metadata of the full allowed size, a contract
// deployment using the whole per-transaction gas limit) commit, all sent
// as default SDK clients send them (5-minute validity) from clocks up to a
// second off, in blocks that a faulty leader dates as far ahead as the
// drift allows. Every eighth change is followed by the largest realistic
// governance transaction, an add_org with two nodes and a full
// description, and its removal; and the largest governance transaction
// the size rules allow is admitted under every parameter set.
func TestRandomParamChangesKeepChainGovernable(t *testing.T) {
	const seed, steps = 20261130, 400
	rng := rand.New(rand.NewPCG(seed, seed))
	start := time.Now()

	g := testGenesis()
	g.ChainID = "params-random"
	admins := map[string]*testSigner{}
	for i := 1; i <= 4; i++ {
		org := fmt.Sprintf("org%d", i)
		ca, err := pki.NewCA(org)
		if err != nil {
			t.Fatal(err)
		}
		s := newSigner("admin-" + org)
		admins[org] = s
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: types.AdminAccountName(org), Scheme: s.Scheme(), PublicKey: s.PublicKey()})
		if i == 1 {
			tlsPEM, _, _ := ca.Issue(pki.IssueRequest{CommonName: "node1", Role: pki.RoleNode})
			signPEM, _, _ := ca.Issue(pki.IssueRequest{CommonName: "node1", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
			g.Nodes = append(g.Nodes, types.GenesisNode{ID: 1, Org: org, Address: "127.0.0.1:7051", TLSCert: string(tlsPEM), SignCert: string(signPEM)})
		}
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "db"), store.WithSuite(types.Intl))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ws, nodes, root, err := GenesisState(g)
	if err != nil {
		t.Fatal(err)
	}
	genesisBlock := &types.Block{Header: &types.BlockHeader{ChainId: g.ChainID, Height: 0, TimeMs: testTime, StateRoot: root}}
	if err := s.Commit(&store.Commit{Block: genesisBlock, Writes: ws, StateNodes: nodes, StateRoot: root, ReceiptRoot: types.Intl.ReceiptRoot(nil)}); err != nil {
		t.Fatal(err)
	}
	c := &storeChain{t: t, s: s, ex: &Executor{ChainID: g.ChainID, Params: g.Params, Suite: types.Intl}, chain: g.ChainID, timeMs: testTime}

	now := testTime // real time
	var nonce uint64
	stalls := 0 // blocks that waited for real time to catch up with the chain's
	// send makes a transaction as a default SDK client does, from a clock
	// up to a second off real time.
	send := func(sender string, typ types.TxType, payload []byte, signer types.Signer) *types.Transaction {
		nonce++
		sid := types.Intl.AccountID(sender)
		body := &types.TxBody{ChainId: g.ChainID, Sender: sid[:], TimestampMs: now + rng.Int64N(2001) - 1000,
			ValidityMs: sdk.DefaultValidity.Milliseconds(), Type: typ, Payload: payload, Nonce: nonce}
		tx, err := types.Intl.NewTx(body, signer)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	// commit orders txs in one block dated by a leader whose clock is
	// ahead of real time by anything up to the drift allowed, often all
	// of it, and requires every receipt to succeed.
	commit := func(what string, txs ...*types.Transaction) []*types.Receipt {
		t.Helper()
		now += 1 + rng.Int64N(3000)
		drift := c.params().BlockTimeDriftMs
		if c.timeMs > now+drift {
			// An earlier block was dated further ahead than the drift
			// now allows (the drift was lowered): no block can be
			// proposed until real time catches up, at most the drift's
			// ceiling later.
			if wait := c.timeMs - drift - now; wait > types.MaxBlockTimeDriftMs {
				t.Fatalf("%s: the chain would wait %d ms for its clock", what, wait)
			}
			now = c.timeMs - drift
			stalls++
		}
		ahead := drift
		if rng.IntN(2) == 0 {
			ahead = rng.Int64N(ahead + 1)
		}
		rcs := c.block(now, now+ahead, txs...)
		for i, rc := range rcs {
			if rc.Status != types.ReceiptStatus_SUCCESS {
				t.Fatalf("%s: tx %d failed under %+v: %s %s", what, i, c.params(), rc.ErrorCode, rc.Error)
			}
		}
		return rcs
	}
	orgs := []string{"org1", "org2", "org3", "org4"}
	// govern passes p: a random member proposes, others approve until it
	// executes (the policy is a majority of the members).
	govern := func(what string, p *types.Proposal) {
		t.Helper()
		order := rng.Perm(len(orgs))
		first := orgs[order[0]]
		ptx := send(types.AdminAccountName(first), types.TxType_PROPOSE, encode(p), admins[first])
		commit(what+": propose", ptx)
		pid := types.Intl.TxHash(ptx)
		for _, i := range order[1 : len(orgs)/2+1] {
			commit(what+": vote", send(types.AdminAccountName(orgs[i]), types.TxType_VOTE, encode(&types.Vote{ProposalId: pid[:], Approve: true}), admins[orgs[i]]))
		}
		rec, err := state.ReadProposal(c.s, pid)
		if err != nil || rec == nil || rec.Status != types.ProposalStatus_PROPOSAL_EXECUTED {
			t.Fatalf("%s: proposal %v %v", what, rec, err)
		}
	}
	// The largest governance transaction the size rules allow.
	maxGov := func() *types.Transaction {
		tx := send("org1.admin", types.TxType_PROPOSE, encode(maxAddOrgProposal(2)), admins["org1"])
		for len(tx.Signatures) < types.MaxGovernanceSignatures {
			tx.Signatures = append(tx.Signatures, &types.Signature{Scheme: types.SignatureScheme_SM2, PublicKey: bytes.Repeat([]byte{4}, 65), Signature: make([]byte, 72)})
		}
		return tx
	}

	model := g.Params // the parameters as the test expects them
	extra := 5        // next org number
	changes := 0
	for step := 0; step < steps; step++ {
		b := types.ParamBounds()[rng.IntN(len(types.ParamBounds()))]
		var v int64
		switch rng.IntN(3) {
		case 0:
			v = b.Min
		case 1:
			v = b.Max
		default:
			v = b.Min + rng.Int64N(b.Max-b.Min+1)
		}
		if (b.Name == "tx_gas_limit" && uint64(v) > model.BlockGasLimit) || (b.Name == "block_gas_limit" && uint64(v) < model.TxGasLimit) {
			// Out of step with the other gas limit: refused when proposed.
			ptx := send("org1.admin", types.TxType_PROPOSE, encode(&types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: b.Name, Value: v}}}), admins["org1"])
			if _, err := c.admit(ptx, now); types.CodeOf(err) != types.CodeParamOutOfBounds {
				t.Fatalf("step %d: %s = %d against %+v admitted: %v", step, b.Name, v, model, err)
			}
			continue
		}
		govern(fmt.Sprintf("step %d: %s = %d", step, b.Name, v), &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: b.Name, Value: v}}})
		changes++
		switch b.Name {
		case "batch_max_count":
			model.BatchMaxCount = uint64(v)
		case "batch_max_bytes":
			model.BatchMaxBytes = uint64(v)
		case "batch_max_interval_ms":
			model.BatchMaxIntervalMs = v
		case "max_tx_bytes":
			model.MaxTxBytes = int(v)
		case "max_validity_ms":
			model.MaxValidityMs = v
		case "max_future_ms":
			model.MaxFutureMs = v
		case "max_evidence_metadata_bytes":
			model.MaxEvidenceMetadataBytes = int(v)
		case "block_time_drift_ms":
			model.BlockTimeDriftMs = v
		case "recovery_delay_ms":
			model.RecoveryDelayMs = v
		case "block_gas_limit":
			model.BlockGasLimit = uint64(v)
		case "tx_gas_limit":
			model.TxGasLimit = uint64(v)
		default:
			t.Fatalf("the test does not know parameter %s", b.Name)
		}
		if got := c.params(); got != model {
			t.Fatalf("step %d: parameters %+v, want %+v", step, got, model)
		}

		// Ordinary transactions still commit, in one block.
		bobID := types.Intl.AccountID("bob")
		meta := []*types.Attribute{{Key: "note", Value: strings.Repeat("m", model.MaxEvidenceMetadataBytes-len("note"))}}
		rcs := commit(fmt.Sprintf("step %d: ordinary transactions", step),
			send("alice", types.TxType_TRANSFER, encode(&types.Transfer{To: bobID[:], Amount: 1}), alice),
			send("alice", types.TxType_DEPOSIT_EVIDENCE, encode(&types.DepositEvidence{Hash: bytes.Repeat([]byte{byte(step)}, 32), HashAlgorithm: "sha256", Metadata: meta}), alice),
			send("bob", types.TxType_DEPLOY_CONTRACT, encode(&types.DeployContract{Code: []byte{0x00}, GasLimit: model.TxGasLimit}), bob))
		if len(rcs[2].ContractAddress) == 0 {
			t.Fatalf("step %d: no contract deployed", step)
		}
		// The largest governance transaction is admitted.
		if _, err := c.admit(maxGov(), now); err != nil {
			t.Fatalf("step %d: the largest governance transaction is refused under %+v: %v", step, model, err)
		}
		if changes%8 == 0 {
			// The largest realistic governance: a new org with two nodes, then its removal.
			name := fmt.Sprintf("org%d", extra)
			add := realAddOrg(t, name, uint64(100+2*extra))
			govern(fmt.Sprintf("step %d: add %s", step, name), &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: add}, Description: strings.Repeat("a full description. ", types.MaxDescriptionBytes/20)})
			orgs = append(orgs, name)
			admins[name] = newSigner("admin-" + name)
			govern(fmt.Sprintf("step %d: remove %s", step, name), &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: name}}})
			orgs = orgs[:len(orgs)-1]
			extra++
		}
	}
	if changes < steps/2 || extra < 6 {
		t.Fatalf("only %d changes and %d org additions: the sequence covers too little", changes, extra-5)
	}
	t.Logf("%d parameter changes, %d add/remove org cycles, %d blocks (%d waited for the clock), %v", changes, extra-5, s.Head().Height, stalls, time.Since(start))
}

// realAddOrg returns an add_org of a new org with a real CA and two nodes
// with real certificates, ids id and id+1.
func realAddOrg(t *testing.T, name string, id uint64) *types.AddOrg {
	t.Helper()
	ca, err := pki.NewCA(name)
	if err != nil {
		t.Fatal(err)
	}
	add := &types.AddOrg{Name: name, CaCert: string(ca.CertPEM()), AdminKey: key(newSigner("admin-"+name), 100)}
	for i := uint64(0); i < 2; i++ {
		cn := fmt.Sprintf("%s-node%d", name, i)
		tlsPEM, _, err := ca.Issue(pki.IssueRequest{CommonName: cn, Role: pki.RoleNode})
		if err != nil {
			t.Fatal(err)
		}
		signPEM, _, err := ca.Issue(pki.IssueRequest{CommonName: cn, Role: pki.RoleNode, KeyType: pki.KeyEd25519})
		if err != nil {
			t.Fatal(err)
		}
		add.Nodes = append(add.Nodes, &types.NodeSpec{Id: id + i, Org: name, Address: fmt.Sprintf("%s.example.com:7051", cn), TlsCert: string(tlsPEM), SignCert: string(signPEM)})
	}
	return add
}

// maxAddOrgProposal is an add_org whose every field has its largest allowed
// size (PEM blocks of MaxCertPEMBytes that are not real certificates).
func maxAddOrgProposal(nodes int) *types.Proposal {
	pemOf := func(size int) string {
		body := strings.Repeat(strings.Repeat("A", 64)+"\n", (size-60)/65)
		return "-----BEGIN CERTIFICATE-----\n" + body + "-----END CERTIFICATE-----\n"
	}
	org := strings.Repeat("o", types.MaxOrgNameBytes)
	add := &types.AddOrg{Name: org, CaCert: pemOf(types.MaxCertPEMBytes),
		AdminKey: &types.AuthKey{Scheme: types.SignatureScheme_ECDSA_P256, PublicKey: make([]byte, 65), Weight: 100}}
	for i := 0; i < nodes; i++ {
		add.Nodes = append(add.Nodes, &types.NodeSpec{Id: ^uint64(0) - uint64(i), Org: org,
			Address: strings.Repeat("h", types.MaxAddressBytes-6) + ":65535", TlsCert: pemOf(types.MaxCertPEMBytes), SignCert: pemOf(types.MaxCertPEMBytes)})
	}
	return &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: add}, Description: strings.Repeat("d", types.MaxDescriptionBytes)}
}
