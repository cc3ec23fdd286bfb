package viewer_test

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/agentops-go/sdk/sessiondoc"
)

// apiRow is a row of the viewer's /api/sessions: the figures the list
// shows.
type apiRow struct {
	ID           string   `json:"session_id"`
	Name         string   `json:"name"`
	Tags         []string `json:"tags"`
	Status       string   `json:"status"`
	CostUSD      float64  `json:"cost_usd"`
	InputTokens  int64    `json:"input_tokens"`
	OutputTokens int64    `json:"output_tokens"`
	LLMCalls     int64    `json:"llm_calls"`
	ToolCalls    int64    `json:"tool_calls"`
	Actions      int64    `json:"actions"`
	Errors       int64    `json:"errors"`
}

// getJSON decodes the JSON answer of GET url into v.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), pageTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", url, err, body)
	}
}

// document reads a session's document through the JSON API.
func (v *viewerEnv) document(t *testing.T, id string) *sessiondoc.Document {
	t.Helper()
	var doc sessiondoc.Document
	getJSON(t, v.base+"api/sessions/"+id, &doc)
	return &doc
}

// rows reads the list through the JSON API.
func (v *viewerEnv) rows(t *testing.T) map[string]apiRow {
	t.Helper()
	var page struct {
		Rows []apiRow `json:"rows"`
	}
	getJSON(t, v.base+"api/sessions", &page)
	m := map[string]apiRow{}
	for _, r := range page.Rows {
		m[r.ID] = r
	}
	return m
}

// figures are the figures of a session as the list shows them.
type figures struct {
	CostUSD                                        float64
	InputTokens, OutputTokens, LLMCalls, ToolCalls int64
	Actions, Errors                                int64
}

func statsFigures(s *sessiondoc.Stats) figures {
	return figures{s.CostUSD, s.InputTokens, s.OutputTokens, s.LLMCalls, s.ToolCalls, s.Actions, s.Errors}
}

func rowFigures(r apiRow) figures {
	return figures{r.CostUSD, r.InputTokens, r.OutputTokens, r.LLMCalls, r.ToolCalls, r.Actions, r.Errors}
}

// checkCells compares the cells of a list row (by data-col) with want.
func checkCells(t *testing.T, id string, cells map[string]string, want figures) {
	t.Helper()
	checkCost(t, id, cells["cost"], want.CostUSD)
	for col, n := range map[string]int64{"input_tokens": want.InputTokens, "output_tokens": want.OutputTokens,
		"llm_calls": want.LLMCalls, "tool_calls": want.ToolCalls, "actions": want.Actions, "errors": want.Errors} {
		got, ok := cellInt(cells[col])
		if !ok || got != n {
			t.Errorf("session %s: %s cell %q, want %d", id, col, cells[col], n)
		}
	}
}

// cellInt reads an integer shown with any separators of thousands.
func cellInt(s string) (int64, bool) {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, err == nil
}

var dollars = regexp.MustCompile(`(<)?\$([0-9]+(?:\.([0-9]+))?)`)

// checkCost checks that a cost cell ("$0.0125", "$0.000017", "<$0.000001",
// "$0", possibly with "+n unpriced") shows want, rounded to the decimals it
// shows.
func checkCost(t *testing.T, id, cell string, want float64) {
	t.Helper()
	m := dollars.FindStringSubmatch(cell)
	if m == nil && want == 0 && strings.Contains(cell, "unpriced") {
		return // "+n unpriced": no priced call, nothing to add up
	}
	if m == nil {
		t.Errorf("session %s: cost cell %q shows no dollar figure, want $%g", id, cell, want)
		return
	}
	got, err := strconv.ParseFloat(m[2], 64)
	if err != nil {
		t.Errorf("session %s: cost cell %q: %v", id, cell, err)
		return
	}
	unit := math.Pow(10, -float64(len(m[3])))
	switch {
	case m[1] == "<":
		if want <= 0 || want >= got {
			t.Errorf("session %s: cost cell %q, want $%g", id, cell, want)
		}
	case math.Abs(got-want) > unit/2+1e-12:
		t.Errorf("session %s: cost cell %q, want $%g", id, cell, want)
	}
}
