package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Certificate rotation commands: issue the new material (cert issue-node,
// org rotate-ca), stage it on the node (node stage-rotation), propose it
// (gov propose rotate-node-cert, rotate-ca), and adopt an org's new CA in
// its folder (org adopt-ca).

// overlapMs converts the --overlap flag to milliseconds, checked against
// the chain's bounds so that a wrong value fails before anything is sent.
func overlapMs(d time.Duration) (int64, error) {
	ms := d.Milliseconds()
	if ms < execution.MinCertOverlapMs || ms > execution.MaxCertOverlapMs {
		return 0, fmt.Errorf("--overlap %v is out of bounds [%v, %v]", d,
			time.Duration(execution.MinCertOverlapMs)*time.Millisecond, time.Duration(execution.MaxCertOverlapMs)*time.Millisecond)
	}
	return ms, nil
}

func readOptional(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	return string(b), err
}

func govRotateNodeCertCmd() *cobra.Command {
	var f govFlags
	var id uint64
	var tlsCert, signCert string
	var overlap time.Duration
	c := &cobra.Command{
		Use:   "rotate-node-cert --node-id N [--tls-cert F] [--sign-cert F] --overlap DURATION",
		Short: "Replace a node's TLS and/or signing certificate; the old ones are accepted until the overlap ends",
		Long: `rotate-node-cert replaces a consensus node's TLS certificate, its consensus signing
certificate, or both, with new ones issued by its org's current CA (causeway cert issue-node).
Only the node's own org may propose it. Stage the new keys on the node first (causeway node
stage-rotation): when the rotation executes, the node switches to them without a restart.
The old certificates stay accepted for --overlap of block time after the executing block,
then every node refuses them. The overlap is between 1s and 30 days.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if id == 0 {
				return fmt.Errorf("--node-id is required")
			}
			if tlsCert == "" && signCert == "" {
				return fmt.Errorf("give --tls-cert, --sign-cert or both")
			}
			ms, err := overlapMs(overlap)
			if err != nil {
				return err
			}
			t, err := readOptional(tlsCert)
			if err != nil {
				return err
			}
			s, err := readOptional(signCert)
			if err != nil {
				return err
			}
			return f.propose(func(*sdk.Network) (*types.Proposal, error) {
				return &types.Proposal{Action: &types.Proposal_RotateNodeCert{RotateNodeCert: &types.RotateNodeCert{Id: id, TlsCert: t, SignCert: s, OverlapMs: ms}}}, nil
			})
		},
	}
	f.register(c, true)
	c.Flags().Uint64Var(&id, "node-id", 0, "id of the node whose certificates are replaced")
	c.Flags().StringVar(&tlsCert, "tls-cert", "", "the node's new TLS certificate file")
	c.Flags().StringVar(&signCert, "sign-cert", "", "the node's new consensus signing certificate file")
	c.Flags().DurationVar(&overlap, "overlap", 10*time.Minute, "how long (block time) the old certificates stay accepted")
	return c
}

func govRotateCACmd() *cobra.Command {
	var f govFlags
	var caCert string
	var overlap time.Duration
	c := &cobra.Command{
		Use:   "rotate-ca --ca-cert F --overlap DURATION",
		Short: "Replace --org's CA; certificates of the old CA are accepted until the overlap ends",
		Long: `rotate-ca replaces the CA of --org (only an org can rotate its own CA) with a new CA of the
same org (causeway org rotate-ca makes one). During --overlap of block time after the
executing block both CAs are trusted; after it, certificates of the old CA are refused. Within
the overlap, rotate every node of the org to certificates of the new CA (rotate-node-cert)
and give the org's clients certificates of the new CA.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if caCert == "" {
				return fmt.Errorf("--ca-cert is required")
			}
			ms, err := overlapMs(overlap)
			if err != nil {
				return err
			}
			pem, err := os.ReadFile(caCert)
			if err != nil {
				return err
			}
			return f.propose(func(nw *sdk.Network) (*types.Proposal, error) {
				o, err := f.orgOf(nw)
				if err != nil {
					return nil, err
				}
				if _, err := pki.ParseMemberCA(pem, o.Name); err != nil {
					return nil, fmt.Errorf("%s: %w", caCert, err)
				}
				return &types.Proposal{Action: &types.Proposal_RotateCa{RotateCa: &types.RotateCA{Org: o.Name, CaCert: string(pem), OverlapMs: ms}}}, nil
			})
		},
	}
	f.register(c, true)
	c.Flags().StringVar(&caCert, "ca-cert", "", "the org's new CA certificate file")
	c.Flags().DurationVar(&overlap, "overlap", 24*time.Hour, "how long (block time) the old CA stays trusted")
	return c
}

