package sessiondoc

import (
	"encoding/json"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/chat"
	"github.com/agentops-go/sdk/semconv"
)

// parseMessages reads OTel GenAI JSON messages as legacy messages; nil
// when data is not that. Text parts and tool results (the response of a
// tool_call_response part) make the content; tool_call parts make the
// tool calls, whose arguments are JSON text.
func parseMessages(data string) []Message {
	in, ok := chat.Parse(data)
	if !ok {
		return nil
	}
	out := make([]Message, 0, len(in))
	for i := range in {
		out = append(out, legacyMessage(&in[i]))
	}
	return out
}

// legacyMessage returns m as a legacy message.
func legacyMessage(m *chat.Message) Message {
	msg := Message{Role: m.Role, Content: m.Text()}
	if n := m.ToolCalls(); n > 0 {
		msg.ToolCalls = make([]ToolCall, 0, n)
	}
	for i := range m.Parts {
		if p := &m.Parts[i]; p.Type == chat.PartToolCall {
			tc := ToolCall{ID: p.ID, Type: "function"}
			tc.Function.Name, tc.Function.Arguments = p.Name, string(p.Arguments)
			msg.ToolCalls = append(msg.ToolCalls, tc)
		}
	}
	return msg
}

// indexedMessages reads the AgentOps indexed keys (gen_ai.prompt.{i}.role
// and .content, or the completion ones) of s, for spans that lack the JSON
// form.
func indexedMessages(s sdktrace.ReadOnlySpan, role, content func(int) attribute.Key) []Message {
	attrs := s.Attributes()
	find := func(k attribute.Key) (string, bool) {
		for _, kv := range attrs {
			if kv.Key == k {
				return kv.Value.String(), true
			}
		}
		return "", false
	}
	var out []Message
	for i := 0; i < len(attrs); i++ {
		r, okR := find(role(i))
		c, okC := find(content(i))
		if !okR && !okC {
			break
		}
		out = append(out, Message{Role: r, Content: c})
	}
	return out
}

// llmMessages returns the prompt and the completion of an LLM span: the
// system instructions (gen_ai.system_instructions) as a leading system
// message, then the input messages; the first output message. Spans of
// other instrumentation without the JSON form are read from their indexed
// keys (gen_ai.prompt.{i}.*, gen_ai.completion.{i}.*).
func llmMessages(s sdktrace.ReadOnlySpan, v *spanView) (prompt, completion any) {
	in := parseMessages(v.inputJSON)
	if in == nil {
		in = indexedMessages(s, semconv.GenAIPromptRoleKey, semconv.GenAIPromptContentKey)
	}
	var b chat.Buffers
	if sys, ok := b.ParseInstructions(v.systemJSON); ok && len(sys.Parts) > 0 {
		in = append([]Message{legacyMessage(&sys)}, in...)
	}
	out := parseMessages(v.outputJSON)
	if out == nil {
		out = indexedMessages(s, semconv.GenAICompletionRoleKey, semconv.GenAICompletionContentKey)
	}
	if len(in) > 0 {
		prompt = in
	}
	if len(out) > 0 {
		completion = out[0]
	}
	return prompt, completion
}

// jsonOrText returns s as raw JSON when it is JSON, else as a string; nil
// when empty. Tool and action inputs and outputs are recorded as JSON text.
func jsonOrText(s string) any {
	if s == "" {
		return nil
	}
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	return s
}
