package llmhttp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

func TestMiddlewareChat(t *testing.T) {
	r := newRecorded(t)
	body := testdata(t, "openai_chat.json")
	srv, got := serve(t, 200, "application/json", body)
	reqBody := testdata(t, "openai_chat_request.json")

	status, data := post(t, r.ctx, Middleware(), srv, "/v1/chat/completions", reqBody)
	if status != 200 || !bytes.Equal(data, body) {
		t.Fatalf("caller got %d %q", status, data)
	}
	if !bytes.Equal(got.get(), reqBody) {
		t.Errorf("server got %q, want the request unchanged", got.get())
	}
	s := r.one(t)
	if s.Name() != "chat gpt-4o-mini" || s.SpanKind() != trace.SpanKindClient {
		t.Errorf("span %q kind %v", s.Name(), s.SpanKind())
	}
	if s.Parent().SpanID() != r.session.SpanContext().SpanID() || s.SpanContext().TraceID() != r.session.SpanContext().TraceID() {
		t.Errorf("span is not a child of the session root")
	}
	a := attrs(s)
	for key, want := range map[attribute.Key]any{
		semconv.GenAIProviderNameKey:      "openai",
		semconv.GenAIRequestModelKey:      "gpt-4o-mini",
		semconv.GenAIResponseModelKey:     "gpt-4o-mini-2024-07-18",
		semconv.GenAIResponseIDKey:        "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
		semconv.GenAIUsageInputTokensKey:  int64(26),
		semconv.GenAIUsageOutputTokensKey: int64(8),
		semconv.GenAIRequestMaxTokensKey:  int64(128),
		semconv.HTTPResponseStatusCodeKey: int64(200),
		semconv.ServerAddressKey:          "127.0.0.1",
	} {
		if v, ok := a[key]; !ok || v.AsInterface() != want {
			t.Errorf("%s = %v, want %v", key, v.AsInterface(), want)
		}
	}
	if got := a[semconv.GenAIResponseFinishReasonsKey].AsStringSlice(); !slices.Equal(got, []string{"stop"}) {
		t.Errorf("finish reasons %q", got)
	}
	// Not streamed: gen_ai.request.stream is left unset. The chat's system
	// message is part of its history, not system instructions.
	for _, k := range []attribute.Key{semconv.GenAIRequestStreamKey, semconv.GenAISystemInstructionsKey,
		semconv.GenAIRequestChoiceCountKey, semconv.GenAIOutputTypeKey} {
		if v, ok := a[k]; ok {
			t.Errorf("%s = %v, want it unset", k, v.AsInterface())
		}
	}
	in := messagesOf(t, a, semconv.GenAIInputMessagesKey)
	if got := texts(in); len(in) != 2 || in[0].Role != "system" || in[1].Role != "user" ||
		!slices.Equal(got, []string{"You are a terse assistant.", "What is the capital of France?"}) {
		t.Errorf("input messages %+v", in)
	}
	if got := texts(messagesOf(t, a, semconv.GenAIOutputMessagesKey)); !slices.Equal(got, []string{"The capital of France is Paris."}) {
		t.Errorf("output messages %q", got)
	}
	if k := agentOpsKeys(a); len(k) > 0 {
		t.Errorf("AgentOps view keys recorded: %v", k)
	}
	if s.Status().Code == codes.Error {
		t.Errorf("status %v", s.Status())
	}
	st := r.session.Stats()
	if st.LLMCalls != 1 || st.InputTokens != 26 || st.OutputTokens != 8 || st.CostUSD <= 0 || st.UnpricedLLMCalls != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestMiddlewareStream(t *testing.T) {
	r := newRecorded(t)
	body := testdata(t, "openai_chat_stream.sse")
	srv, _ := serve(t, 200, "text/event-stream; charset=utf-8", body)
	_, data := post(t, r.ctx, Middleware(), srv, "/v1/chat/completions",
		[]byte(`{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}`))
	if !bytes.Equal(data, body) {
		t.Fatal("caller got different bytes")
	}
	a := attrs(r.one(t))
	if a[semconv.GenAIUsageOutputTokensKey].AsInt64() != 7 || !a[semconv.GenAIRequestStreamKey].AsBool() ||
		!slices.Equal(texts(messagesOf(t, a, semconv.GenAIOutputMessagesKey)), []string{"The capital of France is Paris."}) {
		t.Errorf("attrs %v", a)
	}
	if k := agentOpsKeys(a); len(k) > 0 {
		t.Errorf("AgentOps view keys recorded: %v", k)
	}
	if a[semconv.GenAIResponseTimeToFirstChunkKey].AsFloat64() <= 0 {
		t.Error("no time to first chunk")
	}
	if _, ok := a[semconv.AgentOpsStreamIncompleteKey]; ok {
		t.Error("complete stream marked incomplete")
	}
}

func TestMiddlewareStreamCut(t *testing.T) {
	body := testdata(t, "anthropic_stream.sse")
	for _, tc := range []struct {
		name  string
		body  []byte
		close bool // close after the first read instead of reading to EOF
	}{
		{"server cut", body[:len(body)/2], false},
		{"caller closed", body, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRecorded(t)
			srv, _ := serve(t, 200, "text/event-stream", tc.body)
			req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, srv.URL+"/v1/messages",
				strings.NewReader(`{"model":"claude-sonnet-4-20250514","max_tokens":100,"stream":true,"messages":[]}`))
			res, err := Middleware()(req, srv.Client().Do)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 512)
			for !tc.close {
				if _, err := res.Body.Read(buf); err != nil {
					break
				}
			}
			if tc.close {
				_, _ = res.Body.Read(buf)
			}
			_ = res.Body.Close()
			s := r.one(t)
			a := attrs(s)
			if !a[semconv.AgentOpsStreamIncompleteKey].AsBool() {
				t.Error("cut stream not marked incomplete")
			}
			if s.Name() != "chat claude-sonnet-4-20250514" || a[semconv.GenAIProviderNameKey].AsString() != "anthropic" {
				t.Errorf("span %q attrs %v", s.Name(), a)
			}
			if a[semconv.GenAIUsageCacheReadTokensKey].AsInt64() != 2048 {
				t.Errorf("input usage from message_start missing: %v", a)
			}
		})
	}
}

