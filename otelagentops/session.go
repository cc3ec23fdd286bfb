package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// Session is one execution of an agent workflow: the root span of one trace
// whose trace ID is the session ID. Every span started from a context
// carrying the session belongs to it. Methods are safe for concurrent use.
//
// Methods are no-ops on a nil *Session, as on the nil *LLMCall, *ToolCall
// and *Span returned with an error, so that the usual
// defer s.End(ctx, state) after a StartSession that failed (ErrSessionActive)
// does not panic: those returning an error return one wrapping
// ErrNoActiveSession, the others zero values.
type Session struct {
	id      SessionID
	idText  string             // id.String(), formatted once
	rootID  trace.SpanID       // id.RootSpanID(), computed once
	convID  attribute.KeyValue // gen_ai.conversation.id = the session ID, for LLM and agent spans
	name    string
	client  *Client
	root    trace.Span      // the root span; for a joined session, a joinedRoot (inherit.go)
	tracked *trackedSession // nil when the provider has no SessionProcessor of the client
	track   trackedSession  // the storage tracked points to, for a session this process owns
	own     *pipeline       // the session's own pipeline (shut down by End), or nil
	start   time.Time
	derived bool // root span ID = id.RootSpanID()
	joined  bool // joined with JoinSession: another process owns the root
	ready   bool // its root exists: visible as active (guarded by client.mu)

	rootStarting atomic.Bool  // its root span is being started (IDGenerator)
	dropped      atomic.Int64 // values its calls did not record (Stats.DroppedValues)
	// rootSeenBy is the processor that saw the root span start under a
	// trace ID it did not track (the provider lacks the IDGenerator).
	rootSeenBy atomic.Pointer[SessionProcessor]

	mu       sync.Mutex
	tags     []string
	ended    bool
	endStats Stats
}

// StartSession starts a session and returns a context carrying it. Unless
// the client allows concurrent sessions, it fails with an error wrapping
// ErrSessionActive, naming the active session, when one is running.
func (c *Client) StartSession(ctx context.Context, opts ...SessionOption) (context.Context, *Session, error) {
	ctx = orBackground(ctx)
	if c.shutdown.Load() {
		return ctx, nil, ErrShutdown
	}
	sc := sessionConfig{name: envconfig.DefaultSessionName, tags: c.cfg.defaultTags}
	for _, o := range opts {
		if o != nil {
			sc = o.applySession(sc)
		}
	}
	s := &Session{name: sc.name, client: c, tags: dedupeTags(sc.tags), start: time.Now()}
	s.setID(NewSessionID())
	var err error
	if s.own, err = c.ownPipeline(ctx, sc); err != nil {
		return ctx, nil, err
	}
	if err := c.activate(s); err != nil {
		return ctx, nil, errors.Join(err, ownShutdown(ctx, s.own))
	}

	sctx := s.startRoot(ctx)
	if err := c.publish(ctx, s); err != nil {
		return ctx, nil, err
	}
	c.checkProcessor(s, s.track.rootSeen.Load() || s.rootSeenBy.Load() == c.processor)
	if log := c.cfg.logger; log.Enabled(ctx, slog.LevelInfo) {
		msg := "agentops: session started"
		if c.targets.agentOps {
			msg += ": " + c.DashboardURL(s.id)
		}
		log.Info(msg, "session_id", s.idText, "name", s.name)
	}
	return sctx, s, nil
}

