package console

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// Chain is what the signed-in pages read from and write to the consortium,
// acting as one org. NetworkChain implements it over the SDK; tests use
// fakes. Every value it returns came from the chain and is untrusted: the
// templates escape it.
type Chain interface {
	// ChainID and Org name the chain and the org the console acts as.
	ChainID() string
	Org() string
	// Suite is the chain's crypto suite (transaction hashes, identities).
	Suite() types.Suite
	// Nodes asks every node of the network for its status and health; a
	// node that does not answer within a few seconds is reported down.
	Nodes(ctx context.Context) []NodeStatus
	// Status is the status of the node the console talks to.
	Status(ctx context.Context) (*apipb.StatusResponse, error)
	Block(ctx context.Context, height uint64) (*apipb.BlockResponse, error)
	BlockByHash(ctx context.Context, h types.Hash) (*apipb.BlockResponse, error)
	Tx(ctx context.Context, h types.Hash) (*apipb.TxResponse, error)
	Account(ctx context.Context, nameOrHex string) (*types.Account, error)
	// Deposit deposits evidence as the org, through the evidence service,
	// and waits for its block.
	Deposit(ctx context.Context, r evidence.Request) (*evidence.Deposit, error)
	Evidence(ctx context.Context, id types.Hash) (*types.Evidence, error)
	Certificate(ctx context.Context, id types.Hash) (*evidence.Certificate, error)
	Proposals(ctx context.Context) ([]*types.ProposalRecord, error)
	Config(ctx context.Context) (*types.ChainConfig, error)
	// Propose and Vote sign with the org's admin key and wait for the
	// block; they fail if the transaction failed.
	Propose(ctx context.Context, p *types.Proposal) (types.Hash, error)
	Vote(ctx context.Context, id types.Hash, approve bool) error
	// ContractAccount is the account that deploys and calls contracts
	// (the org's funded account): its name and EVM address.
	ContractAccount() (name string, address []byte)
	// DeployContract deploys creation code (constructor arguments
	// appended) and CallContract calls the contract at a 20-byte address,
	// as ContractAccount, and wait for the block. A failed transaction is
	// not an error: its receipt says why.
	DeployContract(ctx context.Context, code []byte) (*apipb.SubmitTxResponse, error)
	CallContract(ctx context.Context, to, input []byte) (*apipb.SubmitTxResponse, error)
	// QueryContract runs a read-only call as ContractAccount.
	QueryContract(ctx context.Context, to, input []byte) (*apipb.QueryContractResponse, error)
	// IssueClientCert issues a client certificate and key with the org's
	// CA into dir (cert.pem, key.pem), as `causeway cert issue` does; it
	// fails when the console has no access to the CA's key.
	IssueClientCert(commonName, dir string) (sdk.Credential, error)

	// Sealed reads a stored sealed payload: its record (who can read it)
	// and its envelope (ciphertext).
	Sealed(ctx context.Context, id types.Hash) (*apipb.SealedResponse, error)
	// EncryptionKeys says which encryption keys the console holds: the
	// org's (data sealed to the org) and its account's (data sealed to
	// the account, its confidential token outputs).
	EncryptionKeys() (org, account bool)
	// OpenSealed decrypts sealed payload id with the keys the console
	// holds: ErrNoEncryptionKey when it holds none, an error matching
	// sdk.ErrNotAReader when none of them reads it.
	OpenSealed(ctx context.Context, id types.Hash) ([]byte, error)
	// Seal stores plaintext sealed to r as ContractAccount, the readers'
	// keys read through proofs checked against the network's genesis, and
	// waits for the block.
	Seal(ctx context.Context, plaintext []byte, r sdk.Readers, class string) (*sdk.SealResult, error)

	// Token reads a confidential token (nil, nil when there is none);
	// TokenHoldings a holder's balance commitment and outputs (the state
	// of the block before the latest, as GetStateProof serves it).
	Token(ctx context.Context, id types.Hash) (*types.Token, error)
	TokenHoldings(ctx context.Context, token, holder types.Hash) (*sdk.TokenOutputs, error)
	// TokenBalance opens ContractAccount's balance of token with the
	// account's encryption key (ErrNoEncryptionKey without it); it first
	// commits a transfer of 1 to itself so that the state read is fresh.
	TokenBalance(ctx context.Context, token types.Hash) (uint64, *sdk.TokenOutputs, error)

	// LightClients lists the light clients of other chains this chain
	// keeps; MessagesSent counts the cross-chain messages it sent.
	LightClients(ctx context.Context) ([]*types.LightClient, error)
	MessagesSent(ctx context.Context) (uint64, error)
	// SentMessage is this chain's record of a message it sent;
	// ReceivedMessage its marker of message id of chain from.
	SentMessage(ctx context.Context, id types.Hash) (*types.SentMessage, error)
	ReceivedMessage(ctx context.Context, from string, id types.Hash) (*types.ReceivedMessage, error)
	// ChannelAuthorized reports whether governance's authorisation of the
	// message channel (remote chain, local contract, remote contract) is
	// in the state.
	ChannelAuthorized(ctx context.Context, remoteChain string, local, remote []byte) (bool, error)
}