func TestMiddlewareHTTPError(t *testing.T) {
	r := newRecorded(t)
	body := testdata(t, "openai_error_429.json")
	srv, _ := serve(t, 429, "application/json", body)
	req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, srv.URL+"/v1/chat/completions",
		strings.NewReader(`{"model":"gpt-4o-mini","messages":[]}`))
	req.Header.Set("X-Stainless-Retry-Count", "1")
	res, err := Middleware()(req, srv.Client().Do)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing was read ahead: the call ends as the caller reads the body.
	if n := len(r.llmSpans()); n != 0 {
		t.Fatalf("%d spans ended before the body was read", n)
	}
	var data bytes.Buffer
	_, _ = data.ReadFrom(res.Body)
	s := r.one(t) // ended at EOF, before Close
	_ = res.Body.Close()
	if res.StatusCode != 429 || !bytes.Equal(data.Bytes(), body) {
		t.Errorf("caller got %d %q", res.StatusCode, data.Bytes())
	}
	a := attrs(s)
	if s.Status().Code != codes.Error || a[semconv.ErrorTypeKey].AsString() != "429" ||
		!strings.Contains(a[semconv.ErrorMessageKey].AsString(), "Rate limit reached") ||
		a[semconv.HTTPRequestResendCountKey].AsInt64() != 1 {
		t.Errorf("status %v attrs %v", s.Status(), a)
	}
	if st := r.session.Stats(); st.Errors != 1 || st.LLMCalls != 1 {
		t.Errorf("stats %+v", st)
	}
}

