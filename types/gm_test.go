package types_test

import (
	"encoding/pem"
	"fmt"
	"testing"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// gmGenesis returns a valid "gm" genesis of two orgs with SM2 CAs, each with
// one node holding an ECDSA TLS certificate and an SM2 signing certificate
// (as consortium makes them), and the nodes' SM2 signing keys.
func gmGenesis(t testing.TB) (*types.Genesis, []*pki.CA, []crypto.Key) {
	t.Helper()
	g := &types.Genesis{ChainID: "gm-test", Crypto: "gm", Params: types.DefaultParams()}
	var cas []*pki.CA
	var keys []crypto.Key
	for i, org := range []string{"org1", "org2"} {
		ca, err := pki.NewCA(org, pki.WithSM2())
		if err != nil {
			t.Fatal(err)
		}
		tlsPEM, _, err := ca.Issue(pki.IssueRequest{CommonName: org + "-node", Role: pki.RoleNode})
		if err != nil {
			t.Fatal(err)
		}
		signPEM, keyPEM, err := ca.Issue(pki.IssueRequest{CommonName: org + "-node", Role: pki.RoleNode, KeyType: pki.KeySM2})
		if err != nil {
			t.Fatal(err)
		}
		k, err := crypto.ParsePrivateKeyPEM(keyPEM)
		if err != nil {
			t.Fatal(err)
		}
		cas, keys = append(cas, ca), append(keys, k)
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Nodes = append(g.Nodes, types.GenesisNode{ID: uint64(i + 1), Org: org, Address: fmt.Sprintf("127.0.0.1:%d", 7051+i), TLSCert: string(tlsPEM), SignCert: string(signPEM)})
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: org + ".admin", Scheme: types.SignatureScheme_SM2, PublicKey: k.PublicKey()})
	}
	return g, cas, keys
}

// A GM genesis (SM2 CAs and SM2 signing certificates, which crypto/x509
// cannot parse) passes the certificate checks; the hostile cases are
// refused as they are for intl certificates.
func TestGMGenesisCertificates(t *testing.T) {
	g, _, _ := gmGenesis(t)
	if err := g.Validate(); err != nil {
		t.Fatalf("GM genesis refused: %v", err)
	}
	for _, n := range g.Nodes {
		if terr := types.CheckCertPEM("signing certificate", n.SignCert); terr != nil {
			t.Fatal(terr)
		}
	}
	corrupt := func(p string, f func([]byte) []byte) string {
		blk, _ := pem.Decode([]byte(p))
		return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f(append([]byte(nil), blk.Bytes...))}))
	}
	for _, tc := range []struct {
		name   string
		mutate func(g *types.Genesis, cas []*pki.CA, keys []crypto.Key)
		code   types.Code
	}{
		{"same SM2 signing certificate", func(g *types.Genesis, _ []*pki.CA, _ []crypto.Key) { g.Nodes[1].SignCert = g.Nodes[0].SignCert }, types.CodeDuplicate},
		{"second certificate for another node's SM2 key", func(g *types.Genesis, cas []*pki.CA, keys []crypto.Key) {
			c, err := cas[1].IssueForKey(pki.IssueRequest{CommonName: "org2-node", Role: pki.RoleNode}, keys[0])
			if err != nil {
				t.Fatal(err)
			}
			g.Nodes[1].SignCert = string(c)
		}, types.CodeDuplicate},
		{"SM2 signing key as TLS key", func(g *types.Genesis, _ []*pki.CA, _ []crypto.Key) { g.Nodes[1].TLSCert = g.Nodes[0].SignCert }, types.CodeDuplicate},
		{"truncated SM2 certificate", func(g *types.Genesis, _ []*pki.CA, _ []crypto.Key) {
			g.Nodes[1].SignCert = corrupt(g.Nodes[1].SignCert, func(b []byte) []byte { return b[:len(b)-30] })
		}, types.CodeInvalidPayload},
		{"SM2 certificate with trailing bytes", func(g *types.Genesis, _ []*pki.CA, _ []crypto.Key) {
			g.Nodes[1].SignCert = corrupt(g.Nodes[1].SignCert, func(b []byte) []byte { return append(b, 0) })
		}, types.CodeInvalidPayload},
		{"SM2 certificate and a second block", func(g *types.Genesis, _ []*pki.CA, _ []crypto.Key) {
			g.Nodes[1].SignCert += g.Nodes[0].SignCert
		}, types.CodeInvalidPayload},
		{"SM2 CA certificate and a second block", func(g *types.Genesis, _ []*pki.CA, _ []crypto.Key) {
			g.Orgs[0].CACert += g.Orgs[1].CACert
		}, types.CodeInvalidPayload},
		{"SM2 key as a private key block", func(g *types.Genesis, _ []*pki.CA, keys []crypto.Key) {
			p, err := crypto.MarshalPrivateKeyPEM(keys[1])
			if err != nil {
				t.Fatal(err)
			}
			g.Nodes[1].SignCert = string(p)
		}, types.CodeInvalidPayload},
	} {
		g, cas, keys := gmGenesis(t)
		tc.mutate(g, cas, keys)
		if err := g.Validate(); types.CodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
}
