package report

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/listening"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// The listening reports: share-of-voice, sentiment-trend,
// mentions-negative, mention-spikes and care. They join social media
// mentions to the pareto tiers of the revenue window.
//
// Windows: the tiers come from the revenue window as in the pareto report.
// Mentions are counted over the same dates when --since, --until or
// --as-of is given; otherwise over the 12 months up to the later of the
// revenue window's end and the newest mention, so that live mentions
// count next to an older invoice export. Without any orders every matched
// account is a prospect.

// recentDays is how far back mentions-negative looks from the window's end.
const recentDays = 90

// listeningBase is what every listening report starts from.
type listeningBase struct {
	s                  settled
	tiers              listening.Tiers
	revenue            float64
	since, until       time.Time // mention window, whole days, inclusive
	facts              []listening.Mention
	revSince, revUntil time.Time
}

func loadListening(ctx context.Context, st *store.Store, p Params) (*listeningBase, error) {
	b, err := listeningWindows(ctx, st, p)
	if err != nil {
		return nil, err
	}
	facts, err := st.MentionFacts(ctx, b.since, b.until.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	b.facts = make([]listening.Mention, len(facts))
	for i, f := range facts {
		b.facts[i] = listening.Mention{ID: f.ID, AccountID: f.AccountID, Author: f.Author, PostedAt: time.Unix(f.PostedAt, 0).UTC(),
			Compound: f.Compound, Intensity: f.Intensity}
	}
	return b, nil
}

// listeningWindows settles the windows and loads the tiers.
func listeningWindows(ctx context.Context, st *store.Store, p Params) (*listeningBase, error) {
	given := !p.AsOf.IsZero() || !p.Until.IsZero() || !p.Since.IsZero()
	s, err := settle(ctx, st, p)
	noOrders := crm.ErrorCode(err) == crm.ENOTFOUND
	if err != nil && !noOrders {
		return nil, err
	}
	latest, lerr := st.LatestMention(ctx)
	if lerr != nil && crm.ErrorCode(lerr) != crm.ENOTFOUND {
		return nil, lerr
	}
	if noOrders {
		if lerr != nil {
			return nil, crm.Errorf(crm.ENOTFOUND, "there are no orders and no mentions yet: import some with 'vitalfew import mentions FILE' or try 'vitalfew demo'")
		}
		q := p
		q.AsOf = latest
		if s, err = settle(ctx, st, q); err != nil {
			return nil, err
		}
	}
	b := &listeningBase{s: s, since: s.since, until: s.until, revSince: s.since, revUntil: s.until}
	if !given && lerr == nil && dateOf(latest).After(s.until) {
		b.until = dateOf(latest)
		b.since = yearBefore(b.until)
	}
	b.tiers = listening.Tiers{Of: map[int64]string{}, RevenueShare: map[string]float64{}}
	if !noOrders {
		res, err := tiersOver(ctx, st, s)
		if err != nil {
			return nil, err
		}
		b.revenue = res.Revenue
		for _, t := range res.Tiers {
			b.tiers.Names = append(b.tiers.Names, t.Tier)
			b.tiers.RevenueShare[t.Tier] = t.RevenueShare
		}
		for _, a := range res.Ranked {
			b.tiers.Of[a.ID] = a.Tier
		}
	} else {
		for i := range len(s.thresholds) + 1 {
			b.tiers.Names = append(b.tiers.Names, string(rune('A'+i)))
		}
	}
	return b, nil
}

// header is the window part of every listening report's JSON.
type listeningWindow struct {
	AsOf         string `json:"as_of"`
	Since        string `json:"since"` // mentions posted on or after this day
	Until        string `json:"until"` // … and on or before this one
	RevenueSince string `json:"revenue_since"`
	RevenueUntil string `json:"revenue_until"`
}

func (b *listeningBase) window() listeningWindow {
	return listeningWindow{AsOf: day(b.s.asOf), Since: day(b.since), Until: day(b.until), RevenueSince: day(b.revSince), RevenueUntil: day(b.revUntil)}
}

// line says which mentions and which revenue a listening report is of, in l.
func (w listeningWindow) line(l *i18n.Lang) string {
	return l.Lines("mentions %s .. %s; tiers from revenue %s .. %s", l.Dates(w.Since), l.Dates(w.Until), l.Dates(w.RevenueSince), l.Dates(w.RevenueUntil))
}

// ShareOfVoiceReport is the listening gap: per tier, the share of the
// mentions against the share of revenue.
type ShareOfVoiceReport struct {
	listeningWindow
	Mentions int               `json:"mentions"`
	Tiers    []listening.Voice `json:"tiers"` // the revenue tiers, then prospect and unknown
}

// ShareOfVoice builds the share-of-voice report.
func ShareOfVoice(ctx context.Context, st *store.Store, p Params) (*ShareOfVoiceReport, error) {
	b, err := listeningWindows(ctx, st, p)
	if err != nil {
		return nil, err
	}
	// Only the three columns share of voice needs: the report reads every
	// mention of the window.
	facts, err := st.VoiceFacts(ctx, b.since, b.until.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	ms := make([]listening.Mention, len(facts))
	for i, f := range facts {
		ms[i] = listening.Mention{AccountID: f.AccountID, Author: f.Author, Compound: f.Compound}
	}
	return &ShareOfVoiceReport{listeningWindow: b.window(), Mentions: len(ms), Tiers: listening.ShareOfVoice(ms, b.tiers)}, nil
}

// ListeningOverview is the four listening reports from one read of the
// mentions, for the web application's listening page.
type ListeningOverview struct {
	Voice    *ShareOfVoiceReport
	Trend    *SentimentTrendReport
	Negative *NegativeMentionsReport
	Spikes   *SpikesReport
}

// Listening builds share-of-voice, sentiment-trend, mentions-negative and
// mention-spikes at once, reading the mentions of the window once.
func Listening(ctx context.Context, st *store.Store, p Params) (*ListeningOverview, error) {
	b, err := loadListening(ctx, st, p)
	if err != nil {
		return nil, err
	}
	o := &ListeningOverview{
		Voice: &ShareOfVoiceReport{listeningWindow: b.window(), Mentions: len(b.facts), Tiers: listening.ShareOfVoice(b.facts, b.tiers)},
		Trend: b.sentimentTrend(), Spikes: b.spikes(),
	}
	if o.Negative, err = b.negativeMentions(ctx, st); err != nil {
		return nil, err
	}
	return o, nil
}

// Headline is the listening gap in one sentence (empty without mentions).
func (r *ShareOfVoiceReport) Headline() string { return r.HeadlineIn(i18n.English) }

// HeadlineIn is Headline in language l.
func (r *ShareOfVoiceReport) HeadlineIn(l *i18n.Lang) string {
	if r.Mentions == 0 || len(r.Tiers) < 2 {
		return ""
	}
	top := r.Tiers[0]
	return l.T("Tier %s brings %s of revenue and %s of the mentions; %s of the mentions come from prospects and unknown authors.",
		top.Tier, l.Percent(top.RevenueShare), l.Percent(top.MentionShare),
		l.Percent(r.Tiers[len(r.Tiers)-1].MentionShare+r.Tiers[len(r.Tiers)-2].MentionShare))
}

// WriteText writes the headline and the table of tiers.
func (r *ShareOfVoiceReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Share of voice by tier  %s\n\n", r.line(t.l))
	if r.Mentions == 0 {
		t.p("No mentions in this window.\n")
		return t.flush()
	}
	t.p("%s\n\n", r.HeadlineIn(t.l))
	tt := t.table("Tier", ">Mentions", ">% mentions", ">Authors", ">Sentiment", ">Negative", ">% revenue", ">Gap")
	for _, v := range r.Tiers {
		tt.add(v.Tier, t.l.Count(int64(v.Mentions)), t.l.Percent(v.MentionShare), t.l.Count(int64(v.Authors)),
			t.signed(v.MeanSentiment), t.l.Count(int64(v.Negative)), t.l.Percent(v.RevenueShare), t.signedPct(v.Gap))
	}
	tt.write(t.b)
	t.p("\nGap = share of mentions − share of revenue; negative: you hear less from the tier than it brings.\n")
	return t.flush()
}

// WriteCSV writes one row per tier.
func (r *ShareOfVoiceReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "tier", "mentions", "mention_share", "authors", "mean_sentiment", "negative", "positive", "revenue_share", "gap")
	for _, v := range r.Tiers {
		c.row(v.Tier, fmtInt(v.Mentions), fmtNum(v.MentionShare), fmtInt(v.Authors), fmtNum(v.MeanSentiment), fmtInt(v.Negative),
			fmtInt(v.Positive), fmtNum(v.RevenueShare), fmtNum(v.Gap))
	}
	return c.flush()
}

// SentimentTrendReport is the mean sentiment per tier and ISO week.
type SentimentTrendReport struct {
	listeningWindow
	Tiers []string    `json:"tiers"`
	Weeks []TrendWeek `json:"weeks"` // oldest first, every week from the first mention's to the last's
}

// TrendWeek is one week of the trend; Mentions and Mean follow Tiers.
type TrendWeek struct {
	Week     string    `json:"week"`  // ISO week, 2026-W47
	Start    string    `json:"start"` // its Monday
	Mentions []int     `json:"mentions"`
	Mean     []float64 `json:"mean"` // 0 where a tier has no mentions that week
}

// SentimentTrend builds the sentiment-trend report.
func SentimentTrend(ctx context.Context, st *store.Store, p Params) (*SentimentTrendReport, error) {
	b, err := loadListening(ctx, st, p)
	if err != nil {
		return nil, err
	}
	return b.sentimentTrend(), nil
}

func (b *listeningBase) sentimentTrend() *SentimentTrendReport {
	tr := listening.SentimentByWeek(b.facts, b.tiers)
	r := &SentimentTrendReport{listeningWindow: b.window(), Tiers: tr.Tiers, Weeks: make([]TrendWeek, len(tr.Weeks))}
	for i, w := range tr.Weeks {
		r.Weeks[i] = TrendWeek{Week: w.Week, Start: day(w.Start), Mentions: w.Mentions, Mean: w.Mean}
	}
	return r
}

// WriteText writes one line per week: mentions and mean sentiment per tier.
func (r *SentimentTrendReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Sentiment by tier and week  %s\n\n", r.line(t.l))
	if len(r.Weeks) == 0 {
		t.p("No mentions in this window.\n")
		return t.flush()
	}
	cols := []string{"Week"}
	for _, tier := range r.Tiers {
		cols = append(cols, ">"+tier)
	}
	tt := t.table(cols...)
	for _, wk := range r.Weeks {
		cells := []string{wk.Week}
		for k := range r.Tiers {
			cell := "-"
			if wk.Mentions[k] > 0 {
				cell = fmt.Sprintf("%s (%d)", t.signed(wk.Mean[k]), wk.Mentions[k])
			}
			cells = append(cells, cell)
		}
		tt.add(cells...)
	}
	tt.write(t.b)
	t.p("\nMean compound sentiment (−1 … +1) and, in brackets, the number of mentions.\n")
	return t.flush()
}

// WriteCSV writes week,start,tier,mentions,mean, one row per week and tier.
func (r *SentimentTrendReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "week", "start", "tier", "mentions", "mean_sentiment")
	for _, wk := range r.Weeks {
		for k, tier := range r.Tiers {
			c.row(wk.Week, wk.Start, tier, fmtInt(wk.Mentions[k]), fmtNum(wk.Mean[k]))
		}
	}
	return c.flush()
}

