package vidimock

import (
	"sync"
	"time"
)

// Clock is the server's notion of time. Job life cycles and token expiry are computed from it,
// so tests drive them with a manual clock instead of sleeping.
type Clock struct {
	mu     sync.Mutex
	manual bool
	now    time.Time     // manual clocks: the current instant
	offset time.Duration // real clocks: time added by Advance
}

// NewManualClock returns a clock that stands still at t until Advance moves it.
func NewManualClock(t time.Time) *Clock {
	return &Clock{manual: true, now: t}
}

// newRealClock follows the wall clock; Advance still moves it forward (handy for manual checks).
func newRealClock() *Clock { return &Clock{} }

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.manual {
		return c.now
	}
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.manual {
		c.now = c.now.Add(d)
	} else {
		c.offset += d
	}
}

// timeLayout is how VidiCore writes timestamps in JSON: milliseconds and a numeric offset.
const timeLayout = "2006-01-02T15:04:05.000-0700"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime accepts the ISO-8601 forms clients send in time-window filters.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{timeLayout, time.RFC3339Nano, "2006-01-02T15:04:05-0700",
		"2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
