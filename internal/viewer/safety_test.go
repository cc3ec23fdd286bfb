package viewer

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
	"github.com/agentops-go/sdk/sessiondoc"
)

const xss = `<script>alert(1)</script>`

// xssDoc is a session with markup in every string a page shows.
func xssDoc(id string) *sessiondoc.Document {
	now := time.Now().UTC()
	ts := sessiondoc.Timestamp(now)
	cost := 0.01
	return &sessiondoc.Document{Name: "name" + xss,
		Session: sessiondoc.Session{SessionID: id, InitTimestamp: ts, EndTimestamp: sessiondoc.Timestamp(now.Add(time.Second)),
			EndState: "Fail", EndStateReason: "reason" + xss, Tags: []string{"tag" + xss, `"><img src=x onerror=alert(1)>`},
			HostEnv: map[string]any{"OS": map[string]any{"Hostname": "host" + xss}}},
		Processes: []sessiondoc.Process{{ID: "proc" + xss, Service: "svc" + xss, Inherited: true}},
		Spans: []sessiondoc.Span{
			{SpanID: "root", Name: "root" + xss, Kind: "session", Start: ts, Process: "proc" + xss},
			{SpanID: "llm" + xss, ParentSpanID: "root", Name: "llm" + xss, Kind: "llm" + xss, Start: ts, EventIDs: []string{"e1"},
				Attributes: map[string]any{"attr" + xss: "value" + xss}},
			{SpanID: "tool", ParentSpanID: "root", Name: "tool" + xss, Kind: "tool", Start: ts, Error: "err" + xss, EventIDs: []string{"e2", "e3"}},
		},
		Events: []sessiondoc.Event{
			{ID: "e1", EventType: "llms", SessionID: id, Params: map[string]any{"p": xss}, LLMEvent: &sessiondoc.LLMEvent{Model: "model" + xss, CostUSD: &cost, PromptTokens: 5,
				FinishReasons: []string{"stop" + xss},
				Prompt:        []sessiondoc.Message{{Role: "user" + xss, Content: "prompt" + xss}},
				Completion:    sessiondoc.Message{Role: "assistant", Content: "completion" + xss}}},
			{ID: "e2", EventType: "tools", SessionID: id, Params: "input" + xss, Returns: json.RawMessage(`{"out": "output<script>alert(1)</script>"}`),
				ToolEvent: &sessiondoc.ToolEvent{Name: "tool" + xss}},
			{ID: "e3", EventType: "errors", SessionID: id, Logs: "stack" + xss, ErrorEvent: &sessiondoc.ErrorEvent{ErrorType: "type" + xss, Details: "details" + xss}},
		},
	}
}

func TestSessionStringsRenderAsText(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000b1"
	writeDoc(t, dir, xssDoc(id))
	v, _ := newViewer(t, dir)
	for _, path := range []string{"/", "/?q=%3Cscript%3E", "/?tag=" + xss, "/overview", "/sessions/" + id,
		"/sessions/" + id + "?span=llm" + xss, "/sessions/" + id + "/spans/llm%3Cscript%3Ealert(1)%3C%2Fscript%3E",
		"/sessions/" + id + "/spans/tool", "/sessions/" + id + "/spans/root", "/no" + xss} {
		res := get(t, v, path)
		if strings.Contains(res.Body, "<script>alert") || strings.Contains(res.Body, "<img") {
			t.Errorf("%s: markup from the session reached the page:\n%s", path, res.Body)
		}
		if res.Status != 404 && !strings.Contains(res.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s (status %d): the session's markup is not shown as text", path, res.Status)
		}
	}
	// The prompt, the completion, the tool output and the stack are there, as text.
	d := get(t, v, "/sessions/"+id+"/spans/llm%3Cscript%3Ealert(1)%3C%2Fscript%3E")
	for _, w := range []string{`<div class="message">prompt&lt;script&gt;`, `<div class="message">completion&lt;script&gt;`, "attr&lt;script&gt;"} {
		if !strings.Contains(d.Body, w) {
			t.Errorf("details lack %q:\n%s", w, d.Body)
		}
	}
	tool := get(t, v, "/sessions/"+id+"/spans/tool")
	for _, w := range []string{"output&lt;script&gt;", "details&lt;script&gt;", "stack&lt;script&gt;"} {
		if !strings.Contains(tool.Body, w) {
			t.Errorf("tool details lack %q:\n%s", w, tool.Body)
		}
	}
}

