package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
)

// clientFlags are the flags of every command that talks to a network.
type clientFlags struct {
	network string
	org     string
	node    int
	output  string
}

func (f *clientFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.network, "network", "", "network.json of the consortium (default: the last one `causeway up` made)")
	c.Flags().StringVar(&f.org, "org", "", "organisation whose client certificate and account to use (default: the first)")
	c.Flags().IntVar(&f.node, "node", 0, "index of the node to talk to, in network.json")
	c.Flags().StringVarP(&f.output, "output", "o", "text", "output format: text or json")
}

func (f *clientFlags) json() bool { return f.output == "json" }

// lastNetworkFile remembers the network the last `causeway up` made.
func lastNetworkFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "causeway", "last-network")
}

func rememberNetwork(path string) {
	p := lastNetworkFile()
	_ = os.MkdirAll(filepath.Dir(p), 0o755)
	_ = os.WriteFile(p, []byte(path), 0o644)
}

func (f *clientFlags) loadNetwork() (*sdk.Network, error) {
	path := f.network
	if path == "" {
		b, err := os.ReadFile(lastNetworkFile())
		if err != nil {
			return nil, fmt.Errorf("no --network given and no network made by `causeway up` yet")
		}
		path = strings.TrimSpace(string(b))
	}
	return sdk.LoadNetwork(path)
}

func (f *clientFlags) orgOf(nw *sdk.Network) (sdk.NetworkOrg, error) {
	if f.org == "" {
		return nw.Orgs[0], nil
	}
	for _, o := range nw.Orgs {
		if o.Name == f.org {
			return o, nil
		}
	}
	return sdk.NetworkOrg{}, fmt.Errorf("org %q is not in the network", f.org)
}

func (f *clientFlags) dial(ctx context.Context) (*sdk.Client, *sdk.Network, sdk.NetworkOrg, error) {
	nw, err := f.loadNetwork()
	if err != nil {
		return nil, nil, sdk.NetworkOrg{}, err
	}
	org, err := f.orgOf(nw)
	if err != nil {
		return nil, nil, org, err
	}
	if f.node < 0 || f.node >= len(nw.Nodes) {
		return nil, nil, org, fmt.Errorf("--node %d out of range (network has %d nodes)", f.node, len(nw.Nodes))
	}
	c, err := sdk.DialNetwork(ctx, nw, org.Name, f.node)
	return c, nw, org, err
}

// account returns the org's on-chain account, or the one named by --account/--key.
func orgAccount(org sdk.NetworkOrg, name, keyPath string) (sdk.Account, error) {
	if keyPath == "" {
		if org.Account == nil {
			return sdk.Account{}, fmt.Errorf("org %s has no account in network.json; pass --account and --key", org.Name)
		}
		keyPath = org.Account.Key
		if name == "" {
			name = org.Account.Name
		}
	}
	if name == "" {
		return sdk.Account{}, fmt.Errorf("--account is required with --key")
	}
	k, err := crypto.LoadKey(keyPath)
	if err != nil {
		return sdk.Account{}, err
	}
	return sdk.Account{Name: name, Signer: k}, nil
}

var pj = protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: false, Indent: "  "}

func printProto(m proto.Message) {
	b, err := pj.Marshal(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(string(b))
}

func printJSON(v any) {
	b, _ := json.MarshalIndent(v, "", "  ")
	fmt.Println(string(b))
}
