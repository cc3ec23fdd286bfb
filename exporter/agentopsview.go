package exporter

import (
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/semconv"
)

// AgentOpsView returns s as the AgentOps backend and dashboard read it, or
// s itself when the view changes nothing. The recording (the OTel GenAI
// conventions plus the agentops.* keys) is mapped as follows:
//
//   - Only LLM calls keep gen_ai.* keys. They gain the AgentOps usage keys
//     (gen_ai.usage.prompt_tokens, completion_tokens, total_tokens,
//     cache_read_input_tokens, cache_creation_input_tokens,
//     reasoning_tokens) in place of the OTel ones,
//     gen_ai.streaming.time_to_first_token in place of
//     gen_ai.response.time_to_first_chunk, gen_ai.system,
//     gen_ai.request.type, gen_ai.request.streaming,
//     gen_ai.response.finish_reason, gen_ai.usage.total_cost (from
//     agentops.llm.cost_usd only), and the
//     indexed content gen_ai.prompt.{i}.role/content (system instructions
//     first) and gen_ai.completion.{i}.role/content/finish_reason (with
//     .tool_calls.{j}.id/name/arguments) in place of the JSON content
//     keys. Every "." of the model in the span name becomes U+2024 "․",
//     so that the dashboard's header (the text after the last ".") shows
//     the whole model; an Unset status becomes Ok.
//   - Each fact of an LLM call is sent once: the view leaves out the keys
//     of the recording whose fact one of its own keys carries, and which
//     the AgentOps backend and dashboard do not read. They are
//     gen_ai.provider.name when gen_ai.system has its value,
//     gen_ai.request.stream (for gen_ai.request.streaming),
//     gen_ai.response.finish_reasons when it holds one reason (for
//     gen_ai.response.finish_reason; several are kept), and
//     gen_ai.conversation.id when it is the span's agentops.session.id.
//     A key with a fact of its own (a provider other than gen_ai.system's,
//     another conversation) stays.
//   - Every other span loses all its gen_ai.* keys. Tools gain tool.name,
//     tool.parameters, tool.result, tool.status, agentops.tool.input,
//     agentops.tool.output, agentops.tool.call_id and agentops.tool.type
//     and are named {name}.tool; agents gain agent.name and agent.id and
//     are named {name}.agent; workflows are named {name}.workflow.
//   - Every span with an entity name (session, task, tool, agent, workflow,
//     action type, error kind) gains operation.name.
//   - A failed call is one error, as in the session stats: the dashboard
//     counts every span with status Error, and the OTel conventions have
//     both ends of a call report its failure. A SERVER span with status
//     Error whose parent is remote and is not the session root (its
//     caller's span reports the same failure; the rule is
//     internal/spanclass's CallerReports) reads Unset, its description
//     moved to error.message unless it has one; error.type and its other
//     keys stay.
//
// The view's own keys come first in the attribute list; the rest keep
// their order. A key the view would write that the span already has (a
// span of other instrumentation may carry both vocabularies) is not written
// again, which also makes the view idempotent. Spans are classified by
// agentops.span.kind, else by their keys as the AgentOps backend does.
// Everything else (agentops.*, host and error keys but the error.message
// above, events, links, resource, IDs, times, other statuses) is
// unchanged, and s is never modified. It is safe for concurrent use; the AgentOps exporter applies it
// to every batch on its export goroutine, where the spans of a batch share
// the arrays of their new attributes and strings.
func AgentOpsView(s sdktrace.ReadOnlySpan) sdktrace.ReadOnlySpan {
	var v exportSpan
	var scratch viewScratch
	v.load(s)
	if !v.agentOpsView(&scratch) {
		return s
	}
	out := v
	return &out
}

// viewKind is what a span is in the AgentOps view.
type viewKind uint8

const (
	viewOther viewKind = iota
	viewLLM
	viewTool
	viewAgent
	viewWorkflow
	viewTask
	viewSession
	viewAction
	viewError // a span of RecordError: named {kind}.error, status Error
)

// agentOpsView maps s onto the AgentOps view in place and reports whether
// anything changed.
func (s *exportSpan) agentOpsView(scratch *viewScratch) bool {
	var f viewFacts
	f.readFacts(s.attrs)
	kind := f.classify(s.name, s.status.Code)
	var changed bool
	if kind == viewLLM {
		changed = s.llmView(&f, scratch)
	} else {
		changed = s.entityView(&f, kind, scratch)
	}
	return s.callerReportsView(scratch) || changed
}

