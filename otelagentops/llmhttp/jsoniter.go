package llmhttp

import "iter"

// The parsers walk arrays and objects with the iterators below:
//
//	for range rd.objects() {
//		for k := range rd.members() {
//			switch string(k) {
//			case "id":
//				id = clip(rd)
//			}
//		}
//	}
//
// Each iteration leaves the reader at a value, an element or a member's
// value, for the loop body to read. A value the body leaves unread (it may
// look at it with peek, isString or isObject) is skipped when the body
// returns, so a loop needs no case for the keys it ignores. The test is a
// comparison, and exact: before yielding, the iterator moves the reader
// past white space to the value, and every read of a value moves the
// reader past its first byte, or on failure to the end of the input (if
// the value was already there, skipping it again changes nothing). So a
// body reads a value wholly or not at all: one that entered an object and
// stopped would leave the rest to be taken for the next member. A body
// that needs the position after the value skips it itself (openAIMembers).
// Breaking out of a loop leaves the reader where the body left it.
//
// Malformed or truncated input makes the reader fail (see reader), which
// ends every loop; what the bodies read before the fault is kept.
//
// The compiler inlines the iterators, and the loop bodies into them, so
// that a loop allocates nothing and costs what a hand-written one does,
// plus a peek and a comparison per value for the unread test.

// elems returns an iterator over the elements of the array at the reader,
// yielding each one's index. Any other value is skipped and yields nothing.
func (r *reader) elems() iter.Seq[int] {
	return func(yield func(int) bool) {
		if !r.array() {
			return
		}
		for i, ok := 0, r.elem(true); ok; i, ok = i+1, r.elem(false) {
			start := r.valueStart()
			if !yield(i) {
				return
			}
			if r.pos == start {
				r.skip()
			}
		}
	}
}

// objects is elems for the elements that are objects, which the body
// reads with members: it skips the other elements, and yields each
// object's index among all of them.
func (r *reader) objects() iter.Seq[int] {
	return func(yield func(int) bool) {
		if !r.array() {
			return
		}
		for i, ok := 0, r.elem(true); ok; i, ok = i+1, r.elem(false) {
			if r.peek() != '{' {
				r.skip()
				continue
			}
			start := r.pos
			if !yield(i) {
				return
			}
			if r.pos == start {
				r.skip()
			}
		}
	}
}

// members returns an iterator over the members of the object at the
// reader, yielding each one's key (raw, still escaped) with the reader at
// its value. Any other value is skipped and yields nothing.
func (r *reader) members() iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		if r.peek() != '{' { // object(), saving a call per object
			r.skip()
			return
		}
		r.pos++
		for k, ok := r.member(true); ok; k, ok = r.member(false) {
			start := r.valueStart()
			if !yield(k) {
				return
			}
			if r.pos == start {
				r.skip()
			}
		}
	}
}

// membersFrom is members for an object the reader has entered (with
// object): it yields the members from the first when first is true, else
// those after the member whose value the reader is just past.
func (r *reader) membersFrom(first bool) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for k, ok := r.member(first); ok; k, ok = r.member(false) {
			start := r.valueStart()
			if !yield(k) {
				return
			}
			if r.pos == start {
				r.skip()
			}
		}
	}
}

// valueStart moves the reader past white space and returns its position.
func (r *reader) valueStart() int {
	r.peek()
	return r.pos
}
