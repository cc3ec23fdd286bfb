package exporter

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// Environment variables this package reads; doc.go lists them.
const (
	envAPIKey           = "AGENTOPS_API_KEY"
	envAPIEndpoint      = "AGENTOPS_API_ENDPOINT"
	envExporterEndpoint = "AGENTOPS_EXPORTER_ENDPOINT"
)

// lookupEnv reads the environment; tests replace it.
var lookupEnv = defaultLookupEnv

var defaultLookupEnv = os.LookupEnv

// newConfig resolves the configuration in one place: defaults, then the
// environment, then opts in order. Bad environment values are reported
// naming the variable and the value (never the API key's).
func newConfig(opts []Option) (config, error) {
	c := config{
		apiEndpoint:      DefaultAPIEndpoint,
		exporterEndpoint: DefaultExporterEndpoint,
		userAgent:        defaultUserAgent,
		timeout:          DefaultTimeout,
		retry:            RetryConfig{Enabled: true, InitialInterval: 5 * time.Second, MaxInterval: 30 * time.Second, MaxElapsedTime: time.Minute},
	}
	var errs []error
	env := func(name string, dst *string, check func(string) error) {
		v, ok := lookupEnv(name)
		if v = strings.TrimSpace(v); !ok || v == "" {
			return
		}
		if check != nil {
			if err := check(v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", name, v, err))
				return
			}
		}
		*dst = v
	}
	env(envAPIKey, &c.apiKey, nil)
	env(envAPIEndpoint, &c.apiEndpoint, envconfig.CheckURL)
	env(envExporterEndpoint, &c.exporterEndpoint, envconfig.CheckURL)
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	if c.logger == nil {
		c.logger = slog.Default()
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	if c.timeout <= 0 {
		errs = append(errs, fmt.Errorf("timeout must be positive, got %v", c.timeout))
	}
	return c, errors.Join(errs...)
}

// validateRemote checks what the AgentOps exporter needs: a key
// that is a UUID, and absolute endpoints that are https or loopback (or
// insecure allowed).
func (c config) validateRemote(endpoints ...string) error {
	var errs []error
	if c.apiKey == "" {
		errs = append(errs, ErrMissingAPIKey)
	} else if err := envconfig.CheckAPIKey(c.apiKey); err != nil {
		errs = append(errs, fmt.Errorf("%w: %w", ErrInvalidAPIKey, err))
	}
	for _, e := range endpoints {
		if err := envconfig.CheckURL(e); err != nil {
			errs = append(errs, fmt.Errorf("endpoint %q: %w", e, err))
		} else if err := envconfig.CheckSecure(e, c.insecure); err != nil {
			errs = append(errs, fmt.Errorf("endpoint %q: %w", e, err))
		}
	}
	return errors.Join(errs...)
}

// TracesURL returns the OTLP/HTTP traces URL of the base URL base: its path
// with "/v1/traces" appended, unless the path already ends in /v1/traces.
// otlptracehttp's WithEndpointURL uses a URL's path as is (a bare base URL
// posts to "/"), so exporters must be given this full URL.
func TracesURL(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	if !strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/v1/traces") {
		u.Path = strings.TrimRight(u.Path, "/") + "/v1/traces"
	}
	return u.String()
}

// otlpOptions are the otlptracehttp options of c toward tracesURL with the
// HTTP client hc. Every setting otlptracehttp would otherwise take from
// OTEL_EXPORTER_OTLP_* is pinned, so that headers or settings meant for
// another OTLP backend never reach AgentOps.
func (c config) otlpOptions(tracesURL string, hc *http.Client) []otlptracehttp.Option {
	comp := otlptracehttp.NoCompression
	if c.gzip {
		comp = otlptracehttp.GzipCompression
	}
	return []otlptracehttp.Option{
		otlptracehttp.WithEndpointURL(tracesURL),
		otlptracehttp.WithHTTPClient(hc),
		otlptracehttp.WithHeaders(map[string]string{"User-Agent": c.userAgent}),
		otlptracehttp.WithCompression(comp),
		otlptracehttp.WithEncoding(otlptracehttp.EncodingProtobuf),
		otlptracehttp.WithRetry(c.retry),
	}
}
