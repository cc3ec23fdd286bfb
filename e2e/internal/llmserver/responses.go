package llmserver

import (
	"encoding/json"
	"net/http"
)

const responseID = "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b"

func responsesUsage() map[string]any {
	return map[string]any{
		"input_tokens": PromptTokens, "input_tokens_details": map[string]int{"cached_tokens": CachedTokens},
		"output_tokens": CompletionTokens, "output_tokens_details": map[string]int{"reasoning_tokens": ReasoningTokens},
		"total_tokens": PromptTokens + CompletionTokens,
	}
}

// responseObject is a Responses API response; output nil while in progress.
func responseObject(model, status string, output []any, usage any) map[string]any {
	if output == nil {
		output = []any{}
	}
	return map[string]any{
		"id": responseID, "object": "response", "created_at": 1741476542, "status": status, "error": nil,
		"incomplete_details": nil, "instructions": nil, "max_output_tokens": nil, "model": model,
		"output": output, "parallel_tool_calls": true, "previous_response_id": nil,
		"reasoning": map[string]any{"effort": nil, "summary": nil}, "store": true, "temperature": 1.0,
		"text": map[string]any{"format": map[string]string{"type": "text"}}, "tool_choice": "auto",
		"tools": []any{}, "top_p": 1.0, "truncation": "disabled", "usage": usage, "user": nil, "metadata": map[string]any{},
	}
}

const messageItemID = "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b"

func messageItem(status, text string) map[string]any {
	content := []any{}
	if status == "completed" {
		content = []any{map[string]any{"type": "output_text", "text": text, "annotations": []any{}}}
	}
	return map[string]any{"type": "message", "id": messageItemID, "status": status, "role": "assistant", "content": content}
}

func (s *Server) responses(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model  string          `json:"model"`
		Stream bool            `json:"stream"`
		Input  json.RawMessage `json:"input"`
	}
	f, ok := s.begin(w, r, &req)
	if !ok {
		return
	}
	if f.Status >= 400 {
		fail(w, f.Status, false)
		return
	}
	model := responseModel(req.Model)
	final := responseObject(model, "completed", []any{messageItem("completed", Reply)}, responsesUsage())
	if !req.Stream {
		writeJSON(w, final)
		return
	}
	out := newSSE(w, f)
	seq := 0
	send := func(typ string, fields map[string]any) {
		fields["type"], fields["sequence_number"] = typ, seq
		seq++
		out.send(typ, fields)
	}
	send("response.created", map[string]any{"response": responseObject(model, "in_progress", nil, nil)})
	send("response.in_progress", map[string]any{"response": responseObject(model, "in_progress", nil, nil)})
	send("response.output_item.added", map[string]any{"output_index": 0, "item": messageItem("in_progress", "")})
	send("response.content_part.added", map[string]any{"item_id": messageItemID, "output_index": 0, "content_index": 0,
		"part": map[string]any{"type": "output_text", "text": "", "annotations": []any{}}})
	for _, word := range words(Reply) {
		send("response.output_text.delta", map[string]any{"item_id": messageItemID, "output_index": 0, "content_index": 0, "delta": word})
	}
	send("response.output_text.done", map[string]any{"item_id": messageItemID, "output_index": 0, "content_index": 0, "text": Reply})
	send("response.output_item.done", map[string]any{"output_index": 0, "item": messageItem("completed", Reply)})
	send("response.completed", map[string]any{"response": final})
}