func TestSessionIDsAreChecked(t *testing.T) {
	f := sessionindextest.Write(t)
	outside := filepath.Join(filepath.Dir(f.Dir), "secret.json")
	if err := os.WriteFile(outside, []byte(`{"session": {"session_id": "secret"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(outside)
	v, _ := newViewer(t, f.Dir)
	bad := []string{"..%2Fsecret", "..%2f..%2fsecret", "%2E%2E%2Fsecret", strings.ToUpper(f.SuccessID), f.SuccessID + ".json",
		"%7B" + f.SuccessID + "%7D", "secret", f.SuccessID[:35], f.SuccessID + "%00", "%252e%252e%252fsecret"}
	for _, id := range bad {
		for _, path := range []string{"/sessions/" + id, "/api/sessions/" + id, "/api/sessions/" + id + "/version", "/sessions/" + id + "/spans/x"} {
			res := get(t, v, path)
			if res.Status != http.StatusBadRequest || strings.Contains(res.Body, "secret\"") {
				t.Errorf("%s: status %d, want 400:\n%s", path, res.Status, res.Body)
			}
			if !strings.HasPrefix(path, "/api/") && !strings.Contains(res.Body, `id="error"`) {
				t.Errorf("%s: no #error", path)
			}
		}
	}
	// Unencoded dots are cleaned by the router (a redirect), never served.
	if res := get(t, v, "/sessions/../../secret"); res.Status == 200 {
		t.Errorf("/sessions/../../secret: status 200")
	}
	unknown := "0195f3a2-7c1e-7d4b-9a3f-0000000000aa"
	for _, path := range []string{"/sessions/" + unknown, "/api/sessions/" + unknown} {
		if res := get(t, v, path); res.Status != http.StatusNotFound || !strings.Contains(res.Body, "no session") {
			t.Errorf("%s: status %d, want 404", path, res.Status)
		}
	}
}

func TestUnreadableDocumentsAreShownAsSuch(t *testing.T) {
	f := sessionindextest.Write(t)
	other := "0195f3a2-7c1e-7d4b-9a3f-0000000000b2"
	half := "0195f3a2-7c1e-7d4b-9a3f-0000000000b3"
	data, _ := json.Marshal(spanDoc(half, 50))
	files := map[string]string{other: `{"session": {"session_id": "` + f.SuccessID + `", "init_timestamp": "2026-01-02T03:04:05Z"}}`,
		half: string(data[:len(data)/2])}
	for id, content := range files {
		if err := os.WriteFile(filepath.Join(f.Dir, id+".json"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	v, _ := newViewer(t, f.Dir)
	for id, want := range map[string]string{sessionindextest.MalformedID: "unreadable: truncated JSON", other: "unreadable: not the document of session",
		half: "unreadable: truncated JSON"} {
		res := get(t, v, "/sessions/"+id)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `<p id="error" class="error-message">`+want) {
			t.Errorf("%s: status %d, want 422 and %q:\n%s", id, res.Status, want, res.Body)
		}
		if api := get(t, v, "/api/sessions/"+id); api.Status != http.StatusUnprocessableEntity || !strings.Contains(api.Body, `"error":"`+want) {
			t.Errorf("api %s: %d %s", id, api.Status, api.Body)
		}
	}
	if res := get(t, v, "/"); !strings.Contains(rowOf(res.Body, half), "truncated JSON") {
		t.Errorf("the list does not show the half-written file as unreadable")
	}
}

