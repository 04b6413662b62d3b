package auth

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Limiter counts sign-in attempts per key (a client address, an account's
// email) and refuses further ones once a key has had Max within Window. An
// attempt is counted when it is reserved, before the password is checked,
// so that any number of attempts sent at once get at most Max checks per
// key; a successful sign-in gives its reservation back. It is safe for
// concurrent use.
type Limiter struct {
	Max    int
	Window time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
	now   func() time.Time
}

// NewLimiter returns a limiter allowing max attempts per key and window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, fails: map[string][]time.Time{}, now: time.Now}
}

// Reservation is one attempt counted against its keys.
type Reservation struct {
	l    *Limiter
	keys []string
	at   time.Time
}

// Reserve counts an attempt against every key when each has had fewer
// than Max within the window, in one step. When one has not, nothing is
// counted, ok is false, and retryAfter is how long until the oldest
// attempt of a blocked key expires.
func (l *Limiter) Reserve(keys ...string) (r *Reservation, ok bool, retryAfter time.Duration) {
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
	if !ok {
		return nil, false, retryAfter
	}
	for _, k := range keys {
		l.fails[k] = append(l.fails[k], now)
	}
	l.sweep(now)
	return &Reservation{l: l, keys: slices.Clone(keys), at: now}, true, 0
}

// Cancel gives the attempt back to every key: it was not made (the server
// was too busy to check it) or it succeeded.
func (r *Reservation) Cancel() { r.CancelFor(r.keys...) }

// CancelFor gives the attempt back to keys only.
func (r *Reservation) CancelFor(keys ...string) {
	l := r.l
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		f := l.fails[k]
		if i := slices.Index(f, r.at); i >= 0 {
			l.fails[k] = slices.Delete(f, i, i+1)
		}
	}
}

// Reset forgets every attempt of keys (after a successful sign-in to an
// account, its failures no longer count).
func (l *Limiter) Reset(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.fails, k)
	}
}

// recent returns the attempts of k within the window, dropping older ones.
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

// sweep bounds the memory an attacker can make the limiter hold: past
// 100,000 keys, those without recent attempts are dropped.
func (l *Limiter) sweep(now time.Time) {
	if len(l.fails) <= 100_000 {
		return
	}
	for k := range l.fails {
		if len(l.recent(k, now)) == 0 {
			delete(l.fails, k)
		}
	}
}

// Gate bounds how many password checks run at once: each argon2id check
// holds 19 MiB, so a burst of sign-ins must not run them all together.
type Gate struct{ slots chan struct{} }

// NewGate returns a gate letting n checks run at once.
func NewGate(n int) *Gate { return &Gate{slots: make(chan struct{}, max(n, 1))} }

// Enter waits up to wait for a free slot and reports whether it got one;
// call Leave when done.
func (g *Gate) Enter(ctx context.Context, wait time.Duration) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// Leave frees the slot taken by Enter.
func (g *Gate) Leave() { <-g.slots }