// MentionRow is one mention in a list.
type MentionRow struct {
	ID          int64   `json:"id"`
	PostedAt    string  `json:"posted_at"` // RFC 3339, UTC
	Platform    string  `json:"platform"`
	Author      string  `json:"author"` // the handle, else the name
	AccountID   int64   `json:"account_id,omitempty"`
	AccountName string  `json:"account_name,omitempty"`
	Tier        string  `json:"tier"`
	Compound    float64 `json:"compound"`
	Intensity   float64 `json:"intensity"`
	Text        string  `json:"text"`
	URL         string  `json:"url,omitempty"`
}

func mentionRow(m crm.Mention, tier string, names map[int64]string) MentionRow {
	author := m.AuthorHandle
	if author == "" {
		author = m.AuthorName
	}
	return MentionRow{ID: m.ID, PostedAt: m.PostedAt.UTC().Format(time.RFC3339), Platform: m.Platform, Author: author,
		AccountID: m.AccountID, AccountName: names[m.AccountID], Tier: tier, Compound: m.Compound, Intensity: m.Intensity, Text: m.Text, URL: m.URL}
}

// mentionsWithNames loads the mentions with ids, in that order, and the
// names of their accounts.
func mentionsWithNames(ctx context.Context, st *store.Store, ids []int64) ([]crm.Mention, map[int64]string, error) {
	ms, err := st.MentionsByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var accounts []int64
	for _, m := range ms {
		if m.AccountID != 0 {
			accounts = append(accounts, m.AccountID)
		}
	}
	names, err := st.AccountNames(ctx, accounts)
	return ms, names, err
}

