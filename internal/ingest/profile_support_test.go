package ingest

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// The exports of helpdesks: tickets, as touchpoints. The figures were
// worked out by hand from the rows.
func init() {
	profileCases = append(profileCases,
		profileCase{
			// Seconds over 60: Acme 900 + 300 s = 15 + 5 min, and ticket
			// 1006 logged no time (0); Globex 3690 + 90 s = 61.5 + 1.5
			// min. Sam (free mail) and Lea (Globex's domain) have no
			// organization: counted under their e-mail (the store finds
			// Lea's account by its domain). Ticket 1007, a voicemail with
			// neither, is nobody's. Groups Billing and Tier 2 are no
			// department; Support, Sales and none are.
			file: "zendesk_tickets.csv", kind: KindTouchpoints, profile: "zendesk-tickets",
			figures: map[string]string{
				"Acme Inc": "3 × 20 min", "Globex Corporation": "2 × 63 min",
				"sam@gmail.example": "1 × 0 min", "lea@globex.example": "1 × 10 min",
			},
			tally: []string{
				"2 tickets whose group names no department counted as support",
				"2 tickets without an organization counted under the requester's e-mail",
				"1 ticket without time spent counted with no effort",
				"1 ticket with neither an organization nor a requester e-mail not counted",
			},
		},
		profileCase{
			// hh:mm: Acme 00:15 + 00:05 = 20 min; Globex 01:00 + 26:30 =
			// 60 + 1590 = 1650 min; Sam has no company and no time; ticket
			// 506 (a caller with neither company nor e-mail) is nobody's;
			// group Billing is no department.
			file: "freshdesk_tickets.csv", kind: KindTouchpoints, profile: "freshdesk-tickets",
			figures: map[string]string{
				"Acme Inc": "2 × 20 min", "Globex Corporation": "2 × 1650 min", "sam@gmail.example": "1 × 0 min",
			},
			tally: []string{
				"1 ticket whose group names no department counted as support",
				"1 ticket without a company counted under the contact's e-mail",
				"1 ticket without time tracked counted with no effort",
				"1 ticket with neither a company nor a contact e-mail not counted",
			},
		},
	)
}

// TestHelpdeskTickets checks what the figures do not show: each ticket's
// kind from its channel, its department from its group, its day.
func TestHelpdeskTickets(t *testing.T) {
	for _, tc := range []struct {
		file string
		want map[string]string // id → "kind department date minutes"
	}{
		{"zendesk_tickets.csv", map[string]string{
			"1001": "ticket support 2025-03-01 15", "1002": "email support 2025-03-03 5",
			"1003": "call support 2025-03-05 61.5", "1004": "chat support 2025-03-07 0",
			"1005": "ticket sales 2025-03-08 1.5", "1006": "ticket support 2025-03-10 0",
			"1008": "email support 2025-03-12 10",
		}},
		{"freshdesk_tickets.csv", map[string]string{
			"501": "email support 2025-03-01 15", "502": "portal support 2025-03-03 5",
			"503": "call sales 2025-03-05 60", "504": "chat support 2025-03-07 0",
			"505": "email support 2025-03-08 1590",
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res, err := ReadTouchpoints(mustOpen(t, "profiles/"+tc.file), Options{File: tc.file})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range res.Records {
				tp := r.Touchpoint
				got[tp.ExternalID] = strings.Join([]string{tp.Kind, tp.Department, tp.OccurredAt.Format(time.DateOnly),
					formatG(tp.EffortMinutes)}, " ")
			}
			for id, want := range tc.want {
				if got[id] != want {
					t.Errorf("ticket %s: %q, want %q", id, got[id], want)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("%d tickets, want %d: %v", len(got), len(tc.want), got)
			}
		})
	}
}

// TestHelpdeskProfilesApart checks that the helpdesk profiles recognise
// only their own exports: the generic test file and the other tool's export
// are not theirs, and naming the wrong tool is an error that says which
// columns are missing.
func TestHelpdeskProfilesApart(t *testing.T) {
	res, err := ReadTouchpoints(mustOpen(t, "touchpoints.csv"), Options{File: "touchpoints.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile != nil {
		t.Errorf("touchpoints.csv read as %s", res.Profile.Name)
	}
	for _, tc := range []struct{ file, source, err string }{
		{"freshdesk_tickets.csv", "zendesk",
			`freshdesk_tickets.csv:1: this is not a Zendesk tickets export: no line of its first 21 has the columns "Id", "Requester", "Requester email", "Organization", "Created at"`},
		{"zendesk_tickets.csv", "freshdesk",
			`zendesk_tickets.csv:1: this is not a Freshdesk tickets export: no line of its first 21 has the columns "Ticket ID", "Created time"`},
	} {
		_, err := ReadTouchpoints(mustOpen(t, "profiles/"+tc.file), Options{File: tc.file, Profile: tc.source})
		if err == nil || err.Error() != tc.err {
			t.Errorf("--source %s on %s: %v\nwant %s", tc.source, tc.file, err, tc.err)
		}
	}
}

// TestHelpdeskDurations reads Zendesk's seconds and Freshdesk's hh:mm.
func TestHelpdeskDurations(t *testing.T) {
	for _, tc := range []struct {
		in  string
		sec int64
		ok  bool
	}{{"900", 900, true}, {"0", 0, true}, {"3690.0", 3690, true}, {"-60", 0, false}, {"1,200", 0, false}, {"15 min", 0, false}, {"1e3", 0, false}} {
		if sec, ok := zendeskSeconds(tc.in); sec != tc.sec || ok != tc.ok {
			t.Errorf("zendeskSeconds(%q) = %d, %v; want %d, %v", tc.in, sec, ok, tc.sec, tc.ok)
		}
	}
	for _, tc := range []struct {
		in  string
		min int
		ok  bool
	}{{"01:30", 90, true}, {"0:05", 5, true}, {"26:30", 1590, true}, {"00:00", 0, true},
		{"1.5", 0, false}, {"01:75", 0, false}, {"1:5", 0, false}, {":30", 0, false}, {"01:30:00", 0, false}} {
		if min, ok := hoursMinutes(tc.in); min != tc.min || ok != tc.ok {
			t.Errorf("hoursMinutes(%q) = %d, %v; want %d, %v", tc.in, min, ok, tc.min, tc.ok)
		}
	}
}

// TestHelpdeskBadTime checks that a time that is no duration rejects the
// ticket, naming the column, rather than counting it without effort.
func TestHelpdeskBadTime(t *testing.T) {
	for _, tc := range []struct{ file, csv, err string }{
		{"z.csv", "Id,Requester,Requester email,Organization,Created at,Total time spent (sec)\n" +
			"1,Jo Bloggs,jo@acme.example,Acme Inc,2025-03-01,15 min\n",
			`z.csv:2: effort_minutes: Total time spent (sec): not a whole number of seconds: "15 min"`},
		{"f.csv", "Ticket ID,Subject,Created time,Time tracked,Email,Company Name\n" +
			"7,Hi,2025-03-01 10:00:00,1.5,jo@acme.example,Acme Inc\n",
			`f.csv:2: effort_minutes: Time tracked: not hours and minutes (hh:mm): "1.5"`},
	} {
		res, err := ReadTouchpoints(strings.NewReader(tc.csv), Options{File: tc.file})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != 0 || len(res.Errors) != 1 || res.Errors[0].Error() != tc.err {
			t.Errorf("%s: records %v, errors %q; want %s", tc.file, res.Records, errorStrings(res.Errors), tc.err)
		}
	}
}

// formatG writes v as %g does.
func formatG(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
