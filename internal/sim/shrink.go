package sim

import (
	"slices"
	"testing"
	"time"
)

// maxShrinkRuns bounds the runs one shrink makes.
const maxShrinkRuns = 40

// Shrink reduces a failing schedule to a smaller one that still fails:
// it removes faults one at a time, then shortens faults and the workload,
// keeping each change after which a rule is still broken. It returns the
// smallest failing schedule found and its result.
func Shrink(t *testing.T, sched Schedule, res *Result, opts RunOptions) (Schedule, *Result) {
	runs := 0
	try := func(c Schedule) (*Result, bool) {
		if runs >= maxShrinkRuns {
			return nil, false
		}
		runs++
		r := Run(t, c, opts)
		return r, r.Failed()
	}
	best, bestRes := sched, res
	// Remove faults, the last first.
	for i := len(best.Faults) - 1; i >= 0; i-- {
		c := best
		c.Faults = slices.Delete(slices.Clone(best.Faults), i, i+1)
		if r, ok := try(c); ok {
			best, bestRes = c, r
		}
	}
	// Shorten what is left: halve each fault's duration, then the workload.
	for i := range best.Faults {
		if best.Faults[i].Kind == Byzantine {
			continue
		}
		for best.Faults[i].Dur > 200*time.Millisecond {
			c := best
			c.Faults = slices.Clone(best.Faults)
			c.Faults[i].Dur /= 2
			r, ok := try(c)
			if !ok {
				break
			}
			best, bestRes = c, r
		}
	}
	for best.Length > time.Second {
		c := best
		c.Length /= 2
		r, ok := try(c)
		if !ok {
			break
		}
		best, bestRes = c, r
	}
	// Fewer Byzantine behaviours.
	for i := range best.Faults {
		f := best.Faults[i]
		if f.Kind != Byzantine {
			continue
		}
		for j := len(f.Modes) - 1; j >= 0 && len(best.Faults[i].Modes) > 1; j-- {
			c := best
			c.Faults = slices.Clone(best.Faults)
			c.Faults[i].Modes = slices.Delete(slices.Clone(best.Faults[i].Modes), j, j+1)
			if r, ok := try(c); ok {
				best, bestRes = c, r
			}
		}
	}
	return best, bestRes
}
