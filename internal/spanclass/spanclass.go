// Package spanclass tells what a span stands for, from its attributes
// alone, by one rule shared by the session stats (otelagentops) and the
// AgentOps view (exporter): a span the stats count as an LLM call is one the
// dashboard counts as an LLM call, whoever made it. CountsAsError tells, by
// one rule for the same readers and the session documents (sessiondoc),
// whether a failed span counts as an error: once per failed call, though
// both ends of the call report it. Tokens reads a token count as the
// AgentOps view and the session document do.
package spanclass

import (
	"math"
	"strconv"

	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/semconv"
)

// Kind is what a span stands for.
type Kind uint8

// The kinds of span.
const (
	Other Kind = iota
	LLM
	Tool
	Agent
	Workflow
	Task
	Session
	Action
)

// Signals are the facts of a span the rule reads.
type Signals struct {
	SpanKind  string // agentops.span.kind, "" when absent
	Operation string // gen_ai.operation.name, "" when absent
	GenAI     bool   // a key of an LLM call: provider, system, request or response model, usage, content
	Tool      bool   // gen_ai.tool.name or gen_ai.tool.call.id
	Action    bool   // agentops.action.type
}

// Classify applies agentops.span.kind when it names a kind the SDK records
// (an operation is an action only with an action type); otherwise, as the
// AgentOps backend does, an action type makes an action, tool keys or
// execute_tool a tool call, invoke_agent and invoke_workflow an agent and a
// workflow, and any other operation or GenAI key an LLM call.
func Classify(s Signals) Kind {
	switch semconv.SpanKind(s.SpanKind) {
	case semconv.SpanKindLLM:
		return LLM
	case semconv.SpanKindTool:
		return Tool
	case semconv.SpanKindAgent:
		return Agent
	case semconv.SpanKindWorkflow:
		return Workflow
	case semconv.SpanKindTask:
		return Task
	case semconv.SpanKindSession:
		return Session
	case semconv.SpanKindOperation:
		if s.Action {
			return Action
		}
		return Other
	}
	switch op := s.Operation; {
	case s.Action:
		return Action
	case s.Tool || op == semconv.GenAIOperationNameExecuteTool:
		return Tool
	case op == semconv.GenAIOperationNameInvokeAgent:
		return Agent
	case op == semconv.GenAIOperationNameInvokeWorkflow:
		return Workflow
	case s.GenAI || op != "":
		return LLM
	}
	return Other
}

// Tokens reads a token count recorded as an int or, by some
// instrumentations, as a float or a decimal string; 0 otherwise (nil
// included), and 0 for a count that is not one (see Count). v is a pointer
// so that no Value is copied.
func Tokens(v *attribute.Value) int64 {
	n, _ := Count(v)
	return n
}

// Count reads a token count as Tokens does and reports whether it is one:
// a negative number, a NaN or an infinity is not (0, false). A float past
// the int64 range saturates. A value of another type, or a string that is
// not a whole number, reads as 0 and counts as valid, as before.
func Count(v *attribute.Value) (int64, bool) {
	if v == nil {
		return 0, true
	}
	var n int64
	switch v.Type() {
	case attribute.INT64:
		n = v.AsInt64()
	case attribute.FLOAT64:
		f := v.AsFloat64()
		switch {
		case f != f || f < 0: // NaN, -Inf, negative
			return 0, false
		case f >= math.MaxInt64: // +Inf included
			return math.MaxInt64, f <= math.MaxFloat64
		}
		n = int64(f)
	case attribute.STRING:
		n, _ = strconv.ParseInt(v.AsString(), 10, 64)
	}
	if n < 0 {
		return 0, false
	}
	return n, true
}

// Sum adds token counts, which are not negative, saturating at
// math.MaxInt64 instead of wrapping to a negative total.
func Sum(a, b int64) int64 {
	if s := a + b; s >= a {
		return s
	}
	return math.MaxInt64
}
