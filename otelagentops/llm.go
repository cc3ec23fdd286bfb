package otelagentops

import (
	"context"
	"slices"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// LLMRequest describes an LLM call as it starts. Optional numeric parameters
// are pointers because zero is a legal value (use Ptr).
type LLMRequest struct {
	Provider         string // e.g. semconv.GenAIProviderOpenAI; goes to gen_ai.provider.name and gen_ai.system
	Operation        string // semconv.GenAIOperationName*; default chat
	Model            string // the requested model
	Messages         []Message
	MaxTokens        *int
	Temperature      *float64
	TopP             *float64
	TopK             *float64
	FrequencyPenalty *float64
	PresencePenalty  *float64
	Seed             *int
	StopSequences    []string
	Stream           bool
	ServerAddress    string
	ServerPort       int
	StartTime        time.Time // zero: now
}

// LLMResponse describes how an LLM call ended.
type LLMResponse struct {
	ID               string
	Model            string // the model that answered; prices are looked up on it first
	FinishReasons    []string
	Messages         []Message
	Usage            Usage
	CostUSD          *float64      // only a cost you know: it overrides the AgentOps backend's pricing
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
	InputTokens      int64
	OutputTokens     int64
	TotalTokens      int64 // zero: input plus output
	CacheReadTokens  int64
	CacheWriteTokens int64
	ReasoningTokens  int64
}

// Ptr returns a pointer to v, for the optional fields of LLMRequest.
func Ptr[T any](v T) *T { return &v }

// LLMCall is an LLM call in progress: a CLIENT span named
// "{operation} {model}". Its methods are no-ops on a nil *LLMCall, so that
// the value returned with an error can still be ended.
type LLMCall struct {
	span    trace.Span
	content content
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
	call := &LLMCall{content: s.client.content()}
	var buf [attrBufLen]attribute.KeyValue
	attrs := appendRequestAttributes(buf[:0], op, req)
	attrs = call.content.appendMessageAttributes(attrs, ContentPrompt, req.Messages)
	opts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(slices.Clone(attrs)...)}
	if !req.StartTime.IsZero() {
		opts = append(opts, trace.WithTimestamp(req.StartTime))
	}
	ctx, call.span = s.client.tracer.Start(s.spanParent(ctx), name, opts...)
	return ctx, call, nil
}

// attrBufLen is the size of the stack buffers an LLM span's attributes are
// built in, enough for a call without content. They are then copied to a
// slice of exactly their length: a span's attributes are a third of the
// bytes it allocates, and every spare one was garbage to collect.
const attrBufLen = 24

// appendRequestAttributes appends an LLM span's request attributes, both
// vocabularies, to attrs.
func appendRequestAttributes(attrs []attribute.KeyValue, op string, r LLMRequest) []attribute.KeyValue {
	attrs = append(attrs,
		semconv.SpanKindLLM.Attribute(),
		semconv.GenAIOperationName(op),
		semconv.GenAIRequestType(requestType(op)),
		semconv.GenAIRequestStreaming(r.Stream),
		semconv.GenAIRequestStream(r.Stream),
	)
	if r.Provider != "" {
		attrs = append(attrs, semconv.GenAIProviderName(r.Provider), semconv.GenAISystem(r.Provider))
	}
	if r.Model != "" {
		attrs = append(attrs, semconv.GenAIRequestModel(r.Model))
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
		if p.v != nil {
			attrs = append(attrs, p.key.Float64(*p.v))
		}
	}
	if r.Seed != nil {
		attrs = append(attrs, semconv.GenAIRequestSeed(*r.Seed))
	}
	if len(r.StopSequences) > 0 {
		attrs = append(attrs, semconv.GenAIRequestStopSequences(r.StopSequences))
	}
	if r.ServerAddress != "" {
		attrs = append(attrs, semconv.ServerAddress(r.ServerAddress))
	}
	if r.ServerPort > 0 {
		attrs = append(attrs, semconv.ServerPort(r.ServerPort))
	}
	return attrs
}

// requestType maps an OTel GenAI operation to the AgentOps request type.
func requestType(op string) string {
	switch op {
	case semconv.GenAIOperationNameTextCompletion:
		return semconv.GenAIRequestTypeCompletion
	case semconv.GenAIOperationNameEmbeddings:
		return semconv.GenAIRequestTypeEmbedding
	}
	return semconv.GenAIRequestTypeChat
}

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
	attrs := appendResponseAttributes(buf[:0], resp)
	attrs = l.content.appendMessageAttributes(attrs, ContentCompletion, resp.Messages)
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
