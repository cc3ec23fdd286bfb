// Package fakellm is an OpenAI-compatible chat completions server on
// loopback that plays a ReAct agent's model: until the prompt holds the
// weather tool's observation (ToolOutput), it calls the tool; then it answers.
// It answers JSON or, when the request streams, server-sent events with
// the usage chunk last.
package fakellm

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
)

// What the server says, and the tokens it reports for it.
const (
	Model        = "gpt-4o-mini"
	ToolName     = "weather"
	ToolInput    = "Paris"
	ToolOutput   = "Sunny, 22 C" // what the weather tool must answer for the model to finish
	FinalAnswer  = "It is sunny in Paris."
	ActionText   = "Thought: I should check the weather.\nAction: " + ToolName + "\nAction Input: " + ToolInput
	FinalText    = "Thought: I now know the final answer.\nFinal Answer: " + FinalAnswer
	ActionPrompt = 120 // prompt tokens of the first call
	ActionOutput = 18  // completion tokens of the first call
	FinalPrompt  = 150 // prompt tokens of the second call
	FinalOutput  = 14  // completion tokens of the second call
)

// Server is the fake model server.
type Server struct {
	*httptest.Server
	calls atomic.Int64
}

// New starts a server; Close it when done.
func New() *Server {
	s := &Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	s.Server = httptest.NewServer(mux)
	return s
}

// BaseURL is the URL to give an OpenAI client (openai.WithBaseURL).
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Calls returns how many chat completions the server answered.
func (s *Server) Calls() int64 { return s.calls.Load() }

type chatRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Content string `json:"content"`
	} `json:"messages"`
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	var req chatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":{"message":"invalid JSON body","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	s.calls.Add(1)
	text, prompt, completion := ActionText, ActionPrompt, ActionOutput
	for _, m := range req.Messages {
		if strings.Contains(m.Content, "Observation: "+ToolOutput) {
			text, prompt, completion = FinalText, FinalPrompt, FinalOutput
		}
	}
	usage := map[string]any{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
	if !req.Stream {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000, "model": Model,
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": text}}},
			"usage": usage,
		})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	send := func(v any) {
		b, _ := json.Marshal(v)
		_, _ = fmt.Fprintf(w, "data: %s\n\n", b)
	}
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000, "model": Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}
	send(chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	for _, word := range strings.SplitAfter(text, " ") {
		send(chunk(map[string]any{"content": word}, nil))
	}
	send(chunk(map[string]any{}, "stop"))
	send(map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000, "model": Model,
		"choices": []any{}, "usage": usage})
	_, _ = fmt.Fprint(w, "data: [DONE]\n\n")
}
