package exporter

import (
	"log/slog"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// Version is the version of the agentops-go SDK this package belongs to. It
// is sent in the User-Agent header as "agentops-go/<Version>" unless
// WithUserAgent says otherwise.
const Version = envconfig.Version

// RetryConfig is OTel's OTLP/HTTP retry policy (429, 502, 503 and 504,
// honouring Retry-After, with exponential backoff).
type RetryConfig = otlptracehttp.RetryConfig

// Option configures the AgentOps exporter (NewAgentOps); doc.go lists the
// options. Options override the environment, which overrides the defaults.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// config is the resolved configuration of one exporter.
type config struct {
	apiKey           string
	apiEndpoint      string
	exporterEndpoint string
	insecure         bool
	httpClient       *http.Client
	logger           *slog.Logger
	userAgent        string
	timeout          time.Duration
	gzip             bool
	retry            RetryConfig
}

// WithAPIKey sets the AgentOps API key (a UUID). Overrides AGENTOPS_API_KEY.
// A key that is not a UUID makes NewAgentOps fail with an error wrapping
// ErrMalformedAPIKey, before any network call. The key is sent only in the
// body of the auth request; it is never logged.
func WithAPIKey(key string) Option {
	return optionFunc(func(c config) config { c.apiKey = key; return c })
}

// WithAPIEndpoint sets the AgentOps API base URL (auth).
// Default https://api.agentops.ai; overrides AGENTOPS_API_ENDPOINT.
func WithAPIEndpoint(url string) Option {
	return optionFunc(func(c config) config { c.apiEndpoint = url; return c })
}

// WithExporterEndpoint sets the AgentOps OTLP base URL; spans go to its
// /v1/traces. Default https://otlp.agentops.ai; overrides
// AGENTOPS_EXPORTER_ENDPOINT.
func WithExporterEndpoint(url string) Option {
	return optionFunc(func(c config) config { c.exporterEndpoint = url; return c })
}

// WithInsecure allows http:// endpoints on hosts other than loopback. Without
// it such endpoints are refused, because every request carries a credential.
func WithInsecure() Option {
	return optionFunc(func(c config) config { c.insecure = true; return c })
}

// WithHTTPClient sets the HTTP client of every request. The AgentOps
// exporter wraps a copy of its Transport to add the bearer token. Default: a
// client of the exporter's own, whose idle connections Shutdown closes.
func WithHTTPClient(hc *http.Client) Option {
	return optionFunc(func(c config) config { c.httpClient = hc; return c })
}

// WithLogger sets the logger of authentication problems.
// Default slog.Default().
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c config) config { c.logger = l; return c })
}

// WithUserAgent sets the User-Agent header. Default "agentops-go/<Version>".
func WithUserAgent(ua string) Option {
	return optionFunc(func(c config) config { c.userAgent = ua; return c })
}

// WithTimeout bounds each HTTP request. Default 10s.
func WithTimeout(d time.Duration) Option {
	return optionFunc(func(c config) config { c.timeout = d; return c })
}

// WithGzip compresses OTLP requests with gzip. Default off.
func WithGzip() Option {
	return optionFunc(func(c config) config { c.gzip = true; return c })
}

// WithRetry sets the OTLP retry policy. Default: OTel's (5s initial
// interval, 30s max interval, 1m in all), always bounded by the export's
// context.
func WithRetry(rc RetryConfig) Option {
	return optionFunc(func(c config) config { c.retry = rc; return c })
}
