package sessionindex

import (
	"encoding/json"
	"errors"
	"io/fs"
	"time"

	"github.com/agentops-go/sdk/sessiondoc"
)

// The lean decode: a Row needs the session object, the name, the stats and
// the figures of each event, not the bulk of a document (prompts,
// completions, tool input and output, logs, stacks, the span tree, host
// data). leanDocument decodes a document into the sessiondoc types with
// those members skipped: a member of an outer struct hides the member of
// the same JSON name in an embedded one, and skipped keeps nothing. The
// bytes are still checked as JSON in full, so a cut or malformed file is
// refused exactly as Read refuses it; only a member of the wrong type
// among the skipped ones (a "spans" that is a number) goes unnoticed.
//
// Summarize reads the result, so a Row is the same whichever decode made
// it, as long as Summarize reads none of the skipped members
// (TestLeanRowsEqualSummarize checks it on every fixture).
type leanDocument struct {
	sessiondoc.Document
	Session   leanSession `json:"session"`
	Events    []leanEvent `json:"events"`
	Spans     skipped     `json:"spans"`
	Processes skipped     `json:"processes"`
}

type leanSession struct {
	sessiondoc.Session
	HostEnv skipped `json:"host_env"`
}

type leanEvent struct {
	sessiondoc.Event
	Params     skipped `json:"params"`
	Returns    skipped `json:"returns"`
	Logs       skipped `json:"logs"`
	Prompt     skipped `json:"prompt"`
	Completion skipped `json:"completion"`
	Details    skipped `json:"details"`
	Screenshot skipped `json:"screenshot"`
}

// skipped is a JSON value decoded into nothing.
type skipped struct{}

// UnmarshalJSON keeps nothing of b.
func (*skipped) UnmarshalJSON([]byte) error { return nil }

// summarizeData returns the Row of data, the file of session id, decoding
// only what a Row needs; the error is Read's for the same bytes.
func summarizeData(id string, data []byte) (Row, error) {
	var ld leanDocument
	if err := json.Unmarshal(data, &ld); err != nil {
		// Decode it again in full, for Read's error (naming Read's types)
		// or, should the full decode take what the lean one did not, the
		// document's Row.
		doc, err := decode(id, data)
		if err != nil {
			return Row{}, err
		}
		return Summarize(doc), nil
	}
	if err := checkSession(id, &ld.Session.Session); err != nil {
		return Row{}, err
	}
	doc := ld.Document
	doc.Session = ld.Session.Session
	doc.Events = make([]sessiondoc.Event, len(ld.Events))
	for i := range ld.Events {
		doc.Events[i] = ld.Events[i].Event
	}
	return Summarize(&doc), nil
}

// summarizeFile returns the Row of the document of session id in dir. A
// file that cannot be read or decoded is a Row with Status
// StatusUnreadable, started at modTime (the file's modification time, the
// best guess at when it was written). ok is false when the file is gone.
func summarizeFile(dir, id string, modTime time.Time) (r Row, ok bool) {
	data, err := readFile(Path(dir, id))
	if errors.Is(err, fs.ErrNotExist) {
		return Row{}, false // removed since it was listed
	}
	if err == nil {
		if r, err = summarizeData(id, data); err == nil {
			return r, true
		}
	}
	return unreadableRow(id, modTime, err), true
}

// unreadableRow is the Row of the file of session id that could not be
// read or decoded for err.
func unreadableRow(id string, modTime time.Time, err error) Row {
	r := Row{ID: id, Tags: []string{}, Status: StatusUnreadable, Unreadable: err.Error()}
	if !modTime.IsZero() {
		r.Start = modTime.UTC()
	}
	return r
}
