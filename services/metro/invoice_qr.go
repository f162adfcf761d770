package metro

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/merkle"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/metro"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// The invoice QR code.
//
// A full proof of the issuing transaction (verify.TxProof: the
// transaction with its sealed envelope, both block headers, the commit
// signatures, the configuration in force and the configuration chain from
// the genesis, whose configurations carry every node's and org's
// certificates) takes tens of kilobytes: far beyond a QR code's 2,953
// bytes. The QR code carries instead a compact proof that a verifier
// holding only the genesis checks offline:
//
//   - the invoice content, whole (its salted digest is on chain);
//   - the issuing transaction's receipt, which holds the contract's
//     InvoiceIssued event (number, ride, issuer, amount, digest);
//   - the receipt's Merkle path under the receipt root of the next block;
//   - that block's header and its commit signatures.
//
// The verifier checks the signatures against the genesis's node set: a
// quorum of the genesis's nodes, by the keys the genesis gives them, must
// have signed, and every signature by a genesis node must verify. This
// trusts the genesis's node set instead of following the configuration
// chain: it is sound while a quorum of the genesis's nodes, with their
// genesis keys, is honest, and it fails safe (ErrInvoiceProof) once
// membership or node keys changed enough that fewer than that quorum sign.
// The PDF embeds the full proof as an attachment (InvoiceCertificate),
// which VerifyInvoiceCertificate checks with package verify, configuration
// chain included.
//
// Encoding: protobuf wire format (fields below), deflated, base45 (RFC
// 9285, the QR alphanumeric set) behind the prefix "CWINV1:".

// QRPrefix starts an invoice QR code's content.
const QRPrefix = "CWINV1:"

// Fields of the QR payload (protobuf wire format).
const (
	qrContent     = 1 // bytes: the invoice content, encoded
	qrContract    = 2 // bytes: the contract's 20-byte address
	qrReceipt     = 3 // bytes: the receipt (types.EncodeReceipt)
	qrIndex       = 4 // varint: the receipt's index in its block
	qrTotal       = 5 // varint: receipts in the block
	qrSibling     = 6 // bytes, repeated: the Merkle path, leaf side first
	qrHeader      = 7 // bytes: block h+1's header (deterministic protobuf)
	qrSignature   = 8 // bytes, repeated: its QuorumSignatures
	qrGenesisHash = 9 // bytes: the first 8 bytes of the genesis hash
)

// Errors of invoice QR codes and certificates.
var (
	// ErrInvoiceQR: the QR content is not an invoice QR code, or does not decode.
	ErrInvoiceQR = errors.New("metro: not a valid invoice QR code")
	// ErrWrongChain: the QR code or certificate is of another chain than
	// the genesis given.
	ErrWrongChain = errors.New("metro: invoice of another chain")
	// ErrInvoiceProof: the proof does not hold (signatures, quorum,
	// Merkle path, receipt).
	ErrInvoiceProof = errors.New("metro: the invoice's proof does not hold")
)

// VerifiedInvoice is what a verified QR code or certificate shows.
type VerifiedInvoice struct {
	Content InvoiceContent `json:"content"`
	// Encoded is the content as digested on chain.
	Encoded []byte `json:"-"`
	Digest  string `json:"digest"`
	// Contract is the Metro contract that emitted the invoice (40 hex
	// digits): compare it with the deployment's (VerifyOptions.Contract).
	Contract string `json:"contract"`
	ChainID  string `json:"chain_id"`
	TxHash   string `json:"tx_hash"`
	Height   uint64 `json:"height"`
	// CertifiedAt is the time of block Height+1, whose signatures certify
	// the invoice; Signers are its signing nodes from the genesis.
	CertifiedAt string   `json:"certified_at"`
	Signers     []uint64 `json:"signers"`
	// Full is true for a certificate checked with the configuration chain
	// (VerifyInvoiceCertificate), false for a QR code checked against the
	// genesis's node set.
	Full bool `json:"full"`
}

// VerifyOption adjusts VerifyInvoiceQR and VerifyInvoiceCertificate.
type VerifyOption func(*verifyOpts)

type verifyOpts struct{ contract []byte }

// WithContract requires the invoice to come from the Metro contract at
// addr (20 bytes), the deployment's.
func WithContract(addr []byte) VerifyOption {
	return func(o *verifyOpts) { o.contract = addr }
}

