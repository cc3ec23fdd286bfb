package llmhttp

import (
	"io"
	"net/http"
	"strconv"
)

// requestCopy is what was retained of a request body for parsing.
type requestCopy struct {
	data     []byte        // at most the bound's worth of the body
	complete bool          // data is the whole body
	replay   io.ReadCloser // non-nil when the body itself was read: send this in its place
}

// copyRequestBody retains at most limit bytes of r's body without
// disturbing what is sent. A body that can be had again (GetBody, as
// openai-go, anthropic-sdk-go and http.NewRequest with a bytes reader set
// it) is read from a fresh copy and left alone; otherwise the bytes read are
// replayed ahead of the rest of the body, and a read error is replayed too,
// so the transport sends exactly what it would have.
func copyRequestBody(r *http.Request, limit int) requestCopy {
	if r.Body == nil || r.Body == http.NoBody {
		return requestCopy{complete: true}
	}
	if limit <= 0 {
		return requestCopy{}
	}
	if r.GetBody != nil {
		rc, err := r.GetBody()
		if err != nil || rc == nil {
			return requestCopy{}
		}
		data, err := readUpTo(rc, limit+1, r.ContentLength)
		_ = rc.Close()
		return requestCopy{data: data[:min(len(data), limit)], complete: err == io.EOF && len(data) <= limit}
	}
	data, err := readUpTo(r.Body, limit+1, r.ContentLength)
	replay := &prefixBody{prefix: data, err: err, rc: r.Body}
	return requestCopy{
		data:     data[:min(len(data), limit)],
		complete: err == io.EOF && len(data) <= limit,
		replay:   replay,
	}
}

// resendCount reads the attempt number openai-go and anthropic-sdk-go send
// in X-Stainless-Retry-Count (0 for the first attempt).
func resendCount(r *http.Request) int {
	v := r.Header.Get("X-Stainless-Retry-Count")
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
