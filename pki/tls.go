package pki

import (
	"crypto/tls"
	"errors"
	"fmt"
)

// ClientAuthMode says whether a server requires client certificates.
type ClientAuthMode int

const (
	// RequireClientCert refuses clients without a certificate from a
	// member CA (gRPC, p2p). It is the zero value.
	RequireClientCert ClientAuthMode = iota
	// OptionalClientCert lets a client without a certificate connect
	// (REST), but refuses one whose certificate is not trusted.
	OptionalClientCert
)

// TLSOption adjusts a configuration built by ServerTLS or ClientTLS.
type TLSOption func(*tlsOptions)

type tlsOptions struct {
	onReject  func(error)
	peerCheck func(Identity) error
	keyPair   *KeyPair
}

// WithOnReject calls f with the reason every time a peer is refused during
// a handshake, so the node can log a clear line. The error wraps the Trust
// error naming the certificate's subject and issuer (and, client side, the
// server name); the remote address is not known to the callback, but the
// same error is returned by the handshake, where servers (net/http, gRPC)
// log it with the address.
func WithOnReject(f func(error)) TLSOption { return func(o *tlsOptions) { o.onReject = f } }

// WithPeerCheck adds a check of the verified peer's identity, for example
// "the peer must be a node"; a non-nil error refuses the handshake.
func WithPeerCheck(f func(Identity) error) TLSOption {
	return func(o *tlsOptions) { o.peerCheck = f }
}

func buildOptions(opts []TLSOption) tlsOptions {
	var o tlsOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

func (o tlsOptions) reject(err error) error {
	if o.onReject != nil {
		o.onReject(err)
	}
	return err
}

// ServerTLS returns a TLS 1.3 server configuration presenting certPEM/keyPEM
// (or, with WithKeyPair, the key pair current at each handshake) and checking client certificates against the trust current at each
// handshake (resumptions included), so later SetCAs and Revoke calls apply
// to new connections without rebuilding the configuration.
func (t *Trust) ServerTLS(certPEM, keyPEM []byte, mode ClientAuthMode, opts ...TLSOption) (*tls.Config, error) {
	if mode != RequireClientCert && mode != OptionalClientCert {
		return nil, fmt.Errorf("server TLS: unknown client auth mode %d", mode)
	}
	o := buildOptions(opts)
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS13,
		// Certificates are checked in VerifyConnection against the
		// current trust, not by a static ClientCAs pool.
		ClientAuth: tls.RequestClientCert,
	}
	if o.keyPair != nil {
		if certPEM != nil || keyPEM != nil {
			return nil, errors.New("server TLS: give either a key pair option or certPEM/keyPEM")
		}
		kp := o.keyPair
		cfg.GetCertificate = func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return kp.tlsCert(), nil }
	} else {
		if err := checkTLSKey(certPEM); err != nil {
			return nil, fmt.Errorf("server TLS: %w", err)
		}
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("server TLS: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			if mode == OptionalClientCert {
				return nil
			}
			return o.reject(fmt.Errorf("TLS client refused: %w presented", ErrNoCertificate))
		}
		id, err := t.Verify(cs.PeerCertificates)
		if err == nil && o.peerCheck != nil {
			err = o.peerCheck(id)
		}
		if err != nil {
			return o.reject(fmt.Errorf("TLS client refused: %w", err))
		}
		return nil
	}
	return cfg, nil
}

// ClientTLS returns a TLS 1.3 client configuration that presents
// certPEM/keyPEM (both nil: no client certificate; with WithKeyPair, the
// key pair current at each handshake) and accepts a server only
// if its chain passes the trust current at the handshake and its leaf
// certificate covers serverName (a DNS name or an IP address).
func (t *Trust) ClientTLS(certPEM, keyPEM []byte, serverName string, opts ...TLSOption) (*tls.Config, error) {
	if serverName == "" {
		return nil, errors.New("client TLS: server name is empty")
	}
	o := buildOptions(opts)
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS13,
		ServerName: serverName,
		// The chain and the name are verified in VerifyConnection against
		// the current trust; the static verification is replaced, not
		// skipped.
		InsecureSkipVerify: true,
	}
	if o.keyPair != nil {
		if certPEM != nil || keyPEM != nil {
			return nil, errors.New("client TLS: give either a key pair option or certPEM/keyPEM")
		}
		kp := o.keyPair
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return kp.tlsCert(), nil }
	} else if certPEM != nil || keyPEM != nil {
		if err := checkTLSKey(certPEM); err != nil {
			return nil, fmt.Errorf("client TLS: %w", err)
		}
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("client TLS: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		id, err := t.Verify(cs.PeerCertificates)
		if err == nil {
			if herr := cs.PeerCertificates[0].VerifyHostname(serverName); herr != nil {
				err = refusal(ErrInvalidCertificate, cs.PeerCertificates[0], herr.Error())
			}
		}
		if err == nil && o.peerCheck != nil {
			err = o.peerCheck(id)
		}
		if err != nil {
			return o.reject(fmt.Errorf("TLS server %s refused: %w", serverName, err))
		}
		return nil
	}
	return cfg, nil
}

// IdentityFromTLS returns the identity of the peer of an established
// connection. It does not verify: the configurations of this package have
// already verified the peer during the handshake; use (*Trust).VerifyConn to
// re-check it against the current trust.
func IdentityFromTLS(state tls.ConnectionState) (Identity, error) {
	if len(state.PeerCertificates) == 0 {
		return Identity{}, fmt.Errorf("%w presented by the peer", ErrNoCertificate)
	}
	return IdentityOf(state.PeerCertificates[0]), nil
}