// ErrNoEncryptionKey is what OpenSealed and TokenBalance return when the
// console was started without the encryption key they need.
var ErrNoEncryptionKey = errors.New("the console holds no encryption key for this (causeway console --enc-key / --account-enc-key)")

// NodeStatus is one node as the Overview shows it.
type NodeStatus struct {
	ID        uint64 `json:"id"`
	Org       string `json:"org"`
	Address   string `json:"address"`
	Reachable bool   `json:"reachable"`
	Error     string `json:"error,omitempty"`
	Health    string `json:"health"`
	Ready     bool   `json:"ready"`
	Reason    string `json:"reason,omitempty"`
	Height    uint64 `json:"height"`
	View      uint64 `json:"view"`
	Leader    uint64 `json:"leader"`
	PoolSize  uint64 `json:"pool_size"`
	PeersUp   int    `json:"peers_up"`
	Peers     int    `json:"peers"`
}

// NetworkChain is a Chain over the SDK: one client per node of a network
// (network.json, as `causeway up` writes it), with the org's client
// certificate; the org's funded account deposits evidence and its admin
// account governs.
type NetworkChain struct {
	nw      *sdk.Network
	org     string
	primary int
	caller  pki.Identity
	admin   sdk.Account
	acct    sdk.Account
	orgDir  string
	svc     *evidence.Service

	// orgKey and acctKey are the org's and its account's encryption keys
	// (nil: not given); verifier checks readers' keys when sealing.
	orgKey, acctKey *seal.EncryptionKey
	verifier        *verify.Verifier

	mu      sync.Mutex
	clients []*sdk.Client // by node index; nil until dialled
}

