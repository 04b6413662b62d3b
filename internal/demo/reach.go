package demo

import (
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The demo's reach and PR over its marketing year: the month-end follower
// counts of LinkedIn and the newsletter (growing fastest while the
// LinkedIn ads run) and a handful of press mentions around the trade
// fair and the webinars.

// Reach returns the demo's follower snapshots, one a channel and month
// end of the year before cfg.AsOf.
func Reach(cfg Config) ([]crm.ReachSnapshot, error) {
	cfg, err := cfg.WithDefaults()
	if err != nil {
		return nil, err
	}
	var out []crm.ReachSnapshot
	linkedin, newsletter := 1800.0, 950.0
	for m := 12; m >= 1; m-- {
		day := time.Date(cfg.AsOf.Year(), cfg.AsOf.Month()-time.Month(m)+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		ago := int(cfg.AsOf.Sub(day).Hours() / 24)
		grow := 0.01
		if ago <= 300 && ago >= 60 { // the LinkedIn ads run
			grow = 0.045
		}
		linkedin *= 1 + grow
		newsletter *= 1.012
		out = append(out,
			crm.ReachSnapshot{Line: len(out) + 2, Channel: "LinkedIn", Day: day, Followers: int64(linkedin), Forwards: int64(linkedin * 0.01)},
			crm.ReachSnapshot{Line: len(out) + 3, Channel: "Newsletter", Day: day, Followers: int64(newsletter), Forwards: int64(newsletter * 0.03)})
	}
	return out, nil
}

// Press returns the demo's press mentions (their tone is scored where
// they are imported); keyMessage is the demo's key message.
func Press(cfg Config) ([]crm.PressMention, error) {
	cfg, err := cfg.WithDefaults()
	if err != nil {
		return nil, err
	}
	day := func(before int) time.Time { return cfg.AsOf.AddDate(0, 0, -before) }
	return []crm.PressMention{
		{Line: 2, Day: day(166), Outlet: "VDI nachrichten", Title: "Valves that save energy: a highlight at the Hannover fair", Impressions: 150_000,
			Text: "A reliable partner for the energy transition, praised by visitors.", Activity: "HMI26"},
		{Line: 3, Day: day(163), Outlet: "Hannoversche Allgemeine", Title: "Fair exhibitors report full order books", Impressions: 90_000,
			Text: "Among the exhibitors a family business showing its new valve series.", Activity: "HMI26"},
		{Line: 4, Day: day(120), Outlet: "Process magazine", Title: "Webinar series on maintenance draws a large audience", Impressions: 25_000,
			Text: "Practical, clear and helpful: how to save energy in pumps and valves.", Activity: "WEB26"},
		{Line: 5, Day: day(45), Outlet: "Local paper", Title: "Delivery delays frustrate customers", Impressions: 12_000,
			Text: "Complaints about late deliveries after a supplier failed; the company apologised."},
	}, nil
}

// KeyMessage is the demo's key message: press that says it got it across.
const KeyMessage = "save energy"
