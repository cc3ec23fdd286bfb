package exporter

import (
	"strings"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/semconv"
)

// llmHeadKeys bounds the scalar keys the view adds to an LLM span: system,
// request type, streaming, finish reason, time to first token, six usage
// keys and the cost.
const llmHeadKeys = 12

// llmView is the view of an LLM call: the AgentOps keys derived from the
// recording first, then the indexed content, then the span's own keys but
// those the view renames (the OTel usage keys, time to first chunk), the
// JSON content it replaced, and those whose fact a key of the view carries
// (see sameFacts). It returns false only for a span already in the view.
func (s *exportSpan) llmView(f *viewFacts, scratch *viewScratch) bool {
	var headBuf [llmHeadKeys]attribute.KeyValue
	head := f.appendLLMKeys(headBuf[:0])

	var finish []string // the provider's finish reasons
	if f.finishReasons != nil && f.finishReasons.Type() == attribute.STRINGSLICE {
		finish = scratch.finishReasons(f.finishReasons)
	}
	if len(finish) > 0 && f.has&hasFinishReason == 0 {
		head = append(head, semconv.GenAIResponseFinishReason(finish[0]))
	}
	var c llmContent
	c.parse(f, scratch.buffers())
	c.same = f.sameFacts(finish)

	drop := c.same.count() + c.dropped()
	for _, u := range f.usage {
		if u != nil {
			drop++
		}
	}
	if f.timeToFirstChunk != nil {
		drop++
	}
	name := scratch.dotlessModel(s.name, f.requestModel, f.respModel)
	status := s.status
	if status.Code == codes.Unset {
		status.Code = codes.Ok
	}
	n := len(head) + c.count(finish) + len(s.attrs) - drop
	if n == len(s.attrs) && drop == 0 && name == s.name && status == s.status {
		return false
	}
	s.name, s.status = name, status
	attrs := scratch.attrs(n)
	attrs = append(attrs, head...)
	attrs = c.appendIndexed(attrs, finish)
	for i := range s.attrs {
		if kv := &s.attrs[i]; !c.drops(kv) {
			attrs = append(attrs, *kv)
		}
	}
	s.attrs = attrs
	return true
}

// sameFacts are the keys of an LLM span of the recording whose fact a key
// of the view carries, and which the AgentOps backend and dashboard do not
// read: the view leaves them out, so that each fact is sent once.
type sameFacts struct {
	provider      bool // gen_ai.provider.name: gen_ai.system has its value
	stream        bool // gen_ai.request.stream: gen_ai.request.streaming has it
	finishReasons bool // gen_ai.response.finish_reasons of one reason: gen_ai.response.finish_reason has it
	conversation  bool // gen_ai.conversation.id: agentops.session.id has it
}

// sameFacts returns the keys of f that the view's keys make redundant,
// finish being the provider's finish reasons. A key with a fact of its own
// (a provider other than gen_ai.system's, several finish reasons, a
// conversation that is not the session) stays.
func (f *viewFacts) sameFacts(finish []string) sameFacts {
	system, reason := f.provider, "" // gen_ai.system and .response.finish_reason as the view writes them
	if f.has&hasSystem != 0 {
		system = f.system
	}
	if len(finish) > 0 {
		reason = finish[0]
	}
	if f.has&hasFinishReason != 0 {
		reason = f.finishReason
	}
	streaming := f.streaming // as the view writes it: from gen_ai.request.stream
	if streaming == nil {
		streaming = f.stream
	}
	return sameFacts{
		provider:      f.provider != "" && f.provider == system,
		stream:        f.stream != nil && f.stream.Type() == attribute.BOOL && *streaming == *f.stream,
		finishReasons: len(finish) == 1 && finish[0] == reason,
		conversation:  f.conversationID != "" && f.conversationID == f.sessionID,
	}
}

// count returns how many keys d drops.
func (d sameFacts) count() int {
	n := 0
	for _, b := range [...]bool{d.provider, d.stream, d.finishReasons, d.conversation} {
		if b {
			n++
		}
	}
	return n
}

