package llmhttp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// The benchmarks compare a call through the Transport with the same call
// without it, against a loopback server, in the same run: compare the
// ns/op of the Baseline and Instrumented sub-benchmarks. The client reads
// the body the way SDKs do (whole for JSON, line by line for a stream).

// benchChatJSON is a chat completion of about 4 KB.
func benchChatJSON() []byte {
	content := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 82)
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
		"model": "gpt-4o-mini-2024-07-18", "system_fingerprint": "fp_06737a9306", "service_tier": "default",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "logprobs": nil,
			"message": map[string]any{"role": "assistant", "content": content, "refusal": nil, "annotations": []any{}}}},
		"usage": map[string]any{"prompt_tokens": 26, "completion_tokens": 820, "total_tokens": 846,
			"prompt_tokens_details":     map[string]int{"cached_tokens": 0, "audio_tokens": 0},
			"completion_tokens_details": map[string]int{"reasoning_tokens": 0, "audio_tokens": 0}},
	})
	return b
}

// benchStreamChunks is a 100-chunk chat stream with usage, as SSE events.
func benchStreamChunks() []string {
	chunks := make([]string, 0, 102)
	for i := range 100 {
		finish := "null"
		if i == 99 {
			finish = `"stop"`
		}
		chunks = append(chunks, fmt.Sprintf(`data: {"id":"chatcmpl-BmStream1","object":"chat.completion.chunk","created":1741570100,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":" word%d"},"logprobs":null,"finish_reason":%s}],"usage":null}`+"\n\n", i, finish))
	}
	chunks = append(chunks,
		`data: {"id":"chatcmpl-BmStream1","object":"chat.completion.chunk","created":1741570100,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":26,"completion_tokens":100,"total_tokens":126}}`+"\n\n",
		"data: [DONE]\n\n")
	return chunks
}

const benchRequest = `{"messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Write about a fox."}],"model":"gpt-4o-mini","stream":%t,"stream_options":{"include_usage":true}}`

func benchServer(b *testing.B) *httptest.Server {
	chat, chunks := benchChatJSON(), benchStreamChunks()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if !strings.HasSuffix(r.URL.Path, "/stream/chat/completions") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(chat)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		for _, c := range chunks {
			_, _ = io.WriteString(w, c)
			f.Flush()
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchSession returns a context carrying a session of a client whose
// provider has only the SessionProcessor: the SDK's own cost, no export.
func benchSession(b *testing.B, opts ...otelagentops.Option) context.Context {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(otelagentops.NewSessionProcessor()))
	opts = append([]otelagentops.Option{otelagentops.WithTracerProvider(tp), otelagentops.WithLogger(discardLogger())}, opts...)
	c, err := otelagentops.New(context.Background(), opts...)
	if err != nil {
		b.Fatal(err)
	}
	ctx, _, err := c.StartSession(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.Shutdown(context.Background()); _ = tp.Shutdown(context.Background()) })
	return ctx
}

// BenchmarkTransport runs each call four ways: Baseline (no Transport),
// BareSpan (a hand-written span per call, with the usage attributes but no
// parsing: the floor of any OTel instrumentation), Instrumented (content
// capture on, the default) and NoContent (capture off, which leaves out the
// core's prompt and completion attributes).
func BenchmarkTransport(b *testing.B) {
	srv := benchServer(b)
	sessions := map[string]context.Context{
		"Baseline": benchSession(b), "BareSpan": benchSession(b), "Instrumented": benchSession(b),
		"NoContent": benchSession(b, otelagentops.WithContentCapture(false)),
	}
	for _, tc := range []struct {
		name   string
		stream bool
	}{{"JSON4KB", false}, {"Stream100", true}} {
		path := "/v1/chat/completions"
		if tc.stream {
			path = "/stream/chat/completions"
		}
		reqBody := []byte(fmt.Sprintf(benchRequest, tc.stream))
		for _, mode := range []string{"Baseline", "BareSpan", "Instrumented", "NoContent"} {
			transport, ctx := srv.Client().Transport, sessions[mode]
			switch mode {
			case "BareSpan":
				transport = bareSpanTransport{next: transport}
			case "Instrumented", "NoContent":
				transport = NewTransport(transport)
			}
			client := &http.Client{Transport: transport}
			b.Run(tc.name+"/"+mode, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					benchCall(b, ctx, client, srv.URL+path, reqBody, tc.stream)
				}
			})
		}
	}
}

func benchCall(b *testing.B, ctx context.Context, client *http.Client, url string, body []byte, stream bool) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	if stream {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
		}
	} else {
		_, _ = io.ReadAll(res.Body)
	}
	_ = res.Body.Close()
}

// bareSpanTransport is what hand-written instrumentation costs at least: a
// CLIENT span in the caller's trace with the attributes of a chat call and
// its usage as the SDK records them (OTel GenAI), ended when the body is
// closed; no parsing, no session.
type bareSpanTransport struct{ next http.RoundTripper }

func (t bareSpanTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, span := trace.SpanFromContext(r.Context()).TracerProvider().Tracer("bench").Start(r.Context(),
		"chat gpt-4o-mini", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
			semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"),
			semconv.GenAIProviderName("openai"), semconv.GenAIRequestModel("gpt-4o-mini"),
			semconv.ServerAddress(r.URL.Hostname())))
	res, err := t.next.RoundTrip(r.WithContext(ctx))
	if err != nil {
		span.End()
		return nil, err
	}
	res.Body = &bareSpanBody{ReadCloser: res.Body, span: span}
	return res, nil
}

type bareSpanBody struct {
	io.ReadCloser
	span trace.Span
}

func (b *bareSpanBody) Close() error {
	b.span.SetAttributes(semconv.HTTPResponseStatusCode(200),
		semconv.GenAIResponseID("chatcmpl-1"), semconv.GenAIResponseModel("gpt-4o-mini-2024-07-18"),
		semconv.GenAIResponseFinishReasons([]string{"stop"}), semconv.GenAIUsageInputTokens(26),
		semconv.GenAIUsageOutputTokens(820))
	b.span.End()
	return b.ReadCloser.Close()
}
