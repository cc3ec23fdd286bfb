package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

func sampleLLM() (LLMRequest, LLMResponse) {
	req := LLMRequest{
		Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini", Temperature: Ptr(0.0), MaxTokens: Ptr(256),
		Messages: []Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "secret prompt"}},
	}
	resp := LLMResponse{
		ID: "chatcmpl-1", Model: "gpt-4o-mini-2024-07-18", FinishReasons: []string{"stop"},
		Messages: []Message{{Role: "assistant", Content: "secret answer", FinishReason: "stop"}},
		Usage:    Usage{InputTokens: 120, OutputTokens: 30, CacheReadTokens: 100, ReasoningTokens: 5},
	}
	return req, resp
}

func TestLLMSpanCarriesBothVocabularies(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	req, resp := sampleLLM()
	if err := r.client.RecordLLM(ctx, req, resp, nil); err != nil {
		t.Fatal(err)
	}
	sp := r.span(t, "chat gpt-4o-mini")
	if sp.SpanKind() != trace.SpanKindClient || sp.Parent().SpanID() != s.SpanContext().SpanID() {
		t.Errorf("kind %v parent %v, want CLIENT under the root", sp.SpanKind(), sp.Parent().SpanID())
	}
	for key, want := range map[string]any{
		"gen_ai.system": "openai", "gen_ai.provider.name": "openai", "gen_ai.request.type": "chat",
		"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
		"gen_ai.request.temperature": 0.0, "gen_ai.request.max_tokens": int64(256),
		"gen_ai.usage.prompt_tokens": int64(120), "gen_ai.usage.input_tokens": int64(120),
		"gen_ai.usage.completion_tokens": int64(30), "gen_ai.usage.output_tokens": int64(30),
		"gen_ai.usage.total_tokens": int64(150), "gen_ai.usage.cache_read_input_tokens": int64(100),
		"gen_ai.usage.cache_read.input_tokens": int64(100), "gen_ai.usage.reasoning_tokens": int64(5),
		"gen_ai.usage.reasoning.output_tokens": int64(5), "gen_ai.response.finish_reason": "stop",
		"gen_ai.prompt.1.content": "secret prompt", "gen_ai.completion.0.content": "secret answer",
		"agentops.span.kind": "llm",
	} {
		if got := attrAny(sp, key); got != want {
			t.Errorf("%s = %v (%T), want %v", key, got, got, want)
		}
	}
	if got := attrAny(sp, "gen_ai.input.messages"); !strings.Contains(fmt.Sprint(got), `"content":"secret prompt"`) {
		t.Errorf("gen_ai.input.messages = %v", got)
	}
	if attrAny(sp, "gen_ai.usage.total_cost") != nil {
		t.Error("a client-side cost estimate was put on the span, overriding the backend's pricing")
	}
	if st := s.Stats(); st.CostUSD <= 0 || st.CacheReadTokens != 100 {
		t.Errorf("stats %+v, want a priced call", st)
	}
}

// attrAny returns the value of key on s as a Go value, or nil.
func attrAny(s sdktrace.ReadOnlySpan, key string) any {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value.AsInterface()
		}
	}
	return nil
}

