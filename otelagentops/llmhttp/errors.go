package llmhttp

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"

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
