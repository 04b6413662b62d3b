package ingest

import (
	"io"
	"math"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ReadActivities reads a marketing activities file: one activity (a
// campaign) a row, with its kind, its cost, its start and end, an
// optional tracking code and whether it counts as marketing (default
// yes; word of mouth and sales-generated customers are activities too,
// marked no), the hours of the business's own time it took (priced at
// hourly_rate, else the settings' cost per service hour) and, optionally,
// its status (planning, active, done; an
// active one needs a tracking code). Kinds are read from the words of activityKindWords, in
// English or German; an empty kind is "other".
func ReadActivities(r io.Reader, opt Options) (*Result[crm.ActivityRecord], error) {
	t, b, err := open(r, KindActivities, opt)
	if err != nil {
		return nil, err
	}
	var (
		cName      = t.slot("activity")
		cKind      = t.slot("kind")
		cChannel   = t.slot("channel")
		cCode      = t.slot("code")
		cMarketing = t.slot("marketing")
		cStatus    = t.slot("status")
		cObjective = t.slot("objective")
		cResult    = t.slot("intended_result")
		target     = b.amountCol("target")
		cost       = b.amountCol("cost")
		hours      = b.amountCol("hours")
		rate       = b.amountCol("hourly_rate")
		start      = b.dateCol("start")
		end        = b.dateCol("end")
	)
	recs := make([]crm.ActivityRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		name := b.cell(cName)
		if name == "" {
			b.fail("activity", "missing")
		}
		kind, ok := ActivityKind(b.cell(cKind))
		if !ok {
			b.fail("kind", "unknown %q (want %s)", b.cell(cKind), strings.Join(crm.ActivityKinds, ", "))
		}
		amount, _, _ := b.money(cost, "cost", false)
		if amount < 0 {
			b.fail("cost", "must not be negative, got %s", b.cell(cost.slot))
		}
		h, _, _ := b.number(hours, "hours", false)
		if h < 0 {
			b.fail("hours", "must not be negative, got %s", b.cell(hours.slot))
		}
		hourly, _, _ := b.money(rate, "hourly_rate", false)
		if hourly < 0 {
			b.fail("hourly_rate", "must not be negative, got %s", b.cell(rate.slot))
		}
		marketing, ok := yesNo(b.cell(cMarketing), true)
		if !ok {
			b.fail("marketing", "want true or false (yes/no, ja/nein), got %q", b.cell(cMarketing))
		}
		status, ok := ActivityStatus(b.cell(cStatus))
		if !ok {
			b.fail("status", "unknown %q (want planning, active or done)", b.cell(cStatus))
		}
		objective, ok := ActivityObjective(b.cell(cObjective))
		if !ok {
			b.fail("objective", "unknown %q (want awareness, perception or behaviour)", b.cell(cObjective))
		}
		result, ok := ActivityResult(b.cell(cResult))
		if !ok {
			b.fail("intended_result", "unknown %q (want new customers, repeat orders, upsell or inquiries)", b.cell(cResult))
		}
		goal, _, _ := b.number(target, "target", false)
		if goal < 0 || goal != math.Trunc(goal) || goal > 1e12 {
			b.fail("target", "want a whole number, 0 or more, got %s", b.cell(target.slot))
		}
		startsOn := b.date(start, "start", false)
		endsOn := b.date(end, "end", false)
		if b.ok && !startsOn.IsZero() && !endsOn.IsZero() && endsOn.Before(startsOn) {
			b.fail("end", "%s is before the start %s", endsOn.Format("2006-01-02"), startsOn.Format("2006-01-02"))
		}
		if !b.ok {
			continue
		}
		recs = append(recs, crm.ActivityRecord{
			Line: b.line,
			Activity: crm.Activity{Name: name, Kind: kind, Channel: b.cell(cChannel), StartsOn: startsOn, EndsOn: endsOn,
				Status: status, Marketing: marketing, Cost: amount, Objective: objective, IntendedResult: result, Target: int64(goal)},
			Code:  b.cell(cCode),
			Hours: h, HourlyRate: hourly,
		})
	}
	return finish(b, recs), nil
}

// ReadActivityTouches reads which customers met which marketing activity:
// the account's external id, the activity's name or one of its tracking
// codes, the day, and how it is known: forward (a tracked code), pos (the
// customer said so when buying) or reverse (found by working back from
// the customer list), in English or German.
func ReadActivityTouches(r io.Reader, opt Options) (*Result[crm.ActivityTouchRecord], error) {
	t, b, err := open(r, KindActivityTouches, opt)
	if err != nil {
		return nil, err
	}
	var (
		cCustomer = t.slot("customer_id")
		cActivity = t.slot("activity")
		cCode     = t.slot("code")
		cMethod   = t.slot("method")
		date      = b.dateCol("date")
	)
	recs := make([]crm.ActivityTouchRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		customer := b.cell(cCustomer)
		if customer == "" {
			b.fail("customer_id", "missing")
		}
		activity, code := b.cell(cActivity), b.cell(cCode)
		if activity == "" && code == "" {
			b.fail("activity", "missing: give the activity's name or a code")
		}
		on := b.date(date, "date", true)
		method, ok := TouchMethod(b.cell(cMethod))
		if !ok {
			b.fail("method", "unknown %q (want forward, pos or reverse)", b.cell(cMethod))
		}
		if !b.ok {
			continue
		}
		recs = append(recs, crm.ActivityTouchRecord{Line: b.line, CustomerID: customer, Activity: activity, Code: code, Date: on, Method: method})
	}
	return finish(b, recs), nil
}

// activityKindWords maps the words for kinds of activity (as header keys:
// folded, letters and digits only) to crm.ActivityKinds.
var activityKindWords = func() map[string]string {
	m := map[string]string{}
	for kind, words := range map[string][]string{
		"ad":               {"ad", "ads", "advert", "advertisement", "advertising", "paid", "ppc", "cpc", "banner", "Anzeige", "Anzeigen", "Werbung", "Inserat"},
		"email":            {"email", "e-mail", "newsletter", "mailing list", "E-Mail", "Newsletter"},
		"webinar":          {"webinar", "webinars", "online seminar", "Webinar", "Onlineseminar", "Online-Seminar"},
		"event":            {"event", "events", "trade show", "trade fair", "fair", "exhibition", "conference", "seminar", "Veranstaltung", "Messe", "Konferenz", "Tagung"},
		"pr":               {"pr", "press", "public relations", "press release", "Pressearbeit", "Presse", "Pressemitteilung", "Öffentlichkeitsarbeit"},
		"content":          {"content", "blog", "article", "whitepaper", "case study", "Inhalt", "Inhalte", "Fachartikel", "Artikel"},
		"social":           {"social", "social media", "linkedin", "twitter", "facebook", "Soziale Medien"},
		"direct_mail":      {"direct mail", "direct_mail", "mailing", "postal mailing", "Direktwerbung", "Direktmailing", "Postwurf", "Brief"},
		"referral_program": {"referral program", "referral programme", "referral_program", "referral", "referrals", "Empfehlungsprogramm", "Empfehlung", "Empfehlungen"},
		"other":            {"other", "misc", "word of mouth", "sales", "Sonstiges", "Andere", "Mundpropaganda", "Vertrieb"},
	} {
		for _, w := range words {
			m[headerKey(w)] = kind
		}
	}
	return m
}()

// ActivityKind reads a kind cell: the words of activityKindWords, in
// English or German; an empty cell is "other". ok is false for a word it
// does not know.
func ActivityKind(s string) (kind string, ok bool) {
	if strings.TrimSpace(s) == "" {
		return "other", true
	}
	kind, ok = activityKindWords[headerKey(s)]
	return kind, ok
}

// ActivityStatus reads a status cell: planning, active or done, or the
// words for them in English or German; an empty cell is "" (a new
// activity is planned, a stored one keeps its status).
func ActivityStatus(s string) (status string, ok bool) {
	switch headerKey(s) {
	case "":
		return "", true
	case "planning", "planned", "plan", "draft", "geplant", "planung", "inplanung", "entwurf":
		return crm.ActivityPlanning, true
	case "active", "running", "live", "ongoing", "aktiv", "lauft", "laufend":
		return crm.ActivityActive, true
	case "done", "finished", "completed", "ended", "closed", "abgeschlossen", "beendet", "erledigt", "fertig":
		return crm.ActivityDone, true
	}
	return "", false
}

// ActivityObjective reads what an activity should achieve: awareness,
// perception or behaviour (the essays' three), in English or German; ""
// for an empty cell.
func ActivityObjective(s string) (string, bool) {
	switch headerKey(s) {
	case "":
		return "", true
	case "awareness", "reach", "bekanntheit", "aufmerksamkeit", "reichweite":
		return crm.ObjectiveAwareness, true
	case "perception", "image", "wahrnehmung", "einstellung":
		return crm.ObjectivePerception, true
	case "behaviour", "behavior", "action", "verhalten", "handlung":
		return crm.ObjectiveBehaviour, true
	}
	return "", false
}

// ActivityResult reads the result an activity is meant to bring: new
// customers, repeat orders, upsell or inquiries, in English or German; ""
// for an empty cell.
func ActivityResult(s string) (string, bool) {
	switch headerKey(s) {
	case "":
		return "", true
	case "newcustomers", "newcustomer", "customers", "neukunden", "neukunde", "kunden":
		return crm.ResultNewCustomers, true
	case "repeatorders", "repeatorder", "repeat", "reorders", "folgeauftrage", "folgeauftrag", "wiederholungskaufe", "nachbestellungen":
		return crm.ResultRepeatOrders, true
	case "upsell", "upselling", "crossselling", "zusatzverkauf", "zusatzverkaufe":
		return crm.ResultUpsell, true
	case "inquiries", "inquiry", "leads", "enquiries", "anfragen", "anfrage":
		return crm.ResultInquiries, true
	}
	return "", false
}

// TouchMethod reads a method cell: forward, pos or reverse, or the words
// for them in English or German.
func TouchMethod(s string) (method string, ok bool) {
	switch headerKey(s) {
	case "forward", "forwardtracking", "tracked", "code", "vorwarts", "vorwartsverfolgung":
		return crm.TouchForward, true
	case "pos", "pointofsale", "selfreported", "hdyhau", "howdidyouhear", "kasse", "selbstauskunft", "kundenangabe":
		return crm.TouchPOS, true
	case "reverse", "reversetracking", "ruckwarts", "ruckwartsverfolgung":
		return crm.TouchReverse, true
	}
	return "", false
}

// yesNo reads a yes/no cell in English or German; an empty one is def.
func yesNo(s string, def bool) (v, ok bool) {
	switch headerKey(s) {
	case "":
		return def, true
	case "true", "yes", "y", "1", "x", "ja", "j", "wahr":
		return true, true
	case "false", "no", "n", "0", "nein", "falsch":
		return false, true
	}
	return false, false
}
