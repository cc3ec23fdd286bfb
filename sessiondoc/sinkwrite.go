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

// write writes the documents of sessions, in order. It forgets those
// evicted meanwhile, and those now complete: a child arriving after its
// root is rare, and reads the file back. s.mu is held; the log lines are
// returned to be emitted after it is released.
func (s *Sink) write(sessions []*sinkSession) (sinkLogs, error) {
	var logs sinkLogs
	var errs []error
	for _, ss := range sessions {
		start := s.clock.Now()
		l, err := s.writeSession(ss)
		if err == nil {
			ss.next = nextRewrite(start, s.clock.Now().Sub(start), ss.size, s.prompt)
			s.out += int64(ss.size)
		}
		if err == nil && ss.rooted && !ss.evicted {
			if cur, ok := s.sessions.Peek(ss.trace); ok && cur == ss {
				s.sessions.Delete(ss.trace)
				ss.evicted = true
			}
		}
		if ss.evicted {
			s.forget(ss)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("agentops session sink: writing session %s: %w", ss.doc.Session.SessionID, err))
			continue
		}
		logs = append(logs, l)
	}
	return logs, errors.Join(errs...)
}

// writeSession writes the document of ss from memory (deciding its file
// at its first write, see open) and logs the first write and the one that
// completes the document.
func (s *Sink) writeSession(ss *sinkSession) (sinkLog, error) {
	if ss.file == "" {
		if err := s.open(ss); err != nil {
			return sinkLog{}, err
		}
	}
	apart := ""
	if ss.rooted && ss.file != ss.mainName() {
		// The root came to a session kept apart: <id>.json takes its
		// events, merged with what that file holds.
		main, err := readStored(s.path(ss.mainName()))
		if err != nil {
			return sinkLog{}, err // never overwrite a file that cannot be read
		}
		if main != nil {
			ss.load(main, s.maxEvents)
		}
		apart, ss.file, ss.written = ss.file, ss.mainName(), main != nil
	}
	var joined []string
	if ss.rooted {
		joined = s.mergeJoined(ss)
	}
	data, err := ss.encode()
	if err != nil {
		return sinkLog{}, err
	}
	// A running document is not synced to disk: it must survive the
	// process (the page cache does that), and its next write replaces it;
	// the complete one is.
	data = append(data, '\n')
	ss.size = len(data)
	path, err := writeFileAtomic(s.dir, ss.file, data, !ss.written && ss.file == ss.mainName(), ss.rooted)
	if errors.Is(err, fs.ErrExist) {
		// Another writer created <id>.json since open looked: decide again.
		ss.file = ""
		if apart != "" {
			ss.file = apart
		}
		return s.writeSession(ss)
	}
	if err != nil {
		return sinkLog{}, err
	}
	if apart != "" {
		// Its events are in <id>.json now; should the removal fail, they
		// are there twice, not lost.
		_ = os.Remove(s.path(apart))
	}
	for _, name := range joined {
		_ = os.Remove(s.path(name)) // as apart: twice rather than lost
	}
	l := sinkLog{kind: logRewrite, id: ss.doc.Session.SessionID, path: absPath(path)}
	switch {
	case ss.rooted && !ss.saved:
		l.kind, ss.saved = logSaved, true
	case !ss.written:
		l.kind = logRunning
	}
	ss.written, ss.dirty = true, false
	return l, nil
}

// open decides the file of a session at its first write, reading back
// what that file holds if it is this sink's, once:
//   - <id>.json if this sink wrote it before forgetting the session;
//   - else, for a session not joined from another process, <id>.json if
//     there is none yet (the write creates it, failing if another writer
//     did first), or if this entry holds the root (it merges what the
//     file holds, as the root completes the session);
//   - else <id>.partial-<pid>.json, this process's own.
func (s *Sink) open(ss *sinkSession) error {
	main := ss.mainName()
	if _, ok := s.owned.Delete(ss.trace); ok {
		d, err := readStored(s.path(main))
		if err != nil {
			s.owned.Put(ss.trace, struct{}{})
			return err
		}
		if d != nil {
			ss.file, ss.written = main, true
			ss.load(d, s.maxEvents)
			return nil
		}
		// The document is gone: keep the events apart.
	} else if !ss.joined {
		d, err := readStored(s.path(main))
		switch {
		case err != nil && ss.rooted:
			return err // never overwrite a file that cannot be read
		case err == nil && d == nil:
			ss.file = main
			return nil
		case err == nil && ss.rooted:
			ss.file, ss.written = main, true
			ss.load(d, s.maxEvents)
			return nil
		}
	}
	apart := ss.doc.Session.SessionID + ".partial-" + strconv.Itoa(s.pid) + ".json"
	d, err := readStored(s.path(apart))
	if err != nil {
		return err
	}
	ss.file = apart
	if d != nil {
		ss.written = true
		ss.load(d, s.maxEvents)
	}
	return nil
}

