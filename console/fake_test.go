package console

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// fakeChain is a Chain in memory: a chain of height blocks (made on
// demand), one evidence record, proposals; it counts calls.
type fakeChain struct {
	mu       sync.Mutex
	height   uint64
	blocks   int // Block calls
	writes   int // Deposit, Propose, Vote calls
	metadata []*types.Attribute
	events   []*types.Event
	desc     string
	// logs are the EVM logs of every transaction; calls the inputs sent.
	logs  []*types.Log
	calls [][]byte
	// ca issues client certificates (nil: issuing fails); revoked is the
	// configuration's revoked serials.
	ca      *pki.CA
	revoked []string
	// str is a chain value shown on the new pages (a sealed record's
	// class and reader, a token's name, a light client's chain id, a
	// message's error); orgKey: the console holds the org's encryption
	// key, which opens plaintext; reads and opens count calls; sealed the
	// seal calls.
	str       string
	orgKey    bool
	plaintext string
	reads     int
	opens     int
	sealed    []sealCall
}

func (f *fakeChain) ContractAccount() (string, []byte) { return "fake-account", make([]byte, 20) }

func (f *fakeChain) DeployContract(_ context.Context, code []byte) (*apipb.SubmitTxResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	addr := make([]byte, 20)
	addr[19] = 0xaa
	return &apipb.SubmitTxResponse{TxHash: types.Intl.Sum(code).String(), Height: 3,
		Receipt: &types.Receipt{Status: types.ReceiptStatus_SUCCESS, ContractAddress: addr}}, nil
}

func (f *fakeChain) CallContract(_ context.Context, to, input []byte) (*apipb.SubmitTxResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	f.calls = append(f.calls, input)
	return &apipb.SubmitTxResponse{TxHash: types.Intl.Sum(input).String(), Height: 4, Receipt: &types.Receipt{Status: types.ReceiptStatus_SUCCESS}}, nil
}

func (f *fakeChain) QueryContract(_ context.Context, to, input []byte) (*apipb.QueryContractResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, input)
	ret := make([]byte, 32)
	ret[31] = 42
	return &apipb.QueryContractResponse{ReturnData: ret, Height: 4}, nil
}

func (f *fakeChain) IssueClientCert(commonName, dir string) (sdk.Credential, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	if f.ca == nil {
		return sdk.Credential{}, errors.New("the fake chain has no CA")
	}
	certPEM, keyPEM, err := f.ca.Issue(pki.IssueRequest{CommonName: commonName, Role: pki.RoleClient})
	if err != nil {
		return sdk.Credential{}, err
	}
	c := sdk.Credential{Cert: filepath.Join(dir, "cert.pem"), Key: filepath.Join(dir, "key.pem")}
	if err := os.WriteFile(c.Cert, certPEM, 0o644); err != nil {
		return c, err
	}
	return c, os.WriteFile(c.Key, keyPEM, 0o600)
}

var errNotFound = errors.New("not found")

func (f *fakeChain) ChainID() string    { return "fake-chain-id" }
func (f *fakeChain) Org() string        { return "fake-console-org" }
func (f *fakeChain) Suite() types.Suite { return types.Intl }

func (f *fakeChain) Nodes(context.Context) []NodeStatus {
	var out []NodeStatus
	for i := uint64(1); i <= 4; i++ {
		out = append(out, NodeStatus{ID: i, Org: "fake-node-org", Address: "10.9.9.9:7051", Reachable: true, Ready: true, Health: "serving", Height: f.height, Peers: 3, PeersUp: 3})
	}
	return out
}

func (f *fakeChain) Status(context.Context) (*apipb.StatusResponse, error) {
	return &apipb.StatusResponse{Height: f.height, LastBlockTimeMs: 1_700_000_000_000}, nil
}

func (f *fakeChain) Block(_ context.Context, h uint64) (*apipb.BlockResponse, error) {
	f.mu.Lock()
	f.blocks++
	f.mu.Unlock()
	if h == 0 || h > f.height {
		return nil, errNotFound
	}
	tx := &types.Transaction{Body: []byte{1, 2, 3}}
	return &apipb.BlockResponse{Hash: types.Intl.Sum([]byte{byte(h)}).String(),
		Block: &types.Block{Header: &types.BlockHeader{Height: h, TimeMs: 1_700_000_000_000 + int64(h), TxCount: 1}, Txs: []*types.Transaction{tx}}}, nil
}

