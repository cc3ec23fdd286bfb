package sessiondoc

// Span is one span of a session as the viewer's waterfall draws it. A
// Document lists every span of its trace that the sink received, whatever
// its kind (the session root, agents, workflows, tasks, LLM calls, tools,
// actions, and foreign spans such as HTTP clients), so that the tree can be
// rebuilt from SpanID and ParentSpanID alone. Events keep the content
// (prompts, tool input and output, errors); a span names the events it maps
// to in EventIDs.
type Span struct {
	SpanID       string `json:"span_id"`
	ParentSpanID string `json:"parent_span_id,omitempty"` // "" for the session root
	Name         string `json:"name"`
	// Kind is one of the SpanKind* constants.
	Kind  string    `json:"kind"`
	Start Timestamp `json:"start"`
	End   Timestamp `json:"end"`
	// Error is the status description of a failed span, "error" when it
	// has none; "" when the span did not fail. A failed SERVER span whose
	// caller's span reports the same failure (its parent is remote) has
	// one too, but no "errors" event: the failure is counted once, on the
	// caller's span (see Stats).
	Error    string   `json:"error,omitempty"`
	EventIDs []string `json:"event_ids,omitempty"`
	// Process is the ID of the Process (in Document.Processes) that
	// recorded the span.
	Process string `json:"process,omitempty"`
	// Attributes are the attributes of a span with no event of its own
	// (an agent, a workflow, a task, a foreign span; a failed one too),
	// bounded and without credentials (see the package doc); empty for the
	// root and for event spans, whose facts are in the session and their
	// events.
	Attributes map[string]any `json:"attributes,omitempty"`
}

// Span kinds of Span.Kind.
const (
	SpanKindSession  = "session"
	SpanKindAgent    = "agent"
	SpanKindWorkflow = "workflow"
	SpanKindTask     = "task"
	SpanKindLLM      = "llm"
	SpanKindTool     = "tool"
	SpanKindAction   = "action"
	SpanKindOther    = "other"
)

// Process is one process that recorded spans of the session: the one that
// started it and every process that joined it (otelagentops' Inherit).
type Process struct {
	ID        string `json:"id"` // the resource's service.instance.id, else "<host>/<pid>", or "<pid>" when the resource names no host
	PID       int    `json:"pid,omitempty"`
	Host      string `json:"host,omitempty"`
	Service   string `json:"service,omitempty"`
	Inherited bool   `json:"inherited,omitempty"` // it joined a session another process started
}
