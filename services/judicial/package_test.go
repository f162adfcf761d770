package judicial_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/causeway/causeway/services/judicial"
)

// Without any chain: a package's digest ignores whitespace only; Parse
// refuses unknown members; IsPackage tells a package from a certificate;
// VerifyPackage refuses another format and an undecodable manifest with
// their reasons.
func TestPackageFormOffline(t *testing.T) {
	a, err := judicial.Digest([]byte(`{"a": 1, "b": [1, 2]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := judicial.Digest([]byte("{\n  \"a\":1,\n  \"b\":[1,2]\n}"))
	c, _ := judicial.Digest([]byte(`{"a": 2, "b": [1, 2]}`))
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Fatal("digest of the compact form")
	}
	if _, err := judicial.Parse([]byte(`{"format": "causeway-evidence-package/v1", "extra": 1}`)); !errors.Is(err, judicial.ErrMalformed) {
		t.Fatalf("unknown member: %v", err)
	}
	if !judicial.IsPackage([]byte(`{"format": "causeway-evidence-package/v1"}`)) || judicial.IsPackage([]byte(`{"format": "causeway-evidence-certificate/v1"}`)) {
		t.Fatal("IsPackage")
	}
	p := &judicial.Package{Format: judicial.Format, Manifest: json.RawMessage(`{"format": "x"}`)}
	var pe *judicial.Error
	if _, err := judicial.VerifyPackage(p, nil); !errors.As(err, &pe) || pe.Kind != judicial.ErrMalformed || pe.Field != "manifest.format" {
		t.Fatalf("manifest format: %v", err)
	}
	p.Manifest = json.RawMessage(`{"format": "causeway-evidence-package-manifest/v1", "unknown": true}`)
	if rep, err := judicial.VerifyPackage(p, nil); !errors.As(err, &pe) || pe.Field != "manifest" || rep.Code != "malformed" {
		t.Fatalf("manifest member: %v", err)
	}
}
