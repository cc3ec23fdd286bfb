package viewer_test

import (
	"os"
	"testing"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

func TestZZDocsShots(t *testing.T) {
	out := os.Getenv("DOCS_SHOTS")
	if out == "" {
		t.Skip()
	}
	b := startBrowser(t)
	dir := t.TempDir()
	q1 := runQuickstart(t, dir)
	recordJoined(t, dir)
	c := newClient(t, otelagentops.WithSessionDir(dir))
	ctx, s, err := c.StartSession(t.Context(), otelagentops.WithSessionName("support-bot"), otelagentops.WithTags("support", "prod"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		_ = c.RecordLLM(ctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o",
			Messages: []otelagentops.Message{{Role: "user", Content: "Where is my order 42?"}}},
			otelagentops.LLMResponse{Model: "gpt-4o", Usage: otelagentops.Usage{InputTokens: 1200, OutputTokens: 180}}, nil)
		_ = c.RecordTool(ctx, otelagentops.Tool{Name: "lookup_order", Input: `{"id":42}`, Output: "shipped"})
	}
	_ = s.End(ctx, semconv.EndStateFail, otelagentops.WithReason("customer escalated"))
	_ = c.Shutdown(ctx)
	runQuickstart(t, dir)
	v := &viewerEnv{b: b, base: startView(t, buildAgentops(t), dir)}
	v.b.artifacts = out
	v.b.open(t, v.base, "table#sessions")
	v.b.screenshot(t, "list")
	doc := v.document(t, q1)
	v.openSession(t, q1)
	v.clickBar(t, barOf(doc, llmEvent(t, doc, quickstartPrompt[1].Content)), ".prompt .message")
	v.b.screenshot(t, "session")
	v.b.open(t, v.base+"overview", "#totals")
	v.b.screenshot(t, "overview")
}