// DialNetwork connects to node nodeIndex of nw as org (the node it reads
// from and submits to) and prepares the evidence service and the admin
// account. The other nodes are dialled when the Overview first asks.
func DialNetwork(ctx context.Context, nw *sdk.Network, org string, nodeIndex int) (*NetworkChain, error) {
	o, err := nw.Org(org)
	if err != nil {
		return nil, err
	}
	if nodeIndex < 0 || nodeIndex >= len(nw.Nodes) {
		return nil, fmt.Errorf("node index %d out of range (the network has %d nodes)", nodeIndex, len(nw.Nodes))
	}
	cert, err := pki.LoadCertPEM(o.Client.Cert)
	if err != nil {
		return nil, fmt.Errorf("org %s client certificate: %w", org, err)
	}
	admin, err := nw.AdminAccount(org)
	if err != nil {
		return nil, fmt.Errorf("org %s admin key: %w", org, err)
	}
	c := &NetworkChain{nw: nw, org: org, primary: nodeIndex, caller: pki.IdentityOf(cert), admin: admin, clients: make([]*sdk.Client, len(nw.Nodes))}
	cl, err := c.client(ctx, nodeIndex)
	if err != nil {
		return nil, err
	}
	acct := admin
	if o.Account != nil {
		k, err := loadKeyFile(o.Account.Key)
		if err != nil {
			return nil, fmt.Errorf("org %s account key: %w", org, err)
		}
		acct = sdk.Account{Name: o.Account.Name, Signer: k, Suite: nw.Suite()}
	}
	c.acct = acct
	// causeway up keeps each org's folder (ca/, admin/, client/) under
	// orgs/NAME; the CA certificate file sits in ca/.
	c.orgDir = filepath.Dir(filepath.Dir(o.CA))
	c.svc, err = evidence.New(evidence.Options{}, evidence.Chain{ChainID: nw.ChainID, Client: cl, Account: acct})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// client returns the client of node i, dialling it if needed.
func (c *NetworkChain) client(ctx context.Context, i int) (*sdk.Client, error) {
	c.mu.Lock()
	cl := c.clients[i]
	c.mu.Unlock()
	if cl != nil {
		return cl, nil
	}
	cl, err := sdk.DialNetwork(ctx, c.nw, c.org, i)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.clients[i] != nil {
		cl.Close()
		return c.clients[i], nil
	}
	c.clients[i] = cl
	return cl, nil
}

func (c *NetworkChain) main() *sdk.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.clients[c.primary]
}

// Close closes every connection.
func (c *NetworkChain) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, cl := range c.clients {
		if cl != nil {
			cl.Close()
			c.clients[i] = nil
		}
	}
}

func (c *NetworkChain) ChainID() string    { return c.nw.ChainID }
func (c *NetworkChain) Org() string        { return c.org }
func (c *NetworkChain) Suite() types.Suite { return c.nw.Suite() }

func (c *NetworkChain) Nodes(ctx context.Context) []NodeStatus {
	out := make([]NodeStatus, len(c.nw.Nodes))
	var wg sync.WaitGroup
	for i, n := range c.nw.Nodes {
		out[i] = NodeStatus{ID: n.ID, Org: n.Org, Address: n.GRPC}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			ns := &out[i]
			cl, err := c.client(ctx, i)
			if err == nil {
				var st *apipb.StatusResponse
				if st, err = cl.Status(ctx); err == nil {
					ns.Reachable = true
					ns.Height, ns.View, ns.Leader, ns.PoolSize = st.Height, st.View, st.Leader, st.PoolSize
					ns.Peers = len(st.Peers)
					for _, p := range st.Peers {
						if p.Connected {
							ns.PeersUp++
						}
					}
					if h, err := cl.Health(ctx); err == nil {
						ns.Health, ns.Ready, ns.Reason = h.Status, h.Ready, h.Reason
					}
				}
			}
			if err != nil {
				ns.Error = err.Error()
				ns.Health = "down"
			}
		}(i)
	}
	wg.Wait()
	return out
}

func (c *NetworkChain) Status(ctx context.Context) (*apipb.StatusResponse, error) {
	return c.main().Status(ctx)
}

func (c *NetworkChain) Block(ctx context.Context, height uint64) (*apipb.BlockResponse, error) {
	return c.main().GetBlock(ctx, height)
}

func (c *NetworkChain) BlockByHash(ctx context.Context, h types.Hash) (*apipb.BlockResponse, error) {
	return c.main().GetBlockByHash(ctx, h)
}

func (c *NetworkChain) Tx(ctx context.Context, h types.Hash) (*apipb.TxResponse, error) {
	return c.main().GetTx(ctx, h)
}

func (c *NetworkChain) Account(ctx context.Context, nameOrHex string) (*types.Account, error) {
	return c.main().GetAccount(ctx, nameOrHex)
}

func (c *NetworkChain) Deposit(ctx context.Context, r evidence.Request) (*evidence.Deposit, error) {
	return c.svc.Deposit(ctx, c.caller, r)
}

