package otellangchaingo

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/instrumentation/langchaingo/internal/fakellm"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
)

// checkStats checks the session counted the agent's two model calls and
// one tool call exactly once each.
func checkStats(t *testing.T, r *recorded, runs int) {
	t.Helper()
	st := r.session.Stats()
	if st.LLMCalls != 2*runs || st.ToolCalls != runs {
		t.Errorf("stats: %d LLM calls and %d tool calls, want %d and %d", st.LLMCalls, st.ToolCalls, 2*runs, runs)
	}
	wantIn, wantOut := int64(runs*(fakellm.ActionPrompt+fakellm.FinalPrompt)), int64(runs*(fakellm.ActionOutput+fakellm.FinalOutput))
	if st.InputTokens != wantIn || st.OutputTokens != wantOut {
		t.Errorf("stats: %d input and %d output tokens, want %d and %d", st.InputTokens, st.OutputTokens, wantIn, wantOut)
	}
	if got := len(r.ended(semconv.SpanKindLLM)); got != 2*runs {
		t.Errorf("%d LLM spans, want %d", got, 2*runs)
	}
}

// checkTree checks session → agent → {chain → LLM, tool}; llmUnder says
// what an LLM span's parent is: "chain" or "session" (llmhttp's spans, in
// the context langchaingo passes down).
func checkTree(t *testing.T, r *recorded, llmUnder string) {
	t.Helper()
	root := r.session.SpanContext().SpanID()
	agentsEnded := r.ended(semconv.SpanKindAgent)
	if len(agentsEnded) != 1 {
		t.Fatalf("%d agent spans, want 1", len(agentsEnded))
	}
	agent := agentsEnded[0]
	if agent.Name() != "invoke_agent weather-agent" || agent.Parent().SpanID() != root {
		t.Errorf("agent span %q under %s, want invoke_agent weather-agent under the session", agent.Name(), agent.Parent().SpanID())
	}
	chainsEnded := r.ended(semconv.SpanKindWorkflow)
	if len(chainsEnded) != 2 {
		t.Fatalf("%d chain spans, want 2 (one per plan)", len(chainsEnded))
	}
	for _, c := range chainsEnded {
		if c.Parent().SpanID() != agent.SpanContext().SpanID() {
			t.Errorf("chain span %q is not under the agent", c.Name())
		}
	}
	for _, l := range r.ended(semconv.SpanKindLLM) {
		parent := r.byID(l.Parent().SpanID())
		switch {
		case llmUnder == "session" && l.Parent().SpanID() == root:
		case llmUnder == "chain" && parent != nil && kindOf(parent) == semconv.SpanKindWorkflow:
		default:
			t.Errorf("LLM span %q is not under the %s", l.Name(), llmUnder)
		}
	}
	toolsEnded := r.ended(semconv.SpanKindTool)
	if len(toolsEnded) != 1 {
		t.Fatalf("%d tool spans, want 1", len(toolsEnded))
	}
	if tl := toolsEnded[0]; tl.Name() != "execute_tool "+fakellm.ToolName || tl.Parent().SpanID() != agent.SpanContext().SpanID() {
		t.Errorf("tool span %q is not execute_tool %s under the agent", tl.Name(), fakellm.ToolName)
	}
}

func kindOf(s sdktrace.ReadOnlySpan) semconv.SpanKind {
	v, _ := attrOf(s, semconv.AgentOpsSpanKindKey)
	return semconv.SpanKind(v.AsString())
}

// TestAgentCallbacks records a real ReAct agent through callbacks only:
// the handler on the model, the agent, the executor and the tool.
func TestAgentCallbacks(t *testing.T) {
	srv := fakellm.New()
	defer srv.Close()
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client), WithProvider(semconv.GenAIProviderOpenAI), WithModel(fakellm.Model))
	run(t, r.ctx, newAgent(t, srv, setup{handler: h, onModel: true}))

	checkStats(t, r, 1)
	checkTree(t, r, "chain")
	llm := r.ended(semconv.SpanKindLLM)[0]
	if llm.Name() != "chat "+fakellm.Model {
		t.Errorf("LLM span named %q", llm.Name())
	}
	in, _ := attrOf(llm, semconv.GenAIInputMessagesKey)
	out, _ := attrOf(llm, semconv.GenAIOutputMessagesKey)
	if !strings.Contains(in.AsString(), "What is the weather in Paris?") || !strings.Contains(out.AsString(), "Action: weather") {
		t.Errorf("LLM content: input %.80q… output %q", in.AsString(), out.AsString())
	}
	tool := r.ended(semconv.SpanKindTool)[0]
	if args, _ := attrOf(tool, semconv.GenAIToolCallArgumentsKey); args.AsString() != fakellm.ToolInput {
		t.Errorf("tool arguments %q, want %q", args.AsString(), fakellm.ToolInput)
	}
	if res, _ := attrOf(tool, semconv.GenAIToolCallResultKey); res.AsString() != fakellm.ToolOutput {
		t.Errorf("tool result %q, want %q", res.AsString(), fakellm.ToolOutput)
	}
	if n := h.runs.size(); n != 0 {
		t.Errorf("%d runs still hold open spans", n)
	}
}

