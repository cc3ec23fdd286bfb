package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"testing"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// The in-process run of the conformance and OTLP view tests: one client
// sending to an AgentOps stand-in and to a plain OTLP endpoint side by side,
// recording four sessions in turn:
//
//   - "trip" (Success): workflow > agent > task, five LLM calls (a tool call
//     asked for by gpt-4.1, a streamed answer after the tool result, a
//     failing call, an unpriced model, a call with a cost the user knows),
//     a tool that works and one that fails, an action and three errors;
//   - "clean" (Success): one LLM call and one tool, nothing failing;
//   - "gave-up" (Fail): one LLM call and one tool;
//   - "unfinished": never ended, so Shutdown ends it Indeterminate.

// Models of the run: one with a dot (the header must not split it), one no
// price table knows.
const (
	dottedModel   = "gpt-4.1"
	unpricedModel = "acme-local-llm-7b"
	givenCostUSD  = 0.0042
)

// runSession is one session of the run, as the SDK saw it.
type runSession struct {
	name  string
	id    otelagentops.SessionID
	state semconv.EndState
	tags  []string
	stats otelagentops.Stats // the figures of the SDK's summary line
}

// agentRun is what the run exported.
type agentRun struct {
	agentOps []*tracepb.Span // accepted by the AgentOps stand-in
	otlp     []*tracepb.Span // received by the plain OTLP endpoint
	sessions []runSession
}

func runAgents(t *testing.T) agentRun {
	t.Helper()
	ctx := context.Background()
	ao := exportertest.NewServer(t, 0)
	otlp := exportertest.NewServer(t, 0)
	otlp.AcceptAnyBearer()
	c, err := otelagentops.New(ctx, otelagentops.WithAPIKey(exportertest.APIKey), otelagentops.WithAPIEndpoint(ao.URL),
		otelagentops.WithExporterEndpoint(ao.URL), otelagentops.WithOTLPEndpoint(otlp.URL),
		otelagentops.WithFlushInterval(50*time.Millisecond), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Shutdown(context.Background()) }) // after a Fatal; a no-op after Shutdown
	var run agentRun
	var started []*otelagentops.Session
	record := func(name string, state semconv.EndState, tags []string, body func(ctx context.Context)) {
		sctx, s, err := c.StartSession(ctx, otelagentops.WithSessionName(name), otelagentops.WithTags(tags...))
		if err != nil {
			t.Fatal(err)
		}
		body(sctx)
		if state != semconv.EndStateIndeterminate {
			noError(t, s.End(sctx, state, otelagentops.WithReason("run "+name)))
		}
		started = append(started, s)
		run.sessions = append(run.sessions, runSession{name: name, id: s.ID(), state: state, tags: tags})
	}
	record("trip", semconv.EndStateSuccess, []string{"conformance", "e2e"}, func(ctx context.Context) { recordTrip(t, c, ctx) })
	record("clean", semconv.EndStateSuccess, nil, func(ctx context.Context) {
		llmCall(t, c, ctx, dottedModel, nil)
		noError(t, c.RecordTool(ctx, otelagentops.Tool{Name: "lookup", Input: `{"id":1}`, Output: "found"}))
	})
	record("gave-up", semconv.EndStateFail, []string{"failing"}, func(ctx context.Context) {
		llmCall(t, c, ctx, "gpt-4o-mini", nil)
		noError(t, c.RecordTool(ctx, otelagentops.Tool{Name: "search", Input: "q", Output: "nothing"}))
	})
	record("unfinished", semconv.EndStateIndeterminate, nil, func(ctx context.Context) {
		noError(t, c.RecordTool(ctx, otelagentops.Tool{Name: "search", Input: "q", Output: "x"}))
	})
	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	for i, s := range started {
		if !s.Ended() {
			t.Errorf("session %q was not ended by Shutdown", run.sessions[i].name)
		}
		run.sessions[i].stats = s.Stats() // after End: the summary line's figures
	}
	run.agentOps, run.otlp = ao.Accepted(), otlp.Accepted()
	if len(run.agentOps) == 0 || len(run.otlp) == 0 {
		t.Fatalf("exported %d spans to AgentOps and %d to OTLP", len(run.agentOps), len(run.otlp))
	}
	return run
}

