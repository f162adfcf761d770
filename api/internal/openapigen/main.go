// Command openapigen writes the OpenAPI description of the REST API
// (package openapispec) to the file -o names; go generate ./api runs it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/causeway/causeway/api/internal/openapispec"
)

func main() {
	out := flag.String("o", "openapi.yaml", "output file")
	flag.Parse()
	b, err := openapispec.Generate()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapigen:", err)
		os.Exit(1)
	}
}
