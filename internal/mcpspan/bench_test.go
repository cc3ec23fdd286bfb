package mcpspan

import (
	"context"
	"log/slog"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// discard drops every span: the benchmarks measure the recording.
type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

// BenchmarkToolCall is what the MCP instrumentation adds to one tools/call
// without the transport: the client's tool span with its _meta, and the
// server's span from that _meta, beside the same two spans and propagation
// in bare OpenTelemetry (no attributes, no session), in the same run.
func BenchmarkToolCall(b *testing.B) {
	args := map[string]any{"city": "Paris"}
	b.Run("bare-otel", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discard{}))
		defer func() { _ = tp.Shutdown(context.Background()) }()
		tracer := tp.Tracer("bench")
		ctx, root := tracer.Start(context.Background(), "session")
		defer root.End()
		prop := propagation.TraceContext{}
		b.ReportAllocs()
		for b.Loop() {
			cctx, client := tracer.Start(ctx, "tools/call get_weather", trace.WithSpanKind(trace.SpanKindClient))
			meta := propagation.MapCarrier{}
			prop.Inject(cctx, meta)
			sctx := prop.Extract(context.Background(), meta)
			_, server := tracer.Start(sctx, "tools/call get_weather", trace.WithSpanKind(trace.SpanKindServer))
			server.End()
			client.End()
		}
	})
	b.Run("bare-otel-same-attributes", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discard{}))
		defer func() { _ = tp.Shutdown(context.Background()) }()
		tracer := tp.Tracer("bench")
		ctx, root := tracer.Start(context.Background(), "session")
		defer root.End()
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
		b.ReportAllocs()
		for b.Loop() {
			cctx, client := tracer.Start(ctx, "tools/call get_weather", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(clientAttrs...))
			meta := propagation.MapCarrier{}
			prop.Inject(cctx, meta)
			sctx := prop.Extract(context.Background(), meta)
			_, server := tracer.Start(sctx, "tools/call get_weather", trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(serverAttrs...))
			server.End()
			client.SetAttributes(semconv.GenAIToolCallResult("sunny in Paris"))
			client.End()
		}
	})
	b.Run("bare-on-agentops-provider", func(b *testing.B) {
		c, err := otelagentops.New(context.Background(), otelagentops.WithExporter(discard{}),
			otelagentops.WithLogger(slog.New(slog.DiscardHandler)), otelagentops.WithoutEnvData(), otelagentops.WithoutJournal())
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = c.Shutdown(context.Background()) }()
		ctx, s, err := c.StartSession(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = s.End(ctx, "Success") }()
		tracer := c.TracerProvider().Tracer("bench")
		prop := propagation.TraceContext{}
		b.ReportAllocs()
		for b.Loop() {
			cctx, client := tracer.Start(ctx, "tools/call get_weather", trace.WithSpanKind(trace.SpanKindClient))
			meta := propagation.MapCarrier{}
			prop.Inject(cctx, meta)
			sctx := prop.Extract(context.Background(), meta)
			_, server := tracer.Start(sctx, "tools/call get_weather", trace.WithSpanKind(trace.SpanKindServer))
			server.End()
			client.End()
		}
	})
	b.Run("mcpspan", func(b *testing.B) {
		c, err := otelagentops.New(context.Background(), otelagentops.WithExporter(discard{}),
			otelagentops.WithLogger(slog.New(slog.DiscardHandler)), otelagentops.WithoutEnvData(), otelagentops.WithoutJournal())
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = c.Shutdown(context.Background()) }()
		ctx, s, err := c.StartSession(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = s.End(ctx, "Success") }()
		cfg := NewConfig([]Option{WithClient(c)})
		client, server := cfg.ClientRecorder(), cfg.ServerRecorder()
		b.ReportAllocs()
		for b.Loop() {
			req := Request{Method: MethodToolsCall, ToolName: "get_weather", Arguments: args,
				SessionID: "d4c3f0a2", ProtocolVersion: "2025-06-18", Transport: "tcp"}
			cctx, call := client.Start(ctx, &req)
			meta, _ := InjectMeta(cctx, nil)
			sreq := Request{Method: MethodToolsCall, ToolName: "get_weather", SessionID: "d4c3f0a2", ProtocolVersion: "2025-06-18"}
			_, scall := server.Start(context.Background(), &sreq, meta)
			scall.End(Outcome{})
			call.End(Outcome{Output: "sunny in Paris"})
		}
	})
}
