// Package viewer is the web viewer of a session folder (agentops view): a
// local dashboard over the session documents a sessiondoc.Sink writes,
// served by New as an http.Handler. It uses the standard library only and
// loads nothing from the network: its script and stylesheet are embedded
// files served under /static/.
//
// # Pages
//
//	GET /                       the session list: sort (?sort=<column>&asc=1),
//	                            filter (?tag=, ?status=, ?q=), pages (?offset=, ?limit=)
//	GET /sessions/{id}          a session: stats, waterfall of its spans
//	                            (500 per page: ?from=), details of ?span=<span-id>,
//	                            processes, host environment
//	GET /sessions/{id}/spans/{span-id}   the details pane of one span alone
//	GET /overview               totals, cost and tokens per session over time, per model
//
// The sort columns are the sessionindex.Sort* values. A page of a running
// session, the list and the overview poll their version (below) and put
// the changed parts of the page in place, without a reload.
//
// # JSON API
//
//	GET /api/sessions                the list, with the list's query parameters:
//	                                 {"rows": [sessionindex.Row...], "matched": n,
//	                                 "total": n, "complete": bool, "version": n}
//	GET /api/sessions/{id}           the session document, byte for byte as stored
//	                                 (ETag: its file's version)
//	GET /api/sessions/{id}/version   {"version": "<mtime>-<size>", "status": "..."}
//	GET /api/version                 the list's version: {"version": "n"}
//	GET /api/overview                {"totals": {...}, "sessions": [...latest 60, oldest
//	                                 first], "models": [sessionindex.ModelUsage...],
//	                                 "complete": bool, "version": n}
//
// Errors are {"error": "..."}: 400 for a bad parameter or a session ID that
// is not a lowercase UUID (sessionindex.ValidID), 404 for an unknown
// session, 422 for a file that is not a readable session document. Pages
// answer the same statuses with an #error element saying why.
//
// # Safety
//
// Every string from a session is escaped by html/template; the script
// never builds HTML from data. Session IDs are checked before any file is
// opened. Nothing in the folder is written. Every response carries a
// Content-Security-Policy allowing only the viewer's own script and
// stylesheet (no inline script, no other origin) and X-Content-Type-Options
// nosniff. Requests whose Host is not localhost or a loopback address are
// refused unless WithAnyHost, so that a web page resolving its own name to
// 127.0.0.1 (DNS rebinding) cannot read the sessions.
//
// # Freshness
//
// The list is the Index's: the caller keeps it fresh with Index.Run. A
// document is read from its file and decoded again only when its
// modification time or size changed (the last few documents are kept).
package viewer
