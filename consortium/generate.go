package consortium

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Options describe a local consortium to generate.
type Options struct {
	// Dir is the folder to write into; it must not hold a network yet.
	Dir string
	// Orgs is the number of organisations, each running one node (default 4).
	Orgs int
	// ChainID names the chain (default "causeway-local").
	ChainID string
	// Host is the address nodes listen on (default 127.0.0.1).
	Host string
	// BasePort is the first port; node i uses BasePort+10*(i-1)+{0,1,2,3} for
	// p2p, gRPC, REST and admin. 0 picks free ports.
	BasePort int
	// Params are the chain parameters (default types.DefaultParams()).
	Params *types.ChainParams
	// Balance funds each org's account at genesis.
	Balance uint64
	// Crypto is the crypto suite: "intl" (default) or "gm".
	Crypto string
	// OrgNames, if set, names the organisations (one per org, in node
	// order; default org1, org2, ...). Each must be a valid org name
	// (types.CheckOrgName) and they must differ.
	OrgNames []string
}

// orgName is the name of org i (from 1).
func (o Options) orgName(i int) string {
	if len(o.OrgNames) > 0 {
		return o.OrgNames[i-1]
	}
	return fmt.Sprintf("org%d", i)
}

// NetworkFile is the name of the network map in a consortium folder.
const NetworkFile = "network.json"

// Layout is what Generate wrote.
type Layout struct {
	Dir         string
	Network     *sdk.Network
	Genesis     *types.Genesis
	NodeConfigs []string // paths of the nodes' configuration files, by node index
}

// Generate writes a new local consortium into opts.Dir.
func Generate(opts Options) (*Layout, error) {
	if opts.Orgs == 0 {
		opts.Orgs = 4
	}
	if opts.Orgs < 1 || opts.Orgs > 64 {
		return nil, fmt.Errorf("orgs must be between 1 and 64, got %d", opts.Orgs)
	}
	if len(opts.OrgNames) > 0 {
		if len(opts.OrgNames) != opts.Orgs {
			return nil, fmt.Errorf("%d org names for %d orgs", len(opts.OrgNames), opts.Orgs)
		}
		seen := map[string]bool{}
		for _, n := range opts.OrgNames {
			if terr := types.CheckOrgName(n); terr != nil {
				return nil, terr
			}
			if seen[n] {
				return nil, fmt.Errorf("org name %q given twice", n)
			}
			seen[n] = true
		}
	}
	if opts.ChainID == "" {
		opts.ChainID = "causeway-local"
	}
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.Balance == 0 {
		opts.Balance = 1_000_000_000_000
	}
	params := types.DefaultParams()
	if opts.Params != nil {
		params = *opts.Params
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, NetworkFile)); err == nil {
		return nil, fmt.Errorf("%s already holds a network", dir)
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("%s is not empty and holds no %s: not a consortium folder; choose another folder or empty it", dir, NetworkFile)
	}
	// Everything is written into a staging folder beside dir, which is
	// renamed to dir at the end: a generation killed at any moment leaves dir
	// as it was, and its staging folder is removed by the next run.
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeStaleStaging(dir)
	stage, err := os.MkdirTemp(parent, stagingPrefix(dir)+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	published := false
	defer func() {
		if !published {
			os.RemoveAll(stage)
		}
	}()
	l, err := generateInto(stage, opts, params)
	if err != nil {
		return nil, err
	}
	if err := failpoint("publish"); err != nil {
		return nil, err
	}
	// rename(2) replaces dir if it is an empty folder (os.Rename refuses
	// any existing folder); it fails if something was put in dir meanwhile.
	if err := syscall.Rename(stage, dir); err != nil {
		return nil, fmt.Errorf("publish the consortium folder %s: %w", dir, err)
	}
	published = true
	syncDir(parent)
	return relocate(l, stage, dir)
}

// generateInto writes the consortium into the empty folder dir.
func generateInto(dir string, opts Options, params types.ChainParams) (*Layout, error) {
	ports, err := choosePorts(opts.Host, opts.BasePort, opts.Orgs*4)
	if err != nil {
		return nil, err
	}
	suite, err := types.SuiteNamed(opts.Crypto)
	if err != nil {
		return nil, err
	}
	// The same ceremony as between separate organisations (see Assemble),
	// with every org's folder under dir: each org makes its CA, keys and
	// node and exports its public part; the genesis is assembled from the
	// parts alone.
	nw := &sdk.Network{ChainID: opts.ChainID, Crypto: suite.Name(), Dir: dir}
	var bundle []byte
	genesisPath := filepath.Join(dir, "genesis.json")
	var configs []string
	var parts []*Part
	for i := 1; i <= opts.Orgs; i++ {
		name := opts.orgName(i)
		var orgOpts []OrgOption
		if suite.Name() == types.GM.Name() {
			orgOpts = append(orgOpts, GM())
		}
		if err := failpoint("org " + name); err != nil {
			return nil, err
		}
		o, err := InitOrg(filepath.Join(dir, "orgs", name), name, orgOpts...)
		if err != nil {
			return nil, err
		}
		bundle = append(bundle, o.CA.CertPEM()...)
		if err := failpoint("node " + name); err != nil {
			return nil, err
		}
		p := ports[(i-1)*4 : i*4]
		addr := func(k int) string { return net.JoinHostPort(opts.Host, strconv.Itoa(p[k])) }
		ndir := filepath.Join(dir, "nodes", fmt.Sprintf("node%d", i))
		part, err := o.ExportPart(PartOptions{NodeID: uint64(i), NodeDir: ndir, Genesis: genesisPath,
			Addrs: NodeAddrs{P2P: addr(0), GRPC: addr(1), REST: addr(2), Admin: addr(3)}})
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
		no := o.NetworkOrg()
		no.Account = &sdk.AccountFile{Name: name, Key: o.AccountKeyPath()}
		nw.Orgs = append(nw.Orgs, no)
		configs = append(configs, filepath.Join(ndir, "node.json"))
		nw.Nodes = append(nw.Nodes, sdk.NetworkNode{ID: uint64(i), Org: name, GRPC: addr(1), REST: addr(2), Admin: addr(3)})
	}
	g, err := Assemble(AssembleOptions{ChainID: opts.ChainID, Params: &params, Balance: opts.Balance, Parts: parts})
	if err != nil {
		return nil, err
	}
	if err := failpoint("genesis"); err != nil {
		return nil, err
	}
	if err := g.Save(genesisPath); err != nil {
		return nil, err
	}
	if err := failpoint("bundle"); err != nil {
		return nil, err
	}
	bundlePath := filepath.Join(dir, "ca-bundle.pem")
	if err := os.WriteFile(bundlePath, bundle, 0o644); err != nil {
		return nil, err
	}
	nw.CABundle = bundlePath
	nw.Genesis = genesisPath
	if err := failpoint("network"); err != nil {
		return nil, err
	}
	if err := nw.Save(filepath.Join(dir, NetworkFile)); err != nil {
		return nil, err
	}
	l := &Layout{Dir: dir, Network: nw, Genesis: g, NodeConfigs: configs}
	return l, nil
}