func TestContentCaptureOffRecordsNoText(t *testing.T) {
	t.Setenv(envTraceContent, "false")
	r := newRecorded(t)
	ctx, _, err := r.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req, resp := sampleLLM()
	if err := r.client.RecordLLM(ctx, req, resp, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.client.RecordTool(ctx, Tool{Name: "lookup", Input: map[string]string{"q": "secret prompt"}, Output: "secret answer"}); err != nil {
		t.Fatal(err)
	}
	// The spans are there, with everything but the content.
	if got := attrAny(r.span(t, "chat gpt-4o-mini"), "gen_ai.usage.input_tokens"); got != int64(120) {
		t.Errorf("LLM span input tokens = %v, want 120", got)
	}
	if got := attrAny(r.span(t, "lookup.tool"), "gen_ai.tool.name"); got != "lookup" {
		t.Errorf("tool span name = %v", got)
	}
	for _, sp := range r.rec.Ended() {
		for _, kv := range sp.Attributes() {
			if v := kv.Value.Emit(); strings.Contains(v, "secret") {
				t.Errorf("span %q attribute %s leaks content %q", sp.Name(), kv.Key, v)
			}
		}
	}
}

func TestRedactorSeesEveryContentString(t *testing.T) {
	seen := map[ContentKind]int{}
	r := newRecorded(t, WithRedactor(func(kind ContentKind, text string) string {
		seen[kind]++
		return strings.ReplaceAll(text, "secret", "[redacted]")
	}))
	ctx, _, _ := r.client.StartSession(context.Background())
	req, resp := sampleLLM()
	_ = r.client.RecordLLM(ctx, req, resp, nil)
	_ = r.client.RecordTool(ctx, Tool{Name: "lookup", Input: "secret q", Output: "secret a"})
	for _, sp := range r.rec.Ended() {
		for _, kv := range sp.Attributes() {
			if strings.Contains(kv.Value.Emit(), "secret") {
				t.Errorf("%s on %q was not redacted", kv.Key, sp.Name())
			}
		}
	}
	for _, k := range []ContentKind{ContentPrompt, ContentCompletion, ContentToolInput, ContentToolOutput} {
		if seen[k] == 0 {
			t.Errorf("redactor never saw %s", k)
		}
	}
}

type quotaError struct{ limit int }

func (e *quotaError) Error() string { return fmt.Sprintf("quota of %d exceeded", e.limit) }

func TestErrorEventPointsAtItsTrigger(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	_, tool, _ := r.client.StartTool(ctx, "fetch", "https://example.com")
	tool.End(nil, &quotaError{limit: 3})
	err := r.client.RecordError(ctx, fmt.Errorf("agent gave up: %w", &quotaError{limit: 3}),
		WithTrigger(tool.Span().SpanContext()), WithErrorCode("E42"))
	if err != nil {
		t.Fatal(err)
	}
	failed := r.span(t, "fetch.tool")
	if failed.Status().Code != codes.Error || attrAny(failed, "tool.status") != "failed" {
		t.Errorf("failed tool: status %+v, tool.status %v", failed.Status(), attrAny(failed, "tool.status"))
	}
	ev := r.span(t, "*otelagentops.quotaError.error")
	if ev.Status().Code != codes.Error || attrAny(ev, "error.type") != "*otelagentops.quotaError" ||
		attrAny(ev, "error.message") != "agent gave up: quota of 3 exceeded" || attrAny(ev, "agentops.error.code") != "E42" {
		t.Errorf("error span: status %+v attrs %v", ev.Status(), ev.Attributes())
	}
	if attrAny(ev, "agentops.error.trigger_span_id") != failed.SpanContext().SpanID().String() ||
		len(ev.Links()) != 1 || ev.Links()[0].SpanContext.SpanID() != failed.SpanContext().SpanID() {
		t.Error("error span does not point at the failed tool span")
	}
	if len(ev.Events()) != 1 || ev.Events()[0].Name != "exception" {
		t.Errorf("events %v, want one exception", ev.Events())
	}
	if st := s.Stats(); st.Errors != 2 || st.ToolCalls != 1 {
		t.Errorf("stats %+v, want 2 errors (tool + error event) and 1 tool call", st)
	}
	if err := r.client.RecordError(ctx, nil); err != nil || len(r.rec.Ended()) != 2 {
		t.Errorf("RecordError(nil) = %v and recorded a span", err)
	}
}

func TestEntitySpansNest(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	wctx, wf, _ := r.client.StartWorkflow(ctx, "research", map[string]int{"depth": 2})
	actx, agent, _ := r.client.StartAgent(wctx, "planner", nil)
	tctx, task, _ := r.client.StartTask(actx, "outline", "topic")
	_ = r.client.RecordLLM(tctx, LLMRequest{Model: "gpt-4o"}, LLMResponse{}, nil)
	task.End("done", nil)
	agent.End(nil, errors.New("planner failed"))
	wf.End(nil, nil)

	parents := map[string]string{"chat gpt-4o": "outline.task", "outline.task": "planner.agent", "planner.agent": "research.workflow"}
	byID := map[trace.SpanID]string{}
	for _, sp := range r.rec.Ended() {
		byID[sp.SpanContext().SpanID()] = sp.Name()
	}
	for child, parent := range parents {
		if got := byID[r.span(t, child).Parent().SpanID()]; got != parent {
			t.Errorf("%s's parent is %q, want %q", child, got, parent)
		}
	}
	if r.span(t, "research.workflow").Parent().SpanID() != s.SpanContext().SpanID() {
		t.Error("workflow is not under the session root")
	}
	if attrAny(r.span(t, "research.workflow"), "agentops.workflow.input") != `{"depth":2}` ||
		attrAny(r.span(t, "outline.task"), "agentops.task.output") != "done" {
		t.Error("entity input/output missing")
	}
	if r.span(t, "planner.agent").Status().Code != codes.Error {
		t.Error("failed agent span is not Error")
	}
}
