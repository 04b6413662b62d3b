package testkit

import (
	"testing"
	"time"
)

// Within runs fn and fails tb when it has not returned after d: a fuzz
// target's way to report an input that makes the code under test hang
// (go test -fuzz has no deadline per input). The goroutine of a hung fn is
// left behind; the test fails at once.
func Within(tb testing.TB, d time.Duration, what string, fn func()) {
	tb.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		tb.Fatalf("%s did not return within %s", what, d)
	}
}
