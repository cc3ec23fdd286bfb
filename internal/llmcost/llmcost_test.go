package llmcost

import (
	"math"
	"strconv"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/agentops-go/sdk/pricing"
	"github.com/agentops-go/sdk/semconv"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestSumHasNoFloatNoise: costs add up to the picodollar, in any order, and
// print as the decimals they are.
func TestSumHasNoFloatNoise(t *testing.T) {
	a, b := 0.00012, 0.0006 // variables: constants add exactly at compile time
	if a+b == 0.00072 {
		t.Fatal("the float sum is exact: the test shows nothing")
	}
	if got := Sum(a, b); got != 0.00072 {
		t.Errorf("Sum = %v, want 0.00072", got)
	}
	costs := []float64{0.1, 0.2, 0.3, 1e-12, 2.5e-6, 0.0125, 3.0000000000004}
	total, reverse := 0.0, 0.0
	for i := range costs {
		total = Sum(total, Round(costs[i]))
		reverse = Sum(reverse, Round(costs[len(costs)-1-i]))
	}
	if total != reverse || strconv.FormatFloat(total, 'f', -1, 64) != "3.612502500001" {
		t.Errorf("totals %v and %v, want 3.612502500001 (the last one rounded) both", total, reverse)
	}
}

func TestRound(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{0.0007199999999999999, 0.00072},
		{1.4e-12, 1e-12},
		{4e-13, 0},
		{-0.5e-3, -0.5e-3},
		{1e6 / 3, 1e6 / 3}, // past exact picodollars: as it is
	} {
		if got := Round(tc.in); got != tc.want {
			t.Errorf("Round(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if !math.IsNaN(Round(math.NaN())) || !math.IsInf(Round(math.Inf(1)), 1) {
		t.Error("NaN and infinity must come back as they are")
	}
}

// span returns an ended span with attrs and status code.
func span(code codes.Code, attrs ...attribute.KeyValue) sdktrace.ReadOnlySpan {
	return tracetest.SpanStubs{{Name: "s", Attributes: attrs, Status: sdktrace.Status{Code: code}}}.Snapshots()[0]
}

func TestReadAndPrice(t *testing.T) {
	table := pricing.Default()
	p, ok := Lookup(table, "", "gpt-4o")
	if !ok {
		t.Fatal("gpt-4o has no price in the default table")
	}
	usage := []attribute.KeyValue{semconv.GenAIUsageInputTokens(1000), semconv.GenAIUsageOutputTokens(100)}
	for _, tc := range []struct {
		name       string
		span       sdktrace.ReadOnlySpan
		priced     bool
		cost       float64
		kind       Kind
		needsPrice bool
	}{
		{"estimate on the request model", span(codes.Unset, append([]attribute.KeyValue{semconv.GenAIRequestModel("gpt-4o"),
			semconv.GenAIResponseModel("no-such-model")}, usage...)...), true, Round(p.Cost(pricing.Usage{InputTokens: 1000, OutputTokens: 100})), LLM, true},
		{"the user's cost", span(codes.Unset, semconv.GenAIRequestModel("gpt-4o"), semconv.AgentOpsLLMCostUSD(0.0007199999999999999)), true, 0.00072, LLM, false},
		{"unknown model", span(codes.Unset, append([]attribute.KeyValue{semconv.GenAIRequestModel("my-local-model")}, usage...)...), false, 0, LLM, true},
		{"no usage", span(codes.Unset, semconv.GenAIRequestModel("gpt-4o")), false, 0, LLM, false},
		{"failed without usage", span(codes.Error, semconv.GenAIRequestModel("gpt-4o")), true, 0, LLM, false},
		{"tool", span(codes.Unset, semconv.GenAIToolName("search")), false, 0, Tool, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Read(tc.span)
			if f.NeedsPrice() != tc.needsPrice {
				t.Errorf("NeedsPrice %v, want %v", f.NeedsPrice(), tc.needsPrice)
			}
			f.Price(table)
			if f.Kind != tc.kind || f.Priced != tc.priced || f.CostUSD != tc.cost {
				t.Errorf("kind %d priced %v cost %v; want %d %v %v", f.Kind, f.Priced, f.CostUSD, tc.kind, tc.priced, tc.cost)
			}
		})
	}
}

// TestIsErrorIsTheSharedRule: a failed SERVER span under a remote caller is
// not an error of the session (its caller's span counts the failure,
// spanclass.CountsAsError), yet it failed: an LLM call it records without
// usage is still not billed. Under a local parent it counts.
func TestIsErrorIsTheSharedRule(t *testing.T) {
	tid := trace.TraceID{1}
	parent := func(remote bool) trace.SpanContext {
		return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{2}, Remote: remote})
	}
	failed := func(kind trace.SpanKind, p trace.SpanContext, attrs ...attribute.KeyValue) sdktrace.ReadOnlySpan {
		return tracetest.SpanStub{Name: "s", SpanKind: kind, Parent: p, Attributes: attrs,
			SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{3}}),
			Status:      sdktrace.Status{Code: codes.Error, Description: "boom"}}.Snapshot()
	}
	if f := Read(failed(trace.SpanKindServer, parent(true), semconv.GenAIToolName("station"))); f.IsError {
		t.Error("a failed SERVER span under a remote caller counts as an error")
	}
	if f := Read(failed(trace.SpanKindServer, parent(false), semconv.GenAIToolName("station"))); !f.IsError {
		t.Error("a failed SERVER span under a local parent does not count")
	}
	if f := Read(failed(trace.SpanKindClient, parent(true), semconv.GenAIToolName("station"))); !f.IsError {
		t.Error("a failed CLIENT span does not count")
	}
	f := Read(failed(trace.SpanKindServer, parent(true), semconv.GenAIRequestModel("gpt-4o")))
	if f.IsError || f.Kind != LLM || !f.Priced || f.CostUSD != 0 || f.UsageUnknown {
		t.Errorf("failed SERVER LLM call without usage: %+v; want no error counted, priced $0 (not billed)", f)
	}
}
