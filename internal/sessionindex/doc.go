// Package sessionindex reads a folder of session documents, the files a
// sessiondoc.Sink writes (<dir>/<session-id>.json), for the agentops
// viewer: List summarises every document into a Row (the session list),
// Read reads one document (the session page).
//
// It only reads: nothing in the folder is created, changed or removed.
// Files other than <uuid>.json are ignored: the journal folder, the
// <session-id>.partial-<pid>.json files of joined processes, temporary
// files of an atomic write. A document that cannot be read or decoded (a
// half-written file, a file of another shape) is a Row with Unreadable set,
// never an error of the list.
//
// Session IDs are checked with ValidID before any file is opened, so an ID
// from a command line or a URL cannot name a file outside the folder.
//
// Its functions are safe for concurrent use.
package sessionindex