// InvoiceQR builds the QR content of an issued invoice from the proof of
// its issuing transaction (sdk.Client.WaitTxProof; the proof needs the
// block after the invoice's).
func InvoiceQR(encoded []byte, contract []byte, p *proofpb.TxProof) (string, error) {
	if p == nil || p.Receipt == nil || p.ReceiptProof == nil || p.Next == nil || p.Next.Header == nil || p.ConfigChain == nil {
		return "", fmt.Errorf("%w: incomplete transaction proof", ErrBadInput)
	}
	var b []byte
	b = protowire.AppendTag(b, qrContent, protowire.BytesType)
	b = protowire.AppendBytes(b, encoded)
	b = protowire.AppendTag(b, qrContract, protowire.BytesType)
	b = protowire.AppendBytes(b, contract)
	b = protowire.AppendTag(b, qrReceipt, protowire.BytesType)
	b = protowire.AppendBytes(b, types.EncodeReceipt(p.Receipt))
	b = protowire.AppendTag(b, qrIndex, protowire.VarintType)
	b = protowire.AppendVarint(b, p.ReceiptProof.Index)
	b = protowire.AppendTag(b, qrTotal, protowire.VarintType)
	b = protowire.AppendVarint(b, p.ReceiptProof.Total)
	for _, s := range p.ReceiptProof.Siblings {
		b = protowire.AppendTag(b, qrSibling, protowire.BytesType)
		b = protowire.AppendBytes(b, s)
	}
	hdr, err := proto.MarshalOptions{Deterministic: true}.Marshal(p.Next.Header)
	if err != nil {
		return "", err
	}
	b = protowire.AppendTag(b, qrHeader, protowire.BytesType)
	b = protowire.AppendBytes(b, hdr)
	for _, s := range p.Next.Signatures {
		sb, err := proto.MarshalOptions{Deterministic: true}.Marshal(s)
		if err != nil {
			return "", err
		}
		b = protowire.AppendTag(b, qrSignature, protowire.BytesType)
		b = protowire.AppendBytes(b, sb)
	}
	gh := p.ConfigChain.GenesisHash
	if len(gh) < 8 {
		return "", fmt.Errorf("%w: the proof names no genesis", ErrBadInput)
	}
	b = protowire.AppendTag(b, qrGenesisHash, protowire.BytesType)
	b = protowire.AppendBytes(b, gh[:8])
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression)
	w.Write(b)
	w.Close()
	return QRPrefix + Base45Encode(z.Bytes()), nil
}

type qrPayload struct {
	content, contract, receipt []byte
	proof                      merkle.Proof
	header                     *types.BlockHeader
	sigs                       []*types.QuorumSignature
	genesis                    []byte
}

// maxQRPayload bounds the inflated payload (a QR code holds under 3 KB).
const maxQRPayload = 64 << 10

func parseQR(qr string) (*qrPayload, error) {
	bad := func(f string, a ...any) error { return fmt.Errorf("%w: "+f, append([]any{ErrInvoiceQR}, a...)...) }
	qr = strings.TrimSpace(qr)
	if !strings.HasPrefix(qr, QRPrefix) {
		return nil, bad("it does not start with %q", QRPrefix)
	}
	z, err := Base45Decode(qr[len(QRPrefix):])
	if err != nil {
		return nil, bad("%v", err)
	}
	b, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), maxQRPayload+1))
	if err != nil {
		return nil, bad("inflate: %v", err)
	}
	if len(b) > maxQRPayload {
		return nil, bad("payload above %d bytes", maxQRPayload)
	}
	p := &qrPayload{}
	seen := map[protowire.Number]bool{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, bad("field tag: %v", protowire.ParseError(n))
		}
		b = b[n:]
		if seen[num] && num != qrSibling && num != qrSignature {
			return nil, bad("field %d twice", num)
		}
		seen[num] = true
		switch typ {
		case protowire.VarintType:
			v, n := protowire.ConsumeVarint(b)
			if n < 0 {
				return nil, bad("field %d: %v", num, protowire.ParseError(n))
			}
			b = b[n:]
			switch num {
			case qrIndex:
				p.proof.Index = v
			case qrTotal:
				p.proof.Total = v
			default:
				return nil, bad("unknown field %d", num)
			}
		case protowire.BytesType:
			v, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return nil, bad("field %d: %v", num, protowire.ParseError(n))
			}
			b = b[n:]
			switch num {
			case qrContent:
				p.content = v
			case qrContract:
				p.contract = v
			case qrReceipt:
				p.receipt = v
			case qrSibling:
				p.proof.Siblings = append(p.proof.Siblings, v)
			case qrHeader:
				p.header = &types.BlockHeader{}
				if err := proto.Unmarshal(v, p.header); err != nil {
					return nil, bad("header: %v", err)
				}
			case qrSignature:
				s := &types.QuorumSignature{}
				if err := proto.Unmarshal(v, s); err != nil {
					return nil, bad("signature: %v", err)
				}
				p.sigs = append(p.sigs, s)
			case qrGenesisHash:
				p.genesis = v
			default:
				return nil, bad("unknown field %d", num)
			}
		default:
			return nil, bad("field %d of wire type %d", num, typ)
		}
	}
	switch {
	case p.content == nil || len(p.contract) != 20 || p.receipt == nil || p.header == nil || len(p.genesis) != 8:
		return nil, bad("content, contract, receipt, header or genesis missing")
	}
	return p, nil
}

