package exporter

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/agentops-go/sdk/internal/apihttp"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// authenticator gets and keeps the AgentOps JWT: POST {api}/v3/auth/token
// with {"api_key": …}. One request at a time (the others wait for its
// result); a 400, 401 or 403 means the key is invalid, which is final.
type authenticator struct {
	url       string
	apiKey    string
	client    *http.Client
	userAgent string
	logger    *slog.Logger
	secrets   apihttp.Secrets
	now       func() time.Time

	sem       chan struct{} // held by the one request in flight
	cur       atomic.Pointer[token]
	invalid   atomic.Pointer[error] // set once: the key was rejected
	lastErr   atomic.Pointer[error] // the last transient failure
	ready     chan struct{}         // closed at the first token or rejection
	readyOnce sync.Once
	kick      chan struct{} // wakes the first-token loop early
}

func newAuthenticator(c config, hc *http.Client) *authenticator {
	return &authenticator{
		url:       strings.TrimRight(c.apiEndpoint, "/") + "/v3/auth/token",
		apiKey:    c.apiKey,
		client:    hc,
		userAgent: c.userAgent,
		logger:    c.logger,
		secrets:   apihttp.Secrets{c.apiKey},
		now:       time.Now,
		sem:       make(chan struct{}, 1),
		ready:     make(chan struct{}),
		kick:      make(chan struct{}, 1),
	}
}

// current returns the token, or nil before the first one.
func (a *authenticator) current() *token { return a.cur.Load() }

func (a *authenticator) invalidErr() error {
	if p := a.invalid.Load(); p != nil {
		return *p
	}
	return nil
}

// wait returns a token, waiting for the first one until ctx ends, or for
// at most limit when ctx has no deadline.
func (a *authenticator) wait(ctx context.Context, limit time.Duration) (*token, error) {
	if err := a.invalidErr(); err != nil {
		return nil, err
	}
	if t := a.cur.Load(); t != nil {
		return t, nil
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	select {
	case a.kick <- struct{}{}:
	default:
	}
	select {
	case <-a.ready:
	case <-ctx.Done():
		err := fmt.Errorf("%w: %w", errNoToken, ctx.Err())
		if last := a.lastErr.Load(); last != nil {
			err = fmt.Errorf("%w (last authentication error: %v)", err, *last)
		}
		return nil, err
	}
	if err := a.invalidErr(); err != nil {
		return nil, err
	}
	return a.cur.Load(), nil
}

// refresh returns a token other than stale that is not due for refresh,
// authenticating unless another caller already did. stale nil asks only
// for a token to exist.
func (a *authenticator) refresh(ctx context.Context, stale *token) (*token, error) {
	select {
	case a.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-a.sem }()
	if err := a.invalidErr(); err != nil {
		return nil, err
	}
	if cur := a.cur.Load(); cur != nil && cur != stale && !cur.refreshDue(a.now()) {
		return cur, nil
	}
	tok, err := a.request(ctx)
	if err != nil {
		var se *apihttp.StatusError
		if errors.As(err, &se) && keyRejected(se.Status) {
			// Logged before the state is published, so that whoever sees the
			// rejection can also see the log line.
			a.logger.Error(fmt.Sprintf("agentops: AgentOps rejected the API key (HTTP %d: %s); no spans will be sent to AgentOps. "+
				"Find your API key at %s and set %s (or use WithAPIKey).", se.Status, se.Body, envconfig.KeysURL, envconfig.EnvAPIKey))
			err = fmt.Errorf("%w: %w", ErrAPIKeyRejected, err)
			a.invalid.Store(&err)
			a.readyOnce.Do(func() { close(a.ready) })
			return nil, err
		}
		a.lastErr.Store(&err)
		return nil, err
	}
	a.cur.Store(tok)
	a.readyOnce.Do(func() { close(a.ready) })
	return tok, nil
}

// authResponse is the 200 answer of the auth endpoint.
type authResponse struct {
	Token     string `json:"token"`
	ProjectID string `json:"project_id"`
	Error     string `json:"error"`
}

// request makes one auth request. Its errors never contain the key.
func (a *authenticator) request(ctx context.Context) (*token, error) {
	body, _ := json.Marshal(map[string]string{"api_key": a.apiKey})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("agentops auth: %s", a.secrets.Scrub(err.Error()))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", a.userAgent)
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("agentops auth: %s", a.secrets.Scrub(err.Error()))
	}
	defer resp.Body.Close()
	data := apihttp.ReadBody(resp.Body)
	var ar authResponse
	jsonErr := json.Unmarshal(data, &ar)
	if resp.StatusCode != http.StatusOK {
		msg := data
		if jsonErr == nil && ar.Error != "" {
			msg = []byte(ar.Error)
		}
		return nil, &apihttp.StatusError{What: "agentops auth: POST /v3/auth/token", Status: resp.StatusCode, Body: a.secrets.Snippet(msg)}
	}
	if jsonErr != nil {
		// Never quote a 200 answer: it is where the token is.
		return nil, fmt.Errorf("agentops auth: unreadable answer (HTTP 200, %d bytes): %v", len(data), jsonErr)
	}
	tok, err := parseToken(ar.Token, ar.ProjectID, a.now())
	if err != nil {
		return nil, fmt.Errorf("agentops auth: %w", err)
	}
	return tok, nil
}

// run gets the first token in the background, retrying transient failures
// with backoff (woken early by a waiting export) until it has one, the key
// is rejected, or ctx ends.
func (a *authenticator) run(ctx context.Context) {
	backoff := 500 * time.Millisecond
	for warned := false; ; {
		_, err := a.refresh(ctx, nil)
		if err == nil || errors.Is(err, ErrAPIKeyRejected) || ctx.Err() != nil {
			return
		}
		if !warned {
			warned = true
			a.logger.Warn("agentops: authenticating with AgentOps failed; retrying in the background (spans wait for the token)", "error", err)
		}
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-a.kick:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			return
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

// keyRejected reports whether an answer of the auth endpoint with status
// means the key is invalid: 400 (malformed), 401 (unknown to AgentOps) or
// 403 (revoked). Sending it again cannot succeed.
func keyRejected(status int) bool {
	return status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden
}
