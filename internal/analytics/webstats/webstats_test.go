package webstats

import "testing"

func TestSum(t *testing.T) {
	visits := []Visit{
		// Activity 7: a bounce, a visit that began a form and left it, one
		// that sent it (account 3), one that saw the goal page (account 3).
		{Activity: 7, Visitor: "a", Pageviews: 1},
		{Activity: 7, Visitor: "b", Pageviews: 2, FormStart: true},
		{Activity: 7, Visitor: "b", Pageviews: 3, FormStart: true, FormSent: true, Account: 3},
		{Activity: 7, Visitor: "c", Pageviews: 2, Goal: true, Account: 3},
		// Activity 9: one visit of one page that began a form (no bounce).
		{Activity: 9, Visitor: "d", Pageviews: 1, FormStart: true},
		// No activity: two bounces of one visitor.
		{Visitor: "e", Pageviews: 1},
		{Visitor: "e", Pageviews: 1},
	}
	total, rows := Sum(visits)
	// By hand: 7 visits, visitors a b c d e = 5, pageviews 1+2+3+2+1+1+1 = 11,
	// single-page: a, e, e = 3; forms started b, b, d = 3, abandoned b, d = 2;
	// inquiries: the sent form and the goal = 2; accounts {3} = 1.
	want := Row{Visits: 7, Visitors: 5, Pageviews: 11, SinglePage: 3, FormsStarted: 3, Abandoned: 2, Inquiries: 2, Accounts: 1}
	if total != want {
		t.Errorf("total %+v, want %+v", total, want)
	}
	wantRows := []Row{
		{Activity: 7, Visits: 4, Visitors: 3, Pageviews: 8, SinglePage: 1, FormsStarted: 2, Abandoned: 1, Inquiries: 2, Accounts: 1},
		{Activity: 9, Visits: 1, Visitors: 1, Pageviews: 1, FormsStarted: 1, Abandoned: 1},
	}
	if len(rows) != len(wantRows) {
		t.Fatalf("rows %+v, want %+v", rows, wantRows)
	}
	for i := range rows {
		if rows[i] != wantRows[i] {
			t.Errorf("row %d: %+v, want %+v", i, rows[i], wantRows[i])
		}
	}
	if got := rows[0].BouncePct(); got != 25 {
		t.Errorf("bounce %% of activity 7 = %v, want 25 (1 of 4)", got)
	}
	if got := rows[0].AbandonPct(); got != 50 {
		t.Errorf("abandon %% of activity 7 = %v, want 50 (1 of 2)", got)
	}
	if z, _ := Sum(nil); z.BouncePct() != 0 || z.AbandonPct() != 0 || z.Visits != 0 {
		t.Errorf("no visits: %+v", z)
	}
}
