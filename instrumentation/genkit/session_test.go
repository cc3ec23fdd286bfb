package otelgenkit_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/exporter"
	otelgenkit "github.com/agentops-go/sdk/instrumentation/genkit"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func spansNamed(spans []sdktrace.ReadOnlySpan, name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

// TestGenkitSpansInTheSession routes Genkit's own spans into the session
// (the global provider is the session client's): they land in the trace,
// yet the stats, the AgentOps view and the session document count the two
// model calls once.
func TestGenkitSpansInTheSession(t *testing.T) {
	for _, withLLMHTTP := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "llmhttp"}[withLLMHTTP], func(t *testing.T) {
			model := newFakeModel(t)
			r := newRecorded(t)
			prev := otel.GetTracerProvider()
			otel.SetTracerProvider(r.tp)
			t.Cleanup(func() { otel.SetTracerProvider(prev) })
			rec := otelgenkit.New(otelgenkit.WithClient(r.client))
			a := newAgent(t, model, agentConfig{rec: rec, llmhttp: withLLMHTTP, middleware: true})
			if _, err := a.flow.Run(r.ctx, "What is the weather in Paris?"); err != nil {
				t.Fatal(err)
			}
			if err := r.session.End(r.ctx, semconv.EndStateSuccess); err != nil {
				t.Fatal(err)
			}
			st := r.session.Stats()
			if st.LLMCalls != 2 || st.ToolCalls != 1 || st.InputTokens != 2*fakePromptTokens {
				t.Errorf("stats %+v, want 2 LLM calls, 1 tool call, %d input tokens", st, 2*fakePromptTokens)
			}
			spans := r.spans.Ended()
			genkitSpans, dashboardLLM := 0, 0
			for _, s := range spans {
				if s.InstrumentationScope().Name == "genkit-tracer" {
					genkitSpans++
				}
				for _, kv := range exporter.AgentOpsView(s).Attributes() {
					if strings.HasPrefix(string(kv.Key), "gen_ai.") {
						dashboardLLM++
						break
					}
				}
			}
			if genkitSpans == 0 {
				t.Fatal("no Genkit span reached the session: the test tests nothing")
			}
			if dashboardLLM != 2 {
				t.Errorf("the AgentOps view shows %d spans with gen_ai.* keys (LLM calls for the dashboard), want 2", dashboardLLM)
			}
			events := map[string]int{}
			for _, ev := range sessiondoc.NewDocument(spans).Events {
				events[ev.EventType]++
			}
			if events[sessiondoc.EventTypeLLM] != 2 || events[sessiondoc.EventTypeTool] != 1 {
				t.Errorf("session document events %v, want 2 %q and 1 %q", events, sessiondoc.EventTypeLLM, sessiondoc.EventTypeTool)
			}
			assertTree(t, spans)
		})
	}
}

// TestContentCapture: with capture on, the LLM spans carry the
// conversation (the tool call asked for, the tool's answer); off, no span
// of the package carries content.
func TestContentCapture(t *testing.T) {
	for _, capture := range []bool{true, false} {
		t.Run(map[bool]string{true: "on", false: "off"}[capture], func(t *testing.T) {
			model := newFakeModel(t)
			r := newRecorded(t, otelagentops.WithContentCapture(capture))
			rec := otelgenkit.New(otelgenkit.WithClient(r.client))
			a := newAgent(t, model, agentConfig{rec: rec, middleware: true})
			if _, err := a.flow.Run(r.ctx, "What is the weather in Paris?"); err != nil {
				t.Fatal(err)
			}
			calls := spansNamed(r.spans.Ended(), "chat "+fakeModel)
			if len(calls) != 2 {
				t.Fatalf("%d LLM spans, want 2", len(calls))
			}
			second := attrs(calls[1])
			in, out := second[semconv.GenAIInputMessagesKey].AsString(), second[semconv.GenAIOutputMessagesKey].AsString()
			if !capture {
				for _, s := range r.spans.Ended() {
					for _, kv := range s.Attributes() {
						if v := kv.Value.String(); strings.Contains(v, "Paris") {
							t.Errorf("%q carries content with capture off: %s=%s", s.Name(), kv.Key, v)
						}
					}
				}
				return
			}
			for _, want := range []string{"What is the weather in Paris?", weatherTool, "sunny in Paris", "call_1"} {
				if !strings.Contains(in, want) {
					t.Errorf("input messages lack %q: %s", want, in)
				}
			}
			if !strings.Contains(out, fakeReply) {
				t.Errorf("output messages lack the reply: %s", out)
			}
			tool := attrs(spansNamed(r.spans.Ended(), "execute_tool "+weatherTool)[0])
			if got := tool[semconv.GenAIToolCallResultKey].AsString(); !strings.Contains(got, "sunny in Paris") {
				t.Errorf("tool result %q", got)
			}
		})
	}
}

