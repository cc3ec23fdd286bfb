package llmhttp

import (
	"github.com/agentops-go/sdk/otelagentops"
)

// Bounds on what a response parser keeps, whatever the body holds.
const (
	maxChoices    = 16  // choices (n) recorded per call
	maxToolCalls  = 64  // tool calls recorded per choice
	maxBlocks     = 256 // Anthropic content blocks tracked per stream
	maxFieldBytes = 512 // an ID, model, role, reason or tool name
)

// result is what the parsers gather from a response, streamed or not.
type result struct {
	id, model string
	usage     otelagentops.Usage
	hasUsage  bool
	anthropic anthropicUsage // Anthropic's own usage fields, converted at the end
	out       outputs

	status, incompleteReason string // Responses API

	errType, errMsg string      // an error the body itself reported
	final           bool        // a stream's final event was seen
	output          bool        // some output (a token) was seen: time to first token
	blockTool       []int       // Anthropic: content block index -> tool call index, -1 for none
	chunkPrefix     chunkPrefix // OpenAI: the start the chunks of a stream share
}

func newResult(limit int) *result { return &result{out: outputs{budget: limit}} }

// response converts the result to the core's form.
func (r *result) response(kind apiKind) otelagentops.LLMResponse {
	resp := otelagentops.LLMResponse{ID: validText(r.id), Model: validText(r.model), Usage: r.usage}
	if kind == apiMessages && r.anthropic.seen {
		resp.Usage = r.anthropic.usage()
	}
	switch kind {
	case apiResponses:
		if f := r.responsesFinish(); f != "" {
			resp.FinishReasons = []string{f}
			if len(r.out.choices) > 0 {
				r.out.choices[0].finish = f
			}
		}
	default:
		for _, c := range r.out.choices {
			if c.finish != "" {
				resp.FinishReasons = append(resp.FinishReasons, validText(c.finish))
			}
		}
	}
	if kind != apiEmbeddings && !r.out.discard {
		resp.Messages = r.out.messages()
	}
	return resp
}

// usageKnown reports whether the response reported token usage.
func (r *result) usageKnown(kind apiKind) bool {
	if kind == apiMessages {
		return r.anthropic.seen
	}
	return r.hasUsage
}

// clip reads a short string field, bounded so that a hostile body cannot
// make an attribute of it that is larger than maxFieldBytes.
func clip(rd *reader) string {
	if !rd.isString() {
		rd.skip()
		return ""
	}
	raw := rd.rawString()
	if len(raw) > maxFieldBytes {
		raw = raw[:maxFieldBytes]
	}
	return validText(unescape(raw, len(raw)))
}

// readError reads an error object ({"type"|"code", "message"}) or string.
func (r *result) readError(rd *reader) {
	if rd.isString() {
		r.errType, r.errMsg = "error", clipMessage(rd)
		return
	}
	if !rd.isObject() {
		rd.skip()
		return
	}
	for k := range rd.members() {
		switch string(k) {
		case "type", "code":
			if t := clip(rd); t != "" && (r.errType == "" || string(k) == "type") {
				r.errType = t
			}
		case "message":
			r.errMsg = clipMessage(rd)
		}
	}
	if r.errType == "" {
		r.errType = "error"
	}
}

// clipMessage reads an error message, bounded by errorExcerptBytes.
func clipMessage(rd *reader) string {
	return validText(rd.strWithin(errorExcerptBytes))
}
