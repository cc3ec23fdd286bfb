package llmhttp

import (
	"github.com/agentops-go/sdk/otelagentops"
)

// The prompt messages of each API's request, for content capture.

// readChatPrompt reads OpenAI chat messages: role, content (a string or
// parts), the tool calls an assistant message made, and the call a tool
// message answers. System and developer messages are part of the chat
// history and stay in it. The deprecated function calling reads as tool
// calling: an assistant's function_call is a tool call with no ID, and a
// "function" message its result, a tool message answering no ID.
func readChatPrompt(rd *reader) []otelagentops.Message {
	var msgs []otelagentops.Message
	for range rd.objects() {
		var m otelagentops.Message
		for k := range rd.members() {
			switch string(k) {
			case "role":
				m.Role = clip(rd)
			case "content":
				m.Content = textContent(rd, 0)
			case "tool_call_id":
				m.ToolCallID = clip(rd)
			case "tool_calls":
				m.ToolCalls = append(m.ToolCalls, readPromptToolCalls(rd)...)
			case "function_call":
				m.ToolCalls = append(m.ToolCalls, readPromptFunction(rd, otelagentops.ToolCallRequest{}))
			}
		}
		if m.Role == "function" {
			m.Role = "tool"
		}
		msgs = append(msgs, m)
	}
	return msgs
}

func readPromptToolCalls(rd *reader) []otelagentops.ToolCallRequest {
	var calls []otelagentops.ToolCallRequest
	for range rd.objects() {
		var tc otelagentops.ToolCallRequest
		for k := range rd.members() {
			switch string(k) {
			case "id":
				tc.ID = clip(rd)
			case "function":
				tc = readPromptFunction(rd, tc)
			}
		}
		calls = append(calls, tc)
	}
	return calls
}

// readPromptFunction reads a function object ({"name", "arguments"}) into tc;
// the arguments stay the text they are.
func readPromptFunction(rd *reader, tc otelagentops.ToolCallRequest) otelagentops.ToolCallRequest {
	for k := range rd.members() {
		switch string(k) {
		case "name":
			tc.Name = clip(rd)
		case "arguments":
			tc.Arguments = validText(rd.str())
		}
	}
	return tc
}

// readAnthropicPrompt reads Anthropic messages. A message's text blocks
// make its content and its tool_use blocks its tool calls; each
// tool_result block (its content a string or blocks, whose text is kept)
// becomes a "tool" message answering its call, placed before the message's
// text when it came first, as the API requires of a user's message.
func readAnthropicPrompt(rd *reader) []otelagentops.Message {
	var msgs []otelagentops.Message
	for range rd.objects() {
		var m otelagentops.Message
		var results []otelagentops.Message
		resultsFirst := false
		for k := range rd.members() {
			switch string(k) {
			case "role":
				m.Role = clip(rd)
			case "content":
				if rd.isString() {
					m.Content = validText(rd.str())
					continue
				}
				results, resultsFirst = readAnthropicBlocks(rd, &m)
			}
		}
		if resultsFirst {
			msgs = append(msgs, results...)
		}
		if m.Content != "" || len(m.ToolCalls) > 0 || len(results) == 0 {
			msgs = append(msgs, m)
		}
		if !resultsFirst {
			msgs = append(msgs, results...)
		}
	}
	return msgs
}

// readAnthropicBlocks reads a message's content blocks into m and returns
// its tool results as tool messages, and whether a tool result came before
// any text or tool call.
func readAnthropicBlocks(rd *reader, m *otelagentops.Message) (results []otelagentops.Message, resultsFirst bool) {
	for range rd.objects() {
		var typ []byte
		var id, name, content string
		var input []byte
		for k := range rd.members() {
			switch string(k) {
			case "type":
				typ = rawStr(rd)
			case "text", "content":
				content = textContent(rd, 1)
			case "id", "tool_use_id":
				id = clip(rd)
			case "name":
				name = clip(rd)
			case "input":
				input = rd.raw()
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
			resultsFirst = resultsFirst || (len(results) == 0 && m.Content == "" && len(m.ToolCalls) == 0)
			results = append(results, otelagentops.Message{Role: "tool", Content: content, ToolCallID: id})
		}
	}
	return results, resultsFirst
}

// readResponsesInput reads the Responses API input: a string (one user
// message) or items: messages, function and custom tool calls, and their
// outputs (a string or content parts, whose text is kept) as tool messages.
func readResponsesInput(rd *reader) []otelagentops.Message {
	if rd.isString() {
		return []otelagentops.Message{{Role: "user", Content: validText(rd.str())}}
	}
	var msgs []otelagentops.Message
	for range rd.objects() {
		var typ []byte
		var m otelagentops.Message
		var tc otelagentops.ToolCallRequest
		for k := range rd.members() {
			switch string(k) {
			case "type":
				typ = rawStr(rd)
			case "role":
				m.Role = clip(rd)
			case "content", "output":
				m.Content = textContent(rd, 0)
			case "call_id":
				tc.ID = clip(rd)
			case "name":
				tc.Name = clip(rd)
			case "arguments", "input": // a custom tool's input is free text
				tc.Arguments = validText(rd.str())
			}
		}
		switch string(typ) {
		case "function_call", "custom_tool_call":
			m = otelagentops.Message{Role: "assistant", ToolCalls: []otelagentops.ToolCallRequest{tc}}
		case "function_call_output", "custom_tool_call_output":
			m = otelagentops.Message{Role: "tool", Content: m.Content, ToolCallID: tc.ID}
		case "", "message":
		default:
			continue // reasoning and other items
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// readInstructions reads instructions given apart from the chat history:
// a string (the Responses API's instructions, Anthropic's system), or text
// blocks (Anthropic's system), one entry per block. Empty text is left out.
func readInstructions(rd *reader) []string {
	if rd.isString() {
		if s := validText(rd.str()); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for range rd.elems() {
		if rd.isString() {
			if s := validText(rd.str()); s != "" {
				out = append(out, s)
			}
			continue
		}
		var s string
		isText := true
		for k := range rd.members() {
			switch string(k) {
			case "type":
				isText = string(rawStr(rd)) == "text"
			case "text":
				s = validText(rd.str())
			}
		}
		if isText && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// rawStr is rawString for a value that may not be a string: anything else
// is skipped and reads as nil.
func rawStr(rd *reader) []byte {
	if !rd.isString() {
		rd.skip()
		return nil
	}
	return rd.rawString()
}
