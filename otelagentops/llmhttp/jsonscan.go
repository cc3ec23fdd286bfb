package llmhttp

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// The scanning helpers below find the bytes that matter to the reader
// without a per-byte switch: string bodies are searched eight bytes at a
// time (SWAR: SIMD within a register) for '"' and '\\', long ones with
// bytes.IndexByte, and the rest with lookup tables. They are pure functions
// of their input, so that each can be tested against a byte-by-byte
// reference for every byte value at every position.

const (
	swarLow  = 0x0101010101010101 // 0x01 in each byte
	swarHigh = 0x8080808080808080 // 0x80 in each byte
)

// swarEq returns a mask with the high bit set in the lowest byte of x equal
// to c and possibly in higher bytes: a byte equal to c borrows from the
// byte above it, so only the lowest set bit is exact, never a byte below it
// (a byte not equal to c, with no borrow in, yields no bit).
func swarEq(x uint64, c byte) uint64 {
	v := x ^ (swarLow * uint64(c))
	return (v - swarLow) &^ v & swarHigh
}

// stringEnd returns the index of the quote that ends the JSON string body
// starting at b[i] (just after its opening quote), or -1 when the body is
// unterminated. A backslash escapes the byte after it, whatever that is;
// nothing else is checked. Short bodies (keys, IDs, deltas) are scanned a
// word at a time; after swarBytes of them it jumps from quote to quote.
func stringEnd(b []byte, i int) int {
	start := i
	for lim := min(len(b), i+swarBytes); i+8 <= lim; {
		x := binary.LittleEndian.Uint64(b[i:])
		m := swarEq(x, '"') | swarEq(x, '\\')
		if m == 0 {
			i += 8
			continue
		}
		i += bits.TrailingZeros64(m) >> 3
		if b[i] == '"' {
			return i
		}
		i += 2 // a backslash and the byte it escapes
	}
	if i+8 > len(b) { // the end of the input is near: byte by byte
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				return i
			case '\\':
				i++
			}
		}
		return -1
	}
	// A long body: find each quote and count the backslashes before it,
	// back to start at most; i is never inside an escape here.
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1
		}
		end := i + j
		k := end - 1
		for k >= start && b[k] == '\\' {
			k--
		}
		if (end-1-k)%2 == 0 {
			return end
		}
		i = end + 1
	}
	return -1
}

// swarBytes is how far stringEnd searches a word at a time before it
// switches to bytes.IndexByte, which is faster on long bodies.
const swarBytes = 64

// delim marks the bytes that end a number or literal.
var delim = [256]bool{',': true, ':': true, '{': true, '}': true, '[': true, ']': true,
	'"': true, ' ': true, '\t': true, '\n': true, '\r': true}

// scalarEnd returns the index of the first delimiter (delim) at or after
// b[i], or len(b) when there is none.
func scalarEnd(b []byte, i int) int {
	for i < len(b) && !delim[b[i]] {
		i++
	}
	return i
}

// nestedEnd returns the index just past the bracket that closes the array
// or object whose opening bracket is at b[i], or -1 when the input ends
// first. Brackets are counted outside strings, '[' and '{' alike, and
// nothing else is checked: a string starts at any '"' outside a string.
func nestedEnd(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		x, k := uint64(0), 0
		if i+8 <= len(b) {
			x = binary.LittleEndian.Uint64(b[i:])
			// '[' and '{', ']' and '}' differ only in bit 5 (0x20).
			m := swarEq(x, '"') | swarEq(x|0x2020202020202020, '{') | swarEq(x|0x2020202020202020, '}')
			if m == 0 {
				i += 8
				continue
			}
			k = bits.TrailingZeros64(m) >> 3
		} else if k = indexStructural(b[i:]); k < 0 {
			return -1
		}
		i += k
		switch b[i] {
		case '"':
			if i = stringEnd(b, i+1); i < 0 {
				return -1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return -1
}

// structural marks the bytes nestedEnd stops at.
var structural = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

// indexStructural returns the index of the first structural byte in b, or
// -1 when there is none.
func indexStructural(b []byte) int {
	for i, c := range b {
		if structural[c] {
			return i
		}
	}
	return -1
}
