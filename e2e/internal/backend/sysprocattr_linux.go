package backend

import "syscall"

// sysProcAttr makes the kernel kill a backend when the test binary dies, so a
// test timeout or panic does not leave Jaeger or the Collector running.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
