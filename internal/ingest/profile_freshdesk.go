package ingest

import "strings"

// Freshdesk's ticket export (Tickets → Export, CSV). The customer is the
// contact's "Company Name", else the contact's "Email"; effort is "Time
// tracked", the sum of the ticket's time entries as hours and minutes
// ("01:30" is 90 minutes; hours run past 24: "26:30").

var freshdeskReasons = &helpdeskReasons{
	group: &Reason{"ticket whose group names no department counted as support",
		"tickets whose group names no department counted as support"},
	noOrg: &Reason{"ticket without a company counted under the contact's e-mail",
		"tickets without a company counted under the contact's e-mail"},
	noTime: &Reason{"ticket without time tracked counted with no effort",
		"tickets without time tracked counted with no effort"},
	nobody: &Reason{"ticket with neither a company nor a contact e-mail not counted",
		"tickets with neither a company nor a contact e-mail not counted"},
}

func init() {
	profiles = append(profiles, &Profile{
		Name: "freshdesk-tickets", Tool: "Freshdesk tickets export", Kind: KindTouchpoints,
		// The headings are the export dialog's field names as
		// remembered; no real export has been seen.
		Verified: VerifiedGuess,
		Match:    []string{"Ticket ID", "Subject", "Created time"},
		Columns: map[string]string{
			"Ticket ID": "id", "Company Name": "customer", "Email": "email",
			"Created time": "date", "Subject": "subject",
		},
		Keep:    []string{"Group", "Source", "Time tracked"},
		Sets:    []string{"department", "kind", "effort_minutes"},
		Decimal: DecimalPoint,
		Rows:    func([][]string) func(*Row) *Reason { return freshdeskTicket },
	})
}

// freshdeskTicket reads one ticket of the export.
func freshdeskTicket(r *Row) *Reason {
	if why := helpdeskTicket(r, freshdeskReasons, r.Get("Group"), r.Get("Source")); why != nil {
		return why
	}
	s := r.Get("Time tracked")
	if s == "" {
		r.Note(freshdeskReasons.noTime)
		return nil
	}
	minutes, ok := hoursMinutes(s)
	if !ok {
		r.Fail("effort_minutes", "Time tracked: not hours and minutes (hh:mm): %q", s)
		return nil
	}
	setEffort(r, float64(minutes))
	return nil
}

// hoursMinutes reads a duration "hh:mm" (any number of hours, two digits
// of minutes below 60) in minutes.
func hoursMinutes(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	hh, i := digits(h, 0)
	mm, j := digits(m, 0)
	if !ok || i == 0 || i != len(h) || i > 7 || j != 2 || j != len(m) || mm >= 60 {
		return 0, false
	}
	return hh*60 + mm, true
}
