package exporter

import (
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/semconv"
)

func viewOfStub(s tracetest.SpanStub) sdktrace.ReadOnlySpan {
	return AgentOpsView(tracetest.SpanStubs{s}.Snapshots()[0])
}

// TestAgentOpsViewKinds: for each kind of span of the recording, the view's
// name, status and the exact keys it has and lacks.
func TestAgentOpsViewKinds(t *testing.T) {
	for _, tc := range []struct {
		kind   string
		stub   tracetest.SpanStub
		name   string
		status codes.Code
		want   map[string]string // key: value as Value.String writes it
		absent []string
	}{
		{"session", recordedRoot(codes.Error), "research.session", codes.Error,
			map[string]string{"operation.name": "research", "agentops.session.name": "research", "agentops.session.id": testSessionID,
				"agentops.session.end_state": "Fail", "agentops.session.llm_calls": "1", "host.name": "box"},
			[]string{"gen_ai.conversation.id"}},
		{"process", recordedProcess(), "research.process", codes.Unset,
			map[string]string{"operation.name": "research", "agentops.session.inherited": "true", "process.pid": "42"},
			[]string{"gen_ai.conversation.id"}},
		{"tool", recordedTool(codes.Ok), "get_weather.tool", codes.Ok,
			map[string]string{"operation.name": "get_weather", "tool.name": "get_weather", "tool.parameters": `{"city":"Paris"}`,
				"tool.result": "18°C", "tool.status": "succeeded", "agentops.tool.input": `{"city":"Paris"}`,
				"agentops.tool.output": "18°C", "agentops.tool.call_id": "c0", "agentops.tool.type": "function"},
			[]string{"gen_ai.tool.name", "gen_ai.operation.name", "gen_ai.tool.call.arguments", "gen_ai.tool.call.result"}},
		{"failed tool", recordedTool(codes.Error), "get_weather.tool", codes.Error,
			map[string]string{"tool.name": "get_weather", "tool.status": "failed", "error.type": "*net.OpError", "error.message": "dial failed"},
			[]string{"tool.result", "agentops.tool.output"}},
		{"agent", recordedAgent(), "planner.agent", codes.Unset,
			map[string]string{"operation.name": "planner", "agent.name": "planner", "agent.id": "a1",
				"agentops.agent.input": `{"goal":"trip"}`, "agentops.agent.output": `"done"`},
			[]string{"gen_ai.agent.name", "gen_ai.provider.name", "gen_ai.conversation.id", "gen_ai.system"}},
		{"workflow", recordedWorkflow(), "plan_trip.workflow", codes.Unset,
			map[string]string{"operation.name": "plan_trip", "agentops.workflow.input": "{}"},
			[]string{"gen_ai.workflow.name"}},
		{"task", recordedTask(), "book.task", codes.Unset,
			map[string]string{"operation.name": "book", "agentops.task.name": "book"}, nil},
		{"action", recordedAction(), "click.action", codes.Unset,
			map[string]string{"operation.name": "click", "agentops.action.type": "click", "agentops.action.logs": "ok"}, nil},
		{"error", recordedError("timeout.error"), "timeout.error", codes.Error,
			map[string]string{"operation.name": "timeout", "error.type": "*errors.errorString", "agentops.error.code": "E42"}, nil},
		{"plain error", recordedError("error"), "error", codes.Error, map[string]string{"operation.name": "error"}, nil},
		{"llm", recordedLLM(), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.system": "openai", "gen_ai.request.type": "chat", "gen_ai.request.streaming": "true",
				"gen_ai.response.finish_reason": "tool_calls", "gen_ai.streaming.time_to_first_token": "0.25",
				"gen_ai.usage.prompt_tokens": "120", "gen_ai.usage.completion_tokens": "40", "gen_ai.usage.total_tokens": "160",
				"gen_ai.usage.cache_read_input_tokens": "20", "gen_ai.usage.reasoning_tokens": "8", "gen_ai.usage.total_cost": "0.01",
				"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4.1",
				"gen_ai.request.max_tokens": "256", "gen_ai.response.id": "resp-1",
				"gen_ai.response.model": "gpt-4.1-2025-04-14", "agentops.session.id": testSessionID,
				"agentops.llm.cost_usd": "0.01", "server.address": "api.openai.com"},
			[]string{"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens",
				"gen_ai.usage.reasoning.output_tokens", "gen_ai.input.messages", "gen_ai.output.messages",
				"gen_ai.system_instructions", "operation.name", "gen_ai.usage.cache_creation_input_tokens",
				"gen_ai.response.time_to_first_chunk",
				// Each fact once: gen_ai.system, .request.streaming, .response.finish_reason
				// and agentops.session.id carry these.
				"gen_ai.provider.name", "gen_ai.request.stream", "gen_ai.response.finish_reasons", "gen_ai.conversation.id"}},
		// A key that carries a fact of its own stays.
		{"llm several choices", llmWith(semconv.GenAIResponseFinishReasons([]string{"stop", "length"})), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.response.finish_reasons": `["stop","length"]`, "gen_ai.response.finish_reason": "stop",
				"gen_ai.completion.0.finish_reason": "stop"}, nil},
		{"llm not streaming", llmWithout(semconv.GenAIRequestStreamKey), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.request.streaming": "false"}, []string{"gen_ai.request.stream"}},
		{"llm stream as text", llmWith(semconv.GenAIRequestStreamKey.String("yes")), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.request.stream": "yes"}, nil},
		{"llm own system", llmWith(semconv.GenAISystem("az.ai.openai")), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.system": "az.ai.openai", "gen_ai.provider.name": "openai"}, nil},
		{"llm same system", llmWith(semconv.GenAISystem("openai")), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.system": "openai"}, []string{"gen_ai.provider.name"}},
		{"llm other conversation", llmWith(semconv.GenAIConversationID("thread-7")), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.conversation.id": "thread-7", "agentops.session.id": testSessionID}, nil},
		{"llm own finish reason", llmWith(semconv.GenAIResponseFinishReason("tool_calls")), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.response.finish_reason": "tool_calls"}, []string{"gen_ai.response.finish_reasons"}},
		{"llm other finish reason", llmWith(semconv.GenAIResponseFinishReason("stop")), "chat gpt-4\u20241", codes.Ok,
			map[string]string{"gen_ai.response.finish_reason": "stop", "gen_ai.response.finish_reasons": `["tool_calls"]`}, nil},
		{"llm foreign", foreignLLM(), "openai.chat.completion", codes.Ok,
			map[string]string{"gen_ai.system": "openai", "gen_ai.request.type": "chat"}, []string{"gen_ai.provider.name"}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			v := viewOfStub(tc.stub)
			if v.Name() != tc.name || v.Status().Code != tc.status {
				t.Errorf("name %q, status %v; want %q, %v", v.Name(), v.Status().Code, tc.name, tc.status)
			}
			got, dups := attrMap(v)
			if len(dups) > 0 {
				t.Errorf("duplicate keys %q", dups)
			}
			for k, want := range tc.want {
				if g, ok := got[k]; !ok || g.String() != want {
					t.Errorf("%s = %q (present %v), want %q", k, g.String(), ok, want)
				}
			}
			for _, k := range tc.absent {
				if _, ok := got[k]; ok {
					t.Errorf("%s present, want absent", k)
				}
			}
			if keys := genAIKeys(v); !strings.HasPrefix(tc.kind, "llm") && len(keys) > 0 {
				t.Errorf("a %s span has gen_ai.* keys %q", tc.kind, keys)
			}
			if cap(v.Attributes()) != len(v.Attributes()) {
				t.Errorf("attribute slice of len %d, cap %d: want it exactly sized", len(v.Attributes()), cap(v.Attributes()))
			}
		})
	}
}

// TestAgentOpsViewLLMContent: the JSON content is replaced by indexed keys,
// system instructions first, a tool result's response as its content,
// tool call arguments as JSON text.
func TestAgentOpsViewLLMContent(t *testing.T) {
	got, _ := attrMap(viewOfStub(recordedLLM()))
	want := []struct{ k, v string }{
		{"gen_ai.prompt.0.role", "system"}, {"gen_ai.prompt.0.content", "You are a travel agent."},
		{"gen_ai.prompt.1.role", "user"}, {"gen_ai.prompt.1.content", "Weather in Paris?"},
		{"gen_ai.prompt.2.role", "assistant"}, {"gen_ai.prompt.2.content", ""},
		{"gen_ai.prompt.3.role", "tool"}, {"gen_ai.prompt.3.content", `18°C, "sunny"`},
		{"gen_ai.completion.0.role", "assistant"}, {"gen_ai.completion.0.content", "It is 18°C.\nSunny."},
		{"gen_ai.completion.0.finish_reason", "tool_calls"}, {"gen_ai.completion.0.tool_calls.0.id", "c1"},
		{"gen_ai.completion.0.tool_calls.0.name", "book"},
		{"gen_ai.completion.0.tool_calls.0.arguments", `{"city":"Paris","days":2}`},
	}
	for _, w := range want {
		if g, ok := got[w.k]; !ok || g.AsString() != w.v {
			t.Errorf("%s = %q (present %v), want %q", w.k, g.AsString(), ok, w.v)
		}
	}
	n := 0
	for k := range got {
		if strings.HasPrefix(k, "gen_ai.prompt.") || strings.HasPrefix(k, "gen_ai.completion.") {
			n++
		}
	}
	if n != len(want) {
		t.Errorf("%d indexed content keys, want %d", n, len(want))
	}
}

// TestAgentOpsViewModelHeader: the dashboard's header is the text after
// the last "."; a model's dots must not split it, and other names keep
// their own header.
func TestAgentOpsViewModelHeader(t *testing.T) {
	header := func(name string) string { return name[strings.LastIndex(name, ".")+1:] }
	if v := viewOfStub(recordedLLM()); header(v.Name()) != "chat gpt-4\u20241" {
		t.Errorf("header of %q is %q", v.Name(), header(v.Name()))
	}
	if v := viewOfStub(foreignLLM()); v.Name() != "openai.chat.completion" {
		t.Errorf("a foreign name was changed to %q", v.Name())
	}
	for _, tc := range []struct{ name, req, resp, want string }{
		{"chat claude-3.5-sonnet", "claude-3.5-sonnet", "", "chat claude-3\u20245-sonnet"},
		{"chat gpt-4o", "gpt-4o", "gpt-4o-2024", "chat gpt-4o"},
		{"chat gemini-1.5.pro", "", "gemini-1.5.pro", "chat gemini-1\u20245\u2024pro"},
		{"embeddings", "text-embedding-3.1", "", "embeddings"},
	} {
		if got := dotlessModel(tc.name, tc.req, tc.resp); got != tc.want {
			t.Errorf("dotlessModel(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestAgentOpsViewForeignSpans: a span with both vocabularies and both
// content forms gets no key twice, keeps its own AgentOps keys, and loses
// the OTel usage keys and the JSON content.
func TestAgentOpsViewForeignSpans(t *testing.T) {
	v := viewOfStub(foreignLLM())
	got, dups := attrMap(v)
	if len(dups) > 0 {
		t.Fatalf("duplicate keys %q", dups)
	}
	for k, want := range map[string]string{"gen_ai.usage.prompt_tokens": "7", "gen_ai.usage.completion_tokens": "3",
		"gen_ai.usage.total_tokens": "10", "gen_ai.usage.total_cost": "0.5", "gen_ai.system": "openai",
		"gen_ai.prompt.0.content": "hi", "gen_ai.completion.0.content": "hello", "operation.name": "chat"} {
		if got[k].String() != want {
			t.Errorf("%s = %q, want %q", k, got[k].String(), want)
		}
	}
	for _, k := range []string{"gen_ai.usage.input_tokens", "gen_ai.input.messages", "gen_ai.output.messages"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s kept", k)
		}
	}
	if v.Status().Code != codes.Ok {
		t.Errorf("status %v, want Ok", v.Status().Code)
	}
	// A plain span of other instrumentation is returned as it is.
	plain := tracetest.SpanStubs{{Name: "GET /", SpanContext: sc(11)}}.Snapshots()[0]
	if _, wrapped := AgentOpsView(plain).(*exportSpan); wrapped {
		t.Error("a span without gen_ai.* or agentops.* keys was wrapped")
	}
	if n := testing.AllocsPerRun(100, func() { _ = AgentOpsView(plain) }); n != 0 {
		t.Errorf("viewing an unchanged span allocates %v times", n)
	}
}

// TestAgentOpsViewIsIdempotent: the view of the view is the view, and the
// recorded span is never changed.
func TestAgentOpsViewIsIdempotent(t *testing.T) {
	for _, stub := range []tracetest.SpanStub{recordedRoot(codes.Ok), recordedLLM(), recordedTool(codes.Error), recordedAgent(),
		recordedWorkflow(), recordedError("timeout.error"), foreignLLM(), llmWithout(semconv.GenAIRequestStreamKey),
		llmWith(semconv.GenAIResponseFinishReasons([]string{"stop", "length"}), semconv.GenAISystem("az.ai.openai"),
			semconv.GenAIConversationID("thread-7"), semconv.GenAIRequestStreamKey.String("yes"))} {
		orig := tracetest.SpanStubs{stub}.Snapshots()[0]
		before := slices.Clone(orig.Attributes())
		once := AgentOpsView(orig)
		if twice := AgentOpsView(once); twice != once {
			t.Errorf("%s: the view of the view differs: %q vs %q", stub.Name, twice.Attributes(), once.Attributes())
		}
		if orig.Name() != stub.Name || !slices.Equal(orig.Attributes(), before) {
			t.Errorf("%s: the recorded span was changed", stub.Name)
		}
	}
}

// TestAgentOpsViewStatus: successful LLM calls read Ok; failures and a
// failed session keep Error; other spans keep their status.
func TestAgentOpsViewStatus(t *testing.T) {
	failed := recordedLLM()
	failed.Status = sdktrace.Status{Code: codes.Error, Description: "429"}
	for _, tc := range []struct {
		stub tracetest.SpanStub
		want sdktrace.Status
	}{
		{recordedLLM(), sdktrace.Status{Code: codes.Ok}},
		{failed, sdktrace.Status{Code: codes.Error, Description: "429"}},
		{recordedRoot(codes.Error), sdktrace.Status{Code: codes.Error, Description: "failed"}},
		{recordedRoot(codes.Unset), sdktrace.Status{}},
		{recordedTask(), sdktrace.Status{}},
	} {
		if got := viewOfStub(tc.stub).Status(); got != tc.want {
			t.Errorf("%s: status %+v, want %+v", tc.stub.Name, got, tc.want)
		}
	}
}
