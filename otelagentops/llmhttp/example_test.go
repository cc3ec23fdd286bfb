package llmhttp_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
)

// fakeOpenAI stands in for api.openai.com.
func fakeOpenAI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",`+
			`"choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}],`+
			`"usage":{"prompt_tokens":26,"completion_tokens":2,"total_tokens":28}}`)
	}))
}

// recordingClient is an otelagentops client whose spans land in rec.
func recordingClient(rec *tracetest.SpanRecorder) (*otelagentops.Client, func()) {
	proc := otelagentops.NewSessionProcessor(rec)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	c, _ := otelagentops.New(context.Background(), otelagentops.WithTracerProvider(tp),
		otelagentops.WithSessionProcessor(proc), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	return c, func() { _ = c.Shutdown(context.Background()); _ = tp.Shutdown(context.Background()) }
}

// Any http.Client records the LLM calls it makes through NewTransport
// (go-openai: set ClientConfig.HTTPClient). The call is recorded in the
// session the request's context carries.
func ExampleNewTransport() {
	srv := fakeOpenAI()
	defer srv.Close()
	rec := tracetest.NewSpanRecorder()
	client, shutdown := recordingClient(rec)
	defer shutdown()
	ctx, session, _ := client.StartSession(context.Background())

	httpClient := &http.Client{Transport: llmhttp.NewTransport(srv.Client().Transport)}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/v1/chat/completions",
		strings.NewReader(`{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Capital of France?"}]}`))
	res, err := httpClient.Do(req)
	if err != nil {
		panic(err)
	}
	_, _ = io.Copy(io.Discard, res.Body) // the call ends when the body does
	_ = res.Body.Close()

	st := session.Stats()
	fmt.Println(rec.Ended()[0].Name())
	fmt.Println(st.LLMCalls, st.InputTokens, st.OutputTokens, st.CostUSD > 0)
	// Output:
	// chat gpt-4o-mini
	// 1 26 2 true
}

// openai-go and anthropic-sdk-go take the middleware as it is:
//
//	client := openai.NewClient(option.WithMiddleware(llmhttp.Middleware()))
//	client := anthropic.NewClient(option.WithMiddleware(llmhttp.Middleware()))
func ExampleMiddleware() {
	mw := llmhttp.Middleware(llmhttp.WithIncludeStreamUsage())
	_ = mw // option.WithMiddleware(mw)
}
