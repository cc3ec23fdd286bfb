package backend

import (
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Trace is a trace as read back from a backend: its spans in the order the
// backend returned them.
type Trace struct {
	Spans []Span
}

// Span is one span read back from a backend, flattened: the attributes of
// its resource and instrumentation scope are copied onto it.
//
// IDs are lowercase hex; ParentSpanID is "" for a root span. Kind and
// Status.Code use the OTel Go enums (converted from OTLP's numbering, which
// differs for status codes). Attribute values are decoded from OTLP AnyValue
// as: string, int64, float64, bool, []byte, []any (array) and map[string]any
// (key-value list); an empty value is nil.
type Span struct {
	TraceID      string
	SpanID       string
	ParentSpanID string
	Name         string
	Kind         trace.SpanKind
	StartTime    time.Time
	EndTime      time.Time
	Status       Status
	Attributes   map[string]any
	Events       []Event

	ScopeName          string
	ScopeVersion       string
	ResourceAttributes map[string]any
}

// Status is a span status.
type Status struct {
	Code    codes.Code
	Message string
}

// Event is a span event.
type Event struct {
	Name       string
	Time       time.Time
	Attributes map[string]any
}

// Span returns the first span named name, and whether there is one.
func (t Trace) Span(name string) (Span, bool) {
	for _, s := range t.Spans {
		if s.Name == name {
			return s, true
		}
	}
	return Span{}, false
}

// Roots returns the spans that have no parent.
func (t Trace) Roots() []Span {
	var roots []Span
	for _, s := range t.Spans {
		if s.ParentSpanID == "" {
			roots = append(roots, s)
		}
	}
	return roots
}

// Children returns the spans whose parent is the span with ID spanID.
func (t Trace) Children(spanID string) []Span {
	var children []Span
	for _, s := range t.Spans {
		if s.ParentSpanID == spanID {
			children = append(children, s)
		}
	}
	return children
}
