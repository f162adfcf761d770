#!/bin/sh
# Regenerates the Go code and the gateway from the .proto files, then the
# OpenAPI file (api/openapi.yaml, by go generate ./api from the descriptors).
# Needs protoc (Debian: protobuf-compiler) and, on PATH:
#   go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
#   go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.5.1
#   go install github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-grpc-gateway@v2.28.0
set -e
cd "$(dirname "$0")"
M=github.com/causeway/causeway
protoc -I . --go_out=.. --go_opt=module=$M causeway/v1/crosschain.proto causeway/v1/lightclient.proto causeway/v1/sdp.proto causeway/v1/types.proto
protoc -I . --go_out=.. --go_opt=module=$M causeway/v1/proof.proto causeway/v1/lightclient_update.proto causeway/v1/sdp_relay.proto
protoc -I . --go_out=.. --go_opt=module=$M causeway/v1/seal.proto
protoc -I . --go_out=.. --go_opt=module=$M --go-grpc_out=.. --go-grpc_opt=module=$M causeway/v1/p2p.proto
protoc -I . --go_out=.. --go_opt=module=$M --go-grpc_out=.. --go-grpc_opt=module=$M \
  --grpc-gateway_out=.. --grpc-gateway_opt=module=$M,grpc_api_configuration=causeway/v1/api.yaml,generate_unbound_methods=false \
  causeway/v1/api.proto
protoc -I . --go_out=.. --go_opt=module=$M --go-grpc_out=.. --go-grpc_opt=module=$M \
  --grpc-gateway_out=.. --grpc-gateway_opt=module=$M,grpc_api_configuration=causeway/v1/lightclient_api.yaml,generate_unbound_methods=false \
  causeway/v1/lightclient_api.proto
(cd .. && go generate ./api)
