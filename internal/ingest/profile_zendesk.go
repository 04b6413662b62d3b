package ingest

import (
	"strconv"
	"strings"
)

// Zendesk Support's ticket export (CSV). The customer is the ticket's
// Organization; "Requester" is a person's name, never an e-mail: the
// address is "Requester email". Effort is the Time Tracking app's
// "Total time spent (sec)", in seconds, cumulative over the ticket's
// updates ("Time spent last update (sec)" is only the last update's share
// and is not read). Custom fields carry their type in the heading
// ("Total time spent (sec) [int]"); both spellings are read.

var zendeskReasons = &helpdeskReasons{
	group: &Reason{"ticket whose group names no department counted as support",
		"tickets whose group names no department counted as support"},
	noOrg: &Reason{"ticket without an organization counted under the requester's e-mail",
		"tickets without an organization counted under the requester's e-mail"},
	noTime: &Reason{"ticket without time spent counted with no effort",
		"tickets without time spent counted with no effort"},
	nobody: &Reason{"ticket with neither an organization nor a requester e-mail not counted",
		"tickets with neither an organization nor a requester e-mail not counted"},
}

func init() {
	profiles = append(profiles, &Profile{
		Name: "zendesk-tickets", Tool: "Zendesk tickets export", Kind: KindTouchpoints,
		// Zendesk's help text names the time fields; the export's other
		// headings are as remembered from real exports, not yet seen in
		// one.
		Verified: VerifiedGuess,
		Match:    []string{"Id", "Requester", "Requester email", "Organization", "Created at"},
		Columns: map[string]string{
			"Id": "id", "Organization": "customer", "Requester email": "email",
			"Created at": "date", "Subject": "subject",
		},
		Keep: []string{"Group", "Via", "Channel", "Total time spent (sec)", "Total time spent (sec) [int]"},
		Sets: []string{"department", "kind", "effort_minutes"},
		// Effort is written by the rows as minutes with a decimal point.
		Decimal: DecimalPoint,
		Rows:    func([][]string) func(*Row) *Reason { return zendeskTicket },
	})
}

// zendeskTicket reads one ticket of the export.
func zendeskTicket(r *Row) *Reason {
	channel := r.Get("Via")
	if channel == "" {
		channel = r.Get("Channel")
	}
	if why := helpdeskTicket(r, zendeskReasons, r.Get("Group"), channel); why != nil {
		return why
	}
	name := "Total time spent (sec)"
	s := r.Get(name)
	if s == "" {
		name += " [int]"
		s = r.Get(name)
	}
	if s == "" {
		r.Note(zendeskReasons.noTime)
		return nil
	}
	sec, ok := zendeskSeconds(s)
	if !ok {
		r.Fail("effort_minutes", "%s: not a whole number of seconds: %q", name, s)
		return nil
	}
	setEffort(r, float64(sec)/60)
	return nil
}

// zendeskSeconds reads a time in whole seconds, "900"; a spreadsheet's
// "900.0" too.
func zendeskSeconds(s string) (int64, bool) {
	s = wholeID(s)
	if s == "" || len(s) > 15 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
