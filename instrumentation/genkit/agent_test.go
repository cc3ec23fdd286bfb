package otelgenkit_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/core"
	"github.com/firebase/genkit/go/genkit"
	"github.com/firebase/genkit/go/plugins/compat_oai"
	"github.com/openai/openai-go/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelgenkit "github.com/agentops-go/sdk/instrumentation/genkit"
	"github.com/agentops-go/sdk/internal/sessiontest"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
)

// weatherIn is the tool's input.
type weatherIn struct {
	City string `json:"city"`
}

// agent is a small real Genkit agent: the OpenAI-compatible plugin on the
// fake model, a get_weather tool and a flow generating with the tool.
type agent struct {
	g    *genkit.Genkit
	flow *core.Flow[string, string, struct{}]
}

// agentConfig says how the agent is instrumented.
type agentConfig struct {
	rec        *otelgenkit.Recorder // nil: no instrumentation at all
	llmhttp    bool                 // llmhttp on the plugin's HTTP client
	middleware bool                 // rec.Middleware on the generation
}

func newAgent(t testing.TB, model *fakeModelServer, cfg agentConfig) *agent {
	t.Helper()
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	t.Cleanup(hc.CloseIdleConnections)
	if cfg.llmhttp {
		hc.Transport = llmhttp.NewTransport(hc.Transport)
	}
	// genkit.Init watches SIGINT and SIGTERM until its context ends.
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	g := genkit.Init(ctx, genkit.WithPlugins(&compat_oai.OpenAICompatible{
		Provider: "openai",
		APIKey:   "test-key",
		BaseURL:  model.BaseURL(),
		Opts:     []option.RequestOption{option.WithHTTPClient(hc), option.WithMaxRetries(0)},
	}))
	weather := func(_ *ai.ToolContext, in weatherIn) (string, error) { return "sunny in " + in.City, nil }
	var tool ai.Tool
	if cfg.rec != nil {
		tool = otelgenkit.DefineTool(cfg.rec, g, weatherTool, "Gets the weather of a city", weather)
	} else {
		tool = genkit.DefineTool(g, weatherTool, "Gets the weather of a city", weather)
	}
	run := func(ctx context.Context, question string) (string, error) {
		opts := []ai.GenerateOption{
			ai.WithModelName("openai/" + fakeModel), ai.WithPrompt(question), ai.WithTools(tool),
		}
		if cfg.middleware {
			opts = append(opts, ai.WithMiddleware(cfg.rec.Middleware()))
		}
		return genkit.GenerateText(ctx, g, opts...)
	}
	a := &agent{g: g}
	if cfg.rec != nil {
		a.flow = otelgenkit.DefineFlow(cfg.rec, g, "weatherFlow", run)
	} else {
		a.flow = genkit.DefineFlow(g, "weatherFlow", run)
	}
	return a
}

// recorded is a client over an injected provider whose spans land in a
// SpanRecorder, with a session started.
type recorded struct {
	client  *otelagentops.Client
	tp      *sdktrace.TracerProvider
	spans   *tracetest.SpanRecorder
	session *otelagentops.Session
	ctx     context.Context // carries the session
}

func newRecorded(t testing.TB, opts ...otelagentops.Option) *recorded {
	t.Helper()
	x := sessiontest.New(t, opts...)
	return &recorded{client: x.Client, tp: x.TracerProvider, spans: x.Spans, session: x.Session, ctx: x.Ctx}
}
