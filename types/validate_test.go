package types_test

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/types"
)

// hostile are texts that must never be stored: terminal escapes, cursor
// movement, forged lines, direction overrides, invisible characters.
var hostile = map[string]string{
	"escape sequence":    "red\x1b[31malert",
	"carriage return":    "ok\rFORGED",
	"newline":            "line1\nstatus: VERIFIED",
	"tab":                "a\tb",
	"NUL":                "a\x00b",
	"backspace":          "abc\b\b\bxyz",
	"DEL":                "a\x7f",
	"C1 CSI":             "a\u009b31m",
	"bidi override":      "invoice\u202efdp.exe",
	"bidi isolate":       "a\u2066b",
	"zero width space":   "ad\u200bmin",
	"byte order mark":    "\ufeffx",
	"line separator":     "a\u2028b",
	"noncharacter":       "a\uffffb",
	"invalid UTF-8":      "a\xffb",
	"truncated sequence": "a\xe4\xb8",
}

func TestCheckTextRefusesHostileText(t *testing.T) {
	for name, s := range hostile {
		if terr := types.CheckText("field", s, 1000); terr == nil || terr.Code != types.CodeInvalidText {
			t.Errorf("%s (%q): %v", name, s, terr)
		}
	}
	for _, s := range []string{"", "plain", "上海地铁 Line 2", "Ünïcödé", "emoji 🚇", "a b,c/d", "~!@#$%^&*()_+"} {
		if terr := types.CheckText("field", s, 1000); terr != nil {
			t.Errorf("%q refused: %v", s, terr)
		}
	}
	if terr := types.CheckText("field", strings.Repeat("x", 11), 10); terr == nil || terr.Code != types.CodeTooLarge {
		t.Errorf("oversize: %v", terr)
	}
	if terr := types.CheckText("field", strings.Repeat("x", 10), 10); terr != nil {
		t.Errorf("at the limit: %v", terr)
	}
	if terr := types.CheckName("name", "", 10); terr == nil || terr.Code != types.CodeInvalidPayload {
		t.Errorf("empty name: %v", terr)
	}
}

