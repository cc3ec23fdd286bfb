package viewer

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/agentops-go/sdk/internal/sessionindex"
)

// sessionsResponse is the answer of /api/sessions.
type sessionsResponse struct {
	Rows     []sessionindex.Row `json:"rows"`
	Matched  int                `json:"matched"`
	Total    int                `json:"total"`
	Complete bool               `json:"complete"`
	Version  uint64             `json:"version"`
}

func (s *Server) apiSessions(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	version := s.ix.Version()
	p := s.ix.Query(q)
	rows := p.Rows
	if rows == nil {
		rows = []sessionindex.Row{}
	}
	writeJSON(w, http.StatusOK, sessionsResponse{Rows: rows, Matched: p.Matched, Total: p.Total, Complete: p.Complete, Version: version})
}

// apiSession answers with the document as stored, byte for byte.
func (s *Server) apiSession(w http.ResponseWriter, r *http.Request) {
	e := s.loadDocument(w, r, true)
	if e == nil {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("ETag", strconv.Quote(e.version))
	_, _ = w.Write(e.raw)
}

// sessionVersion is the answer of /api/sessions/{id}/version.
type sessionVersion struct {
	Version string `json:"version"`
	Status  string `json:"status"`
}

// apiSessionVersion answers with the version of a session's file (its
// modification time and size) and its status, for a page to poll.
func (s *Server) apiSessionVersion(w http.ResponseWriter, r *http.Request) {
	e := s.loadDocument(w, r, true)
	if e == nil {
		return
	}
	_, row := e.view()
	writeJSON(w, http.StatusOK, sessionVersion{Version: e.version, Status: row.Status})
}

// listVersion is the answer of /api/version.
type listVersion struct {
	Version string `json:"version"`
}

// apiVersion answers with the index's version alone: it is polled by
// every open list and overview, so it does not query the rows.
func (s *Server) apiVersion(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, listVersion{Version: strconv.FormatUint(s.ix.Version(), 10)})
}

func (s *Server) apiOverview(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.overview())
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}