// TestAgentWrappedModelWithLLMHTTP: the model is wrapped, its callbacks are
// the handler too and its HTTP client records with llmhttp: each call is
// recorded once, by the wrapper, under its chain.
func TestAgentWrappedModelWithLLMHTTP(t *testing.T) {
	srv := fakellm.New()
	defer srv.Close()
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client), WithProvider(semconv.GenAIProviderOpenAI), WithModel(fakellm.Model))
	run(t, r.ctx, newAgent(t, srv, setup{handler: h, onModel: true, wrapModel: true, wrapTool: true,
		transport: llmhttp.NewTransport(nil, llmhttp.WithClient(r.client))}))

	checkStats(t, r, 1)
	checkTree(t, r, "chain")
	for _, l := range r.ended(semconv.SpanKindLLM) {
		if l.Name() != "chat "+fakellm.Model {
			t.Errorf("LLM span named %q", l.Name())
		}
		if v, _ := attrOf(l, semconv.GenAIRequestStreamKey); !v.AsBool() {
			t.Errorf("LLM span %q not recorded as streamed (the agent streams to its callbacks)", l.Name())
		}
		if v, ok := attrOf(l, semconv.GenAIResponseTimeToFirstChunkKey); !ok || v.AsFloat64() <= 0 {
			t.Errorf("LLM span has no time to first chunk")
		}
	}
}

// TestAgentWrappedWithoutAgentHandler: the lightest setup (README): the
// model and the tool wrapped, no handler on the agent (which would make it
// stream), the executor's run the agent span. Each call is recorded once,
// not streamed, model and tool under the agent; no chain spans.
func TestAgentWrappedWithoutAgentHandler(t *testing.T) {
	srv := fakellm.New()
	defer srv.Close()
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client), WithProvider(semconv.GenAIProviderOpenAI), WithModel(fakellm.Model))
	run(t, r.ctx, newAgent(t, srv, setup{handler: h, wrapModel: true, wrapTool: true, agentBare: true}))

	checkStats(t, r, 1)
	agentsEnded := r.ended(semconv.SpanKindAgent)
	if len(agentsEnded) != 1 {
		t.Fatalf("%d agent spans, want 1", len(agentsEnded))
	}
	agent := agentsEnded[0].SpanContext().SpanID()
	if n := len(r.ended(semconv.SpanKindWorkflow)); n != 0 {
		t.Errorf("%d chain spans, want none (the agent has no handler)", n)
	}
	for _, sp := range append(r.ended(semconv.SpanKindLLM), r.ended(semconv.SpanKindTool)...) {
		if sp.Parent().SpanID() != agent {
			t.Errorf("span %q is not under the agent", sp.Name())
		}
	}
	for _, l := range r.ended(semconv.SpanKindLLM) {
		if v, _ := attrOf(l, semconv.GenAIRequestStreamKey); v.AsBool() {
			t.Errorf("LLM span %q streamed: the agent has no handler to stream to", l.Name())
		}
	}
	if tools := r.ended(semconv.SpanKindTool); len(tools) != 1 || tools[0].Name() != "execute_tool "+fakellm.ToolName {
		t.Errorf("tool spans %d, want one execute_tool %s", len(tools), fakellm.ToolName)
	}
	if n := h.runs.size(); n != 0 {
		t.Errorf("%d runs still hold open spans", n)
	}
}

// TestAgentLLMHTTPRecordsModel: the handler is not on the model, whose
// HTTP client records with llmhttp: llmhttp's span is the call's only one.
func TestAgentLLMHTTPRecordsModel(t *testing.T) {
	srv := fakellm.New()
	defer srv.Close()
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client))
	run(t, r.ctx, newAgent(t, srv, setup{handler: h, transport: llmhttp.NewTransport(nil, llmhttp.WithClient(r.client))}))
	checkStats(t, r, 1)
	checkTree(t, r, "session")
}

