package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
)

// TestSettingsGiveDefaultParams: parameters left zero come from the
// settings (window_months, tier_thresholds, lapsed_after_days); given
// ones win.
func TestSettingsGiveDefaultParams(t *testing.T) {
	st := openSQLite(t)
	seed(t, st)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	def, err := report.Pareto(ctx, st, report.Params{})
	if err != nil {
		t.Fatal(err)
	}
	// The seed's latest order is of 2024-12-31: the 12 months of 2024.
	until := day(def.Until)
	if def.Since != "2024-01-01" || def.Until != "2024-12-31" {
		t.Fatalf("defaults: %s – %s", def.Since, def.Until)
	}
	for k, v := range map[string]string{"window_months": "6", "tier_thresholds": "60,90", "lapsed_after_days": "30"} {
		if err := st.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	p, err := report.Pareto(ctx, st, report.Params{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Since != "2024-07-01" { // July to December
		t.Errorf("since %s, want 2024-07-01 (6 months)", p.Since)
	}
	l, err := report.Lapsed(ctx, st, report.Params{})
	if err != nil || l.AfterDays != 30 {
		t.Errorf("lapsed after %d days, want 30 (%v)", l.AfterDays, err)
	}
	l, err = report.Lapsed(ctx, st, report.Params{LapsedAfter: 400 * 24 * time.Hour})
	if err != nil || l.AfterDays != 400 {
		t.Errorf("given lapsed-after: %d days, want 400 (%v)", l.AfterDays, err)
	}
	// Tiers 60,90 against the default 80,95, over the same window.
	at := func(th []float64) map[int64]string {
		r, err := report.Pareto(ctx, st, report.Params{Since: day(p.Since), Until: until, Thresholds: th})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]string{}
		for _, a := range r.Accounts {
			out[a.ID] = a.Tier
		}
		return out
	}
	fromSettings, given := map[int64]string{}, at([]float64{60, 90})
	for _, a := range p.Accounts {
		fromSettings[a.ID] = a.Tier
	}
	for id, tier := range given {
		if fromSettings[id] != tier {
			t.Errorf("account %d: tier %s from the settings, %s with tiers 60,90 given", id, fromSettings[id], tier)
		}
	}
	for _, k := range []string{"window_months", "lapsed_after_days"} {
		if err := st.SetSetting(ctx, k, "0"); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("%s 0: %v", k, err)
		}
	}
	for _, v := range []string{"95,80", "80", "0,50", "80,101", "a,b"} {
		if err := st.SetSetting(ctx, "tier_thresholds", v); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("tier_thresholds %q: %v", v, err)
		}
	}
}
