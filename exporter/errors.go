package exporter

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// Sentinel errors. The exporters wrap them with details; test with errors.Is.
// No error of this package ever contains the API key or a token.
var (
	// ErrMalformedAPIKey: the API key is not a UUID, the form of every
	// AgentOps API key. NewAgentOps and NewLegacy fail with it, without any
	// network call; so do otelagentops.New and Init.
	ErrMalformedAPIKey = envconfig.ErrMalformedAPIKey
	// ErrAPIKeyRejected: AgentOps refused the API key (400 or 403 from the
	// auth endpoint, 400 from create_session). Spans are then refused, each
	// batch with an error wrapping this one, until a new exporter is built.
	ErrAPIKeyRejected = errors.New("AgentOps rejected the API key")
	// ErrNoToken: an export found no token and could not get one before its
	// context ended. Nothing was sent.
	ErrNoToken = errors.New("no AgentOps token yet: nothing was sent")
	// ErrInsecureEndpoint: an http:// URL to a host other than loopback,
	// without WithInsecure.
	ErrInsecureEndpoint = envconfig.ErrInsecureEndpoint
	// ErrRequestTooLarge: the trace endpoint answered 413 (Request Entity
	// Too Large) to a batch. A Client of otelagentops then sends the batch
	// again in halves, down to single spans; a span too large on its own is
	// dropped and counted as failed.
	ErrRequestTooLarge = errors.New("the trace endpoint refused the batch as too large (HTTP 413)")
	// ErrMissingAPIKey: an exporter that needs an API key was given none.
	ErrMissingAPIKey = errors.New("no AgentOps API key: set " + envconfig.EnvAPIKey + " or use WithAPIKey (find it at " + envconfig.KeysURL + ")")
	// ErrExporterShutdown: ExportSpans was called after Shutdown; nothing
	// was sent (an empty batch is not an error).
	ErrExporterShutdown = errors.New("the exporter is shut down: nothing was sent")
)

// secrets removes credentials from text that is about to go into an error
// or a log line: every occurrence of each non-empty secret is replaced.
type secrets []string

func (s secrets) scrub(text string) string {
	for _, v := range s {
		if v != "" {
			text = strings.ReplaceAll(text, v, "[redacted]")
		}
	}
	return text
}

// readBody reads at most maxResponseBody bytes of r and returns them.
func readBody(r io.Reader) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, maxResponseBody))
	return b
}

// snippet returns a short, printable, scrubbed excerpt of a response body
// for an error message.
func (s secrets) snippet(body []byte) string {
	text := strings.TrimSpace(s.scrub(strings.ToValidUTF8(string(body), "?")))
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

// statusError is a non-success HTTP answer from an AgentOps endpoint.
type statusError struct {
	what   string // e.g. "POST /v3/auth/token"
	status int
	body   string // scrubbed excerpt
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d: %s", e.what, e.status, e.body)
}
