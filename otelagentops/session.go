package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// Session is one execution of an agent workflow: the root span of one trace
// whose trace ID is the session ID. Every span started from a context
// carrying the session belongs to it. Methods are safe for concurrent use.
type Session struct {
	id      SessionID
	name    string
	client  *Client
	root    trace.Span      // the root span; for a joined session, a joinedRoot (inherit.go)
	tracked *trackedSession // nil when the provider has no SessionProcessor of the client
	own     *pipeline       // the session's own pipeline (shut down by End), or nil
	start   time.Time
	derived bool // root span ID = id.RootSpanID()
	joined  bool // joined with JoinSession: another process owns the root
	ready   bool // its root exists: visible as active (guarded by client.mu)

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
	sc := sessionConfig{name: DefaultSessionName, tags: c.cfg.defaultTags}
	for _, o := range opts {
		if o != nil {
			sc = o.applySession(sc)
		}
	}
	s := &Session{id: NewSessionID(), name: sc.name, client: c, tags: dedupeTags(sc.tags), start: time.Now()}
	var err error
	if s.own, err = c.ownPipeline(ctx, sc); err != nil {
		return ctx, nil, err
	}
	if err := c.activate(s); err != nil {
		return ctx, nil, errors.Join(err, ownShutdown(ctx, s.own))
	}

	s.startRoot(ctx)
	if err := c.publish(ctx, s); err != nil {
		return ctx, nil, err
	}
	c.checkProcessor(s)
	if c.targets.agentOps {
		c.cfg.logger.Info("agentops: session started: "+c.DashboardURL(s.id), "session_id", s.id.String(), "name", s.name)
	} else {
		c.cfg.logger.Info("agentops: session started", "session_id", s.id.String(), "name", s.name)
	}
	return s.ContextWith(ctx), s, nil
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
	return newPipeline(cfg, targets.exporters), nil
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

// startRoot starts the root span. When the provider does not give the root
// the session's IDs (it lacks IDGenerator), the session adopts the trace ID
// the provider chose, so that session ID = trace ID still holds.
func (s *Session) startRoot(ctx context.Context) {
	c := s.client
	var route sdktrace.SpanProcessor
	if s.own != nil {
		route = s.own.fanOut()
	}
	if c.processor != nil {
		s.tracked = c.processor.track(s.id, s.id.RootSpanID(), route)
	}
	attrs := []attribute.KeyValue{
		semconv.SpanKindSession.Attribute(),
		semconv.OperationName(s.name),
		semconv.AgentOpsSessionID(s.id.String()),
		semconv.GenAIConversationID(s.id.String()),
		semconv.AgentOpsTags(s.tags),
	}
	if !c.cfg.envDataOptOut {
		attrs = append(attrs, hostEnv()...)
	}
	_, s.root = c.tracer.Start(context.WithValue(ctx, sessionRootKey{}, s.id), s.name+".session",
		trace.WithNewRoot(), trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithTimestamp(s.start), trace.WithAttributes(attrs...))
	sc := s.root.SpanContext()
	s.derived = sc.TraceID() == s.id.TraceID() && sc.SpanID() == s.id.RootSpanID()
	if sc.IsValid() && sc.TraceID() != s.id.TraceID() {
		if c.processor != nil {
			c.processor.untrack(s.id)
		}
		s.id = SessionIDFromTraceID(sc.TraceID())
		s.root.SetAttributes(semconv.AgentOpsSessionID(s.id.String()), semconv.GenAIConversationID(s.id.String()))
		if c.processor != nil {
			s.tracked = c.processor.track(s.id, sc.SpanID(), route)
		}
	}
	if !s.derived && sc.IsValid() {
		c.cfg.logger.Debug("agentops: the provider lacks the session IDGenerator: a process joining this session "+
			"needs its traceparent (Session.Environ, Session.Inject), not the bare session ID", "session_id", s.id.String())
	}
}

// ID returns the session ID, which is also the trace ID.
func (s *Session) ID() SessionID { return s.id }

// Name returns the session's name.
func (s *Session) Name() string { return s.name }

// RootSpanIDDerived reports whether the root span's ID is ID().RootSpanID(),
// so that another process can join knowing only the session ID. It is false
// when the provider was built without this package's IDGenerator; joining
// processes then need the session's span context (W3C traceparent: Environ,
// Inject). For a joined session, it reports whether the span the session
// hangs under is the root derived from the ID.
func (s *Session) RootSpanIDDerived() bool { return s.derived }

// SpanContext returns the span context of the session's root span.
func (s *Session) SpanContext() trace.SpanContext { return s.root.SpanContext() }

// Tags returns a copy of the session's tags.
func (s *Session) Tags() []string {
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
	return st
}

// Ended reports whether End has been called successfully.
func (s *Session) Ended() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ended
}

// errEnded returns the error for recording into an ended session.
func (s *Session) errEnded() error { return fmt.Errorf("%w: session %s", ErrSessionEnded, s.id) }
