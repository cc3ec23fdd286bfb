package otelagentops

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/agentops-go/sdk/semconv"
)

// The package-level functions below delegate to the default client, as
// log/slog's do to slog.Default. A call whose context carries a session
// records into that session whichever client started it; otherwise it
// uses the default client's only active session.

var (
	defaultClient atomic.Pointer[Client]
	initMu        sync.Mutex // serialises Init and Shutdown of the default
)

// Default returns the default client, or nil before Init.
func Default() *Client { return defaultClient.Load() }

// SetDefault makes c the default client (nil clears it).
func SetDefault(c *Client) { defaultClient.Store(c) }

// Init creates the default client from the environment and opts and, unless
// auto-start is off (WithAutoStartSession(false), AGENTOPS_AUTO_START_SESSION),
// starts a session and returns it (nil when none was started). When an
// inherited session ID is configured (WithInheritedSessionID,
// AGENTOPS_INHERITED_SESSION_ID), it joins that session instead (see
// Client.JoinInherited) and returns it. Package-level functions find the
// session without its context (it is the default client's only active
// one). Calling Init again before Shutdown is an error wrapping
// ErrAlreadyInitialized.
func Init(ctx context.Context, opts ...Option) (*Session, error) {
	ctx = orBackground(ctx)
	initMu.Lock()
	defer initMu.Unlock()
	if Default() != nil {
		return nil, ErrAlreadyInitialized
	}
	c, err := New(ctx, opts...)
	if err != nil {
		return nil, err
	}
	var s *Session
	if c.cfg.autoStartSession {
		start := c.StartSession
		if _, ok := c.InheritedSessionID(); ok {
			start = c.JoinInherited
		}
		if _, s, err = start(ctx); err != nil {
			return nil, errors.Join(err, c.Shutdown(ctx))
		}
	}
	SetDefault(c)
	return s, nil
}

// Shutdown shuts the default client down (see Client.Shutdown) and clears
// it, so that Init may be called again. Without a default client it does
// nothing.
func Shutdown(ctx context.Context) error {
	initMu.Lock()
	defer initMu.Unlock()
	c := Default()
	if c == nil {
		return nil
	}
	SetDefault(nil)
	return c.Shutdown(ctx)
}

// ForceFlush flushes the default client (see Client.ForceFlush).
func ForceFlush(ctx context.Context) error {
	if c := Default(); c != nil {
		return c.ForceFlush(ctx)
	}
	return nil
}

// StartSession starts a session with the default client.
func StartSession(ctx context.Context, opts ...SessionOption) (context.Context, *Session, error) {
	c := Default()
	if c == nil {
		return ctx, nil, ErrNotInitialized
	}
	return c.StartSession(ctx, opts...)
}

// EndSession ends the session ctx carries, else the default client's only
// active session (see Session.End).
func EndSession(ctx context.Context, state semconv.EndState, opts ...EndOption) error {
	s, err := sessionFor(ctx, Default())
	if err != nil {
		return err
	}
	return s.End(ctx, state, opts...)
}

// CurrentSession returns the session ctx carries, else the default client's
// only active session.
func CurrentSession(ctx context.Context) (*Session, error) { return sessionFor(ctx, Default()) }

// AddTags adds tags to the current session (see CurrentSession).
func AddTags(ctx context.Context, tags ...string) error {
	s, err := CurrentSession(ctx)
	if err != nil {
		return err
	}
	return s.AddTags(tags...)
}

// SetTags replaces the tags of the current session (see CurrentSession).
func SetTags(ctx context.Context, tags ...string) error {
	s, err := CurrentSession(ctx)
	if err != nil {
		return err
	}
	return s.SetTags(tags...)
}

// StartLLM starts an LLM call (see Client.StartLLM).
func StartLLM(ctx context.Context, req LLMRequest) (context.Context, *LLMCall, error) {
	return Default().StartLLM(ctx, req)
}

// RecordLLM records a whole LLM call (see Client.RecordLLM).
func RecordLLM(ctx context.Context, req LLMRequest, resp LLMResponse, callErr error) error {
	return Default().RecordLLM(ctx, req, resp, callErr)
}

// StartTool starts a tool call (see Client.StartTool).
func StartTool(ctx context.Context, name string, input any) (context.Context, *ToolCall, error) {
	return Default().StartTool(ctx, name, input)
}

// StartToolCall starts a tool call span described by t (see
// Client.StartToolCall).
func StartToolCall(ctx context.Context, t Tool) (context.Context, *ToolCall, error) {
	return Default().StartToolCall(ctx, t)
}

// RecordTool records a whole tool call (see Client.RecordTool).
func RecordTool(ctx context.Context, t Tool) error { return Default().RecordTool(ctx, t) }

// RecordAction records an action (see Client.RecordAction).
func RecordAction(ctx context.Context, a Action) error { return Default().RecordAction(ctx, a) }

// RecordError records an error event (see Client.RecordError).
func RecordError(ctx context.Context, err error, opts ...ErrorOption) error {
	return Default().RecordError(ctx, err, opts...)
}

// StartAgent starts an agent span (see Client.StartAgent).
func StartAgent(ctx context.Context, name string, input any, opts ...AgentOption) (context.Context, *Span, error) {
	return Default().StartAgent(ctx, name, input, opts...)
}

// StartWorkflow starts a workflow span (see Client.StartWorkflow).
func StartWorkflow(ctx context.Context, name string, input any) (context.Context, *Span, error) {
	return Default().StartWorkflow(ctx, name, input)
}

// StartTask starts a task span (see Client.StartTask).
func StartTask(ctx context.Context, name string, input any) (context.Context, *Span, error) {
	return Default().StartTask(ctx, name, input)
}

// JoinSession joins a session with the default client (see Client.JoinSession).
func JoinSession(ctx context.Context, id SessionID, opts ...SessionOption) (context.Context, *Session, error) {
	c := Default()
	if c == nil {
		return ctx, nil, ErrNotInitialized
	}
	return c.JoinSession(ctx, id, opts...)
}
