package oteleino

import (
	"context"
	"strings"
	"testing"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/schema"

	"github.com/agentops-go/sdk/semconv"
)

// A streamed model call whose caller stops reading after the first chunk
// and closes the stream still ends its span, with the usage of the stream's
// last chunk and its time to first chunk: the handler reads its own copy of
// the stream to the end.
func TestModelStreamClosedEarly(t *testing.T) {
	r := newRecorded(t)
	srv := newFakeModel(t)
	cm := newModel(t, srv, httpClient(t, nil))
	h := NewHandler(WithClient(r.client))
	ctx := callbacks.InitCallbacks(r.ctx, nil, h)
	sr, err := cm.Stream(ctx, []*schema.Message{schema.UserMessage("Weather in Paris?")})
	if err != nil {
		t.Fatal(err)
	}
	first, err := sr.Recv()
	if err != nil {
		t.Fatal(err)
	}
	sr.Close()
	if first.Content == "" {
		t.Error("the first chunk has no text")
	}
	if err := h.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	llms := r.spans()["chat "+testModel]
	if len(llms) != 1 {
		t.Fatalf("%d LLM spans, want 1", len(llms))
	}
	l := llms[0]
	if got := attr(l, semconv.GenAIUsageOutputTokensKey).AsInt64(); got != completionTokens {
		t.Errorf("output tokens %d, want %d", got, completionTokens)
	}
	if got := attr(l, semconv.GenAIResponseTimeToFirstChunkKey).AsFloat64(); got <= 0 {
		t.Errorf("time to first chunk %v, want > 0", got)
	}
	if !attr(l, semconv.GenAIRequestStreamKey).AsBool() {
		t.Error("the call is not marked streamed")
	}
	if got := attr(l, semconv.GenAIOutputMessagesKey).AsString(); got == "" || !strings.Contains(got, reply) {
		t.Errorf("output messages %q, want the whole reply %q", got, reply)
	}
	if st := r.session.Stats(); st.LLMCalls != 1 || st.InputTokens != promptTokens {
		t.Errorf("stats %+v, want 1 LLM call of %d input tokens", st, promptTokens)
	}
}

// A streamed agent run's spans end when the caller's stream ends; the
// agent's output is the streamed answer.
func TestAgentStreamOutput(t *testing.T) {
	r := newRecorded(t)
	srv := newFakeModel(t)
	h := NewHandler(WithClient(r.client))
	if _, err := runAgent(t, r.ctx, newAgent(t, srv, httpClient(t, nil)), true, agent.WithComposeOptions(compose.WithCallbacks(h))); err != nil {
		t.Fatal(err)
	}
	if err := h.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	agents := r.spans()["invoke_agent ReActAgent"]
	if len(agents) != 1 {
		t.Fatalf("spans %v, want the agent", keys(r.spans()))
	}
	if got := attr(agents[0], semconv.AgentOpsAgentOutputKey).AsString(); !strings.Contains(got, reply) {
		t.Errorf("agent output %q, want the reply", got)
	}
}

// ForceFlush honours its context while a stream is still being read.
func TestForceFlushHonoursContext(t *testing.T) {
	r := newRecorded(t)
	h := NewHandler(WithClient(r.client))
	info := &callbacks.RunInfo{Name: "model", Type: "OpenAI", Component: "ChatModel"}
	ctx := h.OnStart(r.ctx, info, nil)
	sr, sw := schema.Pipe[callbacks.CallbackOutput](1)
	h.OnEndWithStreamOutput(ctx, info, sr)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.ForceFlush(cancelled); err != context.Canceled {
		t.Errorf("ForceFlush with a stream open and a cancelled context: %v, want context.Canceled", err)
	}
	sw.Close()
	if err := h.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.spans()["chat"]); n != 1 {
		t.Errorf("%d LLM spans ended, want 1", n)
	}
}
