package evidence_test

import (
	"os"
	"testing"

	"github.com/causeway/causeway/api/openapicheck"
)

// TestMain checks every REST request and response of the package's tests
// against api/openapi.yaml (package openapicheck).
func TestMain(m *testing.M) { os.Exit(openapicheck.Main(m)) }