// path returns the path of the file named name in the sink's folder.
func (s *Sink) path(name string) string { return filepath.Join(s.dir, name) }

// storedDocument is what a write needs of a file already written: its
// events, and its header for a session resumed by a late child.
type storedDocument struct {
	Session       Session       `json:"session"`
	Name          string        `json:"name"`
	Stats         *Stats        `json:"stats"`
	Events        []storedEvent `json:"events"`
	DroppedEvents int           `json:"dropped_events"`
	Partial       bool          `json:"partial"`
	Spans         []storedSpan  `json:"spans"`
	Processes     []Process     `json:"processes"`
	DroppedSpans  int           `json:"dropped_spans"`
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

// storedSpan is a Span read back from a file. Its attribute values stay
// the JSON they were, so that rewriting the file leaves them as they were.
type storedSpan Span

func (sp *storedSpan) UnmarshalJSON(b []byte) error {
	type plain Span // without this method
	var raw struct {
		plain
		Attributes map[string]json.RawMessage `json:"attributes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*sp = storedSpan(raw.plain)
	if raw.Attributes != nil {
		sp.Attributes = make(map[string]any, len(raw.Attributes))
		for k, v := range raw.Attributes {
			sp.Attributes[k] = v
		}
	}
	return nil
}

// sinkLog is a log line of a write, emitted once s.mu is released.
type sinkLog struct {
	kind     sinkLogKind
	id, path string
}

type sinkLogKind int

const (
	logRewrite sinkLogKind = iota // a later write: debug
	logRunning                    // the first write, before the root
	logSaved                      // the write with the root
	logPartial                    // Shutdown before the root came
)

type sinkLogs []sinkLog

func (l sinkLogs) emit(logger *slog.Logger) {
	for _, e := range l {
		switch e.kind {
		case logRunning:
			logger.Info("agentops: session file started, written as spans arrive: "+e.path, "session_id", e.id)
		case logSaved:
			logger.Info("agentops: session saved: "+e.path, "session_id", e.id)
		case logPartial:
			logger.Info("agentops: partial session saved (its root span never arrived): "+e.path, "session_id", e.id)
		default:
			logger.Debug("agentops: session file updated: "+e.path, "session_id", e.id)
		}
	}
}

// writeFileAtomic writes data to dir/name so that a reader (or a crash)
// only ever sees the old file or the new one, complete: it writes a
// temporary file in dir, renames it over the target and, with durable,
// syncs the file before and the directory after (so that the file also
// survives a crash of the machine). With create, the target must not exist: it is linked in
// rather than renamed, and an error wrapping fs.ErrExist reports that it
// does (another writer made it first). The temporary file is removed on
// failure. dir is created (0700) if missing; the file is 0600, as sessions
// may hold prompts.
func writeFileAtomic(dir, name string, data []byte, create, durable bool) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	var serr error
	if durable {
		serr = f.Sync()
	}
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	path := filepath.Join(dir, name)
	if create {
		err = createFrom(tmp, path)
	} else {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	if !durable {
		return path, nil
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: makes the rename durable where supported
		_ = d.Close()
	}
	return path, nil
}

// createFrom moves the file tmp to path, which must not exist: a hard
// link fails if it does, so two writers cannot both create path. Where
// hard links are not supported it checks, then renames.
func createFrom(tmp, path string) error {
	err := os.Link(tmp, path)
	switch {
	case err == nil:
		_ = os.Remove(tmp) // path holds the data; a stray link is harmless
		return nil
	case errors.Is(err, fs.ErrExist):
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
	}
	return os.Rename(tmp, path)
}

// absPath returns path made absolute where possible, for log lines.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}
