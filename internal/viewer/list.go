package viewer

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/agentops-go/sdk/internal/sessionindex"
)

// Paging of the list.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// sortColumns are the Query sort columns, in the list's column order.
var sortColumns = []string{
	sessionindex.SortName, sessionindex.SortStatus, sessionindex.SortStart, sessionindex.SortDuration,
	sessionindex.SortCost, sessionindex.SortInput, sessionindex.SortOutput, sessionindex.SortLLM,
	sessionindex.SortTools, sessionindex.SortActions, sessionindex.SortErrors,
}

// parseQuery reads the list's query parameters (sort, asc, tag, status, q,
// offset, limit). An unknown sort column or a bad number is an error.
func parseQuery(v url.Values) (sessionindex.Query, error) {
	q := sessionindex.Query{Sort: v.Get("sort"), Tag: v.Get("tag"), Status: v.Get("status"), Text: v.Get("q"), Limit: defaultLimit}
	if q.Sort != "" && !slices.Contains(sortColumns, q.Sort) {
		return q, fmt.Errorf("unknown sort column %q", q.Sort)
	}
	if s := v.Get("asc"); s != "" {
		asc, err := strconv.ParseBool(s)
		if err != nil {
			return q, fmt.Errorf("asc: %q is not a boolean", s)
		}
		q.Asc = asc
	}
	for name, dst := range map[string]*int{"offset": &q.Offset, "limit": &q.Limit} {
		if s := v.Get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return q, fmt.Errorf("%s: %q is not a count", name, s)
			}
			*dst = n
		}
	}
	if q.Limit == 0 || q.Limit > maxLimit {
		q.Limit = maxLimit
	}
	return q, nil
}

// encodeQuery returns q as the list's query string, without defaults.
func encodeQuery(q sessionindex.Query) string {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("sort", q.Sort)
	if q.Asc {
		v.Set("asc", "1")
	}
	set("tag", q.Tag)
	set("status", q.Status)
	set("q", q.Text)
	if q.Offset > 0 {
		v.Set("offset", strconv.Itoa(q.Offset))
	}
	if q.Limit != defaultLimit {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// listData is what the list page shows.
type listData struct {
	Query    sessionindex.Query
	Page     sessionindex.Page
	Rows     []listRow
	Sorts    map[string]sortLink
	Statuses []string
	From, To int // 1-based rows shown
	Prev     string
	Next     string
}

// sortLink is a column header's link: sort by it, or flip its order.
type sortLink struct {
	Href  string
	Arrow string // ▲ or ▼ on the current column
}

type listRow struct {
	sessionindex.Row
	StartText, DurationText, CostText string
}

func (s *Server) serveList(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, err.Error())
		return
	}
	version := s.ix.Version()
	p := s.ix.Query(q)
	d := listData{Query: q, Page: p, Sorts: map[string]sortLink{},
		Statuses: []string{"Success", "Fail", "Indeterminate", sessionindex.StatusRunning, sessionindex.StatusRecovered, sessionindex.StatusUnreadable}}
	for _, row := range p.Rows {
		d.Rows = append(d.Rows, listRow{Row: row, StartText: formatStart(row.Start, shortStartLayout),
			DurationText: formatDuration(row.Duration), CostText: formatCost(row.CostUSD, row.Unpriced)})
	}
	current := q.Sort
	if current == "" {
		current = sessionindex.SortStart
	}
	for _, col := range sortColumns {
		link := q
		link.Sort, link.Offset, link.Asc = col, 0, false
		var arrow string
		if col == current {
			link.Asc = !q.Asc
			arrow = "▼"
			if q.Asc {
				arrow = "▲"
			}
		}
		if link.Sort == sessionindex.SortStart {
			link.Sort = "" // the default
		}
		d.Sorts[col] = sortLink{Href: encodeQuery(link), Arrow: arrow}
	}
	if len(p.Rows) > 0 {
		d.From, d.To = q.Offset+1, q.Offset+len(p.Rows)
	}
	if q.Offset > 0 {
		prev := q
		prev.Offset = max(q.Offset-q.Limit, 0)
		d.Prev = encodeQuery(prev)
	}
	if q.Offset+len(p.Rows) < p.Matched {
		next := q
		next.Offset = q.Offset + len(p.Rows)
		d.Next = encodeQuery(next)
	}
	s.render(w, r, http.StatusOK, "list", &page{Title: "Sessions", Nav: "list",
		LiveURL: "/api/version", Version: strconv.FormatUint(version, 10), Data: &d})
}
