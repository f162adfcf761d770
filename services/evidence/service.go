package evidence

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// Chain is one chain the service deposits on.
type Chain struct {
	// ChainID is the chain's id.
	ChainID string
	// Client reaches a node of the chain.
	Client *sdk.Client
	// Account signs the deposits and the certification transactions; it
	// must exist on the chain, with a balance of at least 1 to certify.
	Account sdk.Account
}

// Options adjust a Service.
type Options struct {
	// Org, when set, is the only organisation whose callers may deposit
	// (a node deposits for its own organisation's callers, with its
	// organisation's account).
	Org string
	// Now is the clock of transaction timestamps (default time.Now).
	Now func() time.Time
	// Validity of deposit transactions (default sdk.DefaultValidity).
	Validity time.Duration
	// CertifyAfter is how long after a deposit the service waits for the
	// next block before submitting a certification transaction (default
	// 100 ms); CertifyTimeout bounds how long Certificate waits for the
	// block after a deposit (default 20 s).
	CertifyAfter, CertifyTimeout time.Duration
	// Logger receives failures of background certification (default: discard).
	Logger *slog.Logger
	// MaxBatch bounds DepositBatch (default 1000).
	MaxBatch int
}

// Service deposits evidence and makes certificates. It is safe for
// concurrent use.
type Service struct {
	chains []Chain
	opts   Options
	// nudged[i] is the highest height a certification transaction was
	// sent for on chain i.
	mu     sync.Mutex
	nudged []uint64
}

