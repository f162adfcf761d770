package execution

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/execution/lightclient"
	"github.com/causeway/causeway/execution/lightclient/lctest"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// The light client of another Causeway chain (lctest.Remote, a chain
// simulated in memory whose headers and proofs have a node's shape), as
// this chain's executor applies it: registration by governance, updates by
// any account, refusals that change nothing, configuration changes
// followed, misbehaviour frozen.

const remoteChain = "remote-chain"

// registerRemote registers r's light client by governance (org1 proposes,
// org2 and org3 approve) and returns the proposal id.
func registerRemote(t *testing.T, f *govFixture, r *lctest.Remote) types.Hash {
	t.Helper()
	id, rc, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RegisterLightClient{RegisterLightClient: r.Register()}})
	wantReceipt(t, rc, "")
	f.vote(t, 2, id, true)
	rc, _ = f.vote(t, 3, id, true)
	wantReceipt(t, rc, "")
	if ev := findEvent(rc, EventLightClientRegistered); ev == nil {
		t.Fatalf("no %s event on the executing vote: %v", EventLightClientRegistered, rc.Events)
	}
	return id
}

// update submits u as alice's UPDATE_LIGHT_CLIENT in the next block.
func (f *govFixture) update(t *testing.T, u *proofpb.LightClientUpdate) (*types.Receipt, *Result) {
	t.Helper()
	return f.run(t, sign(t, mkBody("alice", types.TxType_UPDATE_LIGHT_CLIENT, u), alice))
}

func findEvent(rc *types.Receipt, typ string) *types.Event {
	for _, ev := range rc.Events {
		if ev.Type == typ {
			return ev
		}
	}
	return nil
}

func lightClient(t *testing.T, r state.Getter, chainID string) *types.LightClient {
	t.Helper()
	c, err := lightclient.Client(r, types.Intl, chainID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantRefused checks that the update was refused with code and that the
// block changed nothing.
func wantRefused(t *testing.T, f *govFixture, before *memState, rc *types.Receipt, res *Result, code types.Code) {
	t.Helper()
	wantReceipt(t, rc, code)
	wantUnchanged(t, before, res)
}

// A registration needs the remote genesis in its canonical encoding, whose
// hash and suite are the stated ones, of another chain than this one, not
// registered yet; each refusal is at the proposal, with its code, and
// changes nothing.
func TestLightClientRegistrationRules(t *testing.T) {
	f := newGov(t)
	r := lctest.NewRemote(t, remoteChain, 4)
	pid := registerRemote(t, f, r)
	c := lightClient(t, f.m, remoteChain)
	gh := r.Genesis.Hash()
	if c == nil || c.ChainId != remoteChain || !bytes.Equal(c.GenesisHash, gh[:]) || c.Crypto != "intl" || !bytes.Equal(c.Instance, pid[:]) ||
		c.LatestHeight != 0 || c.Frozen || len(c.Configs) != 1 || c.Configs[0].Height != 0 || c.Configs[0].Version != 1 ||
		!slices.Equal(c.Configs[0].Nodes, []uint64{1, 2, 3, 4}) {
		t.Fatalf("registered client: %v", c)
	}
	if g, _ := state.ReadLightGenesis(f.m, pid); !bytes.Equal(g, r.GenesisJSON()) {
		t.Fatal("the remote genesis is not stored as proposed")
	}

	other := lctest.NewRemote(t, "other-chain", 4)
	same := lctest.NewRemote(t, testChain, 4) // this chain's id
	indented, _ := json.MarshalIndent(other.Genesis, "", "  ")
	noNodes := lctest.NewRemote(t, "empty-chain", 4)
	noNodes.Genesis.Nodes = nil
	edit := func(f func(a *types.RegisterLightClient)) func() *types.RegisterLightClient {
		return func() *types.RegisterLightClient {
			a := other.Register()
			f(a)
			return a
		}
	}
	for _, c := range []struct {
		name   string
		action func() *types.RegisterLightClient
		code   types.Code
	}{
		{"wrong genesis hash", edit(func(a *types.RegisterLightClient) { a.GenesisHash[0] ^= 1 }), types.CodeInvalidPayload},
		{"wrong suite", edit(func(a *types.RegisterLightClient) { a.Crypto = "gm" }), types.CodeInvalidPayload},
		{"unknown suite", edit(func(a *types.RegisterLightClient) { a.Crypto = "rot13" }), types.CodeInvalidPayload},
		{"chain id not the genesis's", edit(func(a *types.RegisterLightClient) { a.ChainId = "another-name" }), types.CodeInvalidPayload},
		{"this chain", same.Register, types.CodeInvalidPayload},
		{"not canonical", edit(func(a *types.RegisterLightClient) { a.Genesis = indented }), types.CodeInvalidPayload},
		{"not JSON", edit(func(a *types.RegisterLightClient) { a.Genesis = []byte("genesis") }), types.CodeInvalidPayload},
		{"invalid genesis", noNodes.Register, types.CodeInvalidPayload},
		{"too large", edit(func(a *types.RegisterLightClient) {
			a.Genesis = bytes.Repeat([]byte{' '}, types.MaxLightClientGenesisBytes+1)
		}), types.CodeTooLarge},
		{"registered already", r.Register, types.CodeClientExists},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := f.m.clone()
			_, rc, res := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RegisterLightClient{RegisterLightClient: c.action()}})
			wantRefused(t, f, before, rc, res, c.code)
		})
	}
	// The unedited registration of the other chain passes: the cases above
	// fail for their one change.
	_, rc, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RegisterLightClient{RegisterLightClient: other.Register()}})
	wantReceipt(t, rc, "")
	if !slices.Contains(types.GovernanceActions, ActionRegisterLightClient) || !slices.Contains(types.GovernanceActions, ActionRemoveLightClient) {
		t.Fatal("the light client actions are not governance actions a policy can name")
	}
}

