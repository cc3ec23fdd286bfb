package viewer

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
)

// chartSessions is how many sessions, the latest, the charts over time show.
const chartSessions = 60

// overviewData is the overview: totals over every session, the latest
// sessions in time order, and the use of each model.
type overviewData struct {
	Totals   totals                    `json:"totals"`
	Sessions []sessionPoint            `json:"sessions"`
	Models   []sessionindex.ModelUsage `json:"models"`
	Complete bool                      `json:"complete"`
	Version  uint64                    `json:"version"`

	// For the charts; not in the JSON.
	CostBars  []chartBar `json:"-"`
	TokenBars []chartBar `json:"-"`
	ModelBars []chartBar `json:"-"`
	MaxCost   string     `json:"-"`
	MaxTokens string     `json:"-"`
	First     string     `json:"-"`
	Last      string     `json:"-"`
}

type totals struct {
	Sessions     int     `json:"sessions"`
	Running      int     `json:"running"`
	Failed       int     `json:"failed"`
	Unreadable   int     `json:"unreadable"`
	CostUSD      float64 `json:"cost_usd"`
	Unpriced     int64   `json:"unpriced_llm_calls"`
	InputTokens  int64   `json:"input_tokens"`
	OutputTokens int64   `json:"output_tokens"`
	LLMCalls     int64   `json:"llm_calls"`
	ToolCalls    int64   `json:"tool_calls"`
	Actions      int64   `json:"actions"`
	Errors       int64   `json:"errors"`
}

type sessionPoint struct {
	ID           string    `json:"session_id"`
	Name         string    `json:"name"`
	Start        time.Time `json:"start"`
	CostUSD      float64   `json:"cost_usd"`
	InputTokens  int64     `json:"input_tokens"`
	OutputTokens int64     `json:"output_tokens"`
}

// chartBar is one bar of an inline SVG chart, in the chart's units.
type chartBar struct {
	X, Y, W, H float64
	Label      string // the tooltip
	Href       string
	Text       string // beside a horizontal bar
}

// overview computes the overview from the index.
func (s *Server) overview() *overviewData {
	version := s.ix.Version()
	p := s.ix.Query(sessionindex.Query{Sort: sessionindex.SortStart, Asc: true})
	o := &overviewData{Complete: p.Complete, Version: version, Sessions: []sessionPoint{}, Models: []sessionindex.ModelUsage{}}
	models := map[string]*sessionindex.ModelUsage{}
	for _, r := range p.Rows {
		t := &o.Totals
		t.Sessions++
		switch r.Status {
		case sessionindex.StatusRunning:
			t.Running++
		case "Fail":
			t.Failed++
		case sessionindex.StatusUnreadable:
			t.Unreadable++
			continue
		}
		t.CostUSD += r.CostUSD
		t.Unpriced += r.Unpriced
		t.InputTokens += r.InputTokens
		t.OutputTokens += r.OutputTokens
		t.LLMCalls += r.LLMCalls
		t.ToolCalls += r.ToolCalls
		t.Actions += r.Actions
		t.Errors += r.Errors
		o.Sessions = append(o.Sessions, sessionPoint{ID: r.ID, Name: r.Name, Start: r.Start, CostUSD: r.CostUSD,
			InputTokens: r.InputTokens, OutputTokens: r.OutputTokens})
		for _, m := range r.Models {
			u := models[m.Model]
			if u == nil {
				u = &sessionindex.ModelUsage{Model: m.Model}
				models[m.Model] = u
			}
			u.Calls += m.Calls
			u.InputTokens += m.InputTokens
			u.OutputTokens += m.OutputTokens
			u.CostUSD += m.CostUSD
			u.Unpriced += m.Unpriced
		}
	}
	if n := len(o.Sessions); n > chartSessions {
		o.Sessions = o.Sessions[n-chartSessions:]
	}
	for _, u := range models {
		o.Models = append(o.Models, *u)
	}
	slices.SortFunc(o.Models, func(a, b sessionindex.ModelUsage) int {
		if c := cmp.Compare(b.CostUSD, a.CostUSD); c != 0 {
			return c
		}
		if c := cmp.Compare(b.InputTokens+b.OutputTokens, a.InputTokens+a.OutputTokens); c != 0 {
			return c
		}
		return cmp.Compare(a.Model, b.Model)
	})
	o.charts()
	return o
}

// Chart sizes, in SVG units.
const (
	chartW, chartH = 600.0, 120.0
	modelRowH      = 22.0
)

// charts lays out the bars of the three charts.
func (o *overviewData) charts() {
	var maxCost float64
	var maxTokens int64
	for _, p := range o.Sessions {
		maxCost = max(maxCost, p.CostUSD)
		maxTokens = max(maxTokens, p.InputTokens+p.OutputTokens)
	}
	o.MaxCost, o.MaxTokens = formatUSD(maxCost), formatInt(maxTokens)
	if n := len(o.Sessions); n > 0 {
		o.First, o.Last = formatStart(o.Sessions[0].Start, shortStartLayout), formatStart(o.Sessions[n-1].Start, shortStartLayout)
		slot := chartW / float64(n)
		for i, p := range o.Sessions {
			name := p.Name
			if name == "" {
				name = p.ID
			}
			w := min(max(slot*0.7, 1), 28)
			x := float64(i)*slot + (slot-w)/2
			label := name + " · " + formatStart(p.Start, startLayout)
			href := "/sessions/" + p.ID
			if maxCost > 0 {
				h := max(chartH*p.CostUSD/maxCost, 0)
				o.CostBars = append(o.CostBars, chartBar{X: x, Y: chartH - h, W: w, H: h, Href: href, Label: label + " · " + formatUSD(p.CostUSD)})
			}
			if maxTokens > 0 {
				tok := p.InputTokens + p.OutputTokens
				h := chartH * float64(tok) / float64(maxTokens)
				o.TokenBars = append(o.TokenBars, chartBar{X: x, Y: chartH - h, W: w, H: h, Href: href,
					Label: label + " · " + formatInt(p.InputTokens) + " in / " + formatInt(p.OutputTokens) + " out"})
			}
		}
	}
	var maxModel float64
	for _, m := range o.Models {
		maxModel = max(maxModel, modelWeight(m, o.Totals.CostUSD > 0))
	}
	for i, m := range o.Models {
		w := 0.0
		if maxModel > 0 {
			w = 360 * modelWeight(m, o.Totals.CostUSD > 0) / maxModel
		}
		text := formatCost(m.CostUSD, m.Unpriced) + " · " + formatInt(m.InputTokens) + "/" + formatInt(m.OutputTokens) + " tok · " +
			strconv.FormatInt(m.Calls, 10) + " calls"
		o.ModelBars = append(o.ModelBars, chartBar{X: 160, Y: float64(i) * modelRowH, W: max(w, 1), H: modelRowH - 6, Label: m.Model, Text: text})
	}
}

// modelWeight is the length of a model's bar: its cost when any model is
// priced, else its tokens.
func modelWeight(m sessionindex.ModelUsage, byCost bool) float64 {
	if byCost {
		return m.CostUSD
	}
	return float64(m.InputTokens + m.OutputTokens)
}

// ModelChartH is the height of the model chart.
func (o *overviewData) ModelChartH() float64 { return max(float64(len(o.Models))*modelRowH, modelRowH) }

func (s *Server) serveOverview(w http.ResponseWriter, r *http.Request) {
	o := s.overview()
	s.render(w, r, http.StatusOK, "overview", &page{Title: "Overview", Nav: "overview",
		LiveURL: "/api/version", Version: strconv.FormatUint(o.Version, 10), Data: o})
}
