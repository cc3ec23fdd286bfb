package llmserver

import (
	"encoding/json"
	"net/http"
	"strings"
)

type messagesRequest struct {
	Model    string            `json:"model"`
	Stream   bool              `json:"stream"`
	Tools    []json.RawMessage `json:"tools"`
	Messages []struct {
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
}

// wantsTool: tools offered and no tool_result sent yet.
func (r messagesRequest) wantsTool() bool {
	if len(r.Tools) == 0 {
		return false
	}
	for _, m := range r.Messages {
		if strings.Contains(string(m.Content), `"tool_result"`) {
			return false
		}
	}
	return true
}

const (
	messageID = "msg_01XFDUDYJgAACzvnptvVoYEL"
	toolUseID = "toolu_01A09q90qw90lq917835lq9"
)

func anthropicUsage(output int) map[string]any {
	return map[string]any{
		"input_tokens": AnthropicInputTokens, "cache_creation_input_tokens": AnthropicCacheWriteTokens,
		"cache_read_input_tokens": AnthropicCacheReadTokens, "output_tokens": output, "service_tier": "standard",
	}
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	var req messagesRequest
	f, ok := s.begin(w, r, &req)
	if !ok {
		return
	}
	if f.Status >= 400 {
		fail(w, f.Status, true)
		return
	}
	tool := req.wantsTool()
	stop := "end_turn"
	text := Reply
	if tool {
		stop, text = "tool_use", "I'll check the weather in Paris."
	}
	if !req.Stream {
		content := []any{map[string]any{"type": "text", "text": text}}
		if tool {
			var input any
			_ = json.Unmarshal([]byte(ToolArguments), &input)
			content = append(content, map[string]any{"type": "tool_use", "id": toolUseID, "name": ToolName, "input": input})
		}
		writeJSON(w, map[string]any{"id": messageID, "type": "message", "role": "assistant", "model": req.Model,
			"content": content, "stop_reason": stop, "stop_sequence": nil, "usage": anthropicUsage(AnthropicOutputTokens)})
		return
	}
	out := newSSE(w, f)
	send := func(typ string, fields map[string]any) {
		fields["type"] = typ
		out.send(typ, fields)
	}
	send("message_start", map[string]any{"message": map[string]any{"id": messageID, "type": "message", "role": "assistant",
		"model": req.Model, "content": []any{}, "stop_reason": nil, "stop_sequence": nil, "usage": anthropicUsage(1)}})
	send("content_block_start", map[string]any{"index": 0, "content_block": map[string]any{"type": "text", "text": ""}})
	send("ping", map[string]any{})
	for _, word := range words(text) {
		send("content_block_delta", map[string]any{"index": 0, "delta": map[string]any{"type": "text_delta", "text": word}})
	}
	send("content_block_stop", map[string]any{"index": 0})
	if tool {
		send("content_block_start", map[string]any{"index": 1, "content_block": map[string]any{
			"type": "tool_use", "id": toolUseID, "name": ToolName, "input": map[string]any{}}})
		for _, part := range []string{"", ToolArguments[:14], ToolArguments[14:30], ToolArguments[30:]} {
			send("content_block_delta", map[string]any{"index": 1, "delta": map[string]any{"type": "input_json_delta", "partial_json": part}})
		}
		send("content_block_stop", map[string]any{"index": 1})
	}
	send("message_delta", map[string]any{"delta": map[string]any{"stop_reason": stop, "stop_sequence": nil},
		"usage": map[string]any{"output_tokens": AnthropicOutputTokens}})
	send("message_stop", map[string]any{})
}
