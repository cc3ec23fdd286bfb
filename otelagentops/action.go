package otelagentops

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// Action describes something the agent did (AgentOps' ActionEvent): an
// INTERNAL span "<type>.action" of kind operation.
type Action struct {
	Type       string    // what kind of action, e.g. "click" or "search"
	Logs       string    // free-form logs
	Screenshot string    // URL or data URI of a screenshot
	Input      any       // recorded when content capture is on
	Output     any       // recorded when content capture is on
	Err        error     // the action's failure, if it failed
	StartTime  time.Time // zero: now
	EndTime    time.Time // zero: now
}

// RecordAction records an action in the session ctx carries, else c's only
// active session.
func (c *Client) RecordAction(ctx context.Context, a Action) error {
	s, err := sessionFor(ctx, c)
	if err != nil {
		return err
	}
	cont := c.contentOf(s)
	attrs := []attribute.KeyValue{
		semconv.SpanKindOperation.Attribute(),
		semconv.AgentOpsActionType(a.Type),
	}
	if a.Logs != "" {
		attrs = append(attrs, semconv.AgentOpsActionLogs(a.Logs))
	}
	if a.Screenshot != "" {
		attrs = append(attrs, semconv.AgentOpsActionScreenshot(a.Screenshot))
	}
	attrs = append(attrs, cont.entityAttributes(semconv.AgentOpsOperationInputKey, ContentInput, a.Input)...)
	attrs = append(attrs, cont.entityAttributes(semconv.AgentOpsOperationOutputKey, ContentOutput, a.Output)...)
	_, span := s.startSpan(ctx, a.Type+".action", attrs,
		withKind(trace.SpanKindInternal), trace.WithTimestamp(orNow(a.StartTime)))
	if a.Err != nil {
		recordError(span, a.Err)
	}
	span.End(trace.WithTimestamp(orNow(a.EndTime)))
	return nil
}

// entityAttributes returns v under key when capture is on and v is not empty.
func (c content) entityAttributes(key attribute.Key, kind ContentKind, v any) []attribute.KeyValue {
	if !c.capture {
		return nil
	}
	if text := c.text(kind, jsonText(v)); text != "" {
		return []attribute.KeyValue{key.String(text)}
	}
	return nil
}

func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}
