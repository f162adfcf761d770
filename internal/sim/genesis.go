package sim

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// epoch is where a synctest bubble's clock starts (midnight UTC, 1 January
// 2000). Genesis and certificates are dated around it.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// chainID is the simulated chain's id.
const chainID = "causeway-sim"

// Consortium is a deterministic consortium: the same n gives the same keys,
// certificates and genesis, in every process, so that a seed replays with the
// same block hashes anywhere.
type Consortium struct {
	Genesis *types.Genesis
	// N is the number of founding orgs (one node each, in the genesis);
	// the orgs after them are spares, which join by governance.
	N int
	// SignKeys are the nodes' consensus keys, by index (node id = index+1).
	SignKeys []crypto.Key
	// Orgs are the org names, by node index; Accounts the orgs' funded
	// accounts' keys, by index (account name = org name).
	Orgs     []string
	Accounts []crypto.Key
	// cas are the orgs' CA keys and certificates (to issue the
	// certificates of nodes added later).
	caKeys  []crypto.Key
	caCerts []*x509.Certificate
	caPEMs  []string
	// Admins are the orgs' admin account keys.
	Admins []crypto.Key
}

// seededKey derives an Ed25519 key from a label: deterministic, test only.
func seededKey(label string) crypto.Key {
	seed := sha256.Sum256([]byte("causeway/sim/" + label))
	k, err := crypto.KeyFromStd(ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		panic(err)
	}
	return k
}

func certPEM(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// issue makes a certificate for key, signed by the CA (self-signed when ca is nil).
func issue(serial int64, cn, org, ou string, key crypto.Key, ca *x509.Certificate, caKey crypto.Key, isCA bool) (*x509.Certificate, string) {
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: cn, Organization: []string{org}},
		NotBefore:    epoch.AddDate(-1, 0, 0),
		NotAfter:     epoch.AddDate(90, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		// BasicConstraintsValid: true on every certificate.
		BasicConstraintsValid: true,
	}
	if ou != "" {
		tmpl.Subject.OrganizationalUnit = []string{ou}
	}
	if isCA {
		tmpl.IsCA, tmpl.MaxPathLenZero = true, true
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		tmpl.ExtKeyUsage = nil
	}
	parent, signer := tmpl, key
	if ca != nil {
		parent, signer = ca, caKey
	}
	// Ed25519 signatures are deterministic: the reader is never used.
	der, err := x509.CreateCertificate(nil, tmpl, parent, key.Std().Public(), signer.Std())
	if err != nil {
		panic(fmt.Sprintf("sim: certificate %s: %v", cn, err))
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	return c, certPEM(der)
}

// NodeCerts returns the TLS and signing certificates (PEM) of node id of org
// index org, with its deterministic keys (as for a node added by governance).
func (c *Consortium) NodeCerts(org int, id uint64) (tlsPEM, signPEM string, signKey crypto.Key) {
	tlsKey := seededKey(fmt.Sprintf("tls/%d", id))
	signKey = seededKey(fmt.Sprintf("sign/%d", id))
	name := c.Orgs[org]
	_, tlsPEM = issue(int64(1000+2*id), fmt.Sprintf("node%d", id), name, "node", tlsKey, c.caCerts[org], c.caKeys[org], false)
	_, signPEM = issue(int64(1001+2*id), fmt.Sprintf("node%d-sign", id), name, "node", signKey, c.caCerts[org], c.caKeys[org], false)
	return tlsPEM, signPEM, signKey
}

// spareOrgs is how many orgs beyond the founding ones a consortium has
// material for (keys, CA), to join by governance.
const spareOrgs = 2

// NewConsortium builds the consortium of n founding orgs with one node each
// (node id = org index + 1), and the material of spareOrgs more orgs.
func NewConsortium(n int) *Consortium {
	c := &Consortium{N: n}
	params := simParams()
	g := &types.Genesis{ChainID: chainID, TimeMs: epoch.Add(-time.Second).UnixMilli(), Crypto: types.Intl.Name(), Params: params}
	for i := 0; i < n+spareOrgs; i++ {
		org := fmt.Sprintf("org%d", i+1)
		caKey := seededKey("ca/" + org)
		ca, caPEM := issue(int64(i+1), org+" CA", org, "", caKey, nil, nil, true)
		c.Orgs = append(c.Orgs, org)
		c.caKeys = append(c.caKeys, caKey)
		c.caCerts = append(c.caCerts, ca)
		c.caPEMs = append(c.caPEMs, caPEM)
		if i < n {
			g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: caPEM})
		}
	}
	for i := 0; i < n+spareOrgs; i++ {
		id := uint64(i + 1)
		tlsPEM, signPEM, signKey := c.NodeCerts(i, id)
		c.SignKeys = append(c.SignKeys, signKey)
		admin := seededKey("admin/" + c.Orgs[i])
		acct := seededKey("account/" + c.Orgs[i])
		c.Admins = append(c.Admins, admin)
		c.Accounts = append(c.Accounts, acct)
		if i >= n {
			continue
		}
		g.Nodes = append(g.Nodes, types.GenesisNode{ID: id, Org: c.Orgs[i], Address: nodeAddress(id), TLSCert: tlsPEM, SignCert: signPEM})
		g.Accounts = append(g.Accounts,
			types.GenesisAccount{Name: types.AdminAccountName(c.Orgs[i]), Scheme: admin.Scheme(), PublicKey: admin.PublicKey(), Org: c.Orgs[i]},
			types.GenesisAccount{Name: c.Orgs[i], Scheme: acct.Scheme(), PublicKey: acct.PublicKey(), Balance: 1_000_000_000_000, Org: c.Orgs[i]})
	}
	if err := g.Validate(); err != nil {
		panic(fmt.Sprintf("sim: genesis: %v", err))
	}
	c.Genesis = g
	return c
}

// simParams are the chain parameters of simulated chains: small batches cut
// quickly, so that a schedule of a few simulated seconds commits many blocks.
func simParams() types.ChainParams {
	p := types.DefaultParams()
	p.BatchMaxCount = 50
	p.BatchMaxIntervalMs = 20
	return p
}

func nodeAddress(id uint64) string { return fmt.Sprintf("node%d.sim:7000", id) }

// JoinRequest is the AddOrg proposal of spare org index i (>= N) with its
// one node, id i+1.
func (c *Consortium) JoinRequest(i int) *types.AddOrg {
	id := uint64(i + 1)
	tlsPEM, signPEM, _ := c.NodeCerts(i, id)
	admin := c.Admins[i]
	return &types.AddOrg{Name: c.Orgs[i], CaCert: c.caPEMs[i],
		AdminKey: &types.AuthKey{Scheme: admin.Scheme(), PublicKey: admin.PublicKey(), Weight: 100},
		Nodes:    []*types.NodeSpec{{Id: id, Org: c.Orgs[i], Address: nodeAddress(id), TlsCert: tlsPEM, SignCert: signPEM}}}
}
