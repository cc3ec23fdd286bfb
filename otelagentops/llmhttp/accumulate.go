package llmhttp

import (
	"github.com/agentops-go/sdk/otelagentops"
)

// outputs accumulates the output messages of a response: one per choice,
// with its text and tool calls, as whole messages or as streamed deltas.
// The text of all of them shares one byte budget.
type outputs struct {
	choices []choice
	budget  int // bytes of text that may still be retained
}

// choice is one output message in the making.
type choice struct {
	role   string
	text   []byte
	finish string
	tools  []toolCall
}

// toolCall is one tool call in the making.
type toolCall struct {
	id, name string
	args     []byte
	streamed bool // Anthropic: arguments arrive as deltas, replacing the start's input
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

// appendText appends the string value at rd to dst within the budget and
// reports whether it added anything.
func (o *outputs) appendText(dst []byte, rd *reader) ([]byte, bool) {
	n := len(dst)
	dst = rd.appendStr(dst, n+max(o.budget, 0))
	o.budget -= len(dst) - n
	return dst, len(dst) > n
}

// appendRaw appends raw bytes (JSON arguments) to dst within the budget.
func (o *outputs) appendRaw(dst, raw []byte) []byte {
	if len(raw) > o.budget {
		raw = raw[:max(o.budget, 0)]
	}
	o.budget -= len(raw)
	return append(dst, raw...)
}

// reset forgets the outputs gathered so far (a final event carries them
// all), returning their budget.
func (o *outputs) reset() {
	for _, c := range o.choices {
		o.budget += len(c.text)
		for _, t := range c.tools {
			o.budget += len(t.args)
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
	for _, c := range o.choices {
		m := otelagentops.Message{Role: validText(c.role), Content: text(c.text), FinishReason: validText(c.finish)}
		if m.Role == "" {
			m.Role = "assistant"
		}
		for _, t := range c.tools {
			m.ToolCalls = append(m.ToolCalls, otelagentops.ToolCallRequest{
				ID: validText(t.id), Name: validText(t.name), Arguments: text(t.args),
			})
		}
		msgs = append(msgs, m)
	}
	return msgs
}
