package sessiondoc

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/semconv"
)

// Bounds of the attributes a document keeps of a span with no event of
// its own (Span.Attributes).
const (
	maxSpanAttributes = 64   // attributes per span; the first ones are kept
	maxAttributeText  = 4096 // bytes of a string value; longer ones are cut, ending in "…"
	maxAttributeItems = 64   // values of a slice
)

// sessionKeyPrefix begins the keys of the session's own attributes
// (agentops.session.*), its figures among them.
const sessionKeyPrefix = "agentops.session."

// spanAttributes returns the attributes of a span for its Span in the
// document, within the bounds above and without secrets: keys that name a
// credential (authorization, cookie, password, secret, token, API key) and
// HTTP headers are left out, and URLs lose their query and user
// information. The session ID every span carries is left out too, and so
// are numbers that are none (NaN, infinities: JSON has no such number).
// The agentops.session.* keys are kept past the bound: a joined process's
// span carries its figures there at its end, after any other attribute,
// and Document.Totals reads them.
func spanAttributes(attrs []attribute.KeyValue) map[string]any {
	var out map[string]any
	for i := range attrs {
		kv := &attrs[i]
		key := string(kv.Key)
		if len(out) >= maxSpanAttributes && !strings.HasPrefix(key, sessionKeyPrefix) {
			continue
		}
		if kv.Key == semconv.AgentOpsSessionIDKey || secretKey(key) {
			continue
		}
		val, ok := attributeValue(key, &kv.Value)
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(attrs))
		}
		out[key] = val
	}
	return out
}

// secretKey reports whether an attribute key may hold a credential.
func secretKey(key string) bool {
	k := strings.ToLower(key)
	if strings.HasPrefix(k, "http.request.header.") || strings.HasPrefix(k, "http.response.header.") || k == "url.query" {
		return true
	}
	for _, word := range []string{"authorization", "cookie", "password", "passwd", "secret", "credential",
		"api_key", "apikey", "api-key", "access_token", "refresh_token", "id_token", "session_token", "bearer"} {
		if strings.Contains(k, word) {
			return true
		}
	}
	return strings.HasSuffix(k, ".token") || strings.HasSuffix(k, "_token")
}

// attributeValue returns the JSON value of an attribute, bounded; false
// for a value to leave out.
func attributeValue(key string, v *attribute.Value) (any, bool) {
	switch v.Type() {
	case attribute.BOOL:
		return v.AsBool(), true
	case attribute.INT64:
		return v.AsInt64(), true
	case attribute.FLOAT64:
		f := v.AsFloat64()
		return f, finite(f)
	case attribute.STRING:
		s := v.AsString()
		if strings.Contains(key, "url") {
			s = stripURL(s)
		}
		return cut(s), true
	case attribute.BOOLSLICE:
		return head(v.AsBoolSlice()), true
	case attribute.INT64SLICE:
		return head(v.AsInt64Slice()), true
	case attribute.FLOAT64SLICE:
		var fs []float64
		for _, f := range head(v.AsFloat64Slice()) {
			if finite(f) {
				fs = append(fs, f)
			}
		}
		return fs, true
	case attribute.STRINGSLICE:
		ss := head(v.AsStringSlice())
		for i := range ss {
			ss[i] = cut(ss[i])
		}
		return ss, true
	}
	return nil, false
}

// stripURL removes the user information and the query (where API keys
// travel, e.g. ?key=) of a URL; a string that is not an absolute URL is
// returned as it is.
func stripURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || (u.User == nil && u.RawQuery == "" && u.Fragment == "") {
		return s
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}

// cut returns s cut to maxAttributeText bytes on a rune boundary, ending
// in "…" when cut.
func cut(s string) string {
	if len(s) <= maxAttributeText {
		return s
	}
	n := maxAttributeText
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// head returns the first maxAttributeItems values of xs.
func head[T any](xs []T) []T {
	if len(xs) > maxAttributeItems {
		return xs[:maxAttributeItems]
	}
	return xs
}
