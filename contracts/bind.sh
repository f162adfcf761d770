#!/bin/sh
# Generates the Go bindings in sdk/contracts from the committed artifacts with
# go-ethereum's abigen (v2 bindings: pack/unpack helpers independent of any
# Ethereum backend, used with the Causeway SDK's CallContractTx and QueryContract).
set -e
cd "$(dirname "$0")"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for pair in Token:token NFT:nft Escrow:escrow SystemUser:systemuser ConfidentialEscrow:confidentialescrow RemoteEvidenceCheck:remoteevidence MessageBox:messagebox CrossChainToken:crosschaintoken Metro:metro Trade:trade Trace:trace; do
  name=${pair%%:*}; pkg=${pair##*:}
  python3 -c "import json,sys; a=json.load(open('artifacts/$name.json')); open('$TMP/$name.abi','w').write(json.dumps(a['abi'])); open('$TMP/$name.bin','w').write(a['bytecode'].removeprefix('0x'))"
  mkdir -p ../sdk/contracts/$pkg
  go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.2 --v2 --abi "$TMP/$name.abi" --bin "$TMP/$name.bin" \
    --pkg "$pkg" --type "$name" --out ../sdk/contracts/$pkg/$pkg.go
done
