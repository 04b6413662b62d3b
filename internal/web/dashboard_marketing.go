package web

import (
	"net/http"

	"github.com/vitalfew/vitalfew/internal/report"
)

// The dashboard's marketing card: MOC% (the share of the new customers
// marketing brought) and the best and worst activity by ROI % under first
// touch, as /marketing shows them by default. Its own file and template
// block (dashboard_marketing.tmpl), beside the dashboard's.

type marketingCard struct {
	MOCPct, UnknownPct float64
	CustomersNew       int
	Best, Worst        *report.AttributionActivity
}

// marketingCardOf works the card out; nil when there are no activities
// with a cost, or the user sees only some accounts (the figures are of
// the whole business).
func (s *Server) marketingCardOf(r *http.Request) (*marketingCard, error) {
	if !scopeOf(r.Context()).All() {
		return nil, nil
	}
	acts, err := s.st.Activities(r.Context())
	if err != nil || len(acts) == 0 {
		return nil, err
	}
	rep, err := report.Attribution(r.Context(), s.st, report.Params{Limit: -1})
	if err != nil {
		return nil, err
	}
	c := &marketingCard{MOCPct: rep.MOCPct, UnknownPct: rep.UnknownPct, CustomersNew: rep.CustomersNew}
	for i := range rep.Activities {
		a := &rep.Activities[i]
		if a.ROIPct == nil {
			continue
		}
		if c.Best == nil || *a.ROIPct > *c.Best.ROIPct {
			c.Best = a
		}
		if c.Worst == nil || *a.ROIPct < *c.Worst.ROIPct {
			c.Worst = a
		}
	}
	if c.Best == c.Worst {
		c.Worst = nil // one activity is no comparison
	}
	return c, nil
}
