package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func activity(line int, name, kind string, cost int64, start, code string, marketing bool) crm.ActivityRecord {
	a := crm.ActivityRecord{Line: line, Activity: crm.Activity{Name: name, Kind: kind, Cost: crm.Money(cost), Marketing: marketing}, Code: code}
	if start != "" {
		a.Activity.StartsOn = day(start)
	}
	return a
}

func active(r crm.ActivityRecord) crm.ActivityRecord {
	r.Activity.Status = crm.ActivityActive
	return r
}

// TestImportActivities: activities are unique by name without case, their
// cost is one line the same file replaces, codes are unique without case;
// touches find their account by its external id and their activity by
// name or code, and the same files again change nothing.
func TestImportActivities(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		if _, err := st.ImportOrders(op, orders(), crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		acts := []crm.ActivityRecord{
			activity(2, "Spring webinar", "webinar", 200_000, "2024-03-01", "", true),
			activity(3, "LinkedIn ads", "ad", 300_000, "2024-03-01", "spring-li", true),
			activity(4, "Trade show", "event", 500_000, "2024-04-10", "SHOW25", true),
			activity(5, "trade SHOW", "event", 500_000, "2024-04-10", "show25", true), // the same again, in other case
			activity(6, "Referral", "other", 0, "", "", false),
		}
		sum, err := st.ImportActivities(op, acts, crm.ImportOptions{File: "a.csv"})
		if err != nil || sum.Inserted != 4 || sum.Unchanged != 1 {
			t.Fatalf("first import: %+v, %v", sum, err)
		}
		if sum, err := st.ImportActivities(op, acts, crm.ImportOptions{File: "a.csv"}); err != nil || sum.Inserted+sum.Updated != 0 || sum.Unchanged != 5 {
			t.Fatalf("the same file again: %+v, %v", sum, err)
		}
		// A new cost replaces the file's line; it is not added to it.
		if sum, err := st.ImportActivities(op, acts[:1:1], crm.ImportOptions{}); err != nil || sum.Unchanged != 1 {
			t.Fatalf("%+v, %v", sum, err)
		}
		cheaper := activity(2, "SPRING WEBINAR", "webinar", 150_000, "2024-03-01", "", true)
		cheaper.Activity.Name = "Spring webinar"
		if sum, err := st.ImportActivities(op, []crm.ActivityRecord{cheaper}, crm.ImportOptions{}); err != nil || sum.Updated != 1 {
			t.Fatalf("cheaper: %+v, %v", sum, err)
		}
		got, err := st.Activities(op)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, a := range got {
			b.WriteString(a.Name + " " + a.Kind + " " + a.Cost.String() + " " + strings.Join(a.Codes, ",") + " " + map[bool]string{true: "m", false: "-"}[a.Marketing] + "\n")
		}
		if want := "LinkedIn ads ad 3000.00 spring-li m\nReferral other 0.00  -\nSpring webinar webinar 1500.00  m\nTrade show event 5000.00 SHOW25 m\n"; b.String() != want {
			t.Errorf("activities:\n%s\nwant:\n%s", b.String(), want)
		}

		// A code of another activity, a kind we do not know.
		for _, tc := range []struct {
			rec   crm.ActivityRecord
			field string
			text  string
		}{
			{activity(2, "Newsletter", "email", 1, "", "Show25", true), "code", `code "Show25" belongs to the activity "Trade show"`},
			{activity(2, "Newsletter", "fax", 1, "", "", true), "kind", `unknown "fax"`},
			{activity(2, "Newsletter", "email", -1, "", "", true), "cost", "must not be negative"},
			{active(activity(2, "Newsletter", "email", 1, "", "", true)), "status", `activity "Newsletter" cannot be active without a tracking code`},
			{active(activity(2, "Spring webinar", "webinar", 150_000, "2024-03-01", "", true)), "status", "without a tracking code"},
		} {
			_, err := st.ImportActivities(op, []crm.ActivityRecord{tc.rec}, crm.ImportOptions{File: "bad.csv"})
			if err == nil || !strings.Contains(err.Error(), tc.field) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("%+v: %v, want %s: %s", tc.rec, err, tc.field, tc.text)
			}
		}

		// With a code, stored or given, an activity may go active; a row
		// without a status keeps it.
		for _, rec := range []crm.ActivityRecord{
			active(activity(2, "Trade show", "event", 500_000, "2024-04-10", "", true)),
			active(activity(3, "Spring webinar", "webinar", 150_000, "2024-03-01", "WEB24", true)),
			activity(4, "Trade show", "event", 500_000, "2024-04-10", "", true),
		} {
			if _, err := st.ImportActivities(op, []crm.ActivityRecord{rec}, crm.ImportOptions{}); err != nil {
				t.Fatalf("%s: %v", rec.Activity.Name, err)
			}
		}
		got, err = st.Activities(op)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range got {
			if want := map[string]string{"Trade show": crm.ActivityActive, "Spring webinar": crm.ActivityActive}[a.Name]; want != "" && a.Status != want {
				t.Errorf("%s: %s, want %s", a.Name, a.Status, want)
			}
			if a.Name == "LinkedIn ads" && a.Status != crm.ActivityPlanning {
				t.Errorf("%s: %s, want planning", a.Name, a.Status)
			}
		}

		// Time has a price: hours at the row's rate, else the settings'
		// cost per service hour (60 until set); a line of its own.
		costOf := func(name string) crm.Money {
			t.Helper()
			as, err := st.Activities(op)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range as {
				if a.Name == name {
					return a.Cost
				}
			}
			t.Fatalf("no activity %q", name)
			return 0
		}
		for _, tc := range []struct {
			hours     float64
			rate      crm.Money
			want      crm.Money
			unchanged bool
		}{
			{10, 0, 10_000 + 60_000, false}, {10, 0, 10_000 + 60_000, true}, {10, 8_000, 10_000 + 80_000, false}, {1.5, 8_000, 10_000 + 12_000, false},
			{0, 0, 10_000, false},
		} {
			rec := activity(2, "Newsletter", "email", 10_000, "2024-05-01", "", true)
			rec.Hours, rec.HourlyRate = tc.hours, tc.rate
			sum, err := st.ImportActivities(op, []crm.ActivityRecord{rec}, crm.ImportOptions{File: "time.csv"})
			if err != nil || (sum.Unchanged == 1) != tc.unchanged {
				t.Errorf("%v h at %v: %+v, %v", tc.hours, tc.rate, sum, err)
			}
			if got := costOf("Newsletter"); got != tc.want {
				t.Errorf("%v h at %v: cost %v, want %v", tc.hours, tc.rate, got, tc.want)
			}
		}
		bad := activity(2, "Newsletter", "email", 10_000, "", "", true)
		bad.Hours = -1
		if _, err := st.ImportActivities(op, []crm.ActivityRecord{bad}, crm.ImportOptions{File: "time.csv"}); err == nil || !strings.Contains(err.Error(), "time.csv:2: hours") {
			t.Errorf("negative hours: %v", err)
		}

		touches := []crm.ActivityTouchRecord{
			{Line: 2, CustomerID: "K1", Activity: "linkedin ADS", Date: day("2024-03-02"), Method: crm.TouchForward},
			{Line: 3, CustomerID: "K1", Code: "show25", Date: day("2024-04-11"), Method: crm.TouchPOS},
			{Line: 4, CustomerID: "K2", Activity: "Trade show", Code: "SHOW25", Date: day("2024-04-12"), Method: crm.TouchReverse},
			{Line: 5, CustomerID: "K2", Activity: "Trade show", Date: day("2024-04-12"), Method: crm.TouchReverse}, // the same again
		}
		sum, err = st.ImportActivityTouches(op, touches, crm.ImportOptions{File: "t.csv"})
		if err != nil || sum.Inserted != 3 || sum.Unchanged != 1 {
			t.Fatalf("touches: %+v, %v", sum, err)
		}
		if sum, err := st.ImportActivityTouches(op, touches, crm.ImportOptions{File: "t.csv"}); err != nil || sum.Inserted != 0 || sum.Unchanged != 4 {
			t.Fatalf("touches again: %+v, %v", sum, err)
		}
		// Portal contacts read neither the plans nor the touches, not
		// even their own account's.
		portal := crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: 1, AccountID: 1, Email: "x@example.com"}, "A"))
		if _, err := st.Activities(portal); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a portal contact reads the activities: %v", err)
		}
		if _, err := st.ActivityTouches(portal); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a portal contact reads the touches: %v", err)
		}
		ts, err := st.ActivityTouches(op)
		if err != nil || len(ts) != 3 || ts[0].Method != crm.TouchForward || ts[1].CodeID == 0 || ts[0].RecordedBy == "" {
			t.Fatalf("%+v, %v", ts, err)
		}
		// Reverse tracking in the application: who and when are kept; the
		// same touch twice, an unknown activity or method are refused.
		k2 := ts[2].AccountID
		staff := crm.WithActor(context.Background(), crm.Actor{Name: "Sam", Role: crm.RoleStaff, Scope: crm.Operator.Scope})
		rec, err := st.RecordTouch(staff, crm.ActivityTouch{AccountID: k2, ActivityID: ts[0].ActivityID, Date: day("2024-02-01"), Method: crm.TouchReverse})
		if err != nil || rec.ID == 0 || rec.RecordedBy != "Sam" || rec.RecordedAt.IsZero() {
			t.Fatalf("%+v, %v", rec, err)
		}
		for _, tc := range []struct {
			t    crm.ActivityTouch
			code string
		}{
			{crm.ActivityTouch{AccountID: k2, ActivityID: ts[0].ActivityID, Date: day("2024-02-01"), Method: crm.TouchReverse}, crm.ECONFLICT},
			{crm.ActivityTouch{AccountID: k2, ActivityID: 9999, Date: day("2024-02-01"), Method: crm.TouchReverse}, crm.EINVALID},
			{crm.ActivityTouch{AccountID: k2, ActivityID: ts[0].ActivityID, Date: day("2024-02-01"), Method: "guess"}, crm.EINVALID},
			{crm.ActivityTouch{AccountID: 9999, ActivityID: ts[0].ActivityID, Date: day("2024-02-01"), Method: crm.TouchPOS}, crm.EINVALID},
		} {
			if _, err := st.RecordTouch(staff, tc.t); crm.ErrorCode(err) != tc.code {
				t.Errorf("%+v: %v, want %s", tc.t, err, tc.code)
			}
		}
		if _, err := st.RecordTouch(portal, crm.ActivityTouch{AccountID: k2, ActivityID: ts[0].ActivityID, Date: day("2024-02-02"), Method: crm.TouchPOS}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a portal contact records a touch: %v", err)
		}
		if ts, err = st.ActivityTouches(op); err != nil || len(ts) != 4 {
			t.Errorf("%d touches, %v; want 4", len(ts), err)
		}
		for _, tc := range []struct {
			rec  crm.ActivityTouchRecord
			text string
		}{
			{crm.ActivityTouchRecord{Line: 7, CustomerID: "K9", Activity: "Trade show", Date: day("2024-04-12"), Method: "pos"}, `t.csv:7: customer_id: unknown customer "K9"`},
			{crm.ActivityTouchRecord{Line: 7, CustomerID: "K1", Activity: "Fair", Date: day("2024-04-12"), Method: "pos"}, `t.csv:7: activity: unknown activity "Fair"`},
			{crm.ActivityTouchRecord{Line: 7, CustomerID: "K1", Code: "NOPE", Date: day("2024-04-12"), Method: "pos"}, `t.csv:7: code: unknown tracking code "NOPE"`},
			{crm.ActivityTouchRecord{Line: 7, CustomerID: "K1", Activity: "Trade show", Date: day("2024-04-12"), Method: "guess"}, `t.csv:7: method: unknown "guess"`},
			{crm.ActivityTouchRecord{Line: 7, CustomerID: "K1", Date: day("2024-04-12"), Method: "pos"}, `t.csv:7: activity: missing`},
			{crm.ActivityTouchRecord{Line: 7, CustomerID: "K1", Activity: "LinkedIn ads", Code: "SHOW25", Date: day("2024-04-12"), Method: "pos"}, `t.csv:7: code: code "SHOW25" belongs to another activity`},
		} {
			_, err := st.ImportActivityTouches(op, []crm.ActivityTouchRecord{tc.rec}, crm.ImportOptions{File: "t.csv"})
			if err == nil || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("%+v: %v, want %s", tc.rec, err, tc.text)
			}
		}
	})
}

