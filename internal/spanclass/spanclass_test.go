package spanclass

import (
	"math"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Signals
		want Kind
	}{
		{"llm kind", Signals{SpanKind: "llm"}, LLM},
		{"tool kind with GenAI keys", Signals{SpanKind: "tool", GenAI: true}, Tool},
		{"agent kind with invoke_agent", Signals{SpanKind: "agent", Operation: "invoke_agent", GenAI: true}, Agent},
		{"workflow kind", Signals{SpanKind: "workflow", Operation: "invoke_workflow"}, Workflow},
		{"task kind", Signals{SpanKind: "task"}, Task},
		{"session kind with a conversation", Signals{SpanKind: "session", GenAI: false}, Session},
		{"operation with an action type", Signals{SpanKind: "operation", Action: true}, Action},
		{"operation without one", Signals{SpanKind: "operation", GenAI: true}, Other},
		{"unknown kind falls to the keys", Signals{SpanKind: "http", GenAI: true}, LLM},
		{"foreign action", Signals{Action: true, GenAI: true}, Action},
		{"foreign tool keys", Signals{Tool: true, GenAI: true}, Tool},
		{"foreign execute_tool", Signals{Operation: "execute_tool"}, Tool},
		{"foreign invoke_agent", Signals{Operation: "invoke_agent", GenAI: true}, Agent},
		{"foreign invoke_workflow", Signals{Operation: "invoke_workflow"}, Workflow},
		{"foreign chat", Signals{Operation: "chat"}, LLM},
		{"foreign model only", Signals{GenAI: true}, LLM},
		{"nothing", Signals{}, Other},
	} {
		if got := Classify(tc.in); got != tc.want {
			t.Errorf("%s: Classify(%+v) = %d, want %d", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in   attribute.Value
		want int64
	}{
		{attribute.Int64Value(12), 12},
		{attribute.Float64Value(12.9), 12},
		{attribute.StringValue("12"), 12},
		{attribute.StringValue("twelve"), 0},
		{attribute.BoolValue(true), 0},
	} {
		if got := Tokens(&tc.in); got != tc.want {
			t.Errorf("Tokens(%v) = %d, want %d", tc.in.String(), got, tc.want)
		}
	}
	if Tokens(nil) != 0 {
		t.Error("Tokens(nil) != 0")
	}
}

// TestCountRefusesWhatIsNoCount: a negative count, a NaN or an infinity
// from any instrumentation reads as 0 and is reported, never subtracted
// from a session or turned into MinInt64.
func TestCountRefusesWhatIsNoCount(t *testing.T) {
	for _, tc := range []struct {
		in    attribute.Value
		want  int64
		valid bool
	}{
		{attribute.Int64Value(-5), 0, false},
		{attribute.Float64Value(-0.5), 0, false},
		{attribute.Float64Value(math.NaN()), 0, false},
		{attribute.Float64Value(math.Inf(-1)), 0, false},
		{attribute.Float64Value(math.Inf(1)), math.MaxInt64, false},
		{attribute.Float64Value(1e30), math.MaxInt64, true},
		{attribute.StringValue("-3"), 0, false},
		{attribute.Int64Value(math.MaxInt64), math.MaxInt64, true},
		{attribute.Int64Value(0), 0, true},
	} {
		if n, ok := Count(&tc.in); n != tc.want || ok != tc.valid {
			t.Errorf("Count(%v) = %d, %v; want %d, %v", tc.in.String(), n, ok, tc.want, tc.valid)
		}
	}
}

func TestSumSaturates(t *testing.T) {
	if got := Sum(math.MaxInt64, math.MaxInt64); got != math.MaxInt64 {
		t.Errorf("Sum(MaxInt64, MaxInt64) = %d, want MaxInt64", got)
	}
	if got := Sum(2, 3); got != 5 {
		t.Errorf("Sum(2, 3) = %d", got)
	}
}
