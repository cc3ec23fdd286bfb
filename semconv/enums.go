package semconv

import "go.opentelemetry.io/otel/attribute"

// SpanKind is a value of AgentOpsSpanKindKey: what an AgentOps span stands for.
type SpanKind string

// The span kinds the AgentOps backend knows.
const (
	SpanKindSession   SpanKind = "session"   // a session's root span
	SpanKindAgent     SpanKind = "agent"     // an agent's run
	SpanKindWorkflow  SpanKind = "workflow"  // a workflow
	SpanKindTask      SpanKind = "task"      // a task inside a workflow
	SpanKindOperation SpanKind = "operation" // an action (with AgentOpsActionTypeKey)
	SpanKindTool      SpanKind = "tool"      // a tool call
	SpanKindLLM       SpanKind = "llm"       // an LLM call
	SpanKindChain     SpanKind = "chain"     // a chain of calls
	SpanKindText      SpanKind = "text"      // a text span
	SpanKindGuardrail SpanKind = "guardrail" // a guardrail check
	SpanKindHTTP      SpanKind = "http"      // an HTTP call
	SpanKindUnknown   SpanKind = "unknown"   // anything else
)

// Attribute returns the agentops.span.kind attribute with this kind.
func (k SpanKind) Attribute() attribute.KeyValue { return AgentOpsSpanKind(string(k)) }

// EndState is a value of AgentOpsSessionEndStateKey: how a session ended.
type EndState string

// The only end states a session may have. The AgentOps backend stores them as
// a database enum, so the spelling is exact.
const (
	EndStateSuccess       EndState = "Success"
	EndStateFail          EndState = "Fail"
	EndStateIndeterminate EndState = "Indeterminate"
)

// Valid reports whether s is one of the three end states, spelled exactly.
func (s EndState) Valid() bool {
	return s == EndStateSuccess || s == EndStateFail || s == EndStateIndeterminate
}

// ToolState is a value of ToolStatusKey: the state of a tool call.
type ToolState string

// The states of a tool call.
const (
	ToolStatusExecuting ToolState = "executing"
	ToolStatusSucceeded ToolState = "succeeded"
	ToolStatusFailed    ToolState = "failed"
)

// Values of GenAIOperationNameKey (OTel GenAI vocabulary).
const (
	GenAIOperationNameChat            = "chat"
	GenAIOperationNameTextCompletion  = "text_completion"
	GenAIOperationNameEmbeddings      = "embeddings"
	GenAIOperationNameGenerateContent = "generate_content"
	GenAIOperationNameInvokeAgent     = "invoke_agent"
	GenAIOperationNameInvokeWorkflow  = "invoke_workflow"
	GenAIOperationNameExecuteTool     = "execute_tool"
)

// Values of NetworkTransportKey for MCP sessions, as the OTel MCP
// conventions name them.
const (
	NetworkTransportPipe = "pipe" // stdio
	NetworkTransportTCP  = "tcp"  // HTTP (streamable HTTP, SSE)
)

// ErrorTypeToolError is the error.type of an MCP tools/call whose result has
// isError set (the OTel MCP conventions' value): the tool failed, the
// protocol did not.
const ErrorTypeToolError = "tool_error"

// Values of GenAIOutputTypeKey: the output format a request asked for.
const (
	GenAIOutputTypeText   = "text"
	GenAIOutputTypeJSON   = "json"
	GenAIOutputTypeImage  = "image"
	GenAIOutputTypeSpeech = "speech"
)

// The finish reasons of an output message in gen_ai.output.messages, as the
// OTel GenAI schema names them. gen_ai.response.finish_reasons keeps the
// provider's own values (tool_calls, end_turn, ...).
const (
	FinishReasonStop          = "stop"
	FinishReasonLength        = "length"
	FinishReasonContentFilter = "content_filter"
	FinishReasonToolCall      = "tool_call"
	FinishReasonError         = "error"
)

// Values of GenAIRequestTypeKey (AgentOps view).
const (
	GenAIRequestTypeChat       = "chat"
	GenAIRequestTypeCompletion = "completion"
	GenAIRequestTypeEmbedding  = "embedding"
)

// Values of GenAIProviderNameKey. The AgentOps view sends the same value
// as GenAISystemKey. GenAIProviderOther stands for a provider the SDK
// cannot tell (an agent span that was given none and made no LLM call).
const (
	GenAIProviderOpenAI      = "openai"
	GenAIProviderAzureOpenAI = "azure.ai.openai"
	GenAIProviderAnthropic   = "anthropic"
	GenAIProviderGemini      = "gcp.gemini"
	GenAIProviderVertexAI    = "gcp.vertex_ai"
	GenAIProviderBedrock     = "aws.bedrock"
	GenAIProviderMistral     = "mistral_ai"
	GenAIProviderGroq        = "groq"
	GenAIProviderDeepSeek    = "deepseek"
	GenAIProviderXAI         = "x_ai"
	GenAIProviderCohere      = "cohere"
	GenAIProviderPerplexity  = "perplexity"
	GenAIProviderOther       = "_OTHER"
)

// Values of GenAITokenTypeKey.
const (
	GenAITokenTypeInput  = "input"
	GenAITokenTypeOutput = "output"
)
