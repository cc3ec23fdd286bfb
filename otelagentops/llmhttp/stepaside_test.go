package llmhttp

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/otelagentops"
)

// An LLM call an integration records with StartLLM, whose context reaches
// the HTTP client, is recorded once: llmhttp steps aside.
func TestStepsAsideForAnIntegrationsCall(t *testing.T) {
	r := newRecorded(t)
	body := testdata(t, "openai_chat.json")
	srv, got := serve(t, 200, "application/json", body)
	reqBody := testdata(t, "openai_chat_request.json")

	ctx, call, err := r.client.StartLLM(r.ctx, otelagentops.LLMRequest{Provider: "openai", Model: "framework-model"})
	if err != nil {
		t.Fatal(err)
	}
	if otelagentops.LLMCallFromContext(ctx) != call {
		t.Fatal("StartLLM's context does not carry its call")
	}
	if status, _ := post(t, ctx, Middleware(), srv, "/v1/chat/completions", reqBody); status != 200 {
		t.Fatalf("status %d", status)
	}
	if len(got.get()) == 0 {
		t.Fatal("the request did not reach the server")
	}
	call.End(otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 3, OutputTokens: 2}}, nil)

	spans := r.llmSpans()
	if len(spans) != 1 || spans[0].Name() != "chat framework-model" {
		t.Fatalf("want only the integration's span, got %d: %v", len(spans), names(spans))
	}
	if st := r.session.Stats(); st.LLMCalls != 1 || st.InputTokens != 3 {
		t.Errorf("stats %+v, want 1 LLM call of 3 input tokens", st)
	}

	// Once the call has ended, its context no longer makes llmhttp step
	// aside: a later request on it is a call of its own.
	if otelagentops.LLMCallFromContext(ctx) != nil {
		t.Fatal("an ended call is still in its context")
	}
	post(t, ctx, Middleware(), srv, "/v1/chat/completions", reqBody)
	if n := len(r.llmSpans()); n != 2 {
		t.Errorf("after the call ended: %d LLM spans, want 2", n)
	}
}

// A client wrapped twice (llmhttp inside llmhttp) records each call once.
func TestNestedTransportsRecordOnce(t *testing.T) {
	r := newRecorded(t)
	srv, _ := serve(t, 200, "application/json", testdata(t, "openai_chat.json"))
	inner := NewTransport(http.DefaultTransport)
	outer := &http.Client{Transport: NewTransport(inner)}
	req, err := http.NewRequestWithContext(r.ctx, http.MethodPost, srv.URL+"/v1/chat/completions",
		bytes.NewReader(testdata(t, "openai_chat_request.json")))
	if err != nil {
		t.Fatal(err)
	}
	res, err := outer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if n := len(r.llmSpans()); n != 1 {
		t.Errorf("%d LLM spans, want 1: %v", n, names(r.llmSpans()))
	}
	if st := r.session.Stats(); st.LLMCalls != 1 {
		t.Errorf("stats count %d LLM calls, want 1", st.LLMCalls)
	}
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name()
	}
	return out
}
