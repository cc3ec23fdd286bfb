package viewer

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
	"github.com/agentops-go/sdk/sessiondoc"
)

// barRE matches a bar of the waterfall: its classes, span ID, kind and depth.
var barRE = regexp.MustCompile(`<div class="bar ([^"]*)" data-span-id="([^"]*)" data-kind="([^"]*)" data-depth="(\d+)"`)

type barInfo struct {
	Class, ID, Kind string
	Depth           int
}

func bars(body string) []barInfo {
	var out []barInfo
	for _, m := range barRE.FindAllStringSubmatch(body, -1) {
		d, _ := strconv.Atoi(m[4])
		out = append(out, barInfo{m[1], m[2], m[3], d})
	}
	return out
}

// spanCount returns the waterfall's data-span-count.
func spanCount(body string) int {
	m := regexp.MustCompile(`id="waterfall"[^>]*data-span-count="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// stat returns the text of the [data-stat=name] element.
func stat(body, name string) string {
	m := regexp.MustCompile(`data-stat="` + name + `">([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		return "<none>"
	}
	return html.UnescapeString(m[1])
}

func TestSessionPageOfAnSDKSession(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	res := get(t, v, "/sessions/"+f.SuccessID)
	if res.Status != 200 {
		t.Fatalf("status %d:\n%s", res.Status, res.Body)
	}
	for name, want := range map[string]string{"cost": "$0.0125 +1 unpriced", "llm_calls": "2", "tool_calls": "1", "errors": "0",
		"input_tokens": "130", "output_tokens": "50"} {
		if got := stat(res.Body, name); got != want {
			t.Errorf("stat %s = %q, want %q", name, got, want)
		}
	}
	bs := bars(res.Body)
	kinds := map[string]int{}
	for _, b := range bs {
		kinds[b.Kind]++
	}
	if spanCount(res.Body) != len(bs) || kinds["llm"] != 2 || kinds["tool"] != 1 || kinds["action"] != 1 || bs[0].Kind != "session" || bs[0].Depth != 0 {
		t.Fatalf("span count %d, bars %+v", spanCount(res.Body), bs)
	}
	for _, b := range bs[1:] {
		if b.Depth < 1 {
			t.Errorf("bar %+v not under the session", b)
		}
	}
	if strings.Contains(res.Body, `class="bar `+"error") || strings.Contains(res.Body, `live-url`) {
		t.Error("a successful ended session shows an error bar or polls")
	}

	// The details of the priced LLM call, on the page and alone.
	var llm string
	for _, b := range bs {
		if b.Kind == "llm" && llm == "" {
			llm = b.ID
		}
	}
	for _, path := range []string{"/sessions/" + f.SuccessID + "?span=" + llm, "/sessions/" + f.SuccessID + "/spans/" + llm} {
		res := get(t, v, path)
		body := html.UnescapeString(res.Body)
		for _, w := range []string{`<div class="prompt"><div class="msg role-user"><span class="role">user</span><div class="message">hi</div>`,
			`<div class="completion"><div class="msg role-assistant"><span class="role">assistant</span><div class="message">hello</div>`,
			"gpt-4.1", "120 in / 45 out", `data-field="cost">$0.0125<`} {
			if !strings.Contains(body, w) {
				t.Errorf("%s: details lack %q:\n%s", path, w, body)
			}
		}
	}
	if res := get(t, v, "/sessions/"+f.SuccessID+"/spans/nope"); res.Status != 404 || !strings.Contains(res.Body, `id="error"`) {
		t.Errorf("unknown span: status %d", res.Status)
	}
}

// TestSessionPageOfAJoinedSession: the header of a session a second
// process joined counts both processes' calls, each once, as its list row
// does; both processes are listed, the worker inherited.
func TestSessionPageOfAJoinedSession(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	res := get(t, v, "/sessions/"+f.JoinedID)
	if res.Status != 200 {
		t.Fatalf("status %d:\n%s", res.Status, res.Body)
	}
	for name, want := range map[string]string{"cost": "$0.2625 +1 unpriced", "llm_calls": "3", "tool_calls": "2", "errors": "1",
		"input_tokens": "127", "output_tokens": "17"} {
		if got := stat(res.Body, name); got != want {
			t.Errorf("stat %s = %q, want %q (both processes)", name, got, want)
		}
	}
	worker := `data-process-id="` + strconv.Itoa(sessionindextest.JoinedPID) + `"`
	if count(res.Body, "data-process-id=") != 2 || !strings.Contains(res.Body[strings.Index(res.Body, worker)+1:], "inherited") {
		t.Errorf("processes: want the owner and the inherited worker:\n%s", res.Body)
	}
}

func TestSessionPageMarksErrors(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	res := get(t, v, "/sessions/"+f.FailID)
	var failed []barInfo
	for _, b := range bars(res.Body) {
		if strings.Contains(b.Class, "error") {
			failed = append(failed, b)
		}
	}
	// The failed tool and the error recorded on its own.
	if len(failed) != 3 || stat(res.Body, "errors") == "0" {
		t.Fatalf("failed bars %+v (want the session, the tool, the recorded error), errors %s", failed, stat(res.Body, "errors"))
	}
	want := map[string]string{"tool": "no seats", "error": "plan abandoned"}
	for _, b := range failed {
		if b.Kind == "session" {
			continue
		}
		d := get(t, v, "/sessions/"+f.FailID+"/spans/"+b.ID)
		if !strings.Contains(d.Body, `class="block error-block"`) || !strings.Contains(d.Body, want[b.Kind]) {
			t.Errorf("details of the failed %s lack the error %q:\n%s", b.Kind, want[b.Kind], d.Body)
		}
	}
}

func TestSessionPageOfSpans(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000a1"
	doc := spanDoc(id, 1200)
	writeDoc(t, dir, doc)
	v, _ := newViewer(t, dir)
	res := get(t, v, "/sessions/"+id)
	bs := bars(res.Body)
	if spanCount(res.Body) != 1200 || len(bs) != barsPerPage {
		t.Fatalf("span count %d, bars %d: want 1200 and a page of %d", spanCount(res.Body), len(bs), barsPerPage)
	}
	if bs[0].ID != "root" || bs[1].Kind != "agent" || bs[1].Depth != 1 || bs[2].Kind != "task" || bs[2].Depth != 2 || bs[3].Depth != 3 || bs[4].Kind != "llm" {
		t.Errorf("tree order and depths: %+v", bs[:6])
	}
	if !strings.Contains(res.Body, `href="/sessions/`+id+`?from=500" rel="next"`) || !strings.Contains(res.Body, "spans 1–500 of 1200") {
		t.Errorf("no next page of spans")
	}
	seen := map[string]bool{}
	for from := 0; from < 1200; from += barsPerPage {
		for _, b := range bars(get(t, v, "/sessions/"+id+"?from="+strconv.Itoa(from)).Body) {
			if seen[b.ID] {
				t.Fatalf("span %s on two pages", b.ID)
			}
			seen[b.ID] = true
		}
	}
	if len(seen) != 1200 {
		t.Errorf("the pages show %d spans, want 1200", len(seen))
	}
	// A span's details: its attributes, its process (inherited), and the
	// page that holds it.
	agent := get(t, v, "/sessions/"+id+"?span=0000000000000065") // span 101, an agent on the first page
	if !strings.Contains(agent.Body, "agentops.agent.name") || !strings.Contains(agent.Body, "agent-101") {
		t.Errorf("agent details lack its attributes")
	}
	task := get(t, v, "/sessions/"+id+"/spans/0000000000000002")
	if !strings.Contains(task.Body, "host/2") || !strings.Contains(task.Body, "inherited") {
		t.Errorf("task details lack its inherited process:\n%s", task.Body)
	}
	late := get(t, v, "/sessions/"+id+"?span=00000000000004a0") // span 1184 is on the third page
	if !strings.Contains(late.Body, `data-from="1001"`) || !strings.Contains(late.Body, "selected") {
		t.Errorf("a selected span's page is not shown")
	}
	if !strings.Contains(res.Body, `id="processes"`) || !strings.Contains(res.Body, `data-process-id="host/2"`) {
		t.Errorf("no process list")
	}
	if res := get(t, v, "/sessions/"+id+"?from=x"); res.Status != 400 {
		t.Errorf("from=x: status %d", res.Status)
	}
}

func TestFailedSpanAndCycleInSpans(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000a2"
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := sessiondoc.Timestamp(start)
	doc := &sessiondoc.Document{Session: sessiondoc.Session{SessionID: id, InitTimestamp: ts}, Partial: true,
		Spans: []sessiondoc.Span{
			{SpanID: "a", ParentSpanID: "b", Name: "a", Kind: "task", Start: ts},
			{SpanID: "b", ParentSpanID: "a", Name: "b", Kind: "task", Start: ts},
			{SpanID: "c", ParentSpanID: "gone", Name: "orphan", Kind: "tool", Start: ts, Error: "boom"},
			{SpanID: "d", Name: "recorded error", Kind: sessiondoc.SpanKindOther, Start: ts, Error: "lost"},
		}}
	writeDoc(t, dir, doc)
	v, _ := newViewer(t, dir)
	res := get(t, v, "/sessions/"+id)
	bs := bars(res.Body)
	if res.Status != 200 || len(bs) != 4 || spanCount(res.Body) != 4 {
		t.Fatalf("status %d bars %+v", res.Status, bs)
	}
	// A failed span of no kind of its own shows the legend's error icon.
	row := res.Body[strings.Index(res.Body, `data-span-id="d"`):]
	row = row[:strings.Index(row, "</a>")]
	if !strings.Contains(row, `<i class="icon">`+kindIcon(kindError)+`</i>`) {
		t.Errorf("the failed span of kind other has no error icon: %s", row)
	}
	for _, b := range bs {
		if b.ID == "c" && !strings.Contains(b.Class, "error") {
			t.Errorf("the failed span is not marked: %+v", b)
		}
	}
	if !strings.Contains(res.Body, "running") || !strings.Contains(res.Body, "data-live-url") {
		t.Error("a running session is not marked live")
	}
}

func TestRunningSessionPageUpdates(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	res := get(t, v, "/sessions/"+sessionindextest.RunningID)
	url := "/api/sessions/" + sessionindextest.RunningID + "/version"
	if !strings.Contains(res.Body, `data-live-url="`+url+`"`) {
		t.Fatalf("the running page does not poll its version:\n%s", res.Body)
	}
	before := get(t, v, url)
	if before.Status != 200 || !strings.Contains(before.Body, `"status":"running"`) {
		t.Fatalf("version: %d %s", before.Status, before.Body)
	}
	// A batch lands: the document gains an event.
	doc := spanDoc(sessionindextest.RunningID, 10)
	doc.Session.EndTimestamp, doc.Session.EndState, doc.Partial, doc.Stats = sessiondoc.Timestamp{}, "", true, nil
	writeDoc(t, f.Dir, doc)
	after := get(t, v, url)
	if after.Body == before.Body {
		t.Errorf("the version did not change: %s", after.Body)
	}
	if res := get(t, v, "/sessions/"+sessionindextest.RunningID); spanCount(res.Body) != 10 {
		t.Errorf("the page shows %d spans after the change, want 10", spanCount(res.Body))
	}
}
