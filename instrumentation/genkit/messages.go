package otelgenkit

import (
	"encoding/json"
	"strings"

	"github.com/firebase/genkit/go/ai"

	"github.com/agentops-go/sdk/otelagentops"
)

// messages converts a Genkit conversation to otelagentops messages: role
// "model" becomes "assistant", text parts are joined, tool requests become
// the assistant's tool calls, and each tool response becomes a "tool"
// message answering its call. Media and other parts carry no text here.
func messages(in []*ai.Message) []otelagentops.Message {
	out := make([]otelagentops.Message, 0, len(in))
	for _, m := range in {
		if m == nil {
			continue
		}
		out = appendMessage(out, m, "")
	}
	return out
}

// appendMessage appends m, converted, to out; finish is the finish reason
// of a completion ("" for a prompt message).
func appendMessage(out []otelagentops.Message, m *ai.Message, finish string) []otelagentops.Message {
	msg := otelagentops.Message{Role: role(m.Role), FinishReason: finish}
	var text strings.Builder
	hasOwn := false
	for _, p := range m.Content {
		switch {
		case p == nil:
		case p.IsToolResponse() && p.ToolResponse != nil:
			out = append(out, otelagentops.Message{
				Role:       "tool",
				ToolCallID: p.ToolResponse.Ref,
				Content:    jsonText(p.ToolResponse.Output),
			})
		case p.IsToolRequest() && p.ToolRequest != nil:
			msg.ToolCalls = append(msg.ToolCalls, otelagentops.ToolCallRequest{
				ID:        p.ToolRequest.Ref,
				Name:      p.ToolRequest.Name,
				Arguments: jsonText(p.ToolRequest.Input),
			})
			hasOwn = true
		case p.IsText() || p.IsData():
			text.WriteString(p.Text)
			hasOwn = true
		}
	}
	if !hasOwn && m.Role == ai.RoleTool {
		return out // a tool message of responses only: already appended
	}
	msg.Content = text.String()
	return append(out, msg)
}

// role maps a Genkit role onto the OTel GenAI one.
func role(r ai.Role) string {
	if r == ai.RoleModel {
		return "assistant"
	}
	return string(r)
}

// jsonText renders a tool's input or output: a string as it is, anything
// else as JSON ("" when it cannot be).
func jsonText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// response converts a Genkit model response to an otelagentops one: usage
// as the model plugin reports it (OutputTokens, ThoughtsTokens as reasoning,
// CachedContentTokens as cache reads), finish reason, the response model
// when the plugin tells it (compat_oai's Custom["model"]) and, when content
// is captured, the completion. A response with no token count is recorded
// as usage unknown, so that its call counts as unpriced, never as free.
func response(resp *ai.ModelResponse, content bool) otelagentops.LLMResponse {
	var out otelagentops.LLMResponse
	if resp == nil {
		return out
	}
	if resp.FinishReason != "" {
		out.FinishReasons = []string{string(resp.FinishReason)}
	}
	if custom, ok := resp.Custom.(map[string]any); ok {
		out.Model, _ = custom["model"].(string)
		out.ID, _ = custom["id"].(string)
	}
	if u := resp.Usage; u != nil && (u.InputTokens > 0 || u.OutputTokens > 0 || u.TotalTokens > 0) {
		out.Usage = otelagentops.Usage{
			InputTokens:     int64(u.InputTokens),
			OutputTokens:    int64(u.OutputTokens),
			TotalTokens:     int64(u.TotalTokens),
			CacheReadTokens: int64(u.CachedContentTokens),
			ReasoningTokens: int64(u.ThoughtsTokens),
		}
	} else {
		out.UsageUnknown = true
	}
	if content && resp.Message != nil {
		out.Messages = appendMessage(nil, resp.Message, string(resp.FinishReason))
	}
	return out
}
