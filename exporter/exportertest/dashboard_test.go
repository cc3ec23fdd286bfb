package exportertest

import (
	"slices"
	"testing"
	"time"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// Hand-built OTLP spans.

func kvStr(k, v string) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
}

func kvInt(k string, v int64) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: v}}}
}

func kvFloat(k string, v float64) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_DoubleValue{DoubleValue: v}}}
}

func kvBool(k string, v bool) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_BoolValue{BoolValue: v}}}
}

func kvStrs(k string, vs ...string) *commonpb.KeyValue {
	arr := &commonpb.ArrayValue{}
	for _, v := range vs {
		arr.Values = append(arr.Values, &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}})
	}
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_ArrayValue{ArrayValue: arr}}}
}

var (
	statusOK    = tracepb.Status_STATUS_CODE_OK
	statusError = tracepb.Status_STATUS_CODE_ERROR
	statusUnset = tracepb.Status_STATUS_CODE_UNSET
)

// mkSpan returns a span of trace 0x01… starting startMS milliseconds into it.
func mkSpan(name string, startMS int, code tracepb.Status_StatusCode, attrs ...*commonpb.KeyValue) *tracepb.Span {
	start := uint64(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).UnixNano()) + uint64(startMS)*uint64(time.Millisecond)
	return &tracepb.Span{TraceId: traceID(1), SpanId: []byte{byte(startMS), 1, 2, 3, 4, 5, 6, 7}, Name: name,
		StartTimeUnixNano: start, EndTimeUnixNano: start + uint64(time.Millisecond), Attributes: attrs,
		Status: &tracepb.Status{Code: code}}
}

func traceID(b byte) []byte { return []byte{b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b} }

