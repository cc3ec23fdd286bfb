package llmhttp

import "github.com/agentops-go/sdk/otelagentops"

// The Anthropic Messages API (POST /v1/messages). A message carries content
// blocks (text, tool_use, thinking) and usage whose input_tokens leave out
// the cache tokens. A stream sends message_start (ID, model, input usage),
// content_block_start/delta/stop, message_delta (stop reason, cumulative
// output usage) and ends with message_stop.

// anthropicUsage holds Anthropic's usage fields as reported; a later
// report (message_delta) replaces the counts it carries.
type anthropicUsage struct {
	in, out, read, write int64
	seen                 bool
}

// usage converts to the core's convention: input includes cache tokens.
func (u anthropicUsage) usage() otelagentops.Usage {
	return otelagentops.Usage{
		InputTokens: u.in + u.read + u.write, OutputTokens: u.out,
		CacheReadTokens: u.read, CacheWriteTokens: u.write,
	}
}

func readAnthropicUsage(rd *reader, u *anthropicUsage) {
	if !rd.isObject() {
		rd.skip()
		return
	}
	u.seen = true
	for k := range rd.members() {
		var dst *int64
		switch string(k) {
		case "input_tokens":
			dst = &u.in
		case "output_tokens":
			dst = &u.out
		case "cache_read_input_tokens":
			dst = &u.read
		case "cache_creation_input_tokens":
			dst = &u.write
		}
		if c := rd.peek(); dst != nil && c >= '0' && c <= '9' {
			*dst = rd.int()
		}
	}
}

// parseAnthropic reads a Messages API response into res.
func parseAnthropic(b []byte, res *result) {
	rd := newReader(b)
	readAnthropicMessage(&rd, res)
}

func readAnthropicMessage(rd *reader, res *result) {
	if !rd.isObject() {
		rd.skip()
		return
	}
	c := res.out.choice(0)
	for k := range rd.members() {
		switch string(k) {
		case "id":
			res.id = clip(rd)
		case "model":
			res.model = clip(rd)
		case "role":
			c.role = clip(rd)
		case "content":
			for range rd.elems() {
				readBlock(rd, res)
			}
		case "stop_reason":
			c.finish = clip(rd)
		case "usage":
			readAnthropicUsage(rd, &res.anthropic)
		case "error":
			res.readError(rd)
		}
	}
}

// readBlock reads a content block into choice 0 and returns the index of
// the tool call it made, or -1.
func readBlock(rd *reader, res *result) int {
	if !rd.isObject() {
		rd.skip()
		return -1
	}
	c := res.out.choice(0)
	var typ, input []byte
	var id, name string
	for k := range rd.members() {
		switch string(k) {
		case "type":
			typ = rd.rawString()
		case "text":
			added := res.out.appendText(&c.text, rd)
			res.output = res.output || added
		case "id":
			id = clip(rd)
		case "name":
			name = clip(rd)
		case "input":
			input = rd.raw()
		}
	}
	if string(typ) != "tool_use" && string(typ) != "server_tool_use" {
		return -1
	}
	i := len(c.tools)
	t := c.tool(int64(i))
	if t == nil {
		return -1
	}
	t.id, t.name, t.args = id, name, res.out.rawText(input)
	return i
}

// anthropicEvent handles one event of a Messages stream. Its type is the
// SSE event name, else the data's "type".
func anthropicEvent(name, data []byte, res *result) {
	rd := newReader(data)
	if !rd.isObject() {
		return
	}
	typ, index := name, int64(0)
	for k := range rd.members() {
		switch string(k) {
		case "type":
			if t := rd.rawString(); len(typ) == 0 {
				typ = t
			}
		case "message":
			readAnthropicMessage(&rd, res)
		case "index":
			index = rd.int()
		case "content_block":
			if ti := readBlock(&rd, res); ti >= 0 && index >= 0 && index < maxBlocks {
				for int64(len(res.blockTool)) <= index {
					res.blockTool = append(res.blockTool, -1)
				}
				res.blockTool[index] = ti
			}
		case "delta":
			readAnthropicDelta(&rd, res, index)
		case "usage":
			readAnthropicUsage(&rd, &res.anthropic)
		case "error":
			res.readError(&rd)
		}
	}
	if string(typ) == "message_stop" {
		res.final = true
	}
}

// readAnthropicDelta reads a content_block_delta's or message_delta's delta.
func readAnthropicDelta(rd *reader, res *result, index int64) {
	if !rd.isObject() {
		rd.skip()
		return
	}
	c := res.out.choice(0)
	for k := range rd.members() {
		switch string(k) {
		case "text":
			added := res.out.appendText(&c.text, rd)
			res.output = res.output || added
		case "partial_json":
			res.output = true
			t := res.blockToolCall(c, index)
			if t == nil {
				continue
			}
			if !t.streamed {
				res.out.budget += t.args.len()
				t.args, t.streamed = textBuf{}, true
			}
			res.out.appendText(&t.args, rd)
		case "stop_reason":
			if rd.isString() {
				c.finish = clip(rd)
			}
		}
	}
}

// blockToolCall returns the tool call content block index started, or nil.
func (r *result) blockToolCall(c *choice, index int64) *toolCall {
	if index < 0 || index >= int64(len(r.blockTool)) || r.blockTool[index] < 0 {
		return nil
	}
	return c.tool(int64(r.blockTool[index]))
}
