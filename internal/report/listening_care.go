package report

import (
	"context"
	"io"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/listening"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/sentiment"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// CareReport is the customer-care queue and its figures per tier.
type CareReport struct {
	listeningWindow
	// Now is the clock the ages are measured against: the end of the
	// as-of day when --as-of is given, else the time the report ran.
	Now     string               `json:"now"`
	Targets []CareTarget         `json:"targets"`
	Tiers   []listening.CareTier `json:"tiers"`
	// Queue is every open mention, highest priority first.
	Queue []CareRow `json:"queue"`
	Open  int       `json:"open"`
	// Overdue counts the open, unanswered mentions older than their tier's
	// response-time target.
	Overdue int `json:"overdue"`
	// ValueBy says what the priority took as an account's value: "clv"
	// when the customer-base model fits the orders (the clv report's
	// figures), else "tier".
	ValueBy string `json:"value_by"`

	limit int
}

// CareTarget is one tier's response-time target.
type CareTarget struct {
	Tier  string  `json:"tier"`
	Hours float64 `json:"hours"`
}

// CareRow is one mention in the care queue.
type CareRow struct {
	MentionRow
	Priority    float64 `json:"priority"`
	AgeHours    float64 `json:"age_hours"`
	TargetHours float64 `json:"target_hours"`
	Overdue     bool    `json:"overdue"` // unanswered and older than the target
	Care        string  `json:"care"`
	Assignee    string  `json:"assignee,omitempty"`
	AssigneeID  int64   `json:"assignee_id,omitempty"`
	ReplyNote   string  `json:"reply_note,omitempty"`
	RespondedAt string  `json:"responded_at,omitempty"`
	// Value is the account's weight in the priority, 0..1
	// (listening.Value).
	Value float64 `json:"value"`
	// Lang is the language of the mention's text (en, de, …).
	Lang string `json:"lang,omitempty"`
	// Intent is what the text asks for: complaint, question, request,
	// praise or other (internal/sentiment, read from the text when the
	// report is built; a few microseconds a mention).
	Intent string `json:"intent"`
}

// Care builds the care report. Priority and figures follow
// listening.Priority and listening.Figures; the value of an account is its
// customer lifetime value where the customer-base model knows it (the clv
// report's model, Params.Base's when given), else its tier's
// (listening.TierValue). The figures cover the mentions that needed an
// answer posted in the mention window, and every open one.
func Care(ctx context.Context, st *store.Store, p Params) (*CareReport, error) {
	now := time.Now().UTC()
	if !p.AsOf.IsZero() {
		now = dateOf(p.AsOf).AddDate(0, 0, 1)
	}
	return CareAt(ctx, st, p, now, nil)
}

// CareAt is Care with the clock set to now and, unless clv is nil, the
// accounts' lifetime values given.
func CareAt(ctx context.Context, st *store.Store, p Params, now time.Time, clv map[int64]float64) (*CareReport, error) {
	b, err := loadListening(ctx, st, p)
	if err != nil {
		return nil, err
	}
	if clv == nil {
		m, _, err := modelAt(ctx, st, b.s, b.s.asOf)
		if err != nil {
			return nil, err
		}
		clv = m.clvByAccount()
	}
	return careOf(ctx, st, b, now, clv)
}

// careOf builds the report with the accounts' lifetime values (empty: by
// tier).
func careOf(ctx context.Context, st *store.Store, b *listeningBase, now time.Time, clv map[int64]float64) (*CareReport, error) {
	targets, err := st.CareTargets(ctx)
	if err != nil {
		return nil, err
	}
	raw, err := st.CareItems(ctx, b.since, b.until.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	// The open items' texts: their intent weighs in the priority
	// (listening.NeedOf), and the queue shows them.
	var open []int64
	for _, c := range raw {
		if c.Care == crm.CareOpen {
			open = append(open, c.ID)
		}
	}
	ms, names, err := mentionsWithNames(ctx, st, open)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]crm.Mention, len(ms))
	intents := make(map[int64]string, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
		intents[m.ID] = sentiment.ScoreSource(m.Text, m.Lang, sentiment.PlatformSource(m.Platform)).Intent
	}
	items := make([]listening.CareItem, len(raw))
	for i, c := range raw {
		items[i] = listening.CareItem{ID: c.ID, AccountID: c.AccountID, PostedAt: c.PostedAt, Compound: c.Compound, Intensity: c.Intensity,
			Open: c.Care == crm.CareOpen, RespondedAt: c.RespondedAt, ResolvedAt: c.ResolvedAt, Intent: intents[c.ID]}
	}
	r := &CareReport{listeningWindow: b.window(), Now: now.Format(time.RFC3339), Queue: []CareRow{}, limit: b.s.limit}
	for _, t := range b.tiers.All() {
		r.Targets = append(r.Targets, CareTarget{Tier: t, Hours: listening.TargetOf(targets, t)})
	}
	r.Tiers = listening.Figures(items, b.tiers, targets, now)
	q := listening.Queue(items, b.tiers, listening.NewValue(b.tiers, clv), targets, now)
	r.ValueBy = "tier"
	if len(clv) > 0 {
		r.ValueBy = "clv"
	}
	users, err := st.UserNames(ctx)
	if err != nil {
		return nil, err
	}
	for i := range q {
		m, ok := byID[q[i].ID]
		if !ok {
			continue // deleted meanwhile
		}
		row := CareRow{MentionRow: mentionRow(m, q[i].Tier, names), Priority: q[i].Priority, AgeHours: q[i].AgeHours, TargetHours: q[i].TargetHours,
			Overdue: q[i].Overdue, Care: m.Care, AssigneeID: m.AssigneeID, Assignee: users[m.AssigneeID], ReplyNote: m.ReplyNote,
			Value: q[i].Value, Lang: m.Lang, Intent: intents[m.ID]}
		if !m.RespondedAt.IsZero() {
			row.RespondedAt = m.RespondedAt.Format(time.RFC3339)
		}
		r.Queue = append(r.Queue, row)
		if row.Overdue {
			r.Overdue++
		}
	}
	r.Open = len(r.Queue)
	return r, nil
}