// VerifyInvoiceQR checks an invoice QR code offline against the chain's
// genesis g (see the comment above InvoiceQR's fields for what it trusts)
// and returns the invoice it proves. Errors: ErrInvoiceQR (not a QR code
// of an invoice), ErrWrongChain (another chain's, or g is another
// chain's), ErrInvoiceProof (the signatures, quorum, Merkle path or
// receipt fail), ErrInvoiceContent (the content differs from what the
// chain committed: a changed amount, buyer, number...).
func VerifyInvoiceQR(qr string, g *types.Genesis, opts ...VerifyOption) (*VerifiedInvoice, error) {
	var o verifyOpts
	for _, f := range opts {
		f(&o)
	}
	if g == nil {
		return nil, fmt.Errorf("%w: no genesis", ErrBadInput)
	}
	p, err := parseQR(qr)
	if err != nil {
		return nil, err
	}
	gh := g.Hash()
	if !bytes.Equal(p.genesis, gh[:8]) {
		return nil, fmt.Errorf("%w: the QR code names genesis %x…, the genesis given is %x…", ErrWrongChain, p.genesis, gh[:8])
	}
	hdr := p.header
	if hdr.ChainId != g.ChainID {
		return nil, fmt.Errorf("%w: block of chain %q, the genesis is of chain %q", ErrWrongChain, hdr.ChainId, g.ChainID)
	}
	suite := g.Suite()
	signers, err := genesisQuorum(g, hdr, p.sigs)
	if err != nil {
		return nil, err
	}
	// The receipt is under the certified block's receipt root.
	rc := &types.Receipt{}
	if err := proto.Unmarshal(p.receipt, rc); err != nil {
		return nil, fmt.Errorf("%w: receipt does not decode: %v", ErrInvoiceQR, err)
	}
	if rc.Height+1 != hdr.Height || uint64(rc.Index) != p.proof.Index {
		return nil, fmt.Errorf("%w: receipt of transaction %d of block %d, proven at index %d under block %d", ErrInvoiceProof, rc.Index, rc.Height, p.proof.Index, hdr.Height)
	}
	if err := suite.Merkle().Verify(hdr.ReceiptRoot, p.receipt, p.proof); err != nil {
		return nil, fmt.Errorf("%w: the receipt is not under block %d's receipt root: %v", ErrInvoiceProof, hdr.Height, err)
	}
	v, err := invoiceOf(rc, p.contract, p.content, o)
	if err != nil {
		return nil, err
	}
	v.ChainID = g.ChainID
	v.CertifiedAt = time.UnixMilli(hdr.TimeMs).UTC().Format(time.RFC3339Nano)
	v.Signers = signers
	return v, nil
}

// genesisQuorum checks that the signatures over hdr include a quorum of the
// genesis's node set, every signature by a genesis node valid; it returns
// those signers.
func genesisQuorum(g *types.Genesis, hdr *types.BlockHeader, sigs []*types.QuorumSignature) ([]uint64, error) {
	cfg := g.Config()
	type key struct {
		scheme types.SignatureScheme
		pub    []byte
	}
	keys := map[uint64][]key{}
	for _, n := range cfg.Nodes {
		for _, pemCert := range n.SignCerts() {
			cert, err := pki.ParseCertPEM([]byte(pemCert))
			if err != nil {
				return nil, fmt.Errorf("%w: genesis node %d's certificate: %v", ErrBadInput, n.ID, err)
			}
			scheme, pub, err := crypto.PublicKeyOf(cert.PublicKey)
			if err != nil {
				return nil, fmt.Errorf("%w: genesis node %d's key: %v", ErrBadInput, n.ID, err)
			}
			keys[n.ID] = append(keys[n.ID], key{scheme, pub})
		}
	}
	suite := g.Suite()
	hh := suite.HeaderHash(hdr)
	var signers []uint64
	for i, s := range sigs {
		ks, ok := keys[s.Signer]
		if !ok {
			continue // a node that joined after the genesis: not counted
		}
		if slices.Contains(signers, s.Signer) {
			return nil, fmt.Errorf("%w: node %d signed twice", ErrInvoiceProof, s.Signer)
		}
		msg := suite.CommitMessage(hdr.ChainId, hdr.Height, hh, s.Aux)
		ok = false
		for _, k := range ks {
			if crypto.Verify(k.scheme, k.pub, msg, s.Signature) == nil {
				ok = true
				break
			}
		}
		if !ok {
			return nil, fmt.Errorf("%w: signature %d, of node %d over block %d, does not verify", ErrInvoiceProof, i, s.Signer, hdr.Height)
		}
		signers = append(signers, s.Signer)
	}
	if q := types.Quorum(len(keys)); len(signers) < q {
		return nil, fmt.Errorf("%w: %d of the genesis's %d nodes signed block %d, %d needed (after membership or key changes, check the PDF's full certificate)", ErrInvoiceProof, len(signers), len(keys), hdr.Height, q)
	}
	slices.Sort(signers)
	return signers, nil
}

