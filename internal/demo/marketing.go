package demo

import (
	"math/rand/v2"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The demo's marketing: a year of activities before AsOf with their costs
// and codes, and the touches that tie the customers won in that year to
// them, drawn from each account's acquisition source. The touches use a
// random source of their own, so the rest of the business is the same
// with them as without.

// marketingPlan is one activity of the demo's marketing year: its start
// and end in days before AsOf, its cost for 500 accounts (scaled with
// Config.Accounts), the acquisition sources it brings, and how its
// customers are known.
type marketingPlan struct {
	name, kind, channel, code string
	from, to                  int // days before AsOf
	cost                      int64
	marketing                 bool
	sources                   []string
	method                    string
}

var marketingYear = []marketingPlan{
	{"Trade fair autumn 2025", "event", "trade fair", "FAIR25", 360, 356, 4_500_000, true, []string{"trade fair"}, crm.TouchPOS},
	{"Trade fair Hannover 2026", "event", "trade fair", "HMI26", 170, 165, 6_000_000, true, []string{"trade fair"}, crm.TouchPOS},
	{"Google search ads", "ad", "cpc", "search-2026", 365, 1, 2_400_000, true, []string{"search", "website"}, crm.TouchForward},
	{"LinkedIn ads", "ad", "social", "li-2026", 300, 60, 1_800_000, true, []string{"linkedin"}, crm.TouchForward},
	{"Webinar series", "webinar", "webinar", "WEB26", 330, 30, 600_000, true, []string{"webinar"}, crm.TouchForward},
	{"Newsletter", "email", "email", "NL26", 365, 1, 300_000, true, []string{"newsletter"}, crm.TouchForward},
	{"Partner programme", "referral_program", "partner", "PARTNER", 365, 1, 1_200_000, true, []string{"partner"}, crm.TouchReverse},
	{"Cold calling", "other", "sales", "", 365, 1, 0, false, []string{"cold call"}, crm.TouchReverse},
	{"Customer referrals", "other", "referral", "", 365, 1, 0, false, []string{"referral"}, crm.TouchReverse},
	{"Word of mouth", "other", "", "", 365, 1, 0, false, []string{"word of mouth"}, crm.TouchPOS},
}

// Activities returns the demo's marketing activities of the year before
// cfg.AsOf, with their costs (for the default 500 accounts; scaled with
// the number of accounts) and tracking codes.
func Activities(cfg Config) ([]crm.ActivityRecord, error) {
	cfg, err := cfg.WithDefaults()
	if err != nil {
		return nil, err
	}
	out := make([]crm.ActivityRecord, len(marketingYear))
	for i, p := range marketingYear {
		out[i] = crm.ActivityRecord{Line: i + 2, Code: p.code, Activity: crm.Activity{
			Name: p.name, Kind: p.kind, Channel: p.channel, Marketing: p.marketing, Status: crm.ActivityDone,
			StartsOn: cfg.AsOf.AddDate(0, 0, -p.from), EndsOn: cfg.AsOf.AddDate(0, 0, -p.to),
			Cost: crm.Money(p.cost * int64(cfg.Accounts) / DefaultAccounts),
		}}
	}
	return out, nil
}

// marketingTouches adds to b the touches of account i (external id ext,
// acquired by source) when its first order lies in the marketing year:
// the activity of its source running then (forward by its code, at the
// point of sale or found afterwards), and for some an earlier ad or
// webinar, so that the models differ. One in eight is never asked and
// stays of unknown origin, as in life.
func (g *generator) marketingTouches(b *Batch, i int, ext, source string, firstOrder time.Time) {
	start := g.cfg.AsOf.AddDate(0, 0, -365)
	if firstOrder.IsZero() || firstOrder.Before(start) || source == "unknown" {
		return
	}
	r := rand.New(rand.NewPCG(uint64(g.cfg.Seed), uint64(i)^0x6d61726b6574696e))
	if r.Float64() < 0.125 {
		return
	}
	g.heardAbout(b, i, source)
	daysBefore := int(g.cfg.AsOf.Sub(firstOrder).Hours() / 24)
	add := func(p marketingPlan, day time.Time) {
		rec := crm.ActivityTouchRecord{Line: len(b.ActivityTouches) + 2, CustomerID: ext, Activity: p.name, Date: day, Method: p.method}
		if p.code != "" && p.method == crm.TouchForward {
			rec.Activity, rec.Code = "", p.code
		}
		b.ActivityTouches = append(b.ActivityTouches, rec)
	}
	var main *marketingPlan
	for k := range marketingYear {
		p := &marketingYear[k]
		for _, s := range p.sources {
			// The activity ran before the first order (a trade fair up
			// to four months before).
			if s == source && p.from >= daysBefore && (p.kind != "event" || p.to-daysBefore <= 120) {
				if main == nil || p.to < main.to {
					main = p
				}
			}
		}
	}
	if main == nil {
		return
	}
	lead := 1 + r.IntN(21)
	if main.kind == "event" { // met at the fair: its last day, or the day of the order during it
		lead = max(main.to-daysBefore, 0)
	}
	day := firstOrder.AddDate(0, 0, -lead)
	// An earlier touch of another marketing activity for some.
	if r.Float64() < 0.35 {
		other := []int{2, 3, 4}[r.IntN(3)] // search ads, LinkedIn ads, webinars
		if p := marketingYear[other]; p.name != main.name && p.from >= daysBefore+lead+10 {
			add(p, day.AddDate(0, 0, -10-r.IntN(40)))
		}
	}
	add(*main, day)
}

// heardAnswers are what the customers of each acquisition source say when
// asked how they heard of the business: the same few things in their own
// words, for staff to map to activities once on /marketing.
var heardAnswers = map[string][]string{
	"trade fair":    {"Trade fair", "Messe Hannover", "At the trade fair", "Hannover Messe!", "messe hannover"},
	"search":        {"Google", "google search", "Internet search", "Google."},
	"website":       {"Your website", "Internet", "website"},
	"linkedin":      {"LinkedIn", "LinkedIn ad", "linkedin"},
	"webinar":       {"Webinar", "Your webinar", "webinar series"},
	"newsletter":    {"Newsletter", "E-mail newsletter", "newsletter"},
	"partner":       {"Partner", "Our partner recommended you"},
	"word of mouth": {"A colleague", "a colleague", "Recommendation", "Empfehlung"},
	"cold call":     {"Your sales rep called", "Phone call"},
	"referral":      {"A customer of yours", "Recommendation"},
}

// heardAbout gives the account just added to b (number i, acquired by
// source in the marketing year) its answer to "how did you hear about
// us?": six in ten answer. A random source of its own keeps the rest of
// the demo as it was.
func (g *generator) heardAbout(b *Batch, i int, source string) {
	answers := heardAnswers[source]
	if len(answers) == 0 || len(b.Accounts) == 0 {
		return
	}
	r := rand.New(rand.NewPCG(uint64(g.cfg.Seed), uint64(i)^0x6865617264))
	if r.Float64() < 0.6 {
		b.Accounts[len(b.Accounts)-1].Account.HeardAbout = answers[r.IntN(len(answers))]
	}
}
