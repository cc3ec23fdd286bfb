//go:build !unix

package otelagentops

import (
	"errors"
	"os"
)

// errJournalUnsupported: this platform has no advisory file locks the
// journal can rely on; sessions are not journaled.
var errJournalUnsupported = errors.New("session journal not supported on this platform")

// tryLock is not supported here: the journal is off on this platform.
func tryLock(*os.File) (bool, error) { return false, errJournalUnsupported }

func mapFile(*os.File, int) ([]byte, error) { return nil, errJournalUnsupported }

func unmapFile([]byte) error { return nil }
