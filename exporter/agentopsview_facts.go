package exporter

import (
	"strings"

	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/semconv"
)

// viewKeys is a set of the AgentOps-view keys a span already carries (a
// span of other instrumentation may have both vocabularies, or a span may
// have been viewed once already): the view never writes such a key again.
type viewKeys uint32

const (
	hasSystem viewKeys = 1 << iota
	hasRequestType
	hasStreaming
	hasFinishReason
	hasTimeToFirstToken
	hasPromptTokens
	hasCompletionTokens
	hasTotalTokens
	hasCacheReadTokens
	hasCacheCreationTokens
	hasReasoningTokens
	hasTotalCost
	hasPrompt     // any gen_ai.prompt.{i}.* key
	hasCompletion // any gen_ai.completion.{i}.* key
	hasOperationName
	hasToolName
	hasToolParameters
	hasToolResult
	hasToolStatus
	hasToolInput
	hasToolOutput
	hasToolCallID
	hasToolType
	hasAgentName
	hasAgentID
)

// The OTel usage keys of the recording, in the order of usageKeys.
const (
	usageInput = iota
	usageOutput
	usageCacheRead
	usageCacheCreation
	usageReasoning
	usageKinds
)

// usageKeys maps each OTel usage key of the recording to the AgentOps key
// the view writes in its place.
var usageKeys = [usageKinds]struct {
	to  attribute.Key
	has viewKeys
}{
	usageInput:         {semconv.GenAIUsagePromptTokensKey, hasPromptTokens},
	usageOutput:        {semconv.GenAIUsageCompletionTokensKey, hasCompletionTokens},
	usageCacheRead:     {semconv.GenAIUsageCacheReadInputTokensKey, hasCacheReadTokens},
	usageCacheCreation: {semconv.GenAIUsageCacheCreationInputTokensKey, hasCacheCreationTokens},
	usageReasoning:     {semconv.GenAIUsageReasoningTokensKey, hasReasoningTokens},
}

// viewFacts is what the AgentOps view needs to know of a span, read in one
// pass over its attributes (readFacts). Values are pointers into the
// span's own attribute slice, which is never changed, so that reading
// copies no attribute.Value.
type viewFacts struct {
	spanKind, operation string // agentops.span.kind, gen_ai.operation.name
	llm, tool, action   bool   // evidence of an LLM call, a tool call, an action
	genAI               int    // how many gen_ai.* keys the span has
	has                 viewKeys

	// LLM calls.
	provider, system            string // gen_ai.provider.name, gen_ai.system
	requestModel, respModel     string
	stream, streaming           *attribute.Value // gen_ai.request.stream, gen_ai.request.streaming
	finishReasons               *attribute.Value // gen_ai.response.finish_reasons
	finishReason                string           // gen_ai.response.finish_reason
	sessionID, conversationID   string           // agentops.session.id, gen_ai.conversation.id
	timeToFirstChunk, costUSD   *attribute.Value
	usage                       [usageKinds]*attribute.Value
	instructions, input, output *attribute.Value // the JSON content

	// Entities.
	toolName, toolCallID, toolType, toolArgs, toolResult string
	viewToolName, viewAgentName                          string // tool.name, agent.name
	agentName, agentID, workflowName                     string
	taskName, sessionName, actionType                    string
}

// isGenAI reports whether k is in the gen_ai.* namespace.
func isGenAI(k attribute.Key) bool { return len(k) >= 7 && k[:7] == "gen_ai." }