// NegativeMentionsReport lists the most negative recent mentions from the
// top tier's accounts: the complaints of the customers who matter most.
type NegativeMentionsReport struct {
	listeningWindow
	Tier     string       `json:"tier"`
	From     string       `json:"from"` // the first day looked at: 90 days before until
	Mentions []MentionRow `json:"mentions"`

	limit int
}

// NegativeMentions builds the mentions-negative report: every negative
// mention (compound ≤ −0.05) from a top-tier (A) account in the last 90
// days of the mention window, most negative first.
func NegativeMentions(ctx context.Context, st *store.Store, p Params) (*NegativeMentionsReport, error) {
	b, err := loadListening(ctx, st, p)
	if err != nil {
		return nil, err
	}
	return b.negativeMentions(ctx, st)
}

func (b *listeningBase) negativeMentions(ctx context.Context, st *store.Store) (*NegativeMentionsReport, error) {
	from := b.until.AddDate(0, 0, -recentDays+1)
	if from.Before(b.since) {
		from = b.since
	}
	r := &NegativeMentionsReport{listeningWindow: b.window(), Tier: "A", From: day(from), Mentions: []MentionRow{}, limit: b.s.limit}
	neg := listening.MostNegative(b.facts, b.tiers, r.Tier, from, -1)
	ids := make([]int64, len(neg))
	for i, m := range neg {
		ids[i] = m.ID
	}
	ms, names, err := mentionsWithNames(ctx, st, ids)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		r.Mentions = append(r.Mentions, mentionRow(m, r.Tier, names))
	}
	return r, nil
}

