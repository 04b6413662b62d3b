package report_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
)

// TestHealthWeightsSet: the weights an admin sets are the ones health
// uses. TestHealth's P6 Ufer AG (repeat; rhythm 0, trend 0, complaints 10
// known) has (2·0 + 2·0 + 2·10) / 6 = 3.3333 with the default weights;
// with the repeat weights rhythm=1, trend=1, complaints=8 it has
// (1·0 + 1·0 + 8·10) / 10 = 8: healthy. Bad weights are refused.
func TestHealthWeightsSet(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	stores := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		stores = append(stores, namedStore{"postgres", pg})
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			seedFunnel(t, s.st)
			if _, err := s.st.ImportOrders(ctx, []crm.OrderRecord{
				{Line: 2, Account: crm.AccountRef{ExternalID: "P6", Name: "Ufer AG"}, Order: crm.Order{ExternalID: "U-1", OrderedAt: day("2023-01-10"), Amount: cents(100)}},
				{Line: 3, Account: crm.AccountRef{ExternalID: "P6"}, Order: crm.Order{ExternalID: "U-2", OrderedAt: day("2023-02-10"), Amount: cents(100)}},
			}, crm.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			ufer := func() string {
				t.Helper()
				rep, err := report.Run(ctx, s.st, "health", report.Params{AsOf: day("2024-12-31")})
				if err != nil {
					t.Fatal(err)
				}
				r := rep.(*report.HealthReport)
				for _, a := range r.Accounts {
					if a.Name == "Ufer AG" {
						return fmt.Sprintf("%.4f %s %v", *a.Health, a.Band, r.Weights["repeat"]["complaints"])
					}
				}
				return "missing"
			}
			if got := ufer(); got != "3.3333 concerning 2" {
				t.Errorf("default weights: %s", got)
			}
			if err := s.st.SetSetting(ctx, "health_weights_repeat", "rhythm=1,trend=1,p_alive=2,nps=1,complaints=8,portal=0.5,effort=1"); err != nil {
				t.Fatal(err)
			}
			if got := ufer(); got != "8.0000 healthy 8" {
				t.Errorf("set weights: %s", got)
			}
			for _, bad := range []string{"rhythm=1", "rhythm=0,trend=0,p_alive=0,nps=0,complaints=0,portal=0,effort=0", "rhythm=-1,trend=1,p_alive=2,nps=1,complaints=8,portal=0.5,effort=1"} {
				if err := s.st.SetSetting(ctx, "health_weights_loyal", bad); crm.ErrorCode(err) != crm.EINVALID {
					t.Errorf("%q: %v, want invalid", bad, err)
				}
			}
			set, err := s.st.Settings(ctx)
			if err != nil || set.HealthWeights[2] != crm.DefaultHealthWeights()[2] || set.HealthWeights[1] != [7]float64{1, 1, 2, 1, 8, 0.5, 1} {
				t.Errorf("settings: %+v %v", set.HealthWeights, err)
			}
		})
	}
}
