package llmhttp

import (
	"fmt"
	"path/filepath"
	"testing"
)

// walkIter walks a document with the iterators, and walkLoop the same way
// with the loops the iterators replace, each recording what it reads. What
// a walk does with a value depends on its key's length or its index: read
// it (going into arrays and objects), read it raw, only look at it, or
// leave it; the loops skip what they leave, the iterators must do the
// same. A member named "stop" ends its object's walk early.
func walkIter(rd *reader, depth int, out *[]string) {
	switch c := rd.peek(); {
	case depth > 8:
		rd.skip()
	case c == '{':
		for k := range rd.members() {
			*out = append(*out, "k"+string(k))
			if string(k) == "stop" {
				return
			}
			actIter(rd, len(k), depth, out)
		}
	case c == '[' && depth%2 == 1:
		for i := range rd.objects() {
			*out = append(*out, fmt.Sprint("o", i))
			if i%3 != 2 {
				walkIter(rd, depth+1, out)
			}
		}
	case c == '[':
		for i := range rd.elems() {
			*out = append(*out, fmt.Sprint("e", i))
			actIter(rd, i, depth, out)
		}
	default:
		*out = append(*out, "s"+rd.str())
	}
}

func actIter(rd *reader, n, depth int, out *[]string) {
	switch n % 4 {
	case 0:
		walkIter(rd, depth+1, out)
	case 1:
		*out = append(*out, "r"+string(rd.raw()))
	case 2:
		*out = append(*out, fmt.Sprint("p", rd.isString()))
	}
}

func walkLoop(rd *reader, depth int, out *[]string) {
	switch c := rd.peek(); {
	case depth > 8:
		rd.skip()
	case c == '{':
		rd.object()
		for k, ok := rd.member(true); ok; k, ok = rd.member(false) {
			*out = append(*out, "k"+string(k))
			if string(k) == "stop" {
				return
			}
			actLoop(rd, len(k), depth, out)
		}
	case c == '[' && depth%2 == 1:
		rd.array()
		for i, ok := 0, rd.elem(true); ok; i, ok = i+1, rd.elem(false) {
			if rd.peek() != '{' {
				rd.skip()
				continue
			}
			*out = append(*out, fmt.Sprint("o", i))
			if i%3 != 2 {
				walkLoop(rd, depth+1, out)
			} else {
				rd.skip()
			}
		}
	case c == '[':
		rd.array()
		for i, ok := 0, rd.elem(true); ok; i, ok = i+1, rd.elem(false) {
			*out = append(*out, fmt.Sprint("e", i))
			actLoop(rd, i, depth, out)
		}
	default:
		*out = append(*out, "s"+rd.str())
	}
}

func actLoop(rd *reader, n, depth int, out *[]string) {
	switch n % 4 {
	case 0:
		walkLoop(rd, depth+1, out)
	case 1:
		*out = append(*out, "r"+string(rd.raw()))
	case 2:
		*out = append(*out, fmt.Sprint("p", rd.isString()))
		rd.skip()
	default:
		rd.skip()
	}
}

// checkIterators walks b from every position with the iterators and with
// the loops and fails when they differ in what they read, where they leave
// off or whether they fail.
func checkIterators(t *testing.T, b []byte) {
	t.Helper()
	for pos := 0; pos <= len(b); pos++ {
		for depth := range 2 {
			it, lp := reader{b: b, pos: pos}, reader{b: b, pos: pos}
			var got, want []string
			walkIter(&it, depth, &got)
			walkLoop(&lp, depth, &want)
			if fmt.Sprint(got) != fmt.Sprint(want) || it.pos != lp.pos || it.bad != lp.bad {
				t.Fatalf("at %d of %q (depth %d): got %q, pos %d, bad %v; want %q, pos %d, bad %v",
					pos, b, depth, got, it.pos, it.bad, want, lp.pos, lp.bad)
			}
		}
	}
}

func TestIteratorsMatchLoops(t *testing.T) {
	docs := []string{
		``, ` `, `{}`, `[]`, `{ }`, `[ ]`, `1`, `{"a" 1}`, `{]`, `[}`, `{"a":1,}`, `{,}`, `{"a"}`, `[1,`, `[1, `, `{"a": `,
		`{"a":[1,{"b":"c\"d"}],"e" : "f" , "g":null}`, ` [ 1 , "x" , [ ] , { } ] `, `{"stop":1,"x":2}`,
		`[{"a":1},2,{"bb":[{"c":{}}]},{"ddd":"x"},{"e":[1,[2,{"f":3}]]}]`,
		`{"abcd":{"x":[1,2,3]},"a":  {"b":1}, "ab": "s", "abc":  [1], "abcde": { "y" : "z" } }`,
		`{"a":[{"b":1},{"b":2},{"b":3},{"b":4}],"abcd":tru`,
	}
	for _, doc := range docs {
		checkIterators(t, []byte(doc))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		checkIterators(t, testdata(t, filepath.Base(name)))
	}
}

// FuzzIteratorsMatchLoops checks the iterators against the loops.
func FuzzIteratorsMatchLoops(f *testing.F) {
	seed(f, ".json", `{"a":[1,{"b":"c\"d"}],"e" : "f"}`, `[{"a":1},2,{"bb":[{"c":{}}]}]`, `{"abcd":{"x":[1,2,3]},"stop":1}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 512 {
			b = b[:512] // every position is tried: keep it quadratic in little
		}
		checkIterators(t, b)
	})
}
