package sessiondoc

import (
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/recording"
	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/semconv"
)

// errorEvents returns the "errors" events of doc.
func errorEvents(doc *Document) []Event {
	var out []Event
	for _, e := range doc.Events {
		if e.EventType == EventTypeError {
			out = append(out, e)
		}
	}
	return out
}

// TestDocumentCountsAFailedCallOnce: a tools/call that failed on both
// sides (the caller's tool span, the handler's SERVER span under it with a
// remote parent) is one "errors" event, on the caller's tool event; the
// handler's span still shows its failure (Error, and its attributes with
// error.type).
func TestDocumentCountsAFailedCallOnce(t *testing.T) {
	client, server := recording.FailedToolCall(5)
	root := recording.Span(1, "research.session", trace.SpanKindInternal, codes.Ok,
		semconv.SpanKindSession.Attribute(), semconv.AgentOpsSessionName("research"))
	doc := NewDocument(tracetest.SpanStubs{client, server, root}.Snapshots())
	errs := errorEvents(&doc)
	if len(errs) != 1 {
		t.Fatalf("%d errors events, want 1: %+v", len(errs), errs)
	}
	tool := ""
	for _, e := range doc.Events {
		if e.EventType == EventTypeTool {
			tool = e.ID
		}
	}
	if e := errs[0]; e.TriggerEventID == nil || *e.TriggerEventID != tool || e.ErrorType != "tool_error" || e.SpanID != recording.SC(5).SpanID().String() {
		t.Errorf("the errors event %+v does not point at the caller's tool event %s", e, tool)
	}
	var handler *Span
	for i := range doc.Spans {
		if doc.Spans[i].SpanID == recording.SC(6).SpanID().String() {
			handler = &doc.Spans[i]
		}
	}
	if handler == nil || handler.Error != "station offline" || len(handler.EventIDs) != 0 ||
		handler.Attributes["error.type"] != "tool_error" || handler.Kind != SpanKindTask {
		t.Errorf("the handler's span: %+v", handler)
	}
}

// TestDocumentKeepsOtherFailures: a failed SERVER span under a local
// parent (an in-process handler) or under the remote session root, and a
// failed INTERNAL span under a remote parent, each give an "errors" event.
func TestDocumentKeepsOtherFailures(t *testing.T) {
	_, local := recording.FailedToolCall(5)
	local.Parent = recording.SC(1)
	_, underRoot := recording.FailedToolCall(7)
	underRoot.Parent = trace.NewSpanContext(trace.SpanContextConfig{TraceID: recording.TraceID,
		SpanID: spanclass.SessionRootID(recording.TraceID), TraceFlags: trace.FlagsSampled, Remote: true})
	_, internal := recording.FailedToolCall(9)
	internal.SpanKind = trace.SpanKindInternal
	doc := NewDocument(tracetest.SpanStubs{local, underRoot, internal}.Snapshots())
	if errs := errorEvents(&doc); len(errs) != 3 {
		t.Errorf("%d errors events, want 3: %+v", len(errs), errs)
	}
}
