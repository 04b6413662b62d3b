package csvout

import (
	"strings"
	"testing"
)

func TestExcelDE(t *testing.T) {
	var b strings.Builder
	w := Rewrite(&b, ExcelDE)
	c := New(w)
	c.Write("rank", "name", "revenue", "share", "day", "phone")
	c.Write("1", "Müller; Söhne", "-1234.5", "0.25", "2026-12-06", "+49 30 1234")
	c.Write("2", "=cmd", "1e-3", "12", "", "1.2.3")
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffrank;name;revenue;share;day;phone\r\n" +
		"1;\"Müller; Söhne\";-1234,5;0,25;2026-12-06;+49 30 1234\r\n" +
		"2;'=cmd;1e-3;12;;1.2.3\r\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}

	b.Reset()
	w = Rewrite(&b, Standard)
	c = New(w)
	c.Write("a", "1.5")
	if err := c.Flush(); err != nil || w.Close() != nil || b.String() != "a,1.5\n" {
		t.Errorf("standard: %q, %v", b.String(), err)
	}
	if _, err := ParseDialect("excel"); err == nil {
		t.Error("ParseDialect accepts excel")
	}
}
