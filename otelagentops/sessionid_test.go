package otelagentops

import (
	"context"
	"errors"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/semconv"
)

// sessionIDs returns the values of agentops.session.id on s, one per
// occurrence.
func sessionIDs(s sdktrace.ReadOnlySpan) []string {
	var ids []string
	for _, kv := range s.Attributes() {
		if kv.Key == semconv.AgentOpsSessionIDKey {
			ids = append(ids, kv.Value.AsString())
		}
	}
	return ids
}

// Every span of a session carries its ID exactly once: the spans this
// package starts (stamped at start) and the spans other instrumentation
// starts under them (stamped by the processor), in an owned and in a joined
// session (which also marks every span inherited).
func TestEverySpanCarriesTheSessionIDOnce(t *testing.T) {
	for _, joined := range []bool{false, true} {
		t.Run(map[bool]string{false: "owned", true: "joined"}[joined], func(t *testing.T) {
			r := newRecorded(t, WithoutEnvData())
			var (
				ctx context.Context
				s   *Session
				err error
			)
			if joined {
				ctx, s, err = r.client.JoinSession(context.Background(), NewSessionID())
			} else {
				ctx, s, err = r.client.StartSession(context.Background())
			}
			if err != nil {
				t.Fatal(err)
			}
			other := r.client.TracerProvider().Tracer("other/instrumentation")
			foreign := func(ctx context.Context, name string) {
				_, sp := other.Start(ctx, name)
				sp.End()
			}
			lctx, llm, err := r.client.StartLLM(ctx, LLMRequest{Model: "gpt-4o-mini", Provider: "openai"})
			if err != nil {
				t.Fatal(err)
			}
			foreign(lctx, "under-llm")
			llm.End(LLMResponse{Usage: Usage{InputTokens: 1, OutputTokens: 1}}, nil)
			tctx, tool, _ := r.client.StartTool(ctx, "search", map[string]any{"q": "go"})
			foreign(tctx, "under-tool")
			tool.End("found", nil)
			actx, agent, _ := r.client.StartAgent(ctx, "planner", "plan")
			foreign(actx, "under-agent")
			_ = r.client.RecordError(actx, errors.New("boom"))
			_ = r.client.RecordAction(actx, Action{Type: "click"})
			agent.End("done", nil)
			foreign(ctx, "beside")
			if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
				t.Fatal(err)
			}
			want := s.ID().String()
			checked := 0
			for _, sp := range r.rec.Ended() {
				if sp.Name() == "default.session" {
					continue
				}
				if ids := sessionIDs(sp); len(ids) != 1 || ids[0] != want {
					t.Errorf("span %q: agentops.session.id %q, want [%q]", sp.Name(), ids, want)
				}
				if got := hasAttr(sp, semconv.AgentOpsSessionInheritedKey); got != joined {
					t.Errorf("span %q: inherited mark %v, want %v", sp.Name(), got, joined)
				}
				checked++
			}
			if checked < 9 {
				t.Errorf("checked %d spans, want at least 9", checked)
			}
		})
	}
}
