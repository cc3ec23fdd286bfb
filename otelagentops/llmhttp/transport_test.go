package llmhttp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/agentops-go/sdk/semconv"
)

func TestTransportRequestUnchanged(t *testing.T) {
	r := newRecorded(t)
	srv, got := serve(t, 200, "application/json", testdata(t, "openai_chat.json"))
	reqBody := testdata(t, "openai_chat_request.json")
	for _, limit := range []int{0, 10, DefaultMaxRequestBody} {
		client := &http.Client{Transport: NewTransport(srv.Client().Transport, WithMaxRequestBody(limit))}
		// A body with no GetBody is read and replayed; 10 bytes cuts it.
		req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, srv.URL+"/v1/chat/completions",
			io.NopCloser(bytes.NewReader(reqBody)))
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		if !bytes.Equal(got.get(), reqBody) {
			t.Errorf("limit %d: server got %q", limit, got.get())
		}
	}
	spans := r.llmSpans()
	if len(spans) != 3 || spans[0].Name() != "chat" || spans[1].Name() != "chat" || spans[2].Name() != "chat gpt-4o-mini" {
		t.Errorf("spans: %d", len(spans))
	}
}

// failingBody returns some bytes, then an error.
type failingBody struct{ r io.Reader }

func (b *failingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, errors.New("disk on fire")
	}
	return n, err
}
func (b *failingBody) Close() error { return nil }

func TestTransportRequestBodyError(t *testing.T) {
	r := newRecorded(t)
	var seen []byte
	next := func(req *http.Request) (*http.Response, error) {
		var err error
		seen, err = io.ReadAll(req.Body)
		return nil, err
	}
	req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, "http://127.0.0.1:1/v1/chat/completions",
		&failingBody{strings.NewReader(`{"model":"gpt-4o"}`)})
	_, err := Middleware()(req, next)
	if err == nil || err.Error() != "disk on fire" || string(seen) != `{"model":"gpt-4o"}` {
		t.Errorf("next saw %q then %v; want the body's bytes then its error", seen, err)
	}
}

func TestIncludeStreamUsage(t *testing.T) {
	r := newRecorded(t)
	srv, got := serve(t, 200, "text/event-stream", testdata(t, "openai_chat_stream.sse"))
	for _, tc := range []struct {
		opts     []Option
		in, want string
	}{
		{nil, `{"model":"m","stream":true}`, `{"model":"m","stream":true}`},
		{[]Option{WithIncludeStreamUsage()}, `{"model":"m","stream":true}`,
			`{"stream_options":{"include_usage":true},"model":"m","stream":true}`},
		{[]Option{WithIncludeStreamUsage()}, `{"model":"m","stream":true,"stream_options": { }}`,
			`{"model":"m","stream":true,"stream_options": {"include_usage":true }}`},
		{[]Option{WithIncludeStreamUsage()}, `{"model":"m","stream":true,"stream_options":{"x":1}}`,
			`{"model":"m","stream":true,"stream_options":{"include_usage":true,"x":1}}`},
		{[]Option{WithIncludeStreamUsage()}, `{"model":"m","stream":true,"stream_options":{"include_usage":false}}`,
			`{"model":"m","stream":true,"stream_options":{"include_usage":false}}`},
		{[]Option{WithIncludeStreamUsage()}, `{"model":"m","stream":false}`, `{"model":"m","stream":false}`},
	} {
		post(t, r.ctx, Middleware(tc.opts...), srv, "/v1/chat/completions", []byte(tc.in))
		if string(got.get()) != tc.want {
			t.Errorf("%s: server got %s, want %s", tc.in, got.get(), tc.want)
		}
	}
}

func TestTransportConcurrentSafe(t *testing.T) {
	r := newRecorded(t)
	stream := testdata(t, "openai_chat_stream.sse")
	srv, _ := serve(t, 200, "text/event-stream", stream)
	client := &http.Client{Transport: NewTransport(srv.Client().Transport)}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, srv.URL+"/v1/chat/completions",
				strings.NewReader(fmt.Sprintf(`{"model":"gpt-4o-mini","stream":true,"user":"%d"}`, i)))
			res, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			// Close from another goroutine while this one reads.
			done := make(chan struct{})
			go func() { defer close(done); _, _ = io.Copy(io.Discard, res.Body) }()
			if i%2 == 0 {
				_ = res.Body.Close()
			}
			<-done
			_ = res.Body.Close()
		})
	}
	wg.Wait()
	if n := len(r.llmSpans()); n != 16 {
		t.Errorf("%d spans, want 16", n)
	}
	if st := r.session.Stats(); st.LLMCalls != 16 {
		t.Errorf("stats %+v", st)
	}
}

func TestOverLongResponse(t *testing.T) {
	r := newRecorded(t)
	// An embeddings response past the bound: the usage comes from the tail.
	var b bytes.Buffer
	b.WriteString(`{"object":"list","model":"text-embedding-3-small","data":[{"object":"embedding","index":0,"embedding":[`)
	for i := range 20000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("-0.0123456789")
	}
	b.WriteString(`]}],"usage":{"prompt_tokens":8123,"total_tokens":8123}}`)
	srv, _ := serve(t, 200, "application/json", b.Bytes())
	_, data := post(t, r.ctx, Middleware(WithMaxResponseBody(64<<10)), srv, "/v1/embeddings", []byte(`{"model":"text-embedding-3-small","input":"x"}`))
	if !bytes.Equal(data, b.Bytes()) {
		t.Fatal("caller got different bytes")
	}
	a := attrs(r.one(t))
	if a[semconv.GenAIUsageInputTokensKey].AsInt64() != 8123 || a[semconv.GenAIResponseModelKey].AsString() != "text-embedding-3-small" ||
		a[semconv.GenAIOperationNameKey].AsString() != "embeddings" {
		t.Errorf("attrs %v", a)
	}
}

func TestMalformedBodies(t *testing.T) {
	r := newRecorded(t)
	for i, body := range []string{"", "not json", `{"id":`, `{"choices":[{"message":{"content":"\ud800"}}]}`, `[[[[[[[[[[`, "data: {\n\n"} {
		srv, _ := serve(t, 200, "application/json", []byte(body))
		_, data := post(t, r.ctx, Middleware(), srv, "/v1/chat/completions", []byte(body))
		if string(data) != body {
			t.Errorf("%d: caller got %q", i, data)
		}
	}
	if n := len(r.llmSpans()); n != 6 {
		t.Errorf("%d spans", n)
	}
}
