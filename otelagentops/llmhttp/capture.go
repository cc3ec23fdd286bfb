package llmhttp

import (
	"bytes"
	"sync"
)

// tailBytes is how much of the end of an over-long JSON body is kept: the
// usage object that OpenAI puts last (after, say, megabytes of embeddings).
const tailBytes = 4 << 10

// Head buffers are pooled: a body's bytes are dropped once parsed (the
// parsers copy what they keep), and most bodies fit a pooled buffer.
const (
	pooledSize = 16 << 10
	maxPooled  = 256 << 10
)

var headPool = sync.Pool{New: func() any { b := make([]byte, 0, pooledSize); return &b }}

// capture retains a JSON response body for parsing at its end: the first
// limit bytes and, past them, a sliding window on the last tailBytes.
type capture struct {
	pooled *[]byte
	head   []byte
	limit  int
	over   bool
	tail   []byte
}

// newCapture takes a head buffer from the pool, or sizes one from the
// Content-Length when that is known and larger.
func newCapture(limit int, contentLength int64) *capture {
	c := &capture{}
	c.init(limit, contentLength)
	return c
}

// init is newCapture for a capture held in another struct.
func (c *capture) init(limit int, contentLength int64) {
	*c = capture{limit: limit}
	if contentLength > maxPooled && contentLength <= int64(limit) {
		c.head = make([]byte, 0, contentLength)
		return
	}
	c.pooled = headPool.Get().(*[]byte)
	c.head = (*c.pooled)[:0]
}

// release gives the head buffer back to the pool; the capture is empty
// after it.
func (c *capture) release() {
	if c.pooled != nil && cap(c.head) <= maxPooled {
		*c.pooled = c.head[:0]
		headPool.Put(c.pooled)
	}
	c.pooled, c.head, c.tail = nil, nil, nil
}

func (c *capture) write(p []byte) {
	if !c.over {
		if len(c.head)+len(p) <= c.limit {
			c.head = append(c.head, p...)
			return
		}
		room := c.limit - len(c.head)
		c.head, p, c.over = append(c.head, p[:room]...), p[room:], true
	}
	if len(p) >= tailBytes {
		c.tail = append(c.tail[:0], p[len(p)-tailBytes:]...)
		return
	}
	c.tail = append(c.tail, p...)
	if len(c.tail) > 2*tailBytes {
		n := copy(c.tail, c.tail[len(c.tail)-tailBytes:])
		c.tail = c.tail[:n]
	}
}

// parse reads what was retained into res: the whole body, or, for an
// over-long one, the fields at its head and the usage in its tail. It then
// releases the buffers: the parsers keep copies only.
func (c *capture) parse(kind apiKind, res *result) {
	defer c.release()
	switch kind {
	case apiResponses:
		parseResponse(c.head, res)
	case apiMessages:
		parseAnthropic(c.head, res)
	default:
		parseOpenAI(c.head, res)
	}
	if !c.over || res.usageKnown(kind) {
		return
	}
	i := bytes.LastIndex(c.tail, []byte(`"usage"`))
	if i < 0 {
		return
	}
	rd := newReader(c.tail[i:])
	rd.rawString()
	if rd.peek() != ':' {
		return
	}
	rd.pos++
	if kind == apiMessages {
		readAnthropicUsage(&rd, &res.anthropic)
	} else if readUsage(&rd, &res.usage) {
		res.hasUsage = true
	}
}
