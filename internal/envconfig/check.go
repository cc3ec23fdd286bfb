package envconfig

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
)

// KeysURL is where a user finds their AgentOps API key.
const KeysURL = "https://app.agentops.ai/settings/projects"

// ErrMalformedAPIKey is wrapped by the error for an API key that is not a
// UUID, the form of every AgentOps API key.
var ErrMalformedAPIKey = errors.New("malformed AgentOps API key")

// ErrInsecureEndpoint is wrapped by the error for an http:// URL to a host
// other than loopback, without WithInsecure.
var ErrInsecureEndpoint = errors.New("refusing to send credentials over plain http to a non-loopback host: use https, or WithInsecure")

// CheckAPIKey accepts a UUID. Its error wraps ErrMalformedAPIKey and never
// shows the key.
func CheckAPIKey(key string) error {
	if _, err := uuid.Parse(key); err != nil || len(key) != 36 {
		return fmt.Errorf("%w: it is not a UUID (%d characters); copy it from %s", ErrMalformedAPIKey, len(key), KeysURL)
	}
	return nil
}

// CheckSize accepts a whole number from 1 to max: its error says so.
func CheckSize(n, max int) error {
	if n < 1 || n > max {
		return fmt.Errorf("want a whole number from 1 to %d", max)
	}
	return nil
}

// CheckAttrValueLimit accepts an attribute value length limit: -1 for no
// limit, or 1 to MaxAttributeValueLengthLimit characters. 0 is refused: it
// would empty every string attribute, the session ID included.
func CheckAttrValueLimit(n int) error {
	if n != -1 && (n < 1 || n > MaxAttributeValueLengthLimit) {
		return fmt.Errorf("want -1 (no limit) or a whole number of characters from 1 to %d", MaxAttributeValueLengthLimit)
	}
	return nil
}

// CheckDuration accepts a duration from 1ms to MaxDuration.
func CheckDuration(d time.Duration) error {
	if d < time.Millisecond || d > MaxDuration {
		return fmt.Errorf("want 1ms to %v", MaxDuration)
	}
	return nil
}

// CheckURL accepts absolute http and https URLs.
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return errors.New("want an absolute http(s) URL such as https://api.agentops.ai")
	}
	return nil
}

// CheckSecure refuses http:// to a non-loopback host unless insecure: its
// error wraps ErrInsecureEndpoint.
func CheckSecure(s string, insecure bool) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme == "https" || insecure || IsLoopback(u.Hostname()) {
		return nil
	}
	return ErrInsecureEndpoint
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
