package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// orgCmd, certCmd and joinCmd manage an organisation's own material: its CA,
// certificates, and the request to join a running consortium.
func orgCmd() *cobra.Command {
	c := &cobra.Command{Use: "org", Short: "Manage an organisation's certificate authority"}
	var dir, output, suite string
	initc := &cobra.Command{
		Use:   "init NAME [--dir D]",
		Short: "Create an organisation: its CA, an admin and a client certificate",
		Long: `init creates a new organisation in --dir (default ./NAME): a certificate authority
(ca/ca.crt, ca/ca.key), an admin certificate (admin/) whose key also signs for the org's
governance account NAME.admin, and a client certificate (client/) for applications.
Issue more certificates with 'causeway cert issue'; found a consortium with the other orgs
with 'causeway org export' and 'causeway genesis assemble'; ask to join a running one with
'causeway join request'.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if dir == "" {
				dir = name
			}
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			var opts []consortium.OrgOption
			switch suite {
			case "", "intl":
			case "gm":
				opts = append(opts, consortium.GM())
			default:
				return fmt.Errorf("--crypto %q: want intl or gm", suite)
			}
			o, err := consortium.InitOrg(abs, name, opts...)
			if err != nil {
				return err
			}
			caPath := filepath.Join(abs, "ca", pki.CACertFile)
			if output == "json" {
				printJSON(map[string]any{"org": o.Name, "dir": abs, "ca": caPath, "ca_key": filepath.Join(abs, "ca", pki.CAKeyFile),
					"admin": o.Admin, "client": o.Client, "admin_account": types.AdminAccountName(o.Name)})
				return nil
			}
			fmt.Printf("organisation %s created in %s\n", o.Name, abs)
			fmt.Printf("  CA certificate:      %s\n  CA key:              %s (keep it offline)\n", caPath, filepath.Join(abs, "ca", pki.CAKeyFile))
			fmt.Printf("  admin certificate:   %s\n  admin key:           %s (signs for governance account %s)\n", o.Admin.Cert, o.Admin.Key, types.AdminAccountName(o.Name))
			fmt.Printf("  client certificate:  %s\n  client key:          %s\n", o.Client.Cert, o.Client.Key)
			fmt.Printf("next:  causeway cert issue --org-dir %s --role client --name app1 --out app1\n", dir)
			fmt.Printf("       causeway org export --org-dir %s --node-id N --p2p HOST:PORT --grpc HOST:PORT --rest HOST:PORT --out %s.public.json   (founding a consortium)\n", dir, o.Name)
			fmt.Printf("       causeway join request --org-dir %s --node-id N --p2p HOST:PORT --grpc HOST:PORT --rest HOST:PORT --genesis genesis.json --out request.json\n", dir)
			return nil
		},
	}
	initc.Flags().StringVar(&dir, "dir", "", "folder of the organisation (default ./NAME)")
	initc.Flags().StringVar(&suite, "crypto", "intl", "the chain's crypto suite: intl, or gm for an SM2 CA and SM2 node signing keys")
	initc.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	c.AddCommand(initc, orgExportCmd(), orgRotateCACmd(), orgAdoptCACmd())
	return c
}

func certCmd() *cobra.Command {
	c := &cobra.Command{Use: "cert", Short: "Issue certificates with an organisation's CA"}
	var orgDir, role, name, keyType, out, output string
	var ips, dnsNames []string
	issue := &cobra.Command{
		Use:   "issue --org-dir D --role admin|client|node|auditor --name CN --out DIR",
		Short: "Issue a certificate and key (DIR/cert.pem, DIR/key.pem) with the org's CA",
		Long: `issue creates a key and a certificate signed by the organisation's CA, with the role
in the certificate (admin, client, node or auditor), and prints its serial number in hex:
the serial that 'causeway gov propose revoke' takes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if orgDir == "" || name == "" || out == "" {
				return fmt.Errorf("--org-dir, --name and --out are required")
			}
			r := pki.Role(role)
			if !r.Valid() {
				return fmt.Errorf("--role %q: want admin, client, node or auditor", role)
			}
			req := pki.IssueRequest{CommonName: name, Role: r, DNSNames: dnsNames, KeyType: pki.KeyType(keyType)}
			for _, s := range ips {
				ip := net.ParseIP(s)
				if ip == nil {
					return fmt.Errorf("--ip %q is not an IP address", s)
				}
				req.IPAddresses = append(req.IPAddresses, ip)
			}
			if _, err := os.Stat(filepath.Join(out, "key.pem")); err == nil {
				return fmt.Errorf("%s already holds a key; choose another --out", out)
			}
			o, err := consortium.LoadOrg(orgDir)
			if err != nil {
				return err
			}
			cred, err := o.Issue(out, req)
			if err != nil {
				return err
			}
			cert, err := pki.LoadCertPEM(cred.Cert)
			if err != nil {
				return err
			}
			id := pki.IdentityOf(cert)
			if output == "json" {
				printJSON(map[string]any{"org": o.Name, "role": id.Role, "common_name": id.CommonName, "serial": id.Serial,
					"not_after": cert.NotAfter, "cert": cred.Cert, "key": cred.Key})
				return nil
			}
			fmt.Printf("issued certificate %s (role %s, org %s)\n", id.CommonName, id.Role, o.Name)
			fmt.Printf("  serial:       %s\n  valid until:  %s\n  certificate:  %s\n  key:          %s\n", id.Serial, cert.NotAfter.UTC().Format("2006-01-02"), cred.Cert, cred.Key)
			return nil
		},
	}
	issue.Flags().StringVar(&orgDir, "org-dir", "", "folder of the organisation (made by `causeway org init`)")
	issue.Flags().StringVar(&role, "role", "client", "role in the certificate: admin, client, node or auditor")
	issue.Flags().StringVar(&name, "name", "", "common name of the holder")
	issue.Flags().StringArrayVar(&ips, "ip", nil, "IP address the certificate is valid for, for servers (repeatable)")
	issue.Flags().StringArrayVar(&dnsNames, "dns", nil, "DNS name the certificate is valid for, for servers (repeatable)")
	issue.Flags().StringVar(&keyType, "key-type", "ecdsa", "key algorithm: ecdsa (P-256) or ed25519")
	issue.Flags().StringVar(&out, "out", "", "folder to write cert.pem and key.pem into")
	issue.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	c.AddCommand(issue, certIssueNodeCmd())
	return c
}

