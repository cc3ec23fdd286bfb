package otelgenkit_test

import (
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	otelgenkit "github.com/agentops-go/sdk/instrumentation/genkit"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// TestFlowCountsOnce runs the agent's flow in a session: two model calls
// (a tool call asked for, then the answer) and one tool call, counted
// once each with their tokens and cost, with and without llmhttp on the
// model plugin's HTTP client.
func TestFlowCountsOnce(t *testing.T) {
	for _, withLLMHTTP := range []bool{false, true} {
		name := "plain HTTP client"
		if withLLMHTTP {
			name = "llmhttp on the HTTP client"
		}
		t.Run(name, func(t *testing.T) {
			model := newFakeModel(t)
			r := newRecorded(t)
			rec := otelgenkit.New(otelgenkit.WithClient(r.client))
			a := newAgent(t, model, agentConfig{rec: rec, llmhttp: withLLMHTTP, middleware: true})

			out, err := a.flow.Run(r.ctx, "What is the weather in Paris?")
			if err != nil {
				t.Fatal(err)
			}
			if out != fakeReply {
				t.Errorf("flow output %q, want %q", out, fakeReply)
			}
			if got := model.requests.Load(); got != 2 {
				t.Fatalf("model requests = %d, want 2", got)
			}
			st := r.session.Stats()
			if st.LLMCalls != 2 || st.ToolCalls != 1 {
				t.Errorf("LLMCalls, ToolCalls = %d, %d; want 2, 1", st.LLMCalls, st.ToolCalls)
			}
			if st.InputTokens != 2*fakePromptTokens || st.OutputTokens != 2*fakeCompletionTokens {
				t.Errorf("tokens in/out = %d/%d, want %d/%d", st.InputTokens, st.OutputTokens, 2*fakePromptTokens, 2*fakeCompletionTokens)
			}
			if st.CostUSD <= 0 || st.UnpricedLLMCalls != 0 {
				t.Errorf("cost %v with %d unpriced calls; want a priced cost", st.CostUSD, st.UnpricedLLMCalls)
			}
			if err := r.session.End(r.ctx, semconv.EndStateSuccess); err != nil {
				t.Fatal(err)
			}
			assertTree(t, r.spans.Ended())
		})
	}
}

// assertTree checks the session's spans: session → invoke_workflow
// weatherFlow → two "chat gpt-4o-mini" LLM calls and one tool call, every
// parent present.
func assertTree(t *testing.T, spans []sdktrace.ReadOnlySpan) {
	t.Helper()
	byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byID[s.SpanContext().SpanID()] = s
	}
	var flow sdktrace.ReadOnlySpan
	counts := map[string]int{}
	for _, s := range spans {
		counts[s.Name()]++
		if s.Name() == "invoke_workflow weatherFlow" {
			flow = s
		}
	}
	if flow == nil {
		t.Fatalf("no workflow span among %v", counts)
	}
	if p, ok := byID[flow.Parent().SpanID()]; !ok || !strings.HasSuffix(p.Name(), ".session") {
		t.Errorf("the workflow's parent is not the session's root")
	}
	if counts["chat "+fakeModel] != 2 || counts["execute_tool "+weatherTool] != 1 {
		t.Errorf("spans %v, want 2 %q and 1 %q", counts, "chat "+fakeModel, "execute_tool "+weatherTool)
	}
	for _, s := range spans {
		switch s.Name() {
		case "chat " + fakeModel, "execute_tool " + weatherTool:
			if s.Parent().SpanID() != flow.SpanContext().SpanID() {
				p := byID[s.Parent().SpanID()]
				t.Errorf("%q hangs under %v, want the workflow", s.Name(), p)
			}
		}
	}
	for _, s := range spans {
		if s.Parent().IsValid() {
			if _, ok := byID[s.Parent().SpanID()]; !ok {
				t.Errorf("%q names a parent the session does not have", s.Name())
			}
		}
	}
	_ = otelagentops.ScopeName
}
