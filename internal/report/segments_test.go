package report_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestSegments: the fixture's eight customers as of 2024-12-31, scored by
// hand (n = 8, score = 1 + ⌊5·worse/8⌋):
//
//	      days  R  order days F  revenue M  segment
//	K1       0  5       3     5    700   4  champions
//	K2     213  3       1     1    250   3  potential
//	K3     334  2       1     1    100   2  hibernating
//	K4     183  4       1     1     40   1  potential
//	K5     152  4       1     1     10   1  potential
//	K6     944  1       2     4    800   4  can't lose
//	K7     761  1       1     1    900   5  lost
//	K8     716  2       1     1     50   2  hibernating
func TestSegments(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	for _, s := range seededStores(t) {
		t.Run(s.name, func(t *testing.T) {
			rep, err := report.Run(ctx, s.st, "segments", report.Params{})
			if err != nil {
				t.Fatal(err)
			}
			r := rep.(*report.SegmentsReport)
			var got []string
			for _, a := range r.Accounts {
				got = append(got, fmt.Sprintf("%s %d%d%d %s", a.Name, a.R, a.F, a.M, a.Segment))
			}
			want := "Acme GmbH 554 champions|Brandt KG 313 potential|Delta OHG 411 potential|Echo UG 411 potential|" +
				"Foxtrot SE 144 cant_lose|Custom AG 212 hibernating|Hotel Sonne 212 hibernating|Golf AG 115 lost"
			if strings.Join(got, "|") != want {
				t.Errorf("accounts:\n got %s\nwant %s", strings.Join(got, "|"), want)
			}
			var segs []string
			for _, g := range r.Segments {
				segs = append(segs, fmt.Sprintf("%s %d %.0f", g.Segment, g.Accounts, g.Revenue))
			}
			if want := "champions 1 700|loyal 0 0|potential 3 300|at_risk 0 0|cant_lose 1 800|hibernating 2 150|lost 1 900"; strings.Join(segs, "|") != want {
				t.Errorf("segments:\n got %s\nwant %s", strings.Join(segs, "|"), want)
			}
			if r.Customers != 8 || r.Revenue != 2850 || !near(r.Segments[2].RevenueShare, 300.0/2850) {
				t.Errorf("totals: %d customers, %v revenue, potential's share %v", r.Customers, r.Revenue, r.Segments[2].RevenueShare)
			}
		})
	}
}

// TestDrift: 2024 against 2023. At 2023-12-31 four customers (n = 4):
// K1 670 days, 1 day, 100 → R1 F1 M2 lost; K6 578, 2 days, 800 → R2 F4 M3
// at risk; K7 395, 1, 1000 → R3 F1 M4 potential; K8 350, 1, 50 → R4 F1 M1
// potential. At 2024-12-31 as in TestSegments.
func TestDrift(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	for _, s := range seededStores(t) {
		t.Run(s.name, func(t *testing.T) {
			rep, err := report.Run(ctx, s.st, "drift", report.Params{Year: 2024})
			if err != nil {
				t.Fatal(err)
			}
			r := rep.(*report.DriftReport)
			var cells []string
			for _, c := range r.Matrix {
				cells = append(cells, fmt.Sprintf("%s>%s %d", c.From, c.To, c.Accounts))
			}
			want := "potential>hibernating 1|potential>lost 1|at_risk>cant_lose 1|lost>champions 1|new>potential 3|new>hibernating 1"
			if r.From != "2023-12-31" || r.To != "2024-12-31" || strings.Join(cells, "|") != want {
				t.Errorf("%s .. %s matrix:\n got %s\nwant %s", r.From, r.To, strings.Join(cells, "|"), want)
			}
			// potential: 2 of 4 (50%) → 3 of 8 (37.5%); revenue 2023 of K7, K8:
			// 50, 2024 of K2, K4, K5: 300 → +500%.
			p := r.Mix[2]
			if p.Segment != "potential" || p.Before != 2 || p.After != 3 || !near(p.ShareChange, -0.125) || p.RevenueBefore != 50 || p.RevenueAfter != 300 ||
				p.RevenueChange == nil || !near(*p.RevenueChange, 5) {
				t.Errorf("potential: %+v", p)
			}
			// Invoices: potential's 2023 one of K8 (50); 2024 K2's two, K4's
			// and K5's (300 in four) → 50 → 75 per invoice.
			if p.OrdersBefore != 1 || p.OrdersAfter != 4 || p.RevenuePerOrderBefore == nil || *p.RevenuePerOrderBefore != 50 ||
				p.RevenuePerOrderAfter == nil || *p.RevenuePerOrderAfter != 75 || p.PricePaidBefore != nil || len(p.Products) != 0 {
				t.Errorf("potential's orders, prices, products: %+v", p)
			}
			// Champions (K1) in 2024: RE-102 400 and RE-103 200 → 300 per
			// invoice; lines Widget 100 × 3, Service 1 × 100, Gadget 10 × 20
			// (600), at list prices 4, 100, 20 (the first unit prices
			// seen) 700 → 6/7 of list; the mix 1/2, 1/3, 1/6, none before.
			c := r.Mix[0]
			if c.Segment != "champions" || c.OrdersAfter != 2 || c.RevenuePerOrderAfter == nil || *c.RevenuePerOrderAfter != 300 || c.RevenuePerOrderBefore != nil ||
				c.PricePaidAfter == nil || !near(*c.PricePaidAfter, 6.0/7) || c.PricePaidBefore != nil {
				t.Errorf("champions: %+v", c)
			}
			var mix []string
			for _, d := range c.Products {
				mix = append(mix, fmt.Sprintf("%s %.4f %.4f %.4f", d.Product, d.ShareBefore, d.ShareAfter, d.ShareChange))
			}
			if want := "Widget 0.0000 0.5000 0.5000|Gadget 0.0000 0.3333 0.3333|Service 0.0000 0.1667 0.1667"; strings.Join(mix, "|") != want {
				t.Errorf("champions' mix:\n got %s\nwant %s", strings.Join(mix, "|"), want)
			}
			alerts := map[string]bool{}
			for _, a := range r.Alerts {
				alerts[a.Segment+" "+a.What] = true
			}
			for _, a := range []string{"champions share", "potential share", "potential revenue", "at_risk share", "cant_lose share", "hibernating share", "lost share"} {
				if !alerts[a] {
					t.Errorf("no alert %q: %+v", a, r.Alerts)
				}
			}
			if alerts["loyal share"] || len(r.Alerts) != 7 {
				t.Errorf("alerts: %+v", r.Alerts)
			}
			if _, err := report.Run(ctx, s.st, "drift", report.Params{Year: 2025}); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("a year after the latest order: %v", err)
			}
		})
	}
}