// TestProductPricing: a product's price and unit cost as the order lines
// brought them in; staff only; an unknown SKU is not found.
func TestProductPricing(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		if _, err := st.ImportOrders(op, orders(), crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		lines := []crm.OrderLineRecord{
			{Line: 2, OrderExternalID: "RE-1", SKU: "DM-200", ProductName: "Drive module", UnitCost: 8_000, HasUnitCost: true,
				OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: 20_000, Amount: 20_000}},
			{Line: 3, OrderExternalID: "RE-2", SKU: "SV-1", ProductName: "Service visit",
				OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: 5_000, Amount: 5_000}},
		}
		if _, err := st.ImportOrderLines(op, lines, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		p, err := st.ProductPricing(op, "DM-200")
		if err != nil || p.Name != "Drive module" || p.Price != 20_000 || p.UnitCost != 8_000 || !p.HasCost {
			t.Errorf("DM-200: %+v, %v", p, err)
		}
		if p, err := st.ProductPricing(op, "SV-1"); err != nil || p.Price != 5_000 || p.HasCost {
			t.Errorf("SV-1: %+v, %v", p, err)
		}
		if _, err := st.ProductPricing(op, "NOPE"); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("unknown SKU: %v", err)
		}
		portal := crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: 1, AccountID: 1}, "A"))
		if _, err := st.ProductPricing(portal, "DM-200"); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a portal contact: %v", err)
		}
	})
}

