package sessiondoc

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// mergeJoined merges into ss, a session whose root this sink holds and
// whose <session-id>.json it writes, the partial files of the processes
// that joined the session (<session-id>.partial-<pid>.json of another
// pid: their events, spans, processes and dropped counts), and returns
// their names, for writeSession to remove once <session-id>.json holds
// them. A file that cannot be read as a session document is left alone.
//
// A joined process that exports again after this (a child outliving the
// session) writes its partial file anew, with all it holds: nothing is
// lost, though <session-id>.json has only what was there at the merge
// until a late span of the session makes this sink write it again.
func (s *Sink) mergeJoined(ss *sinkSession) []string {
	prefix := ss.doc.Session.SessionID + ".partial-"
	names, err := filepath.Glob(filepath.Join(s.dir, prefix+"*.json"))
	if err != nil {
		return nil
	}
	own := prefix + strconv.Itoa(s.pid) + ".json"
	var merged []string
	for _, path := range names {
		name := filepath.Base(path)
		pid := strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".json")
		if name == own || !allDigits(pid) {
			continue
		}
		if info, err := os.Lstat(path); err != nil || !info.Mode().IsRegular() {
			continue
		}
		d, err := readStored(path)
		if err != nil || d == nil {
			continue
		}
		ss.load(d, s.maxEvents)
		merged = append(merged, name)
	}
	return merged
}

// allDigits reports whether s is a non-empty string of ASCII digits.
func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
