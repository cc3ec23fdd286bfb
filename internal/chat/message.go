// Package chat reads the OTel GenAI JSON content of LLM spans
// (gen_ai.input.messages, gen_ai.output.messages,
// gen_ai.system_instructions) into messages and parts, for the two readers
// of the recording that need them: the AgentOps view (package exporter),
// which writes them as indexed gen_ai.prompt.{i}.* keys, and the session
// document (package sessiondoc), which writes them as legacy messages.
//
// It is a scanner for this one shape rather than encoding/json (see
// Buffers.Parse), built to cost a batch of spans a few allocations: Buffers
// and Arena are reused across the spans of a batch. None of its types is
// safe for concurrent use.
package chat

import "strings"

// Message is a message of the OTel GenAI JSON content
// (gen_ai.input.messages, gen_ai.output.messages):
//
//	{"role":"user","parts":[{"type":"text","content":"…"}],"finish_reason":"stop"}
type Message struct {
	Role         string
	Parts        []Part
	FinishReason string

	from, to int // Parts in Buffers.parts while parsing
}

// Part is a part of a Message, or of gen_ai.system_instructions.
// Only the fields of the text, tool_call and tool_call_response parts are
// read; other parts (blobs, reasoning, ...) have their type only.
type Part struct {
	Type, Content, ID, Name string
	// Arguments (of a tool_call) and Response (of a tool_call_response)
	// are JSON values as text: a string as its value, anything else (an
	// object, say) as its JSON text.
	Arguments, Response string
}

// The part types the view and the session model read.
const (
	PartText             = "text"
	PartToolCall         = "tool_call"
	PartToolCallResponse = "tool_call_response"
)

// Parse parses a JSON array of messages; ok is false when data is not
// one. A field of an unexpected JSON type (a non-string content, from
// other instrumentation) is skipped rather than failing the document.
func Parse(data string) (msgs []Message, ok bool) {
	var b Buffers
	return b.Parse(data)
}

// Parse is Parse into b.
//
// It is a scanner for this one shape rather than encoding/json, which took
// 60 µs for a message with a 4 KB answer: strings without escapes are
// substrings of data, and only escaped strings are copied.
func (b *Buffers) Parse(data string) (msgs []Message, ok bool) {
	sc := scanner{s: data, buf: b}
	b.reserve(data)
	first := len(b.msgs)
	ok = sc.array(func() bool {
		b.msgs = append(b.msgs, Message{})
		return sc.message(&b.msgs[len(b.msgs)-1])
	})
	msgs = b.msgs[first:len(b.msgs):len(b.msgs)]
	for i := range msgs {
		if m := &msgs[i]; m.to > m.from {
			m.Parts = b.parts[m.from:m.to:m.to]
		}
	}
	return msgs, ok && sc.end()
}

// A repeated key's last value wins, and a value of an unexpected JSON type
// is skipped and reads as empty: a message or a part that is not an object
// is an empty one, parts that are not an array are none.

// ParseInstructions parses gen_ai.system_instructions, a JSON array of
// parts, as one system message.
func (b *Buffers) ParseInstructions(data string) (Message, bool) {
	sc := scanner{s: data, buf: b}
	b.reserve(data)
	first := len(b.parts)
	ok := sc.array(sc.appendPart)
	return Message{Role: "system", Parts: b.parts[first:len(b.parts):len(b.parts)]}, ok && sc.end()
}

// message reads a message into m.
func (sc *scanner) message(m *Message) bool {
	return sc.objectOrSkip(func(key string) bool {
		switch key {
		case "role":
			return sc.stringInto(&m.Role)
		case "finish_reason":
			return sc.stringInto(&m.FinishReason)
		case "parts":
			m.from = len(sc.buf.parts)
			m.to = m.from
			if !sc.at('[') {
				return sc.skip()
			}
			ok := sc.array(sc.appendPart)
			m.to = len(sc.buf.parts)
			return ok
		}
		return sc.skip()
	})
}

// appendPart reads a part onto the parts of sc.buf.
func (sc *scanner) appendPart() bool {
	sc.buf.parts = append(sc.buf.parts, Part{})
	p := &sc.buf.parts[len(sc.buf.parts)-1]
	return sc.objectOrSkip(func(key string) bool {
		switch key {
		case "type":
			return sc.stringInto(&p.Type)
		case "content":
			return sc.stringInto(&p.Content)
		case "id":
			return sc.stringInto(&p.ID)
		case "name":
			return sc.stringInto(&p.Name)
		case "arguments":
			return sc.textInto(&p.Arguments)
		case "response":
			return sc.textInto(&p.Response)
		}
		return sc.skip()
	})
}

// Text returns the message's text: its text parts and the responses of its
// tool_call_response parts, joined by newlines.
func (m *Message) Text() string {
	var a Arena
	return m.TextIn(&a)
}

// TextIn is Text, joined in a when there are several parts.
func (m *Message) TextIn(a *Arena) string {
	var first string
	n, size := 0, 0
	for i := range m.Parts {
		if t, ok := m.Parts[i].text(); ok {
			if n == 0 {
				first = t
			}
			n, size = n+1, size+len(t)+1
		}
	}
	if n < 2 {
		return first
	}
	start := a.open(size - 1)
	m.join(&a.b)
	return a.since(start)
}

// join writes the texts of the parts to b, separated by newlines.
func (m *Message) join(b *strings.Builder) {
	sep := false
	for i := range m.Parts {
		if t, ok := m.Parts[i].text(); ok {
			if sep {
				b.WriteByte('\n')
			}
			b.WriteString(t)
			sep = true
		}
	}
}

// text returns the text of a text part and the response of a
// tool_call_response part; ok is false for other parts.
func (p *Part) text() (string, bool) {
	switch p.Type {
	case PartText:
		return p.Content, true
	case PartToolCallResponse:
		return p.Response, true
	}
	return "", false
}

// ToolCalls returns how many tool_call parts the message has.
func (m *Message) ToolCalls() int {
	n := 0
	for i := range m.Parts {
		if m.Parts[i].Type == PartToolCall {
			n++
		}
	}
	return n
}