// appendLLMKeys appends the scalar AgentOps keys an LLM span lacks.
func (f *viewFacts) appendLLMKeys(head []attribute.KeyValue) []attribute.KeyValue {
	if f.provider != "" && f.has&hasSystem == 0 {
		head = append(head, semconv.GenAISystem(f.provider))
	}
	if t := requestType(f.operation); t != "" && f.has&hasRequestType == 0 {
		head = append(head, semconv.GenAIRequestType(t))
	}
	if f.has&hasStreaming == 0 && (f.stream != nil || f.spanKind == string(semconv.SpanKindLLM)) {
		head = append(head, semconv.GenAIRequestStreaming(f.stream != nil && f.stream.Type() == attribute.BOOL && f.stream.AsBool()))
	}
	if f.timeToFirstChunk != nil && f.has&hasTimeToFirstToken == 0 {
		head = append(head, attribute.KeyValue{Key: semconv.GenAIStreamingTimeToFirstTokenKey, Value: *f.timeToFirstChunk})
	}
	for i, u := range f.usage {
		if u != nil && f.has&usageKeys[i].has == 0 {
			head = append(head, attribute.KeyValue{Key: usageKeys[i].to, Value: *u})
		}
	}
	if in, out := f.usage[usageInput], f.usage[usageOutput]; (in != nil || out != nil) && f.has&hasTotalTokens == 0 {
		head = append(head, semconv.GenAIUsageTotalTokens(int(spanclass.Sum(spanclass.Tokens(in), spanclass.Tokens(out)))))
	}
	if f.costUSD != nil && f.has&hasTotalCost == 0 {
		head = append(head, attribute.KeyValue{Key: semconv.GenAIUsageTotalCostKey, Value: *f.costUSD})
	}
	return head
}

// requestType is gen_ai.request.type for an OTel operation name; "" when
// the AgentOps vocabulary has no word for it.
func requestType(op string) string {
	switch op {
	case semconv.GenAIOperationNameChat, semconv.GenAIOperationNameGenerateContent:
		return semconv.GenAIRequestTypeChat
	case semconv.GenAIOperationNameTextCompletion:
		return semconv.GenAIRequestTypeCompletion
	case semconv.GenAIOperationNameEmbeddings:
		return semconv.GenAIRequestTypeEmbedding
	}
	return ""
}

// modelDot is what the view puts in place of each "." of a model name in
// a span name: U+2024 ONE DOT LEADER, which looks the same.
const modelDot = "\u2024"

// dotlessModel returns name with every "." of the model (the request
// model, else the response model, where name contains it) replaced by
// modelDot: "chat gpt-4.1" becomes "chat gpt-4․1". It returns name itself
// when no model with a "." is in it, so that a name such as
// openai.chat.completion keeps its own header. The last name mapped is
// remembered: the LLM calls of a program mostly share a few names.
func dotlessModel(name, requestModel, responseModel string) string {
	if last := lastDotless.Load(); last != nil && last.name == name && last.req == requestModel && last.resp == responseModel {
		return last.dotless
	}
	for _, m := range [2]string{requestModel, responseModel} {
		if !strings.Contains(m, ".") {
			continue
		}
		if i := strings.LastIndex(name, m); i >= 0 {
			var b strings.Builder
			b.Grow(len(name) + 2*strings.Count(m, ".")) // U+2024 is 3 bytes
			b.WriteString(name[:i])
			for _, r := range m {
				if r == '.' {
					b.WriteString(modelDot)
				} else {
					b.WriteRune(r)
				}
			}
			b.WriteString(name[i+len(m):])
			lastDotless.Store(&dotlessName{name: name, req: requestModel, resp: responseModel, dotless: b.String()})
			return b.String()
		}
	}
	return name
}

// dotlessName is a name dotlessModel mapped, with its models.
type dotlessName struct{ name, req, resp, dotless string }

var lastDotless atomic.Pointer[dotlessName]
