package viewer_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// noScriptRanJS is true when no hostile string became markup or ran:
// window.__xss is unset, no <img src=x> exists and no script element holds
// the payload. (The viewer's Content-Security-Policy would block an inline
// script even if one were injected, so the DOM is checked too.)
const noScriptRanJS = `window.__xss === undefined && document.querySelectorAll('img[src="x"]').length === 0 &&
	Array.from(document.querySelectorAll('script')).every(s => !s.textContent.includes('__xss'))`

// checkNoScript fails t if the page open in the browser ran or built the
// hostile markup.
func (v *viewerEnv) checkNoScript(t *testing.T, where string) {
	t.Helper()
	if !eval[bool](t, v.b, noScriptRanJS) {
		t.Errorf("%s: a hostile string became markup or ran script (window.__xss=%v)", where,
			eval[any](t, v.b, `window.__xss === undefined ? null : window.__xss`))
	}
}

// testXSS: the hostile session's name, tag, prompt and tool output show as
// literal text on the list and the session page, and no script runs there,
// whichever bar is clicked.
func (v *viewerEnv) testXSS(t *testing.T) {
	v.b.open(t, v.base, "table#sessions")
	v.checkNoScript(t, "list")
	cells := eval[map[string]string](t, v.b, `Object.fromEntries(Array.from(document.querySelectorAll(
		'tr[data-session-id="`+v.sc.hostile+`"] td[data-col]')).map(td => [td.dataset.col, td.textContent]))`)
	if !strings.Contains(cells["name"], xssScript) {
		t.Errorf("name cell %q, want the literal %q", cells["name"], xssScript)
	}
	if !strings.Contains(cells["tags"], xssImg) {
		t.Errorf("tags cell %q, want the literal %q", cells["tags"], xssImg)
	}

	doc := v.document(t, v.sc.hostile)
	p := v.openSession(t, v.sc.hostile)
	v.checkNoScript(t, "session page")
	if !strings.Contains(p.Text, xssScript) {
		t.Errorf("the session page does not show the name %q as text", xssScript)
	}
	llm := llmEvent(t, doc, xssScript)
	for _, id := range p.Bars {
		v.b.run(t, "clicking bar "+id, chromedp.Click(chromedp.CSS(barSelector(id))))
		v.checkNoScript(t, "after a click on bar "+id)
	}
	v.clickBar(t, barOf(doc, llm), ".prompt .message")
	if got := v.messages(t, ".prompt .message"); len(got) != 1 || !strings.Contains(got[0], xssScript) || !strings.Contains(got[0], xssImg) {
		t.Errorf("prompt %q, want the literal %q and %q", got, xssScript, xssImg)
	}
	for _, e := range doc.Events {
		if e.ToolEvent != nil {
			v.clickBar(t, barOf(doc, e), "*")
			if !v.b.waitFor(t, `document.querySelector('#details').textContent.includes(`+jsQuote(xssScript+xssImg)+`)`) {
				t.Errorf("the tool's details do not show its output %q as text", xssScript+xssImg)
			}
		}
	}
	v.checkNoScript(t, "session page after every click")
}

// testTraversal: session IDs that name a file outside the folder, or are
// not the canonical lower-case UUID, get the error page, with nothing of a
// file; the server refuses them too when a client sends them unnormalised.
func (v *viewerEnv) testTraversal(t *testing.T) {
	paths := []string{
		"sessions/..%2f..%2fetc%2fpasswd",
		"sessions/..%2F..%2F..%2Fetc%2Fpasswd",
		"sessions/../../etc/passwd", // the browser resolves the dots itself
		"sessions/" + strings.ToUpper(v.sc.quickstart),
		"sessions/" + v.sc.quickstart + ".json",
	}
	for _, p := range paths {
		v.b.open(t, v.base+p, "body")
		if !v.b.waitFor(t, `document.querySelector('#error') !== null`) {
			t.Errorf("%s: no #error page", p)
		}
		if text := eval[string](t, v.b, `document.body.innerText`); strings.Contains(text, "root:") {
			t.Errorf("%s: the page shows a file's content:\n%s", p, text)
		}
	}
	for _, p := range append(paths, "api/sessions/..%2f..%2fetc%2fpasswd", "api/sessions/"+strings.ToUpper(v.sc.quickstart)) {
		code, body := rawGet(t, v.base+p)
		if code < 400 || strings.Contains(body, "root:") {
			t.Errorf("GET /%s: %d, want an error status without a file's content:\n%.300s", p, code, body)
		}
	}
}

// rawGet sends GET url as it is (Go's client does not resolve dot
// segments) and returns the status and body.
func rawGet(t *testing.T, url string) (int, string) {
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
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(body)
}

// jsQuote returns s as a JavaScript string literal.
func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
