package llmhttp

// The OpenAI Responses API (POST /v1/responses). A response object carries
// its whole output and usage; a stream sends deltas and ends with one of the
// terminal events, which carries the full response object.

// Terminal and delta event types of a Responses stream.
const (
	respCompleted  = "response.completed"
	respIncomplete = "response.incomplete"
	respFailed     = "response.failed"
	respTextDelta  = "response.output_text.delta"
	respArgsDelta  = "response.function_call_arguments.delta"
	respError      = "error"
)

// parseResponse reads a Responses API response object into res, replacing
// any output gathered from deltas.
func parseResponse(b []byte, res *result) {
	rd := newReader(b)
	readResponse(&rd, res, true)
}

// readResponse reads a response object; withOutput says whether to take its
// output items (a terminal object) or only its identity and status.
func readResponse(rd *reader, res *result, withOutput bool) {
	for k := range rd.members() {
		switch string(k) {
		case "id":
			res.id = clip(rd)
		case "model":
			res.model = clip(rd)
		case "status":
			res.status = clip(rd)
		case "incomplete_details":
			res.incompleteReason = field(rd, "reason")
		case "output":
			if withOutput {
				res.out.reset()
				readOutputItems(rd, res)
			}
		case "usage":
			if readUsage(rd, &res.usage) {
				res.hasUsage = true
			}
		case "error":
			if rd.isObject() {
				res.readError(rd)
			}
		}
	}
}

// readOutputItems reads the output array into choice 0: message text and
// function calls; reasoning and other items are skipped.
func readOutputItems(rd *reader, res *result) {
	if rd.peek() != '[' { // no array, no choice
		rd.skip()
		return
	}
	c := res.out.choice(0)
	for range rd.objects() {
		var typ, callID, name string
		var args textBuf
		for k := range rd.members() {
			switch string(k) {
			case "type":
				typ = clip(rd)
			case "role":
				c.role = keepFirst(rd, c.role)
			case "content":
				if typ == "" || typ == "message" {
					readOutputContent(rd, res, c)
				}
			case "call_id":
				callID = clip(rd)
			case "name":
				name = clip(rd)
			case "arguments":
				res.out.appendText(&args, rd)
			}
		}
		if typ == "function_call" {
			if t := c.tool(int64(len(c.tools))); t != nil {
				t.id, t.name, t.args = callID, name, args
			}
		}
	}
}

// readOutputContent appends the text parts of an output message.
func readOutputContent(rd *reader, res *result, c *choice) {
	for range rd.objects() {
		for k := range rd.members() {
			switch string(k) {
			case "text", "refusal":
				res.out.appendText(&c.text, rd)
			}
		}
	}
}

// responsesEvent handles one event of a Responses stream. Its type is the
// SSE event name, else the data's "type".
func responsesEvent(name, data []byte, res *result) {
	rd := newReader(data)
	typ := name // compared as string(typ), which does not allocate
	for k := range rd.members() {
		switch string(k) {
		case "type":
			if t := rd.rawString(); len(typ) == 0 {
				typ = t
			}
		case "delta":
			switch string(typ) {
			case respTextDelta:
				c := res.out.choice(0)
				added := res.out.appendText(&c.text, &rd)
				res.output = res.output || added
			case respArgsDelta:
				res.output = true
			}
		case "response":
			terminal := string(typ) == respCompleted || string(typ) == respIncomplete || string(typ) == respFailed
			readResponse(&rd, res, terminal)
			res.final = res.final || terminal
		case "code", "message", "error":
			if string(typ) == respError {
				res.errType = "error"
				if string(k) == "error" {
					res.readError(&rd)
				} else if string(k) == "code" {
					res.errType = nonEmpty(clip(&rd), "error")
				} else {
					res.errMsg = clipMessage(&rd)
				}
			}
		}
	}
}

// responsesFinish is the finish reason of a Responses API call: "stop" (or
// "tool_calls" when it asked for tools) when completed, the incomplete
// reason (e.g. max_output_tokens) when incomplete, else its status.
func (r *result) responsesFinish() string {
	switch r.status {
	case "completed":
		if len(r.out.choices) > 0 && len(r.out.choices[0].tools) > 0 {
			return "tool_calls"
		}
		return "stop"
	case "incomplete":
		return nonEmpty(r.incompleteReason, r.status)
	case "", "in_progress", "queued":
		return ""
	}
	return r.status
}

// field reads the string member key of an object value.
func field(rd *reader, key string) string {
	var v string
	for k := range rd.members() {
		if string(k) == key {
			v = clip(rd)
		}
	}
	return v
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
