// Package apihttp is what the SDK's two clients of the AgentOps API share
// (the AgentOps exporter of package exporter and the legacy REST exporter
// of package sessiondoc): an HTTP client of their own, bounded reads,
// errors free of credentials, and the sentinel errors the SDK's exporters
// wrap, declared once so that errors.Is works whichever exporter returned
// one (package exporter exports them).
package apihttp

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// MaxResponseBody caps every response body the exporters read, so that a
// hostile or broken server cannot make them allocate without bound.
const MaxResponseBody = 64 << 10

// MaxTokenLen bounds a JWT accepted from AgentOps.
const MaxTokenLen = 16 << 10

// The sentinel errors of the SDK's exporters; package exporter documents
// them.
var (
	ErrAPIKeyRejected   = errors.New("AgentOps rejected the API key")
	ErrMissingAPIKey    = errors.New("no AgentOps API key: set " + envconfig.EnvAPIKey + " or use WithAPIKey (find it at " + envconfig.KeysURL + ")")
	ErrExporterShutdown = errors.New("the exporter is shut down: nothing was sent")
)

// Client returns the HTTP client of an exporter's requests: a copy of hc,
// else a client of its own over a clone of http.DefaultTransport, which it
// returns so that Shutdown can close its idle connections. A client
// without a timeout gets timeout.
func Client(hc *http.Client, timeout time.Duration) (*http.Client, *http.Transport) {
	c := &http.Client{}
	var owned *http.Transport
	if hc != nil {
		*c = *hc
	}
	if c.Transport == nil {
		owned = http.DefaultTransport.(*http.Transport).Clone()
		c.Transport = owned
	}
	if c.Timeout == 0 {
		c.Timeout = timeout
	}
	return c, owned
}

// ReadBody reads at most MaxResponseBody bytes of r and returns them.
func ReadBody(r io.Reader) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, MaxResponseBody))
	return b
}

// Secrets removes credentials from text that is about to go into an error
// or a log line.
type Secrets []string

// Scrub replaces every occurrence in text of each non-empty secret.
func (s Secrets) Scrub(text string) string {
	for _, v := range s {
		if v != "" {
			text = strings.ReplaceAll(text, v, "[redacted]")
		}
	}
	return text
}

// Snippet returns a short, printable, scrubbed excerpt of a response body
// for an error message.
func (s Secrets) Snippet(body []byte) string {
	text := strings.TrimSpace(s.Scrub(strings.ToValidUTF8(string(body), "?")))
	const limit = 200
	if utf8.RuneCountInString(text) > limit {
		r := []rune(text)
		text = string(r[:limit]) + "…"
	}
	if text == "" {
		return "(empty body)"
	}
	return text
}

// StatusError is a non-success HTTP answer from an AgentOps endpoint.
type StatusError struct {
	What   string // e.g. "POST /v3/auth/token"
	Status int
	Body   string // scrubbed excerpt (Secrets.Snippet)
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d: %s", e.What, e.Status, e.Body)
}
