package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

func sampleLLM() (LLMRequest, LLMResponse) {
	req := LLMRequest{
		Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini", Temperature: new(0.0), MaxTokens: new(256),
		Messages: []Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "secret prompt"}},
	}
	resp := LLMResponse{
		ID: "chatcmpl-1", Model: "gpt-4o-mini-2024-07-18", FinishReasons: []string{"stop"},
		Messages: []Message{{Role: "assistant", Content: "secret answer", FinishReason: "stop"}},
		Usage:    Usage{InputTokens: 120, OutputTokens: 30, CacheReadTokens: 100, ReasoningTokens: 5},
	}
	return req, resp
}

func TestLLMSpanRecordsOTelGenAIOnce(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	req, resp := sampleLLM()
	req.SystemInstructions = []string{"answer in French"}
	if err := r.client.RecordLLM(ctx, req, resp, nil); err != nil {
		t.Fatal(err)
	}
	sp := r.span(t, "chat gpt-4o-mini")
	if sp.SpanKind() != trace.SpanKindClient || sp.Parent().SpanID() != s.SpanContext().SpanID() {
		t.Errorf("kind %v parent %v, want CLIENT under the root", sp.SpanKind(), sp.Parent().SpanID())
	}
	want := map[string]any{
		"agentops.span.kind": "llm", "agentops.session.id": s.ID().String(), "gen_ai.conversation.id": s.ID().String(),
		"gen_ai.provider.name": "openai", "gen_ai.operation.name": "chat",
		"gen_ai.request.model": "gpt-4o-mini", "gen_ai.response.model": "gpt-4o-mini-2024-07-18", "gen_ai.response.id": "chatcmpl-1",
		"gen_ai.request.temperature": 0.0, "gen_ai.request.max_tokens": int64(256),
		"gen_ai.usage.input_tokens": int64(120), "gen_ai.usage.output_tokens": int64(30),
		"gen_ai.usage.cache_read.input_tokens": int64(100), "gen_ai.usage.reasoning.output_tokens": int64(5),
		"gen_ai.system_instructions": `[{"type":"text","content":"answer in French"}]`,
		"gen_ai.input.messages": `[{"role":"system","parts":[{"type":"text","content":"be brief"}]},` +
			`{"role":"user","parts":[{"type":"text","content":"secret prompt"}]}]`,
		"gen_ai.output.messages": `[{"role":"assistant","parts":[{"type":"text","content":"secret answer"}],"finish_reason":"stop"}]`,
	}
	for key, w := range want {
		if got := attrAny(sp, key); got != w {
			t.Errorf("%s = %v (%T), want %v", key, got, got, w)
		}
	}
	if got := attrAny(sp, "gen_ai.response.finish_reasons"); fmt.Sprint(got) != "[stop]" {
		t.Errorf("gen_ai.response.finish_reasons = %v, want [stop]", got)
	}
	// Nothing else, and nothing twice: the AgentOps keys are the exporter's.
	seen := map[string]bool{}
	for _, kv := range sp.Attributes() {
		k := string(kv.Key)
		if seen[k] {
			t.Errorf("%s recorded twice", k)
		}
		seen[k] = true
		if _, ok := want[k]; !ok && k != "gen_ai.response.finish_reasons" {
			t.Errorf("unexpected attribute %s = %v", k, kv.Value.String())
		}
	}
	if sp.Status().Code != codes.Unset {
		t.Errorf("status %v, want Unset (the AgentOps view sends Ok)", sp.Status())
	}
	if st := s.Stats(); st.CostUSD <= 0 || st.CacheReadTokens != 100 || st.TotalTokens != 150 {
		t.Errorf("stats %+v, want a priced call of 150 tokens", st)
	}
}

