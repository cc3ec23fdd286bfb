package sessiondoc

import (
	"math"
	"slices"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/semconv"
)

// spanView is what the session model reads from one span, gathered in one
// pass over its attributes. It reads the recording's keys (the OTel GenAI
// conventions and agentops.*) first, and the AgentOps vocabulary of other
// instrumentation (operation.name, gen_ai.usage.prompt_tokens, tool.name,
// ...) only where the recording's key is absent.
type spanView struct {
	kind, name string
	operation  string // gen_ai.operation.name
	inherited  bool   // agentops.session.inherited: a span of a joined session
	stamped    bool   // agentops.session.id: a span of a session's trace

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
	systemJSON                   string
	inputJSON, outputJSON        string
	params                       map[string]any
	finishReasons                []string

	// Tools and actions.
	toolish                         bool
	toolName, toolInput, toolOutput string
	actionType, actionLogs, shot    string
	opInput, opOutput               string

	// Errors.
	errType, errMessage, errCode, trigger string

	pending pendingView
}

// pendingView holds the values resolve chooses among once every key is
// read: the recording's key wins, the AgentOps vocabulary's is the
// fallback, whatever their order on the span.
type pendingView struct {
	name                            string // operation.name
	promptTokens, completionTkns    *attribute.Value
	inputTokens, outputTokens       *attribute.Value // the recording's, to tell absent from 0
	cost, userCost                  *attribute.Value // gen_ai.usage.total_cost, agentops.llm.cost_usd
	toolName, toolInput, toolOutput string           // tool.name, agentops.tool.input/tool.parameters, ...
	ttft, streamTTFT                *attribute.Value // gen_ai.response.time_to_first_chunk, gen_ai.streaming.time_to_first_token
	finishReason                    string           // gen_ai.response.finish_reason
}

type hostView struct {
	name, arch, osType, osDesc, runtime, runtimeVersion string
	cpus, memory                                        int64
}

// viewOf reads s in one pass over its attributes.
func viewOf(s sdktrace.ReadOnlySpan) *spanView {
	v := &spanView{}
	attrs := s.Attributes()
	for i := range attrs {
		v.read(&attrs[i])
	}
	v.resolve()
	return v
}

// resolve chooses between the recording's values and the fallbacks.
func (v *spanView) resolve() {
	p := &v.pending
	if v.name == "" {
		v.name = p.name
	}
	if p.inputTokens != nil {
		v.promptTokens = spanclass.Tokens(p.inputTokens)
	} else {
		v.promptTokens = spanclass.Tokens(p.promptTokens)
	}
	if p.outputTokens != nil {
		v.completionTkns = spanclass.Tokens(p.outputTokens)
	} else {
		v.completionTkns = spanclass.Tokens(p.completionTkns)
	}
	switch {
	case p.userCost != nil:
		v.cost, v.hasCost = p.userCost.AsFloat64(), true
	case p.cost != nil:
		v.cost, v.hasCost = p.cost.AsFloat64(), true
	}
	if !finite(v.cost) { // JSON has no NaN or infinity: one would fail the whole document
		v.cost, v.hasCost = 0, false
	}
	if v.toolName == "" {
		v.toolName = p.toolName
	}
	if v.toolInput == "" {
		v.toolInput = p.toolInput
	}
	if v.toolOutput == "" {
		v.toolOutput = p.toolOutput
	}
	if v.finishReasons == nil && p.finishReason != "" {
		v.finishReasons = []string{p.finishReason}
	}
}

// ttftMillis returns the time to the first token in milliseconds, rounded
// to the microsecond (no float noise), from the recording's
// gen_ai.response.time_to_first_chunk or else the AgentOps vocabulary's
// gen_ai.streaming.time_to_first_token (both in seconds); nil when the
// span has neither, or a value that is no duration.
func (v *spanView) ttftMillis() *float64 {
	val := v.pending.ttft
	if val == nil {
		val = v.pending.streamTTFT
	}
	if val == nil {
		return nil
	}
	var sec float64
	switch val.Type() {
	case attribute.FLOAT64:
		sec = val.AsFloat64()
	case attribute.INT64:
		sec = float64(val.AsInt64())
	default:
		return nil
	}
	if !finite(sec) || sec < 0 {
		return nil
	}
	ms := math.Round(sec*1e6) / 1e3
	return &ms
}