// An error response is the caller's as soon as its head arrives, whatever
// its body does; the excerpt is what the caller then reads of the body.
func TestHTTPErrorNoReadAhead(t *testing.T) {
	body := testdata(t, "openai_error_429.json")
	for _, name := range []string{"Middleware", "Transport"} {
		t.Run(name, func(t *testing.T) {
			// The server sends the head, flushes, and holds the body back
			// until release is closed.
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				_, _ = io.Copy(io.Discard, req.Body)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(503)
				w.(http.Flusher).Flush()
				select {
				case <-release:
				case <-req.Context().Done():
					return
				}
				_, _ = w.Write(body)
			}))
			t.Cleanup(srv.Close)
			send := func(req *http.Request) (*http.Response, error) { return Middleware()(req, srv.Client().Do) }
			if name == "Transport" {
				send = (&http.Client{Transport: NewTransport(srv.Client().Transport)}).Do
			}

			r := newRecorded(t)
			req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, srv.URL+"/v1/chat/completions",
				strings.NewReader(`{"model":"gpt-4o-mini","messages":[]}`))
			type result struct {
				res *http.Response
				err error
			}
			got := make(chan result, 1)
			go func() {
				res, err := send(req)
				got <- result{res, err}
			}()
			var res *http.Response
			select {
			case g := <-got: // the body is still held back
				if g.err != nil {
					t.Fatal(g.err)
				}
				res = g.res
			case <-time.After(time.Minute): // a guard against hanging, not a bound
				close(release)
				t.Fatal("the response waited for its body")
			}
			if res.StatusCode != 503 || len(r.llmSpans()) != 0 {
				t.Fatalf("status %d, %d spans before the body", res.StatusCode, len(r.llmSpans()))
			}
			close(release)
			data, err := io.ReadAll(res.Body)
			_ = res.Body.Close()
			if err != nil || !bytes.Equal(data, body) {
				t.Fatalf("caller read %q, %v", data, err)
			}
			s := r.one(t)
			a := attrs(s)
			if s.Status().Code != codes.Error || a[semconv.ErrorTypeKey].AsString() != "503" ||
				a[semconv.HTTPResponseStatusCodeKey].AsInt64() != 503 ||
				!strings.Contains(a[semconv.ErrorMessageKey].AsString(), "Rate limit reached") {
				t.Errorf("status %v attrs %v", s.Status(), a)
			}
		})
	}
}

// An error response closed unread (as openai-go and anthropic-sdk-go close
// an attempt they retry) still ends its call, with no excerpt; one longer
// than the excerpt is recorded up to errorExcerptBytes.
func TestHTTPErrorClosedOrLong(t *testing.T) {
	long := append([]byte(`{"error":{"message":"`), bytes.Repeat([]byte("x"), 4*errorExcerptBytes)...)
	long = append(long, `"}}`...)
	srv, _ := serve(t, 500, "application/json", long)

	r := newRecorded(t)
	req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, srv.URL+"/v1/chat/completions", strings.NewReader(`{}`))
	res, err := Middleware()(req, srv.Client().Do)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	s := r.one(t)
	a := attrs(s)
	if s.Status().Code != codes.Error || a[semconv.ErrorTypeKey].AsString() != "500" ||
		a[semconv.ErrorMessageKey].AsString() != "HTTP 500 Internal Server Error" {
		t.Errorf("closed unread: status %v attrs %v", s.Status(), a)
	}

	r = newRecorded(t)
	status, data := post(t, r.ctx, Middleware(), srv, "/v1/chat/completions", []byte(`{}`))
	if status != 500 || !bytes.Equal(data, long) {
		t.Fatalf("caller got %d, %d bytes", status, len(data))
	}
	msg := attrs(r.one(t))[semconv.ErrorMessageKey].AsString()
	if want := "HTTP 500 Internal Server Error: " + string(long[:errorExcerptBytes]); msg != want {
		t.Errorf("error message %q", msg)
	}
}

func TestMiddlewareTransportError(t *testing.T) {
	r := newRecorded(t)
	srv, _ := serve(t, 200, "application/json", nil)
	url := srv.URL
	srv.Close()
	req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, url+"/v1/chat/completions", strings.NewReader(`{"model":"gpt-4o"}`))
	if _, err := Middleware()(req, http.DefaultTransport.RoundTrip); err == nil {
		t.Fatal("want the transport's error")
	}
	s := r.one(t)
	if s.Status().Code != codes.Error || attrs(s)[semconv.ErrorTypeKey].AsString() == "" {
		t.Errorf("status %v", s.Status())
	}
}

func TestMiddlewarePassThrough(t *testing.T) {
	r := newRecorded(t)
	srv, _ := serve(t, 200, "application/json", testdata(t, "openai_chat.json"))
	chat := []byte(`{"model":"gpt-4o"}`)
	post(t, context.Background(), Middleware(), srv, "/v1/chat/completions", chat) // no session, no default
	post(t, r.ctx, Middleware(), srv, "/v1/models", chat)                          // not an LLM call
	post(t, r.ctx, Middleware(), srv, "/v1/threads/th_1/messages", chat)           // Assistants, not Anthropic
	if n := len(r.llmSpans()); n != 0 {
		t.Errorf("%d spans for requests that are not recorded", n)
	}
	// WithClient: no session in the context, the client's only active one.
	post(t, context.Background(), Middleware(WithClient(r.client)), srv, "/v1/chat/completions", chat)
	if n := len(r.llmSpans()); n != 1 {
		t.Errorf("WithClient: %d spans", n)
	}
}