// New returns a service over chains (at least one; the first is the
// primary chain, whose transaction hash is the evidence id).
func New(opts Options, chains ...Chain) (*Service, error) {
	if len(chains) == 0 {
		return nil, errors.New("evidence: no chain")
	}
	for i, c := range chains {
		if c.Client == nil || c.Account.Signer == nil || c.ChainID == "" {
			return nil, fmt.Errorf("evidence: chain %d lacks a client, a signing account or a chain id", i)
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Validity <= 0 {
		opts.Validity = sdk.DefaultValidity
	}
	if opts.CertifyAfter <= 0 {
		opts.CertifyAfter = 100 * time.Millisecond
	}
	if opts.CertifyTimeout <= 0 {
		opts.CertifyTimeout = 20 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 1000
	}
	return &Service{chains: slices.Clone(chains), opts: opts, nudged: make([]uint64, len(chains))}, nil
}

// Chains returns the ids of the service's chains, primary first.
func (s *Service) Chains() []string {
	out := make([]string, len(s.chains))
	for i, c := range s.chains {
		out[i] = c.ChainID
	}
	return out
}

// Request is a deposit: a file's digest (hex), its algorithm, metadata
// (owner, file_name, type, business_id... any keys but reserved ones), the
// organisations besides the depositor's that may read it, and an optional
// payload the client encrypted (hex in JSON; stored base64 in the
// metadata, within the chain's metadata size limit).
type Request struct {
	Hash             string            `json:"hash"`
	HashAlgorithm    string            `json:"hash_algorithm"`
	Metadata         map[string]string `json:"metadata,omitempty"`
	Readers          []string          `json:"readers,omitempty"`
	EncryptedPayload Hex               `json:"encrypted_payload,omitempty"`
	// Sealed is a payload sealed to chosen readers that the deposit
	// carries (sdk.Client.NewSealedPayload makes it; DepositSealed seals
	// and deposits in one call). The client seals it: the service and the
	// node see only the envelope. The chain checks it (the envelope is
	// wrapped exactly for the named readers' keys in force) and keeps its
	// envelope's hash in the evidence record, so the certificate of
	// deposit proves it; readers open it by the evidence id (sdk.Client.Open,
	// causeway open). It needs a single chain: an envelope is sealed for one
	// chain's readers and context.
	//
	// In JSON, "sealed" is the causeway.v1.SealedPayload message in the
	// API's encoding (as in a transaction's payload): {"envelope": hex of
	// the canonical envelope, "orgs": [...], "accounts": [hex identities],
	// "groups": [...]}.
	Sealed *types.SealedPayload `json:"sealed,omitempty"`
}

// MarshalJSON writes r, with Sealed in the API's encoding (apijson).
func (r Request) MarshalJSON() ([]byte, error) {
	type plain Request
	w := struct {
		plain
		Sealed json.RawMessage `json:"sealed,omitempty"`
	}{plain: plain(r)}
	if r.Sealed != nil {
		b, err := apijson.Marshal(r.Sealed)
		if err != nil {
			return nil, err
		}
		w.Sealed = b
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads r, refusing unknown members (in the sealed payload
// too).
func (r *Request) UnmarshalJSON(b []byte) error {
	type plain Request
	var w struct {
		*plain
		Sealed json.RawMessage `json:"sealed,omitempty"`
	}
	w.plain = (*plain)(r)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	r.Sealed = nil
	if len(w.Sealed) > 0 && !bytes.Equal(bytes.TrimSpace(w.Sealed), []byte("null")) {
		p := &types.SealedPayload{}
		if err := apijson.Unmarshal(w.Sealed, p); err != nil {
			return fmt.Errorf("sealed: %w", err)
		}
		r.Sealed = p
	}
	return nil
}

// Deposit is a committed deposit: the evidence id (the transaction hash on
// the primary chain), its block, and one Anchor per chain.
type Deposit struct {
	ID      string      `json:"id"`
	TxHash  string      `json:"tx_hash"`
	Height  uint64      `json:"height"`
	ChainID string      `json:"chain_id"`
	Anchors []AnchorRef `json:"anchors"`
	// SealedHash is the hash of the carried sealed payload's envelope (the
	// record's and the certificate's sealed_hash), when the deposit
	// carried one.
	SealedHash Hex `json:"sealed_hash,omitempty"`
}

// AnchorRef places a deposit on one chain.
type AnchorRef struct {
	ChainID string `json:"chain_id"`
	ID      string `json:"id"`
	Height  uint64 `json:"height"`
}

// payload validates r and returns the transaction payload for caller.
func (s *Service) payload(caller pki.Identity, r *Request) (*types.DepositEvidence, error) {
	if s.opts.Org != "" && caller.Org != s.opts.Org {
		return nil, fmt.Errorf("%w: this service deposits for org %s; %s (%s) must use its own org's node or service", ErrForbidden, s.opts.Org, caller.CommonName, caller.Org)
	}
	if caller.Org == "" {
		return nil, fmt.Errorf("%w: the caller's certificate names no organisation", ErrForbidden)
	}
	digest, err := hex.DecodeString(strings.TrimPrefix(r.Hash, "0x"))
	if err != nil || len(digest) == 0 {
		return nil, fmt.Errorf("%w: hash %q is not a hex digest", ErrInvalid, r.Hash)
	}
	alg := r.HashAlgorithm
	if alg == "" {
		alg = "sha256"
	}
	h, err := NewHash(alg)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if len(digest) != h.Size() {
		return nil, fmt.Errorf("%w: a %s digest has %d bytes, got %d", ErrInvalid, alg, h.Size(), len(digest))
	}
	md := map[string]string{}
	for k, v := range r.Metadata {
		if k == "" {
			return nil, fmt.Errorf("%w: empty metadata key", ErrInvalid)
		}
		if strings.HasPrefix(k, ReservedPrefix) {
			return nil, fmt.Errorf("%w: metadata key %q is reserved (keys starting with %q are set by the service)", ErrInvalid, k, ReservedPrefix)
		}
		// The chain refuses these too; refusing here spares a round trip.
		if terr := types.CheckText("metadata key", k, types.MaxMetadataKeyBytes); terr != nil {
			return nil, fmt.Errorf("%w: %s: %s", ErrInvalid, terr.Code, terr.Reason)
		}
		if terr := types.CheckText(fmt.Sprintf("metadata value of %q", k), v, len(v)); terr != nil {
			return nil, fmt.Errorf("%w: %s: %s", ErrInvalid, terr.Code, terr.Reason)
		}
		md[k] = v
	}
	md[KeyOrg] = caller.Org
	if caller.CommonName != "" {
		md[KeyDepositor] = caller.CommonName
	}
	if len(r.Readers) > 0 {
		for _, o := range r.Readers {
			if terr := types.CheckOrgName(o); terr != nil {
				return nil, fmt.Errorf("%w: reader org %q: %s", ErrInvalid, o, terr.Reason)
			}
		}
		rs := slices.Clone(r.Readers)
		slices.Sort(rs)
		md[KeyReaders] = strings.Join(slices.Compact(rs), ",")
	}
	if len(r.EncryptedPayload) > 0 {
		md[KeyEncryptedPayload] = base64.StdEncoding.EncodeToString(r.EncryptedPayload)
	}
	keys := make([]string, 0, len(md))
	for k := range md {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	p := &types.DepositEvidence{Hash: digest, HashAlgorithm: alg, Sealed: r.Sealed}
	if r.Sealed != nil && len(s.chains) > 1 {
		return nil, fmt.Errorf("%w: a sealed payload is sealed for one chain's readers; this service deposits on %d chains", ErrInvalid, len(s.chains))
	}
	for _, k := range keys {
		p.Metadata = append(p.Metadata, &types.Attribute{Key: k, Value: md[k]})
	}
	return p, nil
}

// bodies returns the deposit transaction body for each chain: the same
// payload, timestamp, validity and nonce, with each chain's id and sender.
func (s *Service) bodies(p *types.DepositEvidence) ([]*types.TxBody, error) {
	pb, err := proto.MarshalOptions{Deterministic: true}.Marshal(p)
	if err != nil {
		return nil, err
	}
	var nb [8]byte
	if _, err := rand.Read(nb[:]); err != nil {
		return nil, err
	}
	base := &types.TxBody{
		TimestampMs: s.opts.Now().UnixMilli(), ValidityMs: s.opts.Validity.Milliseconds(),
		Type: types.TxType_DEPOSIT_EVIDENCE, Payload: pb, Nonce: binary.BigEndian.Uint64(nb[:]) | 1,
	}
	out := make([]*types.TxBody, len(s.chains))
	for i := range s.chains {
		out[i] = s.bodyOn(i, base)
	}
	return out, nil
}

// bodyOn returns body moved to chain i: its chain id and its account.
func (s *Service) bodyOn(i int, body *types.TxBody) *types.TxBody {
	b := proto.Clone(body).(*types.TxBody)
	c := s.chains[i]
	id := c.Account.ID()
	b.ChainId, b.Sender = c.ChainID, id[:]
	return b
}

// Deposit deposits r for caller on every chain and returns once every
// deposit is committed. A deposit the chain refused (a FAILED receipt) is
// an error naming the chain and the reason.
func (s *Service) Deposit(ctx context.Context, caller pki.Identity, r Request) (*Deposit, error) {
	out, err := s.DepositBatch(ctx, caller, []Request{r})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// DepositBatch deposits every request (at most Options.MaxBatch) for
// caller, concurrently, and returns once all are committed, in request
// order. Requests are all validated before any is submitted.
func (s *Service) DepositBatch(ctx context.Context, caller pki.Identity, rs []Request) ([]*Deposit, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("%w: no deposit in the batch", ErrInvalid)
	}
	if len(rs) > s.opts.MaxBatch {
		return nil, fmt.Errorf("%w: %d deposits in one batch, at most %d", ErrInvalid, len(rs), s.opts.MaxBatch)
	}
	txs := make([][]*types.Transaction, len(rs)) // [request][chain]
	for i := range rs {
		p, err := s.payload(caller, &rs[i])
		if err != nil {
			if len(rs) > 1 {
				return nil, fmt.Errorf("deposit %d: %w", i, err)
			}
			return nil, err
		}
		bodies, err := s.bodies(p)
		if err != nil {
			return nil, err
		}
		for c, b := range bodies {
			tx, err := s.chains[c].Account.Suite.NewTx(b, s.chains[c].Account.Signer)
			if err != nil {
				return nil, err
			}
			txs[i] = append(txs[i], tx)
		}
	}
	out := make([]*Deposit, len(rs))
	heights := make([]uint64, len(s.chains))
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	sem := make(chan struct{}, 256)
	for i := range rs {
		out[i] = &Deposit{Anchors: make([]AnchorRef, len(s.chains))}
		for c := range s.chains {
			wg.Add(1)
			sem <- struct{}{}
			go func(i, c int) {
				defer wg.Done()
				defer func() { <-sem }()
				tx := txs[i][c]
				ch := s.chains[c]
				resp, err := ch.Client.SubmitAndWait(ctx, tx)
				if err == nil && resp.GetReceipt().GetStatus() != types.ReceiptStatus_SUCCESS {
					kind := ErrInvalid
					if resp.GetReceipt().GetErrorCode() == string(types.CodeUnknownOrg) {
						kind = ErrUnknownOrg
					}
					err = fmt.Errorf("%w: chain %s refused the deposit: %w", kind, ch.ChainID,
						&types.TxError{Code: types.Code(resp.GetReceipt().GetErrorCode()), Reason: resp.GetReceipt().GetError()})
				}
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					if first == nil {
						first = fmt.Errorf("chain %s: %w", ch.ChainID, err)
						if len(rs) > 1 {
							first = fmt.Errorf("deposit %d: %w", i, first)
						}
					}
					return
				}
				h := ch.Account.Suite.TxHash(tx)
				out[i].Anchors[c] = AnchorRef{ChainID: ch.ChainID, ID: h.String(), Height: resp.Height}
				heights[c] = max(heights[c], resp.Height)
			}(i, c)
		}
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	for i, d := range out {
		a := d.Anchors[0]
		d.ID, d.TxHash, d.Height, d.ChainID = a.ID, a.ID, a.Height, a.ChainID
		if rs[i].Sealed != nil {
			h := s.chains[0].Account.Suite.Sum(rs[i].Sealed.Envelope)
			d.SealedHash = h[:]
		}
	}
	// Make sure the blocks after the deposits come, for their certificates.
	for c, h := range heights {
		s.certifyLater(ctx, c, h)
	}
	return out, nil
}

// DepositSealed deposits r carrying plaintext sealed to readers, for
// caller: it resolves the readers' encryption keys in force on the chain
// (through state proofs checked against the genesis when o.Verifier is
// set, as causeway seal does), seals plaintext here under the chain's
// context (the node receives only the envelope), and deposits with the
// envelope in r.Sealed. If the chain refuses the envelope because a
// reader's key or a group changed in between (reader_mismatch), it seals
// and deposits again, once. It needs a single chain (ErrInvalid
// otherwise) and replaces r.Sealed. The deposit's id is also the sealed
// payload's id, which its readers open (sdk.Client.Open).
func (s *Service) DepositSealed(ctx context.Context, caller pki.Identity, r Request, plaintext []byte, readers sdk.Readers, o sdk.SealOptions) (*Deposit, error) {
	if len(s.chains) > 1 {
		return nil, fmt.Errorf("%w: a sealed payload is sealed for one chain's readers; this service deposits on %d chains", ErrInvalid, len(s.chains))
	}
	check := r
	check.Sealed = nil
	if _, err := s.payload(caller, &check); err != nil { // refuse a bad request before sealing
		return nil, err
	}
	ch := s.chains[0]
	opt := sdk.TxOptions{ChainID: ch.ChainID, Now: s.opts.Now, Validity: s.opts.Validity}
	for attempt := 0; ; attempt++ {
		spec, err := ch.Client.NewSealedPayload(ctx, ch.Account, opt, plaintext, readers, o)
		if err != nil {
			if types.CodeOf(err) != "" {
				return nil, fmt.Errorf("%w: sealed payload: %w", ErrInvalid, err)
			}
			return nil, err
		}
		r.Sealed = spec
		d, err := s.Deposit(ctx, caller, r)
		if attempt == 0 && types.CodeOf(err) == types.CodeReaderMismatch {
			continue
		}
		return d, err
	}
}

// certifyLater submits, in the background after Options.CertifyAfter, a
// certification transaction on chain c if its head is still at height h:
// the proofs of block h need block h+1. The context keeps ctx's values (the
// caller's identity for an in-process client) but not its cancellation.
func (s *Service) certifyLater(ctx context.Context, c int, h uint64) {
	s.mu.Lock()
	if s.nudged[c] >= h {
		s.mu.Unlock()
		return
	}
	s.nudged[c] = h
	s.mu.Unlock()
	ctx = context.WithoutCancel(ctx)
	time.AfterFunc(s.opts.CertifyAfter, func() {
		if err := s.nudge(ctx, c, h); err != nil {
			s.opts.Logger.Warn("evidence: certification transaction", "chain", s.chains[c].ChainID, "height", h, "err", err)
		}
	})
}

// nudge submits a certification transaction on chain c unless a block
// above h is already committed.
func (s *Service) nudge(ctx context.Context, c int, h uint64) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ch := s.chains[c]
	st, err := ch.Client.Health(ctx)
	if err != nil {
		return err
	}
	if st.Height > h {
		return nil
	}
	tx, err := ch.Account.TransferTx(sdk.TxOptions{ChainID: ch.ChainID, Now: s.opts.Now, Validity: s.opts.Validity}, ch.Account.ID(), 1)
	if err != nil {
		return err
	}
	_, err = ch.Client.Submit(ctx, tx)
	return err
}

// Get returns the evidence record id of the primary chain, if caller may
// read it (CanRead).
func (s *Service) Get(ctx context.Context, caller pki.Identity, id types.Hash) (*types.Evidence, error) {
	ev, err := s.chains[0].Client.GetEvidence(ctx, id)
	if err != nil {
		if sdk.IsNotFound(err) {
			return nil, fmt.Errorf("%w: %s on chain %s", ErrNotFound, id, s.chains[0].ChainID)
		}
		return nil, err
	}
	if err := CanRead(caller, ev); err != nil {
		return nil, err
	}
	return ev, nil
}

// Certificate returns the certificate of deposit of evidence id (of the
// primary chain) with the proofs of every chain, if caller may read it.
// The evidence may have been deposited by another service (another
// organisation's) over the same chains: its deposits on the other chains
// are then found from the same account name on each (as a consortium's
// org accounts are named after their org). It
// waits (up to Options.CertifyTimeout) for the block after the deposit on
// each chain, submitting a certification transaction when the chain is idle.
func (s *Service) Certificate(ctx context.Context, caller pki.Identity, id types.Hash) (*Certificate, error) {
	ev, err := s.Get(ctx, caller, id)
	if err != nil {
		return nil, err
	}
	txr, err := s.chains[0].Client.GetTx(ctx, id)
	if err != nil {
		return nil, err
	}
	cert := &Certificate{Format: CertificateFormat, IssuedAt: s.opts.Now().UTC().Format(time.RFC3339)}
	cert.Evidence = recordOf(ev, s.chains[0].ChainID)
	for c, ch := range s.chains {
		h := id
		if c > 0 {
			b := s.bodyOn(c, txr.Body)
			if primary := s.chains[0].Account.ID(); !bytes.Equal(txr.Body.Sender, primary[:]) {
				// Deposited by another account (another org's service): its
				// deposit on chain c is from its account of the same name.
				b.Sender = txr.Body.Sender
			}
			h = ch.Account.Suite.TxHash(&types.Transaction{Body: mustMarshal(b)})
		}
		a, err := s.anchor(ctx, c, h)
		if err != nil {
			return nil, fmt.Errorf("chain %s: %w", ch.ChainID, err)
		}
		cert.Anchors = append(cert.Anchors, a)
	}
	return cert, nil
}

// anchor builds the anchor of deposit h on chain c.
func (s *Service) anchor(ctx context.Context, c int, h types.Hash) (*Anchor, error) {
	ch := s.chains[c]
	wctx, cancel := context.WithTimeout(ctx, s.opts.CertifyTimeout)
	defer cancel()
	var p *proofpb.TxProof
	for attempt := 0; ; attempt++ {
		var err error
		p, err = ch.Client.GetTxProof(wctx, h)
		if err == nil {
			break
		}
		switch {
		case sdk.IsNotFound(err):
			return nil, fmt.Errorf("%w: deposit %s is not on chain %s", ErrNotFound, h, ch.ChainID)
		case !sdk.IsNotCertified(err):
			return nil, err
		}
		if attempt == 0 {
			if tx, herr := ch.Client.GetTx(wctx, h); herr == nil {
				s.certifyLater(ctx, c, tx.Height)
			}
		}
		select {
		case <-wctx.Done():
			return nil, fmt.Errorf("%w: no block after deposit %s on chain %s within %s", ErrNotCertified, h, ch.ChainID, s.opts.CertifyTimeout)
		case <-time.After(min(20*time.Millisecond<<min(attempt, 4), 250*time.Millisecond)):
		}
	}
	if p.GetReceipt().GetStatus() != types.ReceiptStatus_SUCCESS {
		return nil, fmt.Errorf("%w: the deposit transaction %s failed on chain %s: %s", ErrNotFound, h, ch.ChainID, p.GetReceipt().GetError())
	}
	sp, err := ch.Client.GetStateProof(ctx, state.EvidenceKey(h), p.Header.Height)
	if err != nil {
		return nil, err
	}
	bh := ch.Account.Suite.HeaderHash(p.Header)
	return &Anchor{
		ChainID: ch.ChainID, GenesisHash: hex.EncodeToString(p.GetConfigChain().GetGenesisHash()),
		EvidenceID: h.String(), Height: p.Header.Height, TimeMs: p.Header.TimeMs, BlockHash: bh.String(),
		Record: sp.Value, RecordProof: sp.Proof, TxProof: p,
	}, nil
}

func mustMarshal(m proto.Message) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}
