package otelagentops

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/agentops-go/sdk/semconv"
)

// appendOTelMessage appends m in the OTel GenAI message JSON form (the
// v1.41 input and output message schemas),
//
//	{"role":"user","parts":[{"type":"text","content":"…"}]}
//
// with text as its (redacted) content. A tool call's arguments are the JSON
// value itself when they are valid JSON, else a string; a tool result
// message (ToolCallID set) is one tool_call_response part whose response is
// text. Output messages always carry finish_reason, in the schema's terms
// (see otelFinishReason). It is hand-written because encoding/json's
// reflection was the largest cost of an LLM span.
func (c content) appendOTelMessage(buf []byte, kind ContentKind, m Message, text string) []byte {
	buf = append(buf, `{"role":`...)
	buf = appendJSONString(buf, m.Role)
	buf = append(buf, `,"parts":[`...)
	if m.ToolCallID != "" {
		buf = append(buf, `{"type":"tool_call_response","id":`...)
		buf = appendJSONString(buf, m.ToolCallID)
		buf = append(buf, `,"response":`...)
		buf = append(appendJSONString(buf, text), '}')
	} else if text != "" {
		buf = append(buf, `{"type":"text","content":`...)
		buf = append(appendJSONString(buf, text), '}')
	}
	for i, tc := range m.ToolCalls {
		if i > 0 || m.ToolCallID != "" || text != "" {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"type":"tool_call"`...)
		buf = appendField(buf, "id", tc.ID)
		buf = append(buf, `,"name":`...)
		buf = appendJSONString(buf, tc.Name)
		if args := c.text(kind, tc.Arguments); args != "" {
			buf = append(buf, `,"arguments":`...)
			buf = appendJSONValue(buf, args)
		}
		buf = append(buf, '}')
	}
	buf = append(buf, ']')
	if kind == ContentCompletion {
		buf = append(buf, `,"finish_reason":`...)
		buf = appendJSONString(buf, otelFinishReason(m.FinishReason, len(m.ToolCalls) > 0))
	}
	return append(buf, '}')
}

// appendJSONValue appends s as it is when it is a JSON object or array (a
// tool call's arguments, as the spec's examples have them), else as a JSON
// string.
func appendJSONValue(buf []byte, s string) []byte {
	if t := strings.TrimSpace(s); t != "" && (t[0] == '{' || t[0] == '[') && json.Valid([]byte(t)) {
		return append(buf, t...)
	}
	return appendJSONString(buf, s)
}

// otelFinishReason maps a provider's finish reason to the OTel GenAI output
// message schema's: stop, length, content_filter, tool_call or error. A
// reason it does not know passes as it is (the schema allows any string
// beside its enum). With none given, a message asking for tool calls
// finished to call them, any other stopped. gen_ai.response.finish_reasons
// keeps the provider's values.
func otelFinishReason(raw string, toolCalls bool) string {
	switch strings.ToLower(raw) {
	case "":
		if toolCalls {
			return semconv.FinishReasonToolCall
		}
		return semconv.FinishReasonStop
	case "stop", "end_turn", "stop_sequence", "completed", "finish_reason_stop", "eos":
		return semconv.FinishReasonStop
	case "length", "max_tokens", "max_output_tokens", "incomplete", "model_length":
		return semconv.FinishReasonLength
	case "content_filter", "refusal", "safety", "recitation", "blocklist", "prohibited_content", "spii":
		return semconv.FinishReasonContentFilter
	case "tool_calls", "tool_call", "function_call", "tool_use":
		return semconv.FinishReasonToolCall
	case "error", "failed", "malformed_function_call":
		return semconv.FinishReasonError
	}
	return raw
}

// appendField appends ,"name":"value" unless value is empty.
func appendField(buf []byte, name, value string) []byte {
	if value == "" {
		return buf
	}
	buf = append(buf, ',', '"')
	buf = append(buf, name...)
	buf = append(buf, '"', ':')
	return appendJSONString(buf, value)
}

// appendJSONString appends s as a JSON string, escaping as encoding/json
// does (HTML characters excepted) and replacing invalid UTF-8 with U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		i += plainPrefix(s[i:])
		if i == len(s) {
			break
		}
		b := s[i]
		if b < utf8.RuneSelf {
			buf = append(buf, s[start:i]...)
			switch b {
			case '"', '\\':
				buf = append(buf, '\\', b)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// SWAR constants: one in each byte, and each byte's high bit.
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// plainPrefix returns the length of the longest prefix of s whose bytes need
// no escaping in a JSON string: printable ASCII other than '"' and '\'.
// Prompts and completions are mostly such bytes, so it tests 8 of them at a
// time (SWAR: a word has a byte below n when (x - n*ones) &^ x & high is not
// zero; a byte equal to c when that holds for x^(c*ones) and n = 1).
func plainPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		quote, backslash := x^('"'*swarOnes), x^('\\'*swarOnes)
		special := (x-0x20*swarOnes)&^x | (quote-swarOnes)&^quote | (backslash-swarOnes)&^backslash | x
		if special&swarHigh != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= utf8.RuneSelf || b == '"' || b == '\\' {
			break
		}
	}
	return i
}
