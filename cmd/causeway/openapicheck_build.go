//go:build openapicheck

package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/openapicheck"
)

// Built with -tags openapicheck (the multi-process tests build the CLI so),
// every node this binary runs checks its REST traffic against
// api/openapi.yaml and appends each violation, one per line, to
// openapi-violations.log beside the executable, which the tests read.
func init() {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	path := filepath.Join(filepath.Dir(exe), ViolationsFile)
	var mu sync.Mutex
	api.SetRESTMiddleware(func(h http.Handler) http.Handler {
		return openapicheck.Middleware(h, func(err error) {
			mu.Lock()
			defer mu.Unlock()
			f, ferr := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if ferr != nil {
				return
			}
			defer f.Close()
			fmt.Fprintln(f, strings.ReplaceAll(err.Error(), "\n", " "))
		})
	})
}

// ViolationsFile is the name of the file violations are appended to.
const ViolationsFile = "openapi-violations.log"
