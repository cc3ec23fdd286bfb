package sessiondoc_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// keeper keeps every span it is given.
type keeper struct {
	mu    sync.Mutex
	spans []sdktrace.ReadOnlySpan
}

func (k *keeper) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.spans = append(k.spans, spans...)
	return nil
}

func (k *keeper) Shutdown(context.Context) error { return nil }

// TestDocumentOfARealSession maps the spans the SDK's own client writes, so
// that the session model reads exactly the keys the core sets.
func TestDocumentOfARealSession(t *testing.T) {
	k := &keeper{}
	c, err := otelagentops.New(t.Context(), otelagentops.WithExporter(k), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, err := c.StartSession(t.Context(), otelagentops.WithSessionName("real"), otelagentops.WithTags("x"))
	if err != nil {
		t.Fatal(err)
	}
	_, call, _ := c.StartLLM(ctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o",
		Messages: []otelagentops.Message{{Role: "user", Content: "hi"}}, Temperature: new(0.5)})
	call.End(otelagentops.LLMResponse{Model: "gpt-4o-2024-08-06", Usage: otelagentops.Usage{InputTokens: 7, OutputTokens: 3},
		Messages: []otelagentops.Message{{Role: "assistant", Content: "hello", ToolCalls: []otelagentops.ToolCallRequest{{ID: "c1", Name: "search", Arguments: `{"q":1}`}}}},
		CostUSD:  new(0.25)}, nil)
	_ = c.RecordTool(ctx, otelagentops.Tool{Name: "search", Input: map[string]int{"q": 1}, Err: errors.New("no network")})
	_ = c.RecordAction(ctx, otelagentops.Action{Type: "click", Logs: "ok", Screenshot: "https://s"})
	_ = c.RecordError(ctx, errors.New("late"), otelagentops.WithTrigger(call.Span().SpanContext()), otelagentops.WithErrorCode("E1"))
	_ = s.End(ctx, semconv.EndStateFail, otelagentops.WithReason("tool failed"), otelagentops.WithVideo("https://v"))
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	d := sessiondoc.NewDocument(k.spans)
	if d.Partial || d.Name != "real" || d.Session.SessionID != s.ID().String() || d.Session.EndState != "Fail" ||
		d.Session.EndStateReason != "tool failed" || d.Session.Video != "https://v" || d.Session.Tags[0] != "x" ||
		d.Session.HostEnv == nil || d.Stats == nil || d.Stats.ToolCalls != 1 || d.Stats.Errors != 2 {
		t.Fatalf("session %+v, name %q, stats %+v", d.Session, d.Name, d.Stats)
	}
	byType := map[string][]sessiondoc.Event{}
	for _, e := range d.Events {
		byType[e.EventType] = append(byType[e.EventType], e)
		if e.SessionID != s.ID().String() || e.InitTimestamp.IsZero() {
			t.Errorf("event %s: session %s, init %v", e.EventType, e.SessionID, e.InitTimestamp)
		}
	}
	if len(byType["llms"]) != 1 || len(byType["tools"]) != 1 || len(byType["actions"]) != 1 || len(byType["errors"]) != 2 {
		t.Fatalf("events by type: %v", byType)
	}
	llm := byType["llms"][0]
	if llm.Model != "gpt-4o-2024-08-06" || llm.PromptTokens != 7 || llm.CompletionTokens != 3 || llm.Cost == nil || *llm.Cost != 0.25 ||
		llm.Prompt.([]sessiondoc.Message)[0].Content != "hi" || llm.Completion.(sessiondoc.Message).ToolCalls[0].ID != "c1" ||
		llm.Params.(map[string]any)["temperature"] != 0.5 {
		t.Errorf("llm event %+v %+v", llm, llm.LLMEvent)
	}
	if tool := byType["tools"][0]; tool.Name != "search" || string(tool.Params.(json.RawMessage)) != `{"q":1}` {
		t.Errorf("tool event %+v", tool)
	}
	if a := byType["actions"][0]; a.ActionType != "click" || a.Logs != "ok" || a.Screenshot != "https://s" {
		t.Errorf("action event %+v", a)
	}
	triggers := map[string]string{}
	for _, e := range byType["errors"] {
		triggers[*e.TriggerEventType] = e.ErrorType
		if e.Details == "" || e.Logs == "" {
			t.Errorf("error event without details or stack: %+v", e.ErrorEvent)
		}
	}
	if _, ok := triggers["tools"]; !ok || len(triggers) != 2 || triggers["llms"] == "" {
		t.Errorf("error triggers %v, want one at the tool and one at the LLM call", triggers)
	}
}