// A valid header is kept, with its signatures, and the client's latest
// height moves; an older one is kept too; the same header again is refused
// (header_known) and changes nothing.
func TestLightClientUpdateAccepted(t *testing.T) {
	f := newGov(t)
	r := lctest.NewRemote(t, remoteChain, 4)
	pid := registerRemote(t, f, r)
	r.Blocks(5)
	rc, _ := f.update(t, r.Update(4))
	wantReceipt(t, rc, "")
	ev := findEvent(rc, EventLightClientUpdated)
	want := r.Suite.HeaderHash(r.Header(4))
	if ev == nil || attrs(ev)["chain_id"] != remoteChain || attrs(ev)["height"] != "4" || attrs(ev)["hash"] != want.String() {
		t.Fatalf("update event: %v", rc.Events)
	}
	h, err := state.ReadLightHeader(f.m, pid, 4)
	if err != nil || h == nil || !bytes.Equal(h.Hash, want[:]) || !proto.Equal(h.Header, r.Header(4)) || len(h.Signatures) != 4 || h.ConfigVersion != 1 || h.VerifiedHeight != f.height {
		t.Fatalf("kept header: %v %v", h, err)
	}
	rc, _ = f.update(t, r.Update(2))
	wantReceipt(t, rc, "")
	c := lightClient(t, f.m, remoteChain)
	if c.LatestHeight != 4 || c.Headers != 2 || c.VerifiedTo != 4 {
		t.Fatalf("client after two updates: %v", c)
	}
	before := f.m.clone()
	rc, res := f.update(t, r.Update(4))
	wantRefused(t, f, before, rc, res, types.CodeHeaderKnown)
	// The same header with another quorum of signatures is the same header.
	u := r.Update(2)
	u.Header = r.Sign(2, r.Members[1], r.Members[2], r.Members[4])
	rc, res = f.update(t, u)
	wantRefused(t, f, before, rc, res, types.CodeHeaderKnown)
}