func TestOrgNameAddressAndCertRules(t *testing.T) {
	for _, s := range []string{"org1", "metro-shanghai", "上海", strings.Repeat("o", types.MaxOrgNameBytes)} {
		if terr := types.CheckOrgName(s); terr != nil {
			t.Errorf("org %q refused: %v", s, terr)
		}
	}
	for _, s := range []string{"", "a b", "a,b", "a/b", "org\x1b", "org\u202e1", strings.Repeat("o", types.MaxOrgNameBytes+1)} {
		if terr := types.CheckOrgName(s); terr == nil {
			t.Errorf("org %q accepted", s)
		}
	}
	for _, s := range []string{"127.0.0.1:7051", "node1.example.com:443", "[::1]:7051", strings.Repeat("h", types.MaxAddressBytes-6) + ":65535"} {
		if terr := types.CheckAddress("address", s); terr != nil {
			t.Errorf("address %q refused: %v", s, terr)
		}
	}
	for _, s := range []string{"", "host", ":7051", "host:", "host:65536", "host:+1", "host:07051", "ho st:1", "host\n:1", "host\x1b[2J:1", strings.Repeat("h", types.MaxAddressBytes-5) + ":65535"} {
		if terr := types.CheckAddress("address", s); terr == nil {
			t.Errorf("address %q accepted", s)
		}
	}
	good := pemOf(800)
	if terr := types.CheckCertPEM("cert", good); terr != nil {
		t.Fatalf("a PEM certificate refused: %v", terr)
	}
	if terr := types.CheckCertPEM("cert", "\n"+good+"\n"); terr != nil {
		t.Fatalf("surrounding whitespace refused: %v", terr)
	}
	for name, s := range map[string]string{
		"text after":      good + "\x1b[2J you have been hacked",
		"text before":     "note: " + good,
		"two blocks":      good + good,
		"not a cert":      strings.Replace(good, "CERTIFICATE", "PRIVATE KEY", 2),
		"oversize":        pemOf(types.MaxCertPEMBytes + 200),
		"empty":           "",
		"garbage":         "hello",
		"broken then one": "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n" + good,
	} {
		if terr := types.CheckCertPEM("cert", s); terr == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestCheckMetadata(t *testing.T) {
	attr := func(kv ...string) []*types.Attribute {
		var out []*types.Attribute
		for i := 0; i < len(kv); i += 2 {
			out = append(out, &types.Attribute{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	if terr := types.CheckMetadata(attr("file_name", "contract.pdf", "note", "上海 2026"), 100); terr != nil {
		t.Fatal(terr)
	}
	for name, tc := range map[string]struct {
		md   []*types.Attribute
		code types.Code
	}{
		"escape in value":     {attr("k", "v\x1b]0;title\x07"), types.CodeInvalidText},
		"newline in value":    {attr("k", "a\nb"), types.CodeInvalidText},
		"bidi in key":         {attr("k\u202e", "v"), types.CodeInvalidText},
		"control in key":      {attr("k\x00", "v"), types.CodeInvalidText},
		"empty key":           {attr("", "v"), types.CodeInvalidPayload},
		"duplicate key":       {attr("k", "1", "k", "2"), types.CodeInvalidPayload},
		"oversize key":        {attr(strings.Repeat("k", types.MaxMetadataKeyBytes+1), ""), types.CodeTooLarge},
		"over the total size": {attr("k", strings.Repeat("v", 100)), types.CodeTooLarge},
		"nil entry":           {[]*types.Attribute{nil}, types.CodeInvalidPayload},
	} {
		if terr := types.CheckMetadata(tc.md, 100); terr == nil || terr.Code != tc.code {
			t.Errorf("%s: %v, want %s", name, terr, tc.code)
		}
	}
	if got, terr := types.SplitReaders("org1,org2"); terr != nil || len(got) != 2 {
		t.Fatalf("readers: %v %v", got, terr)
	}
	for _, s := range []string{"", "org1,", "org1, org2", "org1,org1", "org\x1b", ",org1"} {
		if _, terr := types.SplitReaders(s); terr == nil {
			t.Errorf("readers %q accepted", s)
		}
	}
}

// CheckProposal reaches every text field of every action, nested ones
// included, and certificate fields by their name.
func TestCheckProposalCoversEveryField(t *testing.T) {
	okCert := pemOf(800)
	node := func() *types.NodeSpec {
		return &types.NodeSpec{Id: 9, Org: "org9", Address: "10.0.0.9:7051", TlsCert: okCert, SignCert: okCert}
	}
	addOrg := func(f func(*types.AddOrg)) *types.Proposal {
		a := &types.AddOrg{Name: "org9", CaCert: okCert, Nodes: []*types.NodeSpec{node()}}
		f(a)
		return &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: a}}
	}
	if terr := types.CheckProposal(addOrg(func(*types.AddOrg) {})); terr != nil {
		t.Fatal(terr)
	}
	for name, tc := range map[string]struct {
		p    *types.Proposal
		code types.Code
	}{
		"org name with escape":       {addOrg(func(a *types.AddOrg) { a.Name = "org\x1b[1m9" }), types.CodeInvalidText},
		"org name with comma":        {addOrg(func(a *types.AddOrg) { a.Name = "org9,org1" }), types.CodeInvalidText},
		"org name too long":          {addOrg(func(a *types.AddOrg) { a.Name = strings.Repeat("o", types.MaxOrgNameBytes+1) }), types.CodeTooLarge},
		"ca with trailing text":      {addOrg(func(a *types.AddOrg) { a.CaCert = okCert + "PWNED" }), types.CodeInvalidPayload},
		"node org with bidi":         {addOrg(func(a *types.AddOrg) { a.Nodes[0].Org = "org\u202e9" }), types.CodeInvalidText},
		"node address with newline":  {addOrg(func(a *types.AddOrg) { a.Nodes[0].Address = "10.0.0.9:7051\nx" }), types.CodeInvalidText},
		"node address without port":  {addOrg(func(a *types.AddOrg) { a.Nodes[0].Address = "10.0.0.9" }), types.CodeInvalidPayload},
		"node sign cert oversize":    {addOrg(func(a *types.AddOrg) { a.Nodes[0].SignCert = pemOf(types.MaxCertPEMBytes + 100) }), types.CodeTooLarge},
		"node tls cert two blocks":   {addOrg(func(a *types.AddOrg) { a.Nodes[0].TlsCert = okCert + okCert }), types.CodeInvalidPayload},
		"description with escape":    {&types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org1"}}, Description: "undo\x1b[2K"}, types.CodeInvalidText},
		"description too long":       {&types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org1"}}, Description: strings.Repeat("d", types.MaxDescriptionBytes+1)}, types.CodeTooLarge},
		"remove org name with bidi":  {&types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org\u202e1"}}}, types.CodeInvalidText},
		"add node address":           {&types.Proposal{Action: &types.Proposal_AddNode{AddNode: &types.AddNode{Node: &types.NodeSpec{Id: 9, Org: "org1", Address: "x\x00:1", TlsCert: okCert, SignCert: okCert}}}}, types.CodeInvalidText},
		"param name with escape":     {&types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "max_tx_bytes\x1b", Value: 1 << 16}}}, types.CodeInvalidText},
		"serial too long":            {&types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: strings.Repeat("a", types.MaxSerialHexChars+1)}}}, types.CodeTooLarge},
		"proposal over the size cap": {maxAddOrg(3), types.CodeTooLarge},
		"no proposal":                {nil, types.CodeInvalidPayload},
	} {
		if terr := types.CheckProposal(tc.p); terr == nil || terr.Code != tc.code {
			t.Errorf("%s: %v, want %s", name, terr, tc.code)
		}
	}
}

// Admission's stateless check of a PROPOSE payload refuses out-of-bounds
// parameters and hostile text, and accepts a valid change.
func TestCheckProposalPayload(t *testing.T) {
	enc := func(p *types.Proposal) []byte {
		b, err := proto.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	params := types.DefaultParams()
	up := func(name string, v int64) []byte {
		return enc(&types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: name, Value: v}}})
	}
	if terr := types.CheckProposalPayload(up("max_tx_bytes", 32<<10), params); terr != nil {
		t.Fatal(terr)
	}
	for name, tc := range map[string]struct {
		payload []byte
		code    types.Code
	}{
		"max_tx_bytes 1":               {up("max_tx_bytes", 1), types.CodeParamOutOfBounds},
		"max_validity_ms 1":            {up("max_validity_ms", 1), types.CodeParamOutOfBounds},
		"huge batch_max_interval_ms":   {up("batch_max_interval_ms", 1<<40), types.CodeParamOutOfBounds},
		"tx gas above the block's":     {up("tx_gas_limit", int64(params.BlockGasLimit)+1), types.CodeParamOutOfBounds},
		"unknown parameter":            {up("nonsense", 1), types.CodeUnknownParam},
		"hostile description":          {enc(&types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org1"}}, Description: "\x1b[2J"}), types.CodeInvalidText},
		"undecodable":                  {[]byte{0xff, 0xff}, types.CodeMalformed},
		"invalid UTF-8 in a string":    {[]byte{0xa2, 0x01, 0x02, 0xc3, 0x28}, types.CodeMalformed},
		"proposal over the size limit": {enc(maxAddOrg(3)), types.CodeTooLarge},
	} {
		if terr := types.CheckProposalPayload(tc.payload, params); terr == nil || terr.Code != tc.code {
			t.Errorf("%s: %v, want %s", name, terr, tc.code)
		}
	}
}

// Genesis validation refuses hostile or malformed names, ids, addresses and
// certificate fields.
func TestGenesisRefusesHostileText(t *testing.T) {
	for name, mutate := range map[string]func(g *types.Genesis){
		"chain id with escape":         func(g *types.Genesis) { g.ChainID = "chain\x1b[31m" },
		"chain id too long":            func(g *types.Genesis) { g.ChainID = strings.Repeat("c", types.MaxChainIDBytes+1) },
		"chain id with a space":        func(g *types.Genesis) { g.ChainID = "my chain" },
		"org name with bidi":           func(g *types.Genesis) { g.Orgs[0].Name = "org\u202e1"; g.Nodes[0].Org = g.Orgs[0].Name },
		"org name with comma":          func(g *types.Genesis) { g.Orgs[0].Name = "org1,org2"; g.Nodes[0].Org = g.Orgs[0].Name },
		"admin name with newline":      func(g *types.Genesis) { g.Orgs[0].Admin = "admin\nroot" },
		"account name with escape":     func(g *types.Genesis) { g.Accounts[0].Name = "org1.admin\x1b[8m" },
		"node address with control":    func(g *types.Genesis) { g.Nodes[0].Address = "127.0.0.1:7051\r" },
		"node address without port":    func(g *types.Genesis) { g.Nodes[0].Address = "127.0.0.1" },
		"CA certificate with trailer":  func(g *types.Genesis) { g.Orgs[0].CACert += "\x1b[2J" },
		"TLS certificate oversize":     func(g *types.Genesis) { g.Nodes[0].TLSCert = pemOf(types.MaxCertPEMBytes + 1) },
		"signing certificate not PEM":  func(g *types.Genesis) { g.Nodes[0].SignCert = "hello" },
		"max_tx_bytes below its floor": func(g *types.Genesis) { g.Params.MaxTxBytes = 1 },
	} {
		g := testGenesis(t)
		if err := g.Validate(); err != nil {
			t.Fatal(err)
		}
		mutate(g)
		if err := g.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		"plain reason":           "plain reason",
		"上海 ok":                  "上海 ok",
		"a\x1b[2Jb":              `a\x1b[2Jb`,
		"line\nforged":           `line\x0aforged`,
		"x\u202ey":               `x\u202ey`,
		"bad\xffutf8":            `bad\xffutf8`,
		"nonchar \U0001fffe end": `nonchar \U0001fffe end`,
	} {
		got := types.EscapeText(in)
		if got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
		if terr := types.CheckText("escaped", got, len(got)); terr != nil {
			t.Errorf("EscapeText(%q) is still refused: %v", in, terr)
		}
	}
}

// Two nodes may share neither an address nor a key: one signing key behind
// two node ids would count twice towards a quorum.
func TestGenesisRefusesDuplicateNodes(t *testing.T) {
	for name, mutate := range map[string]func(g *types.Genesis){
		"same address":             func(g *types.Genesis) { g.Nodes[1].Address = g.Nodes[0].Address },
		"same address, other case": func(g *types.Genesis) { g.Nodes[0].Address = "node.example:1"; g.Nodes[1].Address = "NODE.example:1" },
		"same signing certificate": func(g *types.Genesis) { g.Nodes[1].SignCert = g.Nodes[0].SignCert },
		"same TLS certificate":     func(g *types.Genesis) { g.Nodes[1].TLSCert = g.Nodes[0].TLSCert },
		"TLS key as signing key":   func(g *types.Genesis) { g.Nodes[1].SignCert = g.Nodes[0].TLSCert },
	} {
		g := testGenesis(t)
		mutate(g)
		if err := g.Validate(); types.CodeOf(err) != types.CodeDuplicate {
			t.Errorf("%s: %v", name, err)
		}
	}
}
