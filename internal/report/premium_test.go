package report_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
)

// TestIdealPremium: the funnel's accounts (TestFunnel) as of 2024-12-31,
// window 2024: P1 400, P4 300, P5 200, P2 150 — tier A is P1, P4, P5
// (700 of 1,050 is 66.7%, with P5 85.7%). Widget's list price is the
// first line's, 10:
//
//	P1  10 × 10 = 100 and 8 × 12.50 = 100: paid 200, at list 180, premium 200/180 − 1 = 11.11%, one line of two above
//	P4  30 × 10 = 300: at list;  P5 25 × 8 = 200: below (at list 250)
//	P2  5 × 20 = 100: above, but tier B
//
// Three A accounts with list-priced lines, one paying a premium.
func TestIdealPremium(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	stores := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		stores = append(stores, namedStore{"postgres", pg})
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			seedFunnel(t, s.st)
			line := func(l int, inv string, qty, price float64) crm.OrderLineRecord {
				return crm.OrderLineRecord{Line: l, OrderExternalID: inv, SKU: "W1", ProductName: "Widget",
					OrderLine: crm.OrderLine{LineNo: 1, Quantity: qty, UnitPrice: cents(price), Amount: cents(qty * price)}}
			}
			if _, err := s.st.ImportOrderLines(ctx, []crm.OrderLineRecord{line(2, "F-0", 10, 10), line(3, "F-1", 8, 12.5), line(4, "F-6", 30, 10),
				line(5, "F-8", 25, 8), line(6, "F-4", 5, 20)}, crm.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			rep, err := report.Run(ctx, s.st, "ideal", report.Params{AsOf: day("2024-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			r := rep.(*report.IdealReport)
			if r.AAccounts != 3 || r.APriced != 3 || len(r.Premium) != 1 {
				t.Fatalf("A %d, priced %d, premium %+v", r.AAccounts, r.APriced, r.Premium)
			}
			p := r.Premium[0]
			if got := fmt.Sprintf("%s %.2f %.2f %.4f %d/%d", p.Name, p.Paid, p.AtList, p.Premium, p.LinesAbove, p.Lines); got != "Pilot AG 200.00 180.00 0.1111 1/2" {
				t.Errorf("premium: %s", got)
			}
		})
	}
}
