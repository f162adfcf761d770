package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/causeway/causeway/console"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/services/metro"
	"github.com/causeway/causeway/services/trace"
	"github.com/causeway/causeway/services/trade"
	"github.com/causeway/causeway/types"
)

func consoleCmd() *cobra.Command {
	var f clientFlags
	var listen, usersFile, tlsCert, tlsKey, stateDir, encKey, acctEncKey, metroDir, traceDir, tradeDir string
	var geneses, judicialNetworks []string
	var publicURL string
	c := &cobra.Command{
		Use:   "console [--org ORG] [--listen HOST:PORT] [--users USERS.json] [--tls-cert F --tls-key F]",
		Short: "Run the web console of an org: overview, explorer, evidence, governance, and a public verify page",
		Long: `console serves the web console for one org of the network (--network, --org): it reads the
chain with the org's client certificate, deposits evidence with the org's account and votes
with the org's admin key, all taken from network.json as the other commands do.

It listens on 127.0.0.1:8080 by default and prints a one-time sign-in link: the first browser
that opens it is signed in (the link then stops working; restart for a new one). --users gives
users who sign in with a password (a JSON file {"users": [{"name", "password_hash"}]}, hashes
from 'causeway console hash-password'). Listening on any address other than loopback needs TLS
(--tls-cert, --tls-key). /verify is public: it checks a certificate of deposit offline against
the network's genesis (and any --genesis).

--enc-key gives the org's encryption key (causeway keys new-encryption; set on chain with
causeway gov propose set-encryption-key): the Sealed data page then opens data sealed to the
org for signed-in users. --account-enc-key gives the encryption key of the org's account: it
opens data sealed to the account and the account's confidential token balances. Without them
those pages show records and commitments only.

--metro gives the folder of a metro scenario's deployment (metro.json, as causeway scenario
metro writes it, e.g. metro-net/metro): the console then has a Metro page with every pair of
cities' rides, net position and settlements, the rides sealed to the org opened with --enc-key
(a city's key is METRO-DIR/ORG/encryption.pem), the active risk marks and a gate check.

--trade gives the folder of a trade scenario's deployment (trade.json, as causeway scenario
trade writes it, e.g. trade-net/trade): the console then has a Trade page with recent orders
(status, parties, amounts, financing, milestones with their attesters and evidence), the
terms of orders sealed to the org opened with --enc-key (TRADE-DIR/ORG/encryption.pem),
recent receivables with their parts, and the org's deposit in the contract.

--trace gives the folder of a traceability scenario's deployment (trace.json, e.g.
trace-net/trace): the console then serves the public item page /q/item/CODE that label QR
codes open, and a Traceability page with the batches (newest first, each step and the next
one), a batch's steps proven against the genesis and, where the folder holds the batch's code
key (keys/B<n>.key, the producer's), its item labels as a PDF; their QR codes open
--public-url (default: the console's own address)/q/item/CODE.

The Judicial page exports evidence packages (causeway-evidence-package/v1) of the org's
deposits, sealed on the console's chain and on the chains of --judicial-network (network.json
of another chain the org's deposits are anchored on, e.g. judicial-net/court-chain; repeatable;
their geneses are trusted too). /judicial/verify is public: a court uploads a package (and the
genesis files of chains the console does not trust) and it is checked offline.

With -o json the addresses are printed as one JSON line. The command runs until interrupted
and exits non-zero if the network cannot be reached or the address cannot be bound.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			nw, err := f.loadNetwork()
			if err != nil {
				return err
			}
			org, err := f.orgOf(nw)
			if err != nil {
				return err
			}
			node := f.node
			if !cmd.Flags().Changed("node") {
				for i, n := range nw.Nodes {
					if n.Org == org.Name {
						node = i
						break
					}
				}
			}
			useTLS := tlsCert != "" || tlsKey != ""
			if useTLS && (tlsCert == "" || tlsKey == "") {
				return fmt.Errorf("give both --tls-cert and --tls-key")
			}
			host, port, err := net.SplitHostPort(listen)
			if err != nil {
				return fmt.Errorf("--listen %q: %w", listen, err)
			}
			if !useTLS && !isLoopback(host) {
				return fmt.Errorf("--listen %s is not a loopback address: remote access needs TLS (--tls-cert and --tls-key)", listen)
			}
			if publicURL != "" {
				if u, err := url.Parse(publicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
					return fmt.Errorf("--public-url %q: give http(s)://HOST[:PORT][/PATH]", publicURL)
				}
			}
			var gs []*types.Genesis
			if nw.Genesis != "" {
				geneses = append([]string{nw.Genesis}, geneses...)
			}
			var others []*sdk.Network
			for _, p := range judicialNetworks {
				o, err := sdk.LoadNetwork(p)
				if err != nil {
					return fmt.Errorf("--judicial-network: %w", err)
				}
				others = append(others, o)
				if o.Genesis != "" {
					geneses = append(geneses, o.Genesis)
				}
			}
			for _, p := range geneses {
				g, err := types.LoadGenesis(p)
				if err != nil {
					return fmt.Errorf("genesis %s: %w", p, err)
				}
				gs = append(gs, g)
			}
			var users console.Users
			if usersFile != "" {
				if users, err = console.LoadUsers(usersFile); err != nil {
					return err
				}
			}
			if stateDir == "" {
				stateDir = filepath.Join(nw.Dir, "console", org.Name)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			chain, err := console.DialNetwork(dctx, nw, org.Name, node)
			cancel()
			if err != nil {
				return err
			}
			defer chain.Close()
			if err := chain.LoadEncryptionKeys(encKey, acctEncKey); err != nil {
				return err
			}
			var mv console.Metro
			if metroDir != "" {
				d, err := metro.LoadDeployment(metroDir)
				if err != nil {
					return fmt.Errorf("--metro: %w", err)
				}
				v, err := chain.MetroView(d)
				if err != nil {
					return fmt.Errorf("--metro: %w", err)
				}
				if v.City.Key == nil {
					fmt.Fprintf(os.Stderr, "note: the Metro page opens no ride without the org's encryption key (--enc-key %s)\n", d.EncryptionKeyPath(org.Name))
				}
				mv = v
			}
			dctx, cancel = context.WithTimeout(ctx, 30*time.Second)
			jx, err := chain.JudicialExporter(dctx, others...)
			cancel()
			if err != nil {
				return fmt.Errorf("--judicial-network: %w", err)
			}
			defer jx.Close()
			var tl *trace.Lookup
			var tp console.Trace
			if traceDir != "" {
				d, err := trace.LoadDeployment(traceDir)
				if err != nil {
					return fmt.Errorf("--trace: %w", err)
				}
				dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				o, err := d.Connect(dctx, nw, org.Name)
				cancel()
				if err != nil {
					return fmt.Errorf("--trace: %w", err)
				}
				// The scans survive a restart: the counterfeit verdicts depend on them.
				if err := os.MkdirAll(stateDir, 0o700); err != nil {
					return err
				}
				scans, err := trace.OpenScanLog(filepath.Join(stateDir, "trace-scans.jsonl"), trace.ScanRule{})
				if err != nil {
					return fmt.Errorf("--trace: %w", err)
				}
				defer scans.Close()
				if tl, err = d.NewLookupWith(o, nw, scans); err != nil {
					return fmt.Errorf("--trace: %w", err)
				}
				v, err := trace.NewView(d, o, tl)
				if err != nil {
					return fmt.Errorf("--trace: %w", err)
				}
				tp = v
			}
			var tv console.Trade
			if tradeDir != "" {
				d, err := trade.LoadDeployment(tradeDir)
				if err != nil {
					return fmt.Errorf("--trade: %w", err)
				}
				v, err := chain.TradeView(d)
				if err != nil {
					return fmt.Errorf("--trade: %w", err)
				}
				if v.Party.Key == nil {
					fmt.Fprintf(os.Stderr, "note: the Trade page opens no terms without the org's encryption key (--enc-key %s)\n", filepath.Join(tradeDir, org.Name, "encryption.pem"))
				}
				tv = v
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return err
			}
			_, port, _ = net.SplitHostPort(ln.Addr().String())
			scheme := "http"
			if useTLS {
				scheme = "https"
			}
			urlHost := host
			if urlHost == "" || urlHost == "0.0.0.0" || urlHost == "::" {
				urlHost = "127.0.0.1"
			}
			base := scheme + "://" + net.JoinHostPort(urlHost, port)
			if publicURL == "" {
				publicURL = base
			}
			srv, err := console.New(console.Options{Chain: chain, Geneses: gs, Users: users, TLS: useTLS, CookieSuffix: port,
				EvidenceFile: filepath.Join(stateDir, "evidence.jsonl"), ContractsFile: filepath.Join(stateDir, "contracts.jsonl"),
				IssuedDir: filepath.Join(stateDir, "issued"), Metro: mv, Trade: tv, Judicial: jx, Trace: tp, PublicURL: publicURL})
			if err != nil {
				ln.Close()
				return err
			}
			if tl != nil {
				srv.EnableTrace(tl)
			}
			info := struct {
				Org       string `json:"org"`
				ChainID   string `json:"chain_id"`
				URL       string `json:"url"`
				SignInURL string `json:"sign_in_url"`
				VerifyURL string `json:"verify_url"`
				// LookupURL + "/" + what follows "causeway:" in a
				// certificate's QR code is that record's public page.
				LookupURL string `json:"lookup_url"`
				// JudicialVerifyURL checks evidence packages (public).
				JudicialVerifyURL string `json:"judicial_verify_url"`
			}{org.Name, nw.ChainID, base + "/", srv.SignInLink(base), base + "/verify", base + "/q", base + "/judicial/verify"}
			if f.json() {
				b, _ := json.Marshal(info)
				fmt.Println(string(b))
			} else {
				fmt.Printf("Causeway console of org %s on chain %s\n", info.Org, safe(info.ChainID))
				fmt.Printf("  open this link to sign in (it works once):\n    %s\n", info.SignInURL)
				fmt.Printf("  public verify page: %s\n  public QR lookup: %s/evidence/ID?chain=...&hash=... (or %s/lookup)\n  public evidence package check: %s\n  Ctrl-C stops the console.\n", info.VerifyURL, info.LookupURL, base, info.JudicialVerifyURL)
			}
			if _, err := evidence.PDFFont(); err != nil {
				fmt.Fprintln(os.Stderr, "warning:", err)
			}
			hs := srv.HTTPServer(ln.Addr().String())
			go srv.Run(ctx)
			errc := make(chan error, 1)
			go func() {
				if useTLS {
					errc <- hs.ServeTLS(ln, tlsCert, tlsKey)
				} else {
					errc <- hs.Serve(ln)
				}
			}()
			select {
			case err := <-errc:
				if !errors.Is(err, http.ErrServerClosed) {
					return err
				}
			case <-ctx.Done():
				sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_ = hs.Shutdown(sctx)
			}
			return nil
		},
	}
	f.register(c)
	c.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "address to listen on (port 0: any free port); non-loopback needs TLS")
	c.Flags().StringVar(&usersFile, "users", "", "users who sign in with a password: {\"users\": [{\"name\", \"password_hash\"}]}")
	c.Flags().StringVar(&tlsCert, "tls-cert", "", "TLS certificate (PEM) for remote access")
	c.Flags().StringVar(&tlsKey, "tls-key", "", "TLS private key (PEM)")
	c.Flags().StringArrayVar(&geneses, "genesis", nil, "another chain's genesis the verify page trusts (repeatable; the network's is always trusted)")
	c.Flags().StringVar(&encKey, "enc-key", "", "the org's encryption key file, to open data sealed to the org on the Sealed data page")
	c.Flags().StringVar(&acctEncKey, "account-enc-key", "", "the encryption key file of the org's account, to open data sealed to it and its confidential token balances")
	c.Flags().StringVar(&metroDir, "metro", "", "folder of a metro scenario deployment (metro.json): adds the Metro page")
	c.Flags().StringVar(&traceDir, "trace", "", "folder of a traceability scenario deployment (causeway scenario trace): adds the public item page /q/item/CODE that label QR codes point to, and the Traceability page")
	c.Flags().StringVar(&publicURL, "public-url", "", "the address consumers reach this console at, in the QR codes of labels printed on the Traceability page (default: the console's own address)")
	c.Flags().StringVar(&tradeDir, "trade", "", "folder of a trade scenario deployment (trade.json): adds the Trade page")
	c.Flags().StringArrayVar(&judicialNetworks, "judicial-network", nil, "network.json of another chain the org's deposits are anchored on, for the Judicial page's package export (repeatable; its genesis is trusted too)")
	c.Flags().StringVar(&stateDir, "state-dir", "", "where the console keeps its deposits, contracts and issued certificates (default: NETWORK-DIR/console/ORG)")
	c.AddCommand(consoleHashPasswordCmd())
	return c
}

func consoleHashPasswordCmd() *cobra.Command {
	var output string
	c := &cobra.Command{
		Use:   "hash-password",
		Short: "Print the bcrypt hash of a password (read from the terminal or standard input) for a users file",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var pw string
			if term.IsTerminal(int(os.Stdin.Fd())) {
				fmt.Fprint(os.Stderr, "Password: ")
				b, err := term.ReadPassword(int(os.Stdin.Fd()))
				fmt.Fprintln(os.Stderr)
				if err != nil {
					return err
				}
				pw = string(b)
			} else {
				line, err := bufio.NewReader(os.Stdin).ReadString('\n')
				if err != nil && line == "" {
					return fmt.Errorf("no password on standard input")
				}
				pw = strings.TrimRight(line, "\r\n")
			}
			h, err := console.HashPassword(pw)
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]string{"password_hash": h})
			} else {
				fmt.Println(h)
			}
			return nil
		},
	}
	outputFlag(c, &output)
	return c
}

// isLoopback reports whether host names only this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
