// Package apitest runs an api.Server in process for tests of the API and of
// its clients (the SDK, the CLI): an in-memory Backend whose chain, failures
// and timing the test scripts, a throw-away consortium PKI (member CAs, node
// and client certificates, and a CA outside the consortium), and the
// server's gRPC and REST endpoints listening with real mutual TLS on
// 127.0.0.1. Every REST request and response goes through
// openapicheck.Middleware: a test fails if the traffic strays from
// api/openapi.yaml. Nothing here is for production use.
package apitest
