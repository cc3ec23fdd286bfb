package otelagentops

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// A journal records, outside the process, which sessions this client
// started and whose root span has not been exported yet, so that a process
// that dies without running Go code (SIGKILL, an OOM kill, a default signal
// death) leaves them behind for the next one to finish (journal_recover.go).
//
// A client's journal is two files in the journal directory:
// <base>.lock, locked (flock) by the owning process for the client's
// lifetime, so that liveness is exact; and <base>.journal, JSON lines:
//
//	{"op":"start","id":…,"root":…,"span":…,"start":…,"attrs":[…]}  at session start (the caller's one write)
//	{"op":"seen","id":…,"at":…}                                       the end time of its latest exported span
//	{"op":"done","id":…}                                              its root span was exported by every exporter
//
// The journal file is mapped into memory (shared): a record is written by
// copying it into the mapping, with no system call, and is in the file, in
// the page cache, at once. Records survive the process, however it ends,
// not the machine. The bytes after the last record are zero. Only "start"
// is written on the caller's goroutine; "seen" and "done" are written on
// the export goroutines (journalExporter). The journal is removed at
// Shutdown when every session is done; it is compacted when it fills.
type journal struct {
	dir, base string
	logger    *slog.Logger
	exporters int // exporters that must export a root before it is done

	mu        sync.Mutex
	lock      *os.File // <base>.lock, held
	file      *os.File // <base>.journal
	mem       []byte   // file, mapped
	off       int      // the end of the records in mem
	open      map[SessionID]*journalEntry
	buf       []byte
	compacted []byte // makeRoom's buffer
	failing   bool   // a write failed (logged once); the journal is off
}

// journalEntry is a session of the journal whose root is not done.
type journalEntry struct {
	idText    string
	root      trace.SpanID  // its root span
	line      [2]int        // its start line: offset and length in the mapping
	delivered int           // exporters that exported its root
	seen      time.Time     // the latest activity written (or read, in recovery)
	active    bool          // seen is later than the start
	rec       journalRecord // its start record as read back (recovery)
}

// journalRecord is one line of a journal.
type journalRecord struct {
	Op    string        `json:"op"`
	ID    string        `json:"id"`
	Root  string        `json:"root,omitempty"`  // root span ID, hex
	Span  string        `json:"span,omitempty"`  // root span name
	Start *time.Time    `json:"start,omitempty"` // root span start
	At    *time.Time    `json:"at,omitempty"`    // seen: end of the latest exported span
	Attrs []journalAttr `json:"attrs,omitempty"` // the root's attributes at start
}

// journalBytes is the size a journal is mapped at first. When it fills, it
// is compacted to the start and latest seen records of its open sessions,
// and grown when those fill more than half of it.
const journalBytes = 64 << 10

// journalSuffix and lockSuffix name a journal's two files.
const (
	journalSuffix = ".journal"
	lockSuffix    = ".lock"
)

// openJournal creates the directory and this client's journal, locked.
func openJournal(dir string, exporters int, logger *slog.Logger) (*journal, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("agentops: session journal directory: %w", err)
	}
	base := filepath.Join(dir, strconv.FormatInt(time.Now().UnixNano(), 36)+"-"+strconv.Itoa(os.Getpid()))
	file, err := os.OpenFile(base+journalSuffix, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("agentops: session journal: %w", err)
	}
	mem, err := mapFile(file, journalBytes)
	var lock *os.File
	if err == nil {
		lock, err = createLocked(dir, base+lockSuffix)
	}
	if err != nil {
		if mem != nil {
			_ = unmapFile(mem)
		}
		_ = file.Close()
		_ = os.Remove(base + journalSuffix)
		return nil, fmt.Errorf("agentops: session journal: %w", err)
	}
	return &journal{dir: dir, base: base, logger: logger, exporters: max(1, exporters),
		lock: lock, file: file, mem: mem, open: map[SessionID]*journalEntry{}}, nil
}

// createLocked creates the lock file at path already locked: it is locked
// under a temporary name and renamed, so that a recovering process never
// finds it unlocked while its owner lives (it would take the owner for
// dead). The journal it stands for exists before it.
func createLocked(dir, path string) (*os.File, error) {
	lock, err := os.CreateTemp(dir, "lock-*.tmp")
	if err != nil {
		return nil, err
	}
	ok, err := tryLock(lock)
	if err == nil && !ok {
		err = errors.New("a new lock file is locked by another process")
	}
	if err == nil {
		err = os.Rename(lock.Name(), path)
	}
	if err != nil {
		_ = lock.Close()
		_ = os.Remove(lock.Name())
		return nil, err
	}
	return lock, nil
}

// started journals a session whose root span started: its IDs, root span
// name, start time and attributes. It is the journal's one write on the
// caller's goroutine.
func (j *journal) started(id SessionID, idText string, root trace.SpanID, span string, start time.Time, attrs []attribute.KeyValue) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.failing {
		return
	}
	j.buf = appendStartRecord(j.buf[:0], idText, root, span, start, attrs)
	if j.write() {
		j.open[id] = &journalEntry{idText: idText, root: root, line: [2]int{j.off - len(j.buf), len(j.buf)}, seen: start}
	}
}

// write appends the line in j.buf; j.mu is held. A failure (the journal
// could not be compacted or grown) is logged once and turns the journal
// off: recording never fails for it.
func (j *journal) write() bool {
	var err error
	if j.off+len(j.buf) > len(j.mem) {
		err = j.makeRoom(len(j.buf))
	}
	if err == nil {
		j.off += copy(j.mem[j.off:], j.buf)
		return true
	}
	if !j.failing {
		j.failing = true
		j.logger.Warn("agentops: the session journal could not be written; sessions of this process that it "+
			"cannot end will not be recovered after a crash", "path", j.base+journalSuffix, "error", err)
	}
	return false
}

// close releases the journal at Shutdown. When every journaled session is
// done its files are removed; otherwise they stay for the next start to
// recover (their roots were never exported).
func (j *journal) close() {
	j.mu.Lock()
	defer j.mu.Unlock()
	done := len(j.open) == 0 && !j.failing
	_ = unmapFile(j.mem)
	j.mem = nil
	_ = j.file.Close()
	if done {
		_ = os.Remove(j.base + journalSuffix)
		_ = os.Remove(j.base + lockSuffix)
	}
	_ = j.lock.Close() // releases the lock
}
