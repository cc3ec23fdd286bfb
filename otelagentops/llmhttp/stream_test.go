package llmhttp

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/semconv"
)

// events records what an sseSplitter dispatches.
type events struct{ got []string }

func (e *events) event(name, data []byte) { e.got = append(e.got, string(name)+"|"+string(data)) }

func TestSSESplitter(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  []string
	}{
		{"data: a\n\ndata: b\n\n", 100, []string{"|a", "|b"}},
		{"data: a\r\n\r\ndata:b\r\rdata: c\n\n", 100, []string{"|a", "|b", "|c"}},
		{"event: x\ndata: 1\ndata: 2\n\n", 100, []string{"x|1\n2"}},
		{": comment\nid: 7\nretry: 10\ndata\n\n", 100, []string{"|"}},
		{"event: only\n\ndata: tail", 100, []string{"|tail"}},
		{"data: " + strings.Repeat("x", 50) + "\n\ndata: ok\n\n", 20, []string{"|ok"}},
		{"data: 0123456789\ndata: 0123456789\n\ndata: ok\n\n", 15, []string{"|ok"}},
	}
	for _, tt := range tests {
		for chunk := 1; chunk <= len(tt.in); chunk++ {
			e := &events{}
			s := newSSESplitter(e, tt.limit)
			for in := tt.in; len(in) > 0; {
				n := min(chunk, len(in))
				s.write([]byte(in[:n]))
				in = in[n:]
			}
			s.end()
			if !reflect.DeepEqual(e.got, tt.want) {
				t.Errorf("%q in %d-byte writes: got %q, want %q", tt.in, chunk, e.got, tt.want)
				break
			}
		}
	}
}

func TestStreamErrorEvent(t *testing.T) {
	r := newRecorded(t)
	body := "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-20250514\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n" +
		"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
	srv, _ := serve(t, 200, "text/event-stream", []byte(body))
	post(t, r.ctx, Middleware(), srv, "/v1/messages", []byte(`{"model":"claude-sonnet-4-20250514","stream":true}`))
	s := r.one(t)
	a := attrs(s)
	if s.Status().Code != codes.Error || a[semconv.ErrorTypeKey].AsString() != "overloaded_error" ||
		!a[semconv.AgentOpsStreamIncompleteKey].AsBool() || a[semconv.GenAIResponseIDKey].AsString() != "msg_1" {
		t.Errorf("status %v attrs %v", s.Status(), a)
	}
}

func TestResponsesAPIStream(t *testing.T) {
	r := newRecorded(t)
	srv, _ := serve(t, 200, "text/event-stream", testdata(t, "responses_stream.sse"))
	post(t, r.ctx, Middleware(), srv, "/v1/responses", []byte(`{"model":"gpt-4.1-mini","input":"hi","stream":true}`))
	a := attrs(r.one(t))
	if a[semconv.GenAIUsageInputTokensKey].AsInt64() != 37 || a[semconv.GenAIUsageOutputTokensKey].AsInt64() != 11 ||
		!slices.Equal(texts(messagesOf(t, a, semconv.GenAIOutputMessagesKey)), []string{"Hi there!"}) ||
		!slices.Equal(texts(messagesOf(t, a, semconv.GenAIInputMessagesKey)), []string{"hi"}) {
		t.Errorf("attrs %v", a)
	}
	if _, ok := a[semconv.AgentOpsStreamIncompleteKey]; ok {
		t.Error("marked incomplete")
	}
}

func TestUnpricedModel(t *testing.T) {
	r := newRecorded(t)
	srv, _ := serve(t, 200, "application/json",
		[]byte(`{"id":"x","model":"my-finetune-v9","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}`))
	post(t, r.ctx, Middleware(), srv, "/v1/chat/completions", []byte(`{"model":"my-finetune-v9"}`))
	if st := r.session.Stats(); st.UnpricedLLMCalls != 1 || st.CostUSD != 0 || st.TotalTokens != 7 {
		t.Errorf("stats %+v", st)
	}
}

// TestStreamReadError cuts the connection in the middle of a chunked
// stream: the caller's read fails, and the span records it.
func TestStreamReadError(t *testing.T) {
	r := newRecorded(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		chunk := "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
		_, _ = buf.WriteString(strconv.FormatInt(int64(len(chunk)), 16) + "\r\n" + chunk + "\r\n")
		_ = buf.Flush()
	}))
	t.Cleanup(srv.Close)
	req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, srv.URL+"/v1/chat/completions", strings.NewReader(`{"model":"gpt-4o-mini","stream":true}`))
	res, err := Middleware()(req, srv.Client().Do)
	if err != nil {
		t.Fatal(err)
	}
	_, rerr := io.Copy(io.Discard, bufio.NewReader(res.Body))
	_ = res.Body.Close()
	s := r.one(t)
	a := attrs(s)
	if rerr == nil || s.Status().Code != codes.Error || a[semconv.ErrorTypeKey].AsString() != "unexpected_eof" ||
		!a[semconv.AgentOpsStreamIncompleteKey].AsBool() ||
		!slices.Equal(texts(messagesOf(t, a, semconv.GenAIOutputMessagesKey)), []string{"Hel"}) {
		t.Errorf("read err %v, status %v, attrs %v", rerr, s.Status(), a)
	}
}
