//go:build unix

package otelagentops

import (
	"os"
	"os/signal"
	"syscall"
)

// exitSignals are the signals HandleSignals handles.
var exitSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM}

// raise restores the default disposition of sig and sends it to the process,
// which then exits (or stops) as the signal's default action says.
func raise(sig os.Signal) {
	signal.Reset(sig)
	if s, ok := sig.(syscall.Signal); ok {
		_ = syscall.Kill(os.Getpid(), s)
	}
}

// signalName returns the conventional name of sig, e.g. SIGINT.
func signalName(sig os.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	}
	return sig.String()
}
