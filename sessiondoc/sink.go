package sessiondoc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

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
// It writes as it goes: each ExportSpans writes the document of every
// session the batch touched (one file write per session, however many of
// its spans the batch holds), so that a process killed outright (SIGKILL,
// out of memory) leaves the spans it exported on disk. Until the
// session's root span arrives (the root ends last) the document is
// running: "partial": true, with no end_timestamp or end_state, its header
// read from the spans so far (the session ID, the earliest start). When
// the root arrives the same file is completed: the header is the root's,
// the events stay. A running document whose process died stays as it was,
// readable; EndRunningDocument marks it ended.
//
// Each write replaces the whole file, so rewriting a long session at
// every export (about every second) would cost I/O growing with the
// square of its length (see BenchmarkSinkLongSession). A running document
// of up to 256 KiB (some 200 LLM calls with short messages) is written at
// every export; a larger one only once it is due: a second per MiB it
// holds after its previous write began (1 MiB/s on average), and never
// sooner than ten times that write's duration after it began (a tenth of
// the time at most, on a slow disk or a loaded machine too). A deferred
// document is written when it falls due by a wake-up of the sink's own,
// without waiting for more spans, and at once by ForceFlush (which
// exporter.BatchProcessor calls, so otelagentops' Client.ForceFlush), by
// the root's arrival, when it is evicted and at Shutdown. A process
// killed outright thus also loses the spans of a large running session
// exported in the last (its size in MiB) seconds, but never those
// exported before a ForceFlush that returned.
//
// Files are replaced atomically (write to a temporary file, sync, then
// rename), so a crash never leaves a corrupt one; a file that exists but
// cannot be read as a Document is never overwritten (the write fails). The
// first write of a session logs the file's path at info level, and so does
// the write that completes it.
//
// One file has one writer. A sink writes <session-id>.json only if it
// created that file or holds the session's root; otherwise (the spans of a
// session this process joined, marked agentops.session.inherited, whose
// root another process writes; or a <session-id>.json another process
// wrote) it writes <session-id>.partial-<pid>.json, and if the root
// arrives after all, <session-id>.json takes that file's events and the
// partial file is removed. The sink that writes <session-id>.json with the
// root also takes in the partial files of the other processes (those that
// joined the session) and removes them.
//
// Memory is bounded: at most WithMaxSessions running sessions are held
// (those whose file is up to date are forgotten first, the least recently
// used first), and at most WithMaxEvents events and as many spans per
// session (later ones are counted in dropped_events and dropped_spans). A session held in memory is rewritten
// from memory, never read back. A complete session is forgotten once
// written. A span of a forgotten session (a child arriving after its
// root, or a session forgotten to make room) is merged into the file this
// sink wrote, read back once, for the last few thousand sessions the sink
// wrote; after that, or if the file is gone, it goes to the partial file:
// no event is lost. Every span of a session is kept (Document.Spans),
// with the processes that recorded them: a span with an event, the root,
// a span stamped with agentops.session.id (the SessionProcessor stamps
// every span of a session's trace), or any span of a trace the sink has a
// document of. A trace with none of these (another instrumentation's,
// outside any session) gets no document. A running document is named
// from its first write when the session's start was told
// (SessionStarted, which otelagentops' Client calls), else once its root
// arrives.
//
// It is safe for concurrent use; after Shutdown, ExportSpans fails with an
// error wrapping exporter.ErrExporterShutdown, the other methods do
// nothing and no wake-up runs.
type Sink struct {
	dir       string
	logger    *slog.Logger
	maxEvents int
	pid       int

	mu       sync.Mutex
	sessions *bounded.Map[trace.TraceID, *sinkSession] // settled ones evicted first
	stopped  bool
	// owned remembers the sessions whose <session-id>.json this sink wrote
	// and then dropped from memory to make room, so that a span arriving
	// later is merged into that file rather than a partial one. A
	// <session-id>.json another process wrote is never rewritten from
	// here unless this sink holds the session's root. The oldest are
	// forgotten first.
	owned *bounded.Map[trace.TraceID, struct{}]
	// started are the names of sessions told by SessionStarted, with a
	// lock of their own.
	started *startedNames

	// When running documents are rewritten (sinkdefer.go): clock, the
	// size below which they are written at every export, the armed
	// wake-up (nil if none; wakeGen names it) and the wake-ups that may
	// still run, for Shutdown to wait on.
	clock   sinkClock
	prompt  int
	wake    func() bool
	wakeAt  time.Time
	wakeGen uint64
	wakes   sync.WaitGroup
	out     int64 // bytes written, for the benchmarks
}

