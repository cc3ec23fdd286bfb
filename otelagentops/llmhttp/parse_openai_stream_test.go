package llmhttp

import (
	"bytes"
	"reflect"
	"testing"
)

// checkChunkPrefix parses the lines of stream as chunks, with the prefix
// and by parseOpenAI, and fails when the results differ.
func checkChunkPrefix(t *testing.T, stream []byte, limit int) {
	t.Helper()
	fast, full := newResult(limit), newResult(limit)
	for _, chunk := range bytes.Split(stream, []byte("\n")) {
		parseOpenAIChunk(chunk, fast)
		parseOpenAI(chunk, full)
		if len(fast.chunkPrefix) > maxChunkPrefix {
			t.Fatalf("kept a %d-byte prefix", len(fast.chunkPrefix))
		}
		got := *fast
		got.chunkPrefix = nil
		if !reflect.DeepEqual(&got, full) {
			t.Fatalf("after %q:\n got %+v\nwant %+v", chunk, got, *full)
		}
	}
}

func TestChunkPrefix(t *testing.T) {
	streams := []string{
		// The usual stream: the second chunk records, the rest replay.
		`{"id":"c1","object":"chat.completion.chunk","created":17,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}
{"id":"c1","object":"chat.completion.chunk","created":17,"model":"m","choices":[{"index":0,"delta":{"content":"a"}}]}
{"id":"c1","object":"chat.completion.chunk","created":17,"model":"m","choices":[{"index":0,"delta":{"content":"b"}}]}
{"id":"c1","object":"chat.completion.chunk","created":17,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}
{"id":"c1","object":"chat.completion.chunk","created":17,"model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}`,
		// A number that grows past the prefix, and the prefix ending a chunk.
		`{"id":"c","created":1,"choices":[]}
{"id":"c","created":1,"choices":[]}
{"id":"c","created":12,"choices":[{"delta":{"content":"x"}}]}
{"id":"c","created":1,"choices":[{"delta":{"content":"y"}}]}
{"id":"c","created":1,
{"id":"c","created":1}
{"id":"c","created":1 ,"choices":[{"delta":{"content":"z"}}]}`,
		// The ID empty, or arriving late; the model only later.
		`{"id":"","x":1,"choices":[]}
{"id":"","x":1,"choices":[]}
{"id":"late","x":1,"choices":[]}
{"x":1,"model":"m1","choices":[]}
{"x":1,"model":"m2","choices":[]}
{"x":1,"model":"m2","choices":[]}`,
		// Not objects, errors, truncation.
		`[1]
"s"

{"a":"\"","error":{"message":"boom","type":"server_error"}}
{"a":"\"","error":{"message":"boom","type":"server_error"}}
{"a":"\"
{"a":"\"","usage":null}`,
	}
	for _, s := range streams {
		for _, limit := range []int{1, 64, DefaultMaxResponseBody} {
			checkChunkPrefix(t, []byte(s), limit)
		}
	}
}

// FuzzChunkPrefix checks that skipping a shared prefix changes nothing.
func FuzzChunkPrefix(f *testing.F) {
	seed(f, ".sse", `{"id":"c","n":1,"choices":[]}`+"\n"+`{"id":"c","n":1,"choices":[]}`+"\n"+`{"id":"c","n":12}`)
	f.Fuzz(func(t *testing.T, stream []byte) {
		for _, p := range [][]byte{[]byte("data: "), []byte("\n\n")} {
			stream = bytes.ReplaceAll(stream, p, nil)
		}
		checkChunkPrefix(t, stream, 64)
	})
}
