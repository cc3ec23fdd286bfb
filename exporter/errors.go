package exporter

import (
	"errors"

	"github.com/agentops-go/sdk/internal/apihttp"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// Sentinel errors. The exporters wrap them with details; test with errors.Is.
// No error of this package ever contains the API key or a token. The
// session document exporters of package sessiondoc wrap the same values.
var (
	// ErrMalformedAPIKey: the API key is not a UUID, the form of every
	// AgentOps API key. NewAgentOps and sessiondoc.NewLegacy fail with it,
	// without any network call; so do otelagentops.New and Init.
	ErrMalformedAPIKey = envconfig.ErrMalformedAPIKey
	// ErrAPIKeyRejected: AgentOps refused the API key (400, 401 or 403 from
	// the auth endpoint; for sessiondoc.Legacy 400, 401 or 403 from
	// create_session). Spans are then refused, each batch with an error
	// wrapping this one, until a new exporter is built.
	ErrAPIKeyRejected = apihttp.ErrAPIKeyRejected
	// ErrInsecureEndpoint: an http:// URL to a host other than loopback,
	// without WithInsecure.
	ErrInsecureEndpoint = envconfig.ErrInsecureEndpoint
	// ErrRequestTooLarge: the trace endpoint answered 413 (Request Entity
	// Too Large) to a batch. A Client of otelagentops then sends the batch
	// again in halves, down to single spans; a span too large on its own is
	// dropped and counted as failed.
	ErrRequestTooLarge = errors.New("the trace endpoint refused the batch as too large (HTTP 413)")
	// ErrMissingAPIKey: an exporter that needs an API key was given none.
	ErrMissingAPIKey = apihttp.ErrMissingAPIKey
	// ErrExporterShutdown: ExportSpans was called after Shutdown; nothing
	// was sent (an empty batch is not an error).
	ErrExporterShutdown = apihttp.ErrExporterShutdown
)

// errNoToken: an export found no token and could not get one before its
// context ended. Nothing was sent; a batch failing so is held (the endpoint
// is out of reach) by a BatchProcessor.
var errNoToken = errors.New("no AgentOps token yet: nothing was sent")
