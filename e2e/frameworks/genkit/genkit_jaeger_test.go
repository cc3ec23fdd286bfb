// Package genkit_test runs a small real Genkit agent (the OpenAI-compatible
// plugin on a loopback model server, a tool, a flow) inside a session
// recorded by otelgenkit, exported to a real Jaeger.
package genkit_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
	"github.com/firebase/genkit/go/plugins/compat_oai"
	"github.com/openai/openai-go/option"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	otelgenkit "github.com/agentops-go/sdk/instrumentation/genkit"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
)

// weatherIn is the input of the get_weather tool, as llmserver asks for it.
type weatherIn struct {
	Location string `json:"location"`
	Unit     string `json:"unit"`
}

// TestGenkitFlowInJaeger runs the agent's flow in a session, with and
// without llmhttp on the model plugin's HTTP client, and reads the session
// back from Jaeger: session → invoke_workflow weatherFlow → two LLM calls
// and one tool call, no span naming a parent Jaeger lacks, and the exact
// counts in Session.Stats (nothing counted twice).
func TestGenkitFlowInJaeger(t *testing.T) {
	for _, name := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "AGENTOPS_API_KEY"} {
		t.Setenv(name, "")
	}
	jaeger := backend.StartJaeger(t)
	for _, withLLMHTTP := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "llmhttp"}[withLLMHTTP], func(t *testing.T) {
			model := llmserver.New(t)
			id, st := runFlow(t, jaeger.OTLPHTTPEndpoint(), model.URL+"/v1/", withLLMHTTP)
			if got := len(model.Requests()); got != 2 {
				t.Fatalf("model requests = %d, want 2", got)
			}
			wantIn, wantOut := int64(2*llmserver.PromptTokens), int64(llmserver.ToolCompletionTokens+llmserver.CompletionTokens)
			if st.LLMCalls != 2 || st.ToolCalls != 1 || st.InputTokens != wantIn || st.OutputTokens != wantOut {
				t.Errorf("stats %+v, want 2 LLM calls, 1 tool call, %d/%d tokens", st, wantIn, wantOut)
			}
			if st.CostUSD <= 0 || st.UnpricedLLMCalls != 0 {
				t.Errorf("cost %v, unpriced %d: want a priced session", st.CostUSD, st.UnpricedLLMCalls)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			tr, err := jaeger.WaitTrace(ctx, id.TraceID().String(), 5)
			if err != nil {
				t.Fatal(err)
			}
			checkTree(t, tr)
		})
	}
}

// runFlow runs the agent's flow in a session of a client exporting to
// endpoint, ends the session and shuts the client down (which flushes).
func runFlow(t *testing.T, endpoint, modelURL string, withLLMHTTP bool) (otelagentops.SessionID, otelagentops.Stats) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background()) // genkit.Init watches signals until it ends
	defer cancel()
	client, err := otelagentops.New(ctx, otelagentops.WithOTLPEndpoint(endpoint),
		otelagentops.WithServiceName("agentops-e2e-genkit"), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	rec := otelgenkit.New(otelgenkit.WithClient(client))

	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	defer hc.CloseIdleConnections()
	if withLLMHTTP {
		hc.Transport = llmhttp.NewTransport(hc.Transport, llmhttp.WithClient(client))
	}
	g := genkit.Init(ctx, genkit.WithPlugins(&compat_oai.OpenAICompatible{
		Provider: "openai", APIKey: "sk-test", BaseURL: modelURL,
		Opts: []option.RequestOption{option.WithHTTPClient(hc), option.WithMaxRetries(0)},
	}))
	weather := otelgenkit.DefineTool(rec, g, llmserver.ToolName, "Gets the weather of a location",
		func(_ *ai.ToolContext, in weatherIn) (string, error) {
			return "sunny, 24 " + in.Unit + " in " + in.Location, nil
		})
	flow := otelgenkit.DefineFlow(rec, g, "weatherFlow", func(ctx context.Context, question string) (string, error) {
		return genkit.GenerateText(ctx, g, ai.WithModelName("openai/gpt-4o-mini"), ai.WithPrompt(question),
			ai.WithTools(weather), ai.WithMiddleware(rec.Middleware()))
	})

	sctx, s, err := client.StartSession(ctx, otelagentops.WithSessionName("genkit"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := flow.Run(sctx, "What is the weather in Paris?")
	if err != nil {
		t.Fatal(err)
	}
	if out != llmserver.Reply {
		t.Errorf("flow answered %q, want %q", out, llmserver.Reply)
	}
	if err := s.End(sctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := client.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ex := client.ExportStats(); ex.Exported != 5 || ex.Failed+ex.Dropped != 0 {
		t.Errorf("export stats %+v, want the 5 spans exported", ex)
	}
	return s.ID(), s.Stats()
}

// checkTree asserts the session's tree as Jaeger shows it.
func checkTree(t *testing.T, tr backend.Trace) {
	t.Helper()
	if len(tr.Spans) != 5 {
		t.Errorf("Jaeger has %d spans, want 5 (session, workflow, 2 LLM calls, tool)", len(tr.Spans))
	}
	roots := tr.Roots()
	if len(roots) != 1 || roots[0].Name != "genkit.session" {
		t.Fatalf("roots %v, want the one session root", names(roots))
	}
	ids := map[string]bool{}
	for _, s := range tr.Spans {
		ids[s.SpanID] = true
	}
	for _, s := range tr.Spans {
		if s.ParentSpanID != "" && !ids[s.ParentSpanID] {
			t.Errorf("%q names a parent Jaeger does not have", s.Name)
		}
	}
	flows := tr.Children(roots[0].SpanID)
	if len(flows) != 1 || flows[0].Name != "invoke_workflow weatherFlow" {
		t.Fatalf("the session's children are %v, want the flow", names(flows))
	}
	counts := map[string]int{}
	for _, c := range tr.Children(flows[0].SpanID) {
		counts[c.Name]++
		if c.Name == "chat gpt-4o-mini" {
			if c.Attributes[string(semconv.GenAIRequestModelKey)] != "gpt-4o-mini" || c.Attributes[string(semconv.GenAIUsageInputTokensKey)] != int64(llmserver.PromptTokens) {
				t.Errorf("LLM span attributes %v", c.Attributes)
			}
		}
	}
	if counts["chat gpt-4o-mini"] != 2 || counts["execute_tool "+llmserver.ToolName] != 1 || len(counts) != 2 {
		t.Errorf("the flow's children %v, want 2 LLM calls and 1 tool call", counts)
	}
}

func names(spans []backend.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name
	}
	return out
}
