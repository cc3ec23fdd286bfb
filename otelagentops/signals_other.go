//go:build !unix

package otelagentops

import (
	"os"
	"os/signal"
)

// exitSignals are the signals HandleSignals handles.
var exitSignals = []os.Signal{os.Interrupt}

// raise restores the default disposition of sig and, as a process cannot
// send itself a signal here, exits with status 1.
func raise(sig os.Signal) {
	signal.Reset(sig)
	os.Exit(1)
}

// signalName returns the conventional name of sig, e.g. SIGINT.
func signalName(sig os.Signal) string {
	if sig == os.Interrupt {
		return "SIGINT"
	}
	return sig.String()
}
