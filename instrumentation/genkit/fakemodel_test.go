package otelgenkit_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// The fake model's figures, for exact assertions.
const (
	fakePromptTokens     = 42
	fakeCompletionTokens = 7
	fakeModel            = "gpt-4o-mini"
	weatherTool          = "get_weather"
	fakeReply            = "It is sunny in Paris."
)

// fakeModel is an OpenAI-compatible chat completions server on loopback:
// with tools and no tool result in the conversation it asks for
// get_weather, else it answers. Every answer reports the same usage.
type fakeModelServer struct {
	*httptest.Server
	requests atomic.Int64
}

func newFakeModel(t testing.TB) *fakeModelServer {
	t.Helper()
	f := startFakeModel()
	t.Cleanup(f.Close)
	return f
}

// startFakeModel starts the fake model; Close stops it.
func startFakeModel() *fakeModelServer {
	f := &fakeModelServer{}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// BaseURL is the base URL an OpenAI client takes.
func (f *fakeModelServer) BaseURL() string { return f.URL + "/v1/" }

func (f *fakeModelServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.NotFound(w, r)
		return
	}
	f.requests.Add(1)
	var req struct {
		Model    string `json:"model"`
		Messages []struct {
			Role string `json:"role"`
		} `json:"messages"`
		Tools []json.RawMessage `json:"tools"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	answered := false
	for _, m := range req.Messages {
		answered = answered || m.Role == "tool"
	}
	message := map[string]any{"role": "assistant", "content": fakeReply}
	finish := "stop"
	if len(req.Tools) > 0 && !answered {
		message = map[string]any{"role": "assistant", "content": nil, "tool_calls": []any{map[string]any{
			"id": "call_1", "type": "function",
			"function": map[string]any{"name": weatherTool, "arguments": `{"city":"Paris"}`},
		}}}
		finish = "tool_calls"
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": req.Model,
		"system_fingerprint": "fp_test",
		"choices":            []any{map[string]any{"index": 0, "message": message, "finish_reason": finish}},
		"usage": map[string]any{
			"prompt_tokens": fakePromptTokens, "completion_tokens": fakeCompletionTokens,
			"total_tokens": fakePromptTokens + fakeCompletionTokens,
		},
	})
}