func TestLLMSpanRequestOptions(t *testing.T) {
	r := newRecorded(t)
	ctx, _, _ := r.client.StartSession(context.Background())
	cost := 0.25
	err := r.client.RecordLLM(ctx,
		LLMRequest{Model: "m", Stream: true, ChoiceCount: 3, OutputType: semconv.GenAIOutputTypeJSON},
		LLMResponse{CostUSD: &cost, TimeToFirstToken: 1500 * time.Millisecond, Incomplete: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sp := r.span(t, "chat m")
	for key, w := range map[string]any{
		"gen_ai.request.stream": true, "gen_ai.request.choice.count": int64(3), "gen_ai.output.type": "json",
		"agentops.llm.cost_usd": 0.25, "gen_ai.response.time_to_first_chunk": 1.5, "agentops.stream.incomplete": true,
	} {
		if got := attrAny(sp, key); got != w {
			t.Errorf("%s = %v (%T), want %v", key, got, got, w)
		}
	}
	if err := r.client.RecordLLM(ctx, LLMRequest{Model: "plain", ChoiceCount: 1}, LLMResponse{}, nil); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"gen_ai.request.stream", "gen_ai.request.choice.count", "gen_ai.output.type"} {
		if got := attrAny(r.span(t, "chat plain"), key); got != nil {
			t.Errorf("%s = %v on a call that did not ask for it, want unset", key, got)
		}
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
	t.Setenv(envconfig.EnvTraceContent, "false")
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
	if got := attrAny(r.span(t, "execute_tool lookup"), "gen_ai.tool.name"); got != "lookup" {
		t.Errorf("tool span name = %v", got)
	}
	for _, sp := range r.rec.Ended() {
		for _, kv := range sp.Attributes() {
			if v := kv.Value.String(); strings.Contains(v, "secret") {
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
			if strings.Contains(kv.Value.String(), "secret") {
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
	failed := r.span(t, "execute_tool fetch")
	if failed.Status().Code != codes.Error || attrAny(failed, "error.type") == nil {
		t.Errorf("failed tool: status %+v, error.type %v", failed.Status(), attrAny(failed, "error.type"))
	}
	ev := r.span(t, "quotaError.error")
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

	parents := map[string]string{"chat gpt-4o": "outline.task", "outline.task": "invoke_agent planner", "invoke_agent planner": "invoke_workflow research"}
	byID := map[trace.SpanID]string{}
	for _, sp := range r.rec.Ended() {
		byID[sp.SpanContext().SpanID()] = sp.Name()
	}
	for child, parent := range parents {
		if got := byID[r.span(t, child).Parent().SpanID()]; got != parent {
			t.Errorf("%s's parent is %q, want %q", child, got, parent)
		}
	}
	if r.span(t, "invoke_workflow research").Parent().SpanID() != s.SpanContext().SpanID() {
		t.Error("workflow is not under the session root")
	}
	if attrAny(r.span(t, "invoke_workflow research"), "agentops.workflow.input") != `{"depth":2}` ||
		attrAny(r.span(t, "outline.task"), "agentops.task.output") != "done" {
		t.Error("entity input/output missing")
	}
	if r.span(t, "invoke_agent planner").Status().Code != codes.Error {
		t.Error("failed agent span is not Error")
	}
	for name, want := range map[string]map[string]any{
		"invoke_workflow research": {"gen_ai.operation.name": "invoke_workflow", "gen_ai.workflow.name": "research", "agentops.span.kind": "workflow"},
		"invoke_agent planner": {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "planner", "agentops.span.kind": "agent",
			"gen_ai.provider.name": "_OTHER", "gen_ai.conversation.id": s.ID().String()},
		"outline.task": {"agentops.task.name": "outline", "agentops.span.kind": "task", "gen_ai.operation.name": nil},
	} {
		for key, w := range want {
			if got := attrAny(r.span(t, name), key); got != w {
				t.Errorf("%s: %s = %v, want %v", name, key, got, w)
			}
		}
	}
}

func TestAgentProvider(t *testing.T) {
	r := newRecorded(t)
	ctx, _, _ := r.client.StartSession(context.Background())
	actx, inferred, _ := r.client.StartAgent(ctx, "inferred", nil)
	_ = r.client.RecordLLM(actx, LLMRequest{Provider: semconv.GenAIProviderAnthropic, Model: "claude"}, LLMResponse{}, nil)
	_ = r.client.RecordLLM(actx, LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt"}, LLMResponse{}, nil)
	inferred.End(nil, nil)
	_, given, _ := r.client.StartAgent(ctx, "given", nil, WithAgentProvider("x_ai"), WithAgentID("asst_1"))
	given.End(nil, nil)
	for name, want := range map[string]map[string]any{
		"invoke_agent inferred": {"gen_ai.provider.name": "anthropic", "gen_ai.agent.id": nil},
		"invoke_agent given":    {"gen_ai.provider.name": "x_ai", "gen_ai.agent.id": "asst_1"},
	} {
		sp := r.span(t, name)
		for key, w := range want {
			if got := attrAny(sp, key); got != w {
				t.Errorf("%s: %s = %v, want %v", name, key, got, w)
			}
		}
		n := 0
		for _, kv := range sp.Attributes() {
			if kv.Key == semconv.GenAIProviderNameKey {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s carries gen_ai.provider.name %d times", name, n)
		}
	}
}

func TestErrorSpanNames(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errors.New("plain"), "error"},
		{fmt.Errorf("wrapped: %w", errors.New("plain")), "error"},
		{fmt.Errorf("call: %w", context.DeadlineExceeded), "timeout.error"},
		{context.Canceled, "canceled.error"},
		{&fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}, "not_found.error"},
		{fmt.Errorf("read: %w", &fs.PathError{Op: "read", Path: "/x", Err: errors.New("bad")}), "PathError.error"},
		{&quotaError{limit: 1}, "quotaError.error"},
	} {
		r := newRecorded(t)
		ctx, _, _ := r.client.StartSession(context.Background())
		if err := r.client.RecordError(ctx, tc.err); err != nil {
			t.Fatal(err)
		}
		if got := r.rec.Ended()[0].Name(); got != tc.want {
			t.Errorf("RecordError(%v) named %q, want %q", tc.err, got, tc.want)
		}
	}
}