// readFacts reads attrs once. It allocates nothing.
func (f *viewFacts) readFacts(attrs []attribute.KeyValue) {
	for i := range attrs {
		kv := &attrs[i] // a KeyValue is 64 bytes: read it in place
		if isGenAI(kv.Key) {
			f.genAI++
		}
		switch kv.Key {
		case semconv.AgentOpsSpanKindKey:
			f.spanKind = kv.Value.AsString()
		case semconv.AgentOpsActionTypeKey:
			f.action, f.actionType = true, kv.Value.AsString()
		case semconv.AgentOpsSessionNameKey:
			f.sessionName = kv.Value.AsString()
		case semconv.AgentOpsTaskNameKey:
			f.taskName = kv.Value.AsString()
		case semconv.AgentOpsLLMCostUSDKey:
			f.costUSD = &kv.Value
		case semconv.GenAIOperationNameKey:
			f.operation = kv.Value.AsString()
		case semconv.GenAIProviderNameKey:
			f.llm, f.provider = true, kv.Value.AsString()
		case semconv.GenAISystemKey:
			f.llm, f.has, f.system = true, f.has|hasSystem, kv.Value.AsString()
		case semconv.GenAIRequestStreamingKey:
			f.llm, f.has, f.streaming = true, f.has|hasStreaming, &kv.Value
		case semconv.GenAIResponseFinishReasonKey:
			f.llm, f.has, f.finishReason = true, f.has|hasFinishReason, kv.Value.AsString()
		case semconv.AgentOpsSessionIDKey:
			f.sessionID = kv.Value.AsString()
		case semconv.GenAIRequestModelKey:
			f.llm, f.requestModel = true, kv.Value.AsString()
		case semconv.GenAIResponseModelKey:
			f.llm, f.respModel = true, kv.Value.AsString()
		case semconv.GenAIRequestStreamKey:
			f.llm, f.stream = true, &kv.Value
		case semconv.GenAIResponseFinishReasonsKey:
			f.llm, f.finishReasons = true, &kv.Value
		case semconv.GenAIResponseTimeToFirstChunkKey:
			f.llm, f.timeToFirstChunk = true, &kv.Value
		case semconv.GenAIUsageInputTokensKey:
			f.llm, f.usage[usageInput] = true, &kv.Value
		case semconv.GenAIUsageOutputTokensKey:
			f.llm, f.usage[usageOutput] = true, &kv.Value
		case semconv.GenAIUsageCacheReadTokensKey:
			f.llm, f.usage[usageCacheRead] = true, &kv.Value
		case semconv.GenAIUsageCacheCreationTokensKey:
			f.llm, f.usage[usageCacheCreation] = true, &kv.Value
		case semconv.GenAIUsageReasoningOutputTokensKey:
			f.llm, f.usage[usageReasoning] = true, &kv.Value
		case semconv.GenAISystemInstructionsKey:
			f.llm, f.instructions = true, &kv.Value
		case semconv.GenAIInputMessagesKey:
			f.llm, f.input = true, &kv.Value
		case semconv.GenAIOutputMessagesKey:
			f.llm, f.output = true, &kv.Value
		case semconv.GenAIToolNameKey:
			f.tool, f.toolName = true, kv.Value.AsString()
		case semconv.GenAIToolCallIDKey:
			f.tool, f.toolCallID = true, kv.Value.AsString()
		case semconv.GenAIToolTypeKey:
			f.toolType = kv.Value.AsString()
		case semconv.GenAIToolCallArgumentsKey:
			f.toolArgs = kv.Value.AsString()
		case semconv.GenAIToolCallResultKey:
			f.toolResult = kv.Value.AsString()
		case semconv.GenAIAgentNameKey:
			f.agentName = kv.Value.AsString()
		case semconv.GenAIAgentIDKey:
			f.agentID = kv.Value.AsString()
		case semconv.GenAIWorkflowNameKey:
			f.workflowName = kv.Value.AsString()
		case semconv.GenAIConversationIDKey:
			// Context, not evidence of an LLM call: the root and agents have it.
			f.conversationID = kv.Value.AsString()
		case semconv.ToolNameKey:
			f.viewToolName, f.has = kv.Value.AsString(), f.has|hasToolName
		case semconv.AgentNameKey:
			f.viewAgentName, f.has = kv.Value.AsString(), f.has|hasAgentName
		default:
			f.readOther(kv.Key)
		}
	}
}

// readOther notes the AgentOps-view keys already present, and any other
// gen_ai.* key as evidence of an LLM call (as the AgentOps backend reads
// it), except the agent, workflow and tool namespaces.
func (f *viewFacts) readOther(k attribute.Key) {
	if has := presentKey(k); has != 0 {
		f.has |= has
		f.llm = f.llm || isGenAI(k)
		return
	}
	if !isGenAI(k) {
		return
	}
	switch rest := string(k[7:]); {
	case strings.HasPrefix(rest, "prompt."):
		f.has |= hasPrompt
	case strings.HasPrefix(rest, "completion."):
		f.has |= hasCompletion
	case strings.HasPrefix(rest, "agent."), strings.HasPrefix(rest, "workflow."), strings.HasPrefix(rest, "tool."):
		return
	}
	f.llm = true
}

// presentKey returns the AgentOps-view key k stands for, or 0.
func presentKey(k attribute.Key) viewKeys {
	switch k {
	case semconv.GenAIRequestTypeKey:
		return hasRequestType
	case semconv.GenAIStreamingTimeToFirstTokenKey:
		return hasTimeToFirstToken
	case semconv.GenAIUsagePromptTokensKey:
		return hasPromptTokens
	case semconv.GenAIUsageCompletionTokensKey:
		return hasCompletionTokens
	case semconv.GenAIUsageTotalTokensKey:
		return hasTotalTokens
	case semconv.GenAIUsageCacheReadInputTokensKey:
		return hasCacheReadTokens
	case semconv.GenAIUsageCacheCreationInputTokensKey:
		return hasCacheCreationTokens
	case semconv.GenAIUsageReasoningTokensKey:
		return hasReasoningTokens
	case semconv.GenAIUsageTotalCostKey:
		return hasTotalCost
	case semconv.OperationNameKey:
		return hasOperationName
	case semconv.ToolParametersKey:
		return hasToolParameters
	case semconv.ToolResultKey:
		return hasToolResult
	case semconv.ToolStatusKey:
		return hasToolStatus
	case semconv.AgentOpsToolInputKey:
		return hasToolInput
	case semconv.AgentOpsToolOutputKey:
		return hasToolOutput
	case semconv.AgentOpsToolCallIDKey:
		return hasToolCallID
	case semconv.AgentOpsToolTypeKey:
		return hasToolType
	case semconv.AgentIDKey:
		return hasAgentID
	}
	return 0
}
