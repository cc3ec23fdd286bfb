package otellangchaingo

import (
	"context"
	"sync"
	"testing"

	"github.com/tmc/langchaingo/llms"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/instrumentation/langchaingo/internal/fakellm"
	"github.com/agentops-go/sdk/semconv"
)

// TestAgentConcurrentSafe runs one instrumented agent from several
// goroutines at once, each with a context of its own: every run's spans
// nest in its own agent span.
func TestAgentConcurrentSafe(t *testing.T) {
	const runs = 6
	srv := fakellm.New()
	defer srv.Close()
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client), WithModel(fakellm.Model))
	exec := newAgent(t, srv, setup{handler: h, onModel: true})
	var wg sync.WaitGroup
	for range runs {
		wg.Go(func() {
			ctx, cancel := context.WithCancel(r.ctx)
			defer cancel()
			run(t, ctx, exec)
		})
	}
	wg.Wait()

	checkStats(t, r, runs)
	children := map[trace.SpanID]map[semconv.SpanKind]int{}
	for _, s := range r.rec.Ended() {
		p := s.Parent().SpanID()
		if children[p] == nil {
			children[p] = map[semconv.SpanKind]int{}
		}
		children[p][kindOf(s)]++
	}
	agentsEnded := r.ended(semconv.SpanKindAgent)
	if len(agentsEnded) != runs {
		t.Fatalf("%d agent spans, want %d", len(agentsEnded), runs)
	}
	for _, a := range agentsEnded {
		if got := children[a.SpanContext().SpanID()]; got[semconv.SpanKindWorkflow] != 2 || got[semconv.SpanKindTool] != 1 || len(got) != 2 {
			t.Errorf("agent span has children %v, want 2 chains and 1 tool", got)
		}
	}
	for _, c := range r.ended(semconv.SpanKindWorkflow) {
		if got := children[c.SpanContext().SpanID()]; got[semconv.SpanKindLLM] != 1 || len(got) != 1 {
			t.Errorf("chain span has children %v, want 1 LLM call", got)
		}
	}
	if n := h.runs.size(); n != 0 {
		t.Errorf("%d runs still hold open spans", n)
	}
}

// unhashable is a context type that cannot be a map key.
type unhashable struct {
	context.Context
	tags []string
}

// TestUnusualContexts: a context that cannot name a run, and a nil one, are
// not recorded by callbacks, and never panic.
func TestUnusualContexts(t *testing.T) {
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client))
	for _, ctx := range []context.Context{unhashable{Context: r.ctx, tags: []string{"x"}}, nil} {
		h.HandleChainStart(ctx, map[string]any{"input": "hi"})
		h.HandleAgentAction(ctx, schemaAction("weather"))
		h.HandleToolStart(ctx, "Paris")
		h.HandleToolEnd(ctx, "Sunny")
		h.HandleLLMGenerateContentStart(ctx, []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "hi")})
		h.HandleLLMGenerateContentEnd(ctx, &llms.ContentResponse{})
		h.HandleLLMError(ctx, context.Canceled)
		h.HandleToolError(ctx, context.Canceled)
		h.HandleChainEnd(ctx, nil)
		h.HandleChainError(ctx, context.Canceled)
	}
	if got := len(r.rec.Started()); got != 1 { // the session's root
		t.Errorf("%d spans started, want none but the session's", got-1)
	}
}

// TestEndWithoutStart: end callbacks with no span open do nothing.
func TestEndWithoutStart(t *testing.T) {
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client))
	h.HandleChainEnd(r.ctx, nil)
	h.HandleToolEnd(r.ctx, "x")
	h.HandleLLMGenerateContentEnd(r.ctx, nil)
	if got := len(r.rec.Ended()); got != 0 {
		t.Errorf("%d spans ended", got)
	}
}