// WriteText writes the list, texts cut to one line.
func (r *NegativeMentionsReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Most negative mentions from tier %s accounts  %s .. %s\n\n", r.Tier, r.From, r.Until)
	if len(r.Mentions) == 0 {
		t.p("None.\n")
		return t.flush()
	}
	n := limited(len(r.Mentions), r.limit)
	tt := t.table("Posted", ">Sentiment", "Account", "Platform", "Author", "Text")
	for _, m := range r.Mentions[:n] {
		tt.add(m.PostedAt[:10], t.signed(m.Compound), nameCell(m.AccountName), m.Platform, textfmt.Clip(textfmt.Clean(m.Author), 20),
			textfmt.Clip(textfmt.Clean(m.Text), 60))
	}
	tt.write(t.b)
	t.more(n, len(r.Mentions))
	return t.flush()
}

// WriteCSV writes every mention of the list.
func (r *NegativeMentionsReport) WriteCSV(w io.Writer) error {
	return writeMentionCSV(w, r.Mentions)
}

func writeMentionCSV(w io.Writer, ms []MentionRow) error {
	c := newCSV(w, "id", "posted_at", "platform", "author", "account_id", "account_name", "tier", "compound", "intensity", "text", "url")
	for _, m := range ms {
		c.row(fmtID(m.ID), m.PostedAt, m.Platform, m.Author, fmtID(m.AccountID), m.AccountName, m.Tier,
			fmtNum(m.Compound), fmtNum(m.Intensity), m.Text, m.URL)
	}
	return c.flush()
}

