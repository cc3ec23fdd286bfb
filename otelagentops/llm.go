package otelagentops

import (
	"context"
	"slices"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// LLMRequest describes an LLM call as it starts. Optional numeric parameters
// are pointers because zero is a legal value: Temperature: new(0.2).
//
// A float that is NaN or infinite is not recorded (no backend or JSON
// document takes it): it is dropped and counted in Stats.DroppedValues.
type LLMRequest struct {
	Provider  string    // e.g. semconv.GenAIProviderOpenAI; goes to gen_ai.provider.name and gen_ai.system
	Operation string    // semconv.GenAIOperationName*; default chat
	Model     string    // the requested model
	Messages  []Message // the chat history; system messages that are part of it stay here
	// SystemInstructions are instructions given apart from the chat history
	// (Anthropic's system, the Responses API's instructions), one text part
	// each; recorded as gen_ai.system_instructions.
	SystemInstructions []string
	MaxTokens          *int
	Temperature        *float64
	TopP               *float64
	TopK               *float64
	FrequencyPenalty   *float64
	PresencePenalty    *float64
	Seed               *int
	StopSequences      []string
	Stream             bool
	ChoiceCount        int    // candidate completions asked for (OpenAI's n); recorded when not 0 or 1
	OutputType         string // the output format asked for: semconv.GenAIOutputType*; "" when the request names none
	ServerAddress      string
	ServerPort         int
	StartTime          time.Time // zero: now
}

// LLMResponse describes how an LLM call ended. A CostUSD that is NaN or
// infinite, and a negative token count, are not recorded: they are dropped
// and counted in Stats.DroppedValues.
type LLMResponse struct {
	ID               string
	Model            string // the model that answered; prices are looked up on it first
	FinishReasons    []string
	Messages         []Message
	Usage            Usage
	CostUSD          *float64      // only a cost you know (agentops.llm.cost_usd): it overrides the AgentOps backend's pricing
	TimeToFirstToken time.Duration // streaming only
	Incomplete       bool          // a stream that ended before its final event
	ErrorType        string        // error.type when the call failed; default: derived from the error
	UsageUnknown     bool          // the provider reported no usage: no token attributes, and the call counts as unpriced
	EndTime          time.Time     // zero: now
}

// Usage counts the tokens of one LLM call. InputTokens includes cached
// input tokens and OutputTokens includes reasoning tokens (OpenAI's
// convention; add Anthropic's cache tokens to its input_tokens).
type Usage struct {
	InputTokens  int64
	OutputTokens int64
	// TotalTokens is the provider's own total, when it reports one. It is
	// not recorded: OTel GenAI has no total, and the AgentOps view and the
	// session stats use InputTokens + OutputTokens.
	TotalTokens      int64
	CacheReadTokens  int64
	CacheWriteTokens int64
	ReasoningTokens  int64
}

// LLMCall is an LLM call in progress: a CLIENT span named
// "{operation} {model}". Its methods are no-ops on a nil *LLMCall, so that
// the value returned with an error can still be ended.
type LLMCall struct {
	span    trace.Span
	content content
	dropped *atomic.Int64 // the session's count of values not recorded
}

// StartLLM starts an LLM call span in the session ctx carries (else c's only
// active session) and returns a context carrying it. End it with End.
func (c *Client) StartLLM(ctx context.Context, req LLMRequest) (context.Context, *LLMCall, error) {
	s, err := sessionFor(ctx, c)
	if err != nil {
		return ctx, nil, err
	}
	return s.startLLM(ctx, req)
}

func (s *Session) startLLM(ctx context.Context, req LLMRequest) (context.Context, *LLMCall, error) {
	op := req.Operation
	if op == "" {
		op = semconv.GenAIOperationNameChat
	}
	name := op
	if req.Model != "" {
		name += " " + req.Model
	}
	call := &LLMCall{content: s.client.content(), dropped: &s.dropped}
	var buf [attrBufLen]attribute.KeyValue
	attrs, dropped := appendRequestAttributes(buf[:0], op, req)
	if dropped > 0 {
		s.dropped.Add(int64(dropped))
	}
	attrs = append(attrs, s.convID)
	attrs = call.content.appendSystemInstructions(attrs, req.SystemInstructions)
	attrs = call.content.appendMessages(attrs, ContentPrompt, req.Messages)
	opts := make([]trace.SpanStartOption, 1, 3)
	opts[0] = withKind(trace.SpanKindClient)
	if !req.StartTime.IsZero() {
		opts = append(opts, trace.WithTimestamp(req.StartTime))
	}
	if req.Provider != "" {
		noteAgentProvider(ctx, req.Provider)
	}
	ctx, call.span = s.startSpan(ctx, name, attrs, opts...)
	return context.WithValue(ctx, llmCallKey{}, call), call, nil
}

type llmCallKey struct{}

// LLMCallFromContext returns the LLM call ctx carries (the context StartLLM
// returned, or one derived from it) while it has not ended, else nil.
//
// It is how one LLM call is recorded once: an integration that records a
// framework's model call with StartLLM passes the returned context down to
// the model's HTTP client, and llmhttp, finding an open call there, steps
// aside instead of recording the same call a second time.
func LLMCallFromContext(ctx context.Context) *LLMCall {
	if ctx == nil {
		return nil
	}
	call, _ := ctx.Value(llmCallKey{}).(*LLMCall)
	if call == nil || !call.span.IsRecording() {
		return nil
	}
	return call
}

// attrBufLen is the size of the stack buffers an LLM span's attributes are
// built in, enough for a call without content. They are then copied to a
// slice of exactly their length: a span's attributes are a third of the
// bytes it allocates, and every spare one was garbage to collect.
const attrBufLen = 24

// appendRequestAttributes appends an LLM span's request attributes to
// attrs, in the OTel GenAI vocabulary: each fact once. The AgentOps view
// (exporter) derives the keys the AgentOps backend reads from them. It
// returns how many values it dropped: NaN and infinite floats.
func appendRequestAttributes(attrs []attribute.KeyValue, op string, r LLMRequest) ([]attribute.KeyValue, int) {
	dropped := 0
	attrs = append(attrs, semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName(op))
	if r.Provider != "" {
		attrs = append(attrs, semconv.GenAIProviderName(r.Provider))
	}
	if r.Model != "" {
		attrs = append(attrs, semconv.GenAIRequestModel(r.Model))
	}
	if r.Stream {
		attrs = append(attrs, semconv.GenAIRequestStream(true)) // unset means not streamed
	}
	if r.MaxTokens != nil {
		attrs = append(attrs, semconv.GenAIRequestMaxTokens(*r.MaxTokens))
	}
	for _, p := range []struct {
		v   *float64
		key attribute.Key
	}{
		{r.Temperature, semconv.GenAIRequestTemperatureKey}, {r.TopP, semconv.GenAIRequestTopPKey},
		{r.TopK, semconv.GenAIRequestTopKKey}, {r.FrequencyPenalty, semconv.GenAIRequestFrequencyPenaltyKey},
		{r.PresencePenalty, semconv.GenAIRequestPresencePenaltyKey},
	} {
		switch {
		case p.v == nil:
		case finite(*p.v):
			attrs = append(attrs, p.key.Float64(*p.v))
		default:
			dropped++
		}
	}
	if r.Seed != nil {
		attrs = append(attrs, semconv.GenAIRequestSeed(*r.Seed))
	}
	if len(r.StopSequences) > 0 {
		attrs = append(attrs, semconv.GenAIRequestStopSequences(r.StopSequences))
	}
	if r.ChoiceCount > 1 {
		attrs = append(attrs, semconv.GenAIRequestChoiceCount(r.ChoiceCount))
	}
	if r.OutputType != "" {
		attrs = append(attrs, semconv.GenAIOutputType(r.OutputType))
	}
	if r.ServerAddress != "" {
		attrs = append(attrs, semconv.ServerAddress(r.ServerAddress))
	}
	if r.ServerPort > 0 {
		attrs = append(attrs, semconv.ServerPort(r.ServerPort))
	}
	return attrs, dropped
}

// finite reports whether x is neither NaN nor an infinity: a number that
// JSON, OTLP backends and the session stats can take.
func finite(x float64) bool { return x-x == 0 }

// Span returns the call's span (a no-op span for a nil call).
func (l *LLMCall) Span() trace.Span {
	if l == nil {
		return trace.SpanFromContext(context.Background())
	}
	return l.span
}

// End records the response (and err, when the call failed) and ends the
// span. Calls after the first do nothing, as with any OTel span.
func (l *LLMCall) End(resp LLMResponse, err error) {
	if l == nil || !l.span.IsRecording() {
		return
	}
	var buf [attrBufLen]attribute.KeyValue
	attrs, dropped := appendResponseAttributes(buf[:0], resp)
	if dropped > 0 {
		l.dropped.Add(int64(dropped))
	}
	attrs = l.content.appendMessages(attrs, ContentCompletion, endedMessages(resp, err))
	l.span.SetAttributes(slices.Clone(attrs)...)
	if err != nil {
		recordError(l.span, err)
		if resp.ErrorType != "" {
			l.span.SetAttributes(semconv.ErrorType(resp.ErrorType))
		}
	}
	if resp.EndTime.IsZero() {
		l.span.End()
		return
	}
	l.span.End(trace.WithTimestamp(resp.EndTime))
}

// endedMessages returns the completion messages of resp; when the call
// failed or its stream was cut, those that name no finish reason finished
// in error (not "stop", which an output message without one reads as).
func endedMessages(resp LLMResponse, err error) []Message {
	if err == nil && !resp.Incomplete {
		return resp.Messages
	}
	msgs := slices.Clone(resp.Messages)
	for i := range msgs {
		if msgs[i].FinishReason == "" {
			msgs[i].FinishReason = semconv.FinishReasonError
		}
	}
	return msgs
}

// RecordLLM records a whole LLM call at once (from req.StartTime to
// resp.EndTime) in the session ctx carries, else c's only active session.
func (c *Client) RecordLLM(ctx context.Context, req LLMRequest, resp LLMResponse, callErr error) error {
	_, call, err := c.StartLLM(ctx, req)
	if err != nil {
		return err
	}
	call.End(resp, callErr)
	return nil
}
