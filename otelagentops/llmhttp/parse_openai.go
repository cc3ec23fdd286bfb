package llmhttp

import "github.com/agentops-go/sdk/otelagentops"

// parseOpenAI reads an OpenAI chat completion, completion or embeddings
// response, or one streamed chunk of the first two, into res. Chunks add
// to what earlier chunks gave: text and tool-call arguments are appended,
// the ID and model are taken from the first chunk, usage from the chunk
// that carries it.
func parseOpenAI(b []byte, res *result) {
	rd := newReader(b)
	if !rd.object() {
		return
	}
	openAIMembers(&rd, res, true)
}

// openAIMembers reads the members of a top-level OpenAI object, from the
// first when first is true, else from the reader's position after a value.
// It returns the position after the last member of the run that starts
// the object (or starts at the reader) and that changes nothing in res
// (see idle), or -1 when there is no such member.
func openAIMembers(rd *reader, res *result, first bool) int {
	idleEnd, idleRun := -1, true
	for k := range rd.membersFrom(first) {
		idleRun = idleRun && idle(k, res)
		switch string(k) {
		case "id":
			res.id = keepFirst(rd, res.id)
		case "model":
			res.model = keepFirst(rd, res.model)
		case "choices":
			readChoices(rd, res)
		case "usage":
			if readUsage(rd, &res.usage) {
				res.hasUsage = true
			}
		case "error":
			res.readError(rd)
		default:
			rd.skip() // here, not by the loop: idleEnd is past the value
		}
		if idleRun && !rd.bad {
			idleEnd = rd.pos
		}
	}
	return idleEnd
}

// idle reports whether openAIMembers ignores the member named key, whatever
// its value, given res: it skips it, and will for the rest of the stream
// (the ID and model, once set, are never replaced).
func idle(key []byte, res *result) bool {
	switch string(key) {
	case "choices", "usage", "error":
		return false
	case "id":
		return res.id != ""
	case "model":
		return res.model != ""
	}
	return true
}

// keepFirst reads a short string field unless cur already holds one, so a
// stream allocates the ID and model once, not per chunk.
func keepFirst(rd *reader, cur string) string {
	if cur != "" {
		rd.skip()
		return cur
	}
	return clip(rd)
}

func readChoices(rd *reader, res *result) {
	for pos := range rd.objects() {
		idx := int64(pos)
		for k := range rd.members() {
			switch string(k) {
			case "index":
				idx = rd.int()
			case "message", "delta":
				readMessage(rd, res, idx)
			case "text": // completions
				if c := res.out.choice(idx); c != nil {
					added := res.out.appendText(&c.text, rd)
					res.output = res.output || added
				}
			case "finish_reason":
				if c := res.out.choice(idx); c != nil && rd.isString() {
					c.finish = clip(rd)
				}
			}
		}
	}
}

// readMessage reads a choice's message (or a chunk's delta of it).
func readMessage(rd *reader, res *result, idx int64) {
	c := res.out.choice(idx)
	if c == nil {
		rd.skip()
		return
	}
	for k := range rd.members() {
		switch string(k) {
		case "role":
			c.role = keepFirst(rd, c.role)
		case "content", "refusal":
			added := res.out.appendText(&c.text, rd)
			res.output = res.output || added
		case "tool_calls":
			readToolCalls(rd, res, c)
		}
	}
}

func readToolCalls(rd *reader, res *result, c *choice) {
	for pos := range rd.objects() {
		idx := int64(pos)
		for k := range rd.members() {
			switch string(k) {
			case "index":
				idx = rd.int()
			case "id":
				if t := c.tool(idx); t != nil {
					t.id = keepFirst(rd, t.id)
				}
			case "function":
				readFunction(rd, res, c.tool(idx))
			}
		}
	}
}

func readFunction(rd *reader, res *result, t *toolCall) {
	if t == nil || !rd.isObject() {
		rd.skip()
		return
	}
	res.output = true
	for k := range rd.members() {
		switch string(k) {
		case "name":
			t.name = keepFirst(rd, t.name)
		case "arguments":
			res.out.appendText(&t.args, rd)
		}
	}
}

// readUsage reads an OpenAI usage object (chat and completions name the
// counts prompt/completion, the Responses API input/output), reporting
// whether there was one. DeepSeek's prompt_cache_hit_tokens count as
// cache reads.
func readUsage(rd *reader, u *otelagentops.Usage) bool {
	if !rd.isObject() {
		rd.skip()
		return false
	}
	for k := range rd.members() {
		switch string(k) {
		case "prompt_tokens", "input_tokens":
			u.InputTokens = rd.int()
		case "completion_tokens", "output_tokens":
			u.OutputTokens = rd.int()
		case "total_tokens":
			u.TotalTokens = rd.int()
		case "prompt_tokens_details", "input_tokens_details":
			if n := detail(rd, "cached_tokens"); n > 0 {
				u.CacheReadTokens = n
			}
		case "completion_tokens_details", "output_tokens_details":
			u.ReasoningTokens = detail(rd, "reasoning_tokens")
		case "prompt_cache_hit_tokens":
			if n := rd.int(); u.CacheReadTokens == 0 {
				u.CacheReadTokens = n
			}
		}
	}
	return true
}

// detail reads the count named key from a *_details object.
func detail(rd *reader, key string) int64 {
	var n int64
	for k := range rd.members() {
		if string(k) == key {
			n = rd.int()
		}
	}
	return n
}
