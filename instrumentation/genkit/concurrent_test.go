package otelgenkit_test

import (
	"sync"
	"testing"

	otelgenkit "github.com/agentops-go/sdk/instrumentation/genkit"
	"github.com/agentops-go/sdk/semconv"
)

// TestFlowsConcurrentSafe runs flows side by side in one session: each
// model call and tool call counted once, every span under its own flow.
func TestFlowsConcurrentSafe(t *testing.T) {
	const runs = 8
	model := newFakeModel(t)
	r := newRecorded(t)
	rec := otelgenkit.New(otelgenkit.WithClient(r.client))
	a := newAgent(t, model, agentConfig{rec: rec, middleware: true, llmhttp: true})
	var wg sync.WaitGroup
	errs := make(chan error, runs)
	for range runs {
		wg.Go(func() {
			if _, err := a.flow.Run(r.ctx, "What is the weather in Paris?"); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := r.session.End(r.ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if st := r.session.Stats(); st.LLMCalls != 2*runs || st.ToolCalls != runs || st.InputTokens != 2*runs*fakePromptTokens {
		t.Errorf("stats %+v, want %d LLM calls, %d tool calls", st, 2*runs, runs)
	}
	spans := r.spans.Ended()
	flows := map[[8]byte]int{}
	for _, s := range spansNamed(spans, "invoke_workflow weatherFlow") {
		flows[s.SpanContext().SpanID()] = 0
	}
	for _, s := range spans {
		if s.Name() == "chat "+fakeModel || s.Name() == "execute_tool "+weatherTool {
			id := s.Parent().SpanID()
			if _, ok := flows[id]; !ok {
				t.Fatalf("%q hangs under no flow", s.Name())
			}
			flows[id]++
		}
	}
	for id, n := range flows {
		if n != 3 {
			t.Errorf("flow %x has %d children, want 3", id, n)
		}
	}
}
