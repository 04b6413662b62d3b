package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/testkit"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/demo"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The fixture: eight accounts, as of 2024-12-31 (the latest order), so the
// default window is 2024-01-01 .. 2024-12-31.
//
//	K1 Acme GmbH    2022-03-01 100, 2024-03-01 400, 2024-12-31 200  window 600, lifetime 700, 3 days
//	K2 Brandt KG    2024-06-01 150 + 100 (same day)                  window 250, 1 day
//	K3 Custom AG    2024-02-01 120, credit 2024-05-01 −20            window 100, 1 order day
//	K4 Delta OHG    2024-07-01 40
//	K5 Echo UG      2024-08-01 10
//	K6 Foxtrot SE   2021-01-10 500, 2022-06-01 300                   lapsed (944 days), repeat
//	K7 Golf AG      2022-12-01 1000, credit 2024-02-15 −100          lapsed (761 days), window −100
//	K8 Hotel Sonne  2023-01-15 50                                    716 days: not lapsed; effort only in window
//
// Window revenue > 0: 600, 250, 100, 40, 10 = 1000. Top 20% = 1 account =
// 60%. Gini = 2(5·600+4·250+3·100+2·40+10)/(5·1000) − 6/5 = 0.556. Tiers at
// 80/95: A = {K1, K2} 850, B = {K3} 100, C = {K4, K5} 50.

// cents writes amounts of money in units (1234.56).
var cents = testkit.Cents

