package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// TestXSSCorpus renders the attacks of the reference's table, goldmark's
// entity-encoded javascript: (CVE-2026-5160) and bluemonday's Cyrillic
// case (CVE-2021-29272): no script, frame, style or object element, no
// event handler, no dangerous URL comes out, and the text people wrote
// stays.
func TestXSSCorpus(t *testing.T) {
	bad := regexp.MustCompile(`(?i)<\s*(script|iframe|style|object|embed|form|svg|math)|\son[a-z]+\s*=|javascript:|vbscript:|data:text|data:image/svg`)
	for _, c := range []struct{ in, keep string }{
		{`<script>alert(1)</script>`, ""},
		{`[x](javascript:alert(1))`, "x"},
		{`[x](JaVaScRiPt:alert(1))`, "x"},
		{`[x](vbscript:msgbox(1))`, "x"},
		{`[x](javascript&colon;alert(1))`, "x"},
		{`[x](&#x6A;avascript:alert(1))`, "x"},
		{`[x](&#106;avascript:alert(1))`, "x"},
		{`[x](java&#x09;script:alert(1))`, "x"},
		{`![i](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`, ""},
		{`![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`, ""},
		{`<img src=x onerror=alert(1)>`, ""},
		{`<div style="background:url(javascript:alert(1))">y</div>`, ""},
		{`<details open ontoggle=alert(1)>`, ""},
		{`<a href="javascript:alert(1)">z</a>`, ""},
		{`<iframe src="https://evil.example"></iframe>`, ""},
		{`<ѕcript>alert(1)</ѕcript>`, ""}, // a Cyrillic ѕ
		{`<svg><script>alert(1)</script></svg>`, ""},
		{"```html\n<script>alert(1)</script>\n```", "&lt;script&gt;"},
		{`Visit https://example.com/docs?a=1&b=2 today`, "https://example.com/docs"},
		{`**bold** and [the manual](https://example.com/manual.pdf)`, "<strong>bold</strong>"},
		{"| a | b |\n|---|---|\n| 1 | <b onmouseover=x>2</b> |", "<table>"},
	} {
		out, err := HTML(c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		s := string(out)
		if m := bad.FindString(s); m != "" {
			t.Errorf("%q renders %q, which has %q", c.in, s, m)
		}
		if c.keep != "" && !strings.Contains(s, c.keep) {
			t.Errorf("%q renders %q, which lost %q", c.in, s, c.keep)
		}
	}
}

// TestLinks: links people write are nofollow, and those that leave the
// site open in a new tab without handing it the opener.
func TestLinks(t *testing.T) {
	out, err := HTML("[manual](https://example.com/m.pdf) and [home](/portal)")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{`href="https://example.com/m.pdf"`, `nofollow`, `noopener`, `target="_blank"`, `href="/portal" rel="nofollow"`} {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %s", s, want)
		}
	}
}