// oldQuickstart is the quickstart (2 LLM calls, 1 tool, an action, a
// recovered error) as the SDK exported it to AgentOps before issue 9: both
// vocabularies on every span, which the dashboard miscounts.
func oldQuickstart() []*tracepb.Span {
	llm := func(start int, prompt, completion int64) *tracepb.Span {
		return mkSpan("chat gpt-4o-mini", start, statusUnset,
			kvStr("agentops.span.kind", "llm"), kvStr("gen_ai.operation.name", "chat"), kvStr("gen_ai.request.type", "chat"),
			kvBool("gen_ai.request.streaming", false), kvBool("gen_ai.request.stream", false),
			kvStr("gen_ai.provider.name", "openai"), kvStr("gen_ai.system", "openai"), kvStr("gen_ai.request.model", "gpt-4o-mini"),
			kvFloat("gen_ai.request.temperature", 0.2), kvStr("gen_ai.prompt.0.role", "system"), kvStr("gen_ai.prompt.0.content", "You plan research."),
			kvStr("gen_ai.input.messages", `[{"role":"system","parts":[{"type":"text","content":"You plan research."}]}]`),
			kvStr("agentops.session.id", "fabeb9b1-f7e3-4740-81fa-5247da939b1b"), kvStr("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
			kvStr("gen_ai.response.finish_reason", "stop"), kvStrs("gen_ai.response.finish_reasons", "stop"),
			kvInt("gen_ai.usage.prompt_tokens", prompt), kvInt("gen_ai.usage.input_tokens", prompt),
			kvInt("gen_ai.usage.completion_tokens", completion), kvInt("gen_ai.usage.output_tokens", completion),
			kvInt("gen_ai.usage.total_tokens", prompt+completion), kvStr("gen_ai.completion.0.role", "assistant"))
	}
	return []*tracepb.Span{
		llm(1, 18, 7),
		mkSpan("web_search.tool", 21, statusOK, kvStr("agentops.span.kind", "tool"), kvStr("gen_ai.operation.name", "execute_tool"),
			kvStr("operation.name", "web_search"), kvStr("tool.name", "web_search"), kvStr("gen_ai.tool.name", "web_search"),
			kvStr("tool.status", "succeeded"), kvStr("agentops.tool.input", `{"query":"q"}`), kvStr("agentops.session.id", "x")),
		mkSpan("open_url.action", 32, statusUnset, kvStr("agentops.span.kind", "operation"), kvStr("operation.name", "open_url"),
			kvStr("agentops.action.type", "open_url")),
		mkSpan("*errors.errorString.error", 33, statusError, kvStr("operation.name", "*errors.errorString"),
			kvStr("error.type", "*errors.errorString"), kvStr("error.message", "page timed out after 3s; using the cached copy")),
		llm(34, 30, 9),
		mkSpan("session.session", 0, statusOK, kvStr("agentops.span.kind", "session"), kvStr("operation.name", "session"),
			kvStr("agentops.session.id", "x"), kvStr("gen_ai.conversation.id", "x"), kvStrs("agentops.tags", "quickstart", "simulated"),
			kvStr("agentops.session.end_state", "Success"), kvInt("agentops.session.llm_calls", 2)),
	}
}

// TestDashboardReadsTheOldQuickstartAsAgentOpsDid: the figures for
// the quickstart before the change: LLM Calls 4 for 2 calls, the root with
// the request icon, a Go pointer type as the error span's name.
func TestDashboardReadsTheOldQuickstartAsAgentOpsDid(t *testing.T) {
	d := ReadDashboard(oldQuickstart())
	if d.LLMCalls != 4 || d.ToolCalls != 1 {
		t.Errorf("LLM Calls %d, Tool Calls %d; want 4 and 1 (2 calls, the tool and the root read as LLM calls)", d.LLMCalls, d.ToolCalls)
	}
	if d.Name != "session" || !slices.Equal(d.Tags, []string{"quickstart", "simulated"}) {
		t.Errorf("name %q, tags %q", d.Name, d.Tags)
	}
	root := d.Spans[0]
	if root.Span.GetName() != "session.session" || root.Icon != IconRequest || root.Waterfall != "session" {
		t.Errorf("first span %q: icon %q, waterfall %q; want the root, request icon, session bar", root.Span.GetName(), root.Icon, root.Waterfall)
	}
	byName := map[string]SpanView{}
	for _, v := range d.Spans {
		byName[v.Span.GetName()] = v
	}
	if v := byName["*errors.errorString.error"]; v.Header != "error" || v.Waterfall != "error" || v.Icon != IconOther {
		t.Errorf("error span: %+v", v)
	}
	// The tool span's first key is agentops.span.kind; walking agentops.*
	// reaches agentops.tool before gen_ai: the tool icon, in export order.
	if v := byName["web_search.tool"]; v.Icon != IconTool || !slices.Equal(v.Icons, []string{IconTool, IconRequest}) || !v.LLM || !v.Tool {
		t.Errorf("tool span: icon %q of %q, LLM %v, tool %v", v.Icon, v.Icons, v.LLM, v.Tool)
	}
	if d.Errors != 1 || d.Status != "ERROR" || d.Success != 2 || d.Fail != 1 || d.Indeterminate != 3 {
		t.Errorf("errors %d, status %s, ok/error/unset %d/%d/%d", d.Errors, d.Status, d.Success, d.Fail, d.Indeterminate)
	}
	if d.PromptTokens != 48 || d.CompletionTokens != 16 || d.CacheReadTokens != 0 || d.ReasoningTokens != 0 {
		t.Errorf("tokens %d/%d/%d/%d", d.PromptTokens, d.CompletionTokens, d.CacheReadTokens, d.ReasoningTokens)
	}
	if len(d.Costs) != 2 || d.Costs[0].Given || d.Costs[0].Model != "gpt-4o-mini-2024-07-18" || d.Costs[0].PromptTokens != 18 || d.Costs[1].CompletionTokens != 9 {
		t.Errorf("costs %+v", d.Costs)
	}
	if d.Duration != 34*time.Millisecond {
		t.Errorf("duration %v", d.Duration)
	}
}

// TestDashboardReadsTheViewAsIntended: the quickstart as the AgentOps view
// of issue 9 sends it.
func TestDashboardReadsTheViewAsIntended(t *testing.T) {
	llm := func(start int) *tracepb.Span {
		return mkSpan("chat gpt-4\u20241", start, statusOK, kvStr("agentops.span.kind", "llm"), kvStr("gen_ai.operation.name", "chat"),
			kvStr("gen_ai.request.model", "gpt-4.1"), kvInt("gen_ai.usage.prompt_tokens", 10), kvInt("gen_ai.usage.completion_tokens", 5),
			kvInt("gen_ai.usage.cache_read_input_tokens", 4), kvInt("gen_ai.usage.reasoning_tokens", 2))
	}
	d := ReadDashboard([]*tracepb.Span{
		mkSpan("default.session", 0, statusOK, kvStr("agentops.span.kind", "session"), kvStr("agentops.tags", `["a","b"]`)),
		llm(1),
		mkSpan("web_search.tool", 2, statusOK, kvStr("agentops.span.kind", "tool"), kvStr("tool.name", "web_search"),
			kvStr("agentops.tool.input", "{}")),
		mkSpan("plan.workflow", 3, statusOK, kvStr("agentops.span.kind", "workflow"), kvStr("agentops.workflow.input", "x")),
		llm(4),
	})
	if d.LLMCalls != 2 || d.ToolCalls != 1 || d.Name != "default" || !slices.Equal(d.Tags, []string{"a", "b"}) {
		t.Errorf("LLM %d, tools %d, name %q, tags %q", d.LLMCalls, d.ToolCalls, d.Name, d.Tags)
	}
	want := []struct{ icon, waterfall, header string }{
		{IconOther, "session", "session"}, {IconRequest, "llm", "chat gpt-4\u20241"}, {IconTool, "tool", "tool"},
		{IconOther, "workflow", "workflow"}, {IconRequest, "llm", "chat gpt-4\u20241"},
	}
	for i, w := range want {
		if v := d.Spans[i]; v.Icon != w.icon || v.Waterfall != w.waterfall || v.Header != w.header || len(v.Icons) > 1 {
			t.Errorf("span %d %q: icon %q (%q), waterfall %q, header %q; want %+v", i, v.Span.GetName(), v.Icon, v.Icons, v.Waterfall, v.Header, w)
		}
	}
	if d.Status != "OK" || d.Success != 5 || d.PromptTokens != 20 || d.CompletionTokens != 10 || d.CacheReadTokens != 8 || d.ReasoningTokens != 4 {
		t.Errorf("%+v", d)
	}
	if len(d.Costs) != 2 || d.Costs[0].Model != "gpt-4.1" {
		t.Errorf("costs %+v: want both calls priced server-side by the request model", d.Costs)
	}
}

func TestDashboardSpanRules(t *testing.T) {
	for _, tc := range []struct {
		name      string
		code      tracepb.Status_StatusCode
		attrs     []*commonpb.KeyValue
		header    string
		icon      string
		waterfall string
		llm, tool bool
	}{
		{"chat gpt-4.1", statusUnset, []*commonpb.KeyValue{kvStr("gen_ai.request.model", "gpt-4.1")}, "1", IconRequest, "llm", true, false},
		{"openai.chat.completion", statusOK, []*commonpb.KeyValue{kvStr("gen_ai.system", "openai")}, "completion", IconRequest, "llm", true, false},
		{"failed.tool", statusError, []*commonpb.KeyValue{kvStr("tool.name", "x")}, "tool", IconTool, "error", false, true},
		{"planner.agent", statusOK, []*commonpb.KeyValue{kvStr("agent.name", "planner"), kvStr("gen_ai.agent.name", "planner")}, "agent", IconAgent, "agent", true, false},
		{"invoke_agent planner", statusOK, []*commonpb.KeyValue{kvStr("agentops.span.kind", "agent"), kvStr("agentops.agent.input", "x")}, "invoke_agent planner", IconAgent, IconAgent, false, false},
		{"x.action", statusUnset, []*commonpb.KeyValue{kvStr("agentops.gen_ai.note", "x")}, "action", IconRequest, IconOther, false, false},
		{"execute_tool x", statusUnset, []*commonpb.KeyValue{kvStr("agentops.span.kind", "tool")}, "execute_tool x", IconOther, "tool", false, false},
		{"invoke_workflow x", statusUnset, []*commonpb.KeyValue{kvStr("agentops.span.kind", "workflow")}, "invoke_workflow x", IconOther, "workflow", false, false},
		{"r.task", statusUnset, []*commonpb.KeyValue{kvStr("gen_ai.x", "y")}, "task", IconRequest, "task", true, false},
		{"o.operation", statusUnset, nil, "operation", IconOther, "operation", false, false},
		{"tool", statusUnset, []*commonpb.KeyValue{kvStr("tools.name", "x"), kvStr("gen_aix", "y")}, "tool", IconOther, IconOther, false, false},
	} {
		v := viewOf(mkSpan(tc.name, 0, tc.code, tc.attrs...))
		if v.Header != tc.header || v.Icon != tc.icon || v.Waterfall != tc.waterfall || v.LLM != tc.llm || v.Tool != tc.tool {
			t.Errorf("%q: header %q, icon %q, waterfall %q, LLM %v, tool %v; want %q, %q, %q, %v, %v",
				tc.name, v.Header, v.Icon, v.Waterfall, v.LLM, v.Tool, tc.header, tc.icon, tc.waterfall, tc.llm, tc.tool)
		}
	}
}

// TestDashboardIconFollowsAttributeOrder: the first key naming an icon wins,
// at any depth, and Icons lists what other orders would give.
func TestDashboardIconFollowsAttributeOrder(t *testing.T) {
	for _, tc := range []struct {
		keys  []string
		icon  string
		icons []string
	}{
		{[]string{"gen_ai.operation.name", "tool.name"}, IconRequest, []string{IconRequest, IconTool}},
		{[]string{"tool.name", "gen_ai.operation.name"}, IconTool, []string{IconTool, IconRequest}},
		{[]string{"agentops.span.kind", "gen_ai.x", "agentops.agent.input"}, IconAgent, []string{IconAgent, IconRequest}},
		{[]string{"agentops.session.id", "host.name"}, IconOther, nil},
		{[]string{"agent.name", "agent.tool.x"}, IconAgent, []string{IconAgent}},
	} {
		var attrs []*commonpb.KeyValue
		for _, k := range tc.keys {
			attrs = append(attrs, kvStr(k, "v"))
		}
		if v := viewOf(mkSpan("s", 0, statusUnset, attrs...)); v.Icon != tc.icon || !slices.Equal(v.Icons, tc.icons) {
			t.Errorf("%q: icon %q of %q; want %q of %q", tc.keys, v.Icon, v.Icons, tc.icon, tc.icons)
		}
	}
}

func TestDashboardCosts(t *testing.T) {
	d := ReadDashboard([]*tracepb.Span{
		mkSpan("given", 0, statusOK, kvFloat("gen_ai.usage.total_cost", 0.25), kvStr("gen_ai.response.model", "m"), kvInt("gen_ai.usage.prompt_tokens", 3)),
		mkSpan("given as text", 1, statusOK, kvStr("gen_ai.usage.total_cost", "0.5")),
		mkSpan("response model", 2, statusOK, kvStr("gen_ai.request.model", "req"), kvStr("gen_ai.response.model", "resp"), kvInt("gen_ai.usage.completion_tokens", 2)),
		mkSpan("request model", 3, statusOK, kvStr("gen_ai.request.model", "req"), kvInt("gen_ai.usage.prompt_tokens", 1)),
		mkSpan("no tokens", 4, statusOK, kvStr("gen_ai.request.model", "req")),
		mkSpan("no model", 5, statusOK, kvInt("gen_ai.usage.prompt_tokens", 7)),
	})
	want := []Cost{
		{Given: true, USD: 0.25, PromptTokens: 3}, {Given: true, USD: 0.5},
		{Model: "resp", CompletionTokens: 2}, {Model: "req", PromptTokens: 1},
	}
	if len(d.Costs) != len(want) {
		t.Fatalf("%d costs, want %d: %+v", len(d.Costs), len(want), d.Costs)
	}
	for i, w := range want {
		w.Span = d.Costs[i].Span
		if d.Costs[i] != w {
			t.Errorf("cost %d (%s): %+v, want %+v", i, d.Costs[i].Span.GetName(), d.Costs[i], w)
		}
	}
	if d.PromptTokens != 11 || d.CompletionTokens != 2 {
		t.Errorf("tokens %d/%d", d.PromptTokens, d.CompletionTokens)
	}
}

// TestDashboardNameIsTheEarliestSpans: a child that starts before the root
// names the session, as AgentOps reads it.
func TestDashboardNameIsTheEarliestSpans(t *testing.T) {
	d := ReadDashboard([]*tracepb.Span{
		mkSpan("support.session", 5, statusUnset, kvStrs("agentops.tags", "t")),
		mkSpan("chat gpt-4o", 2, statusError, kvStr("agentops.tags", "not json")),
	})
	if d.Name != "chat gpt-4o" || d.Tags != nil || d.Duration != 3*time.Millisecond || d.Status != "ERROR" || d.Indeterminate != 1 {
		t.Errorf("%+v", d)
	}
	if empty := ReadDashboard(nil); empty.Status != "OK" || empty.Name != "" || len(empty.Spans) != 0 {
		t.Errorf("no spans: %+v", empty)
	}
}

func TestByTrace(t *testing.T) {
	a, b := mkSpan("a", 0, statusUnset), mkSpan("b", 1, statusUnset)
	b.TraceId = traceID(2)
	c := mkSpan("c", 2, statusUnset)
	got := ByTrace([]*tracepb.Span{a, b, c})
	if len(got) != 2 || len(got["01000000000000000000000000000001"]) != 2 || len(got["02000000000000000000000000000002"]) != 1 {
		t.Errorf("%v", got)
	}
}
