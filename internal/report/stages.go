package report

import (
	"context"
	"slices"

	"github.com/vitalfew/vitalfew/internal/analytics/funnel"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// StageTransitions derives every customer's dated stage transitions as of
// the as-of day (analytics/funnel.Derive) from its orders, the accounts it
// referred, its verified advocacy acts and promoter answers, its status
// (inactive: churned), and health (a poor band, or P(alive) below 0.3: at
// risk; health may be nil). By account, then stage.
func StageTransitions(ctx context.Context, st *store.Store, p Params, health *HealthReport) ([]crm.StageTransition, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	in, err := loadFunnelInputs(ctx, st, s.asOf)
	if err != nil {
		return nil, err
	}
	accts := map[int64]*funnel.Account{}
	for _, h := range in.hist {
		accts[h.ID] = &funnel.Account{ID: h.ID, Churned: h.Status == crm.AccountInactive}
	}
	for _, o := range in.log {
		if a := accts[o.AccountID]; a != nil {
			a.Orders = append(a.Orders, funnel.Order{Day: o.Day, Cents: o.Amount.Cents()})
		}
	}
	first := map[int64]store.CustomerHistory{}
	for _, h := range in.hist {
		first[h.ID] = h
	}
	for _, r := range in.refs {
		h, ok := first[r.AccountID]
		if a := accts[r.ReferredBy]; a != nil && ok && h.Orders > 0 {
			a.Referred = append(a.Referred, h.FirstOrder)
		}
	}
	for _, act := range in.acts {
		a := accts[act.AccountID]
		switch {
		case a == nil || !act.Verified():
		case act.ID == 0 && act.Kind == "promoter": // promoterActs': an answer, not dated here
			a.Promoter = true
		default:
			a.Acts = append(a.Acts, act.On)
		}
	}
	if health != nil {
		for _, h := range health.Accounts {
			a := accts[h.ID]
			if a == nil {
				continue
			}
			if h.Band == "poor" {
				a.AtRisk, a.AtRiskReason = true, "health poor"
				continue
			}
			for _, c := range h.Components {
				if c.Name == "p_alive" && c.Known && c.Score == 0 {
					a.AtRisk, a.AtRiskReason = true, "P(alive) below 0.3"
				}
			}
		}
	}
	ids := make([]int64, 0, len(accts))
	for id := range accts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := []crm.StageTransition{}
	for _, id := range ids {
		for _, t := range funnel.Derive(*accts[id], s.asOf, s.lapsedDays) {
			out = append(out, crm.StageTransition{AccountID: t.AccountID, Stage: t.Stage, On: t.On, Reason: t.Reason, Observed: t.Observed})
		}
	}
	return out, nil
}
