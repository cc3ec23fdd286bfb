package chat

import (
	"slices"
	"strings"
)

// Buffers holds the messages and parts of the documents parsed into
// it, so that the spans of a batch reuse one array of each. Messages stay
// valid until Reset; the zero value is ready to use.
type Buffers struct {
	msgs  []Message
	parts []Part
	text  Arena // holds the unescaped strings; kept by Reset
}

// Reset makes b's arrays free for new messages (those parsed before must
// no longer be used; the strings they hold stay valid). spans is how many
// spans are still to be read with b, this one included: it sizes a new
// text buffer (0 or 1: only what this span needs).
func (b *Buffers) Reset(spans int) {
	b.msgs, b.parts = b.msgs[:0], b.parts[:0]
	b.text.spans = spans
}

// Arena returns the arena holding the strings b makes, for Message.TextIn.
func (b *Buffers) Arena() *Arena { return &b.text }

// reserve makes room for the messages and parts of data when b is full (a
// new b, mostly): its "role" and "type" keys, counted, say how many.
func (b *Buffers) reserve(data string) {
	if len(b.msgs) == cap(b.msgs) {
		b.msgs = slices.Grow(b.msgs, strings.Count(data, `"role"`))
	}
	if len(b.parts) == cap(b.parts) {
		b.parts = slices.Grow(b.parts, strings.Count(data, `"type"`))
	}
}

// maxTextChunk is the most an Arena reserves at a time for the spans left.
const maxTextChunk = 32 << 10

// Arena holds strings the readers make (unescaped JSON strings, texts
// joined from parts) in a few large buffers rather than one allocation
// each. A string handed out is never written again: the arena only
// appends, and starts a new buffer when the current one is full rather
// than growing it. The zero value allocates (about) each string on its own.
type Arena struct {
	b     strings.Builder
	spans int // the spans left to read (Buffers.Reset): sizes a new buffer
}

// open makes room for up to n more bytes and returns where they start.
func (a *Arena) open(n int) int {
	if a.b.Cap()-a.b.Len() < n {
		a.b = strings.Builder{}
		a.b.Grow(max(n, min(n*a.spans, maxTextChunk)))
	}
	return a.b.Len()
}

// since returns what was written from start, an offset open returned.
func (a *Arena) since(start int) string { return a.b.String()[start:] }
