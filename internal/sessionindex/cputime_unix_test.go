//go:build unix

package sessionindex

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system) the process has used:
// what a benchmark costs whatever else the machine runs, which its wall
// time does not show on a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
