package sessiondoc

import (
	"slices"
	"sync"
	"time"
)

// fakeClock is a sinkClock the test moves: Now returns its time and then
// moves it on by step (so that a write, which reads the clock before and
// after, takes step), and the wake-ups run when advance passes them, on
// the goroutine that calls advance. A wall clock (newWallClock) is the
// real time moved on by advance: writes take what they take.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	step   time.Duration
	wall   bool // now is the real time plus skew
	skew   time.Duration
	timers []*fakeTimer
}

type fakeTimer struct {
	at            time.Time
	f             func()
	fired, halted bool
}

func newFakeClock(step time.Duration) *fakeClock { return &fakeClock{now: t0, step: step} }

func newWallClock() *fakeClock { return &fakeClock{wall: true} }

// current is the clock's time. c.mu is held.
func (c *fakeClock) current() time.Time {
	if c.wall {
		return time.Now().Add(c.skew)
	}
	return c.now
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.current()
	c.now = c.now.Add(c.step)
	return t
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.current().Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if t.fired || t.halted {
			return false
		}
		t.halted = true
		return true
	}
}

// advance moves the clock on by d and runs the wake-ups due by then, the
// earliest first, including those they arm that are due too. It returns
// how many ran.
func (c *fakeClock) advance(d time.Duration) int {
	c.mu.Lock()
	c.now, c.skew = c.now.Add(d), c.skew+d
	c.mu.Unlock()
	ran := 0
	for {
		c.mu.Lock()
		var next *fakeTimer
		now := c.current()
		for _, t := range c.timers {
			if !t.fired && !t.halted && !t.at.After(now) && (next == nil || t.at.Before(next.at)) {
				next = t
			}
		}
		if next == nil {
			c.mu.Unlock()
			return ran
		}
		next.fired = true
		c.mu.Unlock()
		next.f()
		ran++
	}
}

// pending returns the times of the wake-ups neither run nor stopped.
func (c *fakeClock) pending() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []time.Time
	for _, t := range c.timers {
		if !t.fired && !t.halted {
			out = append(out, t.at)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}