func orgRotateCACmd() *cobra.Command {
	var orgDir, output string
	c := &cobra.Command{
		Use:   "rotate-ca --org-dir D",
		Short: "Make a new CA for the org (in D/ca-next) and re-issue its admin and client certificates under it",
		Long: `rotate-ca prepares a CA rotation: a new, separate CA of the same org in D/ca-next (not
cross-signed: the chain trusts both during the overlap), with the org's admin and client
certificates re-issued under it for the keys they already have (the admin account's key does
not change). Propose D/ca-next/ca.crt with 'causeway gov propose rotate-ca'; once it has
executed, 'causeway org adopt-ca' moves the new material into place.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if orgDir == "" {
				return fmt.Errorf("--org-dir is required")
			}
			o, err := consortium.LoadOrg(orgDir)
			if err != nil {
				return err
			}
			r, err := o.PrepareCARotation()
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]any{"org": o.Name, "dir": r.Dir, "ca_cert": r.CACert, "serial": r.Serial,
					"admin_cert": r.Admin.Cert, "client_cert": r.Client.Cert})
				return nil
			}
			fmt.Printf("new CA of org %s prepared in %s (serial %s)\n", o.Name, r.Dir, r.Serial)
			fmt.Printf("  CA certificate:      %s\n  admin certificate:   %s\n  client certificate:  %s\n", r.CACert, r.Admin.Cert, r.Client.Cert)
			fmt.Printf("next:  causeway gov propose rotate-ca --org %s --ca-cert %s --overlap 24h\n", o.Name, r.CACert)
			return nil
		},
	}
	c.Flags().StringVar(&orgDir, "org-dir", "", "folder of the organisation (made by `causeway org init`)")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

func orgAdoptCACmd() *cobra.Command {
	var orgDir, output string
	c := &cobra.Command{
		Use:   "adopt-ca --org-dir D",
		Short: "Move a CA rotation prepared by 'org rotate-ca' into place, after governance executed it",
		Long: `adopt-ca installs the CA prepared in D/ca-next as the org's CA (D/ca) and the re-issued
admin and client certificates over D/admin/cert.pem and D/client/cert.pem; the replaced ones
are kept in D/retired/<old CA serial>/. Run it once 'gov propose rotate-ca' has executed:
before, the chain does not trust the new certificates yet.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if orgDir == "" {
				return fmt.Errorf("--org-dir is required")
			}
			o, err := consortium.LoadOrg(orgDir)
			if err != nil {
				return err
			}
			r, err := o.AdoptCA()
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]any{"org": o.Name, "ca_cert": r.CACert, "serial": r.Serial, "retired": r.Retired})
				return nil
			}
			fmt.Printf("org %s now uses CA %s (serial %s); the replaced material is in %s\n", o.Name, r.CACert, r.Serial, r.Retired)
			return nil
		},
	}
	c.Flags().StringVar(&orgDir, "org-dir", "", "folder of the organisation (made by `causeway org init`)")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

