package e2e_test

import (
	"strings"
	"testing"
)

// The OTLP view checker itself: it accepts a span that follows the
// conventions, and finds each kind of gap issue 9 lists.

func vStr(key, v string) viewAttr       { return viewAttr{key, "string", v} }
func vInt(key string, v int64) viewAttr { return viewAttr{key, "int", v} }

// goodLLMSpan follows v1.41.1: a tool-call round trip with system
// instructions.
func goodLLMSpan() viewSpan {
	return viewSpan{name: "chat gpt-4.1", attrs: []viewAttr{
		vStr("gen_ai.operation.name", "chat"), vStr("gen_ai.provider.name", "acme-not-registered"),
		vStr("gen_ai.request.model", "gpt-4.1"), vInt("gen_ai.request.max_tokens", 100),
		{"gen_ai.request.temperature", "double", 0.2}, {"gen_ai.request.stream", "boolean", true},
		{"gen_ai.request.stop_sequences", "string[]", []string{"END"}}, vStr("gen_ai.output.type", "json"),
		vStr("gen_ai.conversation.id", "c"), vStr("gen_ai.response.id", "r"), vStr("gen_ai.response.model", "gpt-4.1-2025-04-14"),
		{"gen_ai.response.finish_reasons", "string[]", []string{"tool_calls"}}, vInt("gen_ai.usage.input_tokens", 10),
		vInt("gen_ai.usage.output_tokens", 5), vInt("gen_ai.usage.cache_read.input_tokens", 2),
		{"gen_ai.response.time_to_first_chunk", "double", 0.25},
		vStr("gen_ai.system_instructions", `[{"type":"text","content":"Be terse."}]`),
		vStr("gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"Weather?"}]},`+
			`{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"location":"Paris"}}]},`+
			`{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"15°C"}]}]`),
		vStr("gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"tool_call","id":"c2","name":"f","arguments":"not json"}],"finish_reason":"tool_call"}]`),
		vStr("agentops.span.kind", "llm"), vStr("error.type", "x"),
	}}
}

func TestSchemaCheckerAcceptsTheConventions(t *testing.T) {
	tool := viewSpan{name: "execute_tool get_weather", attrs: []viewAttr{vStr("gen_ai.operation.name", "execute_tool"),
		vStr("gen_ai.tool.name", "get_weather"), vStr("gen_ai.tool.call.id", "call_1"), vStr("gen_ai.tool.type", "function"),
		vStr("gen_ai.tool.call.arguments", `{"location":"Paris"}`), vStr("gen_ai.tool.call.result", "15°C")}}
	agent := viewSpan{name: "invoke_agent planner", attrs: []viewAttr{vStr("gen_ai.operation.name", "invoke_agent"),
		vStr("gen_ai.agent.name", "planner"), vStr("gen_ai.provider.name", "_OTHER"), vStr("gen_ai.workflow.name", "w"),
		vStr("gen_ai.token.type", "output")}}
	if n := checkOTLPView(t, []viewSpan{goodLLMSpan(), tool, agent}); n != 0 {
		t.Errorf("%d problems on spans that follow v1.41.1", n)
	}
}

func TestSchemaCheckerFindsEachGap(t *testing.T) {
	g, err := loadGenAI()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		attr viewAttr // replaces or adds to goodLLMSpan's attribute of its key
		want string   // in the problem
	}{
		{"tool_call_response without response", vStr("gen_ai.input.messages",
			`[{"role":"tool","parts":[{"type":"text","content":"15°C"},{"type":"tool_call_response","id":"call_1"}]}]`), "gen_ai.input.messages"},
		{"unknown part type", vStr("gen_ai.input.messages", `[{"role":"user","parts":[{"type":"image_url","url":"x"}]}]`), "gen_ai.input.messages"},
		{"message without parts", vStr("gen_ai.input.messages", `[{"role":"user","content":"hi"}]`), "gen_ai.input.messages"},
		{"output message without finish_reason", vStr("gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"x"}]}]`), "finish_reason"},
		{"raw finish_reason", vStr("gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"x"}],"finish_reason":"tool_calls"}]`), `"tool_calls" is not one of`},
		{"tool_call arguments as JSON text", vStr("gen_ai.output.messages",
			`[{"role":"assistant","parts":[{"type":"tool_call","name":"f","arguments":"{\"a\":1}"}],"finish_reason":"tool_call"}]`), "JSON text in a string"},
		{"system instructions as messages", vStr("gen_ai.system_instructions", `[{"role":"system","parts":[{"type":"text","content":"x"}]}]`), "gen_ai.system_instructions"},
		{"messages not JSON", vStr("gen_ai.input.messages", `[{"role":`), "not JSON"},
		{"messages not a string", viewAttr{"gen_ai.input.messages", "string[]", []string{"x"}}, "want JSON text"},
		{"deprecated gen_ai.system", vStr("gen_ai.system", "openai"), "gen_ai.system is deprecated"},
		{"deprecated prompt_tokens", vInt("gen_ai.usage.prompt_tokens", 10), "gen_ai.usage.prompt_tokens is deprecated"},
		{"deprecated completion_tokens", vInt("gen_ai.usage.completion_tokens", 10), "deprecated"},
		{"AgentOps-only key", vStr("gen_ai.request.type", "chat"), "not in the v1.41.1 registry"},
		{"AgentOps-only usage key", vInt("gen_ai.usage.cache_read_input_tokens", 1), "not in the v1.41.1 registry"},
		{"indexed content", vStr("gen_ai.prompt.0.role", "user"), "not in the v1.41.1 registry"},
		{"int as string", vStr("gen_ai.usage.input_tokens", "10"), "registry says int"},
		{"double as int", vInt("gen_ai.request.temperature", 1), "registry says double"},
		{"boolean as string", vStr("gen_ai.request.stream", "true"), "registry says boolean"},
		{"string[] as string", vStr("gen_ai.response.finish_reasons", "stop"), "registry says string[]"},
		{"closed enum: operation", vStr("gen_ai.operation.name", "completion"), "gen_ai.operation.name"},
		{"closed enum: output type", vStr("gen_ai.output.type", "json_object"), "gen_ai.output.type"},
		{"closed enum: token type", vStr("gen_ai.token.type", "prompt"), "gen_ai.token.type"},
		{"enum as int", vInt("gen_ai.output.type", 1), "registry says string"},
	} {
		s := goodLLMSpan()
		replaced := false
		for i := range s.attrs {
			if s.attrs[i].key == tc.attr.key {
				s.attrs[i], replaced = tc.attr, true
			}
		}
		if !replaced {
			s.attrs = append(s.attrs, tc.attr)
		}
		problems := g.check(s)
		if len(problems) != 1 || !strings.Contains(problems[0], tc.want) {
			t.Errorf("%s: problems %q, want one mentioning %q", tc.name, problems, tc.want)
		}
	}
}
