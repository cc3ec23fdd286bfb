package mcpspan

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/benchpair"
	"github.com/agentops-go/sdk/semconv"
)

// BenchmarkToolCall is what the MCP instrumentation records of one
// tools/call without the transport (the client's tool span with its _meta,
// the server's span from that _meta), beside the floor: the same two spans
// with the same attributes, prebuilt, and the same propagation in bare
// OpenTelemetry. Sub-benchmarks report allocations; "paired" reports the
// median times in turns and their ratio (see internal/benchpair).
func BenchmarkToolCall(b *testing.B) {
	floor, ours := bareToolCall(b), recordedToolCall(b)
	b.Run("bare-otel-same-attributes", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			floor()
		}
	})
	b.Run("mcpspan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ours()
		}
	})
	b.Run("paired", func(b *testing.B) {
		benchpair.Run(b, benchpair.Variant{Name: "bare-otel", Call: func() error { floor(); return nil }},
			benchpair.Variant{Name: "mcpspan", Call: func() error { ours(); return nil }})
	})
}

// bareToolCall returns one tools/call's two spans in bare OpenTelemetry:
// the attributes mcpspan records, prebuilt; W3C propagation through a map.
func bareToolCall(b *testing.B) func() {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(benchpair.Discard{}))
	tracer := tp.Tracer("bench")
	ctx, root := tracer.Start(context.Background(), "session")
	b.Cleanup(func() {
		root.End()
		_ = tp.Shutdown(context.Background())
	})
	prop := propagation.TraceContext{}
	clientAttrs := []attribute.KeyValue{
		semconv.MCPMethodName(MethodToolsCall), semconv.MCPSessionID("d4c3f0a2"), semconv.MCPProtocolVersion("2025-06-18"),
		semconv.NetworkTransport("tcp"), semconv.SpanKindTool.Attribute(), semconv.GenAIOperationName(semconv.GenAIOperationNameExecuteTool),
		semconv.GenAIToolName("get_weather"), semconv.GenAIToolCallArguments(`{"city":"Paris"}`),
		semconv.AgentOpsSessionID("8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"),
	}
	serverAttrs := []attribute.KeyValue{
		semconv.SpanKindTask.Attribute(), semconv.MCPMethodName(MethodToolsCall), semconv.MCPSessionID("d4c3f0a2"),
		semconv.MCPProtocolVersion("2025-06-18"), semconv.GenAIOperationName(semconv.GenAIOperationNameExecuteTool),
		semconv.GenAIToolName("get_weather"), semconv.AgentOpsSessionID("8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"),
	}
	return func() {
		cctx, client := tracer.Start(ctx, "tools/call get_weather", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(clientAttrs...))
		meta := propagation.MapCarrier{}
		prop.Inject(cctx, meta)
		sctx := prop.Extract(context.Background(), meta)
		_, server := tracer.Start(sctx, "tools/call get_weather", trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(serverAttrs...))
		server.End()
		client.SetAttributes(semconv.GenAIToolCallResult("sunny in Paris"))
		client.End()
	}
}

// recordedToolCall returns one tools/call recorded by mcpspan's client and
// server recorders into a session with content capture on.
func recordedToolCall(b *testing.B) func() {
	ctx, c := benchpair.Session(b)
	cfg := NewConfig([]Option{WithClient(c)})
	client, server := cfg.ClientRecorder(), cfg.ServerRecorder()
	args := map[string]any{"city": "Paris"}
	return func() {
		req := Request{Method: MethodToolsCall, ToolName: "get_weather", Arguments: args,
			SessionID: "d4c3f0a2", ProtocolVersion: "2025-06-18", Transport: "tcp"}
		cctx, call := client.Start(ctx, &req)
		meta, _ := InjectMeta(cctx, nil)
		sreq := Request{Method: MethodToolsCall, ToolName: "get_weather", SessionID: "d4c3f0a2", ProtocolVersion: "2025-06-18"}
		_, scall := server.Start(context.Background(), &sreq, meta)
		scall.End(Outcome{})
		call.End(Outcome{Output: "sunny in Paris"})
	}
}
