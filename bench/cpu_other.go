//go:build !unix

package bench

import "time"

// selfCPU is not measured on this platform.
func selfCPU() cpuSample { return cpuSample{at: time.Now()} }
