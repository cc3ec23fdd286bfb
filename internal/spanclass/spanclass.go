// Package spanclass tells what a span stands for, from its attributes
// alone, by one rule shared by the session stats (otelagentops) and the
// AgentOps view (exporter): a span the stats count as an LLM call is one the
// dashboard counts as an LLM call, whoever made it. Tokens reads a token
// count as the AgentOps view and the session document (sessiondoc) do.
package spanclass

import (
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
// included). v is a pointer so that no Value is copied.
func Tokens(v *attribute.Value) int64 {
	if v == nil {
		return 0
	}
	switch v.Type() {
	case attribute.INT64:
		return v.AsInt64()
	case attribute.FLOAT64:
		return int64(v.AsFloat64())
	case attribute.STRING:
		n, _ := strconv.ParseInt(v.AsString(), 10, 64)
		return n
	}
	return 0
}
