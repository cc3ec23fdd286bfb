package otelagentops

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// Tool describes a tool call for RecordTool.
type Tool struct {
	Name      string    // the tool's name
	CallID    string    // the ID of the LLM tool call it answers, if any
	Type      string    // gen_ai.tool.type when known: function, extension or datastore
	Input     any       // arguments: a string as is, anything else as JSON
	Output    any       // result: a string as is, anything else as JSON
	Err       error     // the call's failure, if it failed
	StartTime time.Time // zero: now
	EndTime   time.Time // zero: now

	// For instrumentation that records a tool call in another convention
	// too (e.g. an MCP tools/call, a CLIENT span "tools/call <name>"):
	// SpanName replaces "execute_tool <name>", SpanKind replaces INTERNAL,
	// and Attributes are added to the span's own (they cannot replace the
	// tool keys, which classify the span as one tool call).
	SpanName   string
	SpanKind   trace.SpanKind
	Attributes []attribute.KeyValue
}

// ToolCall is a tool call in progress: an INTERNAL span "execute_tool
// <name>", as the OTel GenAI conventions name it ("<name>.tool" in the
// AgentOps view). Its methods are no-ops on a nil *ToolCall.
type ToolCall struct {
	span    trace.Span
	content content
}

// StartTool starts a tool call span in the session ctx carries (else c's
// only active session). input is recorded when content capture is on.
func (c *Client) StartTool(ctx context.Context, name string, input any) (context.Context, *ToolCall, error) {
	s, err := sessionFor(ctx, c)
	if err != nil {
		return ctx, nil, err
	}
	ctx, tc := s.startTool(ctx, Tool{Name: name, Input: input})
	return ctx, tc, nil
}

// StartToolCall starts a tool call span described by t (its Output, Err
// and EndTime are not read: pass them to End), in the session ctx carries
// (else c's only active session), as StartTool does: t.Input is recorded
// when content capture is on, through the client's redactor and limits.
// The call counts as one tool call in Session.Stats and in every view.
func (c *Client) StartToolCall(ctx context.Context, t Tool) (context.Context, *ToolCall, error) {
	s, err := sessionFor(ctx, c)
	if err != nil {
		return ctx, nil, err
	}
	ctx, tc := s.startTool(ctx, t)
	return ctx, tc, nil
}

func (s *Session) startTool(ctx context.Context, t Tool) (context.Context, *ToolCall) {
	tc := &ToolCall{content: s.client.content()}
	var buf [16]attribute.KeyValue
	attrs := append(buf[:0], t.Attributes...)
	attrs = append(attrs,
		semconv.SpanKindTool.Attribute(),
		semconv.GenAIOperationName(semconv.GenAIOperationNameExecuteTool),
		semconv.GenAIToolName(t.Name),
	)
	if t.CallID != "" {
		attrs = append(attrs, semconv.GenAIToolCallID(t.CallID))
	}
	if t.Type != "" {
		attrs = append(attrs, semconv.GenAIToolType(t.Type))
	}
	if tc.content.capture {
		if in := tc.content.text(ContentToolInput, jsonText(t.Input)); in != "" {
			attrs = append(attrs, semconv.GenAIToolCallArguments(in))
		}
	}
	name, kind := t.SpanName, t.SpanKind
	if name == "" {
		name = semconv.GenAIOperationNameExecuteTool + " " + t.Name
	}
	if kind == trace.SpanKindUnspecified {
		kind = trace.SpanKindInternal
	}
	opts := []trace.SpanStartOption{withKind(kind)}
	if !t.StartTime.IsZero() { // else the span starts now
		opts = append(opts, trace.WithTimestamp(t.StartTime))
	}
	ctx, tc.span = s.startSpan(ctx, name, attrs, opts...)
	return context.WithValue(ctx, toolCallKey{}, tc), tc
}

type toolCallKey struct{}

// ToolCallFromContext returns the tool call ctx carries (the context
// StartTool or StartToolCall returned, or one derived from it) while it has
// not ended, else nil.
//
// It is how one tool call is recorded once: instrumentation that would
// record a tool call of its own (an MCP client's tools/call) inside a tool
// call a framework integration or the user already records steps aside,
// recording its span as something other than a tool.
func ToolCallFromContext(ctx context.Context) *ToolCall {
	if ctx == nil {
		return nil
	}
	tc, _ := ctx.Value(toolCallKey{}).(*ToolCall)
	if tc == nil || !tc.span.IsRecording() {
		return nil
	}
	return tc
}

// Span returns the call's span (a no-op span for a nil call).
func (t *ToolCall) Span() trace.Span {
	if t == nil {
		return trace.SpanFromContext(context.Background())
	}
	return t.span
}

// End records the tool's output, or err when it failed, and ends the span.
func (t *ToolCall) End(output any, err error) { t.end(output, err, time.Time{}) }

func (t *ToolCall) end(output any, err error, at time.Time) {
	if t == nil || !t.span.IsRecording() {
		return
	}
	if t.content.capture {
		if out := t.content.text(ContentToolOutput, jsonText(output)); out != "" {
			t.span.SetAttributes(semconv.GenAIToolCallResult(out))
		}
	}
	if err != nil {
		recordError(t.span, err)
	} else {
		t.span.SetStatus(codes.Ok, "")
	}
	if at.IsZero() {
		t.span.End() // now
		return
	}
	t.span.End(trace.WithTimestamp(at))
}

// RecordTool records a whole tool call at once.
func (c *Client) RecordTool(ctx context.Context, t Tool) error {
	s, err := sessionFor(ctx, c)
	if err != nil {
		return err
	}
	_, tc := s.startTool(ctx, t)
	tc.end(t.Output, t.Err, t.EndTime)
	return nil
}
