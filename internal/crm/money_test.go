package crm

import (
	"encoding/json"
	"math"
	"testing"
)

func TestParseMoney(t *testing.T) {
	cases := []struct {
		in   string
		want Money
		ok   bool
	}{
		{"0", 0, true}, {"12", 1200, true}, {"12.5", 1250, true}, {"12.50", 1250, true}, {"-0.05", -5, true},
		{"1234.56", 123456, true}, {"+7", 700, true}, {".5", 50, true}, {"12.500", 1250, true},
		{"1000000000000", 100000000000000, true}, {"-1000000000000.00", -100000000000000, true},
		{"1000000000000.01", 0, false}, {"12.345", 0, false}, {"1e3", 100000, true}, {"1e308", 0, false},
		{"", 0, false}, {"-", 0, false}, {"1.2.3", 0, false}, {"abc", 0, false}, {"--1", 0, false}, {"12,5", 0, false},
	}
	for _, tc := range cases {
		got, err := ParseMoney(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestMoneyJSONRoundTrip(t *testing.T) {
	for _, m := range []Money{0, 1, -1, 5, 50, 1250, 123456, -99999, MaxMoney, -MaxMoney} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back Money
		if err := json.Unmarshal(b, &back); err != nil || back != m {
			t.Errorf("%d → %s → %d (%v)", m, b, back, err)
		}
		var f float64 // what a client reads
		if err := json.Unmarshal(b, &f); err != nil || f != m.Float() {
			t.Errorf("%d → %s reads as %v, want %v", m, b, f, m.Float())
		}
	}
	if s := Money(-5).String(); s != "-0.05" {
		t.Errorf("String(-5) = %q", s)
	}
}

// TestMoneySums: a customer credited in full has exactly zero (in floating
// point 0.1 + 0.2 − 0.3 leaves 5.6e-17), and sums beyond 64 bits are
// refused.
func TestMoneySums(t *testing.T) {
	if got, err := Sum(10, 20, -30); got != 0 || err != nil {
		t.Errorf("0.10 + 0.20 − 0.30 = %v, %v", got, err)
	}
	a, b, c := 0.1, 0.2, 0.3
	if a+b-c == 0 {
		t.Error("floating point has become exact; this test shows nothing")
	}
	if _, err := Money(math.MaxInt64 - 5).Add(6); err != ErrMoneyOverflow {
		t.Errorf("overflow: %v", err)
	}
	if _, err := Money(math.MinInt64 + 5).Add(-6); err != ErrMoneyOverflow {
		t.Errorf("negative overflow: %v", err)
	}
	if got, err := Money(math.MaxInt64).Add(-1); err != nil || got != math.MaxInt64-1 {
		t.Errorf("max − 1 = %v, %v", got, err)
	}
	if m, err := MoneyFromFloat(0.125); err != nil || m != 12 {
		t.Errorf("MoneyFromFloat(0.125) = %v, %v (halves to even)", m, err)
	}
	if _, err := MoneyFromFloat(math.NaN()); err == nil {
		t.Error("NaN became money")
	}
}
