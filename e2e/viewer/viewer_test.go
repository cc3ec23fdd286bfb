package viewer_test

import "testing"

// TestViewerInBrowser records sessions with real programs, serves them with
// `agentops view` (a child process on loopback) and reads every page in
// headless Chromium: one browser for all subtests, which run in order
// (the live subtest, which adds a call to the running session, comes after
// the others that count its calls; the screenshots come last).
func TestViewerInBrowser(t *testing.T) {
	b := startBrowser(t) // first: skips or fails at once without Chromium
	sc := newScenario(t)
	v := &viewerEnv{b: b, sc: sc, base: startView(t, buildAgentops(t), sc.dir)}
	t.Run("ListRowsAndFigures", v.testList)
	t.Run("SortByCost", v.testSort)
	t.Run("FilterByTagAndStatus", v.testFilter)
	t.Run("WaterfallOneBarPerSpan", v.testWaterfall)
	t.Run("LLMCallPrompt", v.testPrompt)
	t.Run("JoinedSessionBothProcesses", v.testJoined)
	t.Run("HostileStringsStayText", v.testXSS)
	t.Run("TraversalRefused", v.testTraversal)
	t.Run("OverviewTotals", v.testOverview)
	t.Run("LiveSessionUpdates", v.testLive)
	t.Run("Screenshots", v.testScreenshots)
}

// viewerEnv is what the subtests share.
type viewerEnv struct {
	b    *browser
	sc   *scenario
	base string // the viewer's URL, ending in /
}

// listRow is a row of the session list as the browser shows it.
type listRow struct {
	ID        string            `json:"id"`
	Cells     map[string]string `json:"cells"`
	Running   bool              `json:"running"`
	Recovered bool              `json:"recovered"`
}

// readRowsJS reads table#sessions: each row's session ID, the text of its
// cells by data-col, and whether it carries the running or recovered badge.
const readRowsJS = `Array.from(document.querySelectorAll('table#sessions tr[data-session-id]')).map(tr => ({
	id: tr.dataset.sessionId,
	cells: Object.fromEntries(Array.from(tr.querySelectorAll('td[data-col]')).map(td => [td.dataset.col, td.textContent.trim()])),
	running: tr.querySelector('.status-running') !== null,
	recovered: tr.querySelector('.status-recovered') !== null,
}))`

// listRows reads the rows of the list page open in the browser.
func (v *viewerEnv) listRows(t *testing.T) []listRow {
	t.Helper()
	return eval[[]listRow](t, v.b, readRowsJS)
}

// rowIDs returns the session IDs of rows, in order.
func rowIDs(rows []listRow) []string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}
