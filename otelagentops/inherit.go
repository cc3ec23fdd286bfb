// # Sessions across processes (inherited sessions)
//
// A session may span several processes: workers, sub-agents, jobs. The
// process that starts it owns its root span; other processes join it and add
// their spans to the same trace (trace ID = session ID), under the root, each
// marked agentops.session.inherited=true. Hand a child process the session
// through its environment:
//
//	// owner
//	ctx, s, err := client.StartSession(ctx)
//	cmd := exec.CommandContext(ctx, "worker")
//	cmd.Env = append(os.Environ(), s.Environ()...) // later entries win
//
//	// worker: Init joins the session AGENTOPS_INHERITED_SESSION_ID names
//	id, err := otelagentops.Init(ctx)
//	defer otelagentops.Shutdown(ctx)
//
// Which form to use:
//
//   - A child process: Session.Environ (AGENTOPS_INHERITED_SESSION_ID,
//     TRACEPARENT, BAGGAGE), then Init, or Client.JoinInherited after New, in
//     the child.
//   - Any other transport (HTTP headers, a queue message as a
//     propagation.MapCarrier): Session.Inject on the sending side; Extract,
//     then JoinSession with the context and ID it returns, on the other.
//   - The bare session ID (WithInheritedSessionID or
//     AGENTOPS_INHERITED_SESSION_ID without TRACEPARENT, or JoinSession with a
//     context holding no span of the session): only when the owner's root
//     span ID is derived from the session ID, that is, the owner's provider
//     has this package's IDGenerator. The client's own provider always has
//     it; a provider given with WithTracerProvider needs
//     sdktrace.WithIDGenerator(NewIDGenerator()). In the owning process,
//     Session.RootSpanIDDerived reports it. Otherwise the joining process's
//     spans would name a parent that does not exist; give it the traceparent
//     (Environ, Inject), which always names the real root span.
//
// A joining process creates no second root. Its spans hang under the span
// its context names (the traceparent's span, else the root derived from the
// ID). It starts one span of its own, "<name>.process" (agentops.span.kind
// task, a kind the AgentOps backend knows, with agentops.session.inherited;
// name WithSessionName, default the program's file name), carrying
// its host environment (unless WithoutEnvData), process.pid and tags. Its
// Session's End writes that process's outcome and stats, with the keys a
// root uses (agentops.session.end_state, ...), on that span, not on the
// root, and flushes the client's spans; only the owner sets the session's
// end state. Stats in each process count that process's spans alone. The
// one-active-session rule applies to joined sessions too.
//
// # Ending well
//
// Client.Shutdown ends any open session Indeterminate, saying it was never
// ended, and flushes. Two opt-ins cover other exits: Client.HandleSignals
// ends sessions Fail on SIGINT and SIGTERM ("Signal SIGINT detected"),
// flushes within a deadline, then lets the signal end the process as it
// would have; and a deferred Client.Recover ends the session Fail with the
// panic value and stack, flushes, and panics again.
//
// Nothing can run on SIGKILL (or a crash of the runtime, or os.Exit): spans
// that ended up to one flush interval before it may be lost, and spans still
// open, the session root included, are never exported. The backend then
// shows the children without their root and without an end state. Keep the
// flush interval short (WithFlushInterval) for processes that may be killed,
// and run them as joined children of a process that ends the session.
package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// ErrNoInheritedSession: JoinInherited was called with no inherited session
// ID configured (WithInheritedSessionID, AGENTOPS_INHERITED_SESSION_ID).
var ErrNoInheritedSession = errors.New("no inherited session ID configured: set " + envconfig.EnvInheritedSessionID + " or WithInheritedSessionID")

