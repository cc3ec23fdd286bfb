package otelagentops

import "github.com/agentops-go/sdk/internal/envconfig"

// Where spans go. A client built without WithTracerProvider sends every
// span to each of these, side by side:
//
//   - AgentOps, whenever an API key is configured (WithAPIKey,
//     AGENTOPS_API_KEY): authenticated OTLP/HTTP to the exporter endpoint;
//   - an OTLP/HTTP endpoint, when one is configured (WithOTLPEndpoint,
//     OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
//   - every exporter given with WithExporter.
//
// With none of these, sessions are written as JSON files to a local folder
// (the session sink, see WithSessionDir), unless WithoutSessionSink.

// WithOTLPEndpoint also sends spans to the OTLP/HTTP receiver at url
// (Jaeger, Tempo, an OpenTelemetry Collector, ...). url is a base URL, as in
// OTEL_EXPORTER_OTLP_ENDPOINT: /v1/traces is appended to its path unless it
// ends in /v1/traces already. The scheme chooses TLS (http:// is plain, as
// in OTel). Headers, compression and timeout come from
// OTEL_EXPORTER_OTLP_(TRACES_)HEADERS, _COMPRESSION and _TIMEOUT. Overrides
// OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.
func WithOTLPEndpoint(url string) Option {
	return optionFunc(func(c config) config {
		c.export.otlpURL, c.export.otlpSource, c.export.otlpRaw = envconfig.TracesURL(url), "WithOTLPEndpoint", url
		return c
	})
}

// WithOTLPAgentOpsView sends the OTLP endpoint (WithOTLPEndpoint,
// OTEL_EXPORTER_OTLP_*) the AgentOps view of each span instead of the
// recording: the keys the AgentOps backend and dashboard read, and no
// gen_ai.* key on anything but an LLM call (see exporter.AgentOpsView). Use
// it when that endpoint is a Collector forwarding to AgentOps; Jaeger, Tempo
// and other OTel backends want the recording, the default. With your own
// provider (WithTracerProvider), wrap its exporter in
// exporter.NewAgentOpsView, or its processor in
// exporter.NewAgentOpsViewProcessor, instead.
func WithOTLPAgentOpsView() Option {
	return optionFunc(func(c config) config { c.export.otlpAgentOpsView = true; return c })
}

// WithInsecure allows plain http:// AgentOps endpoints (WithAPIEndpoint,
// WithExporterEndpoint) on hosts other than loopback. Without it they are
// refused at New, because every request to them carries a credential.
func WithInsecure() Option {
	return optionFunc(func(c config) config { c.export.insecure = true; return c })
}

// WithSessionDir sets the folder of the local session sink, which writes
// one <session-id>.json per session when no API key, OTLP endpoint or
// exporter is configured. Default ./agentops-sessions; overrides
// AGENTOPS_SESSION_DIR. When the sink is on, New creates the folder and
// fails, naming the option or variable, if it cannot write a file there. To keep files next to other exporters, add
// sessiondoc.NewSink with WithExporter.
func WithSessionDir(dir string) Option {
	return optionFunc(func(c config) config { c.export.sessionDir, c.export.sessionDirFrom = dir, "WithSessionDir"; return c })
}

// WithJournalDir sets the folder of the session journal, which lets the
// next start of the program end, Indeterminate, the sessions of a process
// that died without ending them (see Client.RecoverSessions). Default: the
// folder "journal" in the session folder (WithSessionDir) when the client
// exports to AgentOps, an OTLP endpoint or the session sink; none when it
// only has exporters given with WithExporter. Overrides AGENTOPS_JOURNAL_DIR.
func WithJournalDir(dir string) Option {
	return optionFunc(func(c config) config { c.export.journalDir, c.export.noJournal = dir, false; return c })
}

// WithoutJournal turns the session journal off (AGENTOPS_JOURNAL_DIR=off).
func WithoutJournal() Option {
	return optionFunc(func(c config) config { c.export.journalDir, c.export.noJournal = "", true; return c })
}

// WithoutSessionSink turns the local session sink off: with no API key, OTLP
// endpoint or exporter, sessions are then only summarised in the log.
func WithoutSessionSink() Option {
	return optionFunc(func(c config) config { c.export.noSink = true; return c })
}
