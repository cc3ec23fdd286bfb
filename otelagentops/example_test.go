package otelagentops_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// A session with one LLM call and one tool call, exported to an in-memory
// exporter. The session ID is the trace ID of every span.
func Example() {
	ctx := context.Background()
	exp := tracetest.NewInMemoryExporter()
	client, err := otelagentops.New(ctx, otelagentops.WithExporter(exp), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		panic(err)
	}
	ctx, session, err := client.StartSession(ctx, otelagentops.WithSessionName("support"), otelagentops.WithTags("demo"))
	if err != nil {
		panic(err)
	}
	_ = client.RecordLLM(ctx,
		otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini"},
		otelagentops.LLMResponse{Model: "gpt-4o-mini", Usage: otelagentops.Usage{InputTokens: 1000, OutputTokens: 200}},
		nil)
	_ = client.RecordTool(ctx, otelagentops.Tool{Name: "lookup_order", Input: `{"id":42}`, Output: "shipped"})
	_ = session.End(ctx, semconv.EndStateSuccess)
	_ = client.ForceFlush(ctx)

	for _, s := range exp.GetSpans() {
		fmt.Println(s.Name, s.SpanContext.TraceID() == session.ID().TraceID())
	}
	st := session.Stats()
	fmt.Printf("LLMs %d, tools %d, tokens %d, cost $%.6f\n", st.LLMCalls, st.ToolCalls, st.TotalTokens, st.CostUSD)
	_ = client.Shutdown(ctx)
	// Output:
	// chat gpt-4o-mini true
	// execute_tool lookup_order true
	// support.session true
	// LLMs 1, tools 1, tokens 1200, cost $0.000270
}

// Plugging into your own TracerProvider: add the SessionProcessor and the
// IDGenerator, and tell the client which processor is yours.
func ExampleWithTracerProvider() {
	ctx := context.Background()
	rec := tracetest.NewSpanRecorder()
	proc := otelagentops.NewSessionProcessor(rec)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	defer func() { _ = tp.Shutdown(ctx) }()

	client, _ := otelagentops.New(ctx, otelagentops.WithTracerProvider(tp), otelagentops.WithSessionProcessor(proc),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	ctx, session, _ := client.StartSession(ctx)
	_ = client.RecordAction(ctx, otelagentops.Action{Type: "click"})
	_ = session.End(ctx, semconv.EndStateFail, otelagentops.WithReason("button missing"))

	fmt.Println(session.RootSpanIDDerived(), session.Stats().Actions, len(rec.Ended()))
	// Output: true 1 2
}

// The one-active-session rule, and its error.
func ExampleClient_StartSession() {
	ctx := context.Background()
	client, _ := otelagentops.New(ctx, otelagentops.WithExporter(tracetest.NewNoopExporter()),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	defer func() { _ = client.Shutdown(ctx) }()

	_, _, _ = client.StartSession(ctx)
	_, _, err := client.StartSession(ctx)
	fmt.Println(errors.Is(err, otelagentops.ErrSessionActive))
	// Output: true
}

func ExampleStats_String() {
	fmt.Println(otelagentops.Stats{Duration: 62300 * time.Millisecond, LLMCalls: 3, ToolCalls: 1, Actions: 2, CostUSD: 0.000123})
	fmt.Println(otelagentops.Stats{Duration: 2 * time.Second, LLMCalls: 2, UnpricedLLMCalls: 2})
	// Output:
	// Session Stats - Duration: 1m 2.3s | Cost: $0.000123 | LLMs: 3 | Tools: 1 | Actions: 2 | Errors: 0
	// Session Stats - Duration: 2.0s | Cost: $0.00 (+2 unpriced LLM calls) | LLMs: 2 | Tools: 0 | Actions: 0 | Errors: 0
}

// Init creates the default client and starts a session; the package-level
// functions record into it. Shutdown ends anything left open and flushes.
func ExampleInit() {
	ctx := context.Background()
	exp := tracetest.NewInMemoryExporter()
	started, err := otelagentops.Init(ctx, otelagentops.WithExporter(exp), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		panic(err)
	}
	_ = otelagentops.RecordAction(ctx, otelagentops.Action{Type: "search"})
	_ = otelagentops.RecordError(ctx, errors.New("page not found"))
	session, _ := otelagentops.CurrentSession(ctx)
	st := session.Stats()
	_ = otelagentops.Shutdown(ctx) // the session was never ended: Indeterminate

	fmt.Println(started == session, st.Actions, st.Errors, session.Ended())
	// Output: true 1 1 true
}
