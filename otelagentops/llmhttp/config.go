package llmhttp

import (
	"go.opentelemetry.io/otel/metric"

	"github.com/agentops-go/sdk/otelagentops"
)

// ScopeName is the instrumentation scope of the metrics the package records.
const ScopeName = "github.com/agentops-go/sdk/otelagentops/llmhttp"

// Default bounds on what is retained of a body for parsing. They bound
// memory, not the bodies: a longer body passes through whole.
const (
	DefaultMaxRequestBody  = 1 << 20 // 1 MiB of a request body
	DefaultMaxResponseBody = 4 << 20 // 4 MiB of a response body or stream event, and of streamed text
)

// errorExcerptBytes is how much of an error response body is recorded.
const errorExcerptBytes = 1024

// Option configures Middleware and NewTransport.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

type config struct {
	client             *otelagentops.Client
	includeStreamUsage bool
	meterProvider      metric.MeterProvider
	maxRequest         int
	maxResponse        int
}

func newConfig(opts []Option) config {
	c := config{maxRequest: DefaultMaxRequestBody, maxResponse: DefaultMaxResponseBody}
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	return c
}

// WithClient records calls with c when the request's context carries no
// session: into c's only active session. Default: otelagentops.Default()
// at the time of each request. A session in the context always wins.
func WithClient(c *otelagentops.Client) Option {
	return optionFunc(func(cfg config) config { cfg.client = c; return cfg })
}

// WithIncludeStreamUsage adds "stream_options": {"include_usage": true} to
// streaming OpenAI chat and completion requests that do not set
// include_usage, so that the stream reports token usage (and cost can be
// computed). The stream then ends with one more chunk, whose "choices" is
// empty: code that indexes Choices[0] of every chunk must allow for it.
// Off by default, since it changes the request.
func WithIncludeStreamUsage() Option {
	return optionFunc(func(cfg config) config { cfg.includeStreamUsage = true; return cfg })
}

// WithMeterProvider records the OTel GenAI client metrics
// gen_ai.client.token.usage and gen_ai.client.operation.duration with mp.
// Without it no metrics are recorded (the global MeterProvider is not used).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(cfg config) config { cfg.meterProvider = mp; return cfg })
}

// WithMaxRequestBody bounds how many bytes of a request body are retained
// to read the model, parameters and prompt (default DefaultMaxRequestBody).
// A longer body is sent whole; its fields past the bound are not recorded.
// 0 reads no request body; a negative n is ignored.
func WithMaxRequestBody(n int) Option {
	return optionFunc(func(cfg config) config {
		if n >= 0 {
			cfg.maxRequest = n
		}
		return cfg
	})
}

// WithMaxResponseBody bounds how many bytes of a response body, of one
// stream event, and of streamed output text are retained for parsing
// (default DefaultMaxResponseBody). The caller still receives every byte.
// 0 parses no response; a negative n is ignored.
func WithMaxResponseBody(n int) Option {
	return optionFunc(func(cfg config) config {
		if n >= 0 {
			cfg.maxResponse = n
		}
		return cfg
	})
}