// Every hostile update is refused with its code and changes nothing; the
// unedited update is then accepted, so each refusal is due to its one
// change.
func TestLightClientRefusesHostileUpdates(t *testing.T) {
	f := newGov(t)
	r := lctest.NewRemote(t, remoteChain, 4)
	registerRemote(t, f, r)
	r.Blocks(3)
	rc, _ := f.update(t, r.Update(2))
	wantReceipt(t, rc, "")
	// Block 4 adds org r5's node 5: the set {1..5} is in force from hA.
	m5 := r.NewMember("r5")
	hA := r.Reconfigure(1, 2, 3, 4, m5.ID)
	r.Blocks(4)
	h := hA + 2
	otherChain := lctest.NewRemote(t, "other-chain", 4)
	otherChain.Blocks(int(h))
	outsider, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	m := r.Members
	for _, c := range []struct {
		name string
		u    func() *proofpb.LightClientUpdate
		code types.Code
	}{
		{"forged signature", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.Header.Signatures[1].Signature[3] ^= 0x10
			return u
		}, types.CodeBadCommitSignature},
		{"signature by a key outside the set under a member's id", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			forger := &lctest.Member{ID: 3, Key: outsider}
			u.Header = r.Sign(h, m[1], m[2], forger, m[4], m[5])
			return u
		}, types.CodeBadCommitSignature},
		{"tampered header field", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.Header.Header.TimeMs++
			return u
		}, types.CodeBadCommitSignature},
		{"tampered tx root", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.Header.Header.TxRoot = bytes.Repeat([]byte{7}, 32)
			return u
		}, types.CodeBadCommitSignature},
		{"quorum minus one", func() *proofpb.LightClientUpdate { // n=5: quorum 4
			u := r.Update(h)
			u.Header = r.Sign(h, m[1], m[2], m[5])
			return u
		}, types.CodeNoQuorum},
		{"a signer twice", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.Header = r.Sign(h, m[1], m[2], m[5], m[5])
			return u
		}, types.CodeBadCommitSignature},
		{"configuration change left out", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.ConfigChain.Changes = nil
			return u
		}, types.CodeConfigMismatch},
		{"configuration proof of another configuration", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.Config = r.ConfigProof(r.Header(2))
			return u
		}, types.CodeConfigMismatch},
		{"configuration change signed by too few of its node set", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.ConfigChain.Changes[0] = r.Change(hA, m[5], m[2], m[3])
			return u
		}, types.CodeNoQuorum},
		{"configuration change under another state root", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.ConfigChain.Changes[0].Proof = r.ConfigProof(r.Header(hA)).Proof
			return u
		}, types.CodeBadConfigChain},
		{"configuration chain of another genesis", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.ConfigChain.GenesisHash[0] ^= 1
			return u
		}, types.CodeRemoteWrongChain},
		{"header of another chain", func() *proofpb.LightClientUpdate {
			u := otherChain.Update(h)
			u.ChainId = remoteChain
			return u
		}, types.CodeRemoteWrongChain},
		{"unregistered chain", func() *proofpb.LightClientUpdate { return otherChain.Update(h) }, types.CodeClientNotFound},
		{"chain covering less than the header", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.ConfigChain.ToHeight = hA
			return u
		}, types.CodeBadConfigChain},
		{"genesis block", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.Header.Header = proto.Clone(r.Header(0)).(*types.BlockHeader)
			return u
		}, types.CodeBadHeader},
		{"no configuration proof", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.Config = nil
			return u
		}, types.CodeMalformed},
		{"no header", func() *proofpb.LightClientUpdate {
			u := r.Update(h)
			u.Header = nil
			return u
		}, types.CodeMalformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := f.m.clone()
			rc, res := f.update(t, c.u())
			wantRefused(t, f, before, rc, res, c.code)
		})
	}
	t.Run("malformed bytes", func(t *testing.T) {
		before := f.m.clone()
		body := mkBody("alice", types.TxType_UPDATE_LIGHT_CLIENT, nil)
		body.Payload = []byte{0x12, 0xff, 0xff, 0xff}
		rc, res := f.run(t, sign(t, body, alice))
		wantRefused(t, f, before, rc, res, types.CodeMalformed)
	})
	t.Run("unknown sender", func(t *testing.T) {
		before := f.m.clone()
		rc, res := f.run(t, sign(t, mkBody("mallet", types.TxType_UPDATE_LIGHT_CLIENT, r.Update(h)), mallet))
		wantRefused(t, f, before, rc, res, types.CodeUnknownAccount)
	})
	rc, _ = f.update(t, r.Update(h))
	wantReceipt(t, rc, "")
	if c := lightClient(t, f.m, remoteChain); c.LatestHeight != h || len(c.Configs) != 2 {
		t.Fatalf("the unedited update: %v", c)
	}
}

