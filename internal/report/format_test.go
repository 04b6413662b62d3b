package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func TestClipAndClean(t *testing.T) {
	long := strings.Repeat("Ä", 40)
	if got := nameCell(long); len([]rune(got)) != nameWidth || !strings.HasSuffix(got, "…") {
		t.Errorf("nameCell(40 runes) = %q", got)
	}
	if got := nameCell("Acme\tGmbH\n\x1b[31m"); got != "Acme GmbH  [31m" {
		t.Errorf("nameCell with control characters = %q", got)
	}
}

func TestTableAlignment(t *testing.T) {
	tt := newTable("Name", ">Amount")
	tt.add("Ä", "1.00")
	tt.add("Longer name", "1,000.00")
	var b bytes.Buffer
	tt.write(&b)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{
		"Name           Amount",
		"Ä                1.00",
		"Longer name  1,000.00",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), strings.Join(want, "\n"))
	}
}

func TestYearBefore(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2024-12-31", "2024-01-01"},
		{"2024-06-30", "2023-07-01"},
		{"2024-02-29", "2023-03-01"},
		{"2025-02-28", "2024-02-29"},
		{"2024-03-31", "2023-04-01"},
	}
	for _, tc := range cases {
		in, _ := time.Parse(time.DateOnly, tc.in)
		if got := day(yearBefore(in)); got != tc.want {
			t.Errorf("yearBefore(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestWhalePoints(t *testing.T) {
	// 1000 accounts: +1 each for the first 333, then −1 each; the peak is
	// at rank 333, which an even spread over 0..1000 would miss.
	n := 1000
	curve := make([]float64, n+1)
	for i := 1; i <= n; i++ {
		if i <= 333 {
			curve[i] = curve[i-1] + 1
		} else {
			curve[i] = curve[i-1] - 1
		}
	}
	pts := whalePoints(curve, 333, maxWhalePoints)
	if len(pts) > maxWhalePoints {
		t.Errorf("%d points, want at most %d", len(pts), maxWhalePoints)
	}
	if pts[0] != (WhalePoint{}) || pts[len(pts)-1] != (WhalePoint{Rank: n, CumulativeProfit: curve[n]}) {
		t.Errorf("ends %+v %+v", pts[0], pts[len(pts)-1])
	}
	found := false
	for i, p := range pts {
		if i > 0 && p.Rank <= pts[i-1].Rank {
			t.Fatalf("ranks not increasing at %d: %+v", i, pts[i-1:i+1])
		}
		if p.CumulativeProfit != curve[p.Rank] {
			t.Fatalf("point %+v off the curve", p)
		}
		if p.Rank == 333 && p.CumulativeProfit == 333 {
			found = true
		}
	}
	if !found {
		t.Error("peak (rank 333, 333) missing")
	}
	// Short curves are kept whole.
	if got := whalePoints([]float64{0, 5, 3}, 1, maxWhalePoints); len(got) != 3 || got[2].CumulativeProfit != 3 {
		t.Errorf("short curve: %+v", got)
	}
	if got := whalePoints([]float64{0}, 0, maxWhalePoints); len(got) != 1 || got[0] != (WhalePoint{}) {
		t.Errorf("empty curve: %+v", got)
	}
}

func TestCostToServeArithmetic(t *testing.T) {
	// Pure arithmetic on rows: no profit at all, so no profit shares, and
	// a whale that peaks at rank 1.
	rows := []store.AccountCost{
		{ID: 1, Name: "Big", Revenue: 100_00, Orders: 1, EffortMinutes: 30},
		{ID: 2, Name: "Small", Revenue: 10_00, Orders: 1, EffortMinutes: 600},
	}
	r := costToServe(rows, crm.Settings{CostPerServiceHour: 100, CostPerOrder: 0, Currency: "EUR"}, nil)
	// Big: 100 − 50 = 50; Small: 10 − 1000 = −990.
	if r.Whale.PeakRank != 1 || r.Whale.PeakProfit != 50 || r.Whale.TotalProfit != -940 || r.Whale.PeakShare != 0 || r.Whale.Loss != 990 {
		t.Errorf("whale %+v", r.Whale)
	}
	for _, c := range r.Tiers {
		if c.ProfitShare != 0 {
			t.Errorf("tier %s profit share %v with a loss overall", c.Tier, c.ProfitShare)
		}
	}
	if r.CostKnownShare != 0 || r.Tiers[len(r.Tiers)-1].Tier != NoTier {
		t.Errorf("cost known %v, tiers %+v", r.CostKnownShare, r.Tiers)
	}
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "the total is -940.00 EUR") {
		t.Errorf("text:\n%s", b.String())
	}
}
