package llmhttp

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"

	"github.com/agentops-go/sdk/semconv"
)

// statusError is the error an LLM call span records for an HTTP error
// response (status 400 or above): the status and an excerpt of the body.
// It is recorded only; the caller gets the response as it came.
type statusError struct {
	code    int
	excerpt string
}

func (e *statusError) Error() string {
	msg := "HTTP " + strconv.Itoa(e.code)
	if t := http.StatusText(e.code); t != "" {
		msg += " " + t
	}
	if e.excerpt != "" {
		msg += ": " + e.excerpt
	}
	return msg
}

// bodyError is an error a 2xx body reported (an OpenAI {"error": ...}, an
// Anthropic "error" event, a failed Responses API response).
type bodyError struct{ typ, msg string }

func (e *bodyError) Error() string {
	if e.msg == "" {
		return e.typ
	}
	return e.typ + ": " + e.msg
}

// errorClass is the error.type of a transport or body read error:
// "timeout" and "canceled" for those, else the error's Go type.
func errorClass(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected_eof"
	}
	return semconv.ErrorTypeOf(err).Value.AsString()
}

// errorBody wraps the body of an HTTP error response (status 400 or
// above). Like body, it reads nothing ahead: each Read goes straight to the
// underlying body, and the first errorExcerptBytes of what the caller read
// are kept for error.message. The call ends, with status Error and
// error.type the status code, at EOF, on a read error or on Close,
// whichever comes first; a body closed unread (as openai-go and
// anthropic-sdk-go close an attempt they retry) ends it with no excerpt.
// Read and Close may be called concurrently.
type errorBody struct {
	rc   io.ReadCloser
	st   *callState
	code int

	mu      sync.Mutex
	done    bool
	excerpt []byte
}

func (b *errorBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.mu.Lock()
		if !b.done {
			if room := errorExcerptBytes - len(b.excerpt); room > 0 {
				b.excerpt = append(b.excerpt, p[:min(n, room)]...)
			}
		}
		b.mu.Unlock()
	}
	if err != nil {
		b.finish()
	}
	return n, err
}

func (b *errorBody) Close() error {
	err := b.rc.Close()
	b.finish()
	return err
}

// finish ends the call once, with the excerpt read so far. The span ends
// outside the lock.
func (b *errorBody) finish() {
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return
	}
	b.done = true
	excerpt := text(b.excerpt)
	b.excerpt = nil
	b.mu.Unlock()
	b.st.endStatus(b.code, excerpt)
}

// prefixBody gives back bytes read ahead of their reader, then the error
// that read ended with, if any, else the rest of the body; so the reader
// sees exactly the bytes and errors it would have seen.
type prefixBody struct {
	prefix []byte
	err    error
	rc     io.ReadCloser
}

func (b *prefixBody) Read(p []byte) (int, error) {
	if len(b.prefix) > 0 {
		n := copy(p, b.prefix)
		b.prefix = b.prefix[n:]
		return n, nil
	}
	if b.err != nil {
		return 0, b.err
	}
	return b.rc.Read(p)
}

func (b *prefixBody) Close() error { return b.rc.Close() }

// readUpTo reads from r until it has n bytes or r fails, growing its
// buffer as bytes arrive (sizeHint, when positive, sizes it at once). The
// error is io.EOF when r ended within n bytes.
func readUpTo(r io.Reader, n int, sizeHint int64) ([]byte, error) {
	c := 512
	if sizeHint > 0 && sizeHint < int64(n) {
		c = int(sizeHint) + 1
	}
	buf := make([]byte, 0, min(c, n))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		k, err := r.Read(buf[len(buf):min(cap(buf), n)])
		buf = buf[:len(buf)+k]
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
