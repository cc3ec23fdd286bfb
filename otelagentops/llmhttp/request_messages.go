package llmhttp

import (
	"github.com/agentops-go/sdk/otelagentops"
)

// The prompt messages of each API's request, for content capture.

// readChatPrompt reads OpenAI chat messages: role, content (a string or
// parts), the tool calls an assistant message made, and the call a tool
// message answers.
func readChatPrompt(rd *reader) []otelagentops.Message {
	var msgs []otelagentops.Message
	if !rd.array() {
		return nil
	}
	for ok := rd.elem(true); ok; ok = rd.elem(false) {
		if !rd.object() {
			continue
		}
		var m otelagentops.Message
		for k, ok := rd.member(true); ok; k, ok = rd.member(false) {
			switch string(k) {
			case "role":
				m.Role = clip(rd)
			case "content":
				m.Content = textContent(rd, 0)
			case "tool_call_id":
				m.ToolCallID = clip(rd)
			case "tool_calls":
				m.ToolCalls = readPromptToolCalls(rd)
			default:
				rd.skip()
			}
		}
		msgs = append(msgs, m)
	}
	return msgs
}

func readPromptToolCalls(rd *reader) []otelagentops.ToolCallRequest {
	var calls []otelagentops.ToolCallRequest
	if !rd.array() {
		return nil
	}
	for ok := rd.elem(true); ok; ok = rd.elem(false) {
		if !rd.object() {
			continue
		}
		var tc otelagentops.ToolCallRequest
		for k, ok := rd.member(true); ok; k, ok = rd.member(false) {
			switch string(k) {
			case "id":
				tc.ID = clip(rd)
			case "function":
				if rd.object() {
					for k, ok := rd.member(true); ok; k, ok = rd.member(false) {
						switch string(k) {
						case "name":
							tc.Name = clip(rd)
						case "arguments":
							tc.Arguments = validText(rd.str())
						default:
							rd.skip()
						}
					}
				}
			default:
				rd.skip()
			}
		}
		calls = append(calls, tc)
	}
	return calls
}

// readAnthropicPrompt reads Anthropic messages. A message's text blocks
// make its content and its tool_use blocks its tool calls; each
// tool_result block becomes a "tool" message answering its call.
func readAnthropicPrompt(rd *reader) []otelagentops.Message {
	var msgs []otelagentops.Message
	if !rd.array() {
		return nil
	}
	for ok := rd.elem(true); ok; ok = rd.elem(false) {
		if !rd.object() {
			continue
		}
		var m otelagentops.Message
		var results []otelagentops.Message
		for k, ok := rd.member(true); ok; k, ok = rd.member(false) {
			switch string(k) {
			case "role":
				m.Role = clip(rd)
			case "content":
				if rd.isString() {
					m.Content = validText(rd.str())
					continue
				}
				results = readAnthropicBlocks(rd, &m)
			default:
				rd.skip()
			}
		}
		if m.Content != "" || len(m.ToolCalls) > 0 || len(results) == 0 {
			msgs = append(msgs, m)
		}
		msgs = append(msgs, results...)
	}
	return msgs
}

// readAnthropicBlocks reads a message's content blocks into m and returns
// its tool results as tool messages.
func readAnthropicBlocks(rd *reader, m *otelagentops.Message) []otelagentops.Message {
	var results []otelagentops.Message
	if !rd.array() {
		return nil
	}
	for ok := rd.elem(true); ok; ok = rd.elem(false) {
		if !rd.object() {
			continue
		}
		var typ []byte
		var id, name, content string
		var input []byte
		for k, ok := rd.member(true); ok; k, ok = rd.member(false) {
			switch string(k) {
			case "type":
				typ = rd.rawString()
			case "text", "content":
				content = textContent(rd, 1)
			case "id", "tool_use_id":
				id = clip(rd)
			case "name":
				name = clip(rd)
			case "input":
				input = rd.raw()
			default:
				rd.skip()
			}
		}
		switch string(typ) {
		case "text":
			if m.Content != "" {
				m.Content += "\n"
			}
			m.Content += content
		case "tool_use":
			m.ToolCalls = append(m.ToolCalls, otelagentops.ToolCallRequest{ID: id, Name: name, Arguments: text(input)})
		case "tool_result":
			results = append(results, otelagentops.Message{Role: "tool", Content: content, ToolCallID: id})
		}
	}
	return results
}

// readResponsesInput reads the Responses API input: a string (one user
// message) or items: messages, function calls and their outputs.
func readResponsesInput(rd *reader) []otelagentops.Message {
	if rd.isString() {
		return []otelagentops.Message{{Role: "user", Content: validText(rd.str())}}
	}
	var msgs []otelagentops.Message
	if !rd.array() {
		return nil
	}
	for ok := rd.elem(true); ok; ok = rd.elem(false) {
		if !rd.object() {
			continue
		}
		var typ []byte
		var m otelagentops.Message
		var tc otelagentops.ToolCallRequest
		for k, ok := rd.member(true); ok; k, ok = rd.member(false) {
			switch string(k) {
			case "type":
				typ = rd.rawString()
			case "role":
				m.Role = clip(rd)
			case "content", "output":
				m.Content = textContent(rd, 0)
			case "call_id":
				tc.ID = clip(rd)
			case "name":
				tc.Name = clip(rd)
			case "arguments":
				tc.Arguments = validText(rd.str())
			default:
				rd.skip()
			}
		}
		switch string(typ) {
		case "function_call":
			m = otelagentops.Message{Role: "assistant", ToolCalls: []otelagentops.ToolCallRequest{tc}}
		case "function_call_output":
			m = otelagentops.Message{Role: "tool", Content: m.Content, ToolCallID: tc.ID}
		case "", "message":
		default:
			continue // reasoning and other items
		}
		msgs = append(msgs, m)
	}
	return msgs
}
