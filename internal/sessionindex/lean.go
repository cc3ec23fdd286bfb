package sessionindex

import (
	"bytes"
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
// on every fixture). The spans count only in a session another process
// joined (Document.Totals reads them only when a process is Inherited):
// such a document is stripped again keeping what Totals reads of them.
// Only a stripped member of the wrong type (a "spans" that is a number)
// goes unnoticed. Anything else (not JSON, not of the document's shape)
// is decoded in full, for Read's error.
func summarizeData(id string, data []byte) (Row, error) {
	if doc, ok := leanDocument(id, data, false); ok {
		if !joined(doc) {
			return Summarize(doc), nil
		}
		if doc, ok = leanDocument(id, data, true); ok {
			return Summarize(doc), nil
		}
	}
	doc, err := decode(id, data)
	if err != nil {
		return Row{}, err
	}
	return Summarize(doc), nil
}

// leanDocument decodes data stripped (stripDocument, with the spans Totals
// reads when withSpans); ok is false when that fails or the document is
// not the session id's.
func leanDocument(id string, data []byte, withSpans bool) (*sessiondoc.Document, bool) {
	lean, ok := stripDocument(data, withSpans)
	if !ok {
		return nil, false
	}
	var doc sessiondoc.Document
	if json.Unmarshal(lean, &doc) != nil || checkSession(id, &doc.Session) != nil {
		return nil, false
	}
	return &doc, true
}

// joined reports whether a process joined the session of doc.
func joined(doc *sessiondoc.Document) bool {
	for _, p := range doc.Processes {
		if p.Inherited {
			return true
		}
	}
	return false
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

// Members of a document no Row needs, by their JSON names: in the session
// object, in each event, in each process, in each span. stripDocument
// drops them. Of a span's attributes, a Row needs only the session's own
// (keptAttributePrefix: a joined process's figures, for
// sessiondoc.Document.Totals).
var (
	strippedSession = [][]byte{[]byte(`"host_env"`)}
	strippedEvent   = [][]byte{[]byte(`"params"`), []byte(`"returns"`), []byte(`"logs"`), []byte(`"prompt"`),
		[]byte(`"completion"`), []byte(`"details"`), []byte(`"screenshot"`)}
	strippedProcess = [][]byte{[]byte(`"pid"`), []byte(`"host"`), []byte(`"service"`)}
	strippedSpan    = [][]byte{[]byte(`"name"`), []byte(`"parent_span_id"`), []byte(`"kind"`), []byte(`"start"`),
		[]byte(`"end"`), []byte(`"error"`), []byte(`"event_ids"`)}
	keptAttributePrefix = []byte(`"agentops.session.`)
)

// stripDocument returns data, a session document, without the members no
// Row needs (the bulk of a document: prompts, completions, tool input and
// output, logs, host data; all of a process but its ID and whether it
// joined; the spans, or with withSpans all of them but their IDs,
// processes and session attributes), compacted between members, for
// encoding/json to decode in a fraction of the time. It checks the whole
// of data as JSON, as strictly as encoding/json does or more: ok is false
// for anything it does not take (not JSON, not an object, a key written
// with escapes is merely kept), and the caller decodes data itself then.
// A member is dropped only when its key is written exactly as above (an
// attribute kept unless it is written without escapes and outside the
// prefix), so every member it keeps decodes as it would in data.
func stripDocument(data []byte, withSpans bool) (out []byte, ok bool) {
	s := stripper{data: data, out: make([]byte, 0, 2048)}
	s.ws()
	if !s.object(0, func(key []byte, depth int) bool {
		switch {
		case !withSpans && bytes.Equal(key, []byte(`"spans"`)):
			return s.skip(depth)
		case bytes.Equal(key, []byte(`"spans"`)) && s.at('['):
			return s.objects(depth, s.span)
		case bytes.Equal(key, []byte(`"processes"`)) && s.at('['):
			return s.objects(depth, s.drop(strippedProcess))
		case bytes.Equal(key, []byte(`"session"`)) && s.at('{'):
			return s.object(depth, s.drop(strippedSession))
		case bytes.Equal(key, []byte(`"events"`)) && s.at('['):
			return s.objects(depth, s.drop(strippedEvent))
		}
		return s.copy(depth)
	}) {
		return nil, false
	}
	s.ws()
	return s.out, s.pos == len(data)
}

// span is the member function of a span: it drops the members no Row
// needs, and the attributes outside keptAttributePrefix; attributes of
// which none is kept are dropped whole (to a Row, none is as good as an
// empty object).
func (s *stripper) span(key []byte, depth int) bool {
	switch {
	case has(strippedSpan, key):
		return s.skip(depth)
	case bytes.Equal(key, []byte(`"attributes"`)) && s.at('{'):
		at := len(s.out)
		if !s.object(depth, func(key []byte, depth int) bool {
			if bytes.HasPrefix(key, keptAttributePrefix) || bytes.IndexByte(key, '\\') >= 0 {
				return s.copy(depth)
			}
			return s.skip(depth)
		}) {
			return false
		}
		if len(s.out) == at+len("{}") {
			s.out = s.out[:at]
		}
		return true
	}
	return s.copy(depth)
}
