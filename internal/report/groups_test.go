package report_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestGroupUsers: three contacts of two accounts, grouped by hand.
//
//	contact 1 Ada (account 10 Alpha: region DE, industry Bau; bought Pumpe, Ventil; customer) — registered for event 7 (attended) and 8 (not)
//	contact 2 Ben (account 10)                                                                — registered for event 9, after as of: not counted
//	contact 3 Cem (account 20 Beta: region DE; bought Pumpe; no order: prospect)              — attended event 7
//
// product Pumpe: 3 contacts, 2 accounts (customer 1, prospect 1), 3 registrations, 2 attended
// product Ventil: 2 contacts, 1 account; region DE as Pumpe; industry Bau: 2 contacts, 1 account.
func TestGroupUsers(t *testing.T) {
	asOf := day("2024-06-30")
	contacts := []store.GroupContact{{ContactID: 1, Name: "Ada", AccountID: 10, Account: "Alpha", Region: "DE", Industry: "Bau"},
		{ContactID: 2, Name: "Ben", AccountID: 10, Account: "Alpha", Region: "DE", Industry: "Bau"},
		{ContactID: 3, Name: "Cem", AccountID: 20, Account: "Beta", Region: "DE"}}
	products := []store.AccountProduct{{AccountID: 10, Product: "Pumpe"}, {AccountID: 10, Product: "Ventil"}, {AccountID: 20, Product: "Pumpe"}}
	at := func(c, a, e int64, on string, attended bool) store.Attendance {
		return store.Attendance{ContactID: c, AccountID: a, EventID: e, Event: fmt.Sprintf("E%d", e), StartsAt: day(on).Add(10 * time.Hour), Attended: attended}
	}
	att := []store.Attendance{at(1, 10, 7, "2024-05-01", true), at(3, 20, 7, "2024-05-01", true), at(1, 10, 8, "2024-06-01", false), at(2, 10, 9, "2024-07-05", false)}
	r := report.GroupUsers(contacts, products, att, map[int64]string{10: "customer"}, asOf, func(string, string) bool { return true })
	if none := report.GroupUsers(contacts, products, att, nil, asOf, nil); len(none.Groups) != 4 || none.Groups[0].Members != nil || none.Groups[0].Contacts != 3 {
		t.Errorf("without members: %+v", none.Groups[0])
	}
	var got []string
	for _, g := range r.Groups {
		var ev []string
		for _, e := range g.Events {
			ev = append(ev, fmt.Sprintf("%s %s %d/%d", e.Title, e.Starts, e.Attended, e.Registered))
		}
		var ms []string
		for _, m := range g.Members {
			ms = append(ms, fmt.Sprintf("%s:%s:%d/%d", m.Name, m.Stage, m.Attended, m.Registered))
		}
		got = append(got, fmt.Sprintf("%s %s c%d a%d cust%d pros%d %d/%d [%s] [%s]", g.Kind, g.Value, g.Contacts, g.Accounts, g.Stages["customer"], g.Stages["prospect"],
			g.Attended, g.Registered, strings.Join(ev, "; "), strings.Join(ms, " ")))
	}
	want := []string{
		"product Pumpe c3 a2 cust1 pros1 2/3 [E7 2024-05-01 2/2; E8 2024-06-01 0/1] [Ada:customer:1/2 Ben:customer:0/0 Cem:prospect:1/1]",
		"product Ventil c2 a1 cust1 pros0 1/2 [E7 2024-05-01 1/1; E8 2024-06-01 0/1] [Ada:customer:1/2 Ben:customer:0/0]",
		"region DE c3 a2 cust1 pros1 2/3 [E7 2024-05-01 2/2; E8 2024-06-01 0/1] [Ada:customer:1/2 Ben:customer:0/0 Cem:prospect:1/1]",
		"industry Bau c2 a1 cust1 pros0 1/2 [E7 2024-05-01 1/1; E8 2024-06-01 0/1] [Ada:customer:1/2 Ben:customer:0/0]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestGroups: the funnel's accounts (TestFunnel) with regions and
// contacts, on both databases: region DE holds P1 Pilot AG (two contacts)
// and P2 Quelle KG (one), both advocates as of 2024-12-31; region AT P3
// Rhein GmbH (one contact), which never ordered: a prospect.
func TestGroups(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	stores := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		stores = append(stores, namedStore{"postgres", pg})
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			seedFunnel(t, s.st)
			dir, err := s.st.Directory(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range dir {
				region := map[string]string{"P1": "DE", "P2": "DE", "P3": "AT"}[d.ExternalID]
				if region == "" {
					continue
				}
				if _, err := s.st.UpdateAccount(ctx, d.ID, func(a *crm.Account) error { a.Region = region; return nil }); err != nil {
					t.Fatal(err)
				}
				n := map[string]int{"P1": 2, "P2": 1, "P3": 1}[d.ExternalID]
				for i := range n {
					if _, err := s.st.CreateContact(ctx, crm.Contact{AccountID: d.ID, Name: fmt.Sprintf("%s-%d", d.ExternalID, i), Status: crm.ContactActive}); err != nil {
						t.Fatal(err)
					}
				}
			}
			rep, err := report.Run(ctx, s.st, "groups", report.Params{AsOf: day("2024-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, g := range rep.(*report.GroupsReport).Groups {
				got = append(got, fmt.Sprintf("%s %s %d %d %v", g.Kind, g.Value, g.Contacts, g.Accounts, g.Stages))
			}
			if want := "region DE 3 2 map[advocate:2]|region AT 1 1 map[prospect:1]"; strings.Join(got, "|") != want {
				t.Errorf("groups: %s, want %s", strings.Join(got, "|"), want)
			}
			var csv strings.Builder
			if err := rep.WriteCSV(&csv); err != nil || !strings.HasPrefix(csv.String(), "kind,value,contacts,accounts,prospect,customer,repeat,loyal,advocate,registered,attended\nregion,DE,3,2,0,0,0,0,2,0,0\n") {
				t.Errorf("CSV: %s %v", csv.String(), err)
			}
		})
	}
}