func seed(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := crm.WithActor(context.Background(), crm.Operator)
	acct := func(line int, ext, name, segment, owner string) crm.AccountRecord {
		return crm.AccountRecord{Line: line, Account: crm.Account{ExternalID: ext, Name: name, Segment: segment, Owner: owner}}
	}
	_, err := st.ImportAccounts(crm.WithActor(ctx, crm.Operator), []crm.AccountRecord{
		acct(2, "K1", "Acme GmbH", "Industry", "Ute"),
		acct(3, "K2", "Brandt KG", "Industry", "Ute"),
		acct(4, "K3", "Custom AG", "Trade", "Max"),
		acct(5, "K4", "Delta OHG", "Trade", "Max"),
		acct(6, "K5", "Echo UG", "Trade", ""),
		acct(7, "K6", "Foxtrot SE", "Retail", "Max"),
		acct(8, "K7", "Golf AG", "Retail", "Ute"),
		acct(9, "K8", "Hotel Sonne", "Hospitality", ""),
	}, crm.ImportOptions{File: "accounts.csv"})
	if err != nil {
		t.Fatal(err)
	}
	order := func(line int, acct, inv, date string, amount float64) crm.OrderRecord {
		return crm.OrderRecord{Line: line, Account: crm.AccountRef{ExternalID: acct},
			Order: crm.Order{ExternalID: inv, OrderedAt: day(date), Amount: cents(amount)}}
	}
	_, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), []crm.OrderRecord{
		order(2, "K1", "RE-101", "2022-03-01", 100),
		order(3, "K1", "RE-102", "2024-03-01", 400),
		order(4, "K1", "RE-103", "2024-12-31", 200),
		order(5, "K2", "RE-201", "2024-06-01", 150),
		order(6, "K2", "RE-202", "2024-06-01", 100),
		order(7, "K3", "RE-301", "2024-02-01", 120),
		order(8, "K3", "CR-302", "2024-05-01", -20),
		order(9, "K4", "RE-401", "2024-07-01", 40),
		order(10, "K5", "RE-501", "2024-08-01", 10),
		order(11, "K6", "RE-601", "2021-01-10", 500),
		order(12, "K6", "RE-602", "2022-06-01", 300),
		order(13, "K7", "RE-701", "2022-12-01", 1000),
		order(14, "K7", "CR-702", "2024-02-15", -100),
		order(15, "K8", "RE-801", "2023-01-15", 50),
	}, crm.ImportOptions{File: "orders.csv"})
	if err != nil {
		t.Fatal(err)
	}
	line := func(l int, inv string, no int, sku, name string, qty, price float64, cost float64, hasCost bool) crm.OrderLineRecord {
		return crm.OrderLineRecord{Line: l, OrderExternalID: inv, SKU: sku, ProductName: name, UnitCost: cents(cost), HasUnitCost: hasCost,
			OrderLine: crm.OrderLine{LineNo: no, Quantity: qty, UnitPrice: cents(price), Amount: cents(qty * price)}}
	}
	// Known unit costs: Widget 2, Gadget 5; Service has none. In the window
	// K1's lines with a known cost bring 300 + 200 = 500 and cost
	// 100·2 + 10·5 = 250.
	_, err = st.ImportOrderLines(crm.WithActor(ctx, crm.Operator), []crm.OrderLineRecord{
		line(2, "RE-101", 1, "W1", "Widget", 25, 4, 2, true),
		line(3, "RE-102", 1, "W1", "Widget", 100, 3, 2, true),
		line(4, "RE-102", 2, "S1", "Service", 1, 100, 0, false),
		line(5, "RE-103", 1, "G1", "Gadget", 10, 20, 5, true),
		line(6, "RE-601", 1, "S1", "Service", 5, 100, 0, false),
		line(7, "RE-602", 1, "W1", "Widget", 100, 3, 2, true),
	}, crm.ImportOptions{File: "lines.csv"})
	if err != nil {
		t.Fatal(err)
	}
	tp := func(l int, acct, ext, date string, minutes float64) crm.TouchpointRecord {
		return crm.TouchpointRecord{Line: l, Account: crm.AccountRef{ExternalID: acct},
			Touchpoint: crm.Touchpoint{ExternalID: ext, Kind: "ticket", Department: "support", OccurredAt: day(date), EffortMinutes: minutes}}
	}
	_, err = st.ImportTouchpoints(crm.WithActor(ctx, crm.Operator), []crm.TouchpointRecord{
		tp(2, "K1", "T1", "2024-04-01", 120),
		tp(3, "K1", "T0", "2023-06-01", 600), // before the window
		tp(4, "K2", "T2", "2024-04-02", 60),
		tp(5, "K3", "T3", "2024-04-03", 300),
		tp(6, "K4", "T4", "2024-04-04", 600),
		tp(7, "K5", "T5", "2024-04-05", 180),
		tp(8, "K8", "T8", "2024-05-01", 60),
	}, crm.ImportOptions{File: "touchpoints.csv"})
	if err != nil {
		t.Fatal(err)
	}
	contact := func(l int, acct, name, title, email, phone, status, verified string) crm.ContactRecord {
		c := crm.Contact{Name: name, Title: title, Status: status}
		if verified != "" {
			c.LastVerifiedAt = day(verified)
		}
		if email != "" {
			c.Identities = append(c.Identities, crm.Identity{Kind: crm.IdentityEmail, Value: email})
		}
		if phone != "" {
			c.Identities = append(c.Identities, crm.Identity{Kind: crm.IdentityPhone, Value: phone})
		}
		return crm.ContactRecord{Line: l, Account: crm.AccountRef{ExternalID: acct}, Contact: c}
	}
	_, err = st.ImportContacts(crm.WithActor(ctx, crm.Operator), []crm.ContactRecord{
		contact(2, "K1", "Anna Alt", "CEO", "anna@acme.example", "+49301111", "active", "2024-06-01"),
		contact(3, "K1", "Bernd Berg", "Buyer", "bernd@acme.example", "", "active", "2023-12-01"),
		contact(4, "K1", "Carl Left", "", "carl@acme.example", "", "left", ""),
		contact(5, "K2", "=cmd Dora", "-Owner", "dora@brandt.example", "", "active", ""),
		contact(6, "K3", "Emil Exact", "", "emil@custom.example", "", "active", "2024-01-01"),
		contact(7, "K3", "Frida Frisch", "", "frida@custom.example", "", "active", "2023-12-31"),
		contact(8, "K6", "Gustav Gone", "", "gustav@foxtrot.example", "", "active", ""),
		contact(9, "K8", "Hanna Hof", "", "hanna@sonne.example", "", "active", ""),
	}, crm.ImportOptions{File: "contacts.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(crm.WithActor(ctx, crm.Operator), "cost_per_service_hour", "20"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(crm.WithActor(ctx, crm.Operator), "cost_per_order", "5"); err != nil {
		t.Fatal(err)
	}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// openSQLite opens a store on a fresh SQLite temp file.
func openSQLite(t testing.TB) *store.Store {
	t.Helper()
	return mustOpen(t, testkit.SQLite(t))
}

func mustOpen(t testing.TB, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// openPostgres opens a store on a fresh PostgreSQL database, or returns nil
// without VITALFEW_TEST_POSTGRES.
func openPostgres(t testing.TB) *store.Store {
	t.Helper()
	dsn, ok := testkit.Postgres(t)
	if !ok {
		return nil
	}
	return mustOpen(t, dsn)
}

type namedStore struct {
	name string
	st   *store.Store
}

// seededStores returns the fixture on SQLite and, when configured, on
// PostgreSQL.
func seededStores(t *testing.T) []namedStore {
	t.Helper()
	out := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		out = append(out, namedStore{"postgres", pg})
	} else {
		t.Log("VITALFEW_TEST_POSTGRES not set: PostgreSQL not tested")
	}
	for _, s := range out {
		seed(t, s.st)
	}
	return out
}

const eps = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) <= eps*math.Max(1, math.Abs(b)) }

