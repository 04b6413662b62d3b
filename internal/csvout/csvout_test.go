package csvout

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestDefuse(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Acme", "Acme"},
		{"", ""},
		{"a=b", "a=b"},
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"+SUM(A1)", "'+SUM(A1)"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-12.5", "-12.5"},
		{"+3", "+3"},
		{"-1e-3", "-1e-3"},
		{"+49 30 1234", "+49 30 1234"},
		{"+49 (30) 123-4", "+49 (30) 123-4"},
		{"-", "'-"},
		{"+", "'+"},
	}
	for _, tc := range cases {
		if got := Defuse(tc.in); got != tc.want {
			t.Errorf("Defuse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWriterDefusesEveryCell checks the header and every cell of every row,
// and that the output reads back as CSV.
func TestWriterDefusesEveryCell(t *testing.T) {
	var b bytes.Buffer
	w := New(&b)
	w.Write("=1+1", "name")
	w.Write("@x", "-5", "ok, \"quoted\"\nnext line")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&b)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"'=1+1", "name"}, {"'@x", "-5", "ok, \"quoted\"\nnext line"}}
	if len(recs) != 2 || recs[0][0] != want[0][0] || recs[0][1] != want[0][1] ||
		recs[1][0] != want[1][0] || recs[1][1] != want[1][1] || recs[1][2] != want[1][2] {
		t.Errorf("read back %q, want %q", recs, want)
	}
}
