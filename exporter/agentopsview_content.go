package exporter

import (
	"strconv"
	"sync"

	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/internal/chat"
	"github.com/agentops-go/sdk/semconv"
)

// llmContent is an LLM span's content as the AgentOps view sends it: the
// messages of the JSON content keys, to be written as indexed keys, and
// which of the span's keys the view leaves out.
type llmContent struct {
	system     chat.Message // the system instructions; no parts when none
	prompt     []chat.Message
	completion []chat.Message
	text       *chat.Arena // where texts of several parts are joined

	dropInstructions, dropInput, dropOutput bool
	same                                    sameFacts
}

// parse reads the JSON content of f into buf. A JSON key is replaced when it parsed,
// or when the span has indexed keys of its own already (which are then
// kept and not written again); one that does not parse is kept as it is.
func (c *llmContent) parse(f *viewFacts, buf *chat.Buffers) {
	c.text = buf.Arena()
	if f.has&hasPrompt != 0 {
		c.dropInstructions, c.dropInput = f.instructions != nil, f.input != nil
	} else {
		if s, ok := stringOf(f.instructions); ok {
			c.system, c.dropInstructions = buf.ParseInstructions(s)
		}
		if s, ok := stringOf(f.input); ok {
			c.prompt, c.dropInput = buf.Parse(s)
		}
	}
	if f.has&hasCompletion != 0 {
		c.dropOutput = f.output != nil
	} else if s, ok := stringOf(f.output); ok {
		c.completion, c.dropOutput = buf.Parse(s)
	}
}

func stringOf(v *attribute.Value) (string, bool) {
	if v == nil || v.Type() != attribute.STRING {
		return "", false
	}
	return v.AsString(), true
}

// dropped returns how many of the span's JSON keys c replaces.
func (c *llmContent) dropped() int {
	n := 0
	for _, d := range [...]bool{c.dropInstructions, c.dropInput, c.dropOutput} {
		if d {
			n++
		}
	}
	return n
}

// drops reports whether the view leaves kv out of an LLM span: the OTel
// usage keys and gen_ai.response.time_to_first_chunk (renamed to the
// AgentOps ones), the JSON content c replaces, and the keys of c.same.
func (c *llmContent) drops(kv *attribute.KeyValue) bool {
	switch kv.Key {
	case semconv.GenAIUsageInputTokensKey, semconv.GenAIUsageOutputTokensKey, semconv.GenAIUsageCacheReadTokensKey,
		semconv.GenAIUsageCacheCreationTokensKey, semconv.GenAIUsageReasoningOutputTokensKey,
		semconv.GenAIResponseTimeToFirstChunkKey:
		return true
	case semconv.GenAISystemInstructionsKey:
		return c.dropInstructions
	case semconv.GenAIInputMessagesKey:
		return c.dropInput
	case semconv.GenAIOutputMessagesKey:
		return c.dropOutput
	case semconv.GenAIProviderNameKey:
		return c.same.provider
	case semconv.GenAIRequestStreamKey:
		return c.same.stream
	case semconv.GenAIResponseFinishReasonsKey:
		return c.same.finishReasons
	case semconv.GenAIConversationIDKey:
		return c.same.conversation
	}
	return false
}

// count returns how many keys appendIndexed appends.
func (c *llmContent) count(finish []string) int {
	n := 2 * len(c.prompt)
	if len(c.system.Parts) > 0 {
		n += 2
	}
	for i := range c.completion {
		m := &c.completion[i]
		n += 2
		if finishReason(m, i, finish) != "" {
			n++
		}
		for j := range m.Parts {
			if p := &m.Parts[j]; p.Type == chat.PartToolCall {
				n += 2
				if p.ID != "" {
					n++
				}
			}
		}
	}
	return n
}

// appendIndexed appends gen_ai.prompt.{i}.role/content (the system
// instructions first) and gen_ai.completion.{i}.role/content/finish_reason
// with gen_ai.completion.{i}.tool_calls.{j}.id/name/arguments. A
// completion's finish reason is the provider's own (finish[i]) when known,
// else the message's.
func (c *llmContent) appendIndexed(attrs []attribute.KeyValue, finish []string) []attribute.KeyValue {
	i := 0
	if len(c.system.Parts) > 0 {
		attrs = append(attrs, semconv.GenAIPromptRoleKey(0).String(c.system.Role), semconv.GenAIPromptContentKey(0).String(c.system.TextIn(c.text)))
		i++
	}
	for k := range c.prompt {
		m := &c.prompt[k]
		attrs = append(attrs, semconv.GenAIPromptRoleKey(i).String(m.Role), semconv.GenAIPromptContentKey(i).String(m.TextIn(c.text)))
		i++
	}
	for i := range c.completion {
		m := &c.completion[i]
		attrs = append(attrs, semconv.GenAICompletionRoleKey(i).String(m.Role), semconv.GenAICompletionContentKey(i).String(m.TextIn(c.text)))
		if r := finishReason(m, i, finish); r != "" {
			attrs = append(attrs, semconv.GenAICompletionFinishReasonKey(i).String(r))
		}
		j := 0
		for k := range m.Parts {
			p := &m.Parts[k]
			if p.Type != chat.PartToolCall {
				continue
			}
			if p.ID != "" {
				attrs = append(attrs, toolCallKey(i, j, toolCallID).String(p.ID))
			}
			attrs = append(attrs, toolCallKey(i, j, toolCallName).String(p.Name), toolCallKey(i, j, toolCallArguments).String(string(p.Arguments)))
			j++
		}
	}
	return attrs
}

func finishReason(m *chat.Message, i int, finish []string) string {
	if i < len(finish) && finish[i] != "" {
		return finish[i]
	}
	return m.FinishReason
}

// The fields of gen_ai.completion.{i}.tool_calls.{j}.{field}.
const (
	toolCallID = iota
	toolCallName
	toolCallArguments
)

var toolCallFields = [...]string{toolCallID: "id", toolCallName: "name", toolCallArguments: "arguments"}

// builtToolCallKeys bounds the completions and the tool calls per
// completion whose keys are built once, on first use.
const builtToolCallKeys = 8

var toolCallKeys = sync.OnceValue(func() *[builtToolCallKeys][builtToolCallKeys][len(toolCallFields)]attribute.Key {
	var keys [builtToolCallKeys][builtToolCallKeys][len(toolCallFields)]attribute.Key
	for i := range keys {
		for j := range keys[i] {
			for f := range keys[i][j] {
				keys[i][j][f] = buildToolCallKey(i, j, f)
			}
		}
	}
	return &keys
})

// toolCallKey returns the key gen_ai.completion.{i}.tool_calls.{j}.{field}.
func toolCallKey(i, j, field int) attribute.Key {
	if i < builtToolCallKeys && j < builtToolCallKeys {
		return toolCallKeys()[i][j][field]
	}
	return buildToolCallKey(i, j, field)
}

func buildToolCallKey(i, j, field int) attribute.Key {
	return attribute.Key("gen_ai.completion." + strconv.Itoa(i) + ".tool_calls." + strconv.Itoa(j) + "." + toolCallFields[field])
}
