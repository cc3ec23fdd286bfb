package sessiondoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
)

// write writes the documents of sessions, in order. s.mu is held; the log
// lines are returned to be emitted after it is released.
func (s *Sink) write(sessions []*sinkSession) (sinkLogs, error) {
	var logs sinkLogs
	var errs []error
	for _, ss := range sessions {
		l, err := s.writeSession(ss)
		if err != nil {
			errs = append(errs, fmt.Errorf("agentops session sink: writing session %s: %w", ss.doc.Session.SessionID, err))
			continue
		}
		logs = append(logs, l)
	}
	return logs, errors.Join(errs...)
}

// writeSession merges the events ss holds into its file and drops them
// from memory. The file of a session without its root is
// <id>.partial-<pid>.json, else <id>.json, which also takes the events of
// the partial file (removed once they are safe). What the file already
// holds is read back, so that no event written before is lost: events are
// merged by id (the held one wins), within the sink's event limit.
func (s *Sink) writeSession(ss *sinkSession) (sinkLog, error) {
	id := ss.doc.Session.SessionID
	partialName := id + ".partial-" + strconv.Itoa(os.Getpid()) + ".json"
	name := partialName
	if ss.rooted {
		name = id + ".json"
	}
	target, err := readStored(filepath.Join(s.dir, name))
	if err != nil {
		return sinkLog{}, err // never overwrite a file that cannot be read
	}
	if ss.resumed {
		if target == nil { // the document is gone: keep the events apart
			ss.rooted, ss.resumed = false, false
			return s.writeSession(ss)
		}
		ss.doc.Session, ss.doc.Name, ss.doc.Stats, ss.doc.Partial = target.Session, target.Name, target.Stats, false
		ss.resumed = false
	}
	olds := []*storedDocument{target}
	var foldPartial bool
	if ss.rooted {
		// A partial file that cannot be read is left alone, not merged.
		if p, err := readStored(filepath.Join(s.dir, partialName)); err == nil && p != nil {
			olds, foldPartial = append(olds, p), true
		}
	}

	doc := ss.doc // the header, with the merged events below
	doc.Events = nil
	index := map[string]int{}
	put := func(e Event) {
		if i, ok := index[e.ID]; ok {
			doc.Events[i] = e
		} else if len(doc.Events) < s.maxEvents {
			index[e.ID] = len(doc.Events)
			doc.Events = append(doc.Events, e)
		} else {
			doc.DroppedEvents++
		}
	}
	for _, old := range olds {
		if old == nil {
			continue
		}
		doc.DroppedEvents += old.DroppedEvents
		if init := old.Session.InitTimestamp; !ss.rooted && !init.IsZero() &&
			(doc.Session.InitTimestamp.IsZero() || init.Time().Before(doc.Session.InitTimestamp.Time())) {
			doc.Session.InitTimestamp = init
		}
		for _, e := range old.Events {
			put(Event(e))
		}
	}
	for _, e := range ss.doc.Events {
		put(e)
	}
	doc.finish()
	data, err := json.MarshalIndent(&doc, "", "  ")
	if err != nil {
		return sinkLog{}, err
	}
	path, err := writeFileAtomic(s.dir, name, append(data, '\n'))
	if err != nil {
		return sinkLog{}, err
	}
	if foldPartial {
		// Its events are in the new file now; should the removal fail,
		// they are there twice, not lost.
		_ = os.Remove(filepath.Join(s.dir, partialName))
	}
	l := sinkLog{first: !ss.written, partial: !ss.rooted, id: id, path: absPath(path)}
	ss.doc.Session.InitTimestamp = doc.Session.InitTimestamp
	ss.doc.Events, ss.doc.DroppedEvents, ss.stored = nil, 0, len(doc.Events)
	ss.written, ss.dirty = true, false
	return l, nil
}

// storedDocument is what a write needs of a file already written: its
// events, and its header for a session resumed by a late child.
type storedDocument struct {
	Session       Session       `json:"session"`
	Name          string        `json:"name"`
	Stats         *Stats        `json:"stats"`
	Events        []storedEvent `json:"events"`
	DroppedEvents int           `json:"dropped_events"`
}

// readStored reads the document at path: nil when there is no file, an
// error when the file cannot be read or is not a session document.
func readStored(path string) (*storedDocument, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var d storedDocument
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("%s is not a session document, not replacing it: %w", path, err)
	}
	return &d, nil
}

// storedEvent is an Event read back from a file. Its free-form values
// (params, returns, prompt, completion) stay the JSON they were, so that
// rewriting the file leaves them as they were (key order, numbers).
type storedEvent Event

func (e *storedEvent) UnmarshalJSON(b []byte) error {
	var kind struct {
		EventType string `json:"event_type"`
	}
	if err := json.Unmarshal(b, &kind); err != nil {
		return err
	}
	ev := Event{Params: new(json.RawMessage), Returns: new(json.RawMessage)}
	if kind.EventType == EventTypeLLM {
		ev.LLMEvent = &LLMEvent{Prompt: new(json.RawMessage), Completion: new(json.RawMessage)}
	}
	if err := json.Unmarshal(b, &ev); err != nil {
		return err
	}
	*e = storedEvent(ev)
	return nil
}

type sinkLog struct {
	first, partial bool
	id, path       string
}

type sinkLogs []sinkLog

func (l sinkLogs) emit(logger *slog.Logger) {
	for _, e := range l {
		switch {
		case e.partial:
			logger.Info("agentops: partial session saved (its root span never arrived): "+e.path, "session_id", e.id)
		case e.first:
			logger.Info("agentops: session saved: "+e.path, "session_id", e.id)
		default:
			logger.Debug("agentops: session rewritten with late spans: "+e.path, "session_id", e.id)
		}
	}
}

// writeFileAtomic writes data to dir/name so that a reader (or a crash)
// only ever sees the old file or the new one, complete: it writes a
// temporary file in dir, syncs it, renames it over the target and syncs the
// directory. The temporary file is removed on failure. dir is created
// (0700) if missing; the file is 0600, as sessions may hold prompts.
func writeFileAtomic(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: makes the rename durable where supported
		_ = d.Close()
	}
	return path, nil
}

// absPath returns path made absolute where possible, for log lines.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}