// WriteText writes the figures per tier and the top of the queue.
func (r *CareReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Customer care  as of %s; %s\n\n", r.Now, r.line(t.l))
	t.p("%s open, %s overdue.\n\n", t.l.Count(int64(r.Open)), t.l.Count(int64(r.Overdue)))
	tt := t.table("Tier", ">Target (h)", ">Needed answer", ">Resolved", ">Resolved %", ">Median 1st response (h)", ">Within target", ">Open", ">Overdue")
	for _, c := range r.Tiers {
		tt.add(c.Tier, t.l.Hours(c.TargetHours), t.l.Count(int64(c.Items)), t.l.Count(int64(c.Resolved)), t.l.Percent(c.ResolvedShare),
			t.l.Hours(c.MedianResponseHours), t.l.Percent(c.WithinTargetShare), t.l.Count(int64(c.Open)), t.l.Count(int64(c.Overdue)))
	}
	tt.write(t.b)
	if len(r.Queue) == 0 {
		t.p("\nThe queue is empty.\n")
		return t.flush()
	}
	t.p("\nQueue, highest priority first\n")
	n := limited(len(r.Queue), r.limit)
	qt := t.table(">Priority", "Tier", ">Age (h)", "Due", "Account", "Platform", "Intent", "Text")
	for _, q := range r.Queue[:n] {
		due := ""
		if q.Overdue {
			due = t.l.Value("OVERDUE")
		}
		qt.add(t.l.Hours(q.Priority), q.Tier, t.l.Hours(q.AgeHours), due, nameCell(q.AccountName), q.Platform, t.l.Value(q.Intent), textfmt.Clip(textfmt.Clean(q.Text), 60))
	}
	qt.write(t.b)
	t.more(n, len(r.Queue))
	return t.flush()
}

// WriteCSV writes the queue.
func (r *CareReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "id", "priority", "tier", "age_hours", "target_hours", "overdue", "posted_at", "platform", "author", "account_id",
		"account_name", "compound", "intensity", "assignee", "text", "url", "value", "lang", "care", "responded_at", "intent")
	for _, q := range r.Queue {
		over := "false"
		if q.Overdue {
			over = "true"
		}
		c.row(fmtID(q.ID), fmtNum(q.Priority), q.Tier, fmtNum(q.AgeHours), fmtNum(q.TargetHours), over, q.PostedAt, q.Platform,
			q.Author, fmtID(q.AccountID), q.AccountName, fmtNum(q.Compound), fmtNum(q.Intensity), q.Assignee, q.Text, q.URL,
			fmtNum(q.Value), q.Lang, q.Care, q.RespondedAt, q.Intent)
	}
	return c.flush()
}