// recordTrip records the "trip" session's work.
func recordTrip(t *testing.T, c *otelagentops.Client, ctx context.Context) {
	wctx, wf, err := c.StartWorkflow(ctx, "plan_trip", map[string]string{"city": "Paris"})
	noError(t, err)
	actx, agent, err := c.StartAgent(wctx, "planner", "Plan a day in Paris")
	noError(t, err)
	tctx, task, err := c.StartTask(actx, "research", "museums")
	noError(t, err)

	ask := []otelagentops.Message{{Role: "user", Content: "Weather in Paris?"}}
	call := otelagentops.ToolCallRequest{ID: "call_1", Name: "get_weather", Arguments: `{"city":"Paris"}`}
	_, llm, err := c.StartLLM(tctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: dottedModel,
		SystemInstructions: []string{"Be terse."}, Messages: ask, MaxTokens: new(200),
		Temperature: new(0.3), OutputType: "json", ChoiceCount: 2, ServerAddress: "api.openai.com", ServerPort: 443})
	noError(t, err)
	llm.End(otelagentops.LLMResponse{ID: "chatcmpl-1", Model: dottedModel + "-2025-04-14", FinishReasons: []string{"tool_calls"},
		Messages: []otelagentops.Message{{Role: "assistant", ToolCalls: []otelagentops.ToolCallRequest{call}}},
		Usage:    otelagentops.Usage{InputTokens: 120, OutputTokens: 20, CacheReadTokens: 30}}, nil)

	noError(t, c.RecordTool(tctx, otelagentops.Tool{Name: "get_weather", CallID: "call_1", Type: "function",
		Input: call.Arguments, Output: map[string]any{"celsius": 15, "sky": "sunny"}}))
	_, hotel, err := c.StartTool(tctx, "book_hotel", map[string]string{"city": "Paris"})
	noError(t, err)
	hotel.End(nil, errors.New("no rooms left"))

	history := append(ask, otelagentops.Message{Role: "assistant", ToolCalls: []otelagentops.ToolCallRequest{call}},
		otelagentops.Message{Role: "tool", ToolCallID: "call_1", Content: `{"celsius":15,"sky":"sunny"}`})
	_, llm, err = c.StartLLM(tctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: dottedModel,
		Messages: history, Stream: true})
	noError(t, err)
	llm.End(otelagentops.LLMResponse{ID: "chatcmpl-2", Model: dottedModel + "-2025-04-14", FinishReasons: []string{"stop"},
		Messages:         []otelagentops.Message{{Role: "assistant", Content: "15°C and sunny: the Louvre, then a walk.", FinishReason: "stop"}},
		TimeToFirstToken: 120 * time.Millisecond, Usage: otelagentops.Usage{InputTokens: 180, OutputTokens: 40, ReasoningTokens: 8}}, nil)

	_, llm, err = c.StartLLM(tctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderAnthropic, Model: "claude-sonnet-4-20250514", Messages: ask})
	noError(t, err)
	llm.End(otelagentops.LLMResponse{}, fmt.Errorf("anthropic: %w", context.DeadlineExceeded))

	llmCall(t, c, tctx, unpricedModel, nil)
	llmCall(t, c, tctx, "gpt-4o-mini", new(givenCostUSD))

	task.End("the Louvre", nil)
	agent.End("a plan", nil)
	wf.End("done", nil)

	noError(t, c.RecordAction(ctx, otelagentops.Action{Type: "open_url", Logs: "https://www.louvre.fr"}))
	noError(t, c.RecordError(ctx, errors.New("page timed out after 3s; using the cached copy")))
	noError(t, c.RecordError(ctx, &fs.PathError{Op: "open", Path: "/tmp/missing.json", Err: fs.ErrNotExist}))
	noError(t, c.RecordError(ctx, fmt.Errorf("fetch: %w", context.DeadlineExceeded)))
}

// llmCall records one successful, non-streamed chat call to model.
func llmCall(t *testing.T, c *otelagentops.Client, ctx context.Context, model string, cost *float64) {
	t.Helper()
	noError(t, c.RecordLLM(ctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: model,
		Messages: []otelagentops.Message{{Role: "system", Content: "Be terse."}, {Role: "user", Content: "Hi"}}},
		otelagentops.LLMResponse{ID: "r-" + model, Model: model, FinishReasons: []string{"stop"}, CostUSD: cost,
			Messages: []otelagentops.Message{{Role: "assistant", Content: "Hello.", FinishReason: "stop"}},
			Usage:    otelagentops.Usage{InputTokens: 12, OutputTokens: 3}}, nil))
}

func noError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
