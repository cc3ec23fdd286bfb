package otelagentops

import (
	"encoding/json"
	"sync"

	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/semconv"
)

// ContentKind names what a captured content string is, for a Redactor.
type ContentKind string

// The kinds of captured content.
const (
	ContentPrompt     ContentKind = "prompt"      // an LLM input message
	ContentCompletion ContentKind = "completion"  // an LLM output message
	ContentToolInput  ContentKind = "tool.input"  // a tool call's arguments
	ContentToolOutput ContentKind = "tool.output" // a tool call's result
	ContentInput      ContentKind = "input"       // an agent, workflow or task input
	ContentOutput     ContentKind = "output"      // an agent, workflow or task output
)

// Redactor rewrites captured content before it is recorded; returning ""
// records nothing for that string. It must be safe for concurrent use.
type Redactor func(kind ContentKind, text string) string

// Message is one message of an LLM conversation.
type Message struct {
	Role         string            // system, user, assistant, tool
	Content      string            // the text
	ToolCalls    []ToolCallRequest // tool calls an assistant message asks for
	ToolCallID   string            // for a tool message: the call it answers
	FinishReason string            // for a completion: why generation stopped
}

// ToolCallRequest is a tool call an LLM asked for.
type ToolCallRequest struct {
	ID, Name, Arguments string
}

// content applies the content policy of a client: capture on or off, and
// the redactor.
type content struct {
	capture bool
	redact  Redactor
	limit   int // the attribute value length limit, in characters; 0 or less: none
}

func (c content) text(kind ContentKind, s string) string {
	if c.redact != nil && s != "" {
		return c.redact(kind, s)
	}
	return s
}

// The messages' JSON is built in a pooled buffer, so that it costs one
// allocation, the attribute's string, instead of a buffer grown to the
// size of the text; buffers above maxPooledMessageBuf are not kept.
const maxPooledMessageBuf = 64 << 10

var messageBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// appendMessages appends msgs to attrs as the OTel GenAI JSON
// gen_ai.input.messages (prompts) or gen_ai.output.messages (completions),
// cut to the attribute length limit inside its texts so that it stays
// valid JSON. Nothing when capture is off.
func (c content) appendMessages(attrs []attribute.KeyValue, kind ContentKind, msgs []Message) []attribute.KeyValue {
	if !c.capture || len(msgs) == 0 {
		return attrs
	}
	key := semconv.GenAIInputMessagesKey
	if kind == ContentCompletion {
		key = semconv.GenAIOutputMessagesKey
	}
	scratch := messageBufPool.Get().(*[]byte)
	buf := append((*scratch)[:0], '[')
	for i, m := range msgs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = c.appendOTelMessage(buf, kind, m, c.text(kind, m.Content))
	}
	buf = append(buf, ']')
	if c.limit > 0 && len(buf) > c.limit {
		buf = c.fitMessages(buf[:0], kind, msgs)
	}
	attrs = append(attrs, key.String(string(buf)))
	if cap(buf) <= maxPooledMessageBuf {
		*scratch = buf[:0]
		messageBufPool.Put(scratch)
	}
	return attrs
}

// appendSystemInstructions appends the system instructions given apart
// from the chat history as gen_ai.system_instructions: a JSON list of text
// parts. Nothing when capture is off or there are none.
func (c content) appendSystemInstructions(attrs []attribute.KeyValue, texts []string) []attribute.KeyValue {
	if !c.capture || len(texts) == 0 {
		return attrs
	}
	kept := make([]string, 0, len(texts))
	for _, t := range texts {
		if t = c.text(ContentPrompt, t); t != "" {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return attrs
	}
	buf := appendTextParts(nil, kept)
	if c.limit > 0 && len(buf) > c.limit {
		buf = c.fitTexts(buf[:0], kept, appendTextParts)
	}
	return append(attrs, semconv.GenAISystemInstructions(string(buf)))
}

// appendTextParts appends texts as a JSON list of OTel GenAI text parts.
func appendTextParts(buf []byte, texts []string) []byte {
	buf = append(buf, '[')
	for i, t := range texts {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"type":"text","content":`...)
		buf = append(appendJSONString(buf, t), '}')
	}
	return append(buf, ']')
}

// jsonText returns v as recordable text: strings as they are, anything else
// as JSON (or its %v form when it cannot be marshalled).
func jsonText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case []byte:
		return string(t)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "unserializable: " + err.Error()
	}
	return string(data)
}
