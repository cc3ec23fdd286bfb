package viewer

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"strconv"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/sessiondoc"
)

// barsPerPage is how many bars of the waterfall one page shows: a session
// of thousands of spans is served in pages of this many, on the axis of
// the whole session.
const barsPerPage = 500

// sessionData is what the session page shows.
type sessionData struct {
	Row        sessionindex.Row
	Doc        *sessiondoc.Document
	Start      string
	Duration   string
	Cost       string
	HostEnv    []keyValue
	Processes  []sessiondoc.Process
	Waterfall  *waterfall
	Bars       []barRow // the page's
	FromIndex  int      // 0-based index of the first bar shown
	From, To   int      // 1-based bars shown
	Prev, Next string
	Ticks      []tick
	Details    *details
}

// tick is a label of the time axis.
type tick struct {
	X     float64 // in percent
	Label string
}

// loadDocument returns the document of the session named in r's path, or
// answers with an error page (or error JSON when api) and returns nil.
func (s *Server) loadDocument(w http.ResponseWriter, r *http.Request, api bool) *cachedDoc {
	id := r.PathValue("id")
	fail := func(status int, msg string, sessionID string) {
		if api {
			writeJSON(w, status, map[string]string{"error": msg})
			return
		}
		s.render(w, r, status, "error", &page{Title: http.StatusText(status),
			Data: errorData{Status: status, Message: msg, SessionID: sessionID}})
	}
	e, err := s.docs.get(id)
	switch {
	case errors.Is(err, sessionindex.ErrInvalidID):
		fail(http.StatusBadRequest, "not a session ID: "+strconv.Quote(id)+" (a lowercase UUID)", "")
		return nil
	case errors.Is(err, fs.ErrNotExist):
		fail(http.StatusNotFound, "no session "+id+" in this folder", "")
		return nil
	case err != nil:
		fail(http.StatusInternalServerError, "reading session "+id+": "+err.Error(), "")
		return nil
	case e.err != nil:
		fail(http.StatusUnprocessableEntity, "unreadable: "+e.err.Error(), id)
		return nil
	}
	return e
}

func (s *Server) serveSession(w http.ResponseWriter, r *http.Request) {
	e := s.loadDocument(w, r, false)
	if e == nil {
		return
	}
	doc := e.doc
	wf, row := e.view()
	d := &sessionData{Row: *row, Doc: doc, Waterfall: wf, Processes: doc.Processes,
		Start: formatStart(row.Start, startLayout), Duration: formatDuration(row.Duration),
		Cost: formatCost(row.CostUSD, row.Unpriced), HostEnv: flatten("", doc.Session.HostEnv, nil)}
	from := 0
	if v := r.URL.Query().Get("from"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			s.errorPage(w, r, http.StatusBadRequest, "from: "+strconv.Quote(v)+" is not a span number")
			return
		}
		from = min(n, max(len(wf.Bars)-1, 0))
	}
	if sel := r.URL.Query().Get("span"); sel != "" {
		if b := wf.bar(sel); b != nil {
			d.Details = newDetails(doc, wf, b)
			if v := r.URL.Query().Get("from"); v == "" {
				from = wf.byID[sel] / barsPerPage * barsPerPage
			}
		}
	}
	to := min(from+barsPerPage, len(wf.Bars))
	sel := ""
	if d.Details != nil {
		sel = d.Details.Bar.ID
	}
	d.Bars = barRows(wf, from, to, sel)
	d.From, d.To, d.FromIndex = from+1, to, from
	base := "/sessions/" + doc.Session.SessionID
	if from > 0 {
		d.Prev = base + "?from=" + strconv.Itoa(max(from-barsPerPage, 0))
	}
	if to < len(wf.Bars) {
		d.Next = base + "?from=" + strconv.Itoa(to)
	}
	total := wf.End.Sub(wf.Start)
	for i := 0; i <= 4; i++ {
		d.Ticks = append(d.Ticks, tick{X: float64(i) * 25, Label: formatDuration(total * time.Duration(i) / 4)})
	}
	p := &page{Title: title(doc), Data: d}
	if row.Status == sessionindex.StatusRunning {
		p.LiveURL, p.Version = "/api"+base+"/version", e.version
	}
	s.render(w, r, http.StatusOK, "session", p)
}

// barRow is one bar of the waterfall as the page writes it: each figure
// formatted once, in Go, rather than through template calls.
type barRow struct {
	ID, Kind, Class, Icon, Name, Error, Duration, X, W string
	Depth                                              int
}

// barRows returns the rows of bars from to to of w; selected is the span
// whose details are shown.
func barRows(w *waterfall, from, to int, selected string) []barRow {
	rows := make([]barRow, 0, to-from)
	for i := from; i < to; i++ {
		b := &w.Bars[i]
		class := "k-" + b.Kind
		if b.Error != "" {
			class += " error"
		}
		if b.Running() {
			class += " running"
		}
		if b.ID == selected {
			class += " selected"
		}
		icon := kindIcon(b.Kind)
		if b.Error != "" && b.Kind == sessiondoc.SpanKindOther {
			icon = kindIcon(kindError) // a failed span of no kind of its own: an error, as the legend says
		}
		rows = append(rows, barRow{ID: b.ID, Kind: b.Kind, Class: class, Icon: icon, Name: b.Name, Error: b.Error,
			Duration: formatDuration(b.Duration(w.End)), X: strconv.FormatFloat(b.X, 'f', 1, 64),
			W: strconv.FormatFloat(b.W, 'f', 1, 64), Depth: b.Depth})
	}
	return rows
}

// serveDetails serves the details pane of one span alone: what the page's
// script puts in place of #details when a bar is clicked.
func (s *Server) serveDetails(w http.ResponseWriter, r *http.Request) {
	e := s.loadDocument(w, r, false)
	if e == nil {
		return
	}
	wf, _ := e.view()
	b := wf.bar(r.PathValue("span"))
	if b == nil {
		s.errorPage(w, r, http.StatusNotFound, "no span "+strconv.Quote(r.PathValue("span"))+" in session "+e.doc.Session.SessionID)
		return
	}
	var buf bytes.Buffer
	if err := s.pages["details"].ExecuteTemplate(&buf, "details", newDetails(e.doc, wf, b)); err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "internal error: the details could not be rendered")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

// title is a session's page title: its name, or its ID.
func title(doc *sessiondoc.Document) string {
	if doc.Name != "" {
		return doc.Name
	}
	return doc.Session.SessionID
}
