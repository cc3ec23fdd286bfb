package otelmcp

import (
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
)

// ScopeName is the instrumentation scope of the spans the package starts
// (a client's tool calls are otelagentops' own spans).
const ScopeName = "github.com/agentops-go/sdk/instrumentation/mcp"

// Option configures ClientMiddleware and ServerMiddleware.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

type config struct {
	client    *otelagentops.Client
	provider  trace.TracerProvider
	transport string
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	return c
}

// WithClient records client requests with c when the request's context
// carries no session: into c's only active session. Default:
// otelagentops.Default() at the time of each request. A session in the
// context always wins. Server spans are started with c's TracerProvider
// unless WithTracerProvider is given.
func WithClient(c *otelagentops.Client) Option {
	return optionFunc(func(cfg config) config { cfg.client = c; return cfg })
}

// WithTracerProvider starts server spans with tp. Default: the
// TracerProvider of the client given with WithClient, else of
// otelagentops.Default(), else OTel's global one, at each request.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(cfg config) config { cfg.provider = tp; return cfg })
}

// WithNetworkTransport records network.transport on every span:
// semconv.NetworkTransportPipe for stdio (CommandTransport,
// StdioTransport), semconv.NetworkTransportTCP for HTTP. Default: tcp on
// the server side of requests that came over HTTP, unset otherwise.
func WithNetworkTransport(transport string) Option {
	return optionFunc(func(cfg config) config { cfg.transport = transport; return cfg })
}
