package llmhttp

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"testing"
)

// readerOps are the reader's primitives, each run on a reader and on the
// reference reader from the same state; ops reports what one returned.
var readerOps = []struct {
	name string
	run  func(*reader) string
	ref  func(*refReader) string
}{
	{"peek", func(r *reader) string { return string(r.peek()) }, func(r *refReader) string { return string(r.peek()) }},
	{"object", func(r *reader) string { return fmt.Sprint(r.object()) }, func(r *refReader) string { return fmt.Sprint(r.object()) }},
	{"array", func(r *reader) string { return fmt.Sprint(r.array()) }, func(r *refReader) string { return fmt.Sprint(r.array()) }},
	{"member", func(r *reader) string { k, ok := r.member(true); return fmt.Sprint(string(k), ok) },
		func(r *refReader) string { k, ok := r.member(true); return fmt.Sprint(string(k), ok) }},
	{"member+", func(r *reader) string { k, ok := r.member(false); return fmt.Sprint(string(k), ok) },
		func(r *refReader) string { k, ok := r.member(false); return fmt.Sprint(string(k), ok) }},
	{"elem", func(r *reader) string { return fmt.Sprint(r.elem(true)) }, func(r *refReader) string { return fmt.Sprint(r.elem(true)) }},
	{"elem+", func(r *reader) string { return fmt.Sprint(r.elem(false)) }, func(r *refReader) string { return fmt.Sprint(r.elem(false)) }},
	{"rawString", func(r *reader) string { return string(r.rawString()) }, func(r *refReader) string { return string(r.rawString()) }},
	{"isString", func(r *reader) string { return fmt.Sprint(r.isString()) }, func(r *refReader) string { return fmt.Sprint(r.isString()) }},
	{"int", func(r *reader) string { return fmt.Sprint(r.int()) }, func(r *refReader) string { return fmt.Sprint(r.int()) }},
	{"float", func(r *reader) string { f, ok := r.float(); return fmt.Sprint(math.Float64bits(f), ok) },
		func(r *refReader) string { f, ok := r.float(); return fmt.Sprint(math.Float64bits(f), ok) }},
	{"boolean", func(r *reader) string { return fmt.Sprint(r.boolean()) }, func(r *refReader) string { return fmt.Sprint(r.boolean()) }},
	{"raw", func(r *reader) string { return string(r.raw()) }, func(r *refReader) string { return string(r.raw()) }},
	{"skip", func(r *reader) string { r.skip(); return "" }, func(r *refReader) string { r.skip(); return "" }},
}

// checkReaderMatchesRef runs every primitive, twice in a row, from every
// position of b and fails when the reader and the reference differ in what
// they return, where they leave off or whether they fail.
func checkReaderMatchesRef(t *testing.T, b []byte) {
	t.Helper()
	for pos := 0; pos <= len(b); pos++ {
		for _, op := range readerOps {
			rd, ref := reader{b: b, pos: pos}, refReader{b: b, pos: pos}
			for range 2 {
				got, want := op.run(&rd), op.ref(&ref)
				if got != want || rd.pos != ref.pos || rd.bad != ref.bad {
					t.Fatalf("%s at %d of %q: got %q, pos %d, bad %v; want %q, pos %d, bad %v",
						op.name, pos, b, got, rd.pos, rd.bad, want, ref.pos, ref.bad)
				}
			}
		}
	}
}

func TestReaderMatchesRef(t *testing.T) {
	docs := []string{
		``, ` `, `{}`, `[]`, `""`, `"\"`, `"a\\"`, `1`, `-12.5e3,`, `true}`, `nul`, "\x00", `{"a" 1 2}`, `{]`, `[}`,
		`{"a":[1,{"b":"c\"d"}],"e" : "f" , "g":null}`, ` [ 1 , "x" , [ ] , { } ] `, `{"a":1,}`, `{,}`, `{"a"}`,
		`{"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"a\\\"b]"}}],"usage":null}`,
		`"` + string(bytes.Repeat([]byte(`ab\"`), 40)) + `"`, `"` + string(bytes.Repeat([]byte(`\\`), 50)) + `"x`,
	}
	for _, doc := range docs {
		checkReaderMatchesRef(t, []byte(doc))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, name := range files {
		checkReaderMatchesRef(t, testdata(t, filepath.Base(name)))
	}
}

// FuzzReaderMatchesRef checks the reader against the reference reader.
func FuzzReaderMatchesRef(f *testing.F) {
	seed(f, ".json", `{"a":[1,{"b":"c\"d"}],"e" : "f"}`, `"\\\\\"`, `[[[[`, `{"a":tru`)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 512 {
			b = b[:512] // every position is tried: keep it quadratic in little
		}
		checkReaderMatchesRef(t, b)
	})
}
