package node

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// Certificate rotation, the node's side. Governance (rotate_node_cert)
// names a node's new certificates on chain; the node must then present the
// new TLS certificate and sign with the new key, without a restart. The
// operator stages the new material beforehand (StageRotation, or
// `causeway node stage-rotation`) in the node's data folder; whenever a
// configuration is put in force, and at start-up, the node compares the
// chain's certificates for its id with its own, and switches to the staged
// material whose certificate the chain now names. The switched material is
// then written over the files of the node's configuration (tls_cert,
// tls_key, sign_key; the old ones are kept beside them with the suffix
// ".retired"), so a restart uses it.

// RotationDir is the folder under a node's data_dir that holds staged key
// material: tls.crt, tls.key, sign.crt and sign.key (either pair may be
// missing when only the other certificate is rotated).
const RotationDir = "rotation"

const (
	stagedTLSCert  = "tls.crt"
	stagedTLSKey   = "tls.key"
	stagedSignCert = "sign.crt"
	stagedSignKey  = "sign.key"
)

// ErrStagedMismatch is returned by StageRotation for a key that does not
// belong to its certificate.
var ErrStagedMismatch = errors.New("key does not match its certificate")

// Staged describes material staged for a rotation.
type Staged struct {
	// Dir is the staging folder.
	Dir string `json:"dir"`
	// TLSSerial and SignSerial are the staged certificates' serials (hex);
	// empty when that certificate is not staged.
	TLSSerial  string `json:"tls_serial,omitempty"`
	SignSerial string `json:"sign_serial,omitempty"`
}

// StageRotation checks new key material of the node with configuration cfg
// and copies it into cfg.DataDir/rotation, replacing what was staged
// before. Give the TLS pair, the signing pair, or both; each key must match
// its certificate. Nothing changes until governance names the staged
// certificates on chain for this node.
func StageRotation(cfg *Config, tlsCertPEM, tlsKeyPEM, signCertPEM, signKeyPEM []byte) (*Staged, error) {
	haveTLS, haveSign := tlsCertPEM != nil || tlsKeyPEM != nil, signCertPEM != nil || signKeyPEM != nil
	if !haveTLS && !haveSign {
		return nil, errors.New("stage rotation: give a TLS certificate and key, a signing certificate and key, or both")
	}
	out := &Staged{Dir: filepath.Join(cfg.DataDir, RotationDir)}
	var files []struct {
		name string
		data []byte
		mode os.FileMode
	}
	add := func(name string, data []byte, mode os.FileMode) {
		files = append(files, struct {
			name string
			data []byte
			mode os.FileMode
		}{name, data, mode})
	}
	if haveTLS {
		kp, err := pki.NewKeyPair(tlsCertPEM, tlsKeyPEM)
		if err != nil {
			return nil, fmt.Errorf("stage rotation: TLS: %w", err)
		}
		out.TLSSerial = pki.IdentityOf(kp.Certificate()).Serial
		add(stagedTLSCert, tlsCertPEM, 0o644)
		add(stagedTLSKey, tlsKeyPEM, 0o600)
	}
	if haveSign {
		cert, err := pki.ParseCertPEM(signCertPEM)
		if err != nil {
			return nil, fmt.Errorf("stage rotation: signing certificate: %w", err)
		}
		key, err := crypto.ParsePrivateKeyPEM(signKeyPEM)
		if err != nil {
			return nil, fmt.Errorf("stage rotation: signing key: %w", err)
		}
		if !keyMatches(key, signCertPEM) {
			return nil, fmt.Errorf("stage rotation: signing %w", ErrStagedMismatch)
		}
		out.SignSerial = pki.IdentityOf(cert).Serial
		add(stagedSignCert, signCertPEM, 0o644)
		add(stagedSignKey, signKeyPEM, 0o600)
	}
	if err := os.MkdirAll(out.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("stage rotation: %w", err)
	}
	for _, f := range files {
		if err := writeAtomic(filepath.Join(out.Dir, f.name), f.data, f.mode); err != nil {
			return nil, fmt.Errorf("stage rotation: %w", err)
		}
	}
	return out, nil
}