func (c *NetworkChain) Evidence(ctx context.Context, id types.Hash) (*types.Evidence, error) {
	return c.svc.Get(ctx, c.caller, id)
}

func (c *NetworkChain) Certificate(ctx context.Context, id types.Hash) (*evidence.Certificate, error) {
	return c.svc.Certificate(ctx, c.caller, id)
}

func (c *NetworkChain) Proposals(ctx context.Context) ([]*types.ProposalRecord, error) {
	return c.main().ListProposals(ctx)
}

func (c *NetworkChain) Config(ctx context.Context) (*types.ChainConfig, error) {
	return c.main().ChainConfig(ctx)
}

func (c *NetworkChain) Propose(ctx context.Context, p *types.Proposal) (types.Hash, error) {
	tx, err := c.admin.ProposeTx(sdk.TxOptions{ChainID: c.nw.ChainID}, p)
	if err != nil {
		return types.Hash{}, err
	}
	if err := c.submit(ctx, tx); err != nil {
		return types.Hash{}, err
	}
	return c.nw.Suite().TxHash(tx), nil
}

func (c *NetworkChain) Vote(ctx context.Context, id types.Hash, approve bool) error {
	tx, err := c.admin.VoteTx(sdk.TxOptions{ChainID: c.nw.ChainID}, id, approve)
	if err != nil {
		return err
	}
	return c.submit(ctx, tx)
}

func (c *NetworkChain) submit(ctx context.Context, tx *types.Transaction) error {
	resp, err := c.main().SubmitAndWait(ctx, tx)
	if err != nil {
		return err
	}
	if r := resp.Receipt; r.GetStatus() != types.ReceiptStatus_SUCCESS {
		return fmt.Errorf("transaction %s failed in block %d: %s: %s", resp.TxHash, resp.Height, r.GetErrorCode(), r.GetError())
	}
	return nil
}

func (c *NetworkChain) ContractAccount() (string, []byte) {
	id := c.nw.Suite().AccountID(c.acct.Name)
	a := evm.AddressOf(id)
	return c.acct.Name, a.Bytes()
}

func (c *NetworkChain) DeployContract(ctx context.Context, code []byte) (*apipb.SubmitTxResponse, error) {
	tx, err := c.acct.DeployContractTx(sdk.TxOptions{ChainID: c.nw.ChainID}, code, 0, 0)
	if err != nil {
		return nil, err
	}
	return c.main().SubmitAndWait(ctx, tx)
}

func (c *NetworkChain) CallContract(ctx context.Context, to, input []byte) (*apipb.SubmitTxResponse, error) {
	tx, err := c.acct.CallContractTx(sdk.TxOptions{ChainID: c.nw.ChainID}, to, input, 0, 0)
	if err != nil {
		return nil, err
	}
	return c.main().SubmitAndWait(ctx, tx)
}

func (c *NetworkChain) QueryContract(ctx context.Context, to, input []byte) (*apipb.QueryContractResponse, error) {
	return c.main().QueryContract(ctx, c.acct.Name, to, input, 0)
}

func (c *NetworkChain) IssueClientCert(commonName, dir string) (sdk.Credential, error) {
	o, err := consortium.LoadOrg(c.orgDir)
	if err != nil {
		return sdk.Credential{}, fmt.Errorf("the org's CA is not readable by this console (%s): %w", c.orgDir, err)
	}
	return o.Issue(dir, pki.IssueRequest{CommonName: commonName, Role: pki.RoleClient})
}

// loadKeyFile loads a PEM private key file (as network.json names them).
func loadKeyFile(path string) (types.Signer, error) { return crypto.LoadKey(path) }