// TestActivityCosts: an activity's cost lines, money and time, by day;
// an unknown activity is not found, and portal contacts read none.
func TestActivityCosts(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		rec := activity(2, "Webinar", "webinar", 20_000, "2024-03-01", "", true)
		rec.Hours, rec.HourlyRate = 5, 5_000 // 5 h at 50.00 = 250.00
		if _, err := st.ImportActivities(op, []crm.ActivityRecord{rec}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		acts, _ := st.Activities(op)
		costs, err := st.ActivityCosts(op, acts[0].ID)
		if err != nil || len(costs) != 2 {
			t.Fatalf("%+v %v", costs, err)
		}
		money, time := costs[0], costs[1]
		if money.Note == "time" {
			money, time = time, money
		}
		if money.Amount != 20_000 || money.Hours != 0 || time.Amount != 25_000 || time.Hours != 5 || time.HourlyRate != 5_000 ||
			!money.On.Equal(day("2024-03-01")) || acts[0].Cost != 45_000 {
			t.Errorf("costs %+v, activity cost %v", costs, acts[0].Cost)
		}
		if _, err := st.ActivityCosts(op, 9999); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("unknown: %v", err)
		}
		portal := crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: 1, AccountID: 1}, ""))
		if _, err := st.ActivityCosts(portal, acts[0].ID); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("portal: %v", err)
		}
	})
}
