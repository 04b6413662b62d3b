package web

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// icsEvent writes event e as an iCalendar file (RFC 5545) that calendar
// programs import: one VEVENT in UTC, its text escaped and its lines folded
// at 75 octets. host makes the UID unique to this server.
func icsEvent(e crm.Event, host string, now time.Time) string {
	const stamp = "20060102T150405Z"
	var b strings.Builder
	line := func(name, value string) {
		l := name + ":" + value
		for len(l) > 75 { // fold, never inside a UTF-8 sequence
			cut := 75
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut--
			}
			b.WriteString(l[:cut] + "\r\n")
			l = " " + l[cut:]
		}
		b.WriteString(l + "\r\n")
	}
	text := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//vitalfew//customer portal//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("BEGIN", "VEVENT")
	line("UID", "event-"+itoa(int(e.ID))+"@"+text.Replace(host))
	line("DTSTAMP", now.UTC().Format(stamp))
	line("DTSTART", e.StartsAt.UTC().Format(stamp))
	line("DTEND", e.StartsAt.Add(time.Duration(e.Minutes)*time.Minute).UTC().Format(stamp))
	line("SUMMARY", text.Replace(e.Title))
	if e.JoinURL != "" {
		line("URL", e.JoinURL)
		line("LOCATION", text.Replace(e.JoinURL))
	}
	if e.Description != "" {
		line("DESCRIPTION", text.Replace(e.Description))
	}
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	return b.String()
}
