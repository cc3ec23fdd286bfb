package mcpspan

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/otelagentops"
)

func TestConfigOptions(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	c, err := otelagentops.New(context.Background(), otelagentops.WithTracerProvider(tp),
		otelagentops.WithExporter(noopExporter{}))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Shutdown(context.Background()) }()

	cfg := NewConfig([]Option{nil, WithClient(c), WithNetworkTransport("pipe")})
	if cfg.Client != c || cfg.Transport != "pipe" || cfg.TracerProvider != nil {
		t.Fatalf("config %+v", cfg)
	}
	if r := cfg.ClientRecorder(); r.Agentops != c || r.Transport != "pipe" {
		t.Errorf("client recorder %+v", r)
	}
	if s := cfg.ServerRecorder(); s.TracerProvider != c.TracerProvider() || s.Transport != "pipe" {
		t.Errorf("server recorder without a provider: %+v, want the client's provider", s)
	}
	other := sdktrace.NewTracerProvider()
	defer func() { _ = other.Shutdown(context.Background()) }()
	if s := NewConfig([]Option{WithClient(c), WithTracerProvider(other)}).ServerRecorder(); s.TracerProvider != other {
		t.Errorf("WithTracerProvider lost to the client's provider")
	}
	if s := NewConfig([]Option{WithClient(c), WithSessionJoin()}).ServerRecorder(); !s.JoinSessions || s.Agentops != c {
		t.Errorf("WithSessionJoin: server recorder joins %v with %v, want true with the client", s.JoinSessions, s.Agentops)
	}
	if s := NewConfig(nil).ServerRecorder(); s.JoinSessions {
		t.Errorf("sessions joined without WithSessionJoin")
	}
	if s := NewConfig(nil).ServerRecorder(); s.TracerProvider != nil {
		t.Errorf("no options: provider %v, want nil (the default at each request)", s.TracerProvider)
	}
}

type noopExporter struct{}

func (noopExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (noopExporter) Shutdown(context.Context) error                             { return nil }