// classify applies the rule the session stats apply too
// (internal/spanclass), so that the dashboard counts what the stats count.
// A span that rule leaves unclassified is an agent or a workflow when it
// carries only the entity's name, and a failed span named error or
// {kind}.error is an error span.
func (f *viewFacts) classify(name string, code codes.Code) viewKind {
	switch spanclass.Classify(spanclass.Signals{
		SpanKind: f.spanKind, Operation: f.operation, GenAI: f.llm, Tool: f.tool, Action: f.action,
	}) {
	case spanclass.LLM:
		return viewLLM
	case spanclass.Tool:
		return viewTool
	case spanclass.Agent:
		return viewAgent
	case spanclass.Workflow:
		return viewWorkflow
	case spanclass.Task:
		return viewTask
	case spanclass.Session:
		return viewSession
	case spanclass.Action:
		return viewAction
	}
	switch {
	case f.spanKind != "":
		return viewOther
	case f.agentName != "":
		return viewAgent
	case f.workflowName != "":
		return viewWorkflow
	case code == codes.Error && errorKind(name) != "":
		return viewError
	}
	return viewOther
}

// errorKind returns the kind of an error span's name: "timeout" for
// "timeout.error", "error" for "error"; "" for any other name.
func errorKind(name string) string {
	if name == "error" {
		return name
	}
	kind, ok := strings.CutSuffix(name, ".error")
	if !ok {
		return ""
	}
	return kind
}

// entity returns the name of the entity a span of kind stands for, or "".
func (f *viewFacts) entity(kind viewKind, spanName string) string {
	switch kind {
	case viewSession:
		return f.sessionName
	case viewTask:
		if f.taskName != "" {
			return f.taskName
		}
		return f.sessionName // a joined process span: <name>.process
	case viewTool:
		return firstNonEmpty(f.toolName, f.viewToolName)
	case viewAgent:
		return firstNonEmpty(f.agentName, f.viewAgentName)
	case viewWorkflow:
		return f.workflowName
	case viewAction:
		return f.actionType
	case viewError:
		return errorKind(spanName)
	}
	return ""
}

// entityView is the view of every span but an LLM call's: no gen_ai.* key,
// operation.name, the tool.* and agent.* keys, and the name suffixes.
func (s *exportSpan) entityView(f *viewFacts, kind viewKind, scratch *viewScratch) bool {
	var buf [10]attribute.KeyValue
	head := buf[:0]
	entity := f.entity(kind, s.name)
	if entity != "" && f.has&hasOperationName == 0 {
		head = append(head, semconv.OperationName(entity))
	}
	name := s.name
	switch kind {
	case viewTool:
		head = f.appendToolKeys(head, s.status.Code)
		name = scratch.suffixed(name, entity, ".tool")
	case viewAgent:
		head = f.appendAgentKeys(head)
		name = scratch.suffixed(name, entity, ".agent")
	case viewWorkflow:
		name = scratch.suffixed(name, entity, ".workflow")
	}
	if len(head) == 0 && f.genAI == 0 && name == s.name {
		return false
	}
	s.name = name
	if len(head) == 0 && f.genAI == 0 {
		return true
	}
	attrs := scratch.attrs(len(head) + len(s.attrs) - f.genAI)
	attrs = append(attrs, head...)
	for i := range s.attrs {
		if kv := &s.attrs[i]; !isGenAI(kv.Key) {
			attrs = append(attrs, *kv)
		}
	}
	s.attrs = attrs
	return true
}

// appendToolKeys appends the tool.* and agentops.tool.* keys of a tool span
// that it lacks.
func (f *viewFacts) appendToolKeys(head []attribute.KeyValue, code codes.Code) []attribute.KeyValue {
	status := semconv.ToolStatusSucceeded
	if code == codes.Error {
		status = semconv.ToolStatusFailed
	}
	for _, k := range [...]struct {
		has   viewKeys
		kv    attribute.KeyValue
		value string
	}{
		{hasToolName, semconv.ToolName(f.toolName), f.toolName},
		{hasToolParameters, semconv.ToolParameters(f.toolArgs), f.toolArgs},
		{hasToolResult, semconv.ToolResult(f.toolResult), f.toolResult},
		{hasToolStatus, semconv.ToolStatus(string(status)), string(status)},
		{hasToolInput, semconv.AgentOpsToolInput(f.toolArgs), f.toolArgs},
		{hasToolOutput, semconv.AgentOpsToolOutput(f.toolResult), f.toolResult},
		{hasToolCallID, semconv.AgentOpsToolCallID(f.toolCallID), f.toolCallID},
		{hasToolType, semconv.AgentOpsToolType(f.toolType), f.toolType},
	} {
		if k.value != "" && f.has&k.has == 0 {
			head = append(head, k.kv)
		}
	}
	return head
}

// appendAgentKeys appends agent.name and agent.id unless present.
func (f *viewFacts) appendAgentKeys(head []attribute.KeyValue) []attribute.KeyValue {
	if f.agentName != "" && f.has&hasAgentName == 0 {
		head = append(head, semconv.AgentName(f.agentName))
	}
	if f.agentID != "" && f.has&hasAgentID == 0 {
		head = append(head, semconv.AgentID(f.agentID))
	}
	return head
}

// suffixed returns entity+suffix, or name when that is what name is
// already (allocating nothing) or entity is unknown.
func suffixed(name, entity, suffix string) string {
	if entity == "" || (len(name) == len(entity)+len(suffix) && strings.HasPrefix(name, entity) && strings.HasSuffix(name, suffix)) {
		return name
	}
	return entity + suffix
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
