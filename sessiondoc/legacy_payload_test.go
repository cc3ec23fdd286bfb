package sessiondoc

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/agentops-go/sdk/semconv"
)

// TestLegacyPayloadUnchanged: the legacy REST exporter sends the legacy
// session model only: none of what the SDK adds to its session document
// (span IDs, per-call cost, time to first token, finish reasons, spans,
// processes). The bodies it posts are compared with a golden file written
// before the document gained those fields.
func TestLegacyPayloadUnchanged(t *testing.T) {
	srv := newLegacyServer(t)
	l, _ := newLegacy(t, srv)
	stubs := sessionStubs()
	res := resource.NewSchemaless(semconv.ServiceName("agentops"), semconv.AgentOpsSDKVersion("0.1.0"),
		semconv.ProcessPID(4242), semconv.HostName("box"))
	for i := range stubs {
		stubs[i].Resource = res
	}
	stubs[0].Attributes = append(slices.Clone(stubs[0].Attributes), semconv.GenAIResponseTimeToFirstChunk(0.25),
		semconv.GenAIResponseFinishReasons([]string{"tool_calls"}), semconv.AgentOpsSessionInherited(true))
	if err := l.ExportSpans(t.Context(), stubs.Snapshots()); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	var got bytes.Buffer
	for _, c := range srv.calls {
		got.WriteString(c.route + "\n")
		got.Write(c.raw)
		got.WriteString("\n")
	}
	srv.mu.Unlock()
	for _, key := range []string{"span_id", "cost_usd", "time_to_first_token_ms", "finish_reasons", "spans", "processes"} {
		if strings.Contains(got.String(), `"`+key+`"`) {
			t.Errorf("the legacy payload carries %q", key)
		}
	}
	golden := filepath.Join("testdata", "legacy_payload.golden.txt")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the legacy payload differs from %s:\n%s", golden, got.Bytes())
	}

}