func TestReports(t *testing.T) {
	stores := seededStores(t)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	cases := []struct {
		name   string
		report string
		p      report.Params
		check  func(t *testing.T, r report.Report)
		text   []string // substrings of WriteText
		csv    int      // data rows of WriteCSV
	}{
		{
			name: "pareto", report: "pareto", check: checkPareto, csv: 5,
			text: []string{"2024-01-01 .. 2024-12-31", "Top 20% of customers (1) bring 60.0% of revenue; Gini 0.556", "1,000.00", "Acme GmbH"},
		},
		{
			name: "pareto as of 2023", report: "pareto", p: report.Params{AsOf: day("2023-12-31")}, csv: 1,
			check: func(t *testing.T, r report.Report) {
				p := r.(*report.ParetoReport)
				if p.Since != "2023-01-01" || p.Customers != 1 || p.Revenue != 50 || p.Accounts[0].Name != "Hotel Sonne" {
					t.Errorf("got %+v, want only Hotel Sonne with 50 in 2023", p)
				}
			},
		},
		{
			name: "cost-to-serve", report: "cost-to-serve", check: checkCost, csv: 7,
			text: []string{"peaks at 520.00 EUR after the 2 accounts that do not lose money", "315.2%", "The other 5 accounts lose 355.00 EUR", "Accounts that lose money (5)", "Delta OHG", "50.0% of revenue",
				"Tiers B-C: 3 accounts bring 15.0% of revenue and take 81.8% of service effort", "Tier none: 2 accounts"},
		},
		{
			name: "lapsed", report: "lapsed", check: checkLapsed, csv: 2,
			text: []string{"2 customers have not ordered for more than 730 days", "1,700.00", "Golf AG", "Foxtrot SE"},
		},
		{
			name: "lapsed after 761 days", report: "lapsed", p: report.Params{LapsedAfter: 761 * 24 * time.Hour}, csv: 1,
			check: func(t *testing.T, r report.Report) {
				l := r.(*report.LapsedReport)
				if l.AfterDays != 761 || l.Count != 1 || l.Accounts[0].Name != "Foxtrot SE" || l.LifetimeRevenue != 800 {
					t.Errorf("got %+v, want only Foxtrot SE (Golf AG is exactly 761 days)", l)
				}
			},
		},
		{
			name: "repeat", report: "repeat", check: checkRepeat, csv: 2,
			text: []string{"2 of 8 customers ordered on two or more days (25.0%)", "52.6%", "Widget, Gadget, Service"},
		},
		{
			name: "stale-contacts", report: "stale-contacts", check: checkStale, csv: 4,
			text: []string{"4 active contacts", "more than 365 days", "Bernd Berg", "never"},
		},
		{
			name: "holiday-cards", report: "holiday-cards", check: checkCards, csv: 5,
			text: []string{"5 active contacts at the 3 tier A and B accounts", "Anna Alt", "Frida Frisch"},
		},
		{
			name: "holiday-cards thresholds 60 85", report: "holiday-cards", p: report.Params{Thresholds: []float64{60, 85}}, csv: 3,
			check: func(t *testing.T, r report.Report) {
				// At 60/85: A = {K1} (600 reaches 60%), B = {K2} (850), C = the rest.
				h := r.(*report.HolidayCardsReport)
				if got := cardNames(h); !slices.Equal(got, []string{"Anna Alt", "Bernd Berg", "=cmd Dora"}) {
					t.Errorf("recipients %q", got)
				}
			},
		},
		{
			name: "holiday-cards narrow window", report: "holiday-cards",
			p: report.Params{Since: day("2024-06-01"), Until: day("2024-06-30"), AsOf: day("2024-12-31")}, csv: 1,
			check: func(t *testing.T, r report.Report) {
				// June 2024: only K2 (250) buys, so K2 alone is tier A.
				h := r.(*report.HolidayCardsReport)
				if got := cardNames(h); !slices.Equal(got, []string{"=cmd Dora"}) || h.Since != "2024-06-01" || h.Until != "2024-06-30" {
					t.Errorf("recipients %q, window %s..%s", got, h.Since, h.Until)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var docs [][]byte
			for _, s := range stores {
				t.Run(s.name, func(t *testing.T) {
					r, err := report.Run(ctx, s.st, tc.report, tc.p)
					if err != nil {
						t.Fatal(err)
					}
					tc.check(t, r)
					var js, txt, cs bytes.Buffer
					if err := json.NewEncoder(&js).Encode(r); err != nil {
						t.Fatal(err)
					}
					docs = append(docs, js.Bytes())
					if err := r.WriteText(&txt); err != nil {
						t.Fatal(err)
					}
					for _, want := range tc.text {
						if !strings.Contains(txt.String(), want) {
							t.Errorf("text lacks %q:\n%s", want, txt.String())
						}
					}
					if err := r.WriteCSV(&cs); err != nil {
						t.Fatal(err)
					}
					recs, err := csv.NewReader(&cs).ReadAll()
					if err != nil {
						t.Fatal(err)
					}
					if len(recs) != tc.csv+1 {
						t.Errorf("CSV has %d records, want header + %d:\n%v", len(recs), tc.csv, recs)
					}
				})
			}
			for i := 1; i < len(docs); i++ {
				if err := testkit.SameJSON(docs[0], docs[i]); err != nil {
					t.Errorf("%s and %s differ: %v\n%s\n%s", stores[0].name, stores[i].name, err, docs[0], docs[i])
				}
			}
		})
	}
}

func checkPareto(t *testing.T, r report.Report) {
	t.Helper()
	p := r.(*report.ParetoReport)
	if p.AsOf != "2024-12-31" || p.Since != "2024-01-01" || p.Until != "2024-12-31" {
		t.Errorf("window %s..%s as of %s", p.Since, p.Until, p.AsOf)
	}
	if p.Customers != 5 || !near(p.Revenue, 1000) || !near(p.Top20Share, 0.6) || !near(p.Gini, 0.556) {
		t.Errorf("customers %d revenue %v top20 %v gini %v, want 5 1000 0.6 0.556", p.Customers, p.Revenue, p.Top20Share, p.Gini)
	}
	wantTiers := []struct {
		tier      string
		customers int
		revenue   float64
		share     float64
	}{{"A", 2, 850, 0.85}, {"B", 1, 100, 0.1}, {"C", 2, 50, 0.05}}
	if len(p.Tiers) != len(wantTiers) {
		t.Fatalf("tiers %+v", p.Tiers)
	}
	for i, w := range wantTiers {
		g := p.Tiers[i]
		if g.Tier != w.tier || g.Customers != w.customers || !near(g.Revenue, w.revenue) || !near(g.RevenueShare, w.share) {
			t.Errorf("tier %d = %+v, want %+v", i, g, w)
		}
	}
	wantAccts := []struct {
		name string
		rev  float64
		cum  float64
		tier string
	}{{"Acme GmbH", 600, .6, "A"}, {"Brandt KG", 250, .85, "A"}, {"Custom AG", 100, .95, "B"}, {"Delta OHG", 40, .99, "C"}, {"Echo UG", 10, 1, "C"}}
	if len(p.Accounts) != len(wantAccts) {
		t.Fatalf("accounts %+v", p.Accounts)
	}
	for i, w := range wantAccts {
		g := p.Accounts[i]
		if g.Name != w.name || g.Rank != i+1 || !near(g.Revenue, w.rev) || !near(g.CumulativeShare, w.cum) || g.Tier != w.tier {
			t.Errorf("account %d = %+v, want %+v", i, g, w)
		}
	}
}

func checkCost(t *testing.T, r report.Report) {
	t.Helper()
	c := r.(*report.CostReport)
	if c.Settings.CostPerServiceHour != 20 || c.Settings.CostPerOrder != 5 {
		t.Errorf("settings %+v", c.Settings)
	}
	if !near(c.Revenue, 1000) || !near(c.CostKnownShare, 0.5) {
		t.Errorf("revenue %v cost known share %v, want 1000 0.5", c.Revenue, c.CostKnownShare)
	}
	// Rates 20/h and 5/order. profit = revenue − cogs − hours·20 − orders·5.
	want := []report.AccountCost{
		{Name: "Acme GmbH", Tier: "A", Rank: 1, Revenue: 600, COGS: 250, GrossMargin: 350, Orders: 2, EffortHours: 2, ServiceCost: 40, OrderCost: 10, Profit: 300},
		{Name: "Brandt KG", Tier: "A", Rank: 2, Revenue: 250, GrossMargin: 250, Orders: 2, EffortHours: 1, ServiceCost: 20, OrderCost: 10, Profit: 220},
		{Name: "Custom AG", Tier: "B", Rank: 3, Revenue: 100, GrossMargin: 100, Orders: 2, EffortHours: 5, ServiceCost: 100, OrderCost: 10, Profit: -10},
		{Name: "Delta OHG", Tier: "C", Rank: 4, Revenue: 40, GrossMargin: 40, Orders: 1, EffortHours: 10, ServiceCost: 200, OrderCost: 5, Profit: -165},
		{Name: "Echo UG", Tier: "C", Rank: 5, Revenue: 10, GrossMargin: 10, Orders: 1, EffortHours: 3, ServiceCost: 60, OrderCost: 5, Profit: -55},
		{Name: "Hotel Sonne", Tier: "none", Rank: 6, Revenue: 0, Orders: 0, EffortHours: 1, ServiceCost: 20, Profit: -20},
		{Name: "Golf AG", Tier: "none", Rank: 7, Revenue: -100, GrossMargin: -100, Orders: 1, OrderCost: 5, Profit: -105},
	}
	if len(c.Accounts) != len(want) {
		t.Fatalf("accounts %+v", c.Accounts)
	}
	nameOf := map[int64]string{}
	for i, w := range want {
		g := c.Accounts[i]
		nameOf[g.ID] = g.Name
		w.ID = g.ID
		if g.Name != w.Name || g.Tier != w.Tier || g.Rank != w.Rank || g.Orders != w.Orders ||
			!near(g.Revenue, w.Revenue) || !near(g.COGS, w.COGS) || !near(g.GrossMargin, w.GrossMargin) ||
			!near(g.EffortHours, w.EffortHours) || !near(g.ServiceCost, w.ServiceCost) ||
			!near(g.OrderCost, w.OrderCost) || !near(g.Profit, w.Profit) {
			t.Errorf("account %d\n got %+v\nwant %+v", i, g, w)
		}
	}
	wantTiers := []report.CostTier{
		{Tier: "A", Accounts: 2, Revenue: 850, RevenueShare: .85, EffortHours: 3, EffortShare: 3. / 22, COGS: 250, ServiceCost: 60, OrderCost: 20, Profit: 520, ProfitShare: 520. / 165},
		{Tier: "B", Accounts: 1, Revenue: 100, RevenueShare: .1, EffortHours: 5, EffortShare: 5. / 22, ServiceCost: 100, OrderCost: 10, Profit: -10, ProfitShare: -10. / 165},
		{Tier: "C", Accounts: 2, Revenue: 50, RevenueShare: .05, EffortHours: 13, EffortShare: 13. / 22, ServiceCost: 260, OrderCost: 10, Profit: -220, ProfitShare: -220. / 165},
		{Tier: "none", Accounts: 2, Revenue: -100, RevenueShare: -.1, EffortHours: 1, EffortShare: 1. / 22, ServiceCost: 20, OrderCost: 5, Profit: -125, ProfitShare: -125. / 165},
	}
	if len(c.Tiers) != len(wantTiers) {
		t.Fatalf("tiers %+v", c.Tiers)
	}
	for i, w := range wantTiers {
		g := c.Tiers[i]
		if g.Tier != w.Tier || g.Accounts != w.Accounts || !near(g.Revenue, w.Revenue) || !near(g.RevenueShare, w.RevenueShare) ||
			!near(g.EffortHours, w.EffortHours) || !near(g.EffortShare, w.EffortShare) || !near(g.COGS, w.COGS) ||
			!near(g.ServiceCost, w.ServiceCost) || !near(g.OrderCost, w.OrderCost) || !near(g.Profit, w.Profit) ||
			!near(g.ProfitShare, w.ProfitShare) {
			t.Errorf("tier %d\n got %+v\nwant %+v", i, g, w)
		}
	}
	// By profit: 300, 220, -10, -20, -55, -105, -165; cumulative 300,
	// 520, 510, 490, 435, 330, 165. The peak is 520 after the 2 accounts
	// that make money; the 5 after it lose 10+20+55+105+165 = 355.
	wh := c.Whale
	if !near(wh.PeakProfit, 520) || wh.PeakRank != 2 || !near(wh.TotalProfit, 165) || !near(wh.PeakShare, 520./165) || !near(wh.Loss, 355) {
		t.Errorf("whale %+v, want peak 520 at rank 2, total 165, loss 355", wh)
	}
	wantCurve := []float64{0, 300, 520, 510, 490, 435, 330, 165}
	if len(wh.Points) != len(wantCurve) {
		t.Fatalf("whale points %+v", wh.Points)
	}
	for k, w := range wantCurve {
		if wh.Points[k].Rank != k || !near(wh.Points[k].CumulativeProfit, w) {
			t.Errorf("whale point %d = %+v, want %v", k, wh.Points[k], w)
		}
	}
	var losers []string
	for _, id := range c.LossMakers {
		losers = append(losers, nameOf[id])
	}
	if want := []string{"Delta OHG", "Golf AG", "Echo UG", "Hotel Sonne", "Custom AG"}; !slices.Equal(losers, want) {
		t.Errorf("loss makers %q, want %q", losers, want)
	}
}

func checkLapsed(t *testing.T, r report.Report) {
	t.Helper()
	l := r.(*report.LapsedReport)
	// Hotel Sonne (716 days) is not lapsed; Golf AG's credit in 2024 does
	// not count as an order.
	want := []report.LapsedAccount{
		{Name: "Golf AG", Segment: "Retail", Owner: "Ute", FirstOrder: "2022-12-01", LastOrder: "2022-12-01", DaysSince: 761, Orders: 1, LifetimeRevenue: 900},
		{Name: "Foxtrot SE", Segment: "Retail", Owner: "Max", FirstOrder: "2021-01-10", LastOrder: "2022-06-01", DaysSince: 944, Orders: 2, LifetimeRevenue: 800},
	}
	if l.AsOf != "2024-12-31" || l.AfterDays != 730 || l.Count != 2 || !near(l.LifetimeRevenue, 1700) || len(l.Accounts) != 2 {
		t.Fatalf("got %+v", l)
	}
	for i, w := range want {
		g := l.Accounts[i]
		w.ID = g.ID
		if g != w {
			t.Errorf("account %d\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func checkRepeat(t *testing.T, r report.Report) {
	t.Helper()
	p := r.(*report.RepeatReport)
	// Brandt KG ordered twice on one day, Custom AG and Golf AG only added
	// credits: none of them is a repeat customer.
	if p.CustomersAll != 8 || p.RepeatCustomers != 2 || !near(p.RepeatShare, .25) || !near(p.RepeatRevenueShare, 1500./2850) {
		t.Errorf("got all %d repeat %d share %v revenue share %v, want 8 2 .25 %v",
			p.CustomersAll, p.RepeatCustomers, p.RepeatShare, p.RepeatRevenueShare, 1500./2850)
	}
	want := []report.RepeatAccount{
		{Name: "Foxtrot SE", Orders: 2, OrderDays: 2, FirstOrder: "2021-01-10", LastOrder: "2022-06-01", AvgDaysBetween: 507, Revenue: 800, TopProducts: []string{"Service", "Widget"}},
		{Name: "Acme GmbH", Orders: 3, OrderDays: 3, FirstOrder: "2022-03-01", LastOrder: "2024-12-31", AvgDaysBetween: 518, Revenue: 700, TopProducts: []string{"Widget", "Gadget", "Service"}},
	}
	if len(p.Accounts) != len(want) {
		t.Fatalf("accounts %+v", p.Accounts)
	}
	for i, w := range want {
		g := p.Accounts[i]
		w.ID = g.ID
		if !reflect.DeepEqual(g, w) {
			t.Errorf("account %d\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func checkStale(t *testing.T, r report.Report) {
	t.Helper()
	s := r.(*report.StaleContactsReport)
	// Emil Exact (365 days) is not stale; Carl Left has left; Gustav Gone
	// is at a lapsed account.
	type row struct {
		account, name, verified string
		days                    int // -1: never
	}
	want := []row{
		{"Acme GmbH", "Bernd Berg", "2023-12-01", 396},
		{"Brandt KG", "=cmd Dora", "", -1},
		{"Custom AG", "Frida Frisch", "2023-12-31", 366},
		{"Hotel Sonne", "Hanna Hof", "", -1},
	}
	var got []row
	for _, c := range s.Contacts {
		d := -1
		if c.DaysSinceVerified != nil {
			d = *c.DaysSinceVerified
		}
		got = append(got, row{c.Account, c.Name, c.LastVerified, d})
	}
	if !slices.Equal(got, want) || s.Count != 4 || s.AfterDays != 365 {
		t.Errorf("got %+v (count %d, after %d)\nwant %+v", got, s.Count, s.AfterDays, want)
	}
	if s.Contacts[0].Email != "bernd@acme.example" {
		t.Errorf("email %q", s.Contacts[0].Email)
	}
}

func cardNames(h *report.HolidayCardsReport) []string {
	var out []string
	for _, c := range h.Contacts {
		out = append(out, c.Name)
	}
	return out
}

func checkCards(t *testing.T, r report.Report) {
	t.Helper()
	h := r.(*report.HolidayCardsReport)
	want := []struct{ account, tier, name string }{
		{"Acme GmbH", "A", "Anna Alt"}, {"Acme GmbH", "A", "Bernd Berg"}, {"Brandt KG", "A", "=cmd Dora"},
		{"Custom AG", "B", "Emil Exact"}, {"Custom AG", "B", "Frida Frisch"},
	}
	if len(h.Contacts) != len(want) {
		t.Fatalf("contacts %+v", h.Contacts)
	}
	for i, w := range want {
		g := h.Contacts[i]
		if g.Account != w.account || g.Tier != w.tier || g.Name != w.name {
			t.Errorf("contact %d = %+v, want %+v", i, g, w)
		}
	}
	if c := h.Contacts[0]; c.Email != "anna@acme.example" || c.Phone != "+49301111" || c.Title != "CEO" {
		t.Errorf("Anna Alt: %+v", c)
	}
}

func TestJSONShape(t *testing.T) {
	st := openSQLite(t)
	seed(t, st)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	cases := []struct {
		report string
		keys   []string
		list   string   // key of the list
		item   []string // keys of its first element
	}{
		{"pareto", []string{"as_of", "since", "until", "customers", "revenue", "top20_share", "gini", "tiers", "accounts"},
			"accounts", []string{"id", "name", "revenue", "rank", "cumulative_share", "tier"}},
		{"cost-to-serve", []string{"as_of", "since", "until", "settings", "revenue", "cost_known_share", "tiers", "whale", "loss_makers", "accounts"},
			"accounts", []string{"id", "name", "tier", "rank", "revenue", "cogs", "gross_margin", "orders", "effort_hours", "service_cost", "order_cost", "profit"}},
		{"lapsed", []string{"as_of", "after_days", "accounts", "count", "lifetime_revenue", "ranked_by"},
			"accounts", []string{"id", "name", "segment", "owner", "first_order", "last_order", "days_since", "orders", "lifetime_revenue"}},
		{"repeat", []string{"as_of", "customers_all", "repeat_customers", "repeat_share", "repeat_revenue_share", "accounts"},
			"accounts", []string{"id", "name", "orders", "order_days", "first_order", "last_order", "avg_days_between", "revenue", "top_products"}},
		{"stale-contacts", []string{"as_of", "after_days", "contacts", "count"},
			"contacts", []string{"account_id", "account", "contact_id", "name", "title", "email", "phone", "last_verified", "days_since_verified"}},
		{"holiday-cards", []string{"as_of", "since", "until", "contacts"},
			"contacts", []string{"account_id", "account", "tier", "rank", "contact_id", "name", "title", "email", "phone"}},
	}
	for _, tc := range cases {
		t.Run(tc.report, func(t *testing.T) {
			r, err := report.Run(ctx, st, tc.report, report.Params{})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := testkit.ObjectKeys(t, doc); !slices.Equal(got, tc.keys) {
				t.Errorf("keys %q\nwant %q", got, tc.keys)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(doc, &m); err != nil {
				t.Fatal(err)
			}
			var items []json.RawMessage
			if err := json.Unmarshal(m[tc.list], &items); err != nil || len(items) == 0 {
				t.Fatalf("%s: %s (%v)", tc.list, m[tc.list], err)
			}
			if got := testkit.ObjectKeys(t, items[0]); !slices.Equal(got, tc.item) {
				t.Errorf("%s item keys %q\nwant %q", tc.list, got, tc.item)
			}
		})
	}
}

func TestEmptyListsAreArrays(t *testing.T) {
	st := openSQLite(t)
	seed(t, st)
	// As of 2021-01-09 nobody has ordered yet: no lapsed, no repeat
	// customer, no current account with contacts due.
	for _, name := range []string{"lapsed", "repeat", "stale-contacts"} {
		t.Run(name, func(t *testing.T) {
			r, err := report.Run(crm.WithActor(context.Background(), crm.Operator), st, name, report.Params{AsOf: day("2021-01-09")})
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := json.Marshal(r)
			if bytes.Contains(doc, []byte("null")) {
				t.Errorf("null in %s", doc)
			}
			if name == "stale-contacts" && !bytes.Contains(doc, []byte(`"contacts":[]`)) {
				t.Errorf("want an empty contact list: %s", doc)
			}
		})
	}
}

func TestCSVInjection(t *testing.T) {
	st := openSQLite(t)
	seed(t, st)
	r, err := report.HolidayCards(crm.WithActor(context.Background(), crm.Operator), st, report.Params{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"account", "tier", "name", "title", "email", "phone"}; !slices.Equal(recs[0], want) {
		t.Errorf("header %q", recs[0])
	}
	var dora []string
	for _, rec := range recs[1:] {
		if strings.Contains(rec[2], "Dora") {
			dora = rec
		}
	}
	if dora == nil || dora[2] != "'=cmd Dora" || dora[3] != "'-Owner" {
		t.Errorf("Dora's row %q: want name and title protected with an apostrophe", dora)
	}
	// Our own numbers stay numbers: cost-to-serve has negative profits.
	c, err := report.CostToServe(crm.WithActor(context.Background(), crm.Operator), st, report.Params{})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := c.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ",-165\n") {
		t.Errorf("want Delta OHG's profit -165 unprotected:\n%s", b.String())
	}
}

func TestRunErrors(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	empty := openSQLite(t)
	seeded := openSQLite(t)
	seed(t, seeded)
	cases := []struct {
		name   string
		st     *store.Store
		report string
		p      report.Params
		code   string
		msg    string
	}{
		{"unknown report", seeded, "whales", report.Params{}, crm.EINVALID, "pareto, cost-to-serve, lapsed, repeat, stale-contacts, holiday-cards"},
		{"no orders", empty, "pareto", report.Params{}, crm.ENOTFOUND, "no orders"},
		{"until after as-of", seeded, "pareto", report.Params{AsOf: day("2024-01-01"), Until: day("2024-02-01")}, crm.EINVALID, "after as-of"},
		{"since after until", seeded, "cost-to-serve", report.Params{Since: day("2024-03-01"), Until: day("2024-02-01")}, crm.EINVALID, "since"},
		{"bad thresholds", seeded, "holiday-cards", report.Params{Thresholds: []float64{95, 80}}, crm.EINVALID, "increase"},
		{"negative lapsed", seeded, "lapsed", report.Params{LapsedAfter: -time.Hour}, crm.EINVALID, "lapsed"},
		{"negative stale", seeded, "stale-contacts", report.Params{StaleAfter: -time.Hour}, crm.EINVALID, "stale"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := report.Run(ctx, tc.st, tc.report, tc.p)
			if err == nil {
				t.Fatalf("no error, got %T", r)
			}
			var e *crm.Error
			if !errors.As(err, &e) || e.Code != tc.code || !strings.Contains(e.Message, tc.msg) {
				t.Errorf("error %v (code %q), want code %q containing %q", err, crm.ErrorCode(err), tc.code, tc.msg)
			}
		})
	}
}

func TestNames(t *testing.T) {
	want := []string{"pareto", "cost-to-serve", "lapsed", "repeat", "stale-contacts", "holiday-cards",
		"share-of-voice", "sentiment-trend", "mentions-negative", "mention-spikes", "care", "clv", "ideas", "funnel", "segments", "drift", "health", "ideal", "advocates", "groups", "social-maturity", "nps", "perception", "attribution", "web", "reach"}
	if got := report.Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
}

func TestDefaultWindow(t *testing.T) {
	st := openSQLite(t)
	seed(t, st)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	cases := []struct {
		name               string
		p                  report.Params
		asOf, since, until string
	}{
		{"latest order", report.Params{}, "2024-12-31", "2024-01-01", "2024-12-31"},
		{"until sets as-of", report.Params{Until: day("2024-06-30")}, "2024-06-30", "2023-07-01", "2024-06-30"},
		{"leap day", report.Params{AsOf: day("2024-02-29")}, "2024-02-29", "2023-03-01", "2024-02-29"},
		{"explicit", report.Params{AsOf: day("2024-12-31"), Since: day("2024-04-01"), Until: day("2024-09-30")}, "2024-12-31", "2024-04-01", "2024-09-30"},
		{"time of day ignored", report.Params{AsOf: time.Date(2024, 5, 31, 23, 59, 0, 0, time.UTC)}, "2024-05-31", "2023-06-01", "2024-05-31"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := report.Pareto(ctx, st, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if r.AsOf != tc.asOf || r.Since != tc.since || r.Until != tc.until {
				t.Errorf("window %s..%s as of %s, want %s..%s as of %s", r.Since, r.Until, r.AsOf, tc.since, tc.until, tc.asOf)
			}
		})
	}
}

func TestTextLimit(t *testing.T) {
	st := openSQLite(t)
	seed(t, st)
	cases := []struct {
		limit int
		shown []string
		gone  []string
		more  string
	}{
		{2, []string{"Acme GmbH", "Brandt KG"}, []string{"Custom AG"}, "… and 3 more"},
		{-1, []string{"Acme GmbH", "Echo UG"}, nil, ""},
		{0, []string{"Acme GmbH", "Echo UG"}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.limit), func(t *testing.T) {
			r, err := report.Pareto(crm.WithActor(context.Background(), crm.Operator), st, report.Params{Limit: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, s := range tc.shown {
				if !strings.Contains(out, s) {
					t.Errorf("missing %q:\n%s", s, out)
				}
			}
			for _, s := range tc.gone {
				if strings.Contains(out, s) {
					t.Errorf("unexpected %q:\n%s", s, out)
				}
			}
			if tc.more != "" && !strings.Contains(out, tc.more) {
				t.Errorf("missing %q:\n%s", tc.more, out)
			}
			if tc.more == "" && strings.Contains(out, "more (use") {
				t.Errorf("unexpected cut:\n%s", out)
			}
			// JSON stays complete whatever the limit.
			if len(r.Accounts) != 5 {
				t.Errorf("%d accounts in JSON", len(r.Accounts))
			}
		})
	}
}

// TestDemoInvariants runs every report on the deterministic demo data set
// and checks figures that must agree with each other, on both databases.
func TestDemoInvariants(t *testing.T) {
	if testing.Short() {
		t.Skip("demo data set")
	}
	ctx := crm.WithActor(context.Background(), crm.Operator)
	stores := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		stores = append(stores, namedStore{"postgres", pg})
	}
	for _, s := range stores {
		err := demo.Generate(demo.Config{Accounts: 400}, func(b *demo.Batch) error {
			opt := crm.ImportOptions{File: "demo", Source: "demo"}
			if _, err := s.st.ImportAccounts(crm.WithActor(ctx, crm.Operator), b.Accounts, opt); err != nil {
				return err
			}
			if _, err := s.st.ImportContacts(crm.WithActor(ctx, crm.Operator), b.Contacts, opt); err != nil {
				return err
			}
			if _, err := s.st.ImportOrders(crm.WithActor(ctx, crm.Operator), b.Orders, opt); err != nil {
				return err
			}
			if _, err := s.st.ImportOrderLines(crm.WithActor(ctx, crm.Operator), b.OrderLines, opt); err != nil {
				return err
			}
			_, err := s.st.ImportTouchpoints(crm.WithActor(ctx, crm.Operator), b.Touchpoints, opt)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range report.Names() {
		t.Run(name, func(t *testing.T) {
			var docs [][]byte
			for _, s := range stores {
				// The care queue's ages run to the clock: both databases
				// are asked as of one day (the runs may straddle a second).
				p := report.Params{}
				if name == "care" {
					p.AsOf = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
				}
				r, err := report.Run(ctx, s.st, name, p)
				if err != nil {
					t.Fatal(err)
				}
				doc, err := json.Marshal(r)
				if err != nil {
					t.Fatal(err)
				}
				docs = append(docs, doc)
				if err := r.WriteText(io.Discard); err != nil {
					t.Fatal(err)
				}
				checkInvariants(t, s.name, r)
			}
			for i := 1; i < len(docs); i++ {
				if err := testkit.SameJSON(docs[0], docs[i]); err != nil {
					t.Errorf("%s and %s differ: %v", stores[0].name, stores[i].name, err)
				}
			}
		})
	}
}

func checkInvariants(t *testing.T, db string, r report.Report) {
	t.Helper()
	approx := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }
	switch r := r.(type) {
	case *report.ParetoReport:
		var rev float64
		var n int
		for _, tier := range r.Tiers {
			rev += tier.Revenue
			n += tier.Customers
		}
		if r.Customers == 0 || n != r.Customers || len(r.Accounts) != r.Customers || !approx(rev, r.Revenue) {
			t.Errorf("%s: tiers %d/%v vs %d/%v", db, n, rev, r.Customers, r.Revenue)
		}
	case *report.CostReport:
		var profit, effort, rev float64
		n := 0
		for _, c := range r.Tiers {
			profit += c.Profit
			effort += c.EffortShare
			n += c.Accounts
			if c.Tier != report.NoTier {
				rev += c.RevenueShare
			}
		}
		var sum float64
		for _, a := range r.Accounts {
			sum += a.Profit
		}
		if n != len(r.Accounts) || !approx(profit, r.Whale.TotalProfit) || !approx(sum, r.Whale.TotalProfit) ||
			!approx(effort, 1) || !approx(rev, 1) || len(r.Whale.Points) > 200 || r.Whale.PeakProfit < r.Whale.TotalProfit {
			t.Errorf("%s: accounts %d/%d profit %v/%v/%v effort share %v revenue share %v points %d",
				db, n, len(r.Accounts), profit, sum, r.Whale.TotalProfit, effort, rev, len(r.Whale.Points))
		}
	case *report.LapsedReport:
		for _, a := range r.Accounts {
			if a.DaysSince <= r.AfterDays || a.LifetimeRevenue <= 0 {
				t.Errorf("%s: %+v is not lapsed", db, a)
			}
		}
	case *report.RepeatReport:
		if r.RepeatCustomers != len(r.Accounts) || r.RepeatCustomers > r.CustomersAll {
			t.Errorf("%s: repeat %d, listed %d, all %d", db, r.RepeatCustomers, len(r.Accounts), r.CustomersAll)
		}
	case *report.StaleContactsReport:
		for _, c := range r.Contacts {
			if c.DaysSinceVerified != nil && *c.DaysSinceVerified <= r.AfterDays {
				t.Errorf("%s: %+v is not stale", db, c)
			}
		}
	case *report.HolidayCardsReport:
		for _, c := range r.Contacts {
			if c.Tier != "A" && c.Tier != "B" {
				t.Errorf("%s: %+v is not an A or B contact", db, c)
			}
		}
	}
}
