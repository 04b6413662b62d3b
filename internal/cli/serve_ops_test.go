package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/cli"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestServeForOperators: serve --log-format json writes one JSON object a
// line, the first naming the version; --metrics-addr serves /metrics
// without authentication on a listener of its own, while /metrics on the
// main listener wants a token; /healthz and /readyz answer; the server
// stops on its context's end and logs it; a bad --log-format is refused.
func TestServeForOperators(t *testing.T) {
	db := testkit.SQLite(t)
	if _, errOut, code := vf(t, db, "serve", "--log-format", "xml"); code != 2 || !strings.Contains(errOut, "--log-format") {
		t.Errorf("--log-format xml: exit %d, %s", code, errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- cli.Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0",
			"--log-format", "json", "--log-level", "info"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, stderr)
	}()
	var base, metrics string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		s := stderr.String()
		if m := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(s); m != nil {
			base = m[1]
		}
		if m := regexp.MustCompile(`metrics on (http://\S+)`).FindStringSubmatch(s); m != nil {
			metrics = m[1]
		}
	}
	if base == "" || metrics == "" {
		t.Fatalf("serve did not start with its metrics listener: %s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "vitalfew "+cli.Version()+": serving on") {
		t.Errorf("the serving line lacks the version %q:\n%s", cli.Version(), stderr.String())
	}
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get(base + "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, body := get(base + "/readyz"); code != 200 || !strings.Contains(body, `"ready"`) {
		t.Errorf("/readyz: %d %q", code, body)
	}
	if code, _ := get(base + "/metrics"); code != http.StatusUnauthorized {
		t.Errorf("/metrics on the main listener without a token: %d, want 401", code)
	}
	code, body := get(metrics)
	if code != 200 || !regexp.MustCompile(`vitalfew_http_requests_total\{code="200",route="GET /healthz"\} 1\b`).MatchString(body) {
		t.Errorf("--metrics-addr: %d\n%.2000s", code, body)
	}
	// The container's HEALTHCHECK: healthcheck asks /healthz on
	// VITALFEW_ADDR (a 0.0.0.0 address on the loopback), or --url.
	port := base[strings.LastIndex(base, ":")+1:]
	if stdout, errOut, code := vfEnv(t, map[string]string{"VITALFEW_ADDR": "0.0.0.0:" + port}, "healthcheck"); code != 0 || !strings.Contains(stdout, ": ok") {
		t.Errorf("healthcheck: exit %d\n%s%s", code, stdout, errOut)
	}
	if _, _, code := vfEnv(t, nil, "healthcheck", "--url", base+"/readyz"); code != 0 {
		t.Errorf("healthcheck --url …/readyz: exit %d", code)
	}
	if _, errOut, code := vfEnv(t, nil, "healthcheck", "--url", base+"/nowhere"); code != 1 || !strings.Contains(errOut, "404") {
		t.Errorf("healthcheck of a missing page: exit %d, %s", code, errOut)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	var first map[string]any
	n := 0
	for line := range strings.SplitSeq(stderr.String(), "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("a log line is not JSON: %q", line)
		}
		if n == 0 {
			first = v
		}
		n++
	}
	if first == nil || first["msg"] != "vitalfew starting" || first["version"] != cli.Version() {
		t.Errorf("first JSON log line %v, want vitalfew starting with version %q:\n%s", first, cli.Version(), stderr.String())
	}
	if !strings.Contains(stderr.String(), `"msg":"stopped"`) {
		t.Errorf("no stop in the log:\n%s", stderr.String())
	}
	if _, errOut, code := vfEnv(t, map[string]string{"VITALFEW_ADDR": strings.TrimPrefix(base, "http://")}, "healthcheck", "--timeout", "2s"); code != 1 || !strings.Contains(errOut, "healthcheck") {
		t.Errorf("healthcheck of a stopped server: exit %d, %s", code, errOut)
	}
}
