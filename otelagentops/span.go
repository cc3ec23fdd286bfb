package otelagentops

import (
	"context"

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
}

// StartAgent starts an agent span "<name>.agent" (gen_ai.operation.name
// invoke_agent) in the session ctx carries, else c's only active session.
func (c *Client) StartAgent(ctx context.Context, name string, input any) (context.Context, *Span, error) {
	return c.startEntity(ctx, semconv.SpanKindAgent, name, input,
		semconv.AgentOpsAgentInputKey, semconv.AgentOpsAgentOutputKey,
		semconv.GenAIOperationName(semconv.GenAIOperationNameInvokeAgent),
		semconv.AgentName(name), semconv.GenAIAgentName(name))
}

// StartWorkflow starts a workflow span "<name>.workflow" (gen_ai.operation.name
// invoke_workflow).
func (c *Client) StartWorkflow(ctx context.Context, name string, input any) (context.Context, *Span, error) {
	return c.startEntity(ctx, semconv.SpanKindWorkflow, name, input,
		semconv.AgentOpsWorkflowInputKey, semconv.AgentOpsWorkflowOutputKey,
		semconv.GenAIOperationName(semconv.GenAIOperationNameInvokeWorkflow))
}

// StartTask starts a task span "<name>.task".
func (c *Client) StartTask(ctx context.Context, name string, input any) (context.Context, *Span, error) {
	return c.startEntity(ctx, semconv.SpanKindTask, name, input,
		semconv.AgentOpsTaskInputKey, semconv.AgentOpsTaskOutputKey)
}

func (c *Client) startEntity(ctx context.Context, kind semconv.SpanKind, name string, input any,
	inKey, outKey attribute.Key, extra ...attribute.KeyValue,
) (context.Context, *Span, error) {
	s, err := sessionFor(ctx, c)
	if err != nil {
		return ctx, nil, err
	}
	sp := &Span{content: c.contentOf(s), outputKey: outKey}
	attrs := append([]attribute.KeyValue{kind.Attribute(), semconv.OperationName(name)}, extra...)
	attrs = append(attrs, sp.content.entityAttributes(inKey, ContentInput, input)...)
	ctx, sp.span = s.client.tracer.Start(s.spanParent(ctx), name+"."+string(kind),
		trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...))
	return ctx, sp, nil
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
	if err != nil {
		recordError(s.span, err)
	} else {
		s.span.SetStatus(codes.Ok, "")
	}
	s.span.End()
}
