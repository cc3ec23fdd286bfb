package chat

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner reads JSON from s, from offset i. Each method reports
// whether what it read was well-formed; after a false the scanner is
// spent. It checks what it needs to read the message shape, not every rule
// of RFC 8259 (a number's syntax, say).
type scanner struct {
	s     string
	i     int
	depth int      // of nested arrays and objects, bounded by maxJSONDepth
	buf   *Buffers // the messages and parts read
}

// maxJSONDepth bounds the nesting the scanner follows: message JSON is
// four deep, tool arguments a few more.
const maxJSONDepth = 64

func (sc *scanner) space() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// consume skips white space and then c, reporting whether c was there.
func (sc *scanner) consume(c byte) bool {
	sc.space()
	if sc.i < len(sc.s) && sc.s[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (sc *scanner) end() bool {
	sc.space()
	return sc.i == len(sc.s)
}

// array reads an array, calling elem at each element.
func (sc *scanner) array(elem func() bool) bool {
	if !sc.consume('[') || sc.depth >= maxJSONDepth {
		return false
	}
	sc.depth++
	defer func() { sc.depth-- }()
	if sc.consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if !sc.consume(',') {
			return sc.consume(']')
		}
	}
}

// object reads an object, calling field with each key, the scanner at
// the key's value.
func (sc *scanner) object(field func(key string) bool) bool {
	if !sc.consume('{') || sc.depth >= maxJSONDepth {
		return false
	}
	sc.depth++
	defer func() { sc.depth-- }()
	if sc.consume('}') {
		return true
	}
	for {
		sc.space()
		key, ok := sc.str()
		if !ok || !sc.consume(':') {
			return false
		}
		sc.space()
		if !field(key) {
			return false
		}
		if !sc.consume(',') {
			return sc.consume('}')
		}
	}
}

// at reports whether the next byte (white space skipped) is c.
func (sc *scanner) at(c byte) bool {
	sc.space()
	return sc.i < len(sc.s) && sc.s[sc.i] == c
}

// objectOrSkip reads an object as object does; a value of another type is
// skipped.
func (sc *scanner) objectOrSkip(field func(key string) bool) bool {
	if !sc.at('{') {
		return sc.skip()
	}
	return sc.object(field)
}

// stringInto reads a string into dst; a value of another type is skipped
// and reads as "".
func (sc *scanner) stringInto(dst *string) bool {
	if sc.at('"') {
		s, ok := sc.str()
		*dst = s
		return ok
	}
	*dst = ""
	return sc.skip()
}

// textInto reads a value into dst as text: a string as its value, null as
// "", anything else as its JSON text.
func (sc *scanner) textInto(dst *string) bool {
	if sc.at('"') {
		return sc.stringInto(dst)
	}
	start := sc.i
	if !sc.skip() {
		return false
	}
	if *dst = sc.s[start:sc.i]; *dst == "null" {
		*dst = ""
	}
	return true
}

// skip reads any value.
func (sc *scanner) skip() bool {
	sc.space()
	if sc.i >= len(sc.s) {
		return false
	}
	switch sc.s[sc.i] {
	case '"':
		_, end, _ := sc.strEnd()
		sc.i = end + 1
		return end >= 0
	case '{':
		return sc.object(func(string) bool { return sc.skip() })
	case '[':
		return sc.array(sc.skip)
	}
	start := sc.i // a number, true, false or null
	for sc.i < len(sc.s) && strings.IndexByte("+-.0123456789Eaeflnrstu", sc.s[sc.i]) >= 0 {
		sc.i++
	}
	return sc.i > start
}

// str reads a string. One without escapes is a substring of s.
func (sc *scanner) str() (string, bool) {
	start, end, escaped := sc.strEnd()
	if end < 0 {
		return "", false
	}
	sc.i = end + 1
	if !escaped {
		return sc.s[start:end], true
	}
	return sc.buf.unescape(sc.s[start:end])
}

// strEnd finds the string at sc.i: its content is s[start:end], end is
// -1 when it is not a string or does not end, escaped reports a backslash
// in it.
func (sc *scanner) strEnd() (start, end int, escaped bool) {
	if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
		return 0, -1, false
	}
	start = sc.i + 1
	for i := start; ; {
		k := strings.IndexByte(sc.s[i:], '"')
		if k < 0 {
			return 0, -1, false
		}
		q := i + k
		n := 0 // backslashes before the quote: an odd number escapes it
		for j := q - 1; j >= start && sc.s[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return start, q, escaped || strings.IndexByte(sc.s[i:q], '\\') >= 0
		}
		escaped, i = true, q+1
	}
}

// unescape returns the content s of a JSON string with its escapes
// replaced, in b's arena; ok is false for a bad escape.
func (b *Buffers) unescape(s string) (string, bool) {
	start := b.text.open(len(s)) // an escape is never shorter than what it stands for
	if !unescapeTo(&b.text.b, s) {
		return "", false
	}
	return b.text.since(start), true
}

// unescapeTo writes the content s of a JSON string to b with its escapes
// replaced; it reports false for a bad escape.
func unescapeTo(b *strings.Builder, s string) bool {
	for {
		k := strings.IndexByte(s, '\\')
		if k < 0 {
			b.WriteString(s)
			return true
		}
		b.WriteString(s[:k])
		if k+1 >= len(s) {
			return false
		}
		c := s[k+1]
		s = s[k+2:]
		switch c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(s)
			if !ok {
				return false
			}
			s = s[4:]
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(0), false
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					r2, ok2 = hex4(s[2:])
				}
				if d := utf16.DecodeRune(r, r2); ok2 && d != utf8.RuneError {
					r, s = d, s[6:]
				} else {
					r = utf8.RuneError // a lone surrogate, as encoding/json reads it
				}
			}
			b.WriteRune(r)
		default:
			return false
		}
	}
}

// hex4 reads the four hex digits s starts with.
func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[:4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