func (f *fakeChain) BlockByHash(context.Context, types.Hash) (*apipb.BlockResponse, error) {
	return nil, errNotFound
}

func (f *fakeChain) Tx(_ context.Context, h types.Hash) (*apipb.TxResponse, error) {
	return &apipb.TxResponse{TxHash: h.String(), Height: 1, Tx: &types.Transaction{},
		Receipt: &types.Receipt{Events: f.events, Logs: f.logs}}, nil
}

func (f *fakeChain) Account(_ context.Context, name string) (*types.Account, error) {
	return &types.Account{Name: name, Id: types.Intl.AccountID(name).Bytes()}, nil
}

func (f *fakeChain) Deposit(_ context.Context, r evidence.Request) (*evidence.Deposit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	for k, v := range r.Metadata {
		f.metadata = append(f.metadata, &types.Attribute{Key: k, Value: v})
	}
	return &evidence.Deposit{ID: types.Intl.Sum([]byte(r.Hash)).String(), TxHash: "00", Height: 2}, nil
}

func (f *fakeChain) Evidence(_ context.Context, id types.Hash) (*types.Evidence, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &types.Evidence{Id: id.Bytes(), Hash: make([]byte, 32), HashAlgorithm: "sha256", Metadata: f.metadata, Height: 2}, nil
}

func (f *fakeChain) Certificate(context.Context, types.Hash) (*evidence.Certificate, error) {
	return nil, errNotFound
}

func (f *fakeChain) Proposals(context.Context) ([]*types.ProposalRecord, error) {
	recs := []*types.ProposalRecord{{Id: make([]byte, 32), Proposer: "org2", ExpiresMs: 1 << 62,
		Proposal: &types.Proposal{Description: f.desc, Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: f.desc}}}}}
	if f.str != "" {
		local, remote := make([]byte, 20), make([]byte, 20)
		local[19], remote[19] = 1, 2
		recs = append(recs, &types.ProposalRecord{Id: []byte{5, 5}, Proposer: "org1", Status: types.ProposalStatus_PROPOSAL_EXECUTED, ClosedHeight: 3,
			Proposal: &types.Proposal{Action: &types.Proposal_AuthorizeMessageChannel{AuthorizeMessageChannel: &types.AuthorizeMessageChannel{RemoteChainId: f.str, LocalContract: local, RemoteContract: remote}}}})
	}
	return recs, nil
}

func (f *fakeChain) Config(context.Context) (*types.ChainConfig, error) {
	cfg := &types.ChainConfig{Version: 1, Orgs: []types.OrgConfig{{Name: "org1"}, {Name: "org2"}}, Params: types.DefaultParams(), Policy: types.DefaultPolicy(), Revoked: f.revoked}
	if f.ca != nil {
		cfg.Orgs[0].CACert = string(f.ca.CertPEM())
	}
	return cfg, nil
}

func (f *fakeChain) Propose(context.Context, *types.Proposal) (types.Hash, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	return types.Hash{}, nil
}

func (f *fakeChain) Vote(context.Context, types.Hash, bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	return nil
}

// The fake's sealed data, tokens and cross-chain state: one sealed record
// (readers the console's org and another), one token, one light client,
// one message sent and received; reads counts their reads.
func (f *fakeChain) read() {
	f.mu.Lock()
	f.reads++
	f.mu.Unlock()
}

