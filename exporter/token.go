package exporter

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/agentops-go/sdk/internal/apihttp"
)

// refreshMargin is how long before its expiry a token is replaced.
const refreshMargin = 10 * time.Minute

// token is an AgentOps JWT with what the exporter reads from it. The JWT is
// a credential (its payload even carries the API key): it goes into the
// Authorization header and nowhere else.
type token struct {
	jwt       string
	projectID string
	expires   time.Time // zero: unknown, never refreshed before a 401
	refreshAt time.Time // expires less a margin
}

// refreshDue reports whether t should be replaced at now.
func (t *token) refreshDue(now time.Time) bool {
	return !t.refreshAt.IsZero() && !now.Before(t.refreshAt)
}

// expired reports whether t is past its expiry at now.
func (t *token) expired(now time.Time) bool {
	return !t.expires.IsZero() && !now.Before(t.expires)
}

// jwtClaims are the JWT payload claims the exporter reads.
type jwtClaims struct {
	Exp       json.Number `json:"exp"`
	ProjectID string      `json:"project_id"`
}

// parseToken reads the payload of jwt, received at now, without checking
// its signature (the collector does): exp and project_id. A JWT whose
// payload cannot be read, or that looks expired already (clock skew), is
// still used, with an unknown expiry. It is refreshed refreshMargin before
// it expires, or at 4/5 of its life when that is shorter.
func parseToken(jwt, projectID string, now time.Time) (*token, error) {
	if jwt == "" || len(jwt) > apihttp.MaxTokenLen || strings.ContainsAny(jwt, " \t\r\n") {
		return nil, errors.New("the auth endpoint answered without a usable token")
	}
	t := &token{jwt: jwt, projectID: projectID}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return t, nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return t, nil
	}
	var claims jwtClaims
	if json.Unmarshal(payload, &claims) != nil {
		return t, nil
	}
	if exp, err := claims.Exp.Float64(); err == nil && exp > 0 && exp < 1e11 {
		if expires := time.Unix(int64(exp), 0); expires.After(now) {
			t.expires = expires
			t.refreshAt = expires.Add(-min(refreshMargin, expires.Sub(now)/5))
		}
	}
	if t.projectID == "" {
		t.projectID = claims.ProjectID
	}
	return t, nil
}
