package llmhttp

import (
	"reflect"
	"testing"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// TestParseRequestFields checks the fields a request names apart from its
// history: system instructions (content, read only with capture on), the
// choice count and the output type (read whatever the capture).
func TestParseRequestFields(t *testing.T) {
	user := []otelagentops.Message{{Role: "user", Content: "hi"}}
	tests := []struct {
		name         string
		kind         apiKind
		body         string
		instructions []string
		messages     []otelagentops.Message
		choices      int
		output       string
	}{
		{"anthropic string system", apiMessages,
			`{"model":"claude-sonnet-4-20250514","system":"Be brief.","messages":[{"role":"user","content":"hi"}]}`,
			[]string{"Be brief."}, user, 0, ""},
		{"anthropic system blocks", apiMessages,
			`{"system":[{"type":"text","text":"You translate."},{"type":"text","text":"English to French.","cache_control":{"type":"ephemeral"}}],` +
				`"messages":[{"role":"user","content":"hi"}]}`,
			[]string{"You translate.", "English to French."}, user, 0, ""},
		{"anthropic empty system", apiMessages, `{"system":"","messages":[{"role":"user","content":"hi"}]}`, nil, user, 0, ""},
		{"anthropic structured output", apiMessages,
			`{"output_config":{"effort":"low","format":{"type":"json_schema","schema":{"type":"object"}}},"messages":[{"role":"user","content":"hi"}]}`,
			nil, user, 0, semconv.GenAIOutputTypeJSON},
		{"anthropic deprecated output_format", apiMessages, `{"output_format":{"type":"json_schema","schema":{}}}`,
			nil, nil, 0, semconv.GenAIOutputTypeJSON},
		{"responses instructions", apiResponses, `{"model":"gpt-4.1","instructions":"Talk like a pirate.","input":"hi"}`,
			[]string{"Talk like a pirate."}, user, 0, ""},
		{"responses json format", apiResponses,
			`{"input":"hi","text":{"verbosity":"low","format":{"type":"json_schema","name":"x","schema":{"type":"object"}}}}`,
			nil, user, 0, semconv.GenAIOutputTypeJSON},
		{"responses text format", apiResponses, `{"text":{"format":{"type":"text"}},"input":"hi"}`,
			nil, user, 0, semconv.GenAIOutputTypeText},
		{"chat n and json_schema", apiChat,
			`{"model":"gpt-4o","n":3,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}},` +
				`"messages":[{"role":"user","content":"hi"}]}`,
			nil, user, 3, semconv.GenAIOutputTypeJSON},
		{"chat json_object", apiChat, `{"response_format":{"type":"json_object"},"n":1}`, nil, nil, 1, semconv.GenAIOutputTypeJSON},
		{"chat text", apiChat, `{"response_format":{"type":"text"}}`, nil, nil, 0, semconv.GenAIOutputTypeText},
		{"chat unknown format", apiChat, `{"response_format":{"type":"grammar"},"n":null}`, nil, nil, 0, ""},
		{"chat malformed format", apiChat, `{"response_format":"json","n":-2,"messages":[{"role":"user","content":"hi"}]}`,
			nil, user, 0, ""},
		{"chat audio", apiChat, `{"modalities":["text","audio"],"response_format":{"type":"text"},"audio":{"voice":"alloy"}}`,
			nil, nil, 0, semconv.GenAIOutputTypeSpeech},
		{"chat developer message", apiChat, `{"messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"hi"}]}`,
			nil, []otelagentops.Message{{Role: "developer", Content: "Be brief."}, {Role: "user", Content: "hi"}}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			on := readRequest(tt.kind, []byte(tt.body), true)
			if !reflect.DeepEqual(on.SystemInstructions, tt.instructions) || !reflect.DeepEqual(on.Messages, tt.messages) {
				t.Errorf("instructions %q, messages %+v; want %q, %+v", on.SystemInstructions, on.Messages, tt.instructions, tt.messages)
			}
			off := readRequest(tt.kind, []byte(tt.body), false)
			if off.SystemInstructions != nil || off.Messages != nil {
				t.Errorf("capture off: instructions %q, messages %+v", off.SystemInstructions, off.Messages)
			}
			for _, r := range []requestInfo{on, off} {
				if r.ChoiceCount != tt.choices || r.OutputType != tt.output {
					t.Errorf("choice count %d, output type %q; want %d, %q", r.ChoiceCount, r.OutputType, tt.choices, tt.output)
				}
			}
		})
	}
}

