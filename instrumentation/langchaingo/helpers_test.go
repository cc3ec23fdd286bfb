package otellangchaingo

import (
	"context"
	"net/http"
	"testing"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/callbacks"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/tools"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/instrumentation/langchaingo/internal/fakellm"
	"github.com/agentops-go/sdk/internal/sessiontest"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// recorded is a client over an injected provider whose spans land in a
// SpanRecorder, and a session of it.
type recorded struct {
	client  *otelagentops.Client
	rec     *tracetest.SpanRecorder
	session *otelagentops.Session
	ctx     context.Context // carries the session
}

func newRecorded(t testing.TB, opts ...otelagentops.Option) *recorded {
	t.Helper()
	x := sessiontest.New(t, append([]otelagentops.Option{otelagentops.WithConcurrentSessions()}, opts...)...)
	return &recorded{client: x.Client, rec: x.Spans, session: x.Session, ctx: x.Ctx}
}

// ended returns the ended spans whose agentops.span.kind is kind.
func (r *recorded) ended(kind semconv.SpanKind) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range r.rec.Ended() {
		if v, ok := attrOf(s, semconv.AgentOpsSpanKindKey); ok && v.AsString() == string(kind) {
			out = append(out, s)
		}
	}
	return out
}

// byID returns the ended span with the given ID.
func (r *recorded) byID(id trace.SpanID) sdktrace.ReadOnlySpan {
	for _, s := range r.rec.Ended() {
		if s.SpanContext().SpanID() == id {
			return s
		}
	}
	return nil
}

func attrOf(s sdktrace.ReadOnlySpan, key attribute.Key) (attribute.Value, bool) {
	for _, kv := range s.Attributes() {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

// weather is a tool of the agent; with a handler it reports itself to the
// handler's tool callbacks, as langchaingo's own tools do.
type weather struct {
	CallbacksHandler callbacks.Handler
	fail             error
}

func (weather) Name() string        { return fakellm.ToolName }
func (weather) Description() string { return "Tells the weather in a city." }
func (w weather) Call(ctx context.Context, input string) (string, error) {
	if w.CallbacksHandler != nil {
		w.CallbacksHandler.HandleToolStart(ctx, input)
	}
	if w.fail != nil {
		if w.CallbacksHandler != nil {
			w.CallbacksHandler.HandleToolError(ctx, w.fail)
		}
		return "", w.fail
	}
	if w.CallbacksHandler != nil {
		w.CallbacksHandler.HandleToolEnd(ctx, fakellm.ToolOutput)
	}
	return fakellm.ToolOutput, nil
}

// setup says how an agent is instrumented.
type setup struct {
	handler   *Handler          // nil: not instrumented
	onModel   bool              // the handler is the model's callbacks handler
	wrapModel bool              // the model is wrapped with handler.WrapModel
	wrapTool  bool              // the tool is wrapped with handler.WrapTool
	transport http.RoundTripper // the model's HTTP transport; nil: the default
	// agentBare leaves the handler off the agent and the tool's own
	// callbacks: only the wrappers and the executor's agent span record.
	agentBare bool
}

// newAgent builds a real langchaingo ReAct agent (OneShotAgent and its
// Executor) on the openai llm, talking to srv.
func newAgent(t testing.TB, srv *fakellm.Server, s setup) *agents.Executor {
	t.Helper()
	opts := []openai.Option{openai.WithBaseURL(srv.BaseURL()), openai.WithToken("sk-test"), openai.WithModel(fakellm.Model)}
	if s.transport != nil {
		opts = append(opts, openai.WithHTTPClient(&http.Client{Transport: s.transport}))
	}
	if s.handler != nil && s.onModel {
		opts = append(opts, openai.WithCallback(s.handler))
	}
	llm, err := openai.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	var model llms.Model = llm
	if s.wrapModel {
		model = s.handler.WrapModel(llm)
	}
	var tool tools.Tool = weather{}
	var agentOpts, execOpts []agents.Option
	if s.handler != nil {
		if !s.agentBare {
			tool = weather{CallbacksHandler: s.handler}
			agentOpts = append(agentOpts, agents.WithCallbacksHandler(s.handler))
		}
		if s.wrapTool {
			tool = s.handler.WrapTool(tool)
		}
		execOpts = append(execOpts, agents.WithCallbacksHandler(s.handler.Agent("weather-agent")))
	}
	agent := agents.NewOneShotAgent(model, []tools.Tool{tool}, agentOpts...)
	return agents.NewExecutor(agent, append(execOpts, agents.WithMaxIterations(3))...)
}

// run runs the agent once and checks its answer.
func run(t testing.TB, ctx context.Context, exec *agents.Executor) {
	t.Helper()
	out, err := chains.Run(ctx, exec, "What is the weather in Paris?")
	if err != nil {
		t.Fatal(err)
	}
	if out != fakellm.FinalAnswer {
		t.Fatalf("agent answered %q, want %q", out, fakellm.FinalAnswer)
	}
}

// mustOpenAI returns the openai llm on srv with h as its callbacks handler.
func mustOpenAI(t testing.TB, srv *fakellm.Server, h *Handler) *openai.LLM {
	t.Helper()
	llm, err := openai.New(openai.WithBaseURL(srv.BaseURL()), openai.WithToken("sk-test"), openai.WithModel(fakellm.Model),
		openai.WithCallback(h))
	if err != nil {
		t.Fatal(err)
	}
	return llm
}