// JoinSession joins the session with ID id, which another process owns, and
// returns a context carrying it. The spans recorded with that context hang
// under the span ctx carries when it belongs to the session (as Extract
// returns it), else under the root span derived from id (see the package
// doc for when that holds). The session is marked inherited (Inherited);
// WithSessionName names this process's own span "<name>.process" (default:
// the program's file name), and its End records this process's outcome
// there (see the package doc). It fails with an error
// wrapping ErrInvalidSessionID for the zero ID, and with ErrSessionActive
// under the one-active-session rule or when id is already active in c.
func (c *Client) JoinSession(ctx context.Context, id SessionID, opts ...SessionOption) (context.Context, *Session, error) {
	if c.shutdown.Load() {
		return ctx, nil, ErrShutdown
	}
	if !id.IsValid() {
		return ctx, nil, fmt.Errorf("%w: the zero session ID", ErrInvalidSessionID)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	sc := sessionConfig{name: processName(), tags: c.cfg.defaultTags}
	for _, o := range opts {
		if o != nil {
			sc = o.applySession(sc)
		}
	}
	s := &Session{name: sc.name, client: c, tags: dedupeTags(sc.tags), start: time.Now(), joined: true}
	s.setID(id)
	own, err := c.ownPipeline(ctx, sc)
	if err != nil {
		return ctx, nil, err
	}
	var route sdktrace.SpanProcessor
	if own != nil {
		route, s.own = own.fanOut(), own
	}
	if err := c.activate(s); err != nil {
		return ctx, nil, errors.Join(err, ownShutdown(ctx, own))
	}
	s.startProcessSpan(ctx, route)
	if err := c.publish(ctx, s); err != nil {
		return ctx, nil, err
	}
	c.cfg.logger.Info("agentops: joined session", "session_id", s.idText, "name", s.name,
		"parent_span_id", s.root.SpanContext().SpanID().String())
	return s.ContextWith(ctx), s, nil
}

// JoinSession joins a session with the default client (see Client.JoinSession).
func JoinSession(ctx context.Context, id SessionID, opts ...SessionOption) (context.Context, *Session, error) {
	c := Default()
	if c == nil {
		return ctx, nil, ErrNotInitialized
	}
	return c.JoinSession(ctx, id, opts...)
}

// JoinInherited joins the session that WithInheritedSessionID or
// AGENTOPS_INHERITED_SESSION_ID names, as Init does with auto-start on. When
// the environment's TRACEPARENT names a span of that session (Environ sets
// it), the process's spans hang under that span; a TRACEPARENT of another
// trace is ignored. Without an inherited ID it fails with ErrNoInheritedSession.
func (c *Client) JoinInherited(ctx context.Context, opts ...SessionOption) (context.Context, *Session, error) {
	id, ok := c.InheritedSessionID()
	if !ok {
		return ctx, nil, ErrNoInheritedSession
	}
	return c.JoinSession(contextFromEnv(ctx, id, os.LookupEnv), id, opts...)
}

// InheritedSessionID returns the session ID configured with
// WithInheritedSessionID or AGENTOPS_INHERITED_SESSION_ID, if any.
func (c *Client) InheritedSessionID() (SessionID, bool) {
	if c.cfg.inheritedSessionID == "" {
		return SessionID{}, false
	}
	id, err := ParseSessionID(c.cfg.inheritedSessionID) // validated by New
	return id, err == nil
}

// Inherited reports whether s was joined (JoinSession) rather than started.
func (s *Session) Inherited() bool { return s.joined }

// startProcessSpan starts the joining process's own span and makes s.root
// the joinedRoot over it.
func (s *Session) startProcessSpan(ctx context.Context, route sdktrace.SpanProcessor) {
	c := s.client
	parent := trace.SpanContextFromContext(ctx)
	if !parent.IsValid() || parent.TraceID() != s.id.TraceID() {
		parent = s.id.RootSpanContext()
	}
	s.derived = parent.SpanID() == s.rootID
	if c.processor != nil {
		s.tracked = c.processor.trackJoined(s.id, s.idText, parent.SpanID(), route)
	}
	// A task, among the kinds the AgentOps backend knows: this process's
	// part of the session; agentops.session.inherited tells it apart.
	attrs := []attribute.KeyValue{
		semconv.SpanKindTask.Attribute(),
		semconv.AgentOpsSessionName(s.name),
		semconv.AgentOpsSessionInherited(true),
		s.convID,
		semconv.AgentOpsTags(s.tags),
		semconv.ProcessPID(os.Getpid()),
	}
	if !c.cfg.envDataOptOut {
		attrs = append(attrs, hostEnv()...)
	}
	_, span := c.tracer.Start(trace.ContextWithSpanContext(ctx, parent), s.name+".process",
		trace.WithSpanKind(trace.SpanKindInternal), trace.WithTimestamp(s.start), trace.WithAttributes(attrs...))
	if seen := stamped(span); !seen || c.processor == nil {
		if !seen { // no SessionProcessor saw the span
			span.SetAttributes(semconv.AgentOpsSessionID(s.idText))
		}
		c.checkProcessor(s) // warns once
	}
	s.root = &joinedRoot{Span: span, parent: parent}
}

// joinedRoot is the root of a joined session. It records on the process's
// own span, and reports as its span context the span it hangs under, so that
// spans started from the session's context hang under the session's root
// (as OTel SDKs take a new span's parent from SpanContext).
type joinedRoot struct {
	trace.Span
	parent trace.SpanContext
}

var _ trace.Span = (*joinedRoot)(nil)

// SpanContext returns the context of the span the joined session hangs under.
func (r *joinedRoot) SpanContext() trace.SpanContext { return r.parent }

// trackJoined tracks a joined session as track does, also marking each of
// its spans agentops.session.inherited=true. parentID stands for the root,
// which never ends in this process.
func (p *SessionProcessor) trackJoined(id SessionID, idText string, parentID trace.SpanID, route sdktrace.SpanProcessor) *trackedSession {
	t := &trackedSession{rootID: parentID, route: route}
	t.idArr = [2]attribute.KeyValue{semconv.AgentOpsSessionID(idText), semconv.AgentOpsSessionInherited(true)}
	t.idAttrs = t.idArr[:]
	p.insert(id, t)
	return t
}

// stamped reports whether a SessionProcessor stamped the session ID on span,
// or that it cannot be told (a span of another SDK).
func stamped(span trace.Span) bool {
	ro, ok := span.(sdktrace.ReadOnlySpan)
	if !ok || !span.IsRecording() {
		return true
	}
	for _, kv := range ro.Attributes() {
		if kv.Key == semconv.AgentOpsSessionIDKey {
			return true
		}
	}
	return false
}

// ownShutdown shuts down a session's own pipeline, if any.
func ownShutdown(ctx context.Context, own *pipeline) error {
	if own == nil {
		return nil
	}
	return own.shutdown(ctx)
}

// processName is the default name of a joining process's span: the
// program's file name without extension, else "process".
func processName() string {
	if len(os.Args) > 0 {
		if name := strings.TrimSuffix(filepath.Base(os.Args[0]), filepath.Ext(os.Args[0])); name != "" && name != "." {
			return name
		}
	}
	return "process"
}