// TestFunnel: five accounts, as of 2024-12-31.
//
//	P1 Pilot AG    orders in each of the last four quarters (4 × 100)     loyal; brought P2 (and P3, who never ordered)
//	P2 Quelle KG   referred by P1; 2024-05-01 100, 2024-09-01 50           repeat; brought P4
//	P3 Rhein GmbH  referred by P1; no order
//	P4 Saar OHG    referred by P2; 2024-11-01 300                          customer
//	P5 Tal UG      2023-03-01 100, 2024-06-01 200                          loyal: the last 12 months above the 12 before
//
// Customers P1 P2 P4 P5 (1,150); repeat P1 P2 P5 (850); loyal P1 P5 (700);
// advocates P1 P2 (550). Referred 3, of them customers 2, revenue 450.
func TestFunnel(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	stores := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		stores = append(stores, namedStore{"postgres", pg})
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			seedFunnel(t, s.st)
			rep, err := report.Run(ctx, s.st, "funnel", report.Params{AsOf: day("2024-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			r := rep.(*report.FunnelReport)
			var stages []string
			for _, st := range r.Stages {
				stages = append(stages, fmt.Sprintf("%s %d %.0f %.4f", st.Stage, st.Accounts, st.Revenue, st.Conversion))
			}
			want := "customer 4 1150 1.0000|repeat 3 850 0.7500|loyal 2 700 0.6667|advocate 2 550 1.0000"
			if strings.Join(stages, "|") != want {
				t.Errorf("stages:\n got %s\nwant %s", strings.Join(stages, "|"), want)
			}
			if r.Referrals != (report.FunnelReferrals{Referred: 3, BecameCustomers: 2, Revenue: 450}) {
				t.Errorf("referrals: %+v", r.Referrals)
			}
			if len(r.Advocates) != 2 || r.Advocates[0].Name != "Quelle KG" || r.Advocates[0].Revenue != 300 || r.Advocates[1].Name != "Pilot AG" || r.Advocates[1].Brought != 1 ||
				len(r.Advocates[0].Referred) != 1 || r.Advocates[0].Referred[0].Name != "Saar OHG" || len(r.Advocates[1].Referred) != 1 || r.Advocates[1].Referred[0].Name != "Quelle KG" {
				t.Errorf("advocates: %+v", r.Advocates)
			}
			// Repeat after 91 (P1), 123 (P2) and 458 days (P5): median 123.
			// Advocate: P1 107 days after its first order (P2's first,
			// 2024-05-01), P2 184 days (P4's, 2024-11-01): median 145.5.
			// Cohorts 2023 (P5) and 2024 (P1, P2, P4); only P2 moved in
			// the last 91 days.
			var cohorts []string
			for _, c := range r.Cohorts {
				cohorts = append(cohorts, fmt.Sprintf("%s %d %d/%d/%d", c.Cohort, c.Customers, c.Reached["repeat"], c.Reached["loyal"], c.Reached["advocate"]))
			}
			if r.MedianDays["repeat"] == nil || *r.MedianDays["repeat"] != 123 || r.MedianDays["advocate"] == nil || *r.MedianDays["advocate"] != 145.5 ||
				strings.Join(cohorts, "|") != "2023 1 1/1/0|2024 3 2/1/2" ||
				len(r.Moved) != 1 || r.Moved[0].Name != "Quelle KG" || r.Moved[0].Stage != "advocate" || r.Moved[0].On != "2024-11-01" {
				t.Errorf("dated: median %v %v, cohorts %s, moved %+v", r.MedianDays["repeat"], r.MedianDays["advocate"], strings.Join(cohorts, "|"), r.Moved)
			}
		})
	}
}

