package oteleino

import (
	"context"
	"errors"
	"testing"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// A model call that fails ends its LLM span and the agent's in error; the
// agent's error reaches the caller as Eino returns it.
func TestModelErrorRecorded(t *testing.T) {
	for _, stream := range []bool{false, true} {
		t.Run(map[bool]string{false: "generate", true: "stream"}[stream], func(t *testing.T) {
			r := newRecorded(t)
			srv := newFakeModel(t)
			srv.push(fault{status: 500})
			h := NewHandler(WithClient(r.client))
			_, err := runAgent(t, r.ctx, newAgent(t, srv, httpClient(t, nil)), stream, agent.WithComposeOptions(compose.WithCallbacks(h)))
			if err == nil {
				t.Fatal("the agent did not fail")
			}
			if err := h.ForceFlush(context.Background()); err != nil {
				t.Fatal(err)
			}
			spans := r.spans()
			llms, agents := spans["chat "+testModel], spans["invoke_agent ReActAgent"]
			if len(llms) != 1 || len(agents) != 1 {
				t.Fatalf("spans %v, want one LLM call and the agent", keys(spans))
			}
			if llms[0].Status().Code != codes.Error || agents[0].Status().Code != codes.Error {
				t.Errorf("LLM status %v, agent status %v, want both Error", llms[0].Status(), agents[0].Status())
			}
			if st := r.session.Stats(); st.LLMCalls != 1 || st.Errors != 2 {
				t.Errorf("stats %+v, want 1 LLM call and 2 errors", st)
			}
		})
	}
}

// A stream cut mid-way ends the LLM span in error, marked incomplete.
func TestStreamCutRecorded(t *testing.T) {
	r := newRecorded(t)
	srv := newFakeModel(t)
	srv.push(fault{}, fault{cutAfter: 2}) // the final answer's stream is cut after two words
	h := NewHandler(WithClient(r.client))
	_, err := runAgent(t, r.ctx, newAgent(t, srv, httpClient(t, nil)), true, agent.WithComposeOptions(compose.WithCallbacks(h)))
	if err == nil {
		t.Fatal("the cut stream did not fail the agent")
	}
	if err := h.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	llms := r.spans()["chat "+testModel]
	if len(llms) != 2 {
		t.Fatalf("%d LLM spans, want 2", len(llms))
	}
	var cut int
	for _, l := range llms {
		if l.Status().Code == codes.Error {
			cut++
			if !attr(l, semconv.AgentOpsStreamIncompleteKey).AsBool() {
				t.Error("the cut call is not marked incomplete")
			}
		}
	}
	if cut != 1 {
		t.Errorf("%d LLM spans in error, want the cut one", cut)
	}
}

// With no session to record into, the handler records nothing and the
// agent runs as without it.
func TestNoSessionRecordsNothing(t *testing.T) {
	r := newRecorded(t)
	if err := r.session.End(context.Background(), semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	srv := newFakeModel(t)
	for _, stream := range []bool{false, true} {
		h := NewHandler(WithClient(r.client))
		answer, err := runAgent(t, context.Background(), newAgent(t, srv, httpClient(t, nil)), stream, agent.WithComposeOptions(compose.WithCallbacks(h)))
		if err != nil || answer != reply {
			t.Fatalf("answer %q, %v: want %q", answer, err, reply)
		}
		if err := h.ForceFlush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if spans := r.spans(); len(spans) != 0 {
		t.Errorf("spans %v recorded with no session", keys(spans))
	}
}

// An error a component reports before it started (Eino's OpenAI model does
// so when it cannot build its request) leaves the span of its caller open.
func TestErrorBeforeStartLeavesCallerOpen(t *testing.T) {
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client))
	graph := &callbacks.RunInfo{Name: "planner", Component: compose.ComponentOfGraph}
	model := &callbacks.RunInfo{Name: "model", Type: "OpenAI", Component: components.ComponentOfChatModel}
	ctx := h.OnStart(r.ctx, graph, "plan a trip")
	h.OnError(ctx, model, errors.New("bad request"))
	if n := len(r.rec.Ended()); n != 0 {
		t.Fatalf("%d spans ended by another run's error", n)
	}
	h.OnEnd(ctx, graph, "done")
	agents := r.spans()["invoke_agent planner"]
	if len(agents) != 1 || agents[0].Status().Code == codes.Error {
		t.Fatalf("want the planner agent ended without error, got %v", keys(r.spans()))
	}
}

// The outermost graph is an agent; a graph nested in it is a workflow, and
// a lambda node a task. Passthrough nodes are not recorded.
func TestGraphNesting(t *testing.T) {
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client))
	outer := &callbacks.RunInfo{Name: "trip", Component: compose.ComponentOfGraph}
	inner := &callbacks.RunInfo{Name: "booking", Component: compose.ComponentOfChain}
	lambda := &callbacks.RunInfo{Name: "pick", Component: compose.ComponentOfLambda}
	pass := &callbacks.RunInfo{Component: compose.ComponentOfPassthrough}
	ctx := h.OnStart(r.ctx, outer, nil)
	ictx := h.OnStart(ctx, inner, nil)
	lctx := h.OnStart(ictx, lambda, nil)
	pctx := h.OnStart(lctx, pass, nil)
	h.OnEnd(pctx, pass, nil)
	h.OnEnd(lctx, lambda, nil)
	h.OnEnd(ictx, inner, nil)
	h.OnEnd(ctx, outer, nil)
	spans := r.spans()
	ag, wf, task := spans["invoke_agent trip"], spans["invoke_workflow booking"], spans["pick.task"]
	if len(ag) != 1 || len(wf) != 1 || len(task) != 1 || len(spans) != 3 {
		t.Fatalf("spans %v, want agent trip, workflow booking, task pick", keys(spans))
	}
	if wf[0].Parent().SpanID() != ag[0].SpanContext().SpanID() || task[0].Parent().SpanID() != wf[0].SpanContext().SpanID() {
		t.Error("spans not nested as the runs were")
	}
}

// With content capture off, no message, argument, result, input or output
// text is recorded; counts and tokens still are.
func TestContentOff(t *testing.T) {
	r := newRecorded(t, otelagentops.WithContentCapture(false))
	srv := newFakeModel(t)
	h := NewHandler(WithClient(r.client))
	for _, stream := range []bool{false, true} {
		if _, err := runAgent(t, r.ctx, newAgent(t, srv, httpClient(t, nil)), stream, agent.WithComposeOptions(compose.WithCallbacks(h))); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, s := range r.rec.Ended() {
		for _, kv := range s.Attributes() {
			switch kv.Key {
			case semconv.GenAIInputMessagesKey, semconv.GenAIOutputMessagesKey, semconv.GenAIToolCallArgumentsKey,
				semconv.GenAIToolCallResultKey, semconv.AgentOpsAgentInputKey, semconv.AgentOpsAgentOutputKey,
				semconv.AgentOpsTaskInputKey, semconv.AgentOpsTaskOutputKey:
				t.Errorf("span %s records %s with content capture off", s.Name(), kv.Key)
			}
		}
	}
	if st := r.session.Stats(); st.LLMCalls != 4 || st.ToolCalls != 2 || st.OutputTokens != 2*(toolTokens+completionTokens) {
		t.Errorf("stats %+v, want 4 LLM calls, 2 tool calls, %d output tokens", st, 2*(toolTokens+completionTokens))
	}
}
