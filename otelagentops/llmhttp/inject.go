package llmhttp

import (
	"bytes"
	"io"
	"net/http"
)

// injectIncludeUsage returns body with stream_options.include_usage set to
// true: added inside an existing stream_options object, else as a new first
// member. The rest of the body is kept byte for byte. It reports false (and
// the caller sends the body unchanged) when the body is not an object or
// its stream_options is not one.
func injectIncludeUsage(body []byte) ([]byte, bool) {
	rd := newReader(body)
	if rd.peek() != '{' {
		return nil, false
	}
	top := rd.pos + 1 // just past the top-level '{'
	for k := range rd.members() {
		if string(k) != "stream_options" {
			continue
		}
		if rd.peek() != '{' {
			return nil, false
		}
		return insertMember(body, rd.pos+1, `"include_usage":true`), true
	}
	if rd.bad {
		return nil, false
	}
	return insertMember(body, top, `"stream_options":{"include_usage":true}`), true
}

// insertMember inserts member at offset at, just past an object's '{',
// followed by a comma unless the object is empty.
func insertMember(body []byte, at int, member string) []byte {
	rest := body[at:]
	sep := ","
	if t := bytes.TrimLeft(rest, " \t\r\n"); len(t) > 0 && t[0] == '}' {
		sep = ""
	}
	out := make([]byte, 0, len(body)+len(member)+len(sep))
	out = append(out, body[:at]...)
	out = append(out, member...)
	out = append(out, sep...)
	return append(out, rest...)
}

// withBody makes send carry body instead of its own, and closes orig, the
// body that body replaces (its bytes were read to build it).
func withBody(send *http.Request, orig io.Closer, body []byte) {
	send.Body = io.NopCloser(bytes.NewReader(body))
	send.ContentLength = int64(len(body))
	send.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	if orig != nil {
		_ = orig.Close()
	}
}