func certIssueNodeCmd() *cobra.Command {
	var orgDir, p2p, grpcAddr, restAddr, current, out string
	var f clientFlags
	var id uint64
	c := &cobra.Command{
		Use:   "issue-node --org-dir D --node-id N --out DIR [--p2p H:P --grpc H:P --rest H:P | --current-cert FILE]",
		Short: "Issue a node's TLS and signing certificates with the org's CA (DIR/tls, DIR/sign)",
		Long: `issue-node issues new certificates for node N of the org, as its first ones were made: a
TLS certificate in DIR/tls valid for the hosts of the node's p2p, gRPC and REST addresses (and
localhost) that advertises its gRPC and REST endpoints, and a consensus signing certificate in
DIR/sign, each with a new key. The addresses not given by --p2p, --grpc and --rest are taken
from the node's current TLS certificate (--current-cert FILE, or else the chain configuration,
read through --network): a rotation keeps a node's client endpoints, and the chain refuses a
new TLS certificate that advertises others. Stage them on the node with 'causeway node
stage-rotation --from DIR' and propose them with 'causeway gov propose rotate-node-cert'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if orgDir == "" || id == 0 || out == "" {
				return fmt.Errorf("--org-dir, --node-id and --out are required")
			}
			o, err := consortium.LoadOrg(orgDir)
			if err != nil {
				return err
			}
			addrs := consortium.NodeAddrs{P2P: p2p, GRPC: grpcAddr, REST: restAddr}
			if p2p == "" || grpcAddr == "" || restAddr == "" {
				var certPEM []byte
				address := p2p
				if current != "" {
					if certPEM, err = os.ReadFile(current); err != nil {
						return err
					}
				} else {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					cl, _, _, err := f.dial(ctx)
					if err != nil {
						return fmt.Errorf("read node %d's current certificate from the chain (or give --p2p, --grpc and --rest, or --current-cert): %w", id, err)
					}
					defer cl.Close()
					cfg, err := cl.ChainConfig(ctx)
					if err != nil {
						return err
					}
					n, ok := cfg.Node(id)
					if !ok {
						return fmt.Errorf("node %d is not a consensus node of the chain", id)
					}
					if n.Org != o.Name {
						return fmt.Errorf("node %d belongs to org %s, not %s", id, n.Org, o.Name)
					}
					certPEM = []byte(n.TLSCert)
					if address == "" {
						address = n.Address
					}
				}
				if address == "" {
					return fmt.Errorf("--p2p is required with --current-cert")
				}
				cur, err := consortium.NodeAddrsOf(address, certPEM)
				if err != nil {
					return err
				}
				addrs.P2P = address
				if addrs.GRPC == "" {
					addrs.GRPC = cur.GRPC
				}
				if addrs.REST == "" {
					addrs.REST = cur.REST
				}
			}
			tlsCred, signCred, err := o.IssueNodeCerts(out, id, addrs)
			if err != nil {
				return err
			}
			serial := func(p string) string {
				c, err := pki.LoadCertPEM(p)
				if err != nil {
					return ""
				}
				return pki.IdentityOf(c).Serial
			}
			if f.json() {
				printJSON(map[string]any{"org": o.Name, "node_id": id, "p2p": addrs.P2P, "grpc": addrs.GRPC, "rest": addrs.REST,
					"tls_cert": tlsCred.Cert, "tls_key": tlsCred.Key, "tls_serial": serial(tlsCred.Cert),
					"sign_cert": signCred.Cert, "sign_key": signCred.Key, "sign_serial": serial(signCred.Cert)})
				return nil
			}
			fmt.Printf("issued node %d certificates (org %s) for p2p %s, gRPC %s, REST %s\n", id, o.Name, addrs.P2P, orNone(addrs.GRPC), orNone(addrs.REST))
			fmt.Printf("  TLS:      %s (serial %s)\n  signing:  %s (serial %s)\n", tlsCred.Cert, serial(tlsCred.Cert), signCred.Cert, serial(signCred.Cert))
			fmt.Printf("next:  causeway node stage-rotation --config NODE.json --from %s\n", out)
			fmt.Printf("       causeway gov propose rotate-node-cert --org %s --node-id %d --tls-cert %s --sign-cert %s --overlap 10m\n", o.Name, id, tlsCred.Cert, signCred.Cert)
			return nil
		},
	}
	c.Flags().StringVar(&orgDir, "org-dir", "", "folder of the organisation (made by `causeway org init`)")
	c.Flags().Uint64Var(&id, "node-id", 0, "id of the node")
	c.Flags().StringVar(&p2p, "p2p", "", "the node's peer address HOST:PORT (default: its address on chain)")
	c.Flags().StringVar(&grpcAddr, "grpc", "", "the node's gRPC address HOST:PORT (default: the one its current TLS certificate advertises)")
	c.Flags().StringVar(&restAddr, "rest", "", "the node's REST address HOST:PORT (default: the one its current TLS certificate advertises)")
	c.Flags().StringVar(&current, "current-cert", "", "the node's current TLS certificate file, to take the defaults from instead of the chain")
	c.Flags().StringVar(&out, "out", "", "folder to write tls/ and sign/ into")
	f.register(c)
	return c
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func nodeStageRotationCmd() *cobra.Command {
	var cfgPath, from, tlsCert, tlsKey, signCert, signKey, output string
	c := &cobra.Command{
		Use:   "stage-rotation --config node.json (--from DIR | --tls-cert F --tls-key F [--sign-cert F --sign-key F])",
		Short: "Stage a node's new certificates and keys; it switches to them, without a restart, when the chain names them",
		Long: `stage-rotation checks that each key matches its certificate and copies them into the node's
data folder (data_dir/rotation). Nothing changes until a 'gov propose rotate-node-cert' for
this node executes: then the running node presents the new TLS certificate and signs with the
new key from the next handshake and signature on, and writes them over its configured
tls_cert, tls_key and sign_key files (the old ones are kept with the suffix .retired). --from
takes the folder made by 'causeway cert issue-node' (tls/ and sign/).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := node.LoadConfig(cfgPath)
			if err != nil {
				return err
			}
			if from != "" {
				if tlsCert != "" || tlsKey != "" || signCert != "" || signKey != "" {
					return fmt.Errorf("give --from or the certificate and key files, not both")
				}
				tlsCert, tlsKey = filepath.Join(from, "tls", "cert.pem"), filepath.Join(from, "tls", "key.pem")
				signCert, signKey = filepath.Join(from, "sign", "cert.pem"), filepath.Join(from, "sign", "key.pem")
			}
			if (tlsCert == "") != (tlsKey == "") || (signCert == "") != (signKey == "") {
				return fmt.Errorf("give each certificate with its key")
			}
			var pems [4][]byte
			for i, p := range []string{tlsCert, tlsKey, signCert, signKey} {
				if p == "" {
					continue
				}
				if pems[i], err = os.ReadFile(p); err != nil {
					return err
				}
			}
			st, err := node.StageRotation(cfg, pems[0], pems[1], pems[2], pems[3])
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]any{"node_id": cfg.ID, "dir": st.Dir, "tls_serial": st.TLSSerial, "sign_serial": st.SignSerial})
				return nil
			}
			fmt.Printf("staged in %s for node %d", st.Dir, cfg.ID)
			if st.TLSSerial != "" {
				fmt.Printf("; TLS certificate %s", st.TLSSerial)
			}
			if st.SignSerial != "" {
				fmt.Printf("; signing certificate %s", st.SignSerial)
			}
			fmt.Println("\nthe node switches to them when governance executes the rotation (gov propose rotate-node-cert)")
			return nil
		},
	}
	c.Flags().StringVar(&cfgPath, "config", "node.json", "node configuration file")
	c.Flags().StringVar(&from, "from", "", "folder made by 'causeway cert issue-node' (tls/ and sign/)")
	c.Flags().StringVar(&tlsCert, "tls-cert", "", "new TLS certificate file")
	c.Flags().StringVar(&tlsKey, "tls-key", "", "its key file")
	c.Flags().StringVar(&signCert, "sign-cert", "", "new consensus signing certificate file")
	c.Flags().StringVar(&signKey, "sign-key", "", "its key file")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

