package consensus

import (
	"testing"

	"github.com/causeway/causeway/types"
)

// Whatever in-bounds values governance gives the chain parameters, the
// consensus library accepts the configuration built from them (its
// Validate refuses, among others, a request larger than a batch and a
// batch count above the batch bytes): every combination of floors and
// ceilings is tried.
func TestBFTConfigValidAtEveryParamCorner(t *testing.T) {
	bounds := types.ParamBounds()
	tried := 0
	for mask := 0; mask < 1<<len(bounds); mask++ {
		p := types.DefaultParams()
		for i, b := range bounds {
			v := b.Min
			if mask&(1<<i) != 0 {
				v = b.Max
			}
			// SetParam refuses a gas pair with tx above block, which no
			// chain can reach: that limit then keeps its previous value.
			q := p
			if err := q.SetParam(b.Name, v); err == nil {
				p = q
			} else if b.Name == "tx_gas_limit" || b.Name == "block_gas_limit" {
				continue
			} else {
				t.Fatalf("%s = %d: %v", b.Name, v, err)
			}
		}
		if p.Check() != nil {
			continue
		}
		tried++
		if err := bftConfig(1, p, DefaultTuning()).Validate(); err != nil {
			t.Fatalf("parameters %+v give an invalid consensus configuration: %v", p, err)
		}
	}
	if tried < 1<<(len(bounds)-1) {
		t.Fatalf("only %d combinations tried", tried)
	}
}
