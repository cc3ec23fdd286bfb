package sessiondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestEndRunningDocument: a running document left by a sink is marked
// ended, its events, spans and processes untouched; a document that is not running is left as
// it was.
func TestEndRunningDocument(t *testing.T) {
	s, dir, _ := newSink(t)
	batches := runningBatches(testTrace)
	for _, b := range batches {
		if err := s.ExportSpans(t.Context(), b); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, testSessionID+".json")
	before, _ := os.ReadFile(path)
	end := t0.Add(time.Minute)
	if err := EndRunningDocument(path, end, "Fail", "the process was killed"); err != nil {
		t.Fatal(err)
	}
	d := readDoc(t, path)
	if !d.Session.EndTimestamp.Time().Equal(end) || d.Session.EndState != "Fail" || d.Session.EndStateReason != "the process was killed" || !d.Partial {
		t.Errorf("session %+v partial %v; want ended Fail at %v, still partial", d.Session, d.Partial, end)
	}
	if !slices.Equal(eventIDs(d), wantEvents(batches)) {
		t.Errorf("events %v, want %v", eventIDs(d), wantEvents(batches))
	}
	after, _ := os.ReadFile(path)
	for _, key := range []string{"events", "spans", "processes"} {
		if b, a := fieldJSON(t, before, key), fieldJSON(t, after, key); len(b) == 0 || !bytes.Equal(b, a) {
			t.Errorf("the %s changed (or there are none):\n was %s\n now %s", key, b, a)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}

	complete := filepath.Join(dir, "complete.json")
	whole, _ := json.MarshalIndent(NewDocument(sessionStubs().Snapshots()), "", "  ")
	notJSON := filepath.Join(dir, "not.json")
	for path, data := range map[string][]byte{path: after, complete: whole, notJSON: []byte("not json")} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := EndRunningDocument(path, end, "Success", ""); err == nil {
			t.Errorf("%s: no error for a document that is not running", filepath.Base(path))
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
			t.Errorf("%s was changed", filepath.Base(path))
		}
	}
	if err := EndRunningDocument(filepath.Join(dir, "missing.json"), end, "Fail", ""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}

// fieldJSON returns the top-level field key of the document data as it is
// written.
func fieldJSON(t *testing.T, data []byte, key string) []byte {
	t.Helper()
	var d map[string]json.RawMessage
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return d[key]
}
