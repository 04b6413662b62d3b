package report

import (
	"context"
	"io"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/webstats"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// WebReport is the first-party web analytics of a window: visits, unique
// visitors, single-page visits (bounces), forms begun and not sent and
// inquiries, overall and per marketing activity (the activity whose
// tracking code a visit landed with); the top pages, referrers and UTM
// campaigns; and figures imported from other tools.
type WebReport struct {
	Since      string            `json:"since,omitempty"`
	Until      string            `json:"until,omitempty"`
	Total      WebRow            `json:"total"`
	Activities []WebActivity     `json:"activities"`
	Pages      []crm.WebCount    `json:"pages"`
	Referrers  []crm.WebCount    `json:"referrers"`
	Campaigns  []WebCampaign     `json:"campaigns"`
	Imported   []crm.WebImported `json:"imported"`
	limit      int
}

// WebRow is the sum of some visits with its rates.
type WebRow struct {
	webstats.Row
	BouncePct  float64 `json:"bounce_pct"`
	AbandonPct float64 `json:"abandon_pct"`
}

func webRow(r webstats.Row) WebRow {
	return WebRow{Row: r, BouncePct: round2(r.BouncePct()), AbandonPct: round2(r.AbandonPct())}
}

// WebActivity is one activity's visits.
type WebActivity struct {
	Activity string `json:"activity"`
	WebRow
}

// ID is the activity's id.
func (a WebActivity) ID() int64 { return a.Row.Activity }

// WebCampaign is a UTM campaign of landing hits, with the activity its
// name is a tracking code of ("" for none).
type WebCampaign struct {
	crm.WebCount
	Activity string `json:"activity,omitempty"`
}

// Web reads the web analytics of p's window (Since, Until; all time when
// neither is given) and, with activity not 0, of that activity's visits.
func Web(ctx context.Context, st *store.Store, p Params) (*WebReport, error) {
	return WebOf(ctx, st, p, 0)
}

// WebOf is Web narrowed to the visits of one activity (0: all).
func WebOf(ctx context.Context, st *store.Store, p Params, activity int64) (*WebReport, error) {
	ws, err := st.WebStats(ctx, crm.WebQuery{Since: p.Since, Until: p.Until, ActivityID: activity, Limit: 100})
	if err != nil {
		return nil, err
	}
	acts, err := st.Activities(ctx)
	if err != nil {
		return nil, err
	}
	names, byCode := map[int64]string{}, map[string]string{}
	for _, a := range acts {
		names[a.ID] = a.Name
		for _, c := range a.Codes {
			byCode[crm.ActivityKey(c)] = a.Name
		}
	}
	visits := make([]webstats.Visit, len(ws.Visits))
	for i, v := range ws.Visits {
		visits[i] = webstats.Visit{Activity: v.ActivityID, Account: v.AccountID, Visitor: v.Visitor, Pageviews: v.Pageviews,
			FormStart: v.FormStart, FormSent: v.FormSent, Goal: v.Goal}
	}
	total, rows := webstats.Sum(visits)
	r := &WebReport{Total: webRow(total), Activities: []WebActivity{}, Pages: ws.Pages, Referrers: ws.Referrers, Campaigns: []WebCampaign{},
		Imported: ws.Imported, limit: p.Limit}
	if !p.Since.IsZero() {
		r.Since = p.Since.Format(time.DateOnly)
	}
	if !p.Until.IsZero() {
		r.Until = p.Until.Format(time.DateOnly)
	}
	for _, row := range rows {
		r.Activities = append(r.Activities, WebActivity{Activity: names[row.Activity], WebRow: webRow(row)})
	}
	for _, c := range ws.Campaigns {
		r.Campaigns = append(r.Campaigns, WebCampaign{WebCount: c, Activity: byCode[crm.ActivityKey(c.Value)]})
	}
	return r, nil
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// WriteText writes the totals and the tables.
func (r *WebReport) WriteText(w io.Writer) error {
	t := newText(w)
	window := t.l.T("all time")
	if r.Since != "" || r.Until != "" {
		window = t.l.Dates(cmpStr(r.Since, "…")) + " – " + t.l.Dates(cmpStr(r.Until, "…"))
	}
	x := r.Total
	t.p("Web analytics, %s: %s visits of %s visitors, %s pageviews.\n", window, t.l.Count(int64(x.Visits)), t.l.Count(int64(x.Visitors)),
		t.l.Count(int64(x.Pageviews)))
	t.p("Single-page visits %s; forms begun %s, not sent %s; inquiries %s; visits tied to %s accounts.\n\n", t.l.Percent(x.BouncePct/100),
		t.l.Count(int64(x.FormsStarted)), t.l.Percent(x.AbandonPct/100), t.l.Count(int64(x.Inquiries)), t.l.Count(int64(x.Accounts)))
	n := limited(len(r.Activities), r.limit)
	tt := t.table("Activity", ">Visits", ">Visitors", ">Single-page", ">Forms not sent", ">Inquiries", ">Accounts")
	for _, a := range r.Activities[:n] {
		tt.add(nameCell(a.Activity), t.l.Count(int64(a.Visits)), t.l.Count(int64(a.Visitors)), t.l.Percent(a.BouncePct/100),
			t.l.Percent(a.AbandonPct/100), t.l.Count(int64(a.Inquiries)), t.l.Count(int64(a.Accounts)))
	}
	tt.write(t.b)
	t.more(n, len(r.Activities))
	for _, part := range []struct {
		title string
		rows  []crm.WebCount
	}{{"Page", r.Pages}, {"Referrer", r.Referrers}} {
		if len(part.rows) == 0 {
			continue
		}
		t.p("\n")
		n := limited(len(part.rows), r.limit)
		tt := t.table(part.title, ">Visitors", ">Pageviews")
		for _, c := range part.rows[:n] {
			tt.add(nameCell(c.Value), t.l.Count(int64(c.Visitors)), t.l.Count(int64(c.Pageviews)))
		}
		tt.write(t.b)
		t.more(n, len(part.rows))
	}
	return t.flush()
}

// WriteCSV writes the activities' rows, the total first.
func (r *WebReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "activity", "visits", "visitors", "pageviews", "single_page", "bounce_pct", "forms_started", "forms_abandoned", "abandon_pct",
		"inquiries", "accounts")
	row := func(name string, x WebRow) {
		c.row(name, fmtInt(x.Visits), fmtInt(x.Visitors), fmtInt(x.Pageviews), fmtInt(x.SinglePage), fmtNum(x.BouncePct), fmtInt(x.FormsStarted),
			fmtInt(x.Abandoned), fmtNum(x.AbandonPct), fmtInt(x.Inquiries), fmtInt(x.Accounts))
	}
	row("(all)", r.Total)
	for _, a := range r.Activities {
		row(a.Activity, a.WebRow)
	}
	return c.flush()
}
