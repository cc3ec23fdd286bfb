package benchpair

import (
	"context"
	"log/slog"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/otelagentops"
)

// Session returns a client whose spans go through the SDK's whole pipeline
// (session processor, batch processor) to an exporter that drops them, so
// that a benchmark measures the recording and not an export, and the
// context of a session started in it. No host data, no journal, no log
// output; opts are applied after these. The session is ended and the
// client shut down when the benchmark ends.
func Session(b testing.TB, opts ...otelagentops.Option) (context.Context, *otelagentops.Client) {
	b.Helper()
	base := []otelagentops.Option{otelagentops.WithExporter(Discard{}), otelagentops.WithoutEnvData(),
		otelagentops.WithoutJournal(), otelagentops.WithLogger(slog.New(slog.DiscardHandler))}
	c, err := otelagentops.New(context.Background(), append(base, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	ctx, s, err := c.StartSession(context.Background())
	if err != nil {
		_ = c.Shutdown(context.Background())
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = s.End(ctx, "Success")
		_ = c.Shutdown(context.Background())
	})
	return ctx, c
}

// Discard is an exporter that drops every span.
type Discard struct{}

// ExportSpans drops spans.
func (Discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }

// Shutdown does nothing.
func (Discard) Shutdown(context.Context) error { return nil }
