package exporter

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
)

// attempt is one ExportSpans call's view of its HTTP requests: the token
// they carry, the token the trace endpoint rejected (401/403), if any, and
// whether it refused the batch as too large (413).
type attempt struct {
	tok      *token
	rejected atomic.Pointer[token]
	tooLarge atomic.Bool
}

type attemptKey struct{}

// errNoAttempt is returned by the transport for a request made outside an
// export with a token: nothing is sent unauthenticated.
var errNoAttempt = errors.New("agentops: refusing to send an OTLP request without an AgentOps token")

// bearerTransport adds the attempt's bearer token and the User-Agent to each
// request, and notes a 401, 403 or 413 answer on the attempt. It clones the
// request rather than changing it, as http.RoundTripper requires.
type bearerTransport struct {
	base      http.RoundTripper
	userAgent string
}

func (t *bearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	at, _ := req.Context().Value(attemptKey{}).(*attempt)
	if at == nil || at.tok == nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, errNoAttempt
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+at.tok.jwt)
	r.Header.Set("User-Agent", t.userAgent)
	resp, err := t.base.RoundTrip(r)
	if err == nil && (resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden) {
		at.rejected.Store(at.tok)
	}
	if err == nil && resp.StatusCode == http.StatusRequestEntityTooLarge {
		at.tooLarge.Store(true)
	}
	return resp, err
}

// withAttempt returns ctx carrying at for the transport.
func withAttempt(ctx context.Context, at *attempt) context.Context {
	return context.WithValue(ctx, attemptKey{}, at)
}

// bearerClient returns a copy of base whose transport adds the bearer.
func bearerClient(base *http.Client, userAgent string) *http.Client {
	c := *base
	c.Transport = &bearerTransport{base: base.Transport, userAgent: userAgent}
	return &c
}
