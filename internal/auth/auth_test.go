package auth

import (
	"strings"
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
		if ok, _ := l.Allow("ip:1", "user:a"); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
		l.Fail("ip:1", "user:a")
	}
	if ok, wait := l.Allow("ip:2", "user:a"); ok || wait != time.Minute {
		t.Errorf("4th attempt on the account from another address: ok=%v wait=%v, want refused for 1m", ok, wait)
	}
	if ok, _ := l.Allow("ip:2", "user:b"); !ok {
		t.Error("another account from another address was refused")
	}
	now = now.Add(30 * time.Second)
	l.Fail("ip:1")
	now = now.Add(31 * time.Second)
	if ok, _ := l.Allow("user:a"); !ok {
		t.Error("failures older than the window still count")
	}
	l.Fail("ip:1")
	l.Fail("ip:1")
	if ok, _ := l.Allow("ip:1"); ok {
		t.Error("three failures within the window were allowed another try")
	}
	l.Reset("ip:1")
	if ok, _ := l.Allow("ip:1"); !ok {
		t.Error("refused after Reset")
	}
}
