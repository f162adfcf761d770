package sdk

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// Readers names who may read a sealed payload: member orgs (read with their
// org encryption key, which an org admin holds), accounts (by name, or
// identity as 64 hex digits; read with the account's encryption key) and
// reader groups of the chain configuration (each stands for its orgs).
type Readers struct {
	Orgs     []string
	Accounts []string
	Groups   []string
}

// SealOptions adjust Seal.
type SealOptions struct {
	// Class is the envelope's public class, such as "ride-record" (at
	// most 64 printable ASCII characters); empty for none.
	Class string
	// Verifier, when set, makes Seal read the readers' keys through state
	// proofs checked against the genesis it trusts (ResolveReadersProven),
	// so that the node answering cannot substitute a key of its own and
	// read what is sealed. When the latest block changed the configuration
	// or a reader account (created it, set its encryption key), which is
	// not provable until the next block, Seal first sends the account a
	// transfer of 1 to itself, which makes that next block. Without a
	// Verifier, Seal trusts the node's answers (ResolveReaders).
	Verifier *verify.Verifier
}

// SealResult is a committed sealed payload.
type SealResult struct {
	// ID is the payload's id: the hash of the transaction that carried it.
	ID types.Hash
	// Height is the block that stored it.
	Height uint64
	// Record is the stored record: readers, key ids, envelope hash.
	Record *types.SealedRecord
	// EnvelopeSize is the size of the submitted envelope, bytes.
	EnvelopeSize int
}

// ResolveReaders resolves r against the chain as it stands (the
// configuration in force and the accounts' encryption keys) with the rules
// the chain applies (sealing.Resolve): the spec a transaction carries, and
// the readers with their keys in force, in envelope order. A refusal is a
// *types.TxError (ReasonOf: unknown_reader, invalid_payload, ...).
func (c *Client) ResolveReaders(ctx context.Context, suite types.Suite, r Readers) (*types.SealedPayload, []sealing.Reader, error) {
	spec, readers, _, err := c.resolveReaders(ctx, suite, r)
	return spec, readers, err
}

