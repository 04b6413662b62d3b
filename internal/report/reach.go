package report

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// ReachReport is the reach and PR of a window: each channel's followers
// at its first and last snapshot in it, and the press mentions with their
// impressions, tone and how often the key message came through.
type ReachReport struct {
	Since         string             `json:"since,omitempty"`
	Until         string             `json:"until,omitempty"`
	Channels      []ReachChannel     `json:"channels"`
	Mentions      int                `json:"mentions"`
	Impressions   int64              `json:"impressions"`
	PositivePct   float64            `json:"positive_pct"`
	NegativePct   float64            `json:"negative_pct"`
	KeyMessagePct float64            `json:"key_message_pct"`
	Press         []crm.PressMention `json:"press"`
	limit         int
}

// ReachChannel is one channel's audience over the window.
type ReachChannel struct {
	Channel   string    `json:"channel"`
	From      time.Time `json:"from"`
	Followers int64     `json:"followers_from"`
	To        time.Time `json:"to"`
	Now       int64     `json:"followers_to"`
	Growth    int64     `json:"growth"`
	GrowthPct *float64  `json:"growth_pct"` // nil when it started from 0
	Forwards  int64     `json:"forwards"`   // of the last snapshot
}

// Reach reads the reach and PR of p.Since..p.Until (all time without).
func Reach(ctx context.Context, st *store.Store, p Params) (*ReachReport, error) {
	snaps, press, err := st.Reach(ctx, p.Since, p.Until)
	if err != nil {
		return nil, err
	}
	r := &ReachReport{Channels: []ReachChannel{}, Press: press, Mentions: len(press), limit: p.Limit}
	if !p.Since.IsZero() {
		r.Since = p.Since.Format(time.DateOnly)
	}
	if !p.Until.IsZero() {
		r.Until = p.Until.Format(time.DateOnly)
	}
	for _, s := range snaps { // by channel (without case), then day
		n := len(r.Channels)
		if n == 0 || !strings.EqualFold(r.Channels[n-1].Channel, s.Channel) {
			r.Channels = append(r.Channels, ReachChannel{Channel: s.Channel, From: s.Day, Followers: s.Followers})
			n++
		}
		c := &r.Channels[n-1]
		c.To, c.Now, c.Forwards, c.Growth = s.Day, s.Followers, s.Forwards, s.Followers-c.Followers
		c.GrowthPct = nil
		if c.Followers > 0 {
			pct := 100 * float64(c.Growth) / float64(c.Followers)
			c.GrowthPct = &pct
		}
	}
	var pos, neg, key int
	for _, m := range press {
		r.Impressions += m.Impressions
		switch m.ToneLabel {
		case "positive":
			pos++
		case "negative":
			neg++
		}
		if m.KeyMessage {
			key++
		}
	}
	if n := float64(len(press)); n > 0 {
		r.PositivePct, r.NegativePct, r.KeyMessagePct = 100*float64(pos)/n, 100*float64(neg)/n, 100*float64(key)/n
	}
	return r, nil
}

// WriteText writes the channels and the press mentions.
func (r *ReachReport) WriteText(w io.Writer) error {
	t := newText(w)
	tt := t.table("Channel", "From", ">Followers", "To", ">Followers", ">Growth", ">Forwards")
	for _, c := range r.Channels {
		g := "—"
		if c.GrowthPct != nil {
			g = t.signedPct(*c.GrowthPct / 100)
		}
		tt.add(nameCell(c.Channel), c.From.Format(time.DateOnly), t.l.Count(c.Followers), c.To.Format(time.DateOnly), t.l.Count(c.Now), g,
			t.l.Count(c.Forwards))
	}
	tt.write(t.b)
	t.p("\n%s press mentions, %s impressions: %s positive, %s negative; the key message came through in %s.\n\n", t.l.Count(int64(r.Mentions)),
		t.l.Count(r.Impressions), t.l.Percent(r.PositivePct/100), t.l.Percent(r.NegativePct/100), t.l.Percent(r.KeyMessagePct/100))
	n := limited(len(r.Press), r.limit)
	tt = t.table("Date", "Outlet", "Title", ">Impressions", ">Tone", "Key message")
	for _, m := range r.Press[:n] {
		key := t.l.T("no")
		if m.KeyMessage {
			key = t.l.T("yes")
		}
		tt.add(m.Day.Format(time.DateOnly), nameCell(m.Outlet), nameCell(m.Title), t.l.Count(m.Impressions), strconv.FormatFloat(m.Tone, 'f', 2, 64), key)
	}
	tt.write(t.b)
	t.more(n, len(r.Press))
	return t.flush()
}

// WriteCSV writes the press mentions.
func (r *ReachReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "date", "outlet", "title", "url", "impressions", "tone", "tone_label", "key_message", "activity")
	for _, m := range r.Press {
		c.row(m.Day.Format(time.DateOnly), m.Outlet, m.Title, m.URL, strconv.FormatInt(m.Impressions, 10), fmtNum(m.Tone), m.ToneLabel,
			strconv.FormatBool(m.KeyMessage), m.Activity)
	}
	return c.flush()
}
