package main

import (
	"os"
	"testing"

	"github.com/causeway/causeway/api/openapicheck"
)

// TestMain checks every REST request and response of the package's tests
// (nodes started in process serve REST) against api/openapi.yaml.
func TestMain(m *testing.M) { os.Exit(openapicheck.Main(m)) }