func seedFunnel(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := crm.WithActor(context.Background(), crm.Operator)
	acct := func(line int, ext, name, by string) crm.AccountRecord {
		r := crm.AccountRecord{Line: line, Account: crm.Account{ExternalID: ext, Name: name}}
		if by != "" {
			r.ReferredBy = crm.AccountRef{ExternalID: by}
		}
		return r
	}
	if _, err := st.ImportAccounts(ctx, []crm.AccountRecord{acct(2, "P1", "Pilot AG", ""), acct(3, "P2", "Quelle KG", "P1"), acct(4, "P3", "Rhein GmbH", "P1"),
		acct(5, "P4", "Saar OHG", "P2"), acct(6, "P5", "Tal UG", "")}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var recs []crm.OrderRecord
	for i, o := range []struct {
		acct, date string
		amount     float64
	}{{"P1", "2024-01-15", 100}, {"P1", "2024-04-15", 100}, {"P1", "2024-07-15", 100}, {"P1", "2024-10-15", 100},
		{"P2", "2024-05-01", 100}, {"P2", "2024-09-01", 50}, {"P4", "2024-11-01", 300}, {"P5", "2023-03-01", 100}, {"P5", "2024-06-01", 200}} {
		recs = append(recs, crm.OrderRecord{Line: i + 2, Account: crm.AccountRef{ExternalID: o.acct},
			Order: crm.Order{ExternalID: fmt.Sprintf("F-%d", i), OrderedAt: day(o.date), Amount: cents(o.amount)}})
	}
	if _, err := st.ImportOrders(ctx, recs, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestHealth: the funnel's five accounts and P6 Ufer AG (2023-01-10 and
// 2023-02-10, 100 each), as of 2024-12-31; too few for the customer model,
// no care items, no portal, no service effort. The repeat customers' gaps
// (P1 274/3, P2 123, P5 458, P6 31 days) have the median 107.2 days, P4's
// rhythm.
//
//	P1 advocate  77 days since / 91.3 → rhythm 10; trend unknown (no orders the year before); effort 0% → 10
//	P2 advocate  121 / 123 → 10; P4 customer 60 / 107.2 → 10; P5 loyal 213 / 458 → 10, trend 1 of 1 → 10
//	P6 repeat    690 / 31 → rhythm 0; trend 0 of 2 → 0; complaints none → 10; effort unknown
//	             health (2·0 + 2·0 + 2·10) / 6 = 10/3: exactly the lower bound of concerning
func TestHealth(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	st := openSQLite(t)
	seedFunnel(t, st)
	if _, err := st.ImportOrders(ctx, []crm.OrderRecord{
		{Line: 2, Account: crm.AccountRef{ExternalID: "P6", Name: "Ufer AG"}, Order: crm.Order{ExternalID: "U-1", OrderedAt: day("2023-01-10"), Amount: cents(100)}},
		{Line: 3, Account: crm.AccountRef{ExternalID: "P6"}, Order: crm.Order{ExternalID: "U-2", OrderedAt: day("2023-02-10"), Amount: cents(100)}},
	}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	rep, err := report.Run(ctx, st, "health", report.Params{AsOf: day("2024-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.(*report.HealthReport)
	var got []string
	for _, a := range r.Accounts {
		h := "-"
		if a.Health != nil {
			h = fmt.Sprintf("%.4f", *a.Health)
		}
		comps := ""
		for _, c := range a.Components {
			if c.Known {
				comps += fmt.Sprintf(" %s=%.0f", c.Name, c.Score)
			}
		}
		got = append(got, fmt.Sprintf("%s %s %s %s%s", a.Name, a.Stage, h, a.Band, comps))
	}
	want := []string{
		"Ufer AG repeat 3.3333 concerning rhythm=0 trend=0 complaints=10",
		"Pilot AG advocate 10.0000 healthy rhythm=10 complaints=10 effort=10",
		"Saar OHG customer 10.0000 healthy rhythm=10 complaints=10 effort=10",
		"Tal UG loyal 10.0000 healthy rhythm=10 trend=10 complaints=10 effort=10",
		"Quelle KG advocate 10.0000 healthy rhythm=10 complaints=10 effort=10",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("health:\n got %s\nwant %s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b := r.Bands; b[0].Accounts != 0 || b[1].Accounts != 1 || b[2].Accounts != 4 || b[2].Revenue != 1050 {
		t.Errorf("bands: %+v", b)
	}
}

// TestAdvocacyActs: a verified act makes an advocate (P5 Tal UG, who
// brought nobody) and earns its points; an unverified one (P4) neither;
// an act older than 365 days counts neither.
func TestAdvocacyActs(t *testing.T) {
	anna := crm.WithActor(context.Background(), crm.Actor{UserID: 1, Name: "anna@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
	ben := crm.WithActor(context.Background(), crm.Actor{UserID: 2, Name: "ben@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
	st := openSQLite(t)
	seedFunnel(t, st)
	ids := map[string]int64{}
	dir, err := st.Directory(anna)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dir {
		ids[d.Name] = d.ID
	}
	record := func(account, kind, on string, verify bool) {
		act, err := st.RecordAdvocacy(anna, crm.AdvocacyAct{AccountID: ids[account], Kind: kind, On: day(on)})
		if err != nil {
			t.Fatal(err)
		}
		if verify {
			if _, err := st.VerifyAdvocacy(ben, ids[account], act.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	record("Tal UG", "case_study", "2024-11-20", true)        // 50, engaged
	record("Tal UG", "review", "2024-03-01", true)            // 20
	record("Tal UG", "speaking", "2023-06-01", true)          // too old
	record("Saar OHG", "reference_call", "2024-12-01", false) // not verified
	record("Pilot AG", "community_post", "2024-08-01", true)  // 5, not engaged
	rep, err := report.Run(anna, st, "funnel", report.Params{AsOf: day("2024-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	f := rep.(*report.FunnelReport)
	if adv := f.Stages[3]; adv.Accounts != 3 || adv.Revenue != 850 {
		t.Errorf("advocates with a verified act: %+v, want P1, P2 and P5 (850)", adv)
	}
	rep, err = report.Run(anna, st, "advocates", report.Params{AsOf: day("2024-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	a := rep.(*report.AdvocatesReport)
	var got []string
	for _, s := range a.Accounts {
		got = append(got, fmt.Sprintf("%s %d %d %v %s", s.Name, s.Points, s.Acts, s.Engaged, s.Last))
	}
	if want := "Tal UG 70 2 true 2024-11-20|Pilot AG 5 1 false 2024-08-01"; strings.Join(got, "|") != want || a.Unverified != 1 {
		t.Errorf("leaderboard:\n got %s (unverified %d)\nwant %s (unverified 1)", strings.Join(got, "|"), a.Unverified, want)
	}
}

// TestPromoterAnswers: a contact of Saar OHG (P4) answers 10 to the NPS
// question on 2024-12-01: the account becomes an advocate and its health's
// nps component is known (10); an answer older than a year counts not.
func TestPromoterAnswers(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	st := openSQLite(t)
	seedFunnel(t, st)
	dir, err := st.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var saar int64
	for _, d := range dir {
		if d.Name == "Saar OHG" {
			saar = d.ID
		}
	}
	if _, err := st.CreateContact(ctx, crm.Contact{AccountID: saar, Name: "Sina", Status: crm.ContactActive,
		Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "sina@saar.example"}}}); err != nil {
		t.Fatal(err)
	}
	sv, err := st.CreateSurvey(ctx, crm.Survey{Name: "NPS", Language: "en", Questions: []crm.Question{{Type: crm.QuestionNPS, Text: "Recommend us?"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportSurveyResponses(ctx, sv.ID, []store.ImportedResponse{
		{Line: 2, Key: "a", Email: "sina@saar.example", SubmittedAt: day("2024-12-01"), Complete: true, Answers: map[int][]string{1: {"10"}}},
		{Line: 3, Key: "b", Email: "sina@saar.example", SubmittedAt: day("2023-06-01"), Complete: true, Answers: map[int][]string{1: {"2"}}},
	}); err != nil {
		t.Fatal(err)
	}
	rep, err := report.Run(ctx, st, "funnel", report.Params{AsOf: day("2024-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	if adv := rep.(*report.FunnelReport).Stages[3]; adv.Accounts != 3 {
		t.Errorf("advocates with a promoter: %+v, want P1, P2 and P4", adv)
	}
	rep, err = report.Run(ctx, st, "health", report.Params{AsOf: day("2024-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	a, ok := rep.(*report.HealthReport).Account(saar)
	if !ok || a.Stage != "advocate" || !a.Components[3].Known || a.Components[3].Name != "nps" || a.Components[3].Score != 10 {
		t.Errorf("Saar's health: %+v", a)
	}
}