func joinCmd() *cobra.Command {
	c := &cobra.Command{Use: "join", Short: "Join a running consortium"}
	var orgDir, genesis, out, output string
	var id uint64
	var addrs consortium.NodeAddrs
	req := &cobra.Command{
		Use:   "request --org-dir D --node-id N --p2p HOST:PORT --grpc HOST:PORT --rest HOST:PORT --genesis GENESIS.json --out request.json",
		Short: "Make a node for the organisation and write its request to join the consortium",
		Long: `request issues the node's TLS and consensus signing certificates, writes its configuration
(D/nodes/nodeN/node.json, with a copy of the genesis in D/genesis.json), and writes the join
request: the organisation's CA certificate, its admin key and its node. A member admin
proposes it with 'causeway gov propose add-org request.json'; once the members have voted,
the node, started with 'causeway node start --join', syncs and becomes a consenter.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if orgDir == "" || id == 0 || addrs.P2P == "" || addrs.GRPC == "" || genesis == "" || out == "" {
				return fmt.Errorf("--org-dir, --node-id, --p2p, --grpc, --genesis and --out are required")
			}
			o, err := consortium.LoadOrg(orgDir)
			if err != nil {
				return err
			}
			j, err := o.PrepareJoin(consortium.JoinOptions{NodeID: id, Addrs: addrs, Genesis: genesis})
			if err != nil {
				return err
			}
			if err := consortium.SaveJoinRequest(out, j.Request); err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]any{"org": o.Name, "node_id": id, "node_config": j.NodeConfig, "genesis": j.Genesis, "request": out, "p2p": addrs.P2P})
				return nil
			}
			fmt.Printf("node %d of %s: configuration %s\n", id, o.Name, j.NodeConfig)
			fmt.Printf("join request written to %s (CA, admin key of %s, node %d at %s)\n", out, types.AdminAccountName(o.Name), id, addrs.P2P)
			fmt.Println("next steps:")
			fmt.Printf("  1. start the node; it syncs and waits to be admitted:\n       causeway node start --join --config %s\n", j.NodeConfig)
			fmt.Printf("  2. send %s to a member; its admin proposes it:\n       causeway gov propose add-org %s --org MEMBER\n", out, filepath.Base(out))
			fmt.Println("  3. the members vote until a majority approves:\n       causeway gov vote PROPOSAL-ID --org MEMBER")
			fmt.Println("  4. the node joins the consensus; members add your CA to their CA bundle to reach it")
			return nil
		},
	}
	req.Flags().StringVar(&orgDir, "org-dir", "", "folder of the organisation (made by `causeway org init`)")
	req.Flags().Uint64Var(&id, "node-id", 0, "consensus id of the new node (not used by any other node)")
	req.Flags().StringVar(&addrs.P2P, "p2p", "", "peer address HOST:PORT the node listens on and the other nodes dial")
	req.Flags().StringVar(&addrs.GRPC, "grpc", "", "client gRPC address HOST:PORT")
	req.Flags().StringVar(&addrs.REST, "rest", "", "client REST address HOST:PORT")
	req.Flags().StringVar(&addrs.Admin, "admin", "", "admin address HOST:PORT for /healthz and /metrics (loopback; empty disables)")
	req.Flags().StringVar(&genesis, "genesis", "", "the consortium's genesis file")
	req.Flags().StringVar(&out, "out", "request.json", "where to write the join request")
	req.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	c.AddCommand(req)
	return c
}
