package sessiondoc

import (
	"slices"

	"github.com/google/uuid"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/llmcost"
	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/pricing"
	"github.com/agentops-go/sdk/semconv"
)

// sessionID returns the session ID of the trace t: the trace ID as a UUID.
func sessionID(t trace.TraceID) string { return uuid.UUID(t).String() }

// eventID returns the event ID of the span sid in trace t: a name-based
// UUID, so that mapping the same span twice gives the same event.
func eventID(t trace.TraceID, sid trace.SpanID) string {
	return uuid.NewSHA1(uuid.UUID(t), sid[:]).String()
}

// errorEventID is the ID of the error event of a failed LLM, tool or action
// span, beside that span's own event.
func errorEventID(t trace.TraceID, sid trace.SpanID) string {
	return uuid.NewSHA1(uuid.UUID(t), append(sid[:], 'e')).String()
}

// eventsOf maps one span, read as v, to legacy events: an LLM span
// (agentops.span.kind llm, or GenAI attributes) to "llms", a tool span to
// "tools", an action (kind operation with agentops.action.type) to
// "actions"; and a span that counts as an error (status Error, but not the
// SERVER span of a call whose caller's span reports the same failure:
// spanclass.CountsAsError, the session stats' rule) to an "errors" event,
// pointing at the span's own event when it has one (else at
// agentops.error.trigger_span_id), so that a failed call is one "errors"
// event. Session roots, agents, workflows, tasks and foreign spans give no
// event unless they failed.
func eventsOf(s sdktrace.ReadOnlySpan, v *spanView) []Event {
	if v.kind == string(semconv.SpanKindSession) {
		return nil
	}
	sc := s.SpanContext()
	base := Event{
		ID: eventID(sc.TraceID(), sc.SpanID()), SessionID: sessionID(sc.TraceID()),
		InitTimestamp: Timestamp(s.StartTime()), EndTimestamp: Timestamp(s.EndTime()),
		SpanID: sc.SpanID().String(),
	}
	var events []Event
	switch kind := semconv.SpanKind(v.kind); {
	case kind == semconv.SpanKindLLM || (kind == "" && v.genAI):
		ev := base
		ev.EventType, ev.Params = EventTypeLLM, v.params
		ev.LLMEvent = &LLMEvent{Model: v.respModel, PromptTokens: v.promptTokens, CompletionTokens: v.completionTkns}
		if ev.Model == "" {
			ev.Model = v.reqModel
		}
		if v.hasCost {
			ev.Cost = &v.cost
		}
		ev.Prompt, ev.Completion = llmMessages(s, v)
		ev.CostUSD, ev.TTFTMillis, ev.FinishReasons = callCost(s), v.ttftMillis(), v.finishReasons
		events = append(events, ev)
	case kind == semconv.SpanKindTool || (kind == "" && v.toolish):
		ev := base
		ev.EventType, ev.Params, ev.Returns = EventTypeTool, jsonOrText(v.toolInput), jsonOrText(v.toolOutput)
		ev.ToolEvent = &ToolEvent{Name: v.toolName}
		events = append(events, ev)
	case kind == semconv.SpanKindOperation && v.actionType != "":
		ev := base
		ev.EventType, ev.Params, ev.Returns, ev.Logs = EventTypeAction, jsonOrText(v.opInput), jsonOrText(v.opOutput), v.actionLogs
		ev.ActionEvent = &ActionEvent{ActionType: v.actionType, Screenshot: v.shot}
		events = append(events, ev)
	}
	if spanclass.CountsAsError(s) {
		events = append(events, errorEvent(s, v, base, s.Status().Description, events))
	}
	return events
}

// callCost returns the cost of the LLM call s as the session stats count
// it (llmcost: the user's cost, else the default price table's estimate),
// rounded to the picodollar; nil when the call is unpriced.
func callCost(s sdktrace.ReadOnlySpan) *float64 {
	f := llmcost.Read(s)
	f.Price(pricing.Default())
	if f.Kind != llmcost.LLM || !f.Priced {
		return nil
	}
	return &f.CostUSD
}