// The client follows the remote chain's membership: an org's node joins,
// then an org leaves; headers are checked against the node set in force at
// their height, old and new; a header signed by a removed node, over a state
// that still names it, is refused.
func TestLightClientFollowsConfigurationChanges(t *testing.T) {
	f := newGov(t)
	r := lctest.NewRemote(t, remoteChain, 4)
	registerRemote(t, f, r)
	r.Blocks(2)
	m5 := r.NewMember("r5")
	hA := r.Reconfigure(1, 2, 3, 4, m5.ID) // add org r5
	r.Blocks(3)
	hB := r.Reconfigure(2, 3, 4, m5.ID) // remove org r1
	r.Blocks(3)
	top := r.Height()

	// One update brings both changes.
	rc, _ := f.update(t, r.Update(top))
	wantReceipt(t, rc, "")
	var got [][2]string
	for _, ev := range rc.Events {
		if ev.Type == EventLightClientConfig {
			got = append(got, [2]string{attrs(ev)["from_height"], attrs(ev)["nodes"]})
		}
	}
	want := [][2]string{{itoa(hA), "1,2,3,4,5"}, {itoa(hB), "2,3,4,5"}}
	if !slices.Equal(got, want) {
		t.Fatalf("config events %v, want %v", got, want)
	}
	c := lightClient(t, f.m, remoteChain)
	if len(c.Configs) != 3 || c.Configs[1].Height != hA || c.Configs[2].Height != hB || c.Configs[2].Version != 3 {
		t.Fatalf("configs: %v", c.Configs)
	}
	// Headers under each set: before the first change, between, after.
	for _, h := range []uint64{hA - 1, hA, hB - 1, hB} {
		u := r.Update(h)
		rc, _ := f.update(t, u)
		wantReceipt(t, rc, "")
		if v := attrs(findEvent(rc, EventLightClientUpdated))["config_version"]; v != itoa(r.ConfigAt(h).Version) {
			t.Fatalf("header %d verified under version %s", h, v)
		}
	}
	// The removed node 1 with nodes 2 and 3 were a quorum of the genesis
	// set. Their header is refused: over a forged state that still names
	// the genesis set, because that is not the configuration the client
	// settled (config_mismatch); over one that names the set in force,
	// because node 1 is not in it (bad_commit_signature). Leaving the
	// changes out of the update does not bring the old set back.
	r.Blocks(2)
	removed := []*lctest.Member{r.Members[1], r.Members[2], r.Members[3]}
	old := r.Forge(top+2, 0, map[string][]byte{string(state.ConfigKey()): r.ConfigAt(0).Encode()})
	cur := r.Forge(top+2, 0, nil)
	noChanges := &proofpb.ConfigChain{ChainId: remoteChain, GenesisHash: r.Chain(0).GenesisHash, ToHeight: top + 2}
	before := f.m.clone()
	for _, c := range []struct {
		hdr   *types.BlockHeader
		chain *proofpb.ConfigChain
		code  types.Code
	}{
		{old, r.Chain(top + 2), types.CodeConfigMismatch},
		{old, noChanges, types.CodeConfigMismatch},
		{cur, r.Chain(top + 2), types.CodeBadCommitSignature},
		{cur, noChanges, types.CodeBadCommitSignature},
	} {
		rc, res := f.update(t, r.ForgedUpdate(c.hdr, c.chain, removed...))
		wantRefused(t, f, before, rc, res, c.code)
		if !strings.Contains(rc.Error, "node 1 is not in the node set in force") {
			t.Fatalf("refusal does not name the removed node: %s", rc.Error)
		}
	}
	// A change the client does not know, at a settled height, is refused.
	u := r.Update(top + 2)
	u.ConfigChain.Changes[0].Height = hA - 1
	rc, res := f.update(t, u)
	wantRefused(t, f, before, rc, res, types.CodeBadConfigChain)
	// A configuration the new nodes alone made up is not vouched for.
	m6, m7, m8 := r.NewMember("r6"), r.NewMember("r7"), r.NewMember("r8")
	evil := r.ConfigAt(top).Clone()
	evil.Version = 9
	evil.Nodes = []types.GenesisNode{m6.Node, m7.Node, m8.Node}
	eh := top + 3
	r.Blocks(1)
	hdr := r.Forge(eh, 0, map[string][]byte{string(state.ConfigKey()): evil.Encode(), string(state.ConfigHistoryKey(eh)): evil.Encode()})
	chain := r.Chain(eh)
	sh := r.SignHeader(hdr, m6, m7, m8)
	_, p := r.Prove(hdr.StateRoot, state.ConfigHistoryKey(eh))
	chain.Changes = append(chain.Changes, &proofpb.ConfigChange{Height: eh, Config: evil.Encode(), Header: sh, Proof: p})
	rc, res = f.update(t, &proofpb.LightClientUpdate{ChainId: remoteChain, Header: sh, Config: r.ConfigProof(hdr), ConfigChain: chain})
	wantRefused(t, f, before, rc, res, types.CodeBadConfigChain)
	if !strings.Contains(rc.Error, "signed the change") {
		t.Fatalf("not refused for the vouching rule: %s", rc.Error)
	}
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

// Two certified headers at one height freeze the client, with both and
// their signatures as evidence; later updates and verifications are refused
// with client_frozen. A certified header its kept successor does not link
// to freezes it too.
func TestLightClientMisbehaviourFreezes(t *testing.T) {
	const at = uint64(4)
	for _, c := range []struct {
		name, kind string
		keep       uint64 // the kept header the forgery conflicts with
		prev       bool   // the forgery links to another block than the kept one before it
	}{
		{"same height", lightclient.MisbehaviourConflict, at, false},
		{"kept successor links elsewhere", lightclient.MisbehaviourLink, at + 1, false},
		{"links to another predecessor", lightclient.MisbehaviourLink, at - 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newGov(t)
			r := lctest.NewRemote(t, remoteChain, 4)
			registerRemote(t, f, r)
			r.Blocks(6)
			rc, _ := f.update(t, r.Update(c.keep))
			wantReceipt(t, rc, "")
			// The whole node set signs another block at height 4.
			forged := r.Forge(at, 1, map[string][]byte{"acct/x": []byte("forked")})
			if c.prev {
				forged.PrevHash = bytes.Repeat([]byte{0xbe}, 32)
			}
			u := r.ForgedUpdate(forged, r.Chain(at))
			rc, res := f.update(t, u)
			wantReceipt(t, rc, "")
			if len(res.Writes) != 1 {
				t.Fatalf("misbehaviour wrote %d keys, want the client record only", len(res.Writes))
			}
			ev := findEvent(rc, EventLightClientFrozen)
			if ev == nil || attrs(ev)["kind"] != c.kind || attrs(ev)["height"] != "4" {
				t.Fatalf("frozen event: %v", rc.Events)
			}
			lc := lightClient(t, f.m, remoteChain)
			m := lc.GetMisbehaviour()
			fh := r.Suite.HeaderHash(forged)
			kh := r.Suite.HeaderHash(r.Header(c.keep))
			if !lc.Frozen || m.Kind != c.kind || m.Height != at || !bytes.Equal(m.Conflicting.Hash, fh[:]) || !bytes.Equal(m.Stored.Hash, kh[:]) ||
				len(m.Stored.Signatures) != 4 || len(m.Conflicting.Signatures) != 4 || !proto.Equal(m.Conflicting.Header, forged) ||
				m.DetectedHeight != f.height || !bytes.Equal(m.Submitter, id("alice").Bytes()) {
				t.Fatalf("client %v", lc)
			}
			// The forged header is not kept.
			if h, _ := state.ReadLightHeader(f.m, types.Hash(lc.Instance), at); h != nil && bytes.Equal(h.Hash, fh[:]) {
				t.Fatal("the conflicting header was kept")
			}
			before := f.m.clone()
			rc, res = f.update(t, r.Update(6))
			wantRefused(t, f, before, rc, res, types.CodeClientFrozen)
			if _, _, terr, err := lightclient.Header(f.m, types.Intl, remoteChain, c.keep); err != nil || terr == nil || terr.Code != types.CodeClientFrozen {
				t.Fatalf("header of a frozen client: %v %v", terr, err)
			}
		})
	}
}

