package mcpspan

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// Client records the client side of MCP requests. The zero value records
// into sessions of otelagentops.Default() (read at each request) and is
// safe for concurrent use.
type Client struct {
	Agentops  *otelagentops.Client // nil: otelagentops.Default() at each request
	Transport string               // network.transport of every request, "" when unknown
}

// Call is a client request in progress. Its methods are no-ops on a nil
// *Call (a request made outside any session).
type Call struct {
	tool    *otelagentops.ToolCall
	span    trace.Span
	capture bool
}

// Start starts the span of req in the session ctx carries, else in the
// only active session of the client; with none, it returns ctx and a nil
// *Call. The returned context carries the span: inject it into the
// request's _meta with InjectMeta.
func (c *Client) Start(ctx context.Context, req *Request) (context.Context, *Call) {
	s := c.session(ctx)
	if s == nil {
		return ctx, nil
	}
	if req.Transport == "" {
		req.Transport = c.Transport
	}
	call := &Call{capture: s.CapturesContent()}
	if otelagentops.SessionFromContext(ctx) != s || trace.SpanContextFromContext(ctx).TraceID() != s.ID().TraceID() {
		ctx = s.ContextWith(ctx) // the span starts in the session's trace
	}
	var buf [10]attribute.KeyValue
	attrs := req.attributes(buf[:0])
	// Inside a tool call recorded already (a framework's tool that calls an
	// MCP server, or the user's StartTool), the tools/call is recorded as a
	// task under it: one tool call, one tool span.
	if req.isTool() && otelagentops.ToolCallFromContext(ctx) == nil {
		t := otelagentops.Tool{
			Name: req.ToolName, SpanName: req.SpanName(), SpanKind: trace.SpanKindClient, Attributes: attrs,
		}
		if call.capture {
			t.Input = req.Arguments
		}
		ctx, tc, err := (*otelagentops.Client)(nil).StartToolCall(ctx, t)
		if err != nil {
			return ctx, nil
		}
		call.tool = tc
		return ctx, call
	}
	attrs = append(attrs, semconv.SpanKindTask.Attribute())
	tracer := trace.SpanFromContext(ctx).TracerProvider().Tracer(ScopeName)
	ctx, call.span = tracer.Start(ctx, req.SpanName(), trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	return ctx, call
}

// session is the session a request records into, or nil.
func (c *Client) session(ctx context.Context) *otelagentops.Session {
	if s := otelagentops.SessionFromContext(ctx); s != nil {
		if s.Ended() {
			return nil
		}
		return s
	}
	ac := c.Agentops
	if ac == nil {
		ac = otelagentops.Default()
	}
	if ac == nil {
		return nil
	}
	if active := ac.ActiveSessions(); len(active) == 1 {
		return active[0]
	}
	return nil
}

// End records how the request ended and ends its span.
func (c *Call) End(o Outcome) {
	if c == nil {
		return
	}
	span := c.span
	if c.tool != nil {
		span = c.tool.Span()
	}
	span.SetAttributes(o.learned(nil)...)
	var rpcErr *RPCError
	if errors.As(o.Err, &rpcErr) {
		span.SetAttributes(semconv.RPCResponseStatusCode(rpcErr.ErrorType()))
	}
	if c.tool != nil {
		switch {
		case o.Err != nil:
			c.tool.End(nil, o.Err)
		case o.ToolError:
			c.tool.End(nil, o.toolError(c.capture))
		default:
			var out any
			if c.capture {
				out = o.Output
			}
			c.tool.End(out, nil)
		}
		return
	}
	if o.Err != nil {
		span.SetAttributes(semconv.ErrorTypeOf(o.Err))
		span.SetStatus(codes.Error, o.Err.Error())
	}
	span.End()
}

// learned appends the session ID and protocol version the response brought.
func (o *Outcome) learned(attrs []attribute.KeyValue) []attribute.KeyValue {
	if o.SessionID != "" {
		attrs = append(attrs, semconv.MCPSessionID(o.SessionID))
	}
	if o.ProtocolVersion != "" {
		attrs = append(attrs, semconv.MCPProtocolVersion(o.ProtocolVersion))
	}
	return attrs
}
