package llmhttp

import (
	"bytes"
	"strconv"
)

// refReader is the reader as it was before its scanning was sped up (see
// jsonscan.go and jsonread_test.go), kept as the reference that the reader
// must agree with on every input.
type refReader struct {
	b   []byte
	pos int
	bad bool
}

func (r *refReader) fail() { r.bad, r.pos = true, len(r.b) }

// peek skips white space and returns the next byte, or 0 at the end.
func (r *refReader) peek() byte {
	for r.pos < len(r.b) {
		switch c := r.b[r.pos]; c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c
		}
	}
	return 0
}

// object enters an object, reporting whether the value is one; any other
// value is skipped. Iterate its members with member.
func (r *refReader) object() bool {
	if r.peek() == '{' {
		r.pos++
		return true
	}
	r.skip()
	return false
}

// member returns the next key of the object being read (raw, still
// escaped), leaving the refReader at its value, which the caller must read or
// skip. It reports false at the object's end. first is true for the first
// call after object.
func (r *refReader) member(first bool) ([]byte, bool) {
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
	key := r.rawString()
	if r.peek() != ':' {
		r.fail()
		return nil, false
	}
	r.pos++
	return key, !r.bad
}

// array enters an array, reporting whether the value is one; any other
// value is skipped. Iterate its elements with elem.
func (r *refReader) array() bool {
	if r.peek() == '[' {
		r.pos++
		return true
	}
	r.skip()
	return false
}

// elem reports whether the array being read has another element, leaving
// the refReader at it. first is true for the first call after array.
func (r *refReader) elem(first bool) bool {
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

// rawString reads a string at the refReader and returns its raw bytes between
// the quotes, escapes left in place. Short strings (keys, IDs, deltas) are
// scanned byte by byte; long ones jump from quote to quote, a quote being
// escaped when an odd run of backslashes precedes it.
func (r *refReader) rawString() []byte {
	if r.peek() != '"' {
		r.fail()
		return nil
	}
	b, start := r.b, r.pos+1
	i := start
	for n := min(len(b), start+refShortString); i < n; i++ {
		switch b[i] {
		case '"':
			r.pos = i + 1
			return b[start:i]
		case '\\':
			i++
		}
	}
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			break
		}
		end := i + j
		bs := 0
		for k := end - 1; k >= start && b[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			r.pos = end + 1
			return b[start:end]
		}
		i = end + 1
	}
	r.fail()
	return nil
}

// refShortString is how many bytes rawString scans one by one.
const refShortString = 32

// isString reports whether the next value is a string.
func (r *refReader) isString() bool { return r.peek() == '"' }

// int reads an integer value (a fraction is truncated); anything else is
// skipped and reads as 0. Values are clamped to ±1e15.
func (r *refReader) int() int64 {
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
func (r *refReader) float() (float64, bool) {
	c := r.peek()
	if c != '-' && (c < '0' || c > '9') {
		r.skip()
		return 0, false
	}
	f, err := strconv.ParseFloat(string(r.scalar()), 64)
	return f, err == nil
}

// boolean reads true or false; anything else is skipped and reads as false.
func (r *refReader) boolean() bool {
	if r.peek() == 't' {
		return string(r.scalar()) == "true"
	}
	r.skip()
	return false
}

// raw reads any value and returns its bytes as they are.
func (r *refReader) raw() []byte {
	r.peek()
	start := r.pos
	r.skip()
	if r.bad {
		return nil
	}
	return r.b[start:r.pos]
}

// scalar reads a number or literal: the bytes up to the next delimiter.
func (r *refReader) scalar() []byte {
	start := r.pos
	for r.pos < len(r.b) {
		switch r.b[r.pos] {
		case ',', ':', '{', '}', '[', ']', '"', ' ', '\t', '\n', '\r':
			if r.pos == start {
				r.fail()
			}
			return r.b[start:r.pos]
		}
		r.pos++
	}
	return r.b[start:r.pos]
}

// skip reads past one value of any kind without looking inside it.
func (r *refReader) skip() {
	depth := 0
	for !r.bad {
		switch c := r.peek(); c {
		case '"':
			r.rawString()
		case '{', '[':
			depth++
			r.pos++
			continue
		case '}', ']':
			if depth == 0 {
				r.fail()
				return
			}
			depth--
			r.pos++
		case ',', ':':
			if depth == 0 {
				r.fail()
				return
			}
			r.pos++
			continue
		default:
			if r.pos >= len(r.b) {
				r.fail()
				return
			}
			r.scalar()
		}
		if depth == 0 {
			return
		}
	}
}
