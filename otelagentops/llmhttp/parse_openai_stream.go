package llmhttp

import "bytes"

// The chunks of an OpenAI stream mostly repeat their first members (the ID,
// object, creation time, model, fingerprint) before the choices, and the
// parser ignores them after the first chunk. Scanning them is most of the
// cost of a chunk, so a stream remembers the bytes of that run of ignored
// members and, when the next chunk starts with the same bytes, resumes the
// parse after them. The reader is deterministic: on the same bytes it
// reaches the same position, and the members skipped change nothing
// whatever the chunk, so the result is the same as a full parse.

// chunkPrefix is the start of the last chunk parsed, up to the end of its
// leading run of idle members, plus the byte after it (which ends a number
// or literal, so that one is not matched as a prefix of a longer one).
// It is empty when there is no such run.
type chunkPrefix []byte

// maxChunkPrefix bounds the bytes a stream keeps for its prefix.
const maxChunkPrefix = 1024

// parseOpenAIChunk is parseOpenAI for a streamed chunk: it skips the prefix
// the last chunk shared and records this chunk's.
func parseOpenAIChunk(b []byte, res *result) {
	rd := newReader(b)
	p := res.chunkPrefix
	if n := len(p); n > 0 && len(b) >= n && bytes.Equal(b[:n], p) {
		rd.pos = n - 1
		end := openAIMembers(&rd, res, false)
		if end >= 0 { // the run went on: a longer prefix
			res.chunkPrefix = recordPrefix(p, b, end)
		}
		return
	}
	if !rd.object() {
		return
	}
	res.chunkPrefix = recordPrefix(p, b, openAIMembers(&rd, res, true))
}

// recordPrefix returns the prefix of b that ends at end (-1: none), in the
// storage of p.
func recordPrefix(p chunkPrefix, b []byte, end int) chunkPrefix {
	if end < 0 || end >= len(b) || end >= maxChunkPrefix {
		return p[:0]
	}
	return append(p[:0], b[:end+1]...)
}
