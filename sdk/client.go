package sdk

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// MaxResponseBytes bounds one response message a Client accepts (a block
// can hold several megabytes of transactions).
const MaxResponseBytes = 64 << 20

// Config says how to reach and trust one node.
type Config struct {
	// Address is the node's gRPC address, host:port.
	Address string
	// CertFile and KeyFile are the client's certificate and private key
	// (PEM), issued by its organisation's CA; CertPEM and KeyPEM give them
	// inline instead.
	CertFile, KeyFile string
	CertPEM, KeyPEM   []byte
	// CAFile is a PEM bundle of the member CA certificates the node's
	// certificate must chain to; CAPEM gives it inline instead.
	CAFile string
	CAPEM  []byte
	// ServerName is the name the node's certificate must cover; empty
	// means the host part of Address.
	ServerName string
	// DialOptions are appended to the client's gRPC options.
	DialOptions []grpc.DialOption
}

// Client is a connection to one node's client API over mutual TLS. It is
// safe for concurrent use; calls are multiplexed over one connection.
//
// Errors of its methods are gRPC status errors as the node returned them;
// ReasonOf reads their reason (types.Code) and IsNotFound tests for a
// missing block, transaction, account or evidence.
type Client struct {
	conn  *grpc.ClientConn
	chain apipb.ChainClient
}

// Dial connects to the node cfg describes and checks that it answers
// (a Health call): the TLS handshake is mutual, so a certificate the node
// refuses, or a node certificate the CA bundle does not trust, is reported
// here. The connection reconnects by itself afterwards; ctx bounds only
// the dial.
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	certPEM, err := pemOf("certificate", cfg.CertPEM, cfg.CertFile)
	if err != nil {
		return nil, err
	}
	keyPEM, err := pemOf("key", cfg.KeyPEM, cfg.KeyFile)
	if err != nil {
		return nil, err
	}
	caPEM, err := pemOf("CA bundle", cfg.CAPEM, cfg.CAFile)
	if err != nil {
		return nil, err
	}
	trust, err := pki.NewTrust(caPEM)
	if err != nil {
		return nil, fmt.Errorf("CA bundle: %w", err)
	}
	name := cfg.ServerName
	if name == "" {
		host, _, err := net.SplitHostPort(cfg.Address)
		if err != nil {
			return nil, fmt.Errorf("address %q: %w", cfg.Address, err)
		}
		name = host
	}
	tlsConf, err := trust.ClientTLS(certPEM, keyPEM, name)
	if err != nil {
		return nil, err
	}
	opts := append([]grpc.DialOption{
		grpc.WithTransportCredentials(credentials.NewTLS(tlsConf)),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxResponseBytes)),
	}, cfg.DialOptions...)
	conn, err := grpc.NewClient(cfg.Address, opts...)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", cfg.Address, err)
	}
	c := &Client{conn: conn, chain: apipb.NewChainClient(conn)}
	if _, err := c.Health(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("dial %s: %w", cfg.Address, err)
	}
	return c, nil
}

// pemOf returns inline PEM, or the contents of file.
func pemOf(what string, inline []byte, file string) ([]byte, error) {
	if len(inline) > 0 {
		return inline, nil
	}
	if file == "" {
		return nil, fmt.Errorf("no client %s: set the file or the PEM", what)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("client %s: %w", what, err)
	}
	return b, nil
}

// DialNetwork dials node nodeIndex (its index in n.Nodes) of a network with
// the client credential of organisation org, trusting n.CABundle (or, when
// the network names no bundle, every org's CA file).
func DialNetwork(ctx context.Context, n *Network, org string, nodeIndex int) (*Client, error) {
	if nodeIndex < 0 || nodeIndex >= len(n.Nodes) {
		return nil, fmt.Errorf("node index %d out of range (the network has %d nodes)", nodeIndex, len(n.Nodes))
	}
	o, err := n.Org(org)
	if err != nil {
		return nil, err
	}
	path := func(p string) string {
		if p != "" && n.Dir != "" && !filepath.IsAbs(p) {
			return filepath.Join(n.Dir, p)
		}
		return p
	}
	cfg := Config{Address: n.Nodes[nodeIndex].GRPC, CertFile: path(o.Client.Cert), KeyFile: path(o.Client.Key)}
	if n.CABundle != "" {
		cfg.CAFile = path(n.CABundle)
	} else {
		for _, mo := range n.Orgs {
			b, err := os.ReadFile(path(mo.CA))
			if err != nil {
				return nil, fmt.Errorf("org %s CA: %w", mo.Name, err)
			}
			cfg.CAPEM = append(cfg.CAPEM, b...)
		}
	}
	c, err := Dial(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("node %d: %w", n.Nodes[nodeIndex].ID, err)
	}
	return c, nil
}