// choosePorts returns n ports from base, or n free ports when base is 0.
//
// Free ports are drawn at random below the kernel's ephemeral range (where
// it has one), each checked by listening on it and held until all are
// chosen. A port from the ephemeral range (port 0) would be released before
// the node binds it, and in between any outgoing connection on the machine
// may take it; below that range only another listener can.
func choosePorts(host string, base, n int) ([]int, error) {
	out := make([]int, 0, n)
	if base > 0 {
		for i := 0; i < n/4; i++ {
			for k := 0; k < 4; k++ {
				out = append(out, base+10*i+k)
			}
		}
		return out, nil
	}
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	lo, hi := listenRange()
	for tries := 0; len(out) < n; tries++ {
		port := "0"
		if hi > lo && tries < 100*n {
			port = strconv.Itoa(lo + rand.IntN(hi-lo))
		}
		l, err := net.Listen("tcp", net.JoinHostPort(host, port))
		if err != nil {
			if port != "0" {
				continue // taken: draw again
			}
			return nil, err
		}
		ls = append(ls, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	return out, nil
}

// FreeAddr returns host:port with a port that is free now, chosen as
// choosePorts chooses them (for a node added to a running consortium).
func FreeAddr(host string) (string, error) {
	ports, err := choosePorts(host, 0, 1)
	if err != nil {
		return "", err
	}
	return net.JoinHostPort(host, strconv.Itoa(ports[0])), nil
}

// listenRange is where choosePorts draws ports: from 10000 up to the start
// of the kernel's ephemeral range (Linux's ip_local_port_range); empty
// (lo >= hi) when that cannot be read or leaves too little room.
func listenRange() (lo, hi int) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0, 0
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, 0
	}
	start, err := strconv.Atoi(f[0])
	if err != nil || start < 12000 {
		return 0, 0
	}
	return 10000, start
}

// setEvidenceAccount has the node's evidence service deposit with its org's
// funded account (key file path relative to the node's folder).
func setEvidenceAccount(cfgPath, account, keyPath string) error {
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		return err
	}
	cfg := &node.Config{}
	if err := json.Unmarshal(b, cfg); err != nil {
		return err
	}
	rel, err := filepath.Rel(filepath.Dir(cfgPath), keyPath)
	if err != nil {
		rel = keyPath
	}
	cfg.EvidenceAccount, cfg.EvidenceKey = account, rel
	return cfg.Save(cfgPath)
}

// failpoint is called before each step of a generation; tests make it fail
// or kill the process there. It returns nil in production.
var failpoint = func(step string) error { return nil }

// stagingPrefix names the staging folders of a generation into dir:
// ".<name>.partial-<pid>-<random>" beside dir.
func stagingPrefix(dir string) string { return "." + filepath.Base(dir) + ".partial-" }

// removeStaleStaging removes the staging folders of generations into dir
// whose process is gone (killed, or crashed before it could clean up).
func removeStaleStaging(dir string) {
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), stagingPrefix(dir)+"*"))
	for _, p := range m {
		rest := strings.TrimPrefix(filepath.Base(p), stagingPrefix(dir))
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err != nil || pid <= 0 || (pid != os.Getpid() && syscall.Kill(pid, 0) != nil) {
			os.RemoveAll(p)
		}
	}
}

// syncDir makes a rename in dir durable (best effort).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		f.Close()
	}
}

// relocate returns the layout generated in stage as it is after the rename
// of stage to dir.
func relocate(l *Layout, stage, dir string) (*Layout, error) {
	nw, err := sdk.LoadNetwork(filepath.Join(dir, NetworkFile))
	if err != nil {
		return nil, err
	}
	out := &Layout{Dir: dir, Network: nw, Genesis: l.Genesis}
	for _, p := range l.NodeConfigs {
		rel, err := filepath.Rel(stage, p)
		if err != nil {
			return nil, err
		}
		out.NodeConfigs = append(out.NodeConfigs, filepath.Join(dir, rel))
	}
	return out, nil
}
