package exporter

import (
	"slices"
	"strings"
)

// chatMessage is a message of the OTel GenAI JSON content
// (gen_ai.input.messages, gen_ai.output.messages):
//
//	{"role":"user","parts":[{"type":"text","content":"…"}],"finish_reason":"stop"}
type chatMessage struct {
	Role         string
	Parts        []chatPart
	FinishReason string

	from, to int // Parts in chatBuffers.parts while parsing
}

// chatPart is a part of a chatMessage, or of gen_ai.system_instructions.
// Only the fields of the text, tool_call and tool_call_response parts are
// read; other parts (blobs, reasoning, ...) have their type only.
type chatPart struct {
	Type, Content, ID, Name string
	// Arguments (of a tool_call) and Response (of a tool_call_response)
	// are JSON values as text: a string as its value, anything else (an
	// object, say) as its JSON text.
	Arguments, Response string
}

// The part types the view and the session model read.
const (
	partText             = "text"
	partToolCall         = "tool_call"
	partToolCallResponse = "tool_call_response"
)

// chatBuffers holds the messages and parts of the documents parsed into
// it, so that the spans of a batch reuse one array of each. Messages stay
// valid until reset; the zero value is ready to use.
type chatBuffers struct {
	msgs  []chatMessage
	parts []chatPart
	text  textArena // holds the unescaped strings; kept by reset
}

func (b *chatBuffers) reset() { b.msgs, b.parts = b.msgs[:0], b.parts[:0] }

// reserve makes room for the messages and parts of data when b is full (a
// new b, mostly): its "role" and "type" keys, counted, say how many.
func (b *chatBuffers) reserve(data string) {
	if len(b.msgs) == cap(b.msgs) {
		b.msgs = slices.Grow(b.msgs, strings.Count(data, `"role"`))
	}
	if len(b.parts) == cap(b.parts) {
		b.parts = slices.Grow(b.parts, strings.Count(data, `"type"`))
	}
}

// parseChat parses a JSON array of messages; ok is false when data is not
// one. A field of an unexpected JSON type (a non-string content, from
// other instrumentation) is skipped rather than failing the document.
func parseChat(data string) (msgs []chatMessage, ok bool) {
	var b chatBuffers
	return b.parseChat(data)
}

// parseChat is parseChat into b.
//
// It is a scanner for this one shape rather than encoding/json, which took
// 60 µs for a message with a 4 KB answer: strings without escapes are
// substrings of data, and only escaped strings are copied.
func (b *chatBuffers) parseChat(data string) (msgs []chatMessage, ok bool) {
	sc := chatScanner{s: data, buf: b}
	b.reserve(data)
	first := len(b.msgs)
	ok = sc.array(func() bool {
		b.msgs = append(b.msgs, chatMessage{})
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

// parseInstructions parses gen_ai.system_instructions, a JSON array of
// parts, as one system message.
func (b *chatBuffers) parseInstructions(data string) (chatMessage, bool) {
	sc := chatScanner{s: data, buf: b}
	b.reserve(data)
	first := len(b.parts)
	ok := sc.array(sc.appendPart)
	return chatMessage{Role: "system", Parts: b.parts[first:len(b.parts):len(b.parts)]}, ok && sc.end()
}

// message reads a message into m.
func (sc *chatScanner) message(m *chatMessage) bool {
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
func (sc *chatScanner) appendPart() bool {
	sc.buf.parts = append(sc.buf.parts, chatPart{})
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

// text returns the message's text: its text parts and the responses of its
// tool_call_response parts, joined by newlines.
func (m *chatMessage) text() string {
	var a textArena
	return m.textIn(&a)
}

// textIn is text, joined in a when there are several parts.
func (m *chatMessage) textIn(a *textArena) string {
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
func (m *chatMessage) join(b *strings.Builder) {
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
func (p *chatPart) text() (string, bool) {
	switch p.Type {
	case partText:
		return p.Content, true
	case partToolCallResponse:
		return p.Response, true
	}
	return "", false
}

// toolCalls returns how many tool_call parts the message has.
func (m *chatMessage) toolCalls() int {
	n := 0
	for i := range m.Parts {
		if m.Parts[i].Type == partToolCall {
			n++
		}
	}
	return n
}
