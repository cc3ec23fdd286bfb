package llmhttp

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// The scanning helpers are checked against plain byte-by-byte references:
// every byte value at every position of inputs long enough to cross the
// word-at-a-time loops and, for stringEnd, the switch to bytes.IndexByte.

// refStringEnd is stringEnd one byte at a time.
func refStringEnd(b []byte, i int) int {
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

func TestStringEndEveryByte(t *testing.T) {
	for n := 0; n <= swarBytes+24; n++ {
		for p := range n {
			for v := range 256 {
				for _, tail := range []string{``, `"`, `"xxxxxxxxxxxxxxxx`, `\"x"`} {
					for _, start := range []int{0, 3} {
						b := append(bytes.Repeat([]byte{'a'}, start+n), tail...)
						b[start+p] = byte(v)
						if got, want := stringEnd(b, start), refStringEnd(b, start); got != want {
							t.Fatalf("stringEnd(%q, %d) = %d, want %d", b, start, got, want)
						}
					}
				}
			}
		}
	}
}

// TestStringEndEscapes checks bodies dense in quotes and backslashes, where
// the long path counts backslash runs.
func TestStringEndEscapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{'a', '\\', '\\', '"'}
	for range 20000 {
		b := make([]byte, rng.IntN(3*swarBytes))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
			if rng.IntN(8) != 0 && b[i] == '"' {
				b[i] = 'a' // quotes rarer, so that some bodies are long
			}
		}
		for i := range len(b) + 1 {
			if got, want := stringEnd(b, i), refStringEnd(b, i); got != want {
				t.Fatalf("stringEnd(%q, %d) = %d, want %d", b, i, got, want)
			}
		}
	}
}

func TestScalarEndEveryByte(t *testing.T) {
	for n := 1; n <= 20; n++ {
		for p := range n {
			for v := range 256 {
				b := bytes.Repeat([]byte{'1'}, n)
				b[p] = byte(v)
				want := bytes.IndexAny(b, ",:{}[]\" \t\n\r")
				if want < 0 {
					want = len(b)
				}
				if got := scalarEnd(b, 0); got != want {
					t.Fatalf("scalarEnd(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

// refNestedEnd is nestedEnd by the reference reader's skip.
func refNestedEnd(b []byte, i int) int {
	rd := refReader{b: b, pos: i}
	rd.skip()
	if rd.bad {
		return -1
	}
	return rd.pos
}

func TestNestedEndEveryByte(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `[1]`, `{"a":1}`, `[[[]]]`, `{"a":"}"}`, `["\"]",[{}]]`,
		`{"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"a\\\"b]"}}],"usage":null}`,
		`{"k":[1,2,3,{"x":"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\"yy"}],"z":[]}`,
	}
	for _, doc := range docs {
		for _, tail := range []string{``, `,"b":2}`} {
			for p := range len(doc) {
				for v := range 256 {
					b := []byte(doc + tail)
					b[p] = byte(v)
					if b[0] != '{' && b[0] != '[' {
						continue
					}
					if got, want := nestedEnd(b, 0), refNestedEnd(b, 0); got != want {
						t.Fatalf("nestedEnd(%q) = %d, want %d", b, got, want)
					}
				}
			}
		}
	}
}