// TestMiddlewareAlone: a generation run straight in the session, without
// the flow and tool wrappers: each model call still hangs under the
// session's root (not under Genkit's generate spans), model named.
func TestMiddlewareAlone(t *testing.T) {
	model := newFakeModel(t)
	r := newRecorded(t)
	rec := otelgenkit.New(otelgenkit.WithClient(r.client))
	a := newAgent(t, model, agentConfig{middleware: true, rec: nil})
	tool := genkit.LookupTool(a.g, weatherTool)
	_, err := genkit.GenerateText(r.ctx, a.g, ai.WithModelName("openai/"+fakeModel), ai.WithPrompt("weather?"),
		ai.WithTools(tool), ai.WithMiddleware(rec.Middleware()))
	if err != nil {
		t.Fatal(err)
	}
	root := r.session.SpanContext().SpanID()
	calls := spansNamed(r.spans.Ended(), "chat "+fakeModel)
	if len(calls) != 2 {
		t.Fatalf("%d LLM spans, want 2", len(calls))
	}
	for _, c := range calls {
		if c.Parent().SpanID() != root {
			t.Errorf("an LLM span hangs under %v, want the session's root", c.Parent().SpanID())
		}
		a := attrs(c)
		if a[semconv.GenAIRequestModelKey].AsString() != fakeModel || a[semconv.GenAIProviderNameKey].AsString() != "openai" {
			t.Errorf("model %q provider %q", a[semconv.GenAIRequestModelKey].AsString(), a[semconv.GenAIProviderNameKey].AsString())
		}
	}
	if st := r.session.Stats(); st.LLMCalls != 2 || st.ToolCalls != 0 {
		t.Errorf("stats %+v, want 2 LLM calls and no tool call (the tool is Genkit's own)", st)
	}
}

// TestNoSession: without a session the flow runs as it would and nothing
// is recorded.
func TestNoSession(t *testing.T) {
	model := newFakeModel(t)
	r := newRecorded(t)
	if err := r.session.End(r.ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	before := len(r.spans.Ended())
	rec := otelgenkit.New(otelgenkit.WithClient(r.client))
	a := newAgent(t, model, agentConfig{rec: rec, middleware: true})
	out, err := a.flow.Run(context.Background(), "What is the weather in Paris?")
	if err != nil || out != fakeReply {
		t.Fatalf("flow = %q, %v", out, err)
	}
	if after := len(r.spans.Ended()); after != before {
		t.Errorf("%d spans recorded with no session", after-before)
	}
}

// TestModelFailure: a model call that fails is an LLM span with status
// Error, counted once as an LLM call and as an error, and the flow returns
// the failure as Genkit would.
func TestModelFailure(t *testing.T) {
	failing := newFakeModel(t)
	failing.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"message":"bad request","type":"invalid_request_error"}}`))
	})
	r := newRecorded(t)
	rec := otelgenkit.New(otelgenkit.WithClient(r.client))
	a := newAgent(t, failing, agentConfig{rec: rec, middleware: true, llmhttp: true})
	if _, err := a.flow.Run(r.ctx, "weather?"); err == nil {
		t.Fatal("the flow did not fail")
	}
	st := r.session.Stats()
	if st.LLMCalls != 1 || st.Errors != 2 { // the LLM call and the flow
		t.Errorf("stats %+v, want 1 LLM call and 2 errors (the call, the flow)", st)
	}
}
