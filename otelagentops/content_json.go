package otelagentops

import (
	"unicode/utf8"
)

// appendOTelMessage appends m in the OTel GenAI message JSON form,
//
//	{"role":"user","parts":[{"type":"text","content":"…"}],"finish_reason":"stop"}
//
// with text as its (redacted) content. It is hand-written because
// encoding/json's reflection was the largest cost of an LLM span.
func (c content) appendOTelMessage(buf []byte, kind ContentKind, m Message, text string) []byte {
	buf = append(buf, `{"role":`...)
	buf = appendJSONString(buf, m.Role)
	buf = append(buf, `,"parts":[`...)
	first := true
	part := func(typ string) {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = append(buf, `{"type":`...)
		buf = appendJSONString(buf, typ)
	}
	if text != "" {
		part("text")
		buf = appendField(buf, "content", text)
		buf = append(buf, '}')
	}
	for _, tc := range m.ToolCalls {
		part("tool_call")
		buf = appendField(buf, "id", tc.ID)
		buf = appendField(buf, "name", tc.Name)
		buf = appendField(buf, "arguments", c.text(kind, tc.Arguments))
		buf = append(buf, '}')
	}
	if m.ToolCallID != "" {
		part("tool_call_response")
		buf = appendField(buf, "id", m.ToolCallID)
		buf = append(buf, '}')
	}
	buf = append(buf, ']')
	buf = appendField(buf, "finish_reason", m.FinishReason)
	return append(buf, '}')
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
