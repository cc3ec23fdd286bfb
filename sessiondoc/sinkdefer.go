package sessiondoc

import (
	"context"
	"time"
)

// This file holds when a Sink rewrites a running document (see Sink): at
// once while it is small, no more often than its cost justifies once it is
// large, and always by the time it is due, ForceFlush and Shutdown.

const (
	// promptBytes is the size up to which a running document is rewritten
	// at every export that changes it: typical sessions (a few KB) are
	// always on disk as soon as each export returns.
	promptBytes = 256 << 10
	// rewriteRate bounds how many bytes a larger running document costs
	// per second of its life on average: one rewrite per second per MiB it
	// holds. Writing takes little of the time (about 400 MB/s measured,
	// 80 MB/s under -race), but every rewrite replaces the whole file,
	// which the file system writes back and every reader (the viewer,
	// jq) decodes whole again: rewriting at every export makes a long
	// session's I/O grow with the square of its length.
	rewriteRate = 1 << 20
	// rewriteShare bounds the time spent rewriting a larger running
	// document to 1/rewriteShare of the time: on a slow disk or a loaded
	// machine, it is rewritten less often than rewriteRate allows.
	rewriteShare = 10
)

// nextRewrite returns when a running document written from start, taking
// took, size bytes long, may be rewritten: at the next export that changes
// it (the zero time) if it is at most prompt bytes; else not before
// max(size / rewriteRate, rewriteShare × took) after start.
func nextRewrite(start time.Time, took time.Duration, size, prompt int) time.Time {
	if size <= prompt {
		return time.Time{}
	}
	wait := time.Duration(size) * time.Second / rewriteRate
	return start.Add(max(wait, rewriteShare*took))
}

// sinkClock is the time a Sink reads and its wake-ups; tests replace it.
type sinkClock interface {
	Now() time.Time
	// AfterFunc calls f on a goroutine of its own after d; stop cancels
	// that and reports whether it did (false: f has run or will).
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// wallClock is the real time.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) AfterFunc(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }

// due returns the sessions to write now (those with changes, complete or
// running and due at now) and when the earliest of the others falls due
// (the zero time if none waits). s.mu is held.
func (s *Sink) due(now time.Time) (writes []*sinkSession, next time.Time) {
	for _, ss := range s.sessions.All() {
		switch {
		case !ss.dirty:
		case ss.rooted || !now.Before(ss.next):
			writes = append(writes, ss)
		case next.IsZero() || ss.next.Before(next):
			next = ss.next
		}
	}
	return writes, next
}

// arm makes sure the sink wakes up by at (not if at is zero) to write what
// falls due then, keeping a wake-up armed for earlier. s.mu is held.
func (s *Sink) arm(now, at time.Time) {
	if at.IsZero() || (s.wake != nil && !s.wakeAt.After(at)) {
		return
	}
	s.disarm()
	s.wakeGen++
	gen := s.wakeGen
	s.wakes.Add(1)
	s.wake, s.wakeAt = s.clock.AfterFunc(at.Sub(now), func() {
		defer s.wakes.Done()
		s.wakeUp(gen)
	}), at
}

// disarm cancels the armed wake-up, if any. s.mu is held.
func (s *Sink) disarm() {
	if s.wake != nil && s.wake() {
		s.wakes.Done() // it will never run
	}
	s.wake = nil
}

// wakeUp writes the running documents that are due, without waiting for
// more spans, and arms the next wake-up. A write that fails is logged and
// tried again at the next export, ForceFlush or Shutdown.
func (s *Sink) wakeUp(gen uint64) {
	s.mu.Lock()
	if s.wakeGen == gen {
		s.wake = nil
	}
	if s.stopped {
		s.mu.Unlock()
		return
	}
	now := s.clock.Now()
	writes, next := s.due(now)
	logs, err := s.write(writes)
	s.arm(now, next)
	s.mu.Unlock()
	logs.emit(s.logger)
	if err != nil {
		s.logger.Warn("agentops: a session file could not be written; it is tried again at the next export", "error", err)
	}
}

// ForceFlush writes every document with changes not on disk yet, those
// deferred included, before it returns, and returns the write errors. It
// returns ctx's error, writing nothing, if ctx has ended. The batch
// processors of otelagentops call it at Client.ForceFlush.
func (s *Sink) ForceFlush(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil
	}
	logs, err := s.write(s.changed())
	s.mu.Unlock()
	logs.emit(s.logger)
	return err
}

// changed returns the sessions with changes their file does not have.
// s.mu is held.
func (s *Sink) changed() []*sinkSession {
	var out []*sinkSession
	for _, ss := range s.sessions.All() {
		if ss.dirty {
			out = append(out, ss)
		}
	}
	return out
}
