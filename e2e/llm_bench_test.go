package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
)

// BenchmarkLLMOpenAIGo compares a call made with the real openai-go client
// through the middleware with the same call without it, against a loopback
// server: a 4 KB chat completion and a 100-chunk stream. Compare the ns/op
// of the Baseline and Middleware sub-benchmarks of the same run.
func BenchmarkLLMOpenAIGo(b *testing.B) {
	srv := httptest.NewServer(benchLLMHandler())
	b.Cleanup(srv.Close)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(otelagentops.NewSessionProcessor()))
	c, err := otelagentops.New(context.Background(), otelagentops.WithTracerProvider(tp),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	ctx, _, err := c.StartSession(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.Shutdown(context.Background()); _ = tp.Shutdown(context.Background()) })

	params := openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4oMini,
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Be terse."), openai.UserMessage("Write about a fox.")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}}
	for _, stream := range []bool{false, true} {
		for _, mode := range []string{"Baseline", "Middleware"} {
			opts := []option.RequestOption{option.WithBaseURL(srv.URL + "/v1/"), option.WithAPIKey("sk-bench"),
				option.WithHTTPClient(srv.Client())}
			if mode == "Middleware" {
				opts = append(opts, option.WithMiddleware(llmhttp.Middleware()))
			}
			client := openai.NewClient(opts...)
			name := map[bool]string{false: "JSON4KB", true: "Stream100"}[stream] + "/" + mode
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if !stream {
						if _, err := client.Chat.Completions.New(ctx, params); err != nil {
							b.Fatal(err)
						}
						continue
					}
					s := client.Chat.Completions.NewStreaming(ctx, params)
					for s.Next() {
					}
					if err := s.Err(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// benchLLMHandler answers a chat completion of about 4 KB, or a stream of
// 100 content chunks, a finish chunk and a usage chunk.
func benchLLMHandler() http.Handler {
	content := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 82)
	chat, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
		"model": "gpt-4o-mini-2024-07-18", "system_fingerprint": "fp_06737a9306",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "logprobs": nil,
			"message": map[string]any{"role": "assistant", "content": content, "refusal": nil}}},
		"usage": map[string]any{"prompt_tokens": 26, "completion_tokens": 820, "total_tokens": 846},
	})
	chunk := `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570100,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":" word%d"},"logprobs":null,"finish_reason":%s}],"usage":null}` + "\n\n"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Stream bool `json:"stream"`
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		if !req.Stream {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(chat)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		for i := range 100 {
			finish := "null"
			if i == 99 {
				finish = `"stop"`
			}
			_, _ = fmt.Fprintf(w, chunk, i, finish)
			f.Flush()
		}
		_, _ = io.WriteString(w, `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570100,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":26,"completion_tokens":100,"total_tokens":126}}`+"\n\ndata: [DONE]\n\n")
		f.Flush()
	})
}
