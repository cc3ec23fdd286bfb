package viewer

import (
	"strings"
	"testing"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

func TestOverviewPage(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	res := get(t, v, "/overview")
	for _, w := range []string{`id="totals"`, `<svg id="cost-chart"`, `<svg id="model-chart"`, `<svg id="token-chart"`,
		`data-total="sessions">6<`, `data-total="llm_calls">7<`, `href="/sessions/` + f.SuccessID + `"`, `data-live-url="/api/version"`} {
		if !strings.Contains(res.Body, w) {
			t.Errorf("overview lacks %s", w)
		}
	}
	// Three sessions are priced: three cost bars, the costliest full height.
	if n := count(res.Body, "<rect x=") - count(res.Body, `class="hbars"`); res.Status != 200 || n < 3 {
		t.Errorf("status %d, %d bars", res.Status, n)
	}
}

func TestModelChartBars(t *testing.T) {
	o := &overviewData{Totals: totals{CostUSD: 3}, Models: []sessionindex.ModelUsage{
		{Model: "gpt-4.1", Calls: 3, CostUSD: 2, InputTokens: 10}, {Model: "claude", Calls: 1, CostUSD: 1}, {Model: "local", Calls: 5, Unpriced: 5}}}
	o.charts()
	if len(o.ModelBars) != 3 || o.ModelBars[0].W != 360 || o.ModelBars[1].W != 180 || o.ModelBars[2].W != 1 ||
		!strings.Contains(o.ModelBars[2].Text, "+5 unpriced") || o.ModelBars[1].Y <= o.ModelBars[0].Y {
		t.Errorf("model bars: %+v", o.ModelBars)
	}
	tokensOnly := &overviewData{Models: []sessionindex.ModelUsage{{Model: "a", InputTokens: 100}, {Model: "b", OutputTokens: 50}}}
	tokensOnly.charts()
	if tokensOnly.ModelBars[0].W != 360 || tokensOnly.ModelBars[1].W != 180 {
		t.Errorf("unpriced models are not drawn by tokens: %+v", tokensOnly.ModelBars)
	}
}
