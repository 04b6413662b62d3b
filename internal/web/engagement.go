package web

import (
	"context"
	"time"

	"github.com/vitalfew/vitalfew/internal/store"
)

// Are the vital few using what was built for them? The portal's use by
// tier, for the dashboard, and by account, for Account 360.

// engagementWindow is how far back "active" looks.
const engagementWindow = 90 * 24 * time.Hour

// engagementTier is one row of the dashboard's portal card.
type engagementTier struct {
	Tier          string
	Accounts      int // accounts in the tier
	WithUsers     int // of them, with a contact in the portal
	Active        int // accounts whose contacts read a page in the window
	Users         int
	Views         int
	Posts         int
	Registrations int
}

// engagementByTier sums the portal's use per tier of the newest figures
// (accounts without revenue in the window count as "none"), of the
// accounts the actor in ctx sees; nil when nobody was invited yet.
func (s *Server) engagementByTier(ctx context.Context, snap *snapshot) ([]engagementTier, error) {
	es, err := s.st.PortalEngagement(ctx, time.Now().Add(-engagementWindow))
	if err != nil || len(es) == 0 {
		return nil, err
	}
	rows := map[string]*engagementTier{}
	order := []string{"A", "B", "C", "none"}
	for _, t := range order {
		rows[t] = &engagementTier{Tier: t}
	}
	if snap.pareto != nil {
		for _, t := range snap.pareto.Tiers {
			if r := rows[t.Tier]; r != nil {
				r.Accounts = t.Customers
			}
		}
	}
	for _, e := range es {
		a, _ := snap.account(e.AccountID)
		r := rows[a.Tier]
		if r == nil {
			r = rows["none"]
		}
		if e.Users > 0 {
			r.WithUsers++
		}
		if e.Active > 0 {
			r.Active++
		}
		r.Users += e.Users
		r.Views += e.Views
		r.Posts += e.Posts
		r.Registrations += e.Registrations
	}
	out := make([]engagementTier, 0, len(order))
	for _, t := range order {
		out = append(out, *rows[t])
	}
	return out, nil
}

// accountPortal is Account 360's portal section.
type accountPortal struct {
	store.Engagement
	Reads []store.PortalRead
}

// portalOf returns account id's portal use in the window and its newest
// reads; nil when none of its contacts was ever invited.
func (s *Server) portalOf(ctx context.Context, id int64) (*accountPortal, error) {
	es, err := s.st.PortalEngagement(ctx, time.Now().Add(-engagementWindow))
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if e.AccountID != id {
			continue
		}
		reads, err := s.st.PortalReads(ctx, id, 10)
		if err != nil {
			return nil, err
		}
		return &accountPortal{Engagement: e, Reads: reads}, nil
	}
	return nil, nil
}
