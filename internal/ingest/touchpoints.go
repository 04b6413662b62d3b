package ingest

import (
	"io"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ReadTouchpoints reads a touchpoints file (tickets, calls, meetings …).
// Each row needs an account (customer_id, customer or email) and a date.
// Kind defaults to "ticket"; department defaults by kind (see
// defaultDepartment). Effort comes from a minutes column, else an hours
// column (×60); "1:30" means 90 minutes in either. The touchpoint's
// ExternalID is its id, else a content key.
func ReadTouchpoints(r io.Reader, opt Options) (*Result[crm.TouchpointRecord], error) {
	t, b, err := open(r, KindTouchpoints, opt)
	if err != nil {
		return nil, err
	}
	var (
		cID      = t.slot("id")
		cCustID  = t.slot("customer_id")
		cName    = t.slot("customer")
		cEmail   = t.slot("email")
		cKind    = t.slot("kind")
		cDept    = t.slot("department")
		cSubject = t.slot("subject")
		date     = b.dateCol("date")
		minutes  = b.amountCol("effort_minutes")
		hours    = b.amountCol("effort_hours")
	)
	recs := make([]crm.TouchpointRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		ref := b.accountRef(cCustID, cName, cEmail)
		kind := touchpointKind(b.cell(cKind))
		dept := defaultDepartment(kind)
		if s := b.cell(cDept); s != "" {
			var ok bool
			if dept, ok = department(s); !ok {
				b.fail("department", "unknown %q (want sales, marketing, support or product)", s)
			}
		}
		at := b.date(date, "date", true)
		var effort float64
		if s := b.cell(minutes.slot); s != "" {
			effort = b.effort(s, minutes.conv, 1, "effort_minutes")
		} else if s := b.cell(hours.slot); s != "" {
			effort = b.effort(s, hours.conv, 60, "effort_hours")
		}
		subject := b.cell(cSubject)
		if !b.ok {
			continue
		}
		id := b.cell(cID)
		if id == "" {
			b.keyStart()
			b.keyAdd(ref.ExternalID)
			b.keyAdd(ref.Name)
			b.keyAdd(ref.Email)
			b.keyAdd(kind)
			b.keyAdd(dept)
			b.keyAddDate(at)
			b.keyAddFloat(effort)
			b.keyAdd(subject)
			id = b.key()
		}
		recs = append(recs, crm.TouchpointRecord{
			Line:         b.line,
			Account:      ref,
			ContactEmail: ref.Email,
			Touchpoint: crm.Touchpoint{
				ExternalID:    id,
				Kind:          kind,
				Department:    dept,
				OccurredAt:    at,
				EffortMinutes: effort,
				Subject:       subject,
			},
		})
	}
	return finish(b, recs), nil
}

// effort reads an effort cell in minutes: "1:30" (h:mm), "90", "1,5" with
// unit (1 for a minutes column, 60 for an hours column), or a number with
// its own unit: "90 min", "1.5 h", "2 Std".
func (b *builder) effort(s string, conv int, unit float64, field string) float64 {
	if h, m, ok := strings.Cut(s, ":"); ok {
		hh, i := digits(h, 0)
		mm, j := digits(m, 0)
		if i == 0 || i != len(h) || j != 2 || j != len(m) || mm >= 60 {
			b.fail(field, "not a duration: %q", s)
			return 0
		}
		return float64(hh*60 + mm)
	}
	num := strings.TrimRightFunc(s, func(r rune) bool { return r < 0x80 && isLetter(byte(r)) })
	if suffix := strings.ToLower(s[len(num):]); suffix != "" {
		switch suffix {
		case "m", "min", "mins", "minute", "minutes", "minuten":
			unit = 1
		case "h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden":
			unit = 60
		default:
			b.fail(field, "not a duration: %q", s)
			return 0
		}
	}
	num = strings.TrimSpace(num)
	if strings.HasPrefix(num, "-") {
		b.fail(field, "negative: %q", s)
		return 0
	}
	v, ok := parseNumber(num, conv)
	if !ok || num == "" {
		b.fail(field, "not a number: %q", s)
		return 0
	}
	if err := crm.CheckEffort(v * unit); err != nil {
		b.fail(field, "%v", err)
		return 0
	}
	return v * unit
}

// touchpointKind reads a kind in English or German; unknown kinds are kept
// in lower case, empty means "ticket".
func touchpointKind(s string) string {
	if s == "" {
		return "ticket"
	}
	switch k := headerKey(s); k {
	case "ticket", "case", "issue", "incident", "request", "supportrequest", "anfrage", "storung",
		"reklamation", "complaint", "beschwerde", "supportticket":
		return "ticket"
	case "call", "phone", "phonecall", "anruf", "telefonat", "telefon", "ruckruf", "callback":
		return "call"
	case "meeting", "termin", "besprechung", "videocall", "video", "onlinemeeting":
		return "meeting"
	case "email", "mail":
		return "email"
	case "webinar", "webinare", "webcast":
		return "webinar"
	case "visit", "besuch", "kundenbesuch", "sitevisit", "onsite":
		return "visit"
	case "note", "notiz", "comment", "kommentar":
		return "note"
	case "demo", "prasentation", "presentation":
		return "demo"
	case "training", "schulung":
		return "training"
	case "event", "veranstaltung", "messe", "tradeshow", "conference", "konferenz":
		return "event"
	case "referral", "empfehlung":
		return "referral"
	case "chat", "livechat":
		return "chat"
	case "portal", "portalpost", "forum", "forumpost", "community":
		return "portal"
	case "survey", "umfrage":
		return "survey"
	}
	return strings.ToLower(s)
}

// department reads a department in English or German.
func department(s string) (string, bool) {
	switch headerKey(s) {
	case "sales", "vertrieb", "verkauf", "innendienst", "aussendienst", "accountmanagement":
		return "sales", true
	case "marketing", "mkt", "kommunikation":
		return "marketing", true
	case "support", "service", "customerservice", "kundendienst", "kundenservice", "helpdesk", "servicedesk",
		"technicalsupport", "technik", "customersuccess", "cs":
		return "support", true
	case "product", "produkt", "produktmanagement", "productmanagement", "engineering", "entwicklung",
		"development", "rd":
		return "product", true
	}
	return "", false
}

// defaultDepartment is the department a kind belongs to when the file does
// not say: tickets, chats, email and the rest go to support; calls,
// meetings, visits, demos, notes and referrals to sales; webinars, events and
// surveys to marketing.
func defaultDepartment(kind string) string {
	switch kind {
	case "call", "meeting", "visit", "demo", "note", "referral":
		return "sales"
	case "webinar", "event", "survey":
		return "marketing"
	}
	return "support"
}
