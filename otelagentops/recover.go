package otelagentops

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// maxPanicReasonBytes bounds the end-state reason Recover writes: the panic
// value and the stack, cut at a character boundary.
const maxPanicReasonBytes = 4 << 10

// Recover, deferred, ends a session when the function deferring it panics,
// and panics again with the same value:
//
//	ctx, s, err := client.StartSession(ctx)
//	defer client.Recover(ctx)
//
// The session is the one ctx carries, else c's only active session. It is
// ended Fail with the reason "panic: <value>" followed by the goroutine's
// stack, at most 4 KiB, and c's spans are flushed within 5s
// (ctx's own cancellation and deadline are ignored, as ctx often dies with
// the panic). A joined session records the failure on its process span. Without
// a panic, or when no session is found, it only re-panics or does nothing.
// It must be called directly by defer, as recover must.
func (c *Client) Recover(ctx context.Context) {
	if v := recover(); v != nil {
		endOnPanic(ctx, c, v, debug.Stack())
		panic(v)
	}
}

// Recover is Client.Recover for the session ctx carries, else the default
// client's only active session. Defer it directly:
//
//	defer otelagentops.Recover(ctx)
func Recover(ctx context.Context) {
	if v := recover(); v != nil {
		endOnPanic(ctx, Default(), v, debug.Stack())
		panic(v)
	}
}

// endOnPanic ends the session found from ctx and c Fail with the panic value
// v and stack, and flushes. It never panics: a failure here must not hide
// the user's panic, which the caller raises again.
func endOnPanic(ctx context.Context, c *Client, v any, stack []byte) {
	defer func() { _ = recover() }()
	if ctx == nil {
		ctx = context.Background()
	}
	s, err := sessionFor(ctx, c)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), envconfig.DefaultExitFlushTimeout)
	defer cancel()
	if err := s.End(ctx, semconv.EndStateFail, WithReason(panicReason(v, stack))); err != nil {
		s.client.cfg.logger.Warn("agentops: ending the session on a panic", "session_id", s.ID().String(), "error", err)
	}
	if err := s.client.ForceFlush(ctx); err != nil {
		s.client.cfg.logger.Warn("agentops: flushing on a panic", "session_id", s.ID().String(), "error", err)
	}
}

// panicReason is "panic: <value>" and the stack, bounded by
// maxPanicReasonBytes.
func panicReason(v any, stack []byte) string {
	reason := fmt.Sprintf("panic: %v\n\n%s", v, stack)
	const ellipsis = len("…")
	if len(reason) > maxPanicReasonBytes {
		reason = truncate(reason, maxPanicReasonBytes-ellipsis)
	}
	return reason
}