// The same blocks of registrations, updates (accepted, refused, bringing a
// configuration change, revealing misbehaviour) on two copies of the state
// give the same receipts and state root.
func TestLightClientDeterministic(t *testing.T) {
	f := newGov(t)
	r := lctest.NewRemote(t, remoteChain, 4)
	registerRemote(t, f, r)
	m5 := r.NewMember("r5")
	r.Blocks(2)
	r.Reconfigure(1, 2, 3, 4, m5.ID)
	r.Blocks(4)
	bad := r.Update(5)
	bad.Header.Signatures = bad.Header.Signatures[:2]
	forged := r.Forge(3, 1, nil)
	var txs []*types.DecodedTx
	for _, u := range []*proofpb.LightClientUpdate{r.Update(6), r.Update(2), bad, r.Update(3), r.ForgedUpdate(forged, r.Chain(3)), r.Update(5)} {
		txs = append(txs, sign(t, mkBody("alice", types.TxType_UPDATE_LIGHT_CLIENT, u), alice))
	}
	a, b := f.m.clone(), f.m.clone()
	ra, err := newExecutor().ExecuteBlock(a, a.root, header(f.height+1), txs)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := newExecutor().ExecuteBlock(b, b.root, header(f.height+1), txs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ra.StateRoot, rb.StateRoot) || !bytes.Equal(ra.ReceiptRoot, rb.ReceiptRoot) {
		t.Fatal("two copies disagree")
	}
	var codes []string
	for _, rc := range ra.Receipts {
		codes = append(codes, rc.ErrorCode)
	}
	if !slices.Equal(codes, []string{"", "", string(types.CodeNoQuorum), "", "", string(types.CodeClientFrozen)}) {
		t.Fatalf("receipt codes %q", codes)
	}
}

