package exporter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/apihttp"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// AgentOps is an sdktrace.SpanExporter that sends spans to AgentOps: OTLP/HTTP
// protobuf to {exporter endpoint}/v1/traces with the JWT that
// {api}/v3/auth/token gives for the API key as its bearer token.
//
// It authenticates in the background from NewAgentOps on; an export waits
// for the first token (bounded by its context), so no span is ever sent
// unauthenticated. The token is replaced before it expires, and after the
// trace endpoint answers 401 or 403, in which case the batch is sent once
// more with the new token. Transient failures (429, 502, 503, 504) are
// retried by otlptracehttp, honouring Retry-After. A 413 makes the error
// wrap ErrRequestTooLarge (so that a caller can send the batch again in
// smaller parts), and strings that are not valid UTF-8 are repaired first
// and status descriptions bounded (see withValidUTF8), so that one bad byte
// or one huge error message cannot make a batch unsendable. If
// AgentOps rejects the key, one error is logged, naming the cause and where
// to find a key, and every later export returns an error wrapping
// ErrAPIKeyRejected (the application is not affected; a counting caller
// counts the spans as failed).
//
// Each span is sent in the AgentOps view (see AgentOpsView), mapped on the
// export goroutine, never on the one that ended the span. Once the project
// is known, each span's resource carries agentops.project.id. The view,
// the UTF-8 repair and the project ID are applied in one pass that wraps
// each span at most once. Neither the key nor the token appears in any log
// line or error. It is safe for concurrent use; after Shutdown every method
// is a no-op.
type AgentOps struct {
	auth      *authenticator
	timeout   time.Duration // bounds the wait for the first token when ctx has no deadline
	inner     *otlptrace.Exporter
	owned     *http.Transport
	resources resourceCache

	cancel   context.CancelFunc
	authDone chan struct{}
	stopped  atomic.Bool
	stopOnce sync.Once
	stopErr  error
}

var (
	_ sdktrace.SpanExporter = (*AgentOps)(nil)
	_ utf8Repairer          = (*AgentOps)(nil)
)

// repairsUTF8 marks AgentOps as an exporter that applies withValidUTF8 itself.
func (*AgentOps) repairsUTF8() {}

// NewAgentOps returns an AgentOps exporter configured by the environment and
// opts (see doc.go) and starts authenticating. It fails, without any network
// call, when the key is missing or not a UUID, or an endpoint is not a
// valid URL or is plain http to a non-loopback host without WithInsecure.
func NewAgentOps(ctx context.Context, opts ...Option) (*AgentOps, error) {
	cfg, err := newConfig(opts)
	tracesURL := envconfig.TracesURL(cfg.exporterEndpoint)
	if err = errors.Join(err, cfg.validateRemote(cfg.apiEndpoint, tracesURL)); err != nil {
		return nil, fmt.Errorf("agentops exporter: %w", err)
	}
	base, owned := apihttp.Client(cfg.httpClient, cfg.timeout)
	inner, err := otlptracehttp.New(ctx, cfg.otlpOptions(tracesURL, bearerClient(base, cfg.userAgent))...)
	if err != nil {
		return nil, fmt.Errorf("agentops exporter: %w", err)
	}
	e := &AgentOps{auth: newAuthenticator(cfg, base), timeout: cfg.timeout, inner: inner, owned: owned, authDone: make(chan struct{})}
	var bg context.Context
	bg, e.cancel = context.WithCancel(context.Background())
	go func() {
		defer close(e.authDone)
		e.auth.run(bg)
	}()
	return e, nil
}

// ProjectID returns the AgentOps project of the API key, or "" before the
// first token.
func (e *AgentOps) ProjectID() string {
	if t := e.auth.current(); t != nil {
		return t.projectID
	}
	return ""
}

// ExportSpans sends spans to AgentOps. It waits for a token until ctx ends
// (at most WithTimeout when ctx has no deadline), and returns an error
// wrapping errNoToken if none came, or ErrAPIKeyRejected once the key was
// rejected.
func (e *AgentOps) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if len(spans) == 0 {
		return nil
	}
	if e.stopped.Load() {
		return ErrExporterShutdown
	}
	tok, err := e.auth.wait(ctx, e.timeout)
	if err != nil {
		return err
	}
	if now := e.auth.now(); tok.refreshDue(now) {
		fresh, err := e.auth.refresh(ctx, tok)
		switch {
		case err == nil:
			tok = fresh
		case tok.expired(now) || errors.Is(err, ErrAPIKeyRejected):
			return err
		}
	}
	spans = spanEdits{view: true, utf8: true, res: &e.resources, project: tok.projectID}.apply(spans)
	at := &attempt{tok: tok}
	err = e.inner.ExportSpans(withAttempt(ctx, at), spans)
	if at.tooLarge.Load() {
		return fmt.Errorf("%w: a batch of %d spans: %w", ErrRequestTooLarge, len(spans), e.scrub(err, tok))
	}
	rejected := at.rejected.Load()
	if rejected == nil {
		return e.scrub(err, tok)
	}
	fresh, authErr := e.auth.refresh(ctx, rejected)
	if authErr != nil {
		return errors.Join(e.scrub(err, tok), authErr)
	}
	at = &attempt{tok: fresh}
	err = e.inner.ExportSpans(withAttempt(ctx, at), spans)
	switch {
	case at.tooLarge.Load():
		return fmt.Errorf("%w: a batch of %d spans: %w", ErrRequestTooLarge, len(spans), e.scrub(err, tok, fresh))
	case err != nil && at.rejected.Load() != nil:
		err = fmt.Errorf("agentops: the trace endpoint rejected a fresh token too: %w", err)
	}
	return e.scrub(err, tok, fresh)
}

// scrub removes the key and the tokens from err's message: the rejected
// token as well as the fresh one after a re-authentication, since a server
// may echo either (and a JWT's payload holds the key).
func (e *AgentOps) scrub(err error, toks ...*token) error {
	if err == nil {
		return nil
	}
	sec := apihttp.Secrets{e.auth.apiKey}
	for _, t := range toks {
		sec = append(sec, t.jwt)
	}
	return &scrubbedError{msg: sec.Scrub(err.Error()), err: err}
}

// Shutdown stops authentication and the OTLP client, and closes idle
// connections of the exporter's own HTTP client. Only the first call does
// anything; it honours ctx.
func (e *AgentOps) Shutdown(ctx context.Context) error {
	e.stopOnce.Do(func() {
		e.stopped.Store(true)
		e.cancel()
		var errs []error
		select {
		case <-e.authDone:
		case <-ctx.Done():
			errs = append(errs, ctx.Err())
		}
		errs = append(errs, e.inner.Shutdown(ctx))
		if e.owned != nil {
			e.owned.CloseIdleConnections()
		}
		e.stopErr = errors.Join(errs...)
	})
	return e.stopErr
}

// scrubbedError is an error whose message had credentials removed.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
