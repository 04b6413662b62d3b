package report_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
)

// TestStageTransitions: the funnel's five accounts (TestFunnel) as of
// 2024-12-31, their transitions worked out by hand, kept in the store
// and read back:
//
//	P1  customer 2024-01-15; repeat 2024-04-15; loyal 2024-10-15 (01-15 is 274 days before: quarter 3,
//	    04-15 183: 2, 07-15 92: 1); advocate 2024-05-01 (P2's first order)
//	P2  customer 2024-05-01; repeat 2024-09-01; advocate 2024-11-01 (P4's first order)
//	P4  customer 2024-11-01
//	P5  customer 2023-03-01; repeat 2024-06-01; loyal 2024-06-01 (200 in the 365 days up to it, 100 in the 365 before)
//
// P3 never ordered; nobody lapsed (730 days) or is inactive.
func TestStageTransitions(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	stores := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		stores = append(stores, namedStore{"postgres", pg})
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			seedFunnel(t, s.st)
			ts, err := report.StageTransitions(ctx, s.st, report.Params{AsOf: day("2024-12-31")}, nil)
			if err != nil {
				t.Fatal(err)
			}
			dir, err := s.st.Directory(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ext := map[int64]string{}
			for _, d := range dir {
				ext[d.ID] = d.ExternalID
			}
			line := func(ts []crm.StageTransition) string {
				var got []string
				for _, x := range ts {
					got = append(got, ext[x.AccountID]+" "+x.Stage+" "+x.On.Format(time.DateOnly)+" "+x.Reason)
				}
				return strings.Join(got, "\n")
			}
			want := strings.Join([]string{
				"P1 customer 2024-01-15 first order",
				"P1 repeat 2024-04-15 a second order on another day",
				"P1 loyal 2024-10-15 orders in each of the last four quarters",
				"P1 advocate 2024-05-01 an account it referred ordered",
				"P2 customer 2024-05-01 first order",
				"P2 repeat 2024-09-01 a second order on another day",
				"P2 advocate 2024-11-01 an account it referred ordered",
				"P4 customer 2024-11-01 first order",
				"P5 customer 2023-03-01 first order",
				"P5 repeat 2024-06-01 a second order on another day",
				"P5 loyal 2024-06-01 revenue of the last 12 months grew over the 12 before",
			}, "\n")
			if got := line(ts); got != want {
				t.Fatalf("transitions:\n%s\nwant\n%s", got, want)
			}
			// Kept and read back: who moved in the last 91 days.
			if err := s.st.SaveStageTransitions(ctx, ts); err != nil {
				t.Fatal(err)
			}
			moved, err := s.st.StageTransitions(ctx, 0, day("2024-10-01"))
			if err != nil {
				t.Fatal(err)
			}
			if got := line(moved); got != "P2 advocate 2024-11-01 an account it referred ordered\nP4 customer 2024-11-01 first order\nP1 loyal 2024-10-15 orders in each of the last four quarters" {
				t.Errorf("moved since 2024-10-01:\n%s", got)
			}
		})
	}
}