// SpikesReport lists the days of unusual mention volume.
type SpikesReport struct {
	listeningWindow
	Days   int        `json:"days"` // days judged (with 28 days before them in the window)
	Spikes []SpikeDay `json:"spikes"`
	Daily  []DailyRow `json:"daily"` // every day of the window from the first mention
}

// SpikeDay is one spike. Sigmas is null when the trailing days were all
// equal (any higher day is then a spike).
type SpikeDay struct {
	Day          string   `json:"day"`
	Mentions     int      `json:"mentions"`
	TrailingMean float64  `json:"trailing_mean"`
	TrailingSD   float64  `json:"trailing_sd"`
	Sigmas       *float64 `json:"sigmas"`
}

// DailyRow is one day's mention count.
type DailyRow struct {
	Day      string `json:"day"`
	Mentions int    `json:"mentions"`
}

// Spikes builds the mention-spikes report: days whose mention count exceeds
// the mean of the 28 days before by more than 3 standard deviations.
func Spikes(ctx context.Context, st *store.Store, p Params) (*SpikesReport, error) {
	b, err := loadListening(ctx, st, p)
	if err != nil {
		return nil, err
	}
	return b.spikes(), nil
}

func (b *listeningBase) spikes() *SpikesReport {
	days := listening.Daily(b.facts)
	// The window's days after the first mention, including quiet ones at
	// the end.
	if n := len(days); n > 0 {
		for d := days[n-1].Day.AddDate(0, 0, 1); !d.After(b.until); d = d.AddDate(0, 0, 1) {
			days = append(days, listening.Day{Day: d})
		}
	}
	r := &SpikesReport{listeningWindow: b.window(), Days: max(0, len(days)-listening.SpikeWindow), Spikes: []SpikeDay{}, Daily: make([]DailyRow, len(days))}
	for i, d := range days {
		r.Daily[i] = DailyRow{Day: day(d.Day), Mentions: d.Mentions}
	}
	for _, s := range listening.Spikes(days) {
		sd := SpikeDay{Day: day(s.Day), Mentions: s.Mentions, TrailingMean: s.Mean, TrailingSD: s.SD}
		if !math.IsInf(s.Sigmas, 0) {
			v := s.Sigmas
			sd.Sigmas = &v
		}
		r.Spikes = append(r.Spikes, sd)
	}
	return r
}

// WriteText writes the spike days.
func (r *SpikesReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Mention spikes (a day above the trailing 28-day mean by 3 standard deviations)  %s\n\n", r.line(t.l))
	if len(r.Spikes) == 0 {
		t.p("No spikes in %s days judged.\n", t.l.Count(int64(r.Days)))
		return t.flush()
	}
	tt := t.table("Day", ">Mentions", ">Trailing mean", ">Trailing sd", ">Sigmas")
	for _, s := range r.Spikes {
		sig := "∞"
		if s.Sigmas != nil {
			sig = strconv.FormatFloat(*s.Sigmas, 'f', 1, 64)
		}
		tt.add(s.Day, t.l.Count(int64(s.Mentions)), strconv.FormatFloat(s.TrailingMean, 'f', 1, 64), strconv.FormatFloat(s.TrailingSD, 'f', 1, 64), sig)
	}
	tt.write(t.b)
	return t.flush()
}

// WriteCSV writes the spike days.
func (r *SpikesReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "day", "mentions", "trailing_mean", "trailing_sd", "sigmas")
	for _, s := range r.Spikes {
		sig := ""
		if s.Sigmas != nil {
			sig = fmtNum(*s.Sigmas)
		}
		c.row(s.Day, fmtInt(s.Mentions), fmtNum(s.TrailingMean), fmtNum(s.TrailingSD), sig)
	}
	return c.flush()
}

func signed(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func signedPct(f float64) string { return signedPctIn(i18n.English, f) }

func signedPctIn(l *i18n.Lang, f float64) string {
	s := l.Percent(f)
	if f > 0 {
		s = "+" + s
	}
	return s
}
