package mcpspan

import (
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
)

// Config is what the options of both MCP modules set; each module
// re-exports Option and the With functions with its own documentation.
type Config struct {
	Client         *otelagentops.Client // WithClient; nil: otelagentops.Default() at each request
	TracerProvider trace.TracerProvider // WithTracerProvider, for server spans
	Transport      string               // WithNetworkTransport: network.transport, "" when unknown
	JoinSessions   bool                 // WithSessionJoin: server handlers join their caller's session (join.go)
}

// Option configures a Config.
type Option interface {
	apply(*Config)
}

type optionFunc func(*Config)

func (f optionFunc) apply(c *Config) { f(c) }

// NewConfig applies opts in order; nil options are skipped.
func NewConfig(opts []Option) Config {
	var c Config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithClient sets Config.Client.
func WithClient(c *otelagentops.Client) Option {
	return optionFunc(func(cfg *Config) { cfg.Client = c })
}

// WithTracerProvider sets Config.TracerProvider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(cfg *Config) { cfg.TracerProvider = tp })
}

// WithNetworkTransport sets Config.Transport.
func WithNetworkTransport(transport string) Option {
	return optionFunc(func(cfg *Config) { cfg.Transport = transport })
}

// WithSessionJoin sets Config.JoinSessions.
func WithSessionJoin() Option {
	return optionFunc(func(cfg *Config) { cfg.JoinSessions = true })
}

// ClientRecorder returns the client-side recorder of c.
func (c Config) ClientRecorder() *Client {
	return &Client{Agentops: c.Client, Transport: c.Transport}
}

// ServerRecorder returns the server-side recorder of c: server spans use
// the TracerProvider given, else that of the client given, else (at each
// request) otelagentops.Default()'s or OTel's global one.
func (c Config) ServerRecorder() *Server {
	s := &Server{TracerProvider: c.TracerProvider, Transport: c.Transport, Agentops: c.Client, JoinSessions: c.JoinSessions}
	if s.TracerProvider == nil && c.Client != nil {
		s.TracerProvider = c.Client.TracerProvider()
	}
	if s.TracerProvider != nil {
		s.tracer = s.TracerProvider.Tracer(ScopeName)
	}
	return s
}
