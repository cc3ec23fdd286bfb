package llmhttp

import "bytes"

// eventHandler receives the events of a server-sent event stream. name is
// the event's "event:" field ("" when absent) and data its joined "data:"
// lines. Both are only valid during the call.
type eventHandler interface {
	event(name, data []byte)
}

// sseSplitter cuts a text/event-stream into events as its bytes pass, by
// the WHATWG rules: lines end in \n, \r\n or \r; "data:" lines accumulate,
// joined by \n; "event:" names the event; a line starting with ":" is a
// comment; a blank line dispatches. It keeps only the current line and the
// current event, each at most limit bytes: an event longer than that, or
// with a longer line, is dropped whole, never cut, and the stream goes on.
type sseSplitter struct {
	h        eventHandler
	limit    int
	line     []byte // a line begun in an earlier write
	lineOver bool   // that line passed limit
	lastCR   bool   // the last write ended in \r: a \n next ends nothing
	name     []byte
	data     []byte
	hasData  bool
	dataOver bool
}

func newSSESplitter(h eventHandler, limit int) *sseSplitter {
	return &sseSplitter{h: h, limit: limit}
}

// write feeds the next bytes of the stream.
func (s *sseSplitter) write(p []byte) {
	for len(p) > 0 {
		if s.lastCR {
			s.lastCR = false
			if p[0] == '\n' {
				p = p[1:]
				continue
			}
		}
		i := bytes.IndexByte(p, '\n')
		end := i
		if end < 0 {
			end = len(p)
		}
		if j := bytes.IndexByte(p[:end], '\r'); j >= 0 {
			i = j
		}
		if i < 0 {
			s.carry(p)
			return
		}
		line := p[:i]
		if len(s.line) > 0 || s.lineOver {
			s.carry(line)
			line = s.line
		}
		s.lastCR = p[i] == '\r'
		p = p[i+1:]
		if s.lineOver || len(line) > s.limit {
			s.dataOver = true // the event loses a line: drop it whole
		} else {
			s.processLine(line)
		}
		s.line, s.lineOver = s.line[:0], false
	}
}

// carry keeps part of a line that continues in a later write.
func (s *sseSplitter) carry(p []byte) {
	if s.lineOver || len(s.line)+len(p) > s.limit {
		s.line, s.lineOver = s.line[:0], true
		return
	}
	s.line = append(s.line, p...)
}

// end flushes a last line and event the stream did not terminate.
func (s *sseSplitter) end() {
	if s.lineOver {
		s.dataOver = true
	} else if len(s.line) > 0 {
		s.processLine(s.line)
	}
	s.line, s.lineOver = s.line[:0], false
	s.dispatch()
}

func (s *sseSplitter) processLine(line []byte) {
	if len(line) == 0 {
		s.dispatch()
		return
	}
	if line[0] == ':' {
		return
	}
	field, value := line, []byte(nil)
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		field, value = line[:i], line[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(field) {
	case "data":
		if s.hasData {
			s.appendData([]byte{'\n'})
		}
		s.hasData = true
		s.appendData(value)
	case "event":
		s.name = append(s.name[:0], value...)
	}
}

func (s *sseSplitter) appendData(v []byte) {
	if s.dataOver || len(s.data)+len(v) > s.limit {
		s.data, s.dataOver = s.data[:0], true
		return
	}
	s.data = append(s.data, v...)
}

func (s *sseSplitter) dispatch() {
	if s.hasData && !s.dataOver {
		s.h.event(s.name, s.data)
	}
	s.name, s.data = s.name[:0], s.data[:0]
	s.hasData, s.dataOver = false, false
}
