// Package webstats sums visits of first-party web analytics: per
// activity (the campaign a visit landed from) visits, unique visitors,
// single-page visits, forms started and not sent, and inquiries. Pure
// functions over slices; the store reads the visits.
package webstats

import (
	"cmp"
	"slices"
)

// Visit is what one visit did.
type Visit struct {
	Activity  int64  // the activity of its landing code; 0: none
	Account   int64  // the account it is tied to; 0: none
	Visitor   string // the visitor's daily hash
	Pageviews int
	FormStart bool // a form was begun
	FormSent  bool // a form was sent
	Goal      bool // a goal page was seen
}

// Inquiry reports whether the visit asked something of the business: it
// sent a form or reached a goal page.
func (v Visit) Inquiry() bool { return v.FormSent || v.Goal }

// Row is the sum of some visits.
type Row struct {
	Activity int64 `json:"activity_id"`
	Visits   int   `json:"visits"`
	// Visitors counts distinct visitor hashes. The hash changes each day,
	// so over several days a returning visitor counts once a day.
	Visitors  int `json:"visitors"`
	Pageviews int `json:"pageviews"`
	// SinglePage counts visits of one page and nothing else (bounces).
	SinglePage int `json:"single_page"`
	// FormsStarted counts visits that began a form; Abandoned those of
	// them that sent none.
	FormsStarted int `json:"forms_started"`
	Abandoned    int `json:"forms_abandoned"`
	// Inquiries counts visits that sent a form or reached a goal page.
	Inquiries int `json:"inquiries"`
	// Accounts counts the distinct accounts the visits are tied to.
	Accounts int `json:"accounts"`
}

// BouncePct is the share of single-page visits, in percent (0 without
// visits).
func (r Row) BouncePct() float64 {
	if r.Visits == 0 {
		return 0
	}
	return 100 * float64(r.SinglePage) / float64(r.Visits)
}

// AbandonPct is the share of begun forms not sent, in percent.
func (r Row) AbandonPct() float64 {
	if r.FormsStarted == 0 {
		return 0
	}
	return 100 * float64(r.Abandoned) / float64(r.FormsStarted)
}

// Sum returns the total of visits and one row per activity (those with
// an activity, by visits, most first, then by activity id).
func Sum(visits []Visit) (total Row, byActivity []Row) {
	type acc struct {
		row      Row
		visitors map[string]bool
		accounts map[int64]bool
	}
	all := &acc{visitors: map[string]bool{}, accounts: map[int64]bool{}}
	per := map[int64]*acc{}
	add := func(a *acc, v Visit) {
		r := &a.row
		r.Visits++
		r.Pageviews += v.Pageviews
		a.visitors[v.Visitor] = true
		if v.Account != 0 {
			a.accounts[v.Account] = true
		}
		if v.Pageviews == 1 && !v.FormStart && !v.FormSent {
			r.SinglePage++
		}
		if v.FormStart {
			r.FormsStarted++
			if !v.FormSent {
				r.Abandoned++
			}
		}
		if v.Inquiry() {
			r.Inquiries++
		}
	}
	for _, v := range visits {
		add(all, v)
		if v.Activity == 0 {
			continue
		}
		a := per[v.Activity]
		if a == nil {
			a = &acc{row: Row{Activity: v.Activity}, visitors: map[string]bool{}, accounts: map[int64]bool{}}
			per[v.Activity] = a
		}
		add(a, v)
	}
	finish := func(a *acc) Row {
		a.row.Visitors, a.row.Accounts = len(a.visitors), len(a.accounts)
		return a.row
	}
	total = finish(all)
	for _, a := range per {
		byActivity = append(byActivity, finish(a))
	}
	slices.SortFunc(byActivity, func(x, y Row) int {
		return cmp.Or(cmp.Compare(y.Visits, x.Visits), cmp.Compare(x.Activity, y.Activity))
	})
	return total, byActivity
}
