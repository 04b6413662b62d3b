package auth

import (
	"sync"
	"time"
)

// Limiter counts failed logins per key (a client address, an account's
// email) and refuses further attempts once a key has had Max failures within
// Window. It is safe for concurrent use.
type Limiter struct {
	Max    int
	Window time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
	now   func() time.Time
}

// NewLimiter returns a limiter allowing max failures per window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, fails: map[string][]time.Time{}, now: time.Now}
}

// Allow reports whether every key may try again now; when not, it returns
// how long until the oldest failure of a blocked key expires.
func (l *Limiter) Allow(keys ...string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ok = true
	for _, k := range keys {
		if f := l.recent(k, now); len(f) >= l.Max {
			ok = false
			retryAfter = max(retryAfter, f[0].Add(l.Window).Sub(now))
		}
	}
	return ok, retryAfter
}

// Fail records a failed attempt for every key.
func (l *Limiter) Fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range keys {
		l.fails[k] = append(l.recent(k, now), now)
	}
	if len(l.fails) > 100_000 { // bound the memory an attacker can make us hold
		for k := range l.fails {
			if len(l.recent(k, now)) == 0 {
				delete(l.fails, k)
			}
		}
	}
}

// Reset forgets the failures of keys (after a successful login).
func (l *Limiter) Reset(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.fails, k)
	}
}

// recent returns the failures of k within the window, dropping older ones.
func (l *Limiter) recent(k string, now time.Time) []time.Time {
	f := l.fails[k]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= l.Window {
		i++
	}
	if i > 0 {
		f = append(f[:0], f[i:]...)
		l.fails[k] = f
	}
	return f
}
