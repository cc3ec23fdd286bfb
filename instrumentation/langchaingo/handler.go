package otellangchaingo

import (
	"context"

	"github.com/tmc/langchaingo/callbacks"
	"github.com/tmc/langchaingo/schema"

	"github.com/agentops-go/sdk/otelagentops"
)

// DefaultChainName names the workflow span of a chain when the handler
// was given no name with Chain.
const DefaultChainName = "chain"

// Handler is a langchaingo callbacks.Handler that records chains, agents,
// tool calls and LLM calls as spans of the AgentOps session. Give it to
// the chains, agents, executor, tools and models to record (their
// WithCallback / WithCallbacksHandler options or CallbacksHandler fields).
//
// A Handler and the views Agent, Chain and With return share one set of
// open spans, so the spans the views record nest into each other. It is
// safe for concurrent use; see the package doc for how concurrent runs are
// told apart.
type Handler struct {
	cfg       config
	runs      *runs
	agent     string // not "": chains started through this handler are agents of that name
	agentOpts []otelagentops.AgentOption
	chain     string // the name of chain spans
}

var _ callbacks.Handler = (*Handler)(nil)

// NewHandler returns a Handler recording with the given options.
func NewHandler(opts ...Option) *Handler {
	return &Handler{cfg: newConfig(opts), runs: &runs{}, chain: DefaultChainName}
}

// Agent returns a view of h whose chain callbacks record an agent span
// "invoke_agent <name>" instead of a chain span: give it to an
// agents.Executor (agents.WithCallbacksHandler), whose run is the agent's,
// and h itself to the agent the executor runs (its planning chain is a
// chain of the agent, not another agent).
func (h *Handler) Agent(name string, opts ...otelagentops.AgentOption) *Handler {
	v := *h
	v.agent, v.agentOpts = name, opts
	return &v
}

// Chain returns a view of h whose chain spans are named name (a workflow
// span "invoke_workflow <name>"); the default name is DefaultChainName.
func (h *Handler) Chain(name string) *Handler {
	v := *h
	v.agent, v.agentOpts, v.chain = "", nil, name
	return &v
}

// With returns a view of h with opts applied over its options, e.g. the
// provider and model of one more model: h.With(WithModel("gpt-4o")).
func (h *Handler) With(opts ...Option) *Handler {
	v := *h
	for _, o := range opts {
		if o != nil {
			v.cfg = o.apply(v.cfg)
		}
	}
	return &v
}

// HandleChainStart opens a chain span (an agent span for an Agent view) as
// a child of the innermost open span of the run, else of ctx's span.
func (h *Handler) HandleChainStart(ctx context.Context, inputs map[string]any) {
	if !trackable(ctx) {
		return
	}
	parent := h.runs.parent(ctx)
	c := h.cfg.recorder()
	var sp *otelagentops.Span
	if h.agent != "" {
		opts := h.agentOpts
		if h.cfg.provider != "" {
			opts = append([]otelagentops.AgentOption{otelagentops.WithAgentProvider(h.cfg.provider)}, opts...)
		}
		_, sp, _ = c.StartAgent(parent, h.agent, inputs, opts...)
	} else {
		_, sp, _ = c.StartWorkflow(parent, h.chain, inputs)
	}
	h.runs.push(ctx, &entry{kind: kindChain, entity: sp})
}

// HandleChainEnd ends the run's innermost chain span with its outputs.
func (h *Handler) HandleChainEnd(ctx context.Context, outputs map[string]any) {
	h.endChain(ctx, outputs, nil)
}

// HandleChainError ends the run's innermost chain span with err.
func (h *Handler) HandleChainError(ctx context.Context, err error) { h.endChain(ctx, nil, err) }

func (h *Handler) endChain(ctx context.Context, outputs map[string]any, err error) {
	e, orphans := h.runs.pop(ctx, kindChain)
	if e == nil {
		return
	}
	closeOrphans(orphans, err)
	e.end(outputs, err)
}

// HandleAgentAction notes the tool the agent is about to call: the next
// tool span of the run takes its name.
func (h *Handler) HandleAgentAction(ctx context.Context, action schema.AgentAction) {
	h.runs.noteTool(ctx, action.Tool)
}

// HandleAgentFinish does nothing: the agent's output is recorded when its
// executor's chain ends.
func (h *Handler) HandleAgentFinish(context.Context, schema.AgentFinish) {}

// HandleToolStart opens a tool span named after the tool the agent asked
// for (HandleAgentAction), else "tool". It steps aside for a tool WrapTool
// records.
func (h *Handler) HandleToolStart(ctx context.Context, input string) {
	if !trackable(ctx) || wrappedTool(ctx) {
		return
	}
	name := h.runs.takeTool(ctx)
	if name == "" {
		name = "tool"
	}
	_, tc, _ := h.cfg.recorder().StartTool(h.runs.parent(ctx), name, input)
	h.runs.push(ctx, &entry{kind: kindTool, tool: tc})
}

// HandleToolEnd ends the run's innermost tool span with its output.
func (h *Handler) HandleToolEnd(ctx context.Context, output string) { h.endTool(ctx, output, nil) }

// HandleToolError ends the run's innermost tool span with err.
func (h *Handler) HandleToolError(ctx context.Context, err error) { h.endTool(ctx, nil, err) }

func (h *Handler) endTool(ctx context.Context, output any, err error) {
	if wrappedTool(ctx) {
		return
	}
	if e, orphans := h.runs.pop(ctx, kindTool); e != nil {
		closeOrphans(orphans, err)
		e.end(output, err)
	}
}

// HandleText does nothing.
func (h *Handler) HandleText(context.Context, string) {}

// HandleLLMStart does nothing: langchaingo's models report their calls with
// HandleLLMGenerateContentStart.
func (h *Handler) HandleLLMStart(context.Context, []string) {}

// HandleRetrieverStart does nothing: retrievers are not recorded.
func (h *Handler) HandleRetrieverStart(context.Context, string) {}

// HandleRetrieverEnd does nothing.
func (h *Handler) HandleRetrieverEnd(context.Context, string, []schema.Document) {}

// HandleStreamingFunc does nothing: a streamed call is recorded when it ends.
func (h *Handler) HandleStreamingFunc(context.Context, []byte) {}

// llmCallOpen reports whether ctx carries an open LLM call: one that
// WrapModel (or another integration) records, and the model's callbacks
// must not record again.
func llmCallOpen(ctx context.Context) bool { return otelagentops.LLMCallFromContext(ctx) != nil }
