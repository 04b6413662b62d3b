package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

func TestReadingLine(t *testing.T) {
	tests := []struct {
		read, total int64
		rows        int
		want        string
	}{
		{0, 1000, 0, "orders.csv    0% 0 rows"},
		{420, 1000, 120000, "orders.csv   42% 120,000 rows"},
		{1000, 1000, 250000, "orders.csv  100% 250,000 rows"},
		{1200, 1000, 3, "orders.csv  100% 3 rows"},
		{500, -1, 7, "orders.csv  7 rows"}, // stdin: the size is unknown
	}
	for _, tc := range tests {
		if got := readingLine("orders.csv", tc.read, tc.total, tc.rows); got != tc.want {
			t.Errorf("readingLine(%d, %d, %d) = %q, want %q", tc.read, tc.total, tc.rows, got, tc.want)
		}
	}
	if got := writingLine("orders.csv", 120000, 83*time.Second+400*time.Millisecond); got != "orders.csv  writing 120,000 rows to the database… 1m23s" {
		t.Errorf("writingLine = %q", got)
	}
}

// TestImportProgress: an import with progress forced onto a buffer shows
// the file's name, rows and percent while reading (throttled), then the
// rows being written with the time taken: never bytes per second, never a
// spinner, and it clears its line at the end.
func TestImportProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString("invoice,customer,date,amount\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "R-%d,Customer %d,2024-01-%02d,%d.50\n", i, i%500, i%28+1, i%900+1)
	}
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr, stdout bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, db: testkit.SQLite(t), forceProgress: true}
	if err := e.runImport(context.Background(), ingest.KindOrders, path, importFlags{source: "import"}); err != nil {
		t.Fatal(err)
	}
	out := stderr.String()
	lines := strings.Split(out, "\r\x1b[K")
	reading := regexp.MustCompile(`^orders\.csv +\d{1,3}% [\d,]+ rows$`)
	var sawReading, sawWriting, saw100 bool
	for _, l := range lines[1:] {
		switch {
		case reading.MatchString(l):
			sawReading = true
			saw100 = saw100 || strings.Contains(l, "100% 20,000 rows")
		case strings.HasPrefix(l, "orders.csv  writing 20,000 rows to the database… "):
			sawWriting = true
		case l == "":
		default:
			t.Errorf("unexpected progress line %q", l)
		}
	}
	if !sawReading || !saw100 || !sawWriting {
		t.Errorf("progress: reading %v (100%% %v), writing %v in %q", sawReading, saw100, sawWriting, out)
	}
	if strings.Contains(out, "B/s") || strings.ContainsAny(out, "⠋⠙⠹|/") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress shows a speed or a spinner, or leaves its line: %q", out)
	}
	if !strings.Contains(stdout.String(), "20000 inserted") {
		t.Errorf("summary: %s", stdout.String())
	}

	// Reading lines are throttled: one per interval, and 100% once.
	var tb bytes.Buffer
	p := newImportProgress(&tb, "/data/orders.csv")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return now }
	for i := range 100 {
		now = now.Add(10 * time.Millisecond) // 1 s in all: 10 lines at most
		p.reading(int64(i), 100, i*10)
	}
	p.reading(100, 100, 1000)
	p.reading(100, 100, 1000)
	if n := strings.Count(tb.String(), "\r\x1b[K"); n < 5 || n > 12 {
		t.Errorf("%d lines drawn for 102 calls in 1 s: %q", n, tb.String())
	}
	if n := strings.Count(tb.String(), "100% 1,000 rows"); n != 1 {
		t.Errorf("100%% drawn %d times", n)
	}
}
