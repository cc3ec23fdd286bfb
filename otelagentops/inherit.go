package otelagentops

// This file holds how a process joins a session another process owns (the
// package doc, "Sessions across processes", says when to use which form);
// propagation.go carries the session across the boundary.

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

	"github.com/agentops-go/sdk/semconv"
)

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
func (s *Session) Inherited() bool { return s != nil && s.joined }

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
		c.checkProcessor(s, seen) // warns once
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
