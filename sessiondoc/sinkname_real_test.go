package sessiondoc_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// TestRunningSessionOfARealClientIsNamed: a session the SDK's client
// records offline is named in its document while it runs, before its root
// span arrives (the client tells its sink the name at the start).
func TestRunningSessionOfARealClientIsNamed(t *testing.T) {
	for _, name := range []string{"AGENTOPS_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
		"AGENTOPS_SESSION_DIR", "AGENTOPS_INHERITED_SESSION_ID", "TRACEPARENT"} {
		t.Setenv(name, "")
	}
	dir := t.TempDir()
	c := newClient(t, dir)
	defer func() { _ = c.Shutdown(context.Background()) }()
	ctx, s, err := c.StartSession(t.Context(), otelagentops.WithSessionName("checkout"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RecordTool(ctx, otelagentops.Tool{Name: "search"}); err != nil {
		t.Fatal(err)
	}
	if err := c.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, s.ID().String()+".json")
	d, err := readDocument(path)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Partial || d.Name != "checkout" || len(d.Events) != 1 {
		t.Errorf("running document: partial %v, name %q, %d events; want a running document named checkout", d.Partial, d.Name, len(d.Events))
	}
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := c.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}
	if d, err := readDocument(path); err != nil || d.Partial || d.Name != "checkout" {
		t.Errorf("complete document: %+v, %v", d, err)
	}
}
