package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
)

// startStandIn starts a local server that answers OpenAI chat completions,
// plain and streamed, with the shapes and usage fields the real API uses.
func startStandIn() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model         string `json:"model"`
			Stream        bool   `json:"stream"`
			StreamOptions struct {
				IncludeUsage bool `json:"include_usage"`
			} `json:"stream_options"`
		}
		if r.URL.Path != "/v1/chat/completions" || json.NewDecoder(r.Body).Decode(&req) != nil {
			http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
			return
		}
		model := req.Model + "-2024-07-18"
		usage := map[string]any{"prompt_tokens": 31, "completion_tokens": 9, "total_tokens": 40,
			"prompt_tokens_details": map[string]int{"cached_tokens": 0}, "completion_tokens_details": map[string]int{"reasoning_tokens": 0}}
		if !req.Stream {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{
				"id": "chatcmpl-standin1", "object": "chat.completion", "created": 1741569952, "model": model,
				"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
					"message": map[string]any{"role": "assistant", "content": "The Louvre."}}},
				"usage": usage,
			})
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		send := func(v any) {
			data, _ := json.Marshal(v)
			fmt.Fprintf(w, "data: %s\n\n", data)
			w.(http.Flusher).Flush()
		}
		chunk := func(delta map[string]any, finish any) map[string]any {
			return map[string]any{"id": "chatcmpl-standin2", "object": "chat.completion.chunk", "created": 1741569953,
				"model": model, "choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
		}
		send(chunk(map[string]any{"role": "assistant", "content": ""}, nil))
		for i, word := range strings.Fields("The Musée d'Orsay.") {
			if i > 0 {
				word = " " + word
			}
			send(chunk(map[string]any{"content": word}, nil))
		}
		send(chunk(map[string]any{}, "stop"))
		if req.StreamOptions.IncludeUsage {
			send(map[string]any{"id": "chatcmpl-standin2", "object": "chat.completion.chunk", "model": model,
				"choices": []any{}, "usage": usage})
		}
		fmt.Fprint(w, "data: [DONE]\n\n")
	}))
}
