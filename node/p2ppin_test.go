package node_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
)

// The p2p port of a running node takes only the consensus nodes' own TLS
// certificates: a member org's client certificate, which the CA trust
// accepts on the API ports, is refused at the handshake there, through
// the node's connection limiter (which wraps the p2p TLS configuration).
func TestP2PPortRefusesMemberClientCertificates(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 1})
	org := c.Network.Orgs[0]
	pair, err := tls.LoadX509KeyPair(org.Client.Cert, org.Client.Key)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(bundle)
	dial := func(addr string) error {
		conn, err := tls.DialWithDialer(&netDialer, "tcp", addr, &tls.Config{
			Certificates: []tls.Certificate{pair}, RootCAs: roots, ServerName: "127.0.0.1", NextProtos: []string{"h2"},
		})
		if err != nil {
			return err
		}
		defer conn.Close()
		// TLS 1.3: the server's verdict on the client certificate arrives
		// after the client's handshake completes; read to receive it.
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		_, err = conn.Read(make([]byte, 1))
		return err
	}
	// The same certificate is a member's on the gRPC API port: the
	// handshake succeeds there (the server then waits for HTTP/2 frames).
	if err := dial(c.Node(0).Addr("grpc")); err != nil && !isTimeout(err) {
		t.Fatalf("member client certificate refused on the API port: %v", err)
	}
	err = dial(c.Node(0).Addr("p2p"))
	if err == nil || isTimeout(err) {
		t.Fatalf("p2p port accepted a member's client certificate (err %v)", err)
	}
	if !strings.Contains(err.Error(), "certificate") && !strings.Contains(err.Error(), "tls") {
		t.Fatalf("p2p refusal is not a TLS refusal: %v", err)
	}
}

var netDialer = net.Dialer{Timeout: 5 * time.Second}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
