package otelagentops

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/trace"
)

type sessionKey struct{}

// ContextWith returns a copy of ctx carrying the session, with the session's
// root span as the active span unless ctx's active span already belongs to
// the session. Recording calls given the result record into this session.
// A nil session returns ctx as it is.
func (s *Session) ContextWith(ctx context.Context) context.Context {
	ctx = orBackground(ctx)
	if s == nil {
		return ctx
	}
	if trace.SpanContextFromContext(ctx).TraceID() != s.id.TraceID() {
		ctx = trace.ContextWithSpan(ctx, s.root)
	}
	return context.WithValue(ctx, sessionKey{}, s)
}

// SessionFromContext returns the session ctx carries, or nil.
func SessionFromContext(ctx context.Context) *Session {
	if ctx == nil {
		return nil
	}
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

// sessionFor finds the session a recording call records into: the one ctx
// carries, else c's only active session. It fails with ErrSessionEnded,
// ErrNotInitialized (c is nil), ErrNoActiveSession or ErrAmbiguousSession.
func sessionFor(ctx context.Context, c *Client) (*Session, error) {
	if s := SessionFromContext(ctx); s != nil {
		if s.Ended() {
			return nil, s.errEnded()
		}
		return s, nil
	}
	if c == nil {
		return nil, ErrNotInitialized
	}
	if c.shutdown.Load() {
		return nil, ErrShutdown
	}
	active := c.ActiveSessions()
	switch len(active) {
	case 0:
		return nil, ErrNoActiveSession
	case 1:
		return active[0], nil
	}
	return nil, fmt.Errorf("%w (%d active)", ErrAmbiguousSession, len(active))
}

// spanParent returns ctx prepared to start a child span of s: the session in
// it, and its active span the session's root unless ctx already has a span
// of the session.
func (s *Session) spanParent(ctx context.Context) context.Context {
	ctx = orBackground(ctx)
	if SessionFromContext(ctx) == s && trace.SpanContextFromContext(ctx).TraceID() == s.id.TraceID() {
		return ctx
	}
	return s.ContextWith(ctx)
}

// orBackground returns ctx, or context.Background for a nil ctx: a nil
// context from a caller is a bug, but not one worth a panic in their program.
func orBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
