package auth

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not PHC argon2id with the OWASP parameters", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{h[:len(h)-4], "correct horse battery", false},
		{strings.Replace(h, "argon2id", "argon2i", 1), "correct horse battery", false},
		{"", "", false},
		{"$argon2id$v=19$m=0,t=2,p=1$AAAA$AAAA", "x", false},
	} {
		if got := CheckPassword(tc.hash, tc.pw); got != tc.want {
			t.Errorf("CheckPassword(%q, %q) = %v, want %v", tc.hash, tc.pw, got, tc.want)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
}

func TestToken(t *testing.T) {
	tok, hash := NewToken(APIPrefix)
	if !strings.HasPrefix(tok, APIPrefix) || len(tok) < 40 {
		t.Errorf("token %q", tok)
	}
	if hash != HashToken(tok) || hash == HashToken(tok+"x") || strings.Contains(hash, tok) {
		t.Errorf("hash %q does not identify the token alone", hash)
	}
	tok2, _ := NewToken(APIPrefix)
	if tok == tok2 {
		t.Error("two tokens are equal")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	l := NewLimiter(3, time.Minute)
	l.now = func() time.Time { return now }
	for i := range 3 {
		if _, ok, _ := l.Reserve("ip:1", "user:a"); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
		now = now.Add(time.Millisecond)
	}
	if _, ok, wait := l.Reserve("ip:2", "user:a"); ok || wait != time.Minute-3*time.Millisecond {
		t.Errorf("4th attempt on the account from another address: ok=%v wait=%v, want refused for 59.997s", ok, wait)
	}
	if _, ok, _ := l.Reserve("ip:2", "user:b"); !ok {
		t.Error("another account from another address was refused")
	}
	// A refused attempt counts against no key: ip:2 has had one attempt.
	if n := len(l.fails["ip:2"]); n != 1 {
		t.Errorf("ip:2 has %d attempts counted, want 1 (refused attempts must not count)", n)
	}
	now = now.Add(61 * time.Second)
	if _, ok, _ := l.Reserve("user:a"); !ok {
		t.Error("attempts older than the window still count")
	}
	r1, _, _ := l.Reserve("ip:9")
	l.Reserve("ip:9")
	r3, _, _ := l.Reserve("ip:9")
	if _, ok, _ := l.Reserve("ip:9"); ok {
		t.Error("three attempts within the window were allowed another try")
	}
	r3.Cancel()
	if r, ok, _ := l.Reserve("ip:9"); !ok {
		t.Error("a cancelled attempt still counts")
	} else {
		r.CancelFor("other")
	}
	if _, ok, _ := l.Reserve("ip:9"); ok {
		t.Error("CancelFor another key gave this key's attempt back")
	}
	r1.Cancel()
	l.Reset("ip:9")
	if _, ok, _ := l.Reserve("ip:9"); !ok {
		t.Error("refused after Reset")
	}
}

// TestLimiterConcurrent sends many attempts at once for one key: at most Max
// may pass, whatever the interleaving (before reservations were atomic, all
// 150 passed the check before any was counted).
func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(10, 15*time.Minute)
	var passed atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 150 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, ok, _ := l.Reserve("ip:"+strconv.Itoa(i), "user:victim"); ok {
				passed.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	if n := passed.Load(); n != 10 {
		t.Errorf("%d of 150 concurrent attempts passed, want 10", n)
	}
}

func TestGate(t *testing.T) {
	g := NewGate(2)
	ctx := context.Background()
	if !g.Enter(ctx, 0) || !g.Enter(ctx, 0) {
		t.Fatal("an empty gate of 2 refused")
	}
	if g.Enter(ctx, 10*time.Millisecond) {
		t.Error("a full gate let a third in")
	}
	go func() {
		time.Sleep(5 * time.Millisecond)
		g.Leave()
	}()
	if !g.Enter(ctx, 10*time.Second) {
		t.Error("a slot freed while waiting was not taken")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if g.Enter(cancelled, 10*time.Second) {
		t.Error("a cancelled request entered a full gate")
	}
}
