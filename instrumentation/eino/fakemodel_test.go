package oteleino

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// The fake model server's token counts and replies, for assertions.
const (
	promptTokens     = 42
	cachedTokens     = 10
	completionTokens = 17
	toolTokens       = 23
	reply            = "Paris is sunny today."
	toolName         = "get_weather"
	toolArguments    = `{"location":"Paris"}`
	toolCallID       = "call_weather_1"
)

// fault is what the fake server does to one request instead of answering.
type fault struct {
	status   int // answer this HTTP error status
	cutAfter int // abort a stream after this many events
}

// fakeModel is an OpenAI-compatible chat completions server on loopback:
// offered tools and no tool result yet in the messages, it asks for the
// tool; else it answers the reply. Streams send the reply word by word and
// a usage chunk when stream_options.include_usage asks for one.
type fakeModel struct {
	*httptest.Server
	mu     sync.Mutex
	faults []fault
	calls  int
}

func newFakeModel(t testing.TB) *fakeModel {
	f := &fakeModel{}
	f.Server = httptest.NewServer(http.HandlerFunc(f.chat))
	t.Cleanup(f.Close)
	return f
}

// push scripts faults for the next requests, one each.
func (f *fakeModel) push(faults ...fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, faults...)
}

func (f *fakeModel) requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

type chatRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role string `json:"role"`
	} `json:"messages"`
	Tools         []json.RawMessage `json:"tools"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
}

func (f *fakeModel) chat(w http.ResponseWriter, r *http.Request) {
	var req chatRequest
	body, _ := io.ReadAll(r.Body)
	if r.URL.Path != "/v1/chat/completions" || json.Unmarshal(body, &req) != nil {
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.calls++
	var ft fault
	if len(f.faults) > 0 {
		ft, f.faults = f.faults[0], f.faults[1:]
	}
	f.mu.Unlock()
	if ft.status != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(ft.status)
		_, _ = io.WriteString(w, `{"error":{"message":"The server had an error","type":"server_error"}}`)
		return
	}
	wantsTool := len(req.Tools) > 0
	for _, m := range req.Messages {
		if m.Role == "tool" {
			wantsTool = false
		}
	}
	if req.Stream {
		f.stream(w, req, wantsTool, ft.cutAfter)
		return
	}
	msg := map[string]any{"role": "assistant", "content": reply}
	finish, completion := "stop", completionTokens
	if wantsTool {
		msg = map[string]any{"role": "assistant", "content": "", "tool_calls": []any{toolCall(false)}}
		finish, completion = "tool_calls", toolTokens
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": req.Model,
		"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}},
		"usage":   usage(completion),
	})
}

func (f *fakeModel) stream(w http.ResponseWriter, req chatRequest, wantsTool bool, cutAfter int) {
	w.Header().Set("Content-Type", "text/event-stream")
	sent := 0
	send := func(v any) {
		if cutAfter > 0 && sent == cutAfter {
			panic(http.ErrAbortHandler) // the client sees the connection cut
		}
		b, _ := json.Marshal(v)
		_, _ = fmt.Fprintf(w, "data: %s\n\n", b)
		w.(http.Flusher).Flush()
		sent++
	}
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}
	completion := completionTokens
	if wantsTool {
		completion = toolTokens
		send(chunk(map[string]any{"role": "assistant", "tool_calls": []any{toolCall(true)}}, nil))
		send(chunk(map[string]any{}, "tool_calls"))
	} else {
		words := strings.SplitAfter(reply, " ")
		for i, word := range words {
			delta := map[string]any{"content": word}
			if i == 0 {
				delta["role"] = "assistant"
			}
			send(chunk(delta, nil))
		}
		send(chunk(map[string]any{}, "stop"))
	}
	if req.StreamOptions != nil && req.StreamOptions.IncludeUsage {
		send(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": req.Model,
			"choices": []any{}, "usage": usage(completion)})
	}
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
}

func toolCall(stream bool) map[string]any {
	tc := map[string]any{"id": toolCallID, "type": "function",
		"function": map[string]any{"name": toolName, "arguments": toolArguments}}
	if stream {
		tc["index"] = 0
	}
	return tc
}

func usage(completion int) map[string]any {
	return map[string]any{"prompt_tokens": promptTokens, "completion_tokens": completion,
		"total_tokens": promptTokens + completion, "prompt_tokens_details": map[string]any{"cached_tokens": cachedTokens}}
}
