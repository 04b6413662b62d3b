package crm

import (
	"strings"
	"time"
)

// First-party web analytics: the hits our own script sends (POST /t), and
// figures imported from other tools' exports.

// The events a hit names.
const (
	HitPageview  = "pageview"
	HitFormStart = "form_start" // a visitor began to fill in a form
	HitFormSent  = "form_sent"  // and sent it: an inquiry
)

// HitEvents are the events a hit may name.
var HitEvents = []string{HitPageview, HitFormStart, HitFormSent}

// Limits of a hit's fields, in bytes (longer values are cut).
const (
	MaxHitPath     = 512
	MaxHitReferrer = 255
	MaxHitUTM      = 100
)

// WebHit is one hit as the endpoint takes it. IP and UserAgent are used
// for the visitor's daily hash and for nothing else: they are not stored.
// Email (of a form sent) ties the visit to the contact's account when it
// is known; it is not stored either.
type WebHit struct {
	At          time.Time
	Site        string // the host the page was served from
	Event       string
	Path        string // the page's path, without its query
	Referrer    string // the referring host ("" for none or our own site)
	UTMSource   string
	UTMMedium   string
	UTMCampaign string
	Code        string // a tracking code from the landing URL (vf=)
	Contact     string // a contact's link token (vf_c=)
	Email       string
	HeardAbout  string // a sent form's answer to "how did you hear about us?"
	IP          string
	UserAgent   string
}

// WebQuery selects the hits of a web report.
type WebQuery struct {
	Since, Until time.Time // days, inclusive; zero: open
	ActivityID   int64     // 0: every activity and none
	Limit        int       // rows of pages and referrers; 0: 50
}

// WebVisit is one visit as the report reads it: what it did.
type WebVisit struct {
	ActivityID int64
	AccountID  int64
	Visitor    string
	Pageviews  int
	FormStart  bool
	FormSent   bool
	Goal       bool // a goal page was seen
}

// WebCount is one row of a breakdown: a page, a referrer.
type WebCount struct {
	Value     string `json:"value"`
	Visitors  int    `json:"visitors"`
	Pageviews int    `json:"pageviews"`
}

// WebImported is a figure imported from another tool's export.
type WebImported struct {
	Source    string    `json:"source"` // plausible, matomo, goatcounter
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Dimension string    `json:"dimension"` // total, page, referrer, campaign
	Value     string    `json:"value"`
	Visitors  int       `json:"visitors"`
	Visits    int       `json:"visits"`
	Pageviews int       `json:"pageviews"`
}

// WebImportedRecord is an imported figure with its line in the file.
type WebImportedRecord struct {
	Line int
	WebImported
}

// The dimensions of imported figures.
var WebDimensions = []string{"total", "page", "referrer", "campaign"}

// WebStats is what the store reads for a web report: the visits, the
// top pages (by pageviews' visitors), entry referrers and UTM campaigns,
// and the figures imported from other tools.
type WebStats struct {
	Visits    []WebVisit
	Pages     []WebCount
	Referrers []WebCount
	Campaigns []WebCount
	Imported  []WebImported
}

// MaxGoalPages is how many goal pages the setting goal_pages holds.
const MaxGoalPages = 50

// ParseGoalPages reads the setting goal_pages: paths separated by commas.
func ParseGoalPages(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
