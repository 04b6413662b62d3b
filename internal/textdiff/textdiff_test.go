package textdiff

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	show := func(ls []Line) string {
		var b strings.Builder
		for _, l := range ls {
			b.WriteString([]string{" ", "-", "+"}[l.Op] + l.Text + "\n")
		}
		return b.String()
	}
	for _, c := range []struct{ a, b, want string }{
		{"", "", ""},
		{"a\nb\n", "a\nb\n", " a\n b\n"},
		{"a\nb\nc", "a\nc", " a\n-b\n c\n"},
		{"a\nc", "a\nb\nc", " a\n+b\n c\n"},
		{"# Title\nold line\nend", "# Title\nnew line\nend", " # Title\n-old line\n+new line\n end\n"},
		{"x", "", "-x\n"},
		{"", "y\r\nz\r\n", "+y\n+z\n"},
	} {
		if got := show(Lines(c.a, c.b)); got != c.want {
			t.Errorf("Lines(%q, %q) =\n%s\nwant\n%s", c.a, c.b, got, c.want)
		}
	}
	long := strings.Repeat("l\n", MaxLines+10)
	if got := Lines(long, long); len(got) != MaxLines+1 || got[MaxLines].Text != "…" {
		t.Errorf("a long text: %d lines", len(got))
	}
}
