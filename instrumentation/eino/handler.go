package oteleino

import (
	"context"
	"time"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent/react"
	"github.com/cloudwego/eino/schema"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// Handler is an Eino callbacks.Handler that records the runs of Eino
// components into AgentOps sessions: chat models as LLM calls, tools as tool
// calls, graphs, chains and workflows as agent or workflow spans, and the
// other graph nodes as task spans (see the package doc).
//
// A Handler is safe for concurrent use; one handler serves every run.
type Handler struct {
	cfg    config
	active streamSet // goroutines reading stream outputs
}

var _ callbacks.Handler = (*Handler)(nil)

// NewHandler returns a Handler configured by opts.
func NewHandler(opts ...Option) *Handler {
	return &Handler{cfg: newConfig(opts)}
}

// runKey is the context key of the run a Handler's OnStart started.
type runKey struct{}

// run is one component run the handler saw start. Exactly one of llm, tool
// and span is set when the run is recorded; none is when there was no
// session to record into.
type run struct {
	info    callbacks.RunInfo // which run: OnEnd and OnError of another run leave it alone
	start   time.Time
	llm     *otelagentops.LLMCall
	tool    *otelagentops.ToolCall
	span    *otelagentops.Span
	content bool // the session captures content
}

// runFor returns the run ctx carries when it is the run info describes.
// Eino passes OnEnd and OnError the context OnStart returned; a component
// may report an error before it started (Eino calls OnError then with its
// caller's context), which must not end the caller's span.
func runFor(ctx context.Context, info *callbacks.RunInfo) *run {
	r, _ := ctx.Value(runKey{}).(*run)
	if r == nil || info == nil || r.info != *info {
		return nil
	}
	return r
}

// OnStart starts the span of the run info describes, in the session ctx
// carries (else the client's only active one), and returns a context
// carrying it: Eino passes that context on to the component, so that what
// the component records (and an llmhttp-wrapped HTTP client it calls) is
// a child of the span. With no session it records nothing.
func (h *Handler) OnStart(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput) context.Context {
	if info == nil || info.Component == compose.ComponentOfPassthrough {
		return ctx
	}
	r := &run{info: *info, start: time.Now()}
	c := h.cfg.recorder()
	var (
		next = ctx
		err  error
	)
	switch info.Component {
	case components.ComponentOfChatModel:
		next, r.llm, err = c.StartLLM(ctx, h.cfg.llmRequest(info, input, r.start))
	case components.ComponentOfTool:
		next, r.tool, err = c.StartTool(ctx, displayName(info), toolInput(input))
		if id := compose.GetToolCallID(ctx); id != "" && err == nil {
			r.tool.Span().SetAttributes(semconv.GenAIToolCallID(id))
		}
	case compose.ComponentOfGraph, compose.ComponentOfChain, compose.ComponentOfWorkflow:
		if isAgent(ctx, info) {
			next, r.span, err = c.StartAgent(ctx, displayName(info), input)
		} else {
			next, r.span, err = c.StartWorkflow(ctx, displayName(info), input)
		}
	default:
		next, r.span, err = c.StartTask(ctx, displayName(info), input)
	}
	if err != nil { // no session to record into: telemetry never fails the run
		r.llm, r.tool, r.span, next = nil, nil, nil, ctx
	}
	r.content = otelagentops.SessionFromContext(next).CapturesContent()
	return context.WithValue(next, runKey{}, r)
}

// OnEnd ends the run's span with its output.
func (h *Handler) OnEnd(ctx context.Context, info *callbacks.RunInfo, output callbacks.CallbackOutput) context.Context {
	if r := runFor(ctx, info); r != nil {
		r.end(output, nil)
	}
	return ctx
}

// OnError ends the run's span with err.
func (h *Handler) OnError(ctx context.Context, info *callbacks.RunInfo, err error) context.Context {
	if r := runFor(ctx, info); r != nil {
		r.end(nil, err)
	}
	return ctx
}

// OnStartWithStreamInput starts the span of a run whose input is a stream
// (a graph run with Transform, a node fed by a streaming one). The input
// stream is not read: such a span records no input.
func (h *Handler) OnStartWithStreamInput(ctx context.Context, info *callbacks.RunInfo, input *schema.StreamReader[callbacks.CallbackInput]) context.Context {
	input.Close()
	return h.OnStart(ctx, info, nil)
}

// end ends whichever span r holds, with output (the component's callback
// output, or what its stream output added up to) or err.
func (r *run) end(output any, err error) {
	switch {
	case r.llm != nil:
		resp := llmResponse(modelOutput(output))
		r.llm.End(resp, err)
	case r.tool != nil:
		r.tool.End(toolOutput(output), err)
	case r.span != nil:
		r.span.End(output, err)
	}
}

// isAgent reports whether a graph, chain or workflow run is recorded as an
// agent: the outermost one a handler sees (no run of a handler encloses
// it), or an Eino ReAct agent's graph (react.GraphName) wherever it runs.
// Graphs nested in another are workflows.
func isAgent(ctx context.Context, info *callbacks.RunInfo) bool {
	if info.Name == react.GraphName {
		return true
	}
	r, _ := ctx.Value(runKey{}).(*run)
	return r == nil
}

// displayName names a run: its node or tool name, else its implementation
// type, else its component kind.
func displayName(info *callbacks.RunInfo) string {
	switch {
	case info.Name != "":
		return info.Name
	case info.Type != "":
		return info.Type
	case info.Component != "":
		return string(info.Component)
	}
	return "eino"
}
