package sessiondoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"
)

// EndRunningDocument marks the running session document at path ended: a
// file a Sink wrote before the session's root span arrived ("partial":
// true, no end_timestamp), whose writer died (SIGKILL, out of memory) or
// stopped without the root. It sets the session's end_timestamp to end,
// its end_state (Success, Fail or Indeterminate) and end_state_reason, and
// replaces the file atomically; the events, spans and processes stay as they were, and the
// document stays partial (the root, with the session's name, tags and
// stats, never arrived). The file's mode is 0600, as a Sink writes it.
//
// It fails, changing nothing, if the file cannot be read as a session
// document, is not running (complete, or ended already) or endState is
// empty. It must not be called on a file a live Sink still writes: the
// Sink would write its own header over it.
func EndRunningDocument(path string, end time.Time, endState, reason string) error {
	if endState == "" {
		return errors.New("agentops: ending a session document: the end state is empty")
	}
	d, err := readStored(path)
	if err == nil && d == nil {
		err = &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	if err != nil {
		return fmt.Errorf("agentops: ending a session document: %w", err)
	}
	if !d.Partial || !d.Session.EndTimestamp.IsZero() {
		return fmt.Errorf("agentops: ending a session document: %s is not running (it has its root or an end)", path)
	}
	doc := Document{Session: d.Session, Name: d.Name, Stats: d.Stats, DroppedEvents: d.DroppedEvents, Partial: true,
		Events: make([]Event, len(d.Events)), Processes: d.Processes, DroppedSpans: d.DroppedSpans}
	for i, e := range d.Events {
		doc.Events[i] = Event(e)
	}
	for _, sp := range d.Spans {
		doc.Spans = append(doc.Spans, Span(sp))
	}
	doc.Session.EndTimestamp, doc.Session.EndState, doc.Session.EndStateReason = Timestamp(end), endState, reason
	if doc.Session.Tags == nil {
		doc.Session.Tags = []string{}
	}
	doc.finish()
	data, err := json.MarshalIndent(&doc, "", "  ")
	if err != nil {
		return fmt.Errorf("agentops: ending a session document: %w", err)
	}
	if _, err := writeFileAtomic(filepath.Dir(path), filepath.Base(path), append(data, '\n'), false, true); err != nil {
		return fmt.Errorf("agentops: ending a session document: %w", err)
	}
	return nil
}
