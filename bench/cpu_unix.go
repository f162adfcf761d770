//go:build unix

package bench

import (
	"syscall"
	"time"
)

// selfCPU returns the load generator's own CPU time so far.
func selfCPU() cpuSample {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return cpuSample{at: time.Now()}
	}
	sec := func(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }
	return cpuSample{at: time.Now(), cpu: sec(ru.Utime) + sec(ru.Stime)}
}