func (f *fakeChain) Sealed(_ context.Context, id types.Hash) (*apipb.SealedResponse, error) {
	f.read()
	if id == (types.Hash{}) {
		return nil, errNotFound
	}
	return &apipb.SealedResponse{Record: &types.SealedRecord{Id: id.Bytes(), Owner: types.Intl.AccountID("fake-account").Bytes(), Height: 5,
		TimeMs: 1_700_000_000_000, EnvelopeHash: types.Intl.Sum([]byte("env")).Bytes(), EnvelopeSize: 321, Suite: "intl", Class: f.str,
		Orgs: []string{"fake-console-org", f.str}, Groups: []string{f.str},
		Readers: []*types.SealedReader{{Org: "fake-console-org", KeyId: []byte{1, 2}, Label: "org:fake-console-org"}, {Org: f.str, KeyId: []byte{3, 4}, Label: "org:" + f.str}},
		Carrier: types.TxType_STORE_SEALED}, Envelope: []byte("env")}, nil
}

func (f *fakeChain) EncryptionKeys() (bool, bool) { return f.orgKey, false }

func (f *fakeChain) OpenSealed(_ context.Context, id types.Hash) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opens++
	if !f.orgKey {
		return nil, ErrNoEncryptionKey
	}
	return []byte(f.plaintext), nil
}

func (f *fakeChain) Seal(_ context.Context, plaintext []byte, r sdk.Readers, class string) (*sdk.SealResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	f.sealed = append(f.sealed, sealCall{plaintext: string(plaintext), readers: r, class: class})
	return &sdk.SealResult{ID: types.Intl.Sum(plaintext), Height: 6}, nil
}

type sealCall struct {
	plaintext string
	readers   sdk.Readers
	class     string
}

func (f *fakeChain) Token(_ context.Context, id types.Hash) (*types.Token, error) {
	f.read()
	return &types.Token{Id: id.Bytes(), Name: f.str, Issuer: types.Intl.AccountID("fake-account").Bytes(), Supply: make([]byte, 32), Issues: 2, CreatedHeight: 4}, nil
}

func (f *fakeChain) TokenHoldings(_ context.Context, token, holder types.Hash) (*sdk.TokenOutputs, error) {
	f.read()
	return &sdk.TokenOutputs{Balance: &types.TokenBalance{Token: token.Bytes(), Holder: holder.Bytes(), Commitment: []byte{9, 9}, Outputs: 1},
		Outputs: []*types.TokenOutputRecord{{Token: token.Bytes(), Holder: holder.Bytes(), Index: 0, Kind: types.TokenOutputKind_TOKEN_OUTPUT_ISSUED, Commitment: []byte{7, 7}, TxHash: make([]byte, 32), Height: 4}}}, nil
}

func (f *fakeChain) TokenBalance(ctx context.Context, token types.Hash) (uint64, *sdk.TokenOutputs, error) {
	return 0, nil, ErrNoEncryptionKey
}

func (f *fakeChain) LightClients(context.Context) ([]*types.LightClient, error) {
	f.read()
	return []*types.LightClient{{ChainId: f.str, Crypto: "intl", GenesisHash: make([]byte, 32), RegisteredHeight: 2, LatestHeight: 40, Headers: 3, VerifiedTo: 40}}, nil
}

func (f *fakeChain) MessagesSent(context.Context) (uint64, error) { f.read(); return 1, nil }

func (f *fakeChain) SentMessage(_ context.Context, id types.Hash) (*types.SentMessage, error) {
	f.read()
	if id[0] != 0xab {
		return nil, errNotFound
	}
	return &types.SentMessage{Id: id.Bytes(), ReceiverDomain: f.str, Receiver: make([]byte, 32), Sender: make([]byte, 32), Nonce: 0, Height: 7,
		State: types.MessageState_MESSAGE_ACK_ERROR, Error: f.str, PacketHash: make([]byte, 32)}, nil
}

func (f *fakeChain) ReceivedMessage(_ context.Context, from string, id types.Hash) (*types.ReceivedMessage, error) {
	f.read()
	if id[0] != 0xab {
		return nil, errNotFound
	}
	return &types.ReceivedMessage{Id: id.Bytes(), SenderDomain: from, Sender: make([]byte, 32), Receiver: make([]byte, 32), Height: 8,
		Result: types.ReceiveResult_RECEIVE_ERROR, Error: f.str, RemoteHeight: 30}, nil
}

func (f *fakeChain) ChannelAuthorized(context.Context, string, []byte, []byte) (bool, error) {
	f.read()
	return true, nil
}