// invoiceOf checks a successful receipt's InvoiceIssued event from
// contract against the content, and returns the invoice.
func invoiceOf(rc *types.Receipt, contract, encoded []byte, o verifyOpts) (*VerifiedInvoice, error) {
	if rc.Status != types.ReceiptStatus_SUCCESS {
		return nil, fmt.Errorf("%w: the issuing transaction failed: %s", ErrInvoiceProof, rc.Error)
	}
	if o.contract != nil && !bytes.Equal(o.contract, contract) {
		return nil, fmt.Errorf("%w: issued by contract %x, the deployment's is %x", ErrInvoiceContent, contract, o.contract)
	}
	abi := metro.NewMetro()
	var ev *metro.MetroInvoiceIssued
	for _, l := range rc.Logs {
		if !bytes.Equal(l.Address, contract) {
			continue
		}
		if e, err := abi.UnpackInvoiceIssuedEvent(toEthLog(l)); err == nil {
			if ev != nil {
				return nil, fmt.Errorf("%w: two InvoiceIssued events in one receipt", ErrInvoiceProof)
			}
			ev = e
		}
	}
	if ev == nil {
		return nil, fmt.Errorf("%w: the receipt has no InvoiceIssued event of contract %x", ErrInvoiceProof, contract)
	}
	digest := InvoiceDigest(encoded)
	if digest != ev.Digest {
		return nil, fmt.Errorf("%w: the content's digest is %x, the chain committed %x", ErrInvoiceContent, digest, ev.Digest)
	}
	c, err := ParseInvoiceContent(encoded)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvoiceContent, err)
	}
	mismatch := func(field string, a, b any) error {
		return fmt.Errorf("%w: %s: the invoice says %v, the chain %v", ErrInvoiceContent, field, a, b)
	}
	switch {
	case c.Number != Code(ev.Invoice).String():
		return nil, mismatch("number", c.Number, Code(ev.Invoice).String())
	case c.Ride != Hex(ev.Ride):
		return nil, mismatch("ride", c.Ride, Hex(ev.Ride))
	case c.Issuer != Code(ev.Issuer).String():
		return nil, mismatch("issuer", c.Issuer, Code(ev.Issuer).String())
	case c.Amount != ev.Amount:
		return nil, mismatch("amount (fen)", c.Amount, ev.Amount)
	}
	return &VerifiedInvoice{Content: *c, Encoded: encoded, Digest: hex.EncodeToString(digest[:]), Contract: hex.EncodeToString(contract),
		TxHash: hex.EncodeToString(rc.TxHash), Height: rc.Height}, nil
}

// InvoiceCertificateFormat names the full certificate's format.
const InvoiceCertificateFormat = "causeway-metro-invoice-certificate/v1"

// InvoiceCertificate is an invoice with the full proof of its issuing
// transaction (configuration chain included): the PDF embeds it as an
// attachment, and `causeway verify`-style tools check it with
// VerifyInvoiceCertificate.
type InvoiceCertificate struct {
	Format string `json:"format"`
	// Content is the encoded content, exactly as digested on chain.
	Content  string          `json:"content"`
	Contract string          `json:"contract"`
	TxProof  json.RawMessage `json:"tx_proof"` // apijson of proofpb.TxProof
}

