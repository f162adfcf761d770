package state

import (
	"encoding/binary"
	"fmt"

	"github.com/causeway/causeway/types"
)

// Light clients of other Causeway chains (issue 13). A client is found by
// its id, derived from the remote chain id (LightClientID); its genesis,
// configurations and headers are stored under its instance, the id of the
// proposal that registered it, so that a client removed and registered
// again starts empty without the old entries being scanned or deleted.
const (
	// LightClientPrefix precedes a light client's id (32 bytes); the value
	// is a types.LightClient.
	LightClientPrefix = "lcli/"
	// LightGenesisPrefix precedes a light client's instance (32 bytes); the
	// value is the remote genesis in its canonical JSON encoding.
	LightGenesisPrefix = "lcgn/"
	// LightConfigPrefix precedes a light client's instance (32 bytes) and
	// the big-endian height (8 bytes) from which a remote configuration is
	// in force; the value is that configuration's bytes as the remote
	// state holds them (canonical JSON).
	LightConfigPrefix = "lccf/"
	// LightHeaderPrefix precedes a light client's instance (32 bytes) and
	// the big-endian height (8 bytes) of a verified remote header; the
	// value is a types.LightHeader.
	LightHeaderPrefix = "lchd/"
)

// lightClientDomain separates light client ids from other hashes.
const lightClientDomain = "causeway/lightclient/"

// LightClientID returns the id of the light client of the remote chain
// chainID on a chain of suite s: s's hash of "causeway/lightclient/" ||
// chainID.
func LightClientID(s types.Suite, chainID string) types.Hash {
	return s.Sum([]byte(lightClientDomain + chainID))
}

// LightClientKey returns the key of light client id: LightClientPrefix ||
// id.
func LightClientKey(id types.Hash) []byte { return key(LightClientPrefix, id[:]) }

// LightGenesisKey returns the key of the remote genesis of a light client
// instance: LightGenesisPrefix || instance.
func LightGenesisKey(instance types.Hash) []byte { return key(LightGenesisPrefix, instance[:]) }

// LightConfigKey returns the key of the remote configuration in force from
// height on, of a light client instance: LightConfigPrefix || instance ||
// uint64be(height).
func LightConfigKey(instance types.Hash, height uint64) []byte {
	return key(LightConfigPrefix, instance[:], binary.BigEndian.AppendUint64(nil, height))
}

// LightHeaderKey returns the key of the verified remote header at height of
// a light client instance: LightHeaderPrefix || instance || uint64be(height).
func LightHeaderKey(instance types.Hash, height uint64) []byte {
	return key(LightHeaderPrefix, instance[:], binary.BigEndian.AppendUint64(nil, height))
}

// EncodeLightClient returns the stored form of a light client:
// deterministic protobuf.
func EncodeLightClient(c *types.LightClient) []byte { return encodeProto(c) }

// DecodeLightClient decodes a stored light client.
func DecodeLightClient(b []byte) (*types.LightClient, error) {
	return decodeProto("light client", b, &types.LightClient{})
}

// EncodeLightHeader returns the stored form of a verified remote header:
// deterministic protobuf.
func EncodeLightHeader(h *types.LightHeader) []byte { return encodeProto(h) }

// DecodeLightHeader decodes a stored verified remote header.
func DecodeLightHeader(b []byte) (*types.LightHeader, error) {
	return decodeProto("light client header", b, &types.LightHeader{})
}

// ReadLightClient reads the light client of the remote chain whose id is id
// (LightClientID); nil, nil if there is none.
func ReadLightClient(r Getter, id types.Hash) (*types.LightClient, error) {
	return read(r, "light client", LightClientKey(id), DecodeLightClient)
}

// ReadLightHeader reads the verified header at height of a light client
// instance; nil, nil if there is none.
func ReadLightHeader(r Getter, instance types.Hash, height uint64) (*types.LightHeader, error) {
	return read(r, "light client header", LightHeaderKey(instance, height), DecodeLightHeader)
}

// ReadLightGenesis reads the remote genesis of a light client instance, in
// its stored encoding; nil, nil if there is none.
func ReadLightGenesis(r Getter, instance types.Hash) ([]byte, error) {
	return read(r, "light client genesis", LightGenesisKey(instance), func(b []byte) ([]byte, error) { return b, nil })
}

// ReadLightConfig reads the remote configuration in force from height on of
// a light client instance, in its stored encoding; nil, nil if there is
// none.
func ReadLightConfig(r Getter, instance types.Hash, height uint64) ([]byte, error) {
	return read(r, "light client configuration", LightConfigKey(instance, height), func(b []byte) ([]byte, error) { return b, nil })
}

// ScanLightClients calls fn with every light client, in ascending id order.
// An error from fn stops the scan and is returned.
// Cost: one range scan over the clients, each decoded.
func ScanLightClients(s Scanner, fn func(*types.LightClient) error) error {
	return s.Scan([]byte(LightClientPrefix), func(k, v []byte) error {
		if len(k) != len(LightClientPrefix)+IDSize {
			return &CorruptError{What: "light client key", Key: append([]byte(nil), k...), Err: fmt.Errorf("%d bytes, not %d", len(k), len(LightClientPrefix)+IDSize)}
		}
		c, err := DecodeLightClient(v)
		if err != nil {
			return withKey(err, k)
		}
		return fn(c)
	})
}