func TestTheViewerOnlyReads(t *testing.T) {
	f := sessionindextest.Write(t)
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000b4"
	writeDoc(t, f.Dir, spanDoc(id, 30))
	before := dirState(t, f.Dir)
	v, _ := newViewer(t, f.Dir)
	paths := []string{"/", "/?sort=cost", "/overview", "/api/sessions", "/api/overview", "/api/version", "/static/viewer.css", "/static/viewer.js"}
	for _, s := range []string{f.SuccessID, f.FailID, sessionindextest.RunningID, sessionindextest.RecoveredID, sessionindextest.MalformedID, id} {
		paths = append(paths, "/sessions/"+s, "/sessions/"+s+"?span=root", "/sessions/"+s+"/spans/root", "/api/sessions/"+s, "/api/sessions/"+s+"/version")
	}
	for _, p := range paths {
		res := get(t, v, p)
		if res.Status >= 500 || res.Body == "" {
			t.Errorf("%s: status %d, %d bytes", p, res.Status, len(res.Body))
		}
	}
	if after := dirState(t, f.Dir); after != before {
		t.Errorf("the folder changed:\n%s\nthen\n%s", before, after)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	for _, p := range []string{"/", "/overview", "/sessions/" + f.SuccessID, "/sessions/" + sessionindextest.MalformedID, "/sessions/NOPE",
		"/api/sessions", "/api/sessions/" + f.SuccessID, "/static/viewer.js", "/static/viewer.css", "/missing"} {
		res := get(t, v, p)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", p)
		}
		if strings.Contains(res.Body, "<script>") || strings.Contains(res.Body, " onclick=") || strings.Contains(res.Body, " style=") {
			t.Errorf("%s: an inline script or style", p)
		}
	}
	if ct := get(t, v, "/static/viewer.js").Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("viewer.js served as %q", ct)
	}
}

func TestOnlyLoopbackHostsAreAnswered(t *testing.T) {
	f := sessionindextest.Write(t)
	ix := newIndex(t, f.Dir)
	for _, tt := range []struct {
		host    string
		anyHost bool
		want    int
	}{
		{"127.0.0.1:7777", false, 200}, {"localhost:7777", false, 200}, {"[::1]:7777", false, 200}, {"LOCALHOST", false, 200},
		{"evil.example:7777", false, 403}, {"10.0.0.1:7777", false, 403}, {"", false, 403},
		{"evil.example:7777", true, 200},
	} {
		var opts []Option
		if tt.anyHost {
			opts = append(opts, WithAnyHost())
		}
		req, _ := http.NewRequest(http.MethodGet, "/api/sessions", nil)
		req.Host = tt.host
		rec := newRecorder()
		New(ix, opts...).ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("Host %q (any host %v): status %d, want %d", tt.host, tt.anyHost, rec.Code, tt.want)
		}
	}
}

func TestAssetsAreEmbeddedAndLoadNothingElse(t *testing.T) {
	v, _ := newViewer(t, t.TempDir())
	page := get(t, v, "/")
	for _, asset := range []string{"/static/viewer.css", "/static/viewer.js", "/static/favicon.svg"} {
		if !strings.Contains(page.Body, `"`+asset+`"`) {
			t.Errorf("the page does not use %s", asset)
		}
		res := get(t, v, asset)
		if res.Status != 200 || len(res.Body) < 100 {
			t.Errorf("%s: status %d, %d bytes", asset, res.Status, len(res.Body))
		}
		// No other origin: no CDN, no web font, no import (the SVG's own
		// namespace is not a load).
		body := strings.ReplaceAll(res.Body, `xmlns="http://www.w3.org/2000/svg"`, "")
		for _, bad := range []string{"http://", "https://", "@import", "url(", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q", asset, bad)
			}
		}
	}
	if strings.Contains(page.Body, "https://") || strings.Contains(page.Body, "http://") {
		t.Errorf("the page names another origin")
	}
}

func TestAFailingHandlerIsAnErrorPageNotABlankOne(t *testing.T) {
	v, _ := newViewer(t, t.TempDir())
	v.mux = http.NewServeMux()
	v.mux.HandleFunc("/", func(http.ResponseWriter, *http.Request) { panic("boom") })
	v.cfg.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	res := get(t, v, "/")
	if res.Status != http.StatusInternalServerError || !strings.Contains(res.Body, `id="error"`) || res.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("status %d, body %q", res.Status, res.Body)
	}
}