// ownPipeline builds the pipeline of a session started with
// WithSessionConfig, or returns nil for one without.
func (c *Client) ownPipeline(ctx context.Context, sc sessionConfig) (*pipeline, error) {
	if sc.ownOpts == nil {
		return nil, nil
	}
	cfg, err := newConfig(os.LookupEnv, append(append(append([]Option(nil), c.opts...), withoutExporters), sc.ownOpts...))
	if err != nil {
		return nil, err
	}
	targets, err := buildExporters(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return newPipeline(cfg, targets.exporters, nil), nil
}

// activate adds s to the active sessions, applying the one-active rule. A
// session whose ID is already active in c (joined twice) is refused too.
//
// The session is not visible (ActiveSessions, the fallback of recording
// calls, Shutdown) until publish: its root span does not exist yet.
func (c *Client) activate(s *Session) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return ErrShutdown
	}
	for _, a := range c.active {
		if a.id == s.id {
			return fmt.Errorf("%w: session %s (%q) is already active in this client", ErrSessionActive, a.id, a.name)
		}
	}
	if len(c.active) > 0 && !c.cfg.concurrentSessions {
		active := c.active[0]
		return fmt.Errorf("%w: session %s (%q) is running; end it first or use WithConcurrentSessions",
			ErrSessionActive, active.id, active.name)
	}
	c.active = append(c.active, s)
	return nil
}

// publish makes s, whose root span now exists, visible as active. When
// Shutdown began meanwhile, it ends s Indeterminate instead (Shutdown could
// not see it) and returns ErrShutdown.
func (c *Client) publish(ctx context.Context, s *Session) error {
	c.mu.Lock()
	s.ready = true
	closing := c.closing
	c.mu.Unlock()
	if closing {
		return errors.Join(ErrShutdown, s.End(ctx, semconv.EndStateIndeterminate, WithReason(neverEndedReason)))
	}
	return nil
}

// startRoot starts the root span and returns ctx carrying the session, with
// the root as its active span (what ContextWith gives). When the provider
// does not give the root the session's IDs (it lacks IDGenerator), the
// session adopts the trace ID the provider chose, so that session ID =
// trace ID still holds.
func (s *Session) startRoot(ctx context.Context) context.Context {
	c := s.client
	var route sdktrace.SpanProcessor
	if s.own != nil {
		route = s.own.fanOut()
	}
	if c.processor != nil {
		s.tracked = c.processor.track(&s.track, s.id, s.idText, s.rootID, route)
	}
	attrs := []attribute.KeyValue{
		semconv.SpanKindSession.Attribute(),
		semconv.AgentOpsSessionName(s.name),
		semconv.AgentOpsSessionID(s.idText),
		s.convID,
	}
	if len(s.tags) > 0 {
		attrs = append(attrs, semconv.AgentOpsTags(s.tags))
	}
	if !c.cfg.envDataOptOut {
		attrs = append(attrs, hostEnv()...)
	}
	name := defaultRootName
	if s.name != envconfig.DefaultSessionName {
		name = s.name + ".session"
	}
	// The IDGenerator gives the span started while rootStarting is set,
	// from a context carrying s, the session's IDs. The span is INTERNAL
	// (the default kind) and starts now: s.start is read back from it.
	s.rootStarting.Store(true)
	ctx, s.root = c.tracer.Start(context.WithValue(ctx, sessionKey{}, s), name,
		trace.WithNewRoot(), trace.WithAttributes(attrs...))
	s.rootStarting.Store(false)
	if ro, ok := s.root.(interface{ StartTime() time.Time }); ok {
		s.start = ro.StartTime()
	}
	sc := s.root.SpanContext()
	s.derived = sc.TraceID() == s.id.TraceID() && sc.SpanID() == s.rootID
	if sc.IsValid() && sc.TraceID() != s.id.TraceID() {
		if c.processor != nil {
			c.processor.untrack(s.id)
		}
		s.setID(SessionID(sc.TraceID()))
		s.root.SetAttributes(semconv.AgentOpsSessionID(s.idText), s.convID)
		if c.processor != nil {
			s.tracked = c.processor.track(new(trackedSession), s.id, s.idText, sc.SpanID(), route)
		}
	}
	if c.journal != nil && s.own == nil && sc.IsValid() {
		c.journal.started(s.id, s.idText, sc.SpanID(), name, s.start, attrs)
	}
	switch { // a session sink names the session's running document
	case s.own != nil:
		s.own.sessionStarted(s.id.TraceID(), s.name)
	case c.pipe != nil:
		c.pipe.sessionStarted(s.id.TraceID(), s.name)
	}
	if !s.derived && sc.IsValid() {
		c.cfg.logger.Debug("agentops: the provider lacks the session IDGenerator: a process joining this session "+
			"needs its traceparent (Session.Environ, Session.Inject), not the bare session ID", "session_id", s.idText)
	}
	return ctx
}

