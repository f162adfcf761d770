package sim

import "testing"

func TestDetRate(t *testing.T) {
	same, diff := 0, 0
	for seed := uint64(1); seed <= 12; seed++ {
		sc := Generate(seed)
		a := Run(t, sc, RunOptions{})
		b := Run(t, sc, RunOptions{})
		if a.Trace == b.Trace && a.Blocks == b.Blocks {
			same++
		} else {
			diff++
			t.Logf("seed %d differs (%d vs %d events): %s", seed, a.Events, b.Events, sc)
		}
	}
	t.Logf("same %d diff %d", same, diff)
}
