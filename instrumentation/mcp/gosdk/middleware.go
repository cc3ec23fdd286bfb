package otelmcp

import (
	"context"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentops-go/sdk/internal/mcpspan"
)

// ClientMiddleware returns sending middleware for an mcp.Client (or an
// mcp.Server's requests to its client): every request and notification
// it sends is a CLIENT span "{method} {target}" in the caller's AgentOps
// session, its span context carried to the peer in params._meta. A
// tools/call is one tool call of the session. With no session (none in
// the context, and not exactly one active), no span is recorded; the
// context's span, if any, is still propagated.
//
//	client := mcp.NewClient(impl, nil)
//	client.AddSendingMiddleware(otelmcp.ClientMiddleware())
//
// The request's params keep their _meta: the trace context is set on them
// for the time of the call and removed afterwards, so params must not be
// shared by calls running at the same time.
func ClientMiddleware(opts ...Option) mcp.Middleware {
	cfg := mcpspan.NewConfig(opts)
	rec := cfg.ClientRecorder()
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			r := describe(method, req, cfg.Transport)
			ctx, call := rec.Start(ctx, &r)
			restore := inject(ctx, req)
			res, err := next(ctx, method, req)
			restore()
			call.End(outcome(res, err, req.GetSession()))
			return res, err
		}
	}
}

// inject sets the span context of ctx in the params' _meta and returns
// the function that puts their own _meta back.
func inject(ctx context.Context, req mcp.Request) (restore func()) {
	p := params(req)
	if p == nil {
		return func() {}
	}
	own := p.GetMeta()
	meta, ok := mcpspan.InjectMeta(ctx, own)
	if !ok {
		return func() {}
	}
	p.SetMeta(meta)
	return func() { p.SetMeta(own) }
}

// ServerMiddleware returns receiving middleware for an mcp.Server (or an
// mcp.Client's handling of its server's requests): every request and
// notification it handles is a SERVER span "{method} {target}", a child
// of the client span whose context params._meta carries, so that a server
// in another process records into the caller's trace. The handler runs
// with the span in its context.
//
//	server := mcp.NewServer(impl, nil)
//	server.AddReceivingMiddleware(otelmcp.ServerMiddleware())
//
// A tools/call span carries gen_ai.tool.name and gen_ai.operation.name
// execute_tool for OTLP backends but is agentops.span.kind task: the
// client's span is the tool call, so each call counts once in the
// session's stats and views.
func ServerMiddleware(opts ...Option) mcp.Middleware {
	cfg := mcpspan.NewConfig(opts)
	rec := cfg.ServerRecorder()
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			r := describe(method, req, cfg.Transport)
			var meta map[string]any
			if p := params(req); p != nil {
				meta = p.GetMeta()
			}
			ctx, call := rec.Start(ctx, &r, meta)
			res, err := next(ctx, method, req)
			call.End(outcome(res, err, req.GetSession()))
			return res, err
		}
	}
}