// defaultRootName is the root span name of a session named "default".
const defaultRootName = envconfig.DefaultSessionName + ".session"

// setID gives s the ID id, and the forms of it its spans carry.
func (s *Session) setID(id SessionID) {
	s.id, s.idText, s.rootID = id, id.String(), id.RootSpanID()
	s.convID = semconv.GenAIConversationID(s.idText)
}

// errNilSession is the error of a method called on a nil *Session.
var errNilSession = fmt.Errorf("%w: the *Session is nil (was it returned with an error?)", ErrNoActiveSession)

// ID returns the session ID, which is also the trace ID (zero for a nil
// session).
func (s *Session) ID() SessionID {
	if s == nil {
		return SessionID{}
	}
	return s.id
}

// Name returns the session's name.
func (s *Session) Name() string {
	if s == nil {
		return ""
	}
	return s.name
}

// RootSpanIDDerived reports whether the root span's ID is ID().RootSpanID(),
// so that another process can join knowing only the session ID. It is false
// when the provider was built without this package's IDGenerator; joining
// processes then need the session's span context (W3C traceparent: Environ,
// Inject). For a joined session, it reports whether the span the session
// hangs under is the root derived from the ID.
func (s *Session) RootSpanIDDerived() bool { return s != nil && s.derived }

// SpanContext returns the span context of the session's root span (an
// invalid one for a nil session).
func (s *Session) SpanContext() trace.SpanContext {
	if s == nil {
		return trace.SpanContext{}
	}
	return s.root.SpanContext()
}

// Tags returns a copy of the session's tags.
func (s *Session) Tags() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tags...)
}

// AddTags adds tags to a running session.
func (s *Session) AddTags(tags ...string) error {
	return s.changeTags(func(old []string) []string { return append(old, tags...) })
}

// SetTags replaces the tags of a running session.
func (s *Session) SetTags(tags ...string) error {
	return s.changeTags(func([]string) []string { return append([]string(nil), tags...) })
}

func (s *Session) changeTags(change func([]string) []string) error {
	if s == nil {
		return errNilSession
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return fmt.Errorf("%w: session %s", ErrSessionEnded, s.id)
	}
	s.tags = dedupeTags(change(append([]string(nil), s.tags...)))
	s.root.SetAttributes(semconv.AgentOpsTags(s.tags))
	return nil
}

// Stats returns the session's figures so far; after End, the final ones.
func (s *Session) Stats() Stats {
	if s == nil {
		return Stats{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return s.endStats
	}
	return s.liveStats()
}

func (s *Session) liveStats() Stats {
	var st Stats
	if s.tracked != nil {
		st = s.tracked.snapshot()
	}
	st.Duration = time.Since(s.start)
	st.DroppedValues += int(s.dropped.Load())
	return st
}

// Ended reports whether End has been called successfully.
func (s *Session) Ended() bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ended
}

// errEnded returns the error for recording into an ended session.
func (s *Session) errEnded() error { return fmt.Errorf("%w: session %s", ErrSessionEnded, s.id) }

// CapturesContent reports whether calls recorded in s capture content
// (prompts, completions, tool input and output): whether the client that
// started s was built with content capture on (see WithContentCapture).
// Instrumentation can skip gathering content that would not be recorded.
// It is false for a nil session.
func (s *Session) CapturesContent() bool {
	return s != nil && s.client.content().capture
}
