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
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
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
