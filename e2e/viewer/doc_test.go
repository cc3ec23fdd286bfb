// Package viewer_test drives `agentops view` in a real, headless Chromium
// (Debian's chromium package, through chromedp): real programs record
// sessions into a temporary folder (the quickstart, a session joined by a
// second process, a session whose strings are HTML, a session still
// running), `agentops view` serves that folder as a child process on
// loopback, and the browser reads the pages as a user would, checking the
// figures against the JSON documents.
//
// Chromium is looked up as chromium (or AGENTOPS_E2E_CHROMIUM). Without it
// the tests skip, or fail when AGENTOPS_E2E_REQUIRED=1 (.ci/test sets it and
// installs chromium). Screenshots are saved as test artifacts: in
// AGENTOPS_E2E_ARTIFACTS when set, else under -outputdir with
// go test -artifacts, else in a folder under the system's temporary folder
// that the test logs.
package viewer_test