// errorEvent is the "errors" event of the failed span s.
func errorEvent(s sdktrace.ReadOnlySpan, v *spanView, base Event, status string, own []Event) Event {
	ev := base
	ev.EventType = EventTypeError
	ee := &ErrorEvent{ErrorType: v.errType, Code: v.errCode, Details: v.errMessage, Timestamp: Timestamp(s.EndTime())}
	if ee.Details == "" {
		ee.Details = status
	}
	if ee.ErrorType == "" {
		ee.ErrorType = "error"
	}
	if len(own) > 0 {
		id, typ := own[0].ID, own[0].EventType
		ev.ID = errorEventID(s.SpanContext().TraceID(), s.SpanContext().SpanID())
		ee.TriggerEventID, ee.TriggerEventType = &id, &typ
	} else if sid, err := trace.SpanIDFromHex(v.trigger); err == nil {
		id := eventID(s.SpanContext().TraceID(), sid)
		ee.TriggerEventID = &id
	}
	ev.ErrorEvent = ee
	ev.Logs = stackTrace(s)
	return ev
}

// stackTrace returns the stack trace of s's exception event, if any.
func stackTrace(s sdktrace.ReadOnlySpan) string {
	for _, e := range s.Events() {
		for _, kv := range e.Attributes {
			if kv.Key == semconv.ExceptionStacktraceKey {
				return kv.Value.AsString()
			}
		}
	}
	return ""
}

// sessionOf maps a session's root span, read as v, to the legacy session
// object.
func sessionOf(root sdktrace.ReadOnlySpan, v *spanView) Session {
	tags := v.tags
	if tags == nil {
		tags = []string{}
	}
	return Session{
		SessionID:      sessionID(root.SpanContext().TraceID()),
		InitTimestamp:  Timestamp(root.StartTime()),
		EndTimestamp:   Timestamp(root.EndTime()),
		EndState:       v.endState,
		EndStateReason: v.endReason,
		Tags:           tags,
		HostEnv:        hostEnv(root, v.host),
		Video:          v.video,
	}
}

// NewDocument maps the spans of one session (one trace, in any order) to a
// Document: its events, and every span (Spans) with the processes that
// recorded them (Processes; a span whose resource names no process is
// credited to the calling process). Without a root span the document is
// Partial (running): its session has the trace's ID and earliest start and
// no end.
func NewDocument(spans []sdktrace.ReadOnlySpan) Document {
	var d Document
	rooted := false
	for _, s := range spans {
		v := viewOf(s)
		var events []Event
		if v.kind == string(semconv.SpanKindSession) {
			d.setRoot(s, v)
			rooted = true
		} else {
			events = eventsOf(s, v)
			d.Events = append(d.Events, events...)
			if !rooted && (d.Session.SessionID == "" || s.StartTime().Before(d.Session.InitTimestamp.Time())) {
				d.Session.SessionID, d.Session.InitTimestamp = sessionID(s.SpanContext().TraceID()), Timestamp(s.StartTime())
			}
		}
		sp, proc := spanOf(s, v, events, selfPID)
		d.Spans = append(d.Spans, sp)
		mergeProcess(&d.Processes, proc)
	}
	if !rooted {
		d.Partial, d.Session.Tags = true, []string{}
	}
	d.finish()
	return d
}

// setRoot fills the session fields of d from the root span.
func (d *Document) setRoot(root sdktrace.ReadOnlySpan, v *spanView) {
	d.Session, d.Name, d.Partial = sessionOf(root, v), v.name, false
	if v.hasStats {
		st := v.stats
		d.Stats = &st
	}
}

// finish orders the events by start, the spans by start (then span ID) and
// the processes (sortProcesses), and fills the type of each error event's
// trigger from the trigger event.
func (d *Document) finish() {
	slices.SortStableFunc(d.Spans, func(a, b Span) int { return compareSpans(&a, &b) })
	sortProcesses(d.Processes)
	if d.Events == nil {
		d.Events = []Event{}
	}
	slices.SortStableFunc(d.Events, func(a, b Event) int {
		return a.InitTimestamp.Time().Compare(b.InitTimestamp.Time())
	})
	types := make(map[string]string, len(d.Events))
	for _, e := range d.Events {
		types[e.ID] = e.EventType
	}
	for i := range d.Events {
		if ee := d.Events[i].ErrorEvent; ee != nil && ee.TriggerEventID != nil && ee.TriggerEventType == nil {
			if typ, ok := types[*ee.TriggerEventID]; ok {
				ee.TriggerEventType = &typ
			}
		}
	}
}
