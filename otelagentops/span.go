package otelagentops

import (
	"context"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// Span is an agent, workflow or task span in progress. Spans nest: start
// one from the context another returned. Methods are no-ops on a nil *Span.
type Span struct {
	span      trace.Span
	content   content
	outputKey attribute.Key
	agent     bool        // an agent span: it must name a provider by its end
	provided  atomic.Bool // an agent span's gen_ai.provider.name is set
}

// StartAgent starts an agent span "invoke_agent <name>" (gen_ai.operation.name
// invoke_agent, as the OTel GenAI conventions name it; the AgentOps view sends
// it as "<name>.agent") in the session ctx carries, else c's only active
// session. Its gen_ai.provider.name is the one WithAgentProvider gives, else
// that of the first LLM call started in the agent's context, else "_OTHER".
func (c *Client) StartAgent(ctx context.Context, name string, input any, opts ...AgentOption) (context.Context, *Span, error) {
	var ac agentConfig
	for _, o := range opts {
		if o != nil {
			ac = o.applyAgent(ac)
		}
	}
	attrs := []attribute.KeyValue{
		semconv.GenAIOperationName(semconv.GenAIOperationNameInvokeAgent),
		semconv.GenAIAgentName(name),
	}
	if ac.id != "" {
		attrs = append(attrs, semconv.GenAIAgentID(ac.id))
	}
	if ac.provider != "" {
		attrs = append(attrs, semconv.GenAIProviderName(ac.provider))
	}
	ctx, sp, err := c.startEntity(ctx, semconv.SpanKindAgent, semconv.GenAIOperationNameInvokeAgent+" "+name, input,
		semconv.AgentOpsAgentInputKey, semconv.AgentOpsAgentOutputKey, attrs...)
	if sp != nil {
		sp.agent = true
		sp.provided.Store(ac.provider != "")
		ctx = context.WithValue(ctx, agentKey{}, sp)
	}
	return ctx, sp, err
}

// StartWorkflow starts a workflow span "invoke_workflow <name>"
// (gen_ai.operation.name invoke_workflow; "<name>.workflow" in the AgentOps
// view).
func (c *Client) StartWorkflow(ctx context.Context, name string, input any) (context.Context, *Span, error) {
	return c.startEntity(ctx, semconv.SpanKindWorkflow, semconv.GenAIOperationNameInvokeWorkflow+" "+name, input,
		semconv.AgentOpsWorkflowInputKey, semconv.AgentOpsWorkflowOutputKey,
		semconv.GenAIOperationName(semconv.GenAIOperationNameInvokeWorkflow), semconv.GenAIWorkflowName(name))
}

// StartTask starts a task span "<name>.task". Tasks have no OTel GenAI
// counterpart: the span carries agentops.task.name.
func (c *Client) StartTask(ctx context.Context, name string, input any) (context.Context, *Span, error) {
	return c.startEntity(ctx, semconv.SpanKindTask, name+".task", input,
		semconv.AgentOpsTaskInputKey, semconv.AgentOpsTaskOutputKey, semconv.AgentOpsTaskName(name))
}

func (c *Client) startEntity(ctx context.Context, kind semconv.SpanKind, spanName string, input any,
	inKey, outKey attribute.Key, extra ...attribute.KeyValue,
) (context.Context, *Span, error) {
	s, err := sessionFor(ctx, c)
	if err != nil {
		return ctx, nil, err
	}
	sp := &Span{content: c.contentOf(s), outputKey: outKey}
	var buf [12]attribute.KeyValue
	attrs := append(append(buf[:0], kind.Attribute()), extra...)
	if kind == semconv.SpanKindAgent {
		attrs = append(attrs, s.convID)
	}
	attrs = append(attrs, sp.content.entityAttributes(inKey, ContentInput, input)...)
	ctx, sp.span = s.startSpan(ctx, spanName, attrs, withKind(trace.SpanKindInternal))
	return ctx, sp, nil
}

// agentKey is the context key of the innermost agent span.
type agentKey struct{}

// noteAgentProvider gives the innermost agent span in ctx the provider of an
// LLM call started in it, unless it has one.
func noteAgentProvider(ctx context.Context, provider string) {
	if a, _ := ctx.Value(agentKey{}).(*Span); a != nil && a.provided.CompareAndSwap(false, true) {
		a.span.SetAttributes(semconv.GenAIProviderName(provider))
	}
}

// Span returns the OTel span (a no-op span for a nil *Span).
func (s *Span) Span() trace.Span {
	if s == nil {
		return trace.SpanFromContext(context.Background())
	}
	return s.span
}

// End records output (when content capture is on) and err, and ends the span.
func (s *Span) End(output any, err error) {
	if s == nil || !s.span.IsRecording() {
		return
	}
	s.span.SetAttributes(s.content.entityAttributes(s.outputKey, ContentOutput, output)...)
	if s.agent && s.provided.CompareAndSwap(false, true) {
		s.span.SetAttributes(semconv.GenAIProviderName(semconv.GenAIProviderOther))
	}
	if err != nil {
		recordError(s.span, err)
	} else {
		s.span.SetStatus(codes.Ok, "")
	}
	s.span.End()
}

// AgentOption configures an agent span at StartAgent.
type AgentOption interface {
	applyAgent(agentConfig) agentConfig
}

type agentOptionFunc func(agentConfig) agentConfig

func (f agentOptionFunc) applyAgent(c agentConfig) agentConfig { return f(c) }

// agentConfig is the resolved configuration of one agent span.
type agentConfig struct {
	provider string
	id       string
}

// WithAgentProvider names the GenAI provider the agent runs on
// (gen_ai.provider.name, e.g. semconv.GenAIProviderOpenAI). Without it the
// agent takes the provider of the first LLM call started in its context.
func WithAgentProvider(provider string) AgentOption {
	return agentOptionFunc(func(c agentConfig) agentConfig { c.provider = provider; return c })
}

// WithAgentID records the agent's identifier (gen_ai.agent.id).
func WithAgentID(id string) AgentOption {
	return agentOptionFunc(func(c agentConfig) agentConfig { c.id = id; return c })
}