// Close closes the connection; calls in progress fail. A client made by
// NewLocalClient has no connection: Close does nothing.
func (c *Client) Close() error {
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

// Conn returns the underlying gRPC connection, for services other than
// Chain served on the same address.
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

// Submit sends tx to the node's pool and returns its hash once admitted (not
// committed). A refusal is an error whose ReasonOf is the types.Code.
func (c *Client) Submit(ctx context.Context, tx *types.Transaction) (types.Hash, error) {
	r, err := c.SubmitRaw(ctx, types.EncodeTx(tx), false)
	if err != nil {
		return types.Hash{}, err
	}
	return types.ParseHash(r.TxHash)
}

// SubmitAndWait sends tx and returns once it is committed, with its receipt
// and height. A committed transaction whose execution failed is not an
// error: see Receipt.Status and ErrorCode. When ctx ends first, the error
// is DeadlineExceeded or Canceled, and the transaction may still commit.
func (c *Client) SubmitAndWait(ctx context.Context, tx *types.Transaction) (*apipb.SubmitTxResponse, error) {
	return c.SubmitRaw(ctx, types.EncodeTx(tx), true)
}

// SubmitRaw sends an encoded transaction; with wait, it returns once the
// transaction is committed.
func (c *Client) SubmitRaw(ctx context.Context, raw []byte, wait bool) (*apipb.SubmitTxResponse, error) {
	return c.chain.SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: raw, Wait: wait})
}

// GetTx returns a committed transaction with its receipt and place in the
// chain; IsNotFound(err) when it is not committed (yet).
func (c *Client) GetTx(ctx context.Context, h types.Hash) (*apipb.TxResponse, error) {
	return c.chain.GetTx(ctx, &apipb.GetTxRequest{Hash: h.String()})
}

// GetBlock returns the committed block at height.
func (c *Client) GetBlock(ctx context.Context, height uint64) (*apipb.BlockResponse, error) {
	return c.chain.GetBlock(ctx, &apipb.GetBlockRequest{Height: height})
}

// GetBlockByHash returns the committed block whose header hash is h.
func (c *Client) GetBlockByHash(ctx context.Context, h types.Hash) (*apipb.BlockResponse, error) {
	return c.chain.GetBlock(ctx, &apipb.GetBlockRequest{Hash: h.String()})
}

// SubscribeBlocks streams committed blocks from height from on (0: from the
// next block to commit), in order, each exactly once, then new blocks as
// they commit, until ctx ends or the stream fails.
//
// Blocks arrive on the first channel. When the stream ends, after every
// block was received, exactly one error (never nil; ctx's error if ctx
// ended) is sent on the second channel, which is buffered, and then the
// block channel is closed: a reader may select on both channels, or range
// over the blocks and then read the error; a reader that sees the block
// channel closed should read the error channel for the reason. To continue
// after a failure, subscribe again from the height after the last block
// received.
func (c *Client) SubscribeBlocks(ctx context.Context, from uint64) (<-chan *apipb.BlockResponse, <-chan error) {
	// Unbuffered: every block sent was received before the error is sent.
	blocks := make(chan *apipb.BlockResponse)
	errs := make(chan error, 1)
	go func() {
		defer close(blocks)
		err := c.subscribe(ctx, from, blocks)
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		errs <- err
	}()
	return blocks, errs
}

func (c *Client) subscribe(ctx context.Context, from uint64, out chan<- *apipb.BlockResponse) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.chain.SubscribeBlocks(ctx, &apipb.SubscribeBlocksRequest{FromHeight: from})
	if err != nil {
		return err
	}
	for {
		b, err := stream.Recv()
		if err != nil {
			return err
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// GetAccount returns an account by name, or by identity given as 64 hex
// digits.
func (c *Client) GetAccount(ctx context.Context, nameOrHex string) (*types.Account, error) {
	if nameOrHex == "" {
		return nil, errors.New("account name is empty")
	}
	return c.chain.GetAccount(ctx, &apipb.GetAccountRequest{Account: nameOrHex})
}

// GetEvidence returns a deposited evidence record by id.
func (c *Client) GetEvidence(ctx context.Context, id types.Hash) (*types.Evidence, error) {
	return c.chain.GetEvidence(ctx, &apipb.GetEvidenceRequest{Id: id.String()})
}

// Status describes the node: height, consensus view and leader, peers.
func (c *Client) Status(ctx context.Context) (*apipb.StatusResponse, error) {
	return c.chain.Status(ctx, &apipb.StatusRequest{})
}

// Health reports whether the node serves, and its height.
func (c *Client) Health(ctx context.Context) (*apipb.HealthResponse, error) {
	return c.chain.Health(ctx, &apipb.HealthRequest{})
}

// SubmitOK submits tx and waits until it is committed; a refusal before
// ordering and a failed receipt are both a *types.TxError (with the
// response, for a receipt).
func (c *Client) SubmitOK(ctx context.Context, tx *types.Transaction) (*apipb.SubmitTxResponse, error) {
	resp, err := c.SubmitAndWait(ctx, tx)
	if err != nil {
		return nil, err
	}
	if rc := resp.Receipt; rc.GetStatus() != types.ReceiptStatus_SUCCESS {
		return resp, &types.TxError{Code: types.Code(rc.GetErrorCode()), Reason: rc.GetError()}
	}
	return resp, nil
}
