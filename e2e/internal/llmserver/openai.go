package llmserver

import (
	"encoding/json"
	"net/http"
)

type chatRequest struct {
	Model         string `json:"model"`
	Stream        bool   `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	Tools    []json.RawMessage `json:"tools"`
	Messages []struct {
		Role string `json:"role"`
	} `json:"messages"`
}

// wantsTool: tools offered and none answered yet.
func (r chatRequest) wantsTool() bool {
	if len(r.Tools) == 0 {
		return false
	}
	for _, m := range r.Messages {
		if m.Role == "tool" {
			return false
		}
	}
	return true
}

// responseModel is the model OpenAI names in its answer.
func responseModel(model string) string {
	if model == "gpt-4o-mini" {
		return "gpt-4o-mini-2024-07-18"
	}
	return model
}

func openAIUsage(completion int) map[string]any {
	return map[string]any{
		"prompt_tokens": PromptTokens, "completion_tokens": completion, "total_tokens": PromptTokens + completion,
		"prompt_tokens_details":     map[string]int{"cached_tokens": CachedTokens, "audio_tokens": 0},
		"completion_tokens_details": map[string]int{"reasoning_tokens": ReasoningTokens, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
	}
}

const chatID = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT"

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	var req chatRequest
	f, ok := s.begin(w, r, &req)
	if !ok {
		return
	}
	if f.Status >= 400 {
		fail(w, f.Status, false)
		return
	}
	model, tool := responseModel(req.Model), req.wantsTool()
	if !req.Stream {
		msg := map[string]any{"role": "assistant", "content": Reply, "refusal": nil, "annotations": []any{}}
		finish, completion := "stop", CompletionTokens
		if tool {
			msg["content"] = nil
			msg["tool_calls"] = []any{map[string]any{"id": "call_12345xyz", "type": "function",
				"function": map[string]string{"name": ToolName, "arguments": ToolArguments}}}
			finish, completion = "tool_calls", ToolCompletionTokens
		}
		writeJSON(w, map[string]any{
			"id": chatID, "object": "chat.completion", "created": 1741569952, "model": model,
			"choices": []any{map[string]any{"index": 0, "message": msg, "logprobs": nil, "finish_reason": finish}},
			"usage":   openAIUsage(completion), "service_tier": "default", "system_fingerprint": "fp_06737a9306",
		})
		return
	}
	out := newSSE(w, f)
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": chatID, "object": "chat.completion.chunk", "created": 1741569952, "model": model,
			"service_tier": "default", "system_fingerprint": "fp_06737a9306", "usage": nil,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "logprobs": nil, "finish_reason": finish}}}
	}
	finish, completion := "stop", CompletionTokens
	if tool {
		finish, completion = "tool_calls", ToolCompletionTokens
		out.send("", chunk(map[string]any{"role": "assistant", "content": nil, "tool_calls": []any{map[string]any{
			"index": 0, "id": "call_12345xyz", "type": "function", "function": map[string]string{"name": ToolName, "arguments": ""}}}}, nil))
		for _, part := range []string{ToolArguments[:14], ToolArguments[14:30], ToolArguments[30:]} {
			out.send("", chunk(map[string]any{"tool_calls": []any{map[string]any{"index": 0, "function": map[string]string{"arguments": part}}}}, nil))
		}
	} else {
		out.send("", chunk(map[string]any{"role": "assistant", "content": "", "refusal": nil}, nil))
		for _, word := range words(Reply) {
			out.send("", chunk(map[string]any{"content": word}, nil))
		}
	}
	out.send("", chunk(map[string]any{}, finish))
	if req.StreamOptions != nil && req.StreamOptions.IncludeUsage {
		last := chunk(nil, nil)
		last["choices"], last["usage"] = []any{}, openAIUsage(completion)
		out.send("", last)
	}
	out.send("", "[DONE]")
}

func (s *Server) embeddings(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model string          `json:"model"`
		Input json.RawMessage `json:"input"`
	}
	f, ok := s.begin(w, r, &req)
	if !ok {
		return
	}
	if f.Status >= 400 {
		fail(w, f.Status, false)
		return
	}
	n := 1
	var inputs []json.RawMessage
	if json.Unmarshal(req.Input, &inputs) == nil {
		n = len(inputs)
	}
	data := make([]any, n)
	for i := range data {
		data[i] = map[string]any{"object": "embedding", "index": i,
			"embedding": []float64{0.0023064255, -0.009327292, -0.0028842222, 0.015362183, -0.008937593, 0.0123, -0.0456, 0.0789}}
	}
	writeJSON(w, map[string]any{"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": EmbeddingTokens, "total_tokens": EmbeddingTokens}})
}
