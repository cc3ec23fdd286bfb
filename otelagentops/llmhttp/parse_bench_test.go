package llmhttp

import "testing"

// The parse benchmarks time the parsers alone, without the network: a
// 100-chunk chat stream and a 4 KB chat completion, with content capture
// on and off.
func BenchmarkParse(b *testing.B) {
	var stream []byte
	for _, c := range benchStreamChunks() {
		stream = append(stream, c...)
	}
	chat := benchChatJSON()
	for _, discard := range []bool{false, true} {
		name := "Content"
		if discard {
			name = "NoContent"
		}
		b.Run("Stream100/"+name, func(b *testing.B) {
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			for b.Loop() {
				res := newResult(DefaultMaxResponseBody)
				res.out.discard = discard
				sp := newSSESplitter(streamParser{kind: apiChat, res: res}, DefaultMaxResponseBody)
				sp.write(stream)
				sp.end()
			}
		})
		b.Run("JSON4KB/"+name, func(b *testing.B) {
			b.SetBytes(int64(len(chat)))
			b.ReportAllocs()
			for b.Loop() {
				res := newResult(DefaultMaxResponseBody)
				res.out.discard = discard
				parseOpenAI(chat, res)
			}
		})
	}
}

// BenchmarkParseRequest times the request parser on each API's request
// body, with content capture on and off.
func BenchmarkParseRequest(b *testing.B) {
	for _, tc := range []struct {
		file string
		kind apiKind
	}{
		{"openai_chat_request.json", apiChat},
		{"anthropic_request.json", apiMessages},
		{"responses_request.json", apiResponses},
	} {
		body := testdata(b, tc.file)
		for _, content := range []bool{true, false} {
			name := "Content"
			if !content {
				name = "NoContent"
			}
			b.Run(tc.file+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					_ = readRequest(tc.kind, body, content)
				}
			})
		}
	}
}
