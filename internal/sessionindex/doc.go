// Package sessionindex reads a folder of session documents, the files a
// sessiondoc.Sink writes (<dir>/<session-id>.json), for the agentops
// viewer: List summarises every document into a Row (the session list),
// Index keeps those rows for a long-running reader, Read reads one
// document (the session page).
//
// It only reads: nothing in the folder is created, changed or removed.
// Files other than <uuid>.json are ignored: the journal folder, the
// <session-id>.partial-<pid>.json files of joined processes, temporary
// files of an atomic write, symbolic links. A document that cannot be read
// or decoded (a half-written file, a file of another shape, a file it may
// not open) is a Row with Status StatusUnreadable, never an error of the
// list.
//
// # The index
//
// An Index answers Query (filter, sort, page) from memory. Its Refresh is
// incremental: it lists the folder (one directory read and an lstat per
// file) and reads only the files that are new or changed, by their size,
// modification time, inode and ctime (a Sink replaces a document by a
// rename, a new inode), with files modified within 2 seconds of the
// listing read again at the next Refresh, whatever their stamp (see
// fileStamp). A Refresh that finds nothing new costs that listing and
// leaves Version as it is. Files are read by a few goroutines, newest
// modified first, and published as they are read: the first Refresh of a
// folder of 10,000 documents answers the default first page (newest
// started) once the newest few dozen files are read, with Page.Complete
// false and Page.Pending counting the files left, long before every file
// is read. Run refreshes on a ticker.
//
// A Row is decoded leanly: the prompts, completions, tool input and
// output, logs, spans and host data of a document are stripped (still
// checked as JSON) before encoding/json decodes the rest, and Summarize
// makes the Row of it: the same Row as for the full document. A session
// another process joined is stripped again keeping of its spans what its
// figures need (sessiondoc.Document.Totals: each process's own).
//
// Session IDs are checked with ValidID before any file is opened, so an ID
// from a command line or a URL cannot name a file outside the folder.
//
// Its functions and the methods of Index are safe for concurrent use.
package sessionindex
