package llmhttp

import (
	"github.com/agentops-go/sdk/otelagentops"
)

// outputs accumulates the output messages of a response: one per choice,
// with its text and tool calls, as whole messages or as streamed deltas.
// The text of all of them shares one byte budget.
type outputs struct {
	choices []choice
	budget  int  // bytes of text that may still be retained
	discard bool // content is not captured: text is skipped, only its presence noted
}

// choice is one output message in the making.
type choice struct {
	role   string
	text   textBuf
	finish string
	tools  []toolCall
}

// toolCall is one tool call in the making.
type toolCall struct {
	id, name string
	args     textBuf
	streamed bool // Anthropic: arguments arrive as deltas, replacing the start's input
}

// textBuf is text in the making. Text that comes whole (a JSON body's
// message) is kept as the string it is recorded as, with no second copy;
// text built from deltas (a stream) is appended to bytes.
type textBuf struct {
	s string // the text while it is one value; "" once b is used
	b []byte
}

func (t *textBuf) len() int { return len(t.s) + len(t.b) }

// String returns the text as valid UTF-8.
func (t *textBuf) String() string {
	if t.b == nil {
		return validText(t.s)
	}
	return text(t.b)
}

// choice returns choice i, creating it (and those before it); nil when i is
// out of bounds.
func (o *outputs) choice(i int64) *choice {
	if i < 0 || i >= maxChoices {
		return nil
	}
	for int64(len(o.choices)) <= i {
		o.choices = append(o.choices, choice{})
	}
	return &o.choices[i]
}

// tool returns tool call i of c, creating it; nil when i is out of bounds.
func (c *choice) tool(i int64) *toolCall {
	if c == nil || i < 0 || i >= maxToolCalls {
		return nil
	}
	for int64(len(c.tools)) <= i {
		c.tools = append(c.tools, toolCall{})
	}
	return &c.tools[i]
}

// appendText appends the string value at rd to t within the budget and
// reports whether it added anything.
func (o *outputs) appendText(t *textBuf, rd *reader) bool {
	if o.discard {
		return rd.skipStr()
	}
	if t.s != "" || len(t.b) == 0 {
		s := rd.strWithin(o.budget)
		o.budget -= len(s)
		switch {
		case s == "":
		case t.s == "":
			t.s, t.b = s, nil
		default: // a second value: the text is built in bytes from now on
			t.b = append(append(make([]byte, 0, 2*(len(t.s)+len(s))), t.s...), s...)
			t.s = ""
		}
		return s != ""
	}
	n := len(t.b)
	t.b = rd.appendStr(t.b, n+max(o.budget, 0))
	o.budget -= len(t.b) - n
	return len(t.b) > n
}

// rawText returns raw bytes (JSON arguments) as text, within the budget.
func (o *outputs) rawText(raw []byte) textBuf {
	if o.discard {
		return textBuf{}
	}
	if len(raw) > o.budget {
		raw = raw[:max(o.budget, 0)]
	}
	o.budget -= len(raw)
	return textBuf{s: string(raw)}
}

// reset forgets the outputs gathered so far (a final event carries them
// all), returning their budget.
func (o *outputs) reset() {
	for _, c := range o.choices {
		o.budget += c.text.len()
		for _, t := range c.tools {
			o.budget += t.args.len()
		}
	}
	o.choices = o.choices[:0]
}

// messages returns the output messages, valid UTF-8, for content capture.
func (o *outputs) messages() []otelagentops.Message {
	if len(o.choices) == 0 {
		return nil
	}
	msgs := make([]otelagentops.Message, 0, len(o.choices))
	for i := range o.choices {
		c := &o.choices[i]
		m := otelagentops.Message{Role: validText(c.role), Content: c.text.String(), FinishReason: validText(c.finish)}
		if m.Role == "" {
			m.Role = "assistant"
		}
		for j := range c.tools {
			t := &c.tools[j]
			m.ToolCalls = append(m.ToolCalls, otelagentops.ToolCallRequest{
				ID: validText(t.id), Name: validText(t.name), Arguments: t.args.String(),
			})
		}
		msgs = append(msgs, m)
	}
	return msgs
}
