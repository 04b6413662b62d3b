package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The demo's web site: a year of hits before AsOf, as our own script
// would have sent them (vitalfew's web analytics). Visitors come directly
// or by search, and, while the marketing year's activities run, by their
// tracked links: the search ads (utm_campaign=search-2026), LinkedIn
// (li-2026, many single-page visits), the newsletter (NL26, few), the
// webinar series (WEB26) and the trade fair's landing page (vf=HMI26).
// About one visit in twelve begins the contact form; half of those send
// it and see the goal page /contact/thanks.

// WebGoalPage is the demo site's goal page (the setting goal_pages).
const WebGoalPage = "/contact/thanks"

// webSource is a way visitors come: its tracked link, referrer, share of
// single-page visits and how many visits a day it brings (for 500
// accounts) while its activity runs.
type webSource struct {
	plan                       string // the marketing plan's name ("": not a campaign)
	referrer                   string
	utmSource, utmMedium, code string
	vf                         bool // the code as vf= (a printed link) instead of utm_campaign
	landing                    string
	bounce                     float64
	perDay                     float64
}

var webSources = []webSource{
	{"", "", "", "", "", false, "/", 0.45, 9},
	{"", "google.com", "", "", "", false, "/products", 0.5, 6},
	{"Google search ads", "google.com", "google", "cpc", "search-2026", false, "/products/valves", 0.4, 5},
	{"LinkedIn ads", "linkedin.com", "linkedin", "social", "li-2026", false, "/lp/automation", 0.7, 3},
	{"Newsletter", "", "newsletter", "email", "NL26", false, "/blog/maintenance-tips", 0.3, 2},
	{"Webinar series", "", "webinar", "email", "WEB26", false, "/webinars", 0.35, 1.5},
	{"Trade fair Hannover 2026", "", "", "", "HMI26", true, "/fair", 0.25, 12},
}

var webPages = []string{"/", "/products", "/products/valves", "/products/pumps", "/pricing", "/about", "/references", "/contact"}

var webAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
}

// WebHits calls fn with the demo site's hits of the year before cfg.AsOf,
// in time order: deterministic for the seed, about 20 visits a working
// day for 500 accounts (scaled with the number of accounts, up to 2,000).
func WebHits(cfg Config, fn func(crm.WebHit) error) error {
	cfg, err := cfg.WithDefaults()
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x77656268697473))
	running := map[string][2]time.Time{}
	for _, p := range marketingYear {
		running[p.name] = [2]time.Time{cfg.AsOf.AddDate(0, 0, -p.from), cfg.AsOf.AddDate(0, 0, -p.to+1)}
	}
	scale := float64(min(cfg.Accounts, 4*DefaultAccounts)) / DefaultAccounts // a big demo gets no bigger site
	visitor := 0
	for d := 365; d >= 1; d-- {
		day := cfg.AsOf.AddDate(0, 0, -d)
		weekday := 1.0
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			weekday = 0.3
		}
		var hits []crm.WebHit
		for _, s := range webSources {
			if s.plan != "" {
				span := running[s.plan]
				if day.Before(span[0]) || !day.Before(span[1]) {
					continue
				}
			}
			mean := s.perDay * weekday * scale
			n := int(mean)
			if r.Float64() < mean-float64(n) {
				n++
			}
			for range n {
				visitor++
				hits = append(hits, webVisit(r, s, day, visitor)...)
			}
		}
		slices.SortStableFunc(hits, func(a, b crm.WebHit) int { return a.At.Compare(b.At) })
		for _, h := range hits {
			if err := fn(h); err != nil {
				return err
			}
		}
	}
	return nil
}

// webVisit is one visit's hits.
func webVisit(r *rand.Rand, s webSource, day time.Time, visitor int) []crm.WebHit {
	at := day.Add(time.Duration(7*3600+r.IntN(12*3600)) * time.Second)
	base := crm.WebHit{Site: "www.example-industrie.de", IP: fmt.Sprintf("10.%d.%d.%d", visitor>>16&255, visitor>>8&255, visitor&255),
		UserAgent: webAgents[visitor%len(webAgents)]}
	first := base
	first.At, first.Event, first.Path, first.Referrer = at, crm.HitPageview, s.landing, s.referrer
	first.UTMSource, first.UTMMedium = s.utmSource, s.utmMedium
	if s.vf {
		first.Code = s.code
	} else {
		first.UTMCampaign = s.code
	}
	hits := []crm.WebHit{first}
	if r.Float64() < s.bounce {
		return hits
	}
	page := func(path string) {
		at = at.Add(time.Duration(30+r.IntN(150)) * time.Second)
		h := base
		h.At, h.Event, h.Path = at, crm.HitPageview, path
		hits = append(hits, h)
	}
	for n := 1 + r.IntN(4); n > 0; n-- {
		page(webPages[r.IntN(len(webPages))])
	}
	if r.Float64() < 0.16 { // a tenth of all visits or so begins the form
		page("/contact")
		at = at.Add(20 * time.Second)
		hits = append(hits, crm.WebHit{Site: base.Site, IP: base.IP, UserAgent: base.UserAgent, At: at, Event: crm.HitFormStart, Path: "/contact"})
		if r.Float64() < 0.5 {
			at = at.Add(time.Duration(40+r.IntN(120)) * time.Second)
			hits = append(hits, crm.WebHit{Site: base.Site, IP: base.IP, UserAgent: base.UserAgent, At: at, Event: crm.HitFormSent, Path: "/contact",
				Email: fmt.Sprintf("visitor%d@example.net", visitor)})
			page(WebGoalPage)
		}
	}
	return hits
}