// NewInvoiceCertificate builds the certificate of an issued invoice.
func NewInvoiceCertificate(encoded, contract []byte, p *proofpb.TxProof) ([]byte, error) {
	tp, err := apijson.Marshal(p)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(&InvoiceCertificate{Format: InvoiceCertificateFormat, Content: string(encoded), Contract: hex.EncodeToString(contract), TxProof: tp}, "", "  ")
}

// VerifyInvoiceCertificate checks a certificate offline against the
// genesis g with package verify (configuration chain, quorum signatures,
// transaction and receipt inclusion), that the transaction called the
// contract's issueInvoice with the content's number and digest, and the
// content against the event. Errors as VerifyInvoiceQR's.
func VerifyInvoiceCertificate(cert []byte, g *types.Genesis, opts ...VerifyOption) (*VerifiedInvoice, error) {
	var o verifyOpts
	for _, f := range opts {
		f(&o)
	}
	var c InvoiceCertificate
	if err := json.Unmarshal(cert, &c); err != nil || c.Format != InvoiceCertificateFormat {
		return nil, fmt.Errorf("%w: not an invoice certificate (%v)", ErrInvoiceQR, err)
	}
	contract, err := hex.DecodeString(c.Contract)
	if err != nil || len(contract) != 20 {
		return nil, fmt.Errorf("%w: contract address %q", ErrInvoiceQR, c.Contract)
	}
	p := &proofpb.TxProof{}
	if err := apijson.Unmarshal(c.TxProof, p); err != nil {
		return nil, fmt.Errorf("%w: tx_proof: %v", ErrInvoiceQR, err)
	}
	v, err := verify.New(g)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadInput, err)
	}
	tx, err := v.Tx(p)
	if err != nil {
		if errors.Is(err, verify.ErrGenesis) {
			return nil, fmt.Errorf("%w: %w", ErrWrongChain, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrInvoiceProof, err)
	}
	var call types.CallContract
	if tx.Body.Type != types.TxType_CALL_CONTRACT || proto.Unmarshal(tx.Body.Payload, &call) != nil || !bytes.Equal(call.To, contract) || !bytes.HasPrefix(call.Input, issueSelector) {
		return nil, fmt.Errorf("%w: the transaction is not an issueInvoice call of contract %x", ErrInvoiceProof, contract)
	}
	out, err := invoiceOf(tx.Receipt, contract, []byte(c.Content), o)
	if err != nil {
		return nil, err
	}
	out.ChainID = g.ChainID
	out.CertifiedAt = time.UnixMilli(tx.Certified.Header.TimeMs).UTC().Format(time.RFC3339Nano)
	out.Signers = tx.Certified.Signers
	out.Full = true
	return out, nil
}

// InvoiceProof waits for the proof of an issued invoice's transaction
// and returns its QR content and full certificate. The proof needs the
// block after the invoice's: if it does not come within a few seconds (an
// idle chain), nudge, when set, sends a transfer of 1 to itself to make
// one.
func InvoiceProof(ctx context.Context, cl *sdk.Client, inv *IssuedInvoice, contract []byte, nudge *sdk.Account, opt sdk.TxOptions) (qr string, cert []byte, err error) {
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	p, err := cl.WaitTxProof(wctx, inv.TxHash)
	cancel()
	if err != nil && nudge != nil && ctx.Err() == nil {
		tx, terr := nudge.TransferTx(opt, nudge.ID(), 1)
		if terr != nil {
			return "", nil, terr
		}
		if _, terr := cl.SubmitAndWait(ctx, tx); terr != nil {
			return "", nil, terr
		}
		p, err = cl.WaitTxProof(ctx, inv.TxHash)
	}
	if err != nil {
		return "", nil, err
	}
	if qr, err = InvoiceQR(inv.Encoded, contract, p); err != nil {
		return "", nil, err
	}
	cert, err = NewInvoiceCertificate(inv.Encoded, contract, p)
	return qr, cert, err
}

// InvoiceProof is InvoiceProof through this city's connection, nudging
// an idle chain with its account.
func (c *City) InvoiceProof(ctx context.Context, inv *IssuedInvoice) (qr string, cert []byte, err error) {
	return InvoiceProof(ctx, c.Client, inv, c.Contract, &c.Account, c.Opt)
}

// Issued rebuilds an issued invoice from its opened content and issuing
// transaction (for printing an invoice issued before).
func Issued(encoded []byte, txHash types.Hash, height uint64) (*IssuedInvoice, error) {
	c, err := ParseInvoiceContent(encoded)
	if err != nil {
		return nil, err
	}
	return &IssuedInvoice{Content: *c, Encoded: encoded, Digest: InvoiceDigest(encoded), TxHash: txHash, Height: height}, nil
}
