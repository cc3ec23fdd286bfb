package llmhttp

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// str reads a string value; anything else is skipped and reads as "".
func (r *reader) str() string {
	if r.peek() != '"' {
		r.skip()
		return ""
	}
	raw := r.rawString()
	return unescape(raw, len(raw))
}

// strWithin reads a string value, unescaped and cut at limit bytes (the
// cut may split a UTF-8 sequence); anything else is skipped and reads as "".
func (r *reader) strWithin(limit int) string {
	if r.peek() != '"' {
		r.skip()
		return ""
	}
	raw := r.rawString()
	if limit <= 0 {
		return ""
	}
	return unescape(raw, limit)
}

// skipStr skips a value and reports whether it was a non-empty string,
// with no copy and no decoding.
func (r *reader) skipStr() bool {
	if r.peek() != '"' {
		r.skip()
		return false
	}
	return len(r.rawString()) > 0
}

// Escaped strings are decoded in a pooled scratch buffer, so that reading
// one costs one allocation, the string itself.
const maxScratch = 64 << 10

var scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// unescape returns the JSON string body raw with its escapes decoded, cut
// at limit bytes; the bytes are as appendUnescaped gives them, not checked.
func unescape(raw []byte, limit int) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[:min(len(raw), limit)])
	}
	p := scratchPool.Get().(*[]byte)
	b := appendUnescaped((*p)[:0], raw)
	s := string(b[:min(len(b), limit)])
	if cap(b) <= maxScratch {
		*p = b[:0]
		scratchPool.Put(p)
	}
	return s
}

// appendStr appends a string value, unescaped, to dst, keeping dst within
// limit bytes; anything else is skipped.
func (r *reader) appendStr(dst []byte, limit int) []byte {
	if r.peek() != '"' {
		r.skip()
		return dst
	}
	raw := r.rawString()
	if len(dst) >= limit {
		return dst
	}
	if len(dst)+len(raw) <= limit && bytes.IndexByte(raw, '\\') < 0 {
		return append(dst, raw...)
	}
	out := appendUnescaped(dst, raw)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// appendUnescaped appends the JSON string body raw (the bytes between the
// quotes) to dst with its escapes decoded. Malformed escapes decode to
// U+FFFD or are dropped; it never fails.
func appendUnescaped(dst, raw []byte) []byte {
	for len(raw) > 0 {
		i := bytes.IndexByte(raw, '\\')
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if len(raw) < 2 {
			return dst
		}
		c := raw[1]
		raw = raw[2:]
		switch c {
		case 'n':
			dst = append(dst, '\n')
		case 't':
			dst = append(dst, '\t')
		case 'r':
			dst = append(dst, '\r')
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'u':
			var r rune
			r, raw = hexRune(raw)
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if len(raw) >= 6 && raw[0] == '\\' && raw[1] == 'u' {
					if lo, rest := hexRune(raw[2:]); utf16.DecodeRune(r, lo) != utf8.RuneError {
						r2, raw = utf16.DecodeRune(r, lo), rest
					}
				}
				r = r2
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\', '/' and anything unknown stand for themselves
			dst = append(dst, c)
		}
	}
	return dst
}

// hexRune decodes the four hex digits that start b, returning U+FFFD when
// they are not hex, and the rest of b.
func hexRune(b []byte) (rune, []byte) {
	if len(b) < 4 {
		return utf8.RuneError, nil
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return utf8.RuneError, b[4:]
		}
	}
	return r, b[4:]
}

// text returns b as a string that is valid UTF-8, as OTLP requires of
// string attributes: a body cut at a limit or a hostile one may hold broken
// sequences, which become U+FFFD.
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// validText is text for a string.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