// resolveReaders is ResolveReaders, also returning the configuration.
func (c *Client) resolveReaders(ctx context.Context, suite types.Suite, r Readers) (*types.SealedPayload, []sealing.Reader, *types.ChainConfig, error) {
	cfg, err := c.ChainConfig(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	spec := &types.SealedPayload{Orgs: r.Orgs, Groups: r.Groups}
	for _, a := range r.Accounts {
		spec.Accounts = append(spec.Accounts, accountRef(suite, a).Bytes())
	}
	lookup := func(id types.Hash) (*types.Account, error) {
		a, err := c.GetAccount(ctx, id.String())
		if IsNotFound(err) {
			return nil, nil
		}
		return a, err
	}
	readers, terr, err := sealing.Resolve(suite, cfg, spec, lookup)
	if err != nil {
		return nil, nil, nil, err
	}
	if terr != nil {
		return nil, nil, nil, terr
	}
	return spec, readers, cfg, nil
}

// ResolveReadersProven is ResolveReaders with the configuration and the
// reader accounts read through state proofs that v checks against the
// genesis it trusts, all in the state after one certified block (the
// latest the node can prove). A node that substitutes a key, or answers
// with another chain's state, fails the proof (a *verify.Error) instead of
// receiving data sealed to its own key.
func (c *Client) ResolveReadersProven(ctx context.Context, v *verify.Verifier, r Readers) (*types.SealedPayload, []sealing.Reader, error) {
	p, err := c.resolveProven(ctx, v, r)
	if err != nil {
		return nil, nil, err
	}
	return p.spec, p.readers, nil
}

// provenReaders is what resolveProven read and resolved.
type provenReaders struct {
	spec    *types.SealedPayload
	readers []sealing.Reader
	// cfg is the proven configuration; accounts the proven reader accounts.
	cfg      *types.ChainConfig
	accounts map[types.Hash]*types.Account
}

// resolveProven is ResolveReadersProven, also returning the proven
// configuration and reader accounts.
func (c *Client) resolveProven(ctx context.Context, v *verify.Verifier, r Readers) (*provenReaders, error) {
	suite := v.Genesis().Suite()
	sp, err := c.GetStateProof(ctx, state.ConfigKey(), LatestHeight)
	if err != nil {
		return nil, err
	}
	st, err := v.State(sp)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(st.Key, state.ConfigKey()) || !st.Present {
		return nil, fmt.Errorf("the node proved key %x, not the chain configuration", st.Key)
	}
	cfg, err := state.DecodeConfig(st.Value)
	if err != nil {
		return nil, err
	}
	proven := map[types.Hash]*types.Account{}
	spec := &types.SealedPayload{Orgs: r.Orgs, Groups: r.Groups}
	for _, a := range r.Accounts {
		spec.Accounts = append(spec.Accounts, accountRef(suite, a).Bytes())
	}
	lookup := func(id types.Hash) (*types.Account, error) {
		key := state.AccountKey(id)
		p, err := c.GetStateProof(ctx, key, st.Height)
		if err != nil {
			return nil, err
		}
		as, err := v.State(p)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(as.Key, key) || as.Height != st.Height {
			return nil, fmt.Errorf("the node proved key %x at height %d, not account %s at %d", as.Key, as.Height, id, st.Height)
		}
		if !as.Present {
			return nil, nil
		}
		a, err := state.DecodeAccount(as.Value)
		if err == nil {
			proven[id] = a
		}
		return a, err
	}
	readers, terr, err := sealing.Resolve(suite, cfg, spec, lookup)
	if err != nil {
		return nil, err
	}
	if terr != nil {
		return nil, terr
	}
	return &provenReaders{spec: spec, readers: readers, cfg: cfg, accounts: proven}, nil
}

// resolveFresh is ResolveReadersProven on a state at least as recent as
// the configuration and the reader accounts the node reports. A proof
// covers the state after the block before the head; when the head block
// changed the configuration (an org's key rotated, a group changed) or a
// reader account's encryption key (SET_ENCRYPTION_KEY), sealing with the
// proven, older keys would put an envelope for a replaced key into a block
// (the chain refuses the transaction, but a refused transaction is recorded
// with its envelope); when it created a reader account or set the key of a
// named reader, the proven state refuses the readers. Then resolveFresh
// first sends a transfer of 1 to a itself (failed or not, it makes a
// block), so that the change becomes provable, and resolves again. It
// also returns the proven configuration.
func (c *Client) resolveFresh(ctx context.Context, a Account, opt TxOptions, v *verify.Verifier, r Readers) (*types.SealedPayload, []sealing.Reader, *types.ChainConfig, error) {
	for nudged := false; ; nudged = true {
		p, err := c.resolveProven(ctx, v, r)
		if err != nil {
			if nudged || types.CodeOf(err) == "" {
				return nil, nil, nil, err
			}
			// Refused on the proven state (a reader without a key, an
			// unknown account or group): when the node's latest state
			// accepts the readers, the head block made them (an account
			// created, a key or group set): make the next block and resolve
			// again. Otherwise the refusal stands.
			if _, _, lerr := c.ResolveReaders(ctx, v.Genesis().Suite(), r); lerr != nil {
				return nil, nil, nil, err
			}
			if err := c.makeBlock(ctx, a, opt); err != nil {
				return nil, nil, nil, err
			}
			continue
		}
		latest, err := c.ChainConfig(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		stale := ""
		if latest.Version > p.cfg.Version {
			stale = fmt.Sprintf("configuration version %d in force but proves only version %d", latest.Version, p.cfg.Version)
		}
		for id, pa := range p.accounts {
			la, err := c.GetAccount(ctx, id.String())
			if err != nil {
				return nil, nil, nil, err
			}
			if stale == "" && !bytes.Equal(la.EncryptionKey, pa.EncryptionKey) {
				stale = fmt.Sprintf("a newer encryption key of account %s than it proves", id)
			}
		}
		if stale == "" {
			return p.spec, p.readers, p.cfg, nil
		}
		if nudged {
			return nil, nil, nil, fmt.Errorf("the node reports %s: retry once a block has been committed", stale)
		}
		if err := c.makeBlock(ctx, a, opt); err != nil {
			return nil, nil, nil, err
		}
	}
}

// makeBlock sends a transfer of 1 from a to itself and waits for its block
// (failed or not, it makes one), so that the head block's state becomes
// provable.
func (c *Client) makeBlock(ctx context.Context, a Account, opt TxOptions) error {
	tx, err := a.TransferTx(opt, a.ID(), 1)
	if err != nil {
		return err
	}
	_, err = c.SubmitAndWait(ctx, tx)
	return err
}

// accountRef is how clients name an account: 64 hex digits are an
// identity, anything else a name (as api.AccountRef).
func accountRef(suite types.Suite, s string) types.Hash {
	if len(s) == 2*types.HashSize {
		if b, err := hex.DecodeString(s); err == nil {
			id, _ := types.HashOf(b)
			return id
		}
	}
	return suite.AccountID(s)
}

// SealPayload seals plaintext for readers (from ResolveReaders) under chain
// chainID's context, and returns the envelope's canonical bytes. It draws
// a fresh data key and nonces: two calls never give the same bytes.
func SealPayload(suite types.Suite, chainID string, plaintext []byte, readers []sealing.Reader, class string) ([]byte, error) {
	rs := make([]seal.Recipient, len(readers))
	for i, r := range readers {
		rs[i] = r.Recipient()
	}
	opts := []seal.Option{seal.WithContext(sealing.Context(chainID)), seal.WithMaxPayload(types.MaxMaxTxBytes)}
	if class != "" {
		opts = append(opts, seal.WithClass(class))
	}
	env, err := seal.Seal(sealing.SuiteOf(suite), plaintext, rs, opts...)
	if err != nil {
		return nil, err
	}
	return seal.Marshal(env)
}

// SealTx builds a STORE_SEALED transaction from a carrying p.
func (a Account) SealTx(opt TxOptions, p *types.SealedPayload) (*types.Transaction, error) {
	return a.BuildTx(opt, types.TxType_STORE_SEALED, p)
}

// Seal stores plaintext on the chain encrypted to r, sent by a, and returns
// once it is committed. The caller handles no cryptography: Seal resolves r
// against the chain's current keys (adding the auditor's when the chain's
// auditor audits o.Class), seals locally (the node receives only the
// envelope) and submits. If the chain refuses the envelope because a
// reader's key or a group changed in between (reader_mismatch), Seal
// resolves and seals again, once. A refusal is a *types.TxError.
func (c *Client) Seal(ctx context.Context, a Account, opt TxOptions, plaintext []byte, r Readers, o SealOptions) (*SealResult, error) {
	for attempt := 0; ; attempt++ {
		res, err := c.sealOnce(ctx, a, opt, plaintext, r, o)
		if attempt == 0 && ReasonOf(err) == types.CodeReaderMismatch {
			continue
		}
		return res, err
	}
}

// NewSealedPayload resolves r against the chain's current keys as Seal
// does (through proofs when o.Verifier is set, first making a block when
// the head changed a reader's key) and seals plaintext for them here,
// returning the payload a transaction carries: on an evidence deposit
// (DepositEvidence.sealed, evidence.Request.Sealed), a contract call or
// STORE_SEALED. a is the account that will send it (it sends the block-
// making transfer, if one is needed). Nothing else is submitted; if the
// chain then refuses the envelope because a key changed meanwhile
// (reader_mismatch), make a new one.
func (c *Client) NewSealedPayload(ctx context.Context, a Account, opt TxOptions, plaintext []byte, r Readers, o SealOptions) (*types.SealedPayload, error) {
	var (
		spec    *types.SealedPayload
		readers []sealing.Reader
		cfg     *types.ChainConfig
		err     error
	)
	if o.Verifier != nil {
		spec, readers, cfg, err = c.resolveFresh(ctx, a, opt, o.Verifier, r)
	} else {
		spec, readers, cfg, err = c.resolveReaders(ctx, a.Suite, r)
	}
	if err != nil {
		return nil, err
	}
	// A class the auditor audits is sealed to its key too (from the same,
	// proven when Verifier is set, configuration as the readers' keys).
	readers, terr, err := sealing.WithAuditor(cfg, o.Class, readers)
	if err != nil {
		return nil, err
	}
	if terr != nil {
		return nil, terr
	}
	spec.Envelope, err = SealPayload(a.Suite, opt.ChainID, plaintext, readers, o.Class)
	if err != nil {
		return nil, err
	}
	return spec, nil
}

func (c *Client) sealOnce(ctx context.Context, a Account, opt TxOptions, plaintext []byte, r Readers, o SealOptions) (*SealResult, error) {
	spec, err := c.NewSealedPayload(ctx, a, opt, plaintext, r, o)
	if err != nil {
		return nil, err
	}
	tx, err := a.SealTx(opt, spec)
	if err != nil {
		return nil, err
	}
	resp, err := c.SubmitOK(ctx, tx)
	if err != nil {
		return nil, err
	}
	id := a.Suite.TxHash(tx)
	got, err := c.GetSealed(ctx, id)
	if err != nil {
		return nil, err
	}
	return &SealResult{ID: id, Height: resp.Height, Record: got.Record, EnvelopeSize: len(spec.Envelope)}, nil
}

// SetEncryptionKeyTx builds the rotation of a's encryption key to pub (the
// public key of an encryption key of the chain's suite:
// seal.EncryptionKey.PublicKey), a SET_ENCRYPTION_KEY signed by signers,
// which must carry weight 100 of a's auth map (a.Signer when none are
// given). The chain puts the new key in force from the block after the one
// that executes the transaction; the replaced key keeps opening what was
// sealed to it, and neither it nor any key the account listed may be set
// again (duplicate).
func (a Account) SetEncryptionKeyTx(opt TxOptions, pub []byte, signers ...types.Signer) (*types.Transaction, error) {
	return a.build(opt, types.TxType_SET_ENCRYPTION_KEY, &types.SetEncryptionKey{PublicKey: pub}, signers)
}

// SetEncryptionKey rotates a's encryption key to key's public key
// (SetEncryptionKeyTx) and returns once the transaction is committed; a
// refusal (invalid_payload, duplicate, unauthorized...) is a
// *types.TxError. Keep the replaced key's file: it still opens the data
// sealed to it before the rotation.
func (c *Client) SetEncryptionKey(ctx context.Context, a Account, opt TxOptions, key *seal.EncryptionKey, signers ...types.Signer) (*apipb.SubmitTxResponse, error) {
	if key == nil {
		return nil, errors.New("no encryption key")
	}
	tx, err := a.SetEncryptionKeyTx(opt, key.PublicKey(), signers...)
	if err != nil {
		return nil, err
	}
	return c.SubmitOK(ctx, tx)
}

// GetSealed returns a stored sealed payload: its record (who can read it)
// and its envelope (ciphertext).
func (c *Client) GetSealed(ctx context.Context, id types.Hash) (*apipb.SealedResponse, error) {
	return c.chain.GetSealed(ctx, &apipb.GetSealedRequest{Id: id.String()})
}

// ErrNotAReader is what Open returns (errors.Is) for a key that no reader
// of the payload holds; errors.Is(err, seal.ErrNotARecipient) holds too.
var ErrNotAReader = errors.New("not a reader")

// notAReader is Open's error for a key that reads nothing of the payload.
type notAReader struct{ msg string }

func (e *notAReader) Error() string { return e.msg }

// Is makes errors.Is hold for ErrNotAReader and seal.ErrNotARecipient.
func (e *notAReader) Is(target error) bool {
	return target == ErrNotAReader || target == seal.ErrNotARecipient
}

// Open reads sealed payload id with a reader's encryption key: an org's key
// (an org admin's), an account's, or a key a rotation replaced, for data
// sealed while it was in force. It checks the envelope against the record's
// hash and opens it under this chain's context. A key that is not a reader
// gives ErrNotAReader; an envelope that fails authentication (altered, or
// sealed for another chain) an error wrapping seal.ErrTampered.
func (c *Client) Open(ctx context.Context, id types.Hash, key *seal.EncryptionKey) ([]byte, *types.SealedRecord, error) {
	if key == nil {
		return nil, nil, errors.New("no encryption key")
	}
	st, err := c.Status(ctx)
	if err != nil {
		return nil, nil, err
	}
	got, err := c.GetSealed(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	rec := got.GetRecord()
	suite, err := types.SuiteNamed(rec.GetSuite())
	if err != nil {
		return nil, nil, err
	}
	if h := suite.Sum(got.Envelope); h.String() != hex.EncodeToString(rec.GetEnvelopeHash()) {
		return nil, nil, fmt.Errorf("sealed payload %s: the envelope the node returned does not match its record's hash", id)
	}
	env, err := seal.Unmarshal(got.Envelope, types.MaxMaxTxBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("sealed payload %s: %w", id, err)
	}
	plain, err := seal.Open(env, key, sealing.Context(st.ChainId))
	if errors.Is(err, seal.ErrNotARecipient) {
		return nil, rec, &notAReader{fmt.Sprintf("not a reader: key %s opens nothing of sealed data %s, whose readers' keys are %s (causeway readers %s names them)", key.ID(), id, keyIDs(rec), id)}
	}
	if err != nil {
		return nil, rec, fmt.Errorf("sealed payload %s: %w", id, err)
	}
	return plain, rec, nil
}

func keyIDs(rec *types.SealedRecord) string {
	s := ""
	for i, r := range rec.GetReaders() {
		if i > 0 {
			s += ", "
		}
		s += hex.EncodeToString(r.GetKeyId())
	}
	return s
}

// LoadEncryptionKey reads an encryption key file (PEM "CAUSEWAY ENCRYPTION
// KEY", crypto/seal).
func LoadEncryptionKey(path string) (*seal.EncryptionKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := seal.ParseEncryptionKeyPEM(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// SaveEncryptionKey writes k to path (PEM, mode 0600), refusing to
// overwrite an existing file.
func SaveEncryptionKey(path string, k *seal.EncryptionKey) error {
	b, err := k.MarshalPEM()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// SetOrgEncryptionKeyByVote puts pub in force as org's encryption key by
// governance (set_org_encryption_key): org's admin (one of admins, named
// "<org>.admin") proposes it, as only the org itself may, and the other
// admins vote in turn until it executes (Govern). For local consortia whose
// admin keys one operator holds; members of a real consortium use `causeway
// gov propose set-encryption-key` and `causeway gov vote`.
func (c *Client) SetOrgEncryptionKeyByVote(ctx context.Context, opt TxOptions, admins []Account, org string, pub []byte) (*types.ProposalRecord, error) {
	var voters []Account
	for _, a := range admins {
		if a.Name == types.AdminAccountName(org) {
			voters = append([]Account{a}, voters...)
		} else {
			voters = append(voters, a)
		}
	}
	if len(voters) == 0 || voters[0].Name != types.AdminAccountName(org) {
		return nil, fmt.Errorf("no admin account of org %q among the voters", org)
	}
	return c.Govern(ctx, opt, voters, &types.Proposal{Action: &types.Proposal_SetOrgEncryptionKey{SetOrgEncryptionKey: &types.SetOrgEncryptionKey{Org: org, PublicKey: pub}}}, "the encryption key of "+org)
}