func (v *spanView) read(kv *attribute.KeyValue) {
	switch kv.Key {
	case semconv.AgentOpsSpanKindKey:
		v.kind = kv.Value.AsString()
	case semconv.AgentOpsSessionNameKey:
		v.name = kv.Value.AsString()
	case semconv.GenAIResponseTimeToFirstChunkKey:
		v.pending.ttft = &kv.Value
	case semconv.GenAIStreamingTimeToFirstTokenKey:
		v.pending.streamTTFT = &kv.Value
	case semconv.GenAIResponseFinishReasonsKey:
		v.finishReasons = kv.Value.AsStringSlice()
	case semconv.GenAIResponseFinishReasonKey:
		v.pending.finishReason = kv.Value.AsString()
	case semconv.OperationNameKey:
		v.pending.name = kv.Value.AsString()
	case semconv.AgentOpsSessionEndStateKey:
		v.endState = kv.Value.AsString()
	case semconv.AgentOpsSessionEndStateReasonKey:
		v.endReason = kv.Value.AsString()
	case semconv.AgentOpsSessionIDKey:
		v.stamped = true
	case semconv.AgentOpsSessionInheritedKey:
		v.inherited = kv.Value.AsBool()
	case semconv.AgentOpsSessionVideoKey:
		v.video = kv.Value.AsString()
	case semconv.AgentOpsTagsKey:
		v.tags = kv.Value.AsStringSlice()
	case semconv.HostNameKey:
		v.host.name = kv.Value.AsString()
	case semconv.HostArchKey:
		v.host.arch = kv.Value.AsString()
	case semconv.OSTypeKey:
		v.host.osType = kv.Value.AsString()
	case semconv.OSDescriptionKey:
		v.host.osDesc = kv.Value.AsString()
	case semconv.ProcessRuntimeNameKey:
		v.host.runtime = kv.Value.AsString()
	case semconv.ProcessRuntimeVersionKey:
		v.host.runtimeVersion = kv.Value.AsString()
	case semconv.CPUCountKey:
		v.host.cpus = kv.Value.AsInt64()
	case semconv.MemoryTotalKey:
		v.host.memory = kv.Value.AsInt64()
	case semconv.GenAISystemKey, semconv.GenAIProviderNameKey:
		v.genAI = true
	case semconv.GenAIOperationNameKey:
		op := kv.Value.AsString()
		v.operation = op
		v.genAI = v.genAI || isLLMOperation(op)
		v.toolish = v.toolish || op == semconv.GenAIOperationNameExecuteTool
	case semconv.GenAIRequestModelKey:
		v.genAI, v.reqModel = true, kv.Value.AsString()
		v.param("model", kv.Value.AsString())
	case semconv.GenAIResponseModelKey:
		v.genAI, v.respModel = true, kv.Value.AsString()
	case semconv.GenAIUsageInputTokensKey:
		v.pending.inputTokens = &kv.Value
	case semconv.GenAIUsageOutputTokensKey:
		v.pending.outputTokens = &kv.Value
	case semconv.GenAIUsagePromptTokensKey:
		v.pending.promptTokens = &kv.Value
	case semconv.GenAIUsageCompletionTokensKey:
		v.pending.completionTkns = &kv.Value
	case semconv.AgentOpsLLMCostUSDKey:
		v.pending.userCost = &kv.Value
	case semconv.GenAIUsageTotalCostKey:
		v.pending.cost = &kv.Value
	case semconv.GenAISystemInstructionsKey:
		v.systemJSON = kv.Value.AsString()
	case semconv.GenAIInputMessagesKey:
		v.inputJSON = kv.Value.AsString()
	case semconv.GenAIOutputMessagesKey:
		v.outputJSON = kv.Value.AsString()
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
	case semconv.GenAIToolNameKey:
		v.toolish, v.toolName = true, kv.Value.AsString()
	case semconv.GenAIToolCallIDKey:
		v.toolish = true
	case semconv.GenAIToolCallArgumentsKey:
		v.toolInput = kv.Value.AsString()
	case semconv.GenAIToolCallResultKey:
		v.toolOutput = kv.Value.AsString()
	case semconv.ToolNameKey:
		v.toolish, v.pending.toolName = true, kv.Value.AsString()
	case semconv.AgentOpsToolInputKey, semconv.ToolParametersKey:
		v.pending.toolInput = kv.Value.AsString()
	case semconv.AgentOpsToolOutputKey, semconv.ToolResultKey:
		v.pending.toolOutput = kv.Value.AsString()
	case semconv.AgentOpsActionTypeKey:
		v.actionType = kv.Value.AsString()
	case semconv.AgentOpsActionLogsKey:
		v.actionLogs = kv.Value.AsString()
	case semconv.AgentOpsActionScreenshotKey:
		v.shot = kv.Value.AsString()
	case semconv.AgentOpsOperationInputKey:
		v.opInput = kv.Value.AsString()
	case semconv.AgentOpsOperationOutputKey:
		v.opOutput = kv.Value.AsString()
	case semconv.ErrorTypeKey:
		v.errType = kv.Value.AsString()
	case semconv.ErrorMessageKey:
		v.errMessage = kv.Value.AsString()
	case semconv.AgentOpsErrorCodeKey:
		v.errCode = kv.Value.AsString()
	case semconv.AgentOpsErrorTriggerSpanIDKey:
		v.trigger = kv.Value.AsString()
	default:
		v.readStats(kv)
	}
}