func nodeInstallStagedCmd() *cobra.Command {
	var cfgPath, output string
	c := &cobra.Command{
		Use:   "install-staged --config node.json",
		Short: "Install staged rotation material over a stopped node's files (a node stopped through a whole overlap)",
		Long: `install-staged writes the material staged by 'node stage-rotation' over the node's
tls_cert, tls_key and sign_key files (the old ones are kept with the suffix .retired), whether
or not the node has seen the rotation. Use it, with the node stopped, when the node was down
for a rotation's whole overlap: its old certificates are now refused by its peers, so it could
not sync up to the block that names the new ones. A running node switches by itself.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := node.LoadConfig(cfgPath)
			if err != nil {
				return err
			}
			st, err := node.InstallStaged(cfg)
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]any{"node_id": cfg.ID, "tls_serial": st.TLSSerial, "sign_serial": st.SignSerial})
				return nil
			}
			fmt.Printf("installed the staged material of node %d (TLS %s, signing %s); start the node\n", cfg.ID, orDefault(st.TLSSerial, "unchanged"), orDefault(st.SignSerial, "unchanged"))
			return nil
		},
	}
	c.Flags().StringVar(&cfgPath, "config", "node.json", "node configuration file")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

// serialOf returns the serial (hex) of a PEM certificate, or "?".
func serialOf(p string) string {
	c, err := pki.ParseCertPEM([]byte(p))
	if err != nil {
		return "?"
	}
	return pki.IdentityOf(c).Serial
}

// summarizeRotation says what a rotation proposal does in one line; "" for
// other actions.
func summarizeRotation(p *types.Proposal) string {
	switch a := p.GetAction().(type) {
	case *types.Proposal_RotateNodeCert:
		r := a.RotateNodeCert
		var what []string
		if r.TlsCert != "" {
			what = append(what, "TLS certificate to serial "+serialOf(r.TlsCert))
		}
		if r.SignCert != "" {
			what = append(what, "signing certificate to serial "+serialOf(r.SignCert))
		}
		return fmt.Sprintf("rotate node %d's %s; old accepted for %v", r.Id, strings.Join(what, " and "), time.Duration(r.OverlapMs)*time.Millisecond)
	case *types.Proposal_RotateCa:
		r := a.RotateCa
		return fmt.Sprintf("rotate org %s's CA to serial %s; old trusted for %v", r.Org, serialOf(r.CaCert), time.Duration(r.OverlapMs)*time.Millisecond)
	}
	return ""
}

// printRotations lists the rotations whose overlap is in progress.
func printRotations(cfg *types.ChainConfig) {
	var lines []string
	for _, o := range cfg.Orgs {
		if o.Rotating() {
			lines = append(lines, fmt.Sprintf("  org %s: CA serial %s replaces %s, which is trusted until block time %s (and after it, while a node of %s still holds certificates of it only)",
				o.Name, serialOf(o.CACert), serialOf(o.RetiringCACert), time.UnixMilli(o.RetiringCAUntilMs).UTC().Format(time.RFC3339), o.Name))
		}
	}
	for _, n := range cfg.Nodes {
		if n.Rotating() {
			lines = append(lines, fmt.Sprintf("  node %d: previous certificates accepted until block time %s",
				n.ID, time.UnixMilli(n.RetiringUntilMs).UTC().Format(time.RFC3339)))
		}
	}
	if len(lines) > 0 {
		fmt.Println("\ncertificate rotations in their overlap:")
		fmt.Println(strings.Join(lines, "\n"))
	}
}