// LoadEncryptionKeys gives the console the org's encryption key (opens
// data sealed to the org) and its account's (opens data sealed to the
// account and its confidential token outputs), as files made by causeway
// keys new-encryption; "" leaves one out.
func (c *NetworkChain) LoadEncryptionKeys(orgKeyFile, accountKeyFile string) error {
	var err error
	if orgKeyFile != "" {
		if c.orgKey, err = sdk.LoadEncryptionKey(orgKeyFile); err != nil {
			return err
		}
	}
	if accountKeyFile != "" {
		if c.acctKey, err = sdk.LoadEncryptionKey(accountKeyFile); err != nil {
			return err
		}
	}
	return nil
}

func (c *NetworkChain) Sealed(ctx context.Context, id types.Hash) (*apipb.SealedResponse, error) {
	return c.main().GetSealed(ctx, id)
}

func (c *NetworkChain) EncryptionKeys() (bool, bool) { return c.orgKey != nil, c.acctKey != nil }

func (c *NetworkChain) OpenSealed(ctx context.Context, id types.Hash) ([]byte, error) {
	var last error = ErrNoEncryptionKey
	for _, k := range []*seal.EncryptionKey{c.orgKey, c.acctKey} {
		if k == nil {
			continue
		}
		plain, _, err := c.main().Open(ctx, id, k)
		if err == nil {
			return plain, nil
		}
		if last = err; !errors.Is(err, sdk.ErrNotAReader) {
			return nil, err
		}
	}
	return nil, last
}

func (c *NetworkChain) Seal(ctx context.Context, plaintext []byte, r sdk.Readers, class string) (*sdk.SealResult, error) {
	c.mu.Lock()
	v := c.verifier
	c.mu.Unlock()
	if v == nil {
		g, err := types.LoadGenesis(c.nw.Genesis)
		if err != nil {
			return nil, fmt.Errorf("the network's genesis (to check the readers' keys): %w", err)
		}
		if v, err = verify.New(g); err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.verifier = v
		c.mu.Unlock()
	}
	return c.main().Seal(ctx, c.acct, sdk.TxOptions{ChainID: c.nw.ChainID}, plaintext, r, sdk.SealOptions{Class: class, Verifier: v})
}

func (c *NetworkChain) Token(ctx context.Context, id types.Hash) (*types.Token, error) {
	return c.main().Token(ctx, id)
}

func (c *NetworkChain) TokenHoldings(ctx context.Context, token, holder types.Hash) (*sdk.TokenOutputs, error) {
	return c.main().TokenHoldings(ctx, token, holder)
}

func (c *NetworkChain) TokenBalance(ctx context.Context, token types.Hash) (uint64, *sdk.TokenOutputs, error) {
	if c.acctKey == nil {
		return 0, nil, ErrNoEncryptionKey
	}
	o, h, err := c.main().TokenBalance(ctx, c.acct, sdk.TxOptions{ChainID: c.nw.ChainID}, c.acctKey, token)
	if err != nil {
		return 0, nil, err
	}
	return o.Value, h, nil
}

func (c *NetworkChain) LightClients(ctx context.Context) ([]*types.LightClient, error) {
	return c.main().LightClients(ctx)
}

func (c *NetworkChain) MessagesSent(ctx context.Context) (uint64, error) {
	return c.main().MessagesSent(ctx)
}

func (c *NetworkChain) SentMessage(ctx context.Context, id types.Hash) (*types.SentMessage, error) {
	return c.main().SentMessage(ctx, id)
}

func (c *NetworkChain) ReceivedMessage(ctx context.Context, from string, id types.Hash) (*types.ReceivedMessage, error) {
	return c.main().ReceivedMessage(ctx, from, id)
}

func (c *NetworkChain) ChannelAuthorized(ctx context.Context, remoteChain string, local, remote []byte) (bool, error) {
	p, err := c.main().GetStateProof(ctx, state.SDPPairKey(types.SDPPairID(c.nw.Suite(), remoteChain, local, remote)), sdk.LatestHeight)
	if err != nil {
		return false, err
	}
	return len(p.GetValue()) > 0, nil
}
