package evidence_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
)

// rest is a curl-like HTTPS client of a cluster's REST API with one
// certificate.
type rest struct {
	t    testing.TB
	http *http.Client
	base string
}

// restClient returns a client of node's REST API with the credential
// (cert, key PEM files), trusting the network's CA bundle.
func restClient(t testing.TB, c *testnet.Cluster, node int, certFile, keyFile string) *rest {
	t.Helper()
	ca, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	conf := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	if certFile != "" {
		kp, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			t.Fatal(err)
		}
		conf.Certificates = []tls.Certificate{kp}
	}
	return &rest{t: t, http: &http.Client{Transport: &http.Transport{TLSClientConfig: conf}, Timeout: 60 * time.Second},
		base: "https://" + c.Network.Nodes[node].REST}
}

// orgREST returns a client of node's REST API as org's application client.
func orgREST(t testing.TB, c *testnet.Cluster, node, org int) *rest {
	o := c.Network.Orgs[org]
	return restClient(t, c, node, o.Client.Cert, o.Client.Key)
}

// do sends a request (body JSON-encoded unless nil) and returns the status
// and body.
func (r *rest) do(method, path string, body any) (int, http.Header, []byte) {
	r.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			r.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, r.base+path, rd)
	if err != nil {
		r.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.http.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// problemCode returns the "code" of a problem JSON body.
func problemCode(b []byte) string {
	var p struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(b, &p)
	return p.Code
}

// issue makes a new certificate of org (index) with role.
func issue(t testing.TB, c *testnet.Cluster, org int, name string, role pki.Role) (cert, key string) {
	t.Helper()
	o, err := consortium.LoadOrg(filepath.Join(c.Layout.Dir, "orgs", c.Network.Orgs[org].Name))
	if err != nil {
		t.Fatal(err)
	}
	cred, err := o.Issue(filepath.Join(t.TempDir(), name), pki.IssueRequest{CommonName: name, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return cred.Cert, cred.Key
}

// callerOf is the identity of org's application client certificate.
func callerOf(t testing.TB, nw *sdk.Network, org int) pki.Identity {
	t.Helper()
	cert, err := pki.LoadCertPEM(nw.Orgs[org].Client.Cert)
	if err != nil {
		t.Fatal(err)
	}
	return pki.IdentityOf(cert)
}

// service is an evidence service on org's client and account of each cluster.
func service(t testing.TB, org int, cs ...*testnet.Cluster) *evidence.Service {
	t.Helper()
	var chains []evidence.Chain
	for _, c := range cs {
		chains = append(chains, evidence.Chain{ChainID: c.Network.ChainID, Client: c.Client(org), Account: c.Account(org)})
	}
	s, err := evidence.New(evidence.Options{CertifyAfter: 50 * time.Millisecond}, chains...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sha256Hex(b []byte) string {
	d := sha256.Sum256(b)
	return hex.EncodeToString(d[:])
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// clone deep-copies a certificate through its JSON.
func clone(t testing.TB, c *evidence.Certificate) *evidence.Certificate {
	t.Helper()
	b, err := c.JSON()
	if err != nil {
		t.Fatal(err)
	}
	d, err := evidence.ParseCertificate(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pdfPages returns the page count of a PDF's page tree (/Type /Pages ... /Count N).
func pdfPages(pdf []byte) int {
	m := regexp.MustCompile(`/Type /Pages[^>]*?/Count (\d+)`).FindSubmatch(pdf)
	if m == nil {
		m = regexp.MustCompile(`/Count (\d+)[^>]*?/Type /Pages`).FindSubmatch(pdf)
	}
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pdfImage extracts the first image XObject of a PDF: an 8-bit DeviceGray
// image, Flate-compressed with PNG predictors, as the certificate's QR code
// is embedded.
func pdfImage(pdf []byte) (image.Image, error) {
	i := bytes.Index(pdf, []byte("/Subtype /Image"))
	if i < 0 {
		return nil, errors.New("no image in the PDF")
	}
	start := bytes.LastIndex(pdf[:i], []byte(" obj"))
	s := bytes.Index(pdf[i:], []byte("stream"))
	if start < 0 || s < 0 {
		return nil, errors.New("image object not found")
	}
	dict := pdf[start : i+s]
	num := func(name string) (int, error) {
		m := regexp.MustCompile(`/` + name + ` (\d+)`).FindSubmatch(dict)
		if m == nil {
			return 0, fmt.Errorf("image has no /%s", name)
		}
		return strconv.Atoi(string(m[1]))
	}
	w, err := num("Width")
	if err != nil {
		return nil, err
	}
	h, err := num("Height")
	if err != nil {
		return nil, err
	}
	n, err := num("Length")
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(dict, []byte("/DeviceGray")) || !bytes.Contains(dict, []byte("/BitsPerComponent 8")) {
		return nil, fmt.Errorf("image is not 8-bit gray: %s", dict)
	}
	data := pdf[i+s+len("stream"):]
	data = bytes.TrimLeft(data[:min(len(data), n+2)], "\r\n")[:n]
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	if len(raw) != h*(w+1) {
		return nil, fmt.Errorf("image data is %d bytes, want %d", len(raw), h*(w+1))
	}
	// Undo the PNG row filters (1 byte per pixel).
	img := image.NewGray(image.Rect(0, 0, w, h))
	prev := make([]byte, w)
	for y := 0; y < h; y++ {
		row := raw[y*(w+1)+1 : (y+1)*(w+1)]
		ft := raw[y*(w+1)]
		cur := img.Pix[y*img.Stride : y*img.Stride+w]
		for x := 0; x < w; x++ {
			var a, c byte
			if x > 0 {
				a, c = cur[x-1], prev[x-1]
			}
			b := prev[x]
			var p byte
			switch ft {
			case 0:
			case 1:
				p = a
			case 2:
				p = b
			case 3:
				p = byte((int(a) + int(b)) / 2)
			case 4:
				p = paeth(a, b, c)
			default:
				return nil, fmt.Errorf("PNG filter %d", ft)
			}
			cur[x] = row[x] + p
		}
		copy(prev, cur)
	}
	return img, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// decodeQR decodes the QR code in img, an image of the code alone as the
// PDF embeds it. It reads it as a pure barcode: gozxing's finder-pattern
// detector, meant for photographs, misses about 2% of clean version-8
// symbols (TestQRCodeDecodes), which made this test flaky.
func decodeQR(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}
