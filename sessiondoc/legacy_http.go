package sessiondoc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/agentops-go/sdk/internal/apihttp"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// legacyAnswer is the JSON answer of create_session and reauthorize_jwt.
type legacyAnswer struct {
	Status     string `json:"status"`
	JWT        string `json:"jwt"`
	SessionURL string `json:"session_url"`
}

// post sends body as JSON to {api}{route} with the key header (create and
// reauthorize) or the session's bearer token, and returns the bounded
// answer. Its errors are scrubbed of the key, the token and expired, the
// session's earlier tokens (a server may echo any of them).
func (l *Legacy) post(ctx context.Context, route string, body any, bearer string, expired ...string) ([]byte, error) {
	sec := append(apihttp.Secrets{l.apiKey, bearer}, expired...)
	data, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("agentops legacy: %s: %w", route, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+route, bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("agentops legacy: %s", sec.Scrub(err.Error()))
	}
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	req.Header.Set("User-Agent", l.userAgent)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	} else {
		req.Header.Set("X-Agentops-Api-Key", l.apiKey)
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("agentops legacy: %s", sec.Scrub(err.Error()))
	}
	defer resp.Body.Close()
	answer := apihttp.ReadBody(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &apihttp.StatusError{What: "agentops legacy: POST " + route, Status: resp.StatusCode, Body: sec.Snippet(answer)}
	}
	return answer, nil
}

// createSession posts the session with the API key and returns the
// session's JWT. A 400, 401 or 403 means the key is invalid.
func (l *Legacy) createSession(ctx context.Context, s Session) (string, error) {
	data, err := l.post(ctx, "/v2/create_session", map[string]any{"session": s}, "")
	var se *apihttp.StatusError
	if errors.As(err, &se) && (se.Status == http.StatusBadRequest || se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden) {
		l.invalid = fmt.Errorf("%w: %w", apihttp.ErrAPIKeyRejected, err)
		msg := fmt.Sprintf("agentops: the AgentOps API rejected the API key (HTTP %d: %s); no sessions will be sent. "+
			"Find your API key at %s and set %s (or use WithAPIKey).", se.Status, se.Body, envconfig.KeysURL, envconfig.EnvAPIKey)
		l.logs = append(l.logs, func(lg *slog.Logger) { lg.Error(msg) })
		return "", l.invalid
	}
	if err != nil {
		return "", err
	}
	var a legacyAnswer
	if json.Unmarshal(data, &a) != nil || a.JWT == "" || len(a.JWT) > apihttp.MaxTokenLen {
		// Never quote a successful answer: it is where the session token is.
		return "", fmt.Errorf("agentops legacy: create_session answered without a usable session token (%d bytes)", len(data))
	}
	if a.SessionURL != "" {
		url, id := a.SessionURL, s.SessionID
		l.logs = append(l.logs, func(lg *slog.Logger) { lg.Info("agentops: session replay: "+url, "session_id", id) })
	}
	return a.JWT, nil
}

// send posts body to route with the session's token; after a 401 it gets
// a new token from /v2/reauthorize_jwt and tries once more.
func (l *Legacy) send(ctx context.Context, ls *legacySession, route string, body any) error {
	_, err := l.post(ctx, route, body, ls.jwt)
	var se *apihttp.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusUnauthorized {
		return err
	}
	old := ls.jwt
	data, rerr := l.post(ctx, "/v2/reauthorize_jwt", map[string]string{"session_id": ls.id}, "", old)
	var a legacyAnswer
	if rerr != nil || json.Unmarshal(data, &a) != nil || a.JWT == "" || len(a.JWT) > apihttp.MaxTokenLen {
		return errors.Join(err, rerr, errors.New("agentops legacy: could not renew the session token"))
	}
	ls.jwt = a.JWT
	_, err = l.post(ctx, route, body, ls.jwt, old)
	return err
}
