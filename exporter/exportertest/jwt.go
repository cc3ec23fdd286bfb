package exportertest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"time"
)

// NewJWT returns a JWT shaped like AgentOps's: HS256 header, claims exp,
// aud "authenticated", project_id and api_key (the real tokens carry the
// key, which is why a token must never be logged), and a random signature.
func NewJWT(apiKey, projectID string, expires time.Time) string {
	enc := base64.RawURLEncoding
	header, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	payload, _ := json.Marshal(map[string]any{
		"exp":                 expires.Unix(),
		"aud":                 "authenticated",
		"project_id":          projectID,
		"project_prem_status": "free",
		"api_key":             apiKey,
	})
	sig := make([]byte, 32)
	_, _ = rand.Read(sig)
	return enc.EncodeToString(header) + "." + enc.EncodeToString(payload) + "." + enc.EncodeToString(sig)
}
