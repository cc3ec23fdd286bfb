package exporter

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// lookupEnv reads the environment; tests replace it.
var lookupEnv = defaultLookupEnv

var defaultLookupEnv = os.LookupEnv

// newConfig resolves the configuration in one place: defaults and the
// environment (envconfig.ReadAgentOps), then opts in order. Bad environment
// values are reported naming the variable and the value (never the API
// key's).
func newConfig(opts []Option) (config, error) {
	env, err := envconfig.ReadAgentOps(lookupEnv)
	errs := []error{err}
	c := config{
		apiKey:           env.APIKey,
		apiEndpoint:      env.APIEndpoint,
		exporterEndpoint: env.ExporterEndpoint,
		userAgent:        envconfig.UserAgent,
		timeout:          envconfig.DefaultRequestTimeout,
		retry:            RetryConfig{Enabled: true, InitialInterval: 5 * time.Second, MaxInterval: 30 * time.Second, MaxElapsedTime: time.Minute},
	}
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	if c.logger == nil {
		c.logger = slog.Default()
	}
	if c.userAgent == "" {
		c.userAgent = envconfig.UserAgent
	}
	if c.timeout <= 0 {
		errs = append(errs, fmt.Errorf("timeout must be positive, got %v", c.timeout))
	}
	return c, errors.Join(errs...)
}

// validateRemote checks what the AgentOps and legacy exporters need: a key
// that is a UUID, and absolute endpoints that are https or loopback (or
// insecure allowed).
func (c config) validateRemote(endpoints ...string) error {
	var errs []error
	if c.apiKey == "" {
		errs = append(errs, ErrMissingAPIKey)
	} else if err := envconfig.CheckAPIKey(c.apiKey); err != nil {
		errs = append(errs, err)
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
