package exporter_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/semconv"
)

// The AgentOps view in front of an exporter of your own: here an in-memory
// one; in a program, typically an otlptracehttp exporter pointed at a
// Collector that forwards to AgentOps.
func ExampleNewAgentOpsView() {
	mem := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter.NewAgentOpsView(mem)))

	// An LLM call as otelagentops records it (OTel GenAI conventions).
	_, span := tp.Tracer("example").Start(context.Background(), "chat gpt-4.1")
	span.SetAttributes(semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"),
		semconv.GenAIProviderName("openai"), semconv.GenAIRequestModel("gpt-4.1"),
		semconv.GenAIUsageInputTokens(12), semconv.GenAIUsageOutputTokens(5),
		semconv.GenAIOutputMessages(`[{"role":"assistant","parts":[{"type":"text","content":"Hello."}],"finish_reason":"stop"}]`))
	span.End()

	s := mem.GetSpans()[0]
	fmt.Println(s.Name, s.Status.Code)
	for _, kv := range s.Attributes {
		fmt.Printf("%s=%s\n", kv.Key, kv.Value.String())
	}
	_ = tp.Shutdown(context.Background())
	// Output:
	// chat gpt-4․1 Ok
	// gen_ai.system=openai
	// gen_ai.request.type=chat
	// gen_ai.request.streaming=false
	// gen_ai.usage.prompt_tokens=12
	// gen_ai.usage.completion_tokens=5
	// gen_ai.usage.total_tokens=17
	// gen_ai.completion.0.role=assistant
	// gen_ai.completion.0.content=Hello.
	// gen_ai.completion.0.finish_reason=stop
	// agentops.span.kind=llm
	// gen_ai.operation.name=chat
	// gen_ai.request.model=gpt-4.1
}

// The AgentOps view at the end of each span, so that every exporter behind
// the wrapped processor sees it.
func ExampleNewAgentOpsViewProcessor() {
	mem := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(
		exporter.NewAgentOpsViewProcessor(sdktrace.NewSimpleSpanProcessor(mem))))

	_, span := tp.Tracer("example").Start(context.Background(), "execute_tool get_weather")
	span.SetAttributes(semconv.SpanKindTool.Attribute(), semconv.GenAIOperationName("execute_tool"),
		semconv.GenAIToolName("get_weather"), semconv.GenAIToolCallArguments(`{"city":"Paris"}`))
	span.End()

	s := mem.GetSpans()[0]
	fmt.Println(s.Name)
	for _, kv := range s.Attributes {
		fmt.Printf("%s=%s\n", kv.Key, kv.Value.String())
	}
	_ = tp.Shutdown(context.Background())
	// Output:
	// get_weather.tool
	// operation.name=get_weather
	// tool.name=get_weather
	// tool.parameters={"city":"Paris"}
	// tool.status=succeeded
	// agentops.tool.input={"city":"Paris"}
	// agentops.span.kind=tool
}
