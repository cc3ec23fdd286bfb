package viewer

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// contentSecurityPolicy allows only the viewer's own script and style
// files: no inline script, no other origin, no plug-ins, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Server is the web viewer of one session folder: an http.Handler serving
// the pages and the JSON API (see the package documentation). It reads the
// list from its Index, which the caller keeps up to date (Index.Run), and
// each document from its file, decoded again only when the file changed.
// It never writes the folder. Its methods are safe for concurrent use.
type Server struct {
	ix    *sessionindex.Index
	cfg   config
	docs  *docCache
	mux   *http.ServeMux
	pages map[string]*template.Template
}

var _ http.Handler = (*Server)(nil)

// New returns the viewer of ix's folder.
func New(ix *sessionindex.Index, opts ...Option) *Server {
	s := &Server{ix: ix, cfg: newConfig(opts), docs: newDocCache(ix.Dir(), 8), mux: http.NewServeMux()}
	s.pages = parsePages()
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded folder exists at build time
	}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.serveList)
	s.mux.HandleFunc("GET /sessions/{id}", s.serveSession)
	s.mux.HandleFunc("GET /sessions/{id}/spans/{span}", s.serveDetails)
	s.mux.HandleFunc("GET /overview", s.serveOverview)
	s.mux.HandleFunc("GET /api/sessions", s.apiSessions)
	s.mux.HandleFunc("GET /api/sessions/{id}", s.apiSession)
	s.mux.HandleFunc("GET /api/sessions/{id}/version", s.apiSessionVersion)
	s.mux.HandleFunc("GET /api/version", s.apiVersion)
	s.mux.HandleFunc("GET /api/overview", s.apiOverview)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no API endpoint at " + r.URL.Path})
	})
	s.mux.HandleFunc("/", s.serveNotFound)
	return s
}

// ServeHTTP serves r with the security headers on every response, refuses
// a Host that is not the loopback one (a DNS rebinding page) unless
// WithAnyHost, and turns a panic into an error page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.cfg.logger.Error("agentops viewer: internal error", "path", r.URL.Path, "panic", v)
			s.errorPage(w, r, http.StatusInternalServerError, "internal error: the viewer failed on this page")
		}
	}()
	if !s.cfg.anyHost && !loopbackHost(r.Host) {
		s.errorPage(w, r, http.StatusForbidden, "this viewer answers only to localhost, 127.0.0.1 or [::1]")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// loopbackHost reports whether a Host header names the loopback interface.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// page is what every page's layout reads.
type page struct {
	Title   string
	Nav     string // "list" or "overview"
	LiveURL string // polled for changes; "" for a page that does not change
	Version string // the version LiveURL answered when the page was made
	PollMS  int64
	Data    any
}

// render writes template name of the page set set with p. It renders into
// a buffer first: a failure is an error page, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, set string, p *page) {
	p.PollMS = s.cfg.poll.Milliseconds()
	var buf bytes.Buffer
	if err := s.pages[set].ExecuteTemplate(&buf, "layout", p); err != nil {
		s.cfg.logger.Error("agentops viewer: rendering", "page", set, "err", err)
		if set != "error" {
			s.errorPage(w, r, http.StatusInternalServerError, "internal error: the page could not be rendered")
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage answers with status and an #error element holding msg.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", &page{Title: http.StatusText(status), Data: errorData{Status: status, Message: msg}})
}

type errorData struct {
	Status    int
	Message   string
	SessionID string // the session of an unreadable document
}

func (s *Server) serveNotFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, fmt.Sprintf("no page at %s", r.URL.Path))
}

// parsePages parses each page's template with the layout.
func parsePages() map[string]*template.Template {
	funcs := template.FuncMap{
		"usd":      formatUSD,
		"cost":     formatCost,
		"int":      formatAnyInt,
		"duration": formatDuration,
		"start":    func(t time.Time) string { return formatStart(t, startLayout) },
		"iso": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format(time.RFC3339Nano)
		},
		"icon":   kindIcon,
		"pct":    func(f float64) string { return fmt.Sprintf("%.1f", f) },
		"add":    func(a, b int) int { return a + b },
		"join":   strings.Join,
		"status": statusClass,
		"kinds":  func() []string { return []string{"agent", "llm", "tool", "action", "error"} },
	}
	pages := map[string]*template.Template{}
	for _, name := range []string{"list", "session", "overview", "error"} {
		pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/details.html", "templates/"+name+".html"))
	}
	pages["details"] = template.Must(template.New("details").Funcs(funcs).ParseFS(templateFS, "templates/details.html"))
	return pages
}

// kindIcon is the glyph of a span kind.
func kindIcon(kind string) string {
	switch kind {
	case "session":
		return "◎"
	case "agent":
		return "☺"
	case "workflow":
		return "⇶"
	case "task":
		return "☐"
	case "llm":
		return "✦"
	case "tool":
		return "⚒"
	case "action":
		return "▸"
	case kindError:
		return "✕"
	default:
		return "•"
	}
}

// statusClass is the CSS class of a status badge.
func statusClass(status string) string {
	switch status {
	case "Success", "Fail", "Indeterminate", sessionindex.StatusRunning, sessionindex.StatusRecovered, sessionindex.StatusUnreadable:
		return "status-" + strings.ToLower(status)
	default:
		return "status-other"
	}
}
