package exporter

import (
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/semconv"
)

// spanView is what the session model reads from one span, gathered in one
// pass over its attributes.
type spanView struct {
	kind, name string

	// Session root.
	endState, endReason, video string
	tags                       []string
	host                       hostView
	stats                      Stats
	hasStats                   bool

	// LLM calls.
	genAI                        bool
	reqModel, respModel          string
	promptTokens, completionTkns int64
	cost                         float64
	hasCost                      bool
	inputJSON, outputJSON        string
	params                       map[string]any

	// Tools and actions.
	toolish                         bool
	toolName, toolInput, toolOutput string
	actionType, actionLogs, shot    string
	opInput, opOutput               string

	// Errors.
	errType, errMessage, errCode, trigger string
}

type hostView struct {
	name, arch, osType, osDesc, runtime, runtimeVersion string
	cpus, memory                                        int64
}

// viewOf reads s in one pass over its attributes.
func viewOf(s sdktrace.ReadOnlySpan) *spanView {
	v := &spanView{}
	for _, kv := range s.Attributes() {
		v.read(kv)
	}
	return v
}

func (v *spanView) read(kv attribute.KeyValue) {
	str := kv.Value.AsString
	switch kv.Key {
	case semconv.AgentOpsSpanKindKey:
		v.kind = str()
	case semconv.OperationNameKey:
		v.name = str()
	case semconv.AgentOpsSessionEndStateKey:
		v.endState = str()
	case semconv.AgentOpsSessionEndStateReasonKey:
		v.endReason = str()
	case semconv.AgentOpsSessionVideoKey:
		v.video = str()
	case semconv.AgentOpsTagsKey:
		v.tags = kv.Value.AsStringSlice()
	case semconv.HostNameKey:
		v.host.name = str()
	case semconv.HostArchKey:
		v.host.arch = str()
	case semconv.OSTypeKey:
		v.host.osType = str()
	case semconv.OSDescriptionKey:
		v.host.osDesc = str()
	case semconv.ProcessRuntimeNameKey:
		v.host.runtime = str()
	case semconv.ProcessRuntimeVersionKey:
		v.host.runtimeVersion = str()
	case semconv.CPUCountKey:
		v.host.cpus = kv.Value.AsInt64()
	case semconv.MemoryTotalKey:
		v.host.memory = kv.Value.AsInt64()
	case semconv.GenAISystemKey, semconv.GenAIProviderNameKey:
		v.genAI = true
	case semconv.GenAIOperationNameKey:
		v.genAI = v.genAI || isLLMOperation(str())
	case semconv.GenAIRequestModelKey:
		v.genAI, v.reqModel = true, str()
		v.param("model", str())
	case semconv.GenAIResponseModelKey:
		v.genAI, v.respModel = true, str()
	case semconv.GenAIUsagePromptTokensKey:
		v.promptTokens = kv.Value.AsInt64()
	case semconv.GenAIUsageInputTokensKey:
		if v.promptTokens == 0 {
			v.promptTokens = kv.Value.AsInt64()
		}
	case semconv.GenAIUsageCompletionTokensKey:
		v.completionTkns = kv.Value.AsInt64()
	case semconv.GenAIUsageOutputTokensKey:
		if v.completionTkns == 0 {
			v.completionTkns = kv.Value.AsInt64()
		}
	case semconv.GenAIUsageTotalCostKey:
		v.cost, v.hasCost = kv.Value.AsFloat64(), true
	case semconv.GenAIInputMessagesKey:
		v.inputJSON = str()
	case semconv.GenAIOutputMessagesKey:
		v.outputJSON = str()
	case semconv.GenAIRequestMaxTokensKey:
		v.param("max_tokens", kv.Value.AsInterface())
	case semconv.GenAIRequestTemperatureKey:
		v.param("temperature", kv.Value.AsInterface())
	case semconv.GenAIRequestTopPKey:
		v.param("top_p", kv.Value.AsInterface())
	case semconv.GenAIRequestTopKKey:
		v.param("top_k", kv.Value.AsInterface())
	case semconv.GenAIRequestSeedKey:
		v.param("seed", kv.Value.AsInterface())
	case semconv.GenAIRequestFrequencyPenaltyKey:
		v.param("frequency_penalty", kv.Value.AsInterface())
	case semconv.GenAIRequestPresencePenaltyKey:
		v.param("presence_penalty", kv.Value.AsInterface())
	case semconv.GenAIRequestStopSequencesKey:
		v.param("stop", kv.Value.AsInterface())
	case semconv.GenAIRequestStreamKey:
		v.param("stream", kv.Value.AsInterface())
	case semconv.ToolNameKey, semconv.GenAIToolNameKey:
		v.toolish, v.toolName = true, str()
	case semconv.GenAIToolCallIDKey:
		v.toolish = true
	case semconv.AgentOpsToolInputKey, semconv.ToolParametersKey, semconv.GenAIToolCallArgumentsKey:
		v.toolInput = str()
	case semconv.AgentOpsToolOutputKey, semconv.ToolResultKey, semconv.GenAIToolCallResultKey:
		v.toolOutput = str()
	case semconv.AgentOpsActionTypeKey:
		v.actionType = str()
	case semconv.AgentOpsActionLogsKey:
		v.actionLogs = str()
	case semconv.AgentOpsActionScreenshotKey:
		v.shot = str()
	case semconv.AgentOpsOperationInputKey:
		v.opInput = str()
	case semconv.AgentOpsOperationOutputKey:
		v.opOutput = str()
	case semconv.ErrorTypeKey:
		v.errType = str()
	case semconv.ErrorMessageKey:
		v.errMessage = str()
	case semconv.AgentOpsErrorCodeKey:
		v.errCode = str()
	case semconv.AgentOpsErrorTriggerSpanIDKey:
		v.trigger = str()
	default:
		v.readStats(kv)
	}
}

// readStats reads the session statistics of a root span.
func (v *spanView) readStats(kv attribute.KeyValue) {
	n := kv.Value.AsInt64
	switch kv.Key {
	case semconv.AgentOpsSessionLLMCallsKey:
		v.stats.LLMCalls = n()
	case semconv.AgentOpsSessionToolCallsKey:
		v.stats.ToolCalls = n()
	case semconv.AgentOpsSessionActionsKey:
		v.stats.Actions = n()
	case semconv.AgentOpsSessionErrorsKey:
		v.stats.Errors = n()
	case semconv.AgentOpsSessionInputTokensKey:
		v.stats.InputTokens = n()
	case semconv.AgentOpsSessionOutputTokensKey:
		v.stats.OutputTokens = n()
	case semconv.AgentOpsSessionTotalTokensKey:
		v.stats.TotalTokens = n()
	case semconv.AgentOpsSessionCostUSDKey:
		v.stats.CostUSD = kv.Value.AsFloat64()
	case semconv.AgentOpsSessionUnpricedLLMCallsKey:
		v.stats.UnpricedLLMCalls = n()
	default:
		return
	}
	v.hasStats = true
}

func (v *spanView) param(name string, value any) {
	if v.params == nil {
		v.params = make(map[string]any, 4)
	}
	v.params[name] = value
}

// isLLMOperation reports whether a gen_ai.operation.name is an LLM call's.
func isLLMOperation(op string) bool {
	switch op {
	case semconv.GenAIOperationNameChat, semconv.GenAIOperationNameTextCompletion,
		semconv.GenAIOperationNameEmbeddings, semconv.GenAIOperationNameGenerateContent:
		return true
	}
	return false
}
