package exporter

import (
	"encoding/json"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/semconv"
)

// otelMessage is a message in the OTel GenAI JSON form
// (gen_ai.input.messages / gen_ai.output.messages).
type otelMessage struct {
	Role  string `json:"role"`
	Parts []struct {
		Type      string `json:"type"`
		Content   any    `json:"content"`
		ID        string `json:"id"`
		Name      string `json:"name"`
		Arguments any    `json:"arguments"`
	} `json:"parts"`
}

// parseMessages reads OTel GenAI JSON messages; nil when data is not that.
func parseMessages(data string) []Message {
	if data == "" {
		return nil
	}
	var in []otelMessage
	if json.Unmarshal([]byte(data), &in) != nil {
		return nil
	}
	out := make([]Message, 0, len(in))
	for _, m := range in {
		msg := Message{Role: m.Role}
		var text []string
		for _, p := range m.Parts {
			switch p.Type {
			case "text":
				text = append(text, asText(p.Content))
			case "tool_call":
				tc := ToolCall{ID: p.ID, Type: "function"}
				tc.Function.Name, tc.Function.Arguments = p.Name, asText(p.Arguments)
				msg.ToolCalls = append(msg.ToolCalls, tc)
			}
		}
		msg.Content = strings.Join(text, "")
		out = append(out, msg)
	}
	return out
}

// asText returns a JSON value as text: strings as they are, others as JSON.
func asText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// indexedMessages reads the AgentOps indexed keys (gen_ai.prompt.{i}.role
// and .content, or the completion ones) of s, for spans that lack the JSON
// form.
func indexedMessages(s sdktrace.ReadOnlySpan, role, content func(int) attribute.Key) []Message {
	attrs := s.Attributes()
	find := func(k attribute.Key) (string, bool) {
		for _, kv := range attrs {
			if kv.Key == k {
				return kv.Value.Emit(), true
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

// llmMessages returns the prompt and the completion of an LLM span.
func llmMessages(s sdktrace.ReadOnlySpan, v *spanView) (prompt, completion any) {
	in := parseMessages(v.inputJSON)
	if in == nil {
		in = indexedMessages(s, semconv.GenAIPromptRoleKey, semconv.GenAIPromptContentKey)
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
