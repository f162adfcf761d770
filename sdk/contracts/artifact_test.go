package contracts

import (
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
)

// Integer arguments of every size parse to the Go type go-ethereum packs
// them from (fixed-size integers up to 64 bits, *big.Int above), and values
// that do not fit are refused, never a panic.
func TestParseIntegerArguments(t *testing.T) {
	ty := func(s string) abi.Type {
		typ, err := abi.NewType(s, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		return typ
	}
	args := abi.Arguments{{Type: ty("uint8")}, {Type: ty("uint64")}, {Type: ty("int64")}, {Type: ty("uint256")}, {Type: ty("int32")}}
	vals, err := ParseArgs(args, []string{"255", "18446744073709551615", "-9223372036854775808", "0x10", "-5"})
	if err != nil {
		t.Fatal(err)
	}
	if vals[0] != uint8(255) || vals[1] != uint64(18446744073709551615) || vals[2] != int64(-9223372036854775808) || vals[4] != int32(-5) {
		t.Fatalf("parsed %#v", vals)
	}
	if _, err := args.Pack(vals...); err != nil {
		t.Fatalf("the parsed values do not pack: %v", err)
	}
	for _, c := range []struct{ typ, val string }{{"uint8", "256"}, {"uint64", "-1"}, {"int64", "9223372036854775808"}, {"int8", "-129"}, {"uint32", "x"}} {
		_, err := ParseArgs(abi.Arguments{{Type: ty(c.typ)}}, []string{c.val})
		if err == nil || !strings.Contains(err.Error(), "argument 1") {
			t.Fatalf("%s %s: %v", c.typ, c.val, err)
		}
	}
}
