package llmhttp

import (
	"encoding/json"
	"reflect"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// TestRecordedRequestFields sends requests of each API through the
// Middleware and checks what their spans carry of the request: system
// instructions apart from the input messages, the choice count, the output
// type, and tool results as tool_call_response parts.
func TestRecordedRequestFields(t *testing.T) {
	type part = map[string]any
	tests := []struct {
		name, path, response, request string
		instructions                  []part // gen_ai.system_instructions; nil: absent
		input                         []chatMessage
		choices                       int64 // gen_ai.request.choice.count; 0: absent
		output                        string
	}{
		{name: "anthropic string system", path: "/v1/messages", response: "anthropic_message.json",
			request:      `{"model":"claude-sonnet-4-20250514","max_tokens":64,"system":"Be brief.","messages":[{"role":"user","content":"hi"}]}`,
			instructions: []part{{"type": "text", "content": "Be brief."}},
			input:        []chatMessage{{Role: "user", Parts: []part{{"type": "text", "content": "hi"}}}}},
		{name: "anthropic system blocks", path: "/v1/messages", response: "anthropic_message.json",
			request: `{"model":"claude-sonnet-4-20250514","system":[{"type":"text","text":"You translate."},` +
				`{"type":"text","text":"English to French.","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"}]}`,
			instructions: []part{{"type": "text", "content": "You translate."}, {"type": "text", "content": "English to French."}},
			input:        []chatMessage{{Role: "user", Parts: []part{{"type": "text", "content": "hi"}}}}},
		{name: "responses instructions", path: "/v1/responses", response: "responses.json",
			request:      `{"model":"gpt-4.1-mini","instructions":"Talk like a pirate.","input":"hi","text":{"format":{"type":"json_object"}}}`,
			instructions: []part{{"type": "text", "content": "Talk like a pirate."}},
			input:        []chatMessage{{Role: "user", Parts: []part{{"type": "text", "content": "hi"}}}},
			output:       semconv.GenAIOutputTypeJSON},
		{name: "chat n and json_schema", path: "/v1/chat/completions", response: "openai_chat.json",
			request: `{"model":"gpt-4o-mini","n":3,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{}}},` +
				`"messages":[{"role":"user","content":"hi"}]}`,
			input:   []chatMessage{{Role: "user", Parts: []part{{"type": "text", "content": "hi"}}}},
			choices: 3, output: semconv.GenAIOutputTypeJSON},
		{name: "chat tool result", path: "/v1/chat/completions", response: "openai_chat.json",
			request: `{"model":"gpt-4o-mini","messages":[{"role":"tool","tool_call_id":"call_1","content":"15 degrees"}]}`,
			input:   []chatMessage{{Role: "tool", Parts: []part{{"type": "tool_call_response", "id": "call_1", "response": "15 degrees"}}}}},
		{name: "anthropic tool result", path: "/v1/messages", response: "anthropic_message.json",
			request: `{"model":"claude-sonnet-4-20250514","messages":[{"role":"user","content":[` +
				`{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"15 degrees"}]}]}]}`,
			input: []chatMessage{{Role: "tool", Parts: []part{{"type": "tool_call_response", "id": "toolu_1", "response": "15 degrees"}}}}},
		{name: "responses tool result", path: "/v1/responses", response: "responses.json",
			request: `{"model":"gpt-4.1-mini","input":[{"type":"function_call_output","call_id":"call_1","output":"15 degrees"}]}`,
			input:   []chatMessage{{Role: "tool", Parts: []part{{"type": "tool_call_response", "id": "call_1", "response": "15 degrees"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, capture := range []bool{true, false} {
				r := newRecorded(t, otelagentops.WithContentCapture(capture))
				srv, _ := serve(t, 200, "application/json", testdata(t, tt.response))
				post(t, r.ctx, Middleware(), srv, tt.path, []byte(tt.request))
				a := attrs(r.one(t))
				if !capture {
					for _, k := range []attribute.Key{semconv.GenAISystemInstructionsKey, semconv.GenAIInputMessagesKey} {
						if _, ok := a[k]; ok {
							t.Errorf("capture off: %s recorded", k)
						}
					}
				} else {
					if got := partsOf(t, a, semconv.GenAISystemInstructionsKey); !reflect.DeepEqual(got, tt.instructions) {
						t.Errorf("system instructions %v, want %v", got, tt.instructions)
					}
					if got := messagesOf(t, a, semconv.GenAIInputMessagesKey); !reflect.DeepEqual(got, tt.input) {
						t.Errorf("input messages %+v, want %+v", got, tt.input)
					}
				}
				if v, ok := a[semconv.GenAIRequestChoiceCountKey]; v.AsInt64() != tt.choices || ok != (tt.choices != 0) {
					t.Errorf("capture %t: choice count %v, want %d", capture, v.AsInterface(), tt.choices)
				}
				if v, ok := a[semconv.GenAIOutputTypeKey]; v.AsString() != tt.output || ok != (tt.output != "") {
					t.Errorf("capture %t: output type %v, want %q", capture, v.AsInterface(), tt.output)
				}
			}
		})
	}
}

// partsOf decodes the JSON parts a span carries under key; nil when the
// key is absent.
func partsOf(t testing.TB, a map[attribute.Key]attribute.Value, key attribute.Key) []map[string]any {
	t.Helper()
	v, ok := a[key]
	if !ok {
		return nil
	}
	var parts []map[string]any
	if err := json.Unmarshal([]byte(v.AsString()), &parts); err != nil {
		t.Fatalf("%s: %v: %s", key, err, v.AsString())
	}
	return parts
}
