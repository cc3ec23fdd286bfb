package otelagentops

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// recoveredReason is the end-state reason of a session whose process ended
// without ending it, as the next process to use its journal finds it.
const recoveredReason = "N/A (the process ended without ending the session: it was killed or crashed; recovered from the session journal by process %d)"

// RecoverSessions finishes the sessions of the client's journal directory
// whose process is gone (it ended without running Go code: SIGKILL, an OOM
// kill, a signal's default action): each one's root span is exported through
// the client with its original IDs, name, attributes and start time, ended
// at its last exported activity, Indeterminate, with a reason saying the
// process ended without ending it. Sessions of live processes are left
// alone (their journal is locked), and so are sessions this process joined:
// a dead joiner never ends the owner's session. It returns how many
// sessions it finished. New calls it; a supervisor may call it again. It
// does nothing without a journal (WithoutJournal, a provider of your own,
// or a platform without file locks).
func (c *Client) RecoverSessions(ctx context.Context) (int, error) {
	j := c.journal
	if j == nil {
		return 0, nil
	}
	locks, err := filepath.Glob(filepath.Join(j.dir, "*"+lockSuffix))
	if err != nil {
		return 0, err
	}
	removeStaleTemporaries(j.dir)
	var n int
	var errs []error
	for _, lock := range locks {
		base := strings.TrimSuffix(lock, lockSuffix)
		if base == j.base {
			continue
		}
		m, err := c.recoverJournal(ctx, base)
		n += m
		if err != nil {
			errs = append(errs, err)
		}
	}
	return n, errors.Join(errs...)
}

// recoverJournal finishes the open sessions of the journal at base unless
// its owner still holds its lock, then removes it.
func (c *Client) recoverJournal(ctx context.Context, base string) (int, error) {
	lock, err := os.OpenFile(base+lockSuffix, os.O_RDWR, 0)
	if err != nil {
		return 0, nil // taken by another recovery meanwhile
	}
	defer func() { _ = lock.Close() }()
	if ok, err := tryLock(lock); err != nil || !ok {
		return 0, err // its process lives
	}
	if _, err := os.Stat(base + lockSuffix); err != nil {
		return 0, nil // removed by the recovery that held the lock before us
	}
	open, err := readJournal(base + journalSuffix)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("agentops: recovering %s: %w", base+journalSuffix, err)
	}
	for _, e := range open {
		c.endRecovered(ctx, e)
	}
	_ = os.Remove(base + journalSuffix)
	_ = os.Remove(base + lockSuffix)
	return len(open), nil
}

// readJournal returns the sessions of a journal file that are not done. A
// line that does not parse (the last one, cut by the crash) is skipped.
func readJournal(path string) ([]*journalEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if end := bytes.IndexByte(data, 0); end >= 0 {
		data = data[:end] // the mapped file's unused, zero tail
	}
	byID := map[string]*journalEntry{}
	var order []string
	for line := range bytes.Lines(data) {
		var rec journalRecord
		if json.Unmarshal(line, &rec) != nil {
			continue
		}
		switch e := byID[rec.ID]; rec.Op {
		case "start":
			if e == nil && rec.Start != nil {
				byID[rec.ID] = &journalEntry{rec: rec, seen: *rec.Start}
				order = append(order, rec.ID)
			}
		case "seen":
			if e != nil && rec.At != nil && rec.At.After(e.seen) {
				e.seen = *rec.At
			}
		case "done":
			delete(byID, rec.ID)
		}
	}
	var open []*journalEntry
	for _, id := range order {
		if e := byID[id]; e != nil {
			open = append(open, e)
		}
	}
	return open, nil
}

// endRecovered exports the root span of a recovered session, through the
// client's journal first so that a crash before its export leaves it to
// the next recovery.
func (c *Client) endRecovered(ctx context.Context, e *journalEntry) {
	id, err := ParseSessionID(e.rec.ID)
	root, rootErr := trace.SpanIDFromHex(e.rec.Root)
	if err != nil || rootErr != nil || e.rec.Start == nil {
		c.cfg.logger.Warn("agentops: a session journal entry is damaged; it is dropped", "session_id", e.rec.ID)
		return
	}
	attrs := attributesOf(e.rec.Attrs)
	c.journal.started(id, e.rec.ID, root, e.rec.Span, *e.rec.Start, attrs)
	// The IDGenerator gives the root started while rootStarting is set the
	// session's trace ID and rootID: here, the journaled ones.
	s := &Session{id: id, rootID: root, client: c}
	s.rootStarting.Store(true)
	_, span := c.tracer.Start(context.WithValue(ctx, sessionKey{}, s), e.rec.Span,
		trace.WithNewRoot(), trace.WithTimestamp(*e.rec.Start), trace.WithAttributes(attrs...))
	s.rootStarting.Store(false)
	span.SetAttributes(
		semconv.AgentOpsSessionEndState(string(semconv.EndStateIndeterminate)),
		semconv.AgentOpsSessionEndStateReason(fmt.Sprintf(recoveredReason, os.Getpid())),
	)
	end := e.seen
	if end.Before(*e.rec.Start) {
		end = *e.rec.Start
	}
	span.End(trace.WithTimestamp(end))
	c.cfg.logger.Info("agentops: recovered a session its process never ended", "session_id", e.rec.ID,
		"started", e.rec.Start.Format(time.RFC3339), "last_activity", end.Format(time.RFC3339))
}

// staleAfter is the age past which a temporary file of a journal (a
// compaction or a lock being created, both done in microseconds) was left
// by a process that died in between.
const staleAfter = time.Minute

// removeStaleTemporaries removes the temporary files of dir older than
// staleAfter, so that crashes at the wrong moment never make the folder
// grow.
func removeStaleTemporaries(dir string) {
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	for _, tmp := range tmps {
		if info, err := os.Stat(tmp); err == nil && time.Since(info.ModTime()) > staleAfter {
			_ = os.Remove(tmp)
		}
	}
}
