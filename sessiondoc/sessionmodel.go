package sessiondoc

import (
	"encoding/json"
	"time"
)

// TimestampLayout is the legacy AgentOps timestamp: ISO-8601 in UTC with
// microseconds and an explicit +00:00 offset, as Python's isoformat writes
// it, e.g. 2025-01-12T03:23:33.063611+00:00.
const TimestampLayout = "2006-01-02T15:04:05.000000+00:00"

// Timestamp is a time that marshals as TimestampLayout (null when zero).
type Timestamp time.Time

// Time returns t as a time.Time.
func (t Timestamp) Time() time.Time { return time.Time(t) }

// IsZero reports whether t is the zero time (for json omitzero).
func (t Timestamp) IsZero() bool { return time.Time(t).IsZero() }

// String returns t in TimestampLayout, or "" when zero.
func (t Timestamp) String() string {
	if t.IsZero() {
		return ""
	}
	return time.Time(t).UTC().Format(TimestampLayout)
}

// MarshalJSON writes t in TimestampLayout, or null when zero.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.String())
}

// UnmarshalJSON reads TimestampLayout or RFC 3339.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil || s == "" {
		*t = Timestamp{}
		return nil
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	*t = Timestamp(v)
	return nil
}

// Session is the legacy AgentOps session object: what /v2/create_session
// and /v2/update_session take under "session".
type Session struct {
	SessionID      string         `json:"session_id"`
	InitTimestamp  Timestamp      `json:"init_timestamp"`
	EndTimestamp   Timestamp      `json:"end_timestamp,omitzero"`
	EndState       string         `json:"end_state,omitempty"` // Success, Fail or Indeterminate
	EndStateReason string         `json:"end_state_reason,omitempty"`
	Tags           []string       `json:"tags"`
	HostEnv        map[string]any `json:"host_env,omitempty"` // nil when host data was opted out
	Video          string         `json:"video,omitempty"`
}

// Event type names (event_type) of the legacy session model.
const (
	EventTypeLLM    = "llms"
	EventTypeTool   = "tools"
	EventTypeAction = "actions"
	EventTypeError  = "errors"
)

// Event is one legacy AgentOps event. The common fields are always present;
// exactly one of LLMEvent, ToolEvent, ActionEvent and ErrorEvent is set, and
// its fields are written beside the common ones.
type Event struct {
	ID            string    `json:"id"`
	EventType     string    `json:"event_type"`
	InitTimestamp Timestamp `json:"init_timestamp"`
	EndTimestamp  Timestamp `json:"end_timestamp"`
	Params        any       `json:"params"`
	Returns       any       `json:"returns"`
	AgentID       *string   `json:"agent_id"`
	SessionID     string    `json:"session_id"`
	Logs          string    `json:"logs,omitempty"` // tools, actions, errors
	// SpanID is the span the event maps to (Document.Spans). It is the
	// SDK's, not the legacy model's: the legacy exporter does not send it.
	SpanID string `json:"span_id,omitempty"`

	*LLMEvent
	*ToolEvent
	*ActionEvent
	*ErrorEvent
}

// LLMEvent holds the fields of an "llms" event.
type LLMEvent struct {
	ThreadID         *string  `json:"thread_id"`
	Prompt           any      `json:"prompt"`     // []Message, or a string
	Completion       any      `json:"completion"` // Message, or a string
	PromptTokens     int64    `json:"prompt_tokens"`
	CompletionTokens int64    `json:"completion_tokens"`
	Cost             *float64 `json:"cost"` // only a cost the user supplied
	Model            string   `json:"model"`

	// What the SDK adds to an "llms" event; the legacy exporter does not
	// send them. CostUSD is the call's cost: the user's (Cost) or the
	// pricing table's estimate, exact (no float noise), nil when the model
	// has no price. TTFTMillis is the time to the first token of a stream.
	CostUSD       *float64 `json:"cost_usd,omitempty"`
	TTFTMillis    *float64 `json:"time_to_first_token_ms,omitempty"`
	FinishReasons []string `json:"finish_reasons,omitempty"`
}

// Message is a prompt or completion message of an "llms" event.
type Message struct {
	Role      string     `json:"role"`
	Content   string     `json:"content"`
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
}

// ToolCall is a tool call an LLM asked for, in OpenAI's shape.
type ToolCall struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// ToolEvent holds the fields of a "tools" event.
type ToolEvent struct {
	Name string `json:"name"`
}

// ActionEvent holds the fields of an "actions" event.
type ActionEvent struct {
	ActionType string `json:"action_type"`
	Screenshot string `json:"screenshot,omitempty"`
}

// ErrorEvent holds the fields of an "errors" event. The server reads Timestamp,
// not init_timestamp.
type ErrorEvent struct {
	TriggerEventID   *string   `json:"trigger_event_id"`
	TriggerEventType *string   `json:"trigger_event_type"`
	ErrorType        string    `json:"error_type"`
	Code             string    `json:"code,omitempty"`
	Details          string    `json:"details"`
	Timestamp        Timestamp `json:"timestamp"`
}

// Document is one session as the session sink writes it: the legacy
// session object, its events in start order, and what the SDK adds.
type Document struct {
	Session       Session `json:"session"`
	Name          string  `json:"name,omitempty"`
	Events        []Event `json:"events"`
	Stats         *Stats  `json:"stats,omitempty"`
	DroppedEvents int     `json:"dropped_events,omitempty"`
	Partial       bool    `json:"partial,omitempty"` // the root span has not arrived: running, or its writer stopped first
	// Spans are every span of the session, in start order: the tree the
	// viewer's waterfall draws. Processes are the processes that recorded
	// them.
	Spans     []Span    `json:"spans,omitempty"`
	Processes []Process `json:"processes,omitempty"`
	// DroppedSpans counts the spans a Sink did not keep, past its bound
	// (WithMaxEvents) as dropped_events counts events.
	DroppedSpans int `json:"dropped_spans,omitempty"`
}

// Stats are the session figures the SDK wrote on the root span at its end.
type Stats struct {
	LLMCalls         int64   `json:"llm_calls"`
	ToolCalls        int64   `json:"tool_calls"`
	Actions          int64   `json:"actions"`
	Errors           int64   `json:"errors"` // failed spans, a failed call once (otelagentops.Stats)
	InputTokens      int64   `json:"input_tokens"`
	OutputTokens     int64   `json:"output_tokens"`
	TotalTokens      int64   `json:"total_tokens"`
	CostUSD          float64 `json:"cost_usd"`
	UnpricedLLMCalls int64   `json:"unpriced_llm_calls"`
}
