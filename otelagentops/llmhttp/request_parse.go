package llmhttp

import (
	"math"
	"strings"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// requestInfo is what a request body says: the core's request fields, and
// whether the body sets stream_options.include_usage.
type requestInfo struct {
	otelagentops.LLMRequest
	hasIncludeUsage bool
	audioOut        bool // modalities names audio: the output type is speech
}

// parseRequest reads the model, parameters and prompt of an LLM API request
// body. A body cut at the bound yields the fields before the cut; a
// malformed one yields what was read before the fault.
func parseRequest(kind apiKind, b []byte) requestInfo { return readRequest(kind, b, true) }

// readRequest is parseRequest, leaving the prompt messages and system
// instructions out unless content is true (they are recorded only when
// content is captured).
func readRequest(kind apiKind, b []byte, content bool) requestInfo {
	var info requestInfo
	r := &info.LLMRequest
	rd := newReader(b)
	for k := range rd.members() {
		switch string(k) {
		case "model":
			r.Model = clip(&rd)
		case "messages", "system", "instructions", "input", "prompt":
			if content {
				readPromptField(kind, k, &rd, r)
			}
		default:
			readParameter(k, &rd, &info)
		}
	}
	if info.audioOut {
		r.OutputType = semconv.GenAIOutputTypeSpeech
	}
	return info
}

// readPromptField reads a member of the request that makes its prompt: the
// chat history, or the instructions given apart from it (Anthropic's
// system, the Responses API's instructions).
func readPromptField(kind apiKind, k []byte, rd *reader, r *otelagentops.LLMRequest) {
	switch string(k) {
	case "messages":
		if kind == apiMessages {
			r.Messages = readAnthropicPrompt(rd)
		} else {
			r.Messages = readChatPrompt(rd)
		}
	case "system", "instructions":
		r.SystemInstructions = readInstructions(rd)
	case "input":
		if kind == apiResponses {
			r.Messages = readResponsesInput(rd)
		} else {
			rd.skip() // embeddings input: not captured
		}
	default: // prompt
		r.Messages = readPrompt(rd)
	}
}

// readParameter reads any other member of the request: a parameter, or
// one skipped.
func readParameter(k []byte, rd *reader, info *requestInfo) {
	r := &info.LLMRequest
	switch string(k) {
	case "max_tokens", "max_completion_tokens", "max_output_tokens":
		if rd.peek() == 'n' {
			rd.skip()
		} else {
			r.MaxTokens = new(int(rd.int()))
		}
	case "temperature":
		r.Temperature = floatPtr(rd)
	case "top_p":
		r.TopP = floatPtr(rd)
	case "top_k":
		r.TopK = floatPtr(rd)
	case "frequency_penalty":
		r.FrequencyPenalty = floatPtr(rd)
	case "presence_penalty":
		r.PresencePenalty = floatPtr(rd)
	case "seed":
		if rd.peek() == 'n' {
			rd.skip()
		} else {
			r.Seed = new(int(rd.int()))
		}
	case "stop", "stop_sequences":
		r.StopSequences = readStrings(rd)
	case "stream":
		r.Stream = rd.boolean()
	case "stream_options":
		info.hasIncludeUsage = hasKey(rd, "include_usage")
	case "n":
		r.ChoiceCount = int(min(max(rd.int(), 0), math.MaxInt32))
	case "response_format", "output_format", "text", "output_config", "modalities":
		readOutputType(k, rd, info)
	default:
		rd.skip()
	}
}

func floatPtr(rd *reader) *float64 {
	if f, ok := rd.float(); ok {
		return &f
	}
	return nil
}

// readStrings reads a string or an array of strings.
func readStrings(rd *reader) []string {
	if rd.isString() {
		return []string{clip(rd)}
	}
	var out []string
	for range rd.elems() {
		if s := clip(rd); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// textContent reads content that is a string or an array of parts, joining
// the parts' "text" (or nested "content", to maxContentDepth) with newlines;
// images and other parts are left out.
func textContent(rd *reader, depth int) string {
	if rd.isString() {
		return validText(rd.str())
	}
	if depth >= maxContentDepth {
		rd.skip()
		return ""
	}
	var parts []string
	for range rd.objects() {
		for k := range rd.members() {
			switch string(k) {
			case "text", "content":
				if s := textContent(rd, depth+1); s != "" {
					parts = append(parts, s)
				}
			}
		}
	}
	return strings.Join(parts, "\n")
}

// readPrompt reads a completions prompt: a string or an array of strings
// (token arrays are left out).
func readPrompt(rd *reader) []otelagentops.Message {
	var msgs []otelagentops.Message
	for _, s := range readStrings(rd) {
		msgs = append(msgs, otelagentops.Message{Role: "user", Content: s})
	}
	return msgs
}

// maxContentDepth bounds how deep content parts are looked into.
const maxContentDepth = 4

// hasKey reads an object and reports whether it has the member key.
func hasKey(rd *reader, key string) bool {
	found := false
	for k := range rd.members() {
		found = found || string(k) == key
	}
	return found
}
