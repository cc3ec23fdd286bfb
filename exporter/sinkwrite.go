package exporter

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
)

// write writes the documents of sessions. s.mu is held; the log lines are
// returned to be emitted after it is released.
func (s *SessionSink) write(sessions []*sinkSession) (sinkLogs, error) {
	var logs sinkLogs
	var errs []error
	for _, ss := range sessions {
		ss.doc.finish()
		data, err := json.MarshalIndent(&ss.doc, "", "  ")
		if err != nil {
			errs = append(errs, err)
			continue
		}
		name := ss.doc.Session.SessionID + ".json"
		if !ss.rooted {
			name = ss.doc.Session.SessionID + ".partial-" + strconv.Itoa(os.Getpid()) + ".json"
		}
		path, err := writeFileAtomic(s.dir, name, append(data, '\n'))
		if err != nil {
			errs = append(errs, fmt.Errorf("agentops session sink: writing session %s: %w", ss.doc.Session.SessionID, err))
			continue
		}
		logs = append(logs, sinkLog{first: !ss.written, partial: !ss.rooted, id: ss.doc.Session.SessionID, path: absPath(path)})
		ss.written, ss.dirty = true, false
	}
	return logs, errors.Join(errs...)
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
