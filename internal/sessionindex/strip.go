package sessionindex

import "bytes"

// maxStripDepth is the deepest nesting stripDocument follows; a deeper
// document is left to encoding/json.
const maxStripDepth = 1000

// has reports whether key is one of keys.
func has(keys [][]byte, key []byte) bool {
	for _, k := range keys {
		if bytes.Equal(k, key) {
			return true
		}
	}
	return false
}

// stripper reads data, JSON, from pos, writing what it keeps to out
// (stripDocument's reader). Each method reports whether data was as it
// expects, checked as strictly as encoding/json checks it.
type stripper struct {
	data []byte
	pos  int
	out  []byte
}

func (s *stripper) at(c byte) bool { return s.pos < len(s.data) && s.data[s.pos] == c }

func (s *stripper) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// drop returns the member function of object that skips the members named
// in keys and copies the others.
func (s *stripper) drop(keys [][]byte) func(key []byte, depth int) bool {
	return func(key []byte, depth int) bool {
		if has(keys, key) {
			return s.skip(depth)
		}
		return s.copy(depth)
	}
}

// object reads an object, writing its braces, and calls member for the
// value of each member (at pos), which skips it or writes it; object
// writes the key and the separators of the members written.
func (s *stripper) object(depth int, member func(key []byte, depth int) bool) bool {
	if depth >= maxStripDepth || !s.at('{') {
		return false
	}
	s.pos++
	s.out = append(s.out, '{')
	wrote := false
	for first := true; ; first = false {
		if s.ws(); s.at('}') && first {
			break
		}
		start := s.pos
		if !s.str() {
			return false
		}
		key := s.data[start:s.pos]
		if s.ws(); !s.at(':') {
			return false
		}
		s.pos++
		s.ws()
		mark := len(s.out)
		if wrote {
			s.out = append(s.out, ',')
		}
		s.out = append(append(s.out, key...), ':')
		before := len(s.out)
		if !member(key, depth+1) {
			return false
		}
		if len(s.out) == before { // skipped: take the key back
			s.out = s.out[:mark]
		} else {
			wrote = true
		}
		if closed, ok := s.next('}'); !ok {
			return false
		} else if closed {
			break
		}
	}
	s.pos++
	s.out = append(s.out, '}')
	return true
}

// next reads what follows a member or an element: the closing byte (left
// for the caller; closed is true) or a comma (read; another member or
// element must follow).
func (s *stripper) next(closing byte) (closed, ok bool) {
	s.ws()
	if s.at(closing) {
		return true, true
	}
	if s.at(',') {
		s.pos++
		return false, true
	}
	return false, false
}

// objects reads an array, writing its brackets and commas, and calls
// member for the members of each element that is an object (see object);
// other elements are written as they are.
func (s *stripper) objects(depth int, member func(key []byte, depth int) bool) bool {
	return s.array(depth, func(depth int) bool {
		if s.at('{') {
			return s.object(depth, member)
		}
		return s.copy(depth)
	})
}

// array reads an array, writing its brackets and commas, and calls elem
// for each element (at pos), which writes it.
func (s *stripper) array(depth int, elem func(depth int) bool) bool {
	if depth >= maxStripDepth || !s.at('[') {
		return false
	}
	s.pos++
	s.out = append(s.out, '[')
	for first := true; ; first = false {
		if s.ws(); s.at(']') && first {
			break
		}
		if !first {
			s.out = append(s.out, ',')
		}
		if !elem(depth + 1) {
			return false
		}
		if closed, ok := s.next(']'); !ok {
			return false
		} else if closed {
			break
		}
	}
	s.pos++
	s.out = append(s.out, ']')
	return true
}

// copy reads a value and writes it as it is.
func (s *stripper) copy(depth int) bool {
	start := s.pos
	if !s.skip(depth) {
		return false
	}
	s.out = append(s.out, s.data[start:s.pos]...)
	return true
}

// skip reads a value, writing nothing.
func (s *stripper) skip(depth int) bool {
	if s.pos >= len(s.data) || depth >= maxStripDepth {
		return false
	}
	switch c := s.data[s.pos]; {
	case c == '"':
		return s.str()
	case c == '{' || c == '[':
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		s.pos++
		for first := true; ; first = false {
			if s.ws(); s.at(closing) && first {
				break
			}
			if c == '{' {
				if !s.str() {
					return false
				}
				if s.ws(); !s.at(':') {
					return false
				}
				s.pos++
				s.ws()
			}
			if !s.skip(depth + 1) {
				return false
			}
			if closed, ok := s.next(closing); !ok {
				return false
			} else if closed {
				break
			}
		}
		s.pos++
		return true
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	default:
		return s.number()
	}
}

func (s *stripper) literal(lit string) bool {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(lit)) {
		return false
	}
	s.pos += len(lit)
	return true
}

// str reads a string: no control characters, only JSON's escapes.
func (s *stripper) str() bool {
	if !s.at('"') {
		return false
	}
	for i := s.pos + 1; i < len(s.data); i++ {
		switch c := s.data[i]; {
		case c == '"':
			s.pos = i + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			i++
			if i >= len(s.data) {
				return false
			}
			switch s.data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s.data) || !isHex(s.data[i+1]) || !isHex(s.data[i+2]) || !isHex(s.data[i+3]) || !isHex(s.data[i+4]) {
					return false
				}
				i += 4
			default:
				return false
			}
		}
	}
	return false
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// number reads a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *stripper) number() bool {
	d, i := s.data, s.pos
	digits := func() bool {
		start := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	s.pos = i
	return true
}