// InstallStaged installs the material staged for the node with
// configuration cfg over its configured files (tls_cert, tls_key, sign_key;
// the old ones are kept with the suffix .retired), whether or not the
// node's copy of the chain names it yet. It is for a node that was stopped
// through a whole rotation's overlap: its old certificates are refused
// now, so it could not sync up to the block that names the new ones; with
// the new ones installed it can. The node must be stopped. A running node,
// or one restarted during the overlap, needs no such step.
func InstallStaged(cfg *Config) (*Staged, error) {
	dir := filepath.Join(cfg.DataDir, RotationDir)
	out := &Staged{Dir: dir}
	certPEM, err1 := os.ReadFile(filepath.Join(dir, stagedTLSCert))
	keyPEM, err2 := os.ReadFile(filepath.Join(dir, stagedTLSKey))
	if err1 == nil && err2 == nil {
		kp, err := pki.NewKeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("install staged: TLS: %w", err)
		}
		if err := installTLS(cfg, dir, certPEM, keyPEM); err != nil {
			return nil, err
		}
		out.TLSSerial = pki.IdentityOf(kp.Certificate()).Serial
	}
	signCert, err1 := os.ReadFile(filepath.Join(dir, stagedSignCert))
	signKey, err2 := os.ReadFile(filepath.Join(dir, stagedSignKey))
	if err1 == nil && err2 == nil {
		key, err := crypto.ParsePrivateKeyPEM(signKey)
		if err != nil || !keyMatches(key, signCert) {
			return nil, fmt.Errorf("install staged: signing %w", ErrStagedMismatch)
		}
		if err := installSign(cfg, dir, signKey); err != nil {
			return nil, err
		}
		c, _ := pki.ParseCertPEM(signCert)
		out.SignSerial = pki.IdentityOf(c).Serial
	}
	if out.TLSSerial == "" && out.SignSerial == "" {
		return nil, fmt.Errorf("install staged: nothing is staged in %s", dir)
	}
	return out, nil
}

// keyMatches reports whether key is the key of the certificate certPEM.
func keyMatches(key types.Signer, certPEM []byte) bool {
	cert, err := pki.ParseCertPEM(certPEM)
	if err != nil {
		return false
	}
	scheme, pub, err := crypto.PublicKeyOf(cert.PublicKey)
	return err == nil && scheme == key.Scheme() && bytes.Equal(pub, key.PublicKey())
}

// sameCert reports whether the PEM certificates a and b are the same
// certificate.
func sameCert(a, b []byte) bool {
	ca, err := pki.ParseCertPEM(a)
	if err != nil {
		return false
	}
	cb, err := pki.ParseCertPEM(b)
	return err == nil && bytes.Equal(ca.Raw, cb.Raw)
}

// stagedTLS returns the staged TLS pair if its certificate is want (PEM).
func stagedTLS(dir string, want []byte) (certPEM, keyPEM []byte, ok bool) {
	certPEM, err := os.ReadFile(filepath.Join(dir, stagedTLSCert))
	if err != nil || !sameCert(certPEM, want) {
		return nil, nil, false
	}
	keyPEM, err = os.ReadFile(filepath.Join(dir, stagedTLSKey))
	if err != nil {
		return nil, nil, false
	}
	if _, err := tls.X509KeyPair(certPEM, keyPEM); err != nil {
		return nil, nil, false
	}
	return certPEM, keyPEM, true
}

// stagedSign returns the staged signing key if it is the key of want (PEM).
func stagedSign(dir string, want []byte) (crypto.Key, []byte, bool) {
	keyPEM, err := os.ReadFile(filepath.Join(dir, stagedSignKey))
	if err != nil {
		return nil, nil, false
	}
	key, err := crypto.ParsePrivateKeyPEM(keyPEM)
	if err != nil || !keyMatches(key, want) {
		return nil, nil, false
	}
	return key, keyPEM, true
}

// install writes data over path, keeping the old file as path.retired.
func install(path string, data []byte, mode os.FileMode) error {
	if old, err := os.ReadFile(path); err == nil {
		if err := writeAtomic(path+".retired", old, mode); err != nil {
			return err
		}
	}
	return writeAtomic(path, data, mode)
}