// maxOwned bounds how many forgotten sessions a sink remembers, so that a
// late child of any of the last few thousand sessions still joins its
// document.
const maxOwned = 4096

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
	return &Sink{dir: cfg.dir, logger: cfg.logger, maxEvents: cfg.maxEvents, pid: os.Getpid(),
		sessions: bounded.New[trace.TraceID](cfg.maxSessions, (*sinkSession).settled),
		owned:    bounded.New[trace.TraceID, struct{}](maxOwned, nil), started: newStartedNames(cfg.maxSessions),
		clock: wallClock{}, prompt: promptBytes}, nil
}

// Dir returns the folder the sink writes to.
func (s *Sink) Dir() string { return s.dir }

// ExportSpans adds spans to their sessions and writes the document of
// every session that changed, once each, before it returns, except the
// running documents deferred (see Sink), which it arranges to write when
// they fall due. Write failures are returned (the session is tried again
// at the next export). After Shutdown it writes nothing and returns an
// error.
func (s *Sink) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		if len(spans) == 0 {
			return nil
		}
		return apihttp.ErrExporterShutdown
	}
	var writes []*sinkSession // evicted before their file was up to date
	for _, span := range spans {
		v := viewOf(span)
		root := v.kind == string(semconv.SpanKindSession)
		var events []Event
		if !root {
			events = eventsOf(span, v)
			if len(events) == 0 && !v.stamped && !s.known(span.SpanContext().TraceID()) {
				continue // a trace that is no session's: no document
			}
		}
		ss := s.session(span.SpanContext().TraceID(), &writes)
		if root {
			ss.doc.setRoot(span, v)
			ss.rooted = true
			s.started.take(ss.trace, true) // the root names it
		} else {
			ss.joined = ss.joined || v.inherited
		}
		ss.add(span, v, events, s.maxEvents, s.pid)
		ss.dirty = true
	}
	now := s.clock.Now()
	due, next := s.due(now)
	logs, err := s.write(append(writes, due...))
	s.arm(now, next)
	s.mu.Unlock()
	logs.emit(s.logger)
	return err
}

// known reports whether the sink holds or remembers a document of trace
// t. s.mu is held.
func (s *Sink) known(t trace.TraceID) bool {
	_, held := s.sessions.Peek(t)
	_, owned := s.owned.Peek(t)
	return held || owned
}

// session returns the state of trace t, making room when the sink is full:
// a session whose file is up to date is forgotten, else the least recently
// used one is queued on writes and forgotten once written. s.mu is held.
func (s *Sink) session(t trace.TraceID, writes *[]*sinkSession) *sinkSession {
	if ss, ok := s.sessions.Get(t); ok {
		return ss
	}
	ss := newSinkSession(t)
	ss.doc.Name = s.started.take(t, false)
	if _, victim, ok := s.sessions.Put(t, ss); ok {
		victim.evicted = true
		if victim.settled() {
			s.forget(victim)
		} else {
			*writes = append(*writes, victim)
		}
	}
	return ss
}

// forget drops ss from memory for good, remembering that this sink wrote
// <session-id>.json if it did. s.mu is held.
func (s *Sink) forget(ss *sinkSession) {
	if ss.file == ss.mainName() && ss.written {
		s.owned.Put(ss.trace, struct{}{})
	}
}

// Shutdown writes the sessions a failed write or the deferral left
// behind, logs each session whose root never arrived (its document stays
// partial), then makes the sink refuse exports; no wake-up runs after it
// returns. Only the first call does anything.
func (s *Sink) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil
	}
	s.stopped = true
	s.disarm()
	logs, err := s.write(s.changed())
	for _, ss := range s.sessions.All() {
		if !ss.rooted && ss.written {
			logs = append(logs, sinkLog{kind: logPartial, id: ss.doc.Session.SessionID, path: absPath(s.path(ss.file))})
		}
	}
	s.sessions = nil
	s.started.stop()
	s.mu.Unlock()
	s.wakes.Wait() // one that had fired finds the sink stopped
	logs.emit(s.logger)
	return errors.Join(err, ctx.Err())
}