// TestParseToolResults checks that every API's tool result reads as a tool
// message answering its call, with the result's text as its content, and
// that tool call arguments stay the text they were sent as.
func TestParseToolResults(t *testing.T) {
	call := func(id, name, args string) otelagentops.Message {
		return otelagentops.Message{Role: "assistant", ToolCalls: []otelagentops.ToolCallRequest{{ID: id, Name: name, Arguments: args}}}
	}
	result := func(id, content string) otelagentops.Message {
		return otelagentops.Message{Role: "tool", ToolCallID: id, Content: content}
	}
	tests := []struct {
		name string
		kind apiKind
		body string
		want []otelagentops.Message
	}{
		{"openai", apiChat, `{"messages":[` +
			`{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":"15 degrees"},` +
			`{"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"line 1"},{"type":"text","text":"line 2"}]}]}`,
			[]otelagentops.Message{call("call_1", "get_weather", `{"city":"Paris"}`), result("call_1", "15 degrees"), result("call_2", "line 1\nline 2")}},
		{"openai legacy function", apiChat, `{"messages":[` +
			`{"role":"assistant","function_call":{"name":"get_weather","arguments":"{}"}},{"role":"function","name":"get_weather","content":"sunny"}]}`,
			[]otelagentops.Message{call("", "get_weather", "{}"), result("", "sunny")}},
		{"anthropic", apiMessages, `{"messages":[` +
			`{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city": "Paris"}},` +
			`{"type":"tool_use","id":"toolu_2","name":"get_time","input":{}}]},` +
			`{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"15 degrees"},` +
			`{"type":"tool_result","tool_use_id":"toolu_2","is_error":true,"content":[{"type":"text","text":"no clock"},{"type":"image","source":{}},{"type":"text","text":"try later"}]},` +
			`{"type":"tool_result","tool_use_id":"toolu_3"},` +
			`{"type":"text","text":"Thanks."}]}]}`,
			[]otelagentops.Message{
				{Role: "assistant", ToolCalls: []otelagentops.ToolCallRequest{
					{ID: "toolu_1", Name: "get_weather", Arguments: `{"city": "Paris"}`}, {ID: "toolu_2", Name: "get_time", Arguments: `{}`}}},
				result("toolu_1", "15 degrees"), result("toolu_2", "no clock\ntry later"), result("toolu_3", ""),
				{Role: "user", Content: "Thanks."},
			}},
		{"responses", apiResponses, `{"input":[{"role":"user","content":"weather?"},` +
			`{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},` +
			`{"type":"function_call_output","call_id":"call_1","output":"15 degrees"},` +
			`{"type":"custom_tool_call","call_id":"call_2","name":"sql","input":"SELECT 1"},` +
			`{"type":"custom_tool_call_output","call_id":"call_2","output":[{"type":"input_text","text":"1"}]},` +
			`{"type":"reasoning","summary":[]}]}`,
			[]otelagentops.Message{{Role: "user", Content: "weather?"}, call("call_1", "get_weather", `{"city":"Paris"}`),
				result("call_1", "15 degrees"), call("call_2", "sql", "SELECT 1"), result("call_2", "1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseRequest(tt.kind, []byte(tt.body)).Messages; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// A value of an unexpected type where a string belongs does not stop the
// parse: the parameters after it are still read.
func TestParseRequestLenient(t *testing.T) {
	body := `{"messages":[{"role":"user","content":[{"type":5,"text":"x"}]}],"system":[{"type":[],"text":"s"}],` +
		`"input":[{"type":{},"output":"o"}],"response_format":{"type":7},"model":"m","n":2}`
	for _, kind := range []apiKind{apiChat, apiMessages, apiResponses} {
		if r := parseRequest(kind, []byte(body)); r.Model != "m" || r.ChoiceCount != 2 {
			t.Errorf("kind %d: %+v", kind, r)
		}
	}
}