// Governance removes a client, frozen or not; its headers can no longer be
// read, and a client registered again starts empty.
func TestLightClientRemoveAndRegisterAgain(t *testing.T) {
	f := newGov(t)
	r := lctest.NewRemote(t, remoteChain, 4)
	first := registerRemote(t, f, r)
	r.Blocks(3)
	rc, _ := f.update(t, r.Update(3))
	wantReceipt(t, rc, "")
	remove := &types.Proposal{Action: &types.Proposal_RemoveLightClient{RemoveLightClient: &types.RemoveLightClient{ChainId: remoteChain}}}
	pid, rc, _ := f.propose(t, 1, remove)
	wantReceipt(t, rc, "")
	f.vote(t, 2, pid, true)
	rc, _ = f.vote(t, 3, pid, true)
	if findEvent(rc, EventLightClientRemoved) == nil {
		t.Fatalf("removal events: %v", rc.Events)
	}
	if c := lightClient(t, f.m, remoteChain); c != nil {
		t.Fatalf("removed client still there: %v", c)
	}
	if g, _ := state.ReadLightGenesis(f.m, first); g != nil {
		t.Fatal("the removed client's genesis is still stored")
	}
	if _, _, terr, _ := lightclient.Header(f.m, types.Intl, remoteChain, 3); terr == nil || terr.Code != types.CodeClientNotFound {
		t.Fatalf("header of a removed client: %v", terr)
	}
	before := f.m.clone()
	rc, res := f.update(t, r.Update(3))
	wantRefused(t, f, before, rc, res, types.CodeClientNotFound)
	_, rc, res = f.propose(t, 1, remove)
	wantRefused(t, f, before, rc, res, types.CodeClientNotFound)

	registerRemote(t, f, r)
	if _, _, terr, _ := lightclient.Header(f.m, types.Intl, remoteChain, 3); terr == nil || terr.Code != types.CodeHeaderNotFound {
		t.Fatalf("a client registered again holds old headers: %v", terr)
	}
	rc, _ = f.update(t, r.Update(3))
	wantReceipt(t, rc, "")
}

