package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/cli"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// lockedBuffer is a buffer the server's goroutine and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func vfStdin(t *testing.T, db, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := cli.Run(context.Background(), append([]string{"--db", db}, args...), func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	code := cli.ExitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

// TestUsersTokensAndServe: a user added on the command line signs in to
// the served application, an API token printed by "user token" is accepted
// until it is revoked, and serve stops cleanly when its context ends.
func TestUsersTokensAndServe(t *testing.T) {
	db := testkit.SQLite(t)
	if _, errOut, code := vfStdin(t, db, "short\n", "user", "add", "--email", "ann@example.com", "--role", "admin", "--password-stdin"); code != 2 || !strings.Contains(errOut, "at least 10") {
		t.Errorf("short password: exit %d, %s", code, errOut)
	}
	if _, errOut, code := vfStdin(t, db, "a long enough password\n", "user", "add", "--email", "Ann@Example.com", "--role", "boss", "--password-stdin"); code != 2 || !strings.Contains(errOut, "admin, staff or viewer") {
		t.Errorf("bad role: exit %d, %s", code, errOut)
	}
	if _, errOut, code := vfStdin(t, db, "a long enough password\n", "user", "add", "--email", "Ann@Example.com", "--role", "viewer", "--password-stdin"); code != 0 {
		t.Fatalf("user add: exit %d, %s", code, errOut)
	}
	out, _, _ := vf(t, db, "user", "list", "--json")
	var users []struct{ Email, Role string }
	if err := json.Unmarshal([]byte(out), &users); err != nil || len(users) != 1 || users[0].Email != "ann@example.com" || users[0].Role != "viewer" {
		t.Errorf("user list = %s (%v)", out, err)
	}
	token, _, code := vf(t, db, "user", "token", "ann@example.com", "--name", "test")
	token = strings.TrimSpace(token)
	if code != 0 || !strings.HasPrefix(token, "vfa_") {
		t.Fatalf("user token: %q exit %d", token, code)
	}

	orders := writeFile(t, "orders.csv", "invoice,customer,date,amount\nR1,Acme,2024-01-02,100\n")
	if _, errOut, code := vf(t, db, "import", "orders", orders); code != 0 {
		t.Fatal(errOut)
	}

	ctx, cancel := context.WithCancel(context.Background())
	stderr := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- cli.Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, func(string) string { return "" },
			strings.NewReader(""), io.Discard, stderr)
	}()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous dashboard: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	status := func() int {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/reports/pareto", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := status(); got != http.StatusOK {
		t.Errorf("API with a fresh token: %d, want 200", got)
	}
	if _, errOut, code := vf(t, db, "user", "revoke", "1"); code != 0 {
		t.Fatalf("revoke: %s", errOut)
	}
	if got := status(); got != http.StatusUnauthorized {
		t.Errorf("API with a revoked token: %d, want 401", got)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestTokenExpiry: "user token --expires" sets when a token stops working
// and "user tokens" shows it with its last use and state; spans beyond
// the dates vitalfew keeps (99999999d overflowed into a negative span) are
// refused.
func TestTokenExpiry(t *testing.T) {
	db := testkit.SQLite(t)
	if _, errOut, code := vfStdin(t, db, "a long enough password\n", "user", "add", "--email", "ann@example.com", "--role", "viewer", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	for _, bad := range []string{"99999999d", "-1d", "0d", "NaN", "soon", "300y"} {
		if _, errOut, code := vf(t, db, "user", "token", "ann@example.com", "--expires", bad); code != 2 || !strings.Contains(errOut, "--expires") {
			t.Errorf("--expires %s: exit %d, %s", bad, code, errOut)
		}
	}
	_, errOut, code := vf(t, db, "user", "token", "ann@example.com", "--name", "ci", "--expires", "90d")
	want := time.Now().UTC().Add(90 * 24 * time.Hour)
	if code != 0 || !strings.Contains(errOut, "valid until "+want.Format("2006-01-02")) {
		t.Errorf("user token --expires 90d: exit %d, %s", code, errOut)
	}
	if _, _, code := vf(t, db, "user", "token", "ann@example.com", "--name", "forever"); code != 0 {
		t.Fatal("user token without --expires failed")
	}
	out, _, _ := vf(t, db, "user", "tokens")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "EXPIRES") || !strings.Contains(lines[0], "LAST USED") ||
		!strings.Contains(lines[1], want.Format("2006-01-02")) || !strings.Contains(lines[2], "never  ") {
		t.Errorf("user tokens:\n%s", out)
	}
	for _, s := range []string{"99999999d", "1e400d"} {
		if _, errOut, code := vf(t, db, "report", "lapsed", "--after", s); code != 2 || strings.Contains(errOut, "negative") {
			t.Errorf("report lapsed --after %s: exit %d, %s", s, code, errOut)
		}
	}
}
