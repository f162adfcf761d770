package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/keystore"
	"github.com/causeway/causeway/sdk"
)

// clientFlags are the flags of every command that talks to a network.
type clientFlags struct {
	network string
	org     string
	node    int
	output  string
}

// outputFlag registers -o/--output on c, the flag every command has.
func outputFlag(c *cobra.Command, output *string) {
	c.Flags().StringVarP(output, "output", "o", "text", "output format: text or json")
}

// progressOut is where a command writes progress: standard output for
// text, standard error when standard output carries JSON.
func progressOut(output string) io.Writer {
	if output == "json" {
		return os.Stderr
	}
	return os.Stdout
}

func (f *clientFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.network, "network", "", "network.json of the consortium (default: the last one `causeway up` made)")
	c.Flags().StringVar(&f.org, "org", "", "organisation whose client certificate and account to use (default: the first)")
	c.Flags().IntVar(&f.node, "node", 0, "index of the node to talk to, in network.json")
	outputFlag(c, &f.output)
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
	k, err := loadKey(keyPath)
	if err != nil {
		return sdk.Account{}, err
	}
	return sdk.Account{Name: name, Signer: k}, nil
}

// keyStoreDir is the key store loadKey reads ("": keystore.DefaultDir,
// ~/.causeway/keys, where `causeway keys new` stores keys).
var keyStoreDir = ""

// loadKey loads the private key ref names: a PEM key file if one exists at
// that path, else the key of that name in the key store (`causeway keys
// new NAME`), decrypted with the passphrase from $CAUSEWAY_PASSPHRASE or
// asked on the terminal. So `--key k1:50` works after `causeway keys new
// k1`, as does `--key k1.pem:50` with an exported or generated PEM file.
func loadKey(ref string) (crypto.Key, error) {
	if _, err := os.Stat(ref); err == nil || strings.ContainsRune(ref, os.PathSeparator) {
		return crypto.LoadKey(ref)
	}
	d, err := keystore.Open(keyStoreDir)
	if err != nil {
		return nil, fmt.Errorf("key %q: no such file, and the key store cannot be opened: %w", ref, err)
	}
	infos, err := d.List()
	if err != nil {
		return nil, fmt.Errorf("key %q: no such file, and the key store cannot be read: %w", ref, err)
	}
	if !slices.ContainsFunc(infos, func(ki keystore.KeyInfo) bool { return ki.Name == ref }) {
		return nil, fmt.Errorf("key %q: no such file, and no key of that name in the key store %s (causeway keys list)", ref, d.Path())
	}
	pass, err := keystore.Passphrases{}.Read(fmt.Sprintf("Passphrase for key %q: ", ref), false)
	if err != nil {
		return nil, err
	}
	defer clear(pass)
	return d.Get(ref, pass)
}

// safe returns s for a terminal: unchanged when every character is
// printable, else quoted with Go's escapes (strconv.Quote: "a\x1b[31m\n"),
// so that text from the chain (names, metadata, descriptions, errors)
// cannot move the cursor, recolour the terminal or forge lines. Human
// output passes every such string through it; JSON output escapes by
// itself.
func safe(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// printProto prints m as -o json does: the API's JSON encoding (package
// apijson: proto field names, hashes and keys as hex, RFC 3339 copies of
// timestamps), indented, as the REST API and the block stream write it.
func printProto(m proto.Message) {
	b, err := apijson.MarshalOptions{Indent: "  "}.Marshal(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(string(b))
}

// printProtoLine prints m as one line of JSON (for streams: NDJSON).
func printProtoLine(m proto.Message) {
	b, err := apijson.Marshal(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(string(b))
}

// printJSON prints v, a Go value whose hashes and ids are hex strings
// already, indented.
func printJSON(v any) {
	b, _ := json.MarshalIndent(v, "", "  ")
	fmt.Println(string(b))
}
