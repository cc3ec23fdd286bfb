package otelmcpgo

import (
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/mcpspan"
	"github.com/agentops-go/sdk/otelagentops"
)

// ScopeName is the instrumentation scope of the spans the package starts
// (a client's tool calls are otelagentops' own spans).
const ScopeName = mcpspan.ScopeName

// Option configures NewClient and ServerOptions.
type Option = mcpspan.Option

// WithClient records client requests with c when the request's context
// carries no session: into c's only active session. Default:
// otelagentops.Default() at the time of each request. A session in the
// context always wins. Server spans are started with c's TracerProvider
// unless WithTracerProvider is given.
func WithClient(c *otelagentops.Client) Option { return mcpspan.WithClient(c) }

// WithTracerProvider starts server spans with tp. Default: the
// TracerProvider of the client given with WithClient, else of
// otelagentops.Default(), else OTel's global one, at each request.
func WithTracerProvider(tp trace.TracerProvider) Option { return mcpspan.WithTracerProvider(tp) }

// WithNetworkTransport records network.transport on every span:
// semconv.NetworkTransportPipe for stdio, semconv.NetworkTransportTCP for
// HTTP (streamable HTTP, SSE). Default: unset.
func WithNetworkTransport(transport string) Option { return mcpspan.WithNetworkTransport(transport) }
