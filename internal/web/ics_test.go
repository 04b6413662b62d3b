package web

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestICS: the event file has the lines calendar programs need, in UTC,
// its text escaped (a title cannot add a property), and every line at most
// 75 octets, folded between whole characters.
func TestICS(t *testing.T) {
	e := crm.Event{ID: 7, Title: "Neuheiten; Motoren, Wellen\r\nX-INJECTED:1 — " + strings.Repeat("Übersicht ", 12), Kind: "webinar",
		StartsAt: time.Date(2026, 12, 10, 15, 0, 0, 0, time.FixedZone("CET", 3600)), Minutes: 45, JoinURL: "https://meet.jit.si/vitalfew-mt4"}
	ics := icsEvent(e, "crm.example.com", time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "UID:event-7@crm.example.com\r\n", "DTSTART:20261210T140000Z\r\n",
		"DTEND:20261210T144500Z\r\n", "SUMMARY:Neuheiten\\; Motoren\\, Wellen\\nX-INJECTED:1", "URL:https://meet.jit.si/vitalfew-mt4\r\n", "END:VCALENDAR\r\n"} {
		if !strings.Contains(ics, want) {
			t.Errorf("lacks %q:\n%s", want, ics)
		}
	}
	for _, l := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("line of %d octets or broken: %q", len(l), l)
		}
		if strings.HasPrefix(l, "X-INJECTED") {
			t.Errorf("the title added a property: %q", l)
		}
	}
	unfolded := strings.ReplaceAll(ics, "\r\n ", "")
	if !strings.Contains(unfolded, strings.Repeat("Übersicht ", 12)) {
		t.Errorf("folding lost text:\n%s", unfolded)
	}
}
