package sessiondoc

import (
	"log/slog"
	"net/http"
	"time"
)

// SinkOption configures a Sink (NewSink). Options override the
// environment, which overrides the defaults; doc.go lists them.
type SinkOption interface {
	applySink(sinkConfig) sinkConfig
}

// LegacyOption configures a Legacy exporter (NewLegacy). Options override
// the environment, which overrides the defaults; doc.go lists them.
type LegacyOption interface {
	applyLegacy(legacyConfig) legacyConfig
}

// Option is a setting a Sink and a Legacy exporter share: it is both a
// SinkOption and a LegacyOption.
type Option interface {
	SinkOption
	LegacyOption
}

type sinkOptionFunc func(sinkConfig) sinkConfig

func (f sinkOptionFunc) applySink(c sinkConfig) sinkConfig { return f(c) }

type legacyOptionFunc func(legacyConfig) legacyConfig

func (f legacyOptionFunc) applyLegacy(c legacyConfig) legacyConfig { return f(c) }

// sharedOption sets a setting of both configurations.
type sharedOption func(*shared)

func (f sharedOption) applySink(c sinkConfig) sinkConfig       { f(&c.shared); return c }
func (f sharedOption) applyLegacy(c legacyConfig) legacyConfig { f(&c.shared); return c }

// WithLogger sets the logger of the files written (Sink) and of a rejected
// key and session links (Legacy). Default slog.Default().
func WithLogger(l *slog.Logger) Option {
	return sharedOption(func(c *shared) { c.logger = l })
}

// WithMaxSessions bounds how many sessions a Sink or a Legacy exporter
// keeps state for. Default 256.
func WithMaxSessions(n int) Option {
	return sharedOption(func(c *shared) { c.maxSessions = n })
}

// WithMaxEvents bounds the events per session: those a Sink keeps, in
// memory and in the session's file (later ones are dropped and counted in
// the document's dropped_events), and as many spans (dropped_spans), and
// those whose type a Legacy exporter remembers for the error events that
// point at them. Default 10000.
func WithMaxEvents(n int) Option {
	return sharedOption(func(c *shared) { c.maxEvents = n })
}

// WithDir sets the folder a Sink writes to, created at the first write.
// Default ./agentops-sessions (DefaultDir); overrides AGENTOPS_SESSION_DIR.
func WithDir(dir string) SinkOption {
	return sinkOptionFunc(func(c sinkConfig) sinkConfig { c.dir = dir; return c })
}

// WithAPIKey sets the AgentOps API key (a UUID). Overrides
// AGENTOPS_API_KEY. The key is sent only in the X-Agentops-Api-Key header
// of create_session and reauthorize_jwt; it is never logged.
func WithAPIKey(key string) LegacyOption {
	return legacyOptionFunc(func(c legacyConfig) legacyConfig { c.apiKey = key; return c })
}

// WithAPIEndpoint sets the base URL of the v2 REST API. Default
// https://api.agentops.ai; overrides AGENTOPS_API_ENDPOINT.
func WithAPIEndpoint(url string) LegacyOption {
	return legacyOptionFunc(func(c legacyConfig) legacyConfig { c.apiEndpoint = url; return c })
}

// WithInsecure allows an http:// endpoint on a host other than loopback.
// Without it such an endpoint is refused, because every request carries a
// credential.
func WithInsecure() LegacyOption {
	return legacyOptionFunc(func(c legacyConfig) legacyConfig { c.insecure = true; return c })
}

// WithHTTPClient sets the HTTP client of every request (a copy is used).
// Default: a client of the exporter's own, whose idle connections Shutdown
// closes.
func WithHTTPClient(hc *http.Client) LegacyOption {
	return legacyOptionFunc(func(c legacyConfig) legacyConfig { c.httpClient = hc; return c })
}

// WithTimeout bounds each HTTP request of a client without a timeout of
// its own. Default 10s.
func WithTimeout(d time.Duration) LegacyOption {
	return legacyOptionFunc(func(c legacyConfig) legacyConfig { c.timeout = d; return c })
}

// WithUserAgent sets the User-Agent header. Default "agentops-go/<version>".
func WithUserAgent(ua string) LegacyOption {
	return legacyOptionFunc(func(c legacyConfig) legacyConfig { c.userAgent = ua; return c })
}
