package llmhttp

import "strconv"

// reader is a small pull parser over a JSON document held in memory. It
// reads only what the LLM parsers ask for and skips the rest without
// allocating, so that a streamed chunk costs a scan, not a decode. The
// scanning itself (strings, numbers, skipped arrays and objects) is done by
// the helpers in jsonscan.go; the parsers walk arrays and objects with the
// iterators in jsoniter.go.
//
// It is lenient and never panics: it does not validate what it skips, and on
// malformed or truncated input it sets bad, moves to the end and every later
// call returns a zero value. What was read before the fault is kept by the
// caller, which is how a truncated body still yields its leading fields.
// Skipping is iterative, so hostile nesting cannot exhaust the stack.
type reader struct {
	b   []byte
	pos int
	bad bool
}

func newReader(b []byte) reader { return reader{b: b} }

func (r *reader) fail() { r.bad, r.pos = true, len(r.b) }

// peek skips white space and returns the next byte, or 0 at the end.
func (r *reader) peek() byte {
	for r.pos < len(r.b) {
		c := r.b[r.pos]
		if c > ' ' { // not white space: the usual case, in one comparison
			return c
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c
		}
	}
	return 0
}

// object enters an object, reporting whether the value is one; any other
// value is skipped. Iterate its members with member, or with membersFrom.
func (r *reader) object() bool {
	if r.peek() == '{' {
		r.pos++
		return true
	}
	r.skip()
	return false
}

// member returns the next key of the object being read (raw, still
// escaped), leaving the reader at its value, which the caller must read or
// skip. It reports false at the object's end. first is true for the first
// call after object.
func (r *reader) member(first bool) ([]byte, bool) {
	c := r.peek()
	if c == '}' {
		r.pos++
		return nil, false
	}
	if !first {
		if c != ',' {
			r.fail()
			return nil, false
		}
		r.pos++
		c = r.peek()
	}
	if c != '"' {
		r.fail()
		return nil, false
	}
	key := r.quoted()
	if r.peek() != ':' {
		r.fail()
		return nil, false
	}
	r.pos++
	return key, true
}

// array enters an array, reporting whether the value is one; any other
// value is skipped. Iterate its elements with elem.
func (r *reader) array() bool {
	if r.peek() == '[' {
		r.pos++
		return true
	}
	r.skip()
	return false
}

// elem reports whether the array being read has another element, leaving
// the reader at it. first is true for the first call after array.
func (r *reader) elem(first bool) bool {
	c := r.peek()
	if c == ']' {
		r.pos++
		return false
	}
	if !first {
		if c != ',' {
			r.fail()
			return false
		}
		r.pos++
	}
	return r.pos < len(r.b)
}

// rawString reads a string at the reader and returns its raw bytes between
// the quotes, escapes left in place.
func (r *reader) rawString() []byte {
	if r.peek() != '"' {
		r.fail()
		return nil
	}
	return r.quoted()
}

// quoted is rawString with the reader at the opening quote.
func (r *reader) quoted() []byte {
	start := r.pos + 1
	end := stringEnd(r.b, start)
	if end < 0 {
		r.fail()
		return nil
	}
	r.pos = end + 1
	return r.b[start:end]
}

// isString reports whether the next value is a string.
func (r *reader) isString() bool { return r.peek() == '"' }

// isObject reports whether the next value is an object.
func (r *reader) isObject() bool { return r.peek() == '{' }

// int reads an integer value (a fraction is truncated); anything else is
// skipped and reads as 0. Values are clamped to ±1e15.
func (r *reader) int() int64 {
	c := r.peek()
	if c != '-' && (c < '0' || c > '9') {
		r.skip()
		return 0
	}
	raw := r.scalar()
	neg := len(raw) > 0 && raw[0] == '-'
	if neg {
		raw = raw[1:]
	}
	var n int64
	for _, d := range raw {
		if d < '0' || d > '9' {
			break
		}
		if n < 1e15 {
			n = n*10 + int64(d-'0')
		}
	}
	if neg {
		return -n
	}
	return n
}

// float reads a number value, reporting whether it was one; anything else
// is skipped.
func (r *reader) float() (float64, bool) {
	c := r.peek()
	if c != '-' && (c < '0' || c > '9') {
		r.skip()
		return 0, false
	}
	f, err := strconv.ParseFloat(string(r.scalar()), 64)
	return f, err == nil
}

// boolean reads true or false; anything else is skipped and reads as false.
func (r *reader) boolean() bool {
	if r.peek() == 't' {
		return string(r.scalar()) == "true"
	}
	r.skip()
	return false
}

// raw reads any value and returns its bytes as they are.
func (r *reader) raw() []byte {
	r.peek()
	start := r.pos
	r.skip()
	if r.bad {
		return nil
	}
	return r.b[start:r.pos]
}

// scalar reads a number or literal: the bytes up to the next delimiter.
// At a delimiter it fails.
func (r *reader) scalar() []byte {
	start := r.pos
	r.pos = scalarEnd(r.b, start)
	if r.pos == start && r.pos < len(r.b) {
		r.fail()
	}
	return r.b[start:r.pos]
}

// skip reads past one value of any kind without looking inside it: a
// string to its closing quote, an array or object to its closing bracket,
// counting brackets outside strings, anything else to a delimiter. At the
// end of the input, a delimiter or a closing bracket it fails.
func (r *reader) skip() {
	switch c := r.peek(); c {
	case '"':
		r.quoted()
	case '{', '[':
		if end := nestedEnd(r.b, r.pos); end >= 0 {
			r.pos = end
		} else {
			r.fail()
		}
	case '}', ']', ',', ':':
		r.fail()
	default:
		if r.pos >= len(r.b) {
			r.fail()
			return
		}
		r.scalar()
	}
}
