package mcpspan

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// Server records the server side of MCP requests. The zero value starts
// spans with the TracerProvider of otelagentops.Default(), else OTel's
// global one, read at each request; it is safe for concurrent use.
type Server struct {
	TracerProvider trace.TracerProvider // nil: see Server
	Transport      string               // network.transport, "" when unknown
	// JoinSessions makes a request that carries its caller's span context
	// join the caller's session for its handler's time (join.go), with
	// Agentops, else otelagentops.Default() at each request.
	JoinSessions bool
	Agentops     *otelagentops.Client

	tracer trace.Tracer // TracerProvider's, when set by Config.ServerRecorder
	joins  joins
}

// serverKind is the span kind option of every server span, made once.
var serverKind = trace.WithSpanKind(trace.SpanKindServer)

// ServerCall is a request being handled. Its methods are no-ops on a nil
// *ServerCall.
type ServerCall struct {
	span    trace.Span
	release func() // lets the joined session go; nil: none joined
}

// Start starts the SERVER span of req, a child of the span context meta
// (the request's params._meta) carries, linked to the span of ctx (the
// transport's, e.g. an HTTP server span) when there is one; without a span
// context in meta, a child of ctx's span. The returned context carries the
// span: pass it to the handler.
func (s *Server) Start(ctx context.Context, req *Request, meta map[string]any) (context.Context, *ServerCall) {
	if req.Transport == "" {
		req.Transport = s.Transport
	}
	opts := make([]trace.SpanStartOption, 0, 3)
	ambient := trace.SpanContextFromContext(ctx)
	parent := ExtractMeta(ctx, meta)
	if remote := trace.SpanContextFromContext(parent); ambient.IsValid() && !sameSpan(remote, ambient) {
		opts = append(opts, trace.WithLinks(trace.Link{SpanContext: ambient}))
	}
	var buf [12]attribute.KeyValue
	attrs := append(buf[:0], semconv.SpanKindTask.Attribute())
	attrs = req.attributes(attrs)
	if req.isTool() {
		attrs = append(attrs,
			semconv.GenAIOperationName(semconv.GenAIOperationNameExecuteTool),
			semconv.GenAIToolName(req.ToolName))
	}
	opts = append(opts, serverKind, trace.WithAttributes(attrs...))
	var (
		joined  *otelagentops.Session
		release func()
	)
	if remote := trace.SpanContextFromContext(parent); s.JoinSessions && remote.IsRemote() {
		// Joined before the span starts, so that the session processor
		// stamps the span as the session's.
		joined, release = s.joins.acquire(parent, s.agentops(), remote, "")
	}
	ctx, span := s.tracerOf().Start(parent, req.SpanName(), opts...)
	if joined != nil {
		ctx = joined.ContextWith(ctx) // the span stays the active one: it is in the session's trace
	}
	return ctx, &ServerCall{span: span, release: release}
}

// agentops is the client a join is made with.
func (s *Server) agentops() *otelagentops.Client {
	if s.Agentops != nil {
		return s.Agentops
	}
	return otelagentops.Default()
}

// sameSpan reports whether a and b name the same span (a remote copy of a
// context is the same span: an in-process transport hands the handler the
// caller's context, whose span _meta carries too).
func sameSpan(a, b trace.SpanContext) bool {
	return a.TraceID() == b.TraceID() && a.SpanID() == b.SpanID()
}

// tracerOf returns the tracer of the server spans.
func (s *Server) tracerOf() trace.Tracer {
	if s.tracer != nil {
		return s.tracer
	}
	return s.provider().Tracer(ScopeName)
}

func (s *Server) provider() trace.TracerProvider {
	if s.TracerProvider != nil {
		return s.TracerProvider
	}
	if c := otelagentops.Default(); c != nil {
		return c.TracerProvider()
	}
	return otel.GetTracerProvider()
}

// End records how the handler ended and ends the span. A tool's result is
// not recorded on the server span: the client's tool call holds it.
func (c *ServerCall) End(o Outcome) {
	if c == nil {
		return
	}
	c.span.SetAttributes(o.learned(nil)...)
	err := o.Err
	if err == nil && o.ToolError {
		err = o.toolError(false)
	}
	if err != nil {
		var rpcErr *RPCError
		if errors.As(err, &rpcErr) {
			c.span.SetAttributes(semconv.RPCResponseStatusCode(rpcErr.ErrorType()))
		}
		c.span.SetAttributes(semconv.ErrorTypeOf(err))
		c.span.SetStatus(codes.Error, err.Error())
	}
	c.span.End()
	if c.release != nil {
		c.release()
	}
}