// writeAtomic writes data to path through a temporary file and a rename.
func writeAtomic(path string, data []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// promoteStaged installs the staged material that chain names for this
// node over the files of its configuration, before they are loaded at
// start-up: a node that was down when its rotation executed starts with
// its new material.
func promoteStaged(cfg *Config, chain *types.ChainConfig) error {
	me, ok := chain.Node(cfg.ID)
	if !ok {
		return nil
	}
	dir := filepath.Join(cfg.DataDir, RotationDir)
	if cur, err := os.ReadFile(cfg.TLSCert); err == nil && !sameCert(cur, []byte(me.TLSCert)) {
		if certPEM, keyPEM, ok := stagedTLS(dir, []byte(me.TLSCert)); ok {
			if err := installTLS(cfg, dir, certPEM, keyPEM); err != nil {
				return err
			}
		}
	}
	if cur, err := crypto.LoadKey(cfg.SignKey); err == nil && !keyMatches(cur, []byte(me.SignCert)) {
		if _, keyPEM, ok := stagedSign(dir, []byte(me.SignCert)); ok {
			if err := installSign(cfg, dir, keyPEM); err != nil {
				return err
			}
		}
	}
	return nil
}

// stagedPending reports whether material is staged that chain does not
// name for the node (yet).
func stagedPending(cfg *Config) bool {
	dir := filepath.Join(cfg.DataDir, RotationDir)
	for _, f := range []string{stagedTLSKey, stagedSignKey} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	return false
}

func installTLS(cfg *Config, dir string, certPEM, keyPEM []byte) error {
	if err := install(cfg.TLSKey, keyPEM, 0o600); err != nil {
		return fmt.Errorf("install rotated TLS key: %w", err)
	}
	if err := install(cfg.TLSCert, certPEM, 0o644); err != nil {
		return fmt.Errorf("install rotated TLS certificate: %w", err)
	}
	_ = os.Remove(filepath.Join(dir, stagedTLSCert))
	_ = os.Remove(filepath.Join(dir, stagedTLSKey))
	return nil
}

func installSign(cfg *Config, dir string, keyPEM []byte) error {
	if err := install(cfg.SignKey, keyPEM, 0o600); err != nil {
		return fmt.Errorf("install rotated signing key: %w", err)
	}
	_ = os.Remove(filepath.Join(dir, stagedSignKey))
	_ = os.Remove(filepath.Join(dir, stagedSignCert))
	return nil
}

// adoptRotation puts in use, without a restart, the staged material that a
// configuration just put in force names for this node: the TLS pair for
// every new handshake (and outbound connections are made again with it),
// the signing key for every next consensus signature. A node whose
// on-chain certificates changed but that holds no matching staged material
// keeps its own and says so: it is refused once the overlap ends.
func (n *Node) adoptRotation(chain *types.ChainConfig) {
	me, ok := chain.Node(n.cfg.ID)
	if !ok || n.tlsPair == nil {
		return
	}
	dir := filepath.Join(n.cfg.DataDir, RotationDir)
	cur := n.tlsPair.Certificate()
	if onChain, err := pki.ParseCertPEM([]byte(me.TLSCert)); err == nil && !bytes.Equal(onChain.Raw, cur.Raw) {
		if certPEM, keyPEM, ok := stagedTLS(dir, []byte(me.TLSCert)); ok {
			if err := n.tlsPair.Set(certPEM, keyPEM); err != nil {
				n.log.Error("certificate rotation: cannot use the staged TLS certificate", "err", err)
			} else {
				n.net.Redial()
				if err := installTLS(n.cfg, dir, certPEM, keyPEM); err != nil {
					n.log.Error("certificate rotation: TLS certificate in use but not saved", "err", err)
				}
				n.log.Info("certificate rotation: now presenting the new TLS certificate", "serial", pki.IdentityOf(n.tlsPair.Certificate()).Serial)
			}
		} else {
			n.log.Warn("certificate rotation: the chain names a new TLS certificate for this node but no matching key is staged; peers refuse the current one when the overlap ends",
				"serial", pki.IdentityOf(onChain).Serial, "overlap_ends_ms", me.RetiringUntilMs, "staging_dir", dir)
		}
	}
	if !keyMatches(n.consensus.Signer(), []byte(me.SignCert)) {
		if key, keyPEM, ok := stagedSign(dir, []byte(me.SignCert)); ok {
			n.consensus.SetSigner(key)
			if err := installSign(n.cfg, dir, keyPEM); err != nil {
				n.log.Error("certificate rotation: signing key in use but not saved", "err", err)
			}
			n.log.Info("certificate rotation: now signing with the new consensus key")
		} else {
			n.log.Warn("certificate rotation: the chain names a new signing certificate for this node but its key is not staged; its signatures are refused when the overlap ends",
				"overlap_ends_ms", me.RetiringUntilMs, "staging_dir", dir)
		}
	}
}

// TLSCertificate returns the TLS certificate the node presents now.
func (n *Node) TLSCertificate() *x509.Certificate { return n.tlsPair.Certificate() }
