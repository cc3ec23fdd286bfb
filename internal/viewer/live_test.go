package viewer

import (
	"context"
	"html"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// A session recorded by the real SDK while the viewer serves its folder:
// the list and the page show it running after a flush, then ended, and
// the version a page polls changes at each step.
func TestALiveSessionThroughTheRealSDK(t *testing.T) {
	for _, name := range []string{envconfig.EnvAPIKey, envconfig.EnvOTLPEndpoint, envconfig.EnvOTLPTracesEndpoint, envconfig.EnvSessionDir, envconfig.EnvDefaultTags} {
		t.Setenv(name, "")
	}
	dir := t.TempDir()
	ctx := context.Background()
	c, err := otelagentops.New(ctx, otelagentops.WithSessionDir(dir), otelagentops.WithoutJournal(), otelagentops.WithoutEnvData(),
		otelagentops.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Shutdown(ctx)
	v, ix := newViewer(t, dir)

	sctx, s, err := c.StartSession(ctx, otelagentops.WithSessionName("live"), otelagentops.WithTags("watch"))
	if err != nil {
		t.Fatal(err)
	}
	id := s.ID().String()
	if err := c.RecordLLM(sctx, otelagentops.LLMRequest{Model: "gpt-4.1", Messages: []otelagentops.Message{{Role: "user", Content: "first <question>"}}},
		otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 11, OutputTokens: 4}, Messages: []otelagentops.Message{{Role: "assistant", Content: "first answer"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	listVersion := get(t, v, "/api/version").Body
	if row := rowOf(get(t, v, "/").Body, id); !strings.Contains(row, "status-running") {
		t.Fatalf("the running session is not listed as running:\n%s", row)
	}
	page := get(t, v, "/sessions/"+id)
	if !strings.Contains(page.Body, `data-live-url="/api/sessions/`+id+`/version"`) || stat(page.Body, "llm_calls") != "1" {
		t.Fatalf("running page: live %v, llm calls %s", strings.Contains(page.Body, "data-live-url"), stat(page.Body, "llm_calls"))
	}
	version := get(t, v, "/api/sessions/"+id+"/version").Body

	if err := c.RecordTool(sctx, otelagentops.Tool{Name: "lookup", Input: "x", Output: "y"}); err != nil {
		t.Fatal(err)
	}
	if err := s.End(sctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := c.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	if after := get(t, v, "/api/sessions/"+id+"/version").Body; after == version || !strings.Contains(after, `"status":"Success"`) {
		t.Errorf("session version %s then %s", version, after)
	}
	if get(t, v, "/api/version").Body == listVersion {
		t.Error("the list's version did not change")
	}
	page = get(t, v, "/sessions/"+id)
	if strings.Contains(page.Body, "data-live-url") || stat(page.Body, "tool_calls") != "1" || !strings.Contains(page.Body, "status-success") {
		t.Errorf("ended page: still live %v, tool calls %s", strings.Contains(page.Body, "data-live-url"), stat(page.Body, "tool_calls"))
	}
	var llm string
	for _, b := range bars(page.Body) {
		if b.Kind == "llm" {
			llm = b.ID
		}
	}
	d := html.UnescapeString(get(t, v, "/sessions/"+id+"/spans/"+llm).Body)
	if !strings.Contains(d, `<div class="message">first <question></div>`) || !strings.Contains(d, `<div class="message">first answer</div>`) {
		t.Errorf("the LLM call's details:\n%s", d)
	}
	if p := ix.Query(sessionindex.Query{Tag: "watch"}); len(p.Rows) != 1 || p.Rows[0].Status != "Success" {
		t.Errorf("index rows %+v", p.Rows)
	}
}