// TestContentCaptureOff: no prompt, completion or tool text is recorded.
func TestContentCaptureOff(t *testing.T) {
	srv := fakellm.New()
	defer srv.Close()
	r := newRecorded(t, otelagentops.WithContentCapture(false))
	h := NewHandler(WithClient(r.client), WithModel(fakellm.Model))
	run(t, r.ctx, newAgent(t, srv, setup{handler: h, onModel: true, wrapModel: true, wrapTool: true}))
	checkStats(t, r, 1)
	for _, s := range r.rec.Ended() {
		for _, kv := range s.Attributes() {
			if strings.Contains(kv.Value.String(), "Paris") {
				t.Errorf("span %q records content with capture off: %s", s.Name(), kv.Key)
			}
		}
	}
}

// TestNoSession: with no session to record in, the agent runs as before
// and nothing is recorded.
func TestNoSession(t *testing.T) {
	srv := fakellm.New()
	defer srv.Close()
	r := newRecorded(t)
	if err := r.session.End(context.Background(), semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	before := len(r.rec.Ended())
	h := NewHandler(WithClient(r.client))
	run(t, context.Background(), newAgent(t, srv, setup{handler: h, onModel: true, wrapModel: true, wrapTool: true}))
	if got := len(r.rec.Ended()); got != before {
		t.Errorf("%d spans recorded without a session", got-before)
	}
	if n := h.runs.size(); n != 0 {
		t.Errorf("%d runs still hold open entries", n)
	}
}

// TestModelFailure: the openai llm reports no failure to its callbacks;
// the LLM span it opened ends, failed, when the chain around it fails.
func TestModelFailure(t *testing.T) {
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client), WithModel(fakellm.Model))
	srv := fakellm.New()
	srv.Close() // every call fails to connect
	exec := newAgent(t, srv, setup{handler: h, onModel: true})
	if _, err := exec.Call(r.ctx, map[string]any{"input": "What is the weather?"}); err == nil {
		t.Fatal("the agent did not fail")
	}
	llmsEnded := r.ended(semconv.SpanKindLLM)
	if len(llmsEnded) != 1 || llmsEnded[0].Status().Code != codes.Error {
		t.Fatalf("want one failed LLM span, got %d", len(llmsEnded))
	}
	if n := h.runs.size(); n != 0 {
		t.Errorf("%d runs still hold open spans", n)
	}
}

// TestToolFailure: a tool's error ends its span failed.
func TestToolFailure(t *testing.T) {
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client))
	boom := errors.New("weather service down")
	for _, wrapped := range []bool{false, true} {
		var tl interface {
			Call(context.Context, string) (string, error)
		} = weather{CallbacksHandler: h, fail: boom}
		if wrapped {
			tl = h.WrapTool(weather{CallbacksHandler: h, fail: boom})
		}
		if _, err := tl.Call(r.ctx, "Paris"); !errors.Is(err, boom) {
			t.Fatalf("tool error %v", err)
		}
	}
	toolsEnded := r.ended(semconv.SpanKindTool)
	if len(toolsEnded) != 2 {
		t.Fatalf("%d tool spans, want 2 (one per call)", len(toolsEnded))
	}
	for _, s := range toolsEnded {
		if s.Status().Code != codes.Error || s.Status().Description != boom.Error() {
			t.Errorf("tool span status %v", s.Status())
		}
	}
}

// TestWrappedModelInsideOpenCall: a wrapped model called with a context
// that already carries an open LLM call (an outer wrapper, an integration)
// records nothing more.
func TestWrappedModelInsideOpenCall(t *testing.T) {
	srv := fakellm.New()
	defer srv.Close()
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client), WithModel(fakellm.Model))
	outer := h.WrapModel(h.WrapModel(mustOpenAI(t, srv, h)))
	//lint:ignore SA1019 the wrapper's deprecated Call is a path to test (it goes through GenerateContent)
	if _, err := outer.Call(r.ctx, "What is the weather in Paris?"); err != nil {
		t.Fatal(err)
	}
	if st := r.session.Stats(); st.LLMCalls != 1 || st.InputTokens != fakellm.ActionPrompt {
		t.Errorf("stats %+v, want one LLM call of %d input tokens", st, fakellm.ActionPrompt)
	}
}
