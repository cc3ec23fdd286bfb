package sessiondoc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/apihttp"
	"github.com/agentops-go/sdk/internal/bounded"
	"github.com/agentops-go/sdk/semconv"
)

// Sink is an sdktrace.SpanExporter that writes each session as one JSON
// Document (see NewDocument) to <dir>/<session-id>.json: the offline
// default of the SDK, readable with jq.
//
// It gathers the events of a session's spans across batches and writes the
// file when the root span arrives (the root ends last). Once written, a
// session's events are dropped from memory: children that arrive later are
// merged into the file on disk (read, merged by event id, rewritten). Files
// are replaced atomically (write to a temporary file, sync, then rename), so
// a crash never leaves a corrupt one; a file that exists but cannot be read
// as a Document is never overwritten (the write fails). The first write of
// a session logs the file's path at info level.
//
// Memory is bounded: at most WithMaxSessions sessions are held (written ones
// are forgotten first, the oldest first), and at most WithMaxEvents events
// per session, held or in its file (later ones are counted in
// dropped_events). A session evicted or still open at Shutdown, whose root
// never came (for example a session this process joined), is written as
// <session-id>.partial-<pid>.json with "partial": true; if that file
// exists already (the session was evicted before), its events are merged
// in, so it stays one document per session and process. When the root
// arrives later, <session-id>.json takes the events of this process's
// partial file, which is then removed. A child that arrives after its
// written session was forgotten is merged into <session-id>.json, its
// header kept, for the last few thousand sessions the sink wrote (after
// that, or if the file is gone, it goes to the partial file: no event is
// lost). Spans that map to no event are not kept. It is safe for
// concurrent use; after Shutdown, ExportSpans fails with an error wrapping
// exporter.ErrExporterShutdown and the other methods do nothing.
type Sink struct {
	dir       string
	logger    *slog.Logger
	maxEvents int

	mu       sync.Mutex
	sessions *bounded.Map[trace.TraceID, *sinkSession] // settled ones evicted first
	stopped  bool
	// forgot remembers the sessions whose whole document (root included)
	// this sink wrote and then dropped from memory to make room, so that a
	// child arriving late is merged into <session-id>.json rather than a
	// partial file. Only sessions this sink wrote are remembered: a
	// <session-id>.json another process wrote in the same folder is never
	// rewritten from here. The oldest are forgotten first.
	forgot *bounded.Map[trace.TraceID, struct{}]
}

// maxForgotten bounds how many forgotten sessions a sink remembers, so
// that a late child of any of the last few thousand sessions still joins
// its document.
const maxForgotten = 4096

// sinkSession is the sink's state for one session.
type sinkSession struct {
	// doc holds the session's header, and the events and dropped_events
	// count not yet written: a write merges them into the file and
	// empties them.
	doc     Document
	rooted  bool
	resumed bool // rooted by a document written whole before: its header is in the file
	written bool // this entry has written its file at least once
	dirty   bool // doc has changes the file does not have
	stored  int  // events in the file after this entry's last write
}

var _ sdktrace.SpanExporter = (*Sink)(nil)

// NewSink returns a sink writing into the folder WithDir or
// AGENTOPS_SESSION_DIR names (default ./agentops-sessions, created at the
// first write). It fails, naming the setting, when the folder is empty or a
// bound is not positive.
func NewSink(opts ...SinkOption) (*Sink, error) {
	cfg, err := newSinkConfig(opts)
	if err != nil {
		return nil, fmt.Errorf("agentops session sink: %w", err)
	}
	return &Sink{dir: cfg.dir, logger: cfg.logger, maxEvents: cfg.maxEvents,
		sessions: bounded.New[trace.TraceID](cfg.maxSessions, (*sinkSession).settled),
		forgot:   bounded.New[trace.TraceID, struct{}](maxForgotten, nil)}, nil
}

// Dir returns the folder the sink writes to.
func (s *Sink) Dir() string { return s.dir }

// ExportSpans adds spans to their sessions and writes every session whose
// root has arrived and that changed. Write failures are returned (the
// session is tried again at the next export). After Shutdown it writes
// nothing and returns an error.
func (s *Sink) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		if len(spans) == 0 {
			return nil
		}
		return apihttp.ErrExporterShutdown
	}
	var writes []*sinkSession
	for _, span := range spans {
		v := viewOf(span)
		root := v.kind == string(semconv.SpanKindSession)
		var events []Event
		if !root {
			if events = eventsOf(span, v); len(events) == 0 {
				continue
			}
		}
		ss := s.session(span.SpanContext().TraceID(), &writes)
		if root {
			ss.doc.setRoot(span, v)
			ss.rooted = true
		} else {
			ss.add(span, events, s.maxEvents)
		}
		ss.dirty = true
	}
	for _, ss := range s.sessions.All() {
		if ss.rooted && ss.dirty {
			writes = append(writes, ss)
		}
	}
	logs, err := s.write(writes)
	s.mu.Unlock()
	logs.emit(s.logger)
	return err
}

// session returns the state of trace t, making room when the sink is full:
// a written session is forgotten, else the oldest open one is queued on
// writes as partial and forgotten. s.mu is held.
func (s *Sink) session(t trace.TraceID, writes *[]*sinkSession) *sinkSession {
	if ss, ok := s.sessions.Get(t); ok {
		return ss
	}
	ss := &sinkSession{}
	ss.doc.Session = Session{SessionID: sessionID(t), Tags: []string{}}
	ss.doc.Partial = true
	if victim, best, ok := s.sessions.Put(t, ss); ok && !best.settled() {
		*writes = append(*writes, best)
	} else if ok && best.rooted {
		s.forgot.Put(victim, struct{}{})
	}
	if _, ok := s.forgot.Delete(t); ok {
		ss.rooted, ss.resumed = true, true
	}
	return ss
}

// settled reports whether the session's file is up to date.
func (ss *sinkSession) settled() bool { return ss.written && !ss.dirty }

// add appends the events of span, within the limit (counting the events
// already in the file). s.mu is held.
func (ss *sinkSession) add(span sdktrace.ReadOnlySpan, events []Event, limit int) {
	if ss.stored+len(ss.doc.Events)+len(events) > limit {
		ss.doc.DroppedEvents += len(events)
		return
	}
	ss.doc.Events = append(ss.doc.Events, events...)
	if !ss.rooted && (ss.doc.Session.InitTimestamp.IsZero() || span.StartTime().Before(ss.doc.Session.InitTimestamp.Time())) {
		ss.doc.Session.InitTimestamp = Timestamp(span.StartTime())
	}
}

// ForceFlush does nothing: a session is written as soon as its root
// arrives. It returns ctx's error if ctx has ended.
func (s *Sink) ForceFlush(ctx context.Context) error { return ctx.Err() }

// Shutdown writes every session whose root never arrived as partial, then
// makes the sink refuse exports. Only the first call does anything.
func (s *Sink) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil
	}
	s.stopped = true
	var writes []*sinkSession
	for _, ss := range s.sessions.All() {
		if ss.dirty || !ss.written {
			writes = append(writes, ss)
		}
	}
	logs, err := s.write(writes)
	s.sessions = nil
	s.mu.Unlock()
	logs.emit(s.logger)
	return errors.Join(err, ctx.Err())
}
