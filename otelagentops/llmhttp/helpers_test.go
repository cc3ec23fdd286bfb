package llmhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"go.uber.org/goleak"

	"github.com/agentops-go/sdk/internal/sessiontest"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorded is a client over an injected provider whose spans land in a
// SpanRecorder, with a session started.
type recorded struct {
	client  *otelagentops.Client
	rec     *tracetest.SpanRecorder
	session *otelagentops.Session
	ctx     context.Context // carries the session
}

func newRecorded(t testing.TB, opts ...otelagentops.Option) *recorded {
	t.Helper()
	x := sessiontest.New(t, opts...)
	return &recorded{client: x.Client, rec: x.Spans, session: x.Session, ctx: x.Ctx}
}

// llmSpans returns the ended LLM call spans, in end order.
func (r *recorded) llmSpans() []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range r.rec.Ended() {
		if s.Name() != "session.session" {
			out = append(out, s)
		}
	}
	return out
}

// one returns the only ended LLM span.
func (r *recorded) one(t testing.TB) sdktrace.ReadOnlySpan {
	t.Helper()
	spans := r.llmSpans()
	if len(spans) != 1 {
		t.Fatalf("want 1 LLM span, got %d", len(spans))
	}
	return spans[0]
}

// attrs returns a span's attributes by key.
func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lastBody is the last request body a test server received.
type lastBody struct {
	mu   sync.Mutex
	body []byte
}

func (l *lastBody) get() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.body
}

// serve returns a server answering every request with status, content type
// and body, and recording the last request body it received.
func serve(t testing.TB, status int, contentType string, body []byte) (*httptest.Server, *lastBody) {
	t.Helper()
	got := &lastBody{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.mu.Lock()
		got.body = b
		got.mu.Unlock()
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

// middleware is the type Middleware returns.
type middleware = func(*http.Request, func(*http.Request) (*http.Response, error)) (*http.Response, error)

// post sends body to srv's path through mw with ctx, reads the whole
// response and closes it.
func post(t testing.TB, ctx context.Context, mw middleware, srv *httptest.Server, path string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := mw(req, srv.Client().Do)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, data
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// chatMessage is a message of gen_ai.input.messages or
// gen_ai.output.messages, as the OTel GenAI schemas write it.
type chatMessage struct {
	Role         string           `json:"role"`
	Parts        []map[string]any `json:"parts"`
	FinishReason string           `json:"finish_reason"`
}

// messagesOf decodes the JSON messages a span carries under key; nil when
// the key is absent.
func messagesOf(t testing.TB, a map[attribute.Key]attribute.Value, key attribute.Key) []chatMessage {
	t.Helper()
	v, ok := a[key]
	if !ok {
		return nil
	}
	var msgs []chatMessage
	if err := json.Unmarshal([]byte(v.AsString()), &msgs); err != nil {
		t.Fatalf("%s: %v: %s", key, err, v.AsString())
	}
	return msgs
}

// texts returns each message's text parts, joined with newlines.
func texts(msgs []chatMessage) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		var parts []string
		for _, p := range m.Parts {
			if p["type"] == "text" {
				s, _ := p["content"].(string)
				parts = append(parts, s)
			}
		}
		out = append(out, strings.Join(parts, "\n"))
	}
	return out
}

// agentOpsKeys returns the keys of the AgentOps view a span carries: the
// recording has none (the AgentOps exporter writes them at export).
func agentOpsKeys(a map[attribute.Key]attribute.Value) []attribute.Key {
	view := map[attribute.Key]bool{
		semconv.GenAISystemKey: true, semconv.GenAIRequestTypeKey: true, semconv.GenAIRequestStreamingKey: true,
		semconv.GenAIResponseFinishReasonKey: true, semconv.GenAIStreamingTimeToFirstTokenKey: true,
		semconv.GenAIUsagePromptTokensKey: true, semconv.GenAIUsageCompletionTokensKey: true,
		semconv.GenAIUsageTotalTokensKey: true, semconv.GenAIUsageCacheReadInputTokensKey: true,
		semconv.GenAIUsageCacheCreationInputTokensKey: true, semconv.GenAIUsageReasoningTokensKey: true,
		semconv.GenAIUsageTotalCostKey: true, semconv.OperationNameKey: true,
	}
	var out []attribute.Key
	for k := range a {
		if view[k] || strings.HasPrefix(string(k), "gen_ai.prompt.") || strings.HasPrefix(string(k), "gen_ai.completion.") {
			out = append(out, k)
		}
	}
	return out
}