// readStats reads the session statistics of a root span.
func (v *spanView) readStats(kv *attribute.KeyValue) {
	switch kv.Key {
	case semconv.AgentOpsSessionLLMCallsKey:
		v.stats.LLMCalls = kv.Value.AsInt64()
	case semconv.AgentOpsSessionToolCallsKey:
		v.stats.ToolCalls = kv.Value.AsInt64()
	case semconv.AgentOpsSessionActionsKey:
		v.stats.Actions = kv.Value.AsInt64()
	case semconv.AgentOpsSessionErrorsKey:
		v.stats.Errors = kv.Value.AsInt64()
	case semconv.AgentOpsSessionInputTokensKey:
		v.stats.InputTokens = kv.Value.AsInt64()
	case semconv.AgentOpsSessionOutputTokensKey:
		v.stats.OutputTokens = kv.Value.AsInt64()
	case semconv.AgentOpsSessionTotalTokensKey:
		v.stats.TotalTokens = kv.Value.AsInt64()
	case semconv.AgentOpsSessionCostUSDKey:
		if c := kv.Value.AsFloat64(); finite(c) {
			v.stats.CostUSD = c
		}
	case semconv.AgentOpsSessionUnpricedLLMCallsKey:
		v.stats.UnpricedLLMCalls = kv.Value.AsInt64()
	default:
		return
	}
	v.hasStats = true
}

// param sets the request parameter name, unless value is a NaN or an
// infinity (from instrumentation other than otelagentops, which records
// none): JSON has no such number, and one would fail the whole document.
func (v *spanView) param(name string, value any) {
	switch x := value.(type) {
	case float64:
		if !finite(x) {
			return
		}
	case []float64:
		if !slices.ContainsFunc(x, func(f float64) bool { return !finite(f) }) {
			break
		}
		value = slices.DeleteFunc(slices.Clone(x), func(f float64) bool { return !finite(f) })
	}
	if v.params == nil {
		v.params = make(map[string]any, 4)
	}
	v.params[name] = value
}

// finite reports whether x is neither NaN nor an infinity.
func finite(x float64) bool { return x-x == 0 }

// isLLMOperation reports whether a gen_ai.operation.name is an LLM call's.
func isLLMOperation(op string) bool {
	switch op {
	case semconv.GenAIOperationNameChat, semconv.GenAIOperationNameTextCompletion,
		semconv.GenAIOperationNameEmbeddings, semconv.GenAIOperationNameGenerateContent:
		return true
	}
	return false
}
