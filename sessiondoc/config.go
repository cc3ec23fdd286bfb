package sessiondoc

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/agentops-go/sdk/internal/apihttp"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// DefaultDir is the folder a Sink writes to when neither WithDir nor
// AGENTOPS_SESSION_DIR names one, relative to the working directory.
const DefaultDir = envconfig.DefaultSessionDir

// Defaults of the other settings doc.go lists.
const (
	defaultMaxSessions = 256
	defaultMaxEvents   = 10000
)

// lookupEnv reads the environment; tests replace it.
var lookupEnv = os.LookupEnv

// shared holds the settings of both a Sink and a Legacy exporter.
type shared struct {
	logger                 *slog.Logger
	maxSessions, maxEvents int
}

// finish fills the logger's default and checks the bounds.
func (s *shared) finish() error {
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.maxSessions <= 0 || s.maxEvents <= 0 {
		return fmt.Errorf("max sessions and max events must be positive, got %d and %d", s.maxSessions, s.maxEvents)
	}
	return nil
}

// sinkConfig is the resolved configuration of a Sink.
type sinkConfig struct {
	shared
	dir string
}

// newSinkConfig resolves a Sink's configuration: defaults, then
// AGENTOPS_SESSION_DIR, then opts in order.
func newSinkConfig(opts []SinkOption) (sinkConfig, error) {
	c := sinkConfig{shared: shared{maxSessions: defaultMaxSessions, maxEvents: defaultMaxEvents}, dir: DefaultDir}
	if v, ok := lookupEnv(envconfig.EnvSessionDir); ok && strings.TrimSpace(v) != "" {
		c.dir = strings.TrimSpace(v)
	}
	for _, o := range opts {
		if o != nil {
			c = o.applySink(c)
		}
	}
	err := c.finish()
	if c.dir == "" {
		err = errors.Join(err, errors.New("the session directory is empty"))
	}
	return c, err
}

// legacyConfig is the resolved configuration of a Legacy exporter.
type legacyConfig struct {
	shared
	apiKey, apiEndpoint, userAgent string
	insecure                       bool
	httpClient                     *http.Client
	timeout                        time.Duration
}

// newLegacyConfig resolves a Legacy exporter's configuration: defaults,
// then AGENTOPS_API_KEY and AGENTOPS_API_ENDPOINT, then opts in order; then
// it checks that the key is a UUID and the endpoint an absolute URL, https
// or loopback unless WithInsecure. Errors name the variable or the
// endpoint, never the key.
func newLegacyConfig(opts []LegacyOption) (legacyConfig, error) {
	env, err := envconfig.ReadAgentOps(lookupEnv)
	errs := []error{err}
	c := legacyConfig{shared: shared{maxSessions: defaultMaxSessions, maxEvents: defaultMaxEvents},
		apiKey: env.APIKey, apiEndpoint: env.APIEndpoint, userAgent: envconfig.UserAgent, timeout: envconfig.DefaultRequestTimeout}
	for _, o := range opts {
		if o != nil {
			c = o.applyLegacy(c)
		}
	}
	errs = append(errs, c.finish())
	if c.userAgent == "" {
		c.userAgent = envconfig.UserAgent
	}
	if c.timeout <= 0 {
		errs = append(errs, fmt.Errorf("timeout must be positive, got %v", c.timeout))
	}
	if c.apiKey == "" {
		errs = append(errs, apihttp.ErrMissingAPIKey)
	} else if err := envconfig.CheckAPIKey(c.apiKey); err != nil {
		errs = append(errs, err) // wraps ErrMalformedAPIKey
	}
	if err := envconfig.CheckURL(c.apiEndpoint); err != nil {
		errs = append(errs, fmt.Errorf("endpoint %q: %w", c.apiEndpoint, err))
	} else if err := envconfig.CheckSecure(c.apiEndpoint, c.insecure); err != nil {
		errs = append(errs, fmt.Errorf("endpoint %q: %w", c.apiEndpoint, err))
	}
	return c, errors.Join(errs...)
}
