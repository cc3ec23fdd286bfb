package sessionindex

import (
	"encoding/json"
	"errors"
	"io/fs"
	"time"

	"github.com/agentops-go/sdk/sessiondoc"
)

// summarizeData returns the Row of data, the file of session id, and
// Read's error for the same bytes. It decodes leanly: stripDocument takes
// out the bulk of the document (prompts, completions, tool input and
// output, logs, spans, host data), still checking it as JSON, and
// encoding/json decodes the rest into a sessiondoc.Document for Summarize
// itself, so the Row is the one of the full document as long as Summarize
// reads none of the stripped members (TestLeanRowsEqualSummarize checks it
// on every fixture). Only a stripped member of the wrong type (a "spans"
// that is a number) goes unnoticed. Anything else (not JSON, not of the
// document's shape) is decoded in full, for Read's error.
func summarizeData(id string, data []byte) (Row, error) {
	if lean, ok := stripDocument(data); ok {
		var doc sessiondoc.Document
		if json.Unmarshal(lean, &doc) == nil && checkSession(id, &doc.Session) == nil {
			return Summarize(&doc), nil
		}
	}
	doc, err := decode(id, data)
	if err != nil {
		return Row{}, err
	}
	return Summarize(doc), nil
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