// Against a kept header, a transaction proof and a state proof of the
// remote chain verify; altered ones are refused with bad_proof.
func TestLightClientVerifiesRemoteProofs(t *testing.T) {
	f := newGov(t)
	r := lctest.NewRemote(t, remoteChain, 4)
	registerRemote(t, f, r)
	evKey := string(state.EvidenceKey(types.Hash{9}))
	record := state.EncodeEvidence(&types.Evidence{Id: bytes.Repeat([]byte{9}, 32), TimeMs: 1_700_000_123_000})
	tx := r.Tx(types.TxType_DEPOSIT_EVIDENCE, []byte("payload"), 1)
	h := r.Block([]*types.Transaction{r.Tx(types.TxType_TRANSFER, nil, 2), tx}, map[string][]byte{evKey: record})
	r.Blocks(2)
	rc, _ := f.update(t, r.Update(h+1))
	wantReceipt(t, rc, "")

	p := r.TxProof(h, 1)
	p.Next, p.Config, p.ConfigChain = nil, nil, nil // the kept header certifies it
	got, terr, err := lightclient.VerifyTx(f.m, types.Intl, remoteChain, h+1, p)
	if err != nil || terr != nil || got.Hash != r.Suite.TxHash(tx) || got.Height != h || got.Index != 1 || got.TimeMs != r.Header(h).TimeMs {
		t.Fatalf("tx proof: %+v %v %v", got, terr, err)
	}
	bad := proto.Clone(p).(*proofpb.TxProof)
	bad.Receipt.Status = types.ReceiptStatus_FAILED
	if _, terr, _ := lightclient.VerifyTx(f.m, types.Intl, remoteChain, h+1, bad); terr == nil || terr.Code != types.CodeBadProof {
		t.Fatalf("altered receipt: %v", terr)
	}
	if _, terr, _ := lightclient.VerifyTx(f.m, types.Intl, remoteChain, h+2, p); terr == nil || terr.Code != types.CodeHeaderNotFound {
		t.Fatalf("height not kept: %v", terr)
	}

	v, sp := r.Prove(r.Header(h+1).StateRoot, []byte(evKey))
	if !bytes.Equal(v, record) {
		t.Fatal("fixture: the record is not in the state after its block")
	}
	if _, terr, err := lightclient.VerifyState(f.m, types.Intl, remoteChain, h+1, []byte(evKey), record, sp); terr != nil || err != nil {
		t.Fatalf("state proof: %v %v", terr, err)
	}
	forged := bytes.Clone(record)
	forged[len(forged)-1] ^= 1
	if _, terr, _ := lightclient.VerifyState(f.m, types.Intl, remoteChain, h+1, []byte(evKey), forged, sp); terr == nil || terr.Code != types.CodeBadProof {
		t.Fatalf("forged value: %v", terr)
	}
	if _, terr, _ := lightclient.VerifyState(f.m, types.Intl, remoteChain, h+1, []byte(evKey), nil, sp); terr == nil || terr.Code != types.CodeBadProof {
		t.Fatalf("absence of a present key: %v", terr)
	}
	if _, terr, _ := lightclient.VerifyState(f.m, types.Intl, "nobody", h+1, []byte(evKey), record, sp); terr == nil || terr.Code != types.CodeClientNotFound {
		t.Fatalf("unknown client: %v", terr)
	}
}
