package metro

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// Code is a city's code in the contract: its name, ASCII, left-aligned in
// 32 bytes. A city's code is its organisation's name on the chain.
type Code [32]byte

// CodeOf returns the code of city name: 1 to 32 characters of a-z, 0-9
// and '-', as organisation names are.
func CodeOf(name string) (Code, error) {
	var c Code
	if len(name) == 0 || len(name) > 32 {
		return c, fmt.Errorf("%w: city name %q must have 1 to 32 characters", ErrBadInput, name)
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-') {
			return c, fmt.Errorf("%w: city name %q: only a-z, 0-9 and '-'", ErrBadInput, name)
		}
	}
	copy(c[:], name)
	return c, nil
}

// String is the city's name.
func (c Code) String() string { return string(bytes.TrimRight(c[:], "\x00")) }

// RiderID is the pseudonymous id of a rider of a home city: a keyed hash
// (HMAC-SHA-256) of the rider's account number at the home city under the
// home city's secret rider key. It is what the QR code, the ride records
// and the risk list carry; without the key nobody can link it to the
// account, and a phone number never leaves the home city.
func RiderID(riderKey []byte, account string) [32]byte {
	m := hmac.New(sha256.New, riderKey)
	m.Write([]byte("causeway-metro-rider/v1\x00"))
	m.Write([]byte(account))
	var id [32]byte
	copy(id[:], m.Sum(nil))
	return id
}

// RideID is the id of the ride that city's gate gate recorded as its
// serial-th: SHA-256 of the three, so a gate system needs no coordination
// to make unique ids.
func RideID(city Code, gate string, serial uint64) [32]byte {
	h := sha256.New()
	h.Write([]byte("causeway-metro-ride/v1\x00"))
	h.Write(city[:])
	h.Write([]byte(gate))
	h.Write([]byte{0})
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], serial)
	h.Write(b[:])
	var id [32]byte
	copy(id[:], h.Sum(nil))
	return id
}
