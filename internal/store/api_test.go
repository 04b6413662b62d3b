package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// audited returns the audit entries of entity id, oldest first.
func audited(t *testing.T, st *store.Store, entity string, id int64) []store.AuditEntry {
	t.Helper()
	es, _, err := st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{Entity: entity, EntityID: id})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

func field(t *testing.T, raw json.RawMessage, key string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("audit JSON %s: %v", raw, err)
	}
	return m[key]
}

func TestAPIAccounts(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		staff := crm.WithActor(bg, crm.Actor{UserID: 7, Name: "sam@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		viewer := crm.WithActor(bg, crm.Actor{UserID: 8, Name: "vic@example.com", Role: crm.RoleViewer, Scope: crm.AllAccounts()})

		if _, err := st.CreateAccount(viewer, crm.Account{Name: "X"}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("viewer creates: %v, want forbidden", err)
		}
		if _, _, err := st.ListAccounts(bg, store.AccountQuery{}); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("list without actor: %v, want unauthorized", err)
		}
		acme, err := st.CreateAccount(staff, crm.Account{Name: " ACME GmbH ", Domain: "https://www.Acme.de/", Segment: "industry",
			Owner: "ann", AcquiredAt: day("2021-03-04"), ExternalID: "K-1"})
		if err != nil {
			t.Fatal(err)
		}
		if acme.ID == 0 || acme.Name != "ACME GmbH" || acme.Domain != "acme.de" || acme.Status != "active" || acme.Source != "web" {
			t.Errorf("created %+v", acme)
		}
		got, err := st.Account(viewer, acme.ID)
		if err != nil || got.Name != "ACME GmbH" || !got.AcquiredAt.Equal(day("2021-03-04")) || got.ExternalID != "K-1" {
			t.Errorf("read back %+v, %v", got, err)
		}
		for _, tc := range []struct {
			a    crm.Account
			code string
		}{
			{crm.Account{Name: "  "}, crm.EINVALID},
			{crm.Account{Name: "B", Status: "gone"}, crm.EINVALID},
			{crm.Account{Name: "B", Domain: "acme.de"}, crm.ECONFLICT},
			{crm.Account{Name: "B", ExternalID: "K-1"}, crm.ECONFLICT},
			{crm.Account{Name: "B", ReferredByID: 999}, crm.EINVALID},
		} {
			if _, err := st.CreateAccount(staff, tc.a); crm.ErrorCode(err) != tc.code {
				t.Errorf("create %+v: %v, want %s", tc.a, err, tc.code)
			}
		}
		brandt, err := st.CreateAccount(staff, crm.Account{Name: "Brandt KG", Segment: "trade", ReferredByID: acme.ID})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if _, err := st.CreateAccount(staff, crm.Account{Name: fmt.Sprintf("Filler %d_%%", i), Segment: "trade", Status: "inactive"}); err != nil {
				t.Fatal(err)
			}
		}

		list := func(q store.AccountQuery) ([]int64, int) {
			t.Helper()
			as, n, err := st.ListAccounts(viewer, q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, a := range as {
				ids = append(ids, a.ID)
			}
			return ids, n
		}
		if ids, n := list(store.AccountQuery{Q: "acme"}); n != 1 || len(ids) != 1 || ids[0] != acme.ID {
			t.Errorf("q=acme: %v of %d", ids, n)
		}
		if ids, n := list(store.AccountQuery{Q: "Müller & ACME Co."}); n != 0 {
			t.Errorf("q with other words: %v of %d", ids, n)
		}
		if _, n := list(store.AccountQuery{Q: "%"}); n != 0 { // not a wildcard
			t.Errorf("q=%% matched %d accounts, want none", n)
		}
		if _, n := list(store.AccountQuery{Q: "fillér"}); n != 5 {
			t.Errorf("q=fillér matched %d accounts, want the 5 fillers", n)
		}
		if ids, n := list(store.AccountQuery{Q: "K-1"}); n != 1 || ids[0] != acme.ID {
			t.Errorf("q=external id: %v of %d", ids, n)
		}
		if ids, n := list(store.AccountQuery{Segment: "trade", Status: "active"}); n != 1 || ids[0] != brandt.ID {
			t.Errorf("segment+status: %v of %d", ids, n)
		}
		if ids, n := list(store.AccountQuery{Segment: "trade", Limit: 2, Offset: 2}); n != 6 || len(ids) != 2 {
			t.Errorf("page 2 of trade: %v of %d", ids, n)
		}
		if ids, n := list(store.AccountQuery{Limit: 5, Offset: 50}); n != 7 || len(ids) != 0 {
			t.Errorf("a page past the end: %v of %d, want none of 7", ids, n)
		}
		if ids, n := list(store.AccountQuery{IDs: []int64{brandt.ID, acme.ID, 12345}}); n != 2 || ids[0] != acme.ID || ids[1] != brandt.ID {
			t.Errorf("ids: %v of %d", ids, n)
		}
		if ids, n := list(store.AccountQuery{IDs: []int64{}}); n != 0 {
			t.Errorf("no ids: %v of %d", ids, n)
		}

		upd, err := st.UpdateAccount(staff, acme.ID, func(a *crm.Account) error { a.Owner = "bea"; a.Status = "Inactive"; return nil })
		if err != nil || upd.Owner != "bea" || upd.Status != "inactive" || upd.Name != "ACME GmbH" {
			t.Errorf("update: %+v, %v", upd, err)
		}
		if _, err := st.UpdateAccount(staff, acme.ID, func(a *crm.Account) error { a.ReferredByID = acme.ID; return nil }); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("self referral: %v", err)
		}
		if _, err := st.UpdateAccount(staff, brandt.ID, func(a *crm.Account) error { a.Domain = "ACME.de"; return nil }); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("taken domain: %v", err)
		}
		if _, err := st.UpdateAccount(staff, 999, func(a *crm.Account) error { return nil }); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("update unknown: %v", err)
		}

		// Deleting takes contacts, orders with lines and touchpoints along.
		c, err := st.CreateContact(staff, crm.Contact{AccountID: acme.ID, Name: "Jo", Identities: []crm.Identity{{Kind: "email", Value: "jo@acme.de"}}})
		if err != nil {
			t.Fatal(err)
		}
		o, err := st.CreateOrder(staff, crm.Order{AccountID: acme.ID, OrderedAt: day("2024-01-02"), Amount: cents(10)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: acme.ID, Kind: "call", Department: "sales", Subject: "hi", OccurredAt: day("2024-01-03")}); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteAccount(viewer, acme.ID); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("viewer deletes: %v", err)
		}
		if err := st.DeleteAccount(staff, acme.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Account(viewer, acme.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("deleted account: %v", err)
		}
		if _, err := st.Contact(viewer, c.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("contact of deleted account: %v", err)
		}
		if _, err := st.Order(viewer, o.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("order of deleted account: %v", err)
		}
		if tps, n, err := st.ListTouchpoints(viewer, store.TouchpointQuery{AccountID: acme.ID}); err != nil || n != 0 {
			t.Errorf("touchpoints of deleted account: %v %d %v", tps, n, err)
		}
		if b, _ := st.Account(viewer, brandt.ID); b == nil || b.ReferredByID != 0 {
			t.Errorf("the referral to a deleted account stays: %+v", b)
		}

		es := audited(t, st, "account", acme.ID)
		if len(es) != 3 || es[0].Action != "create" || es[1].Action != "update" || es[2].Action != "delete" {
			t.Fatalf("audit of acme: %+v", es)
		}
		if es[0].Before != nil || field(t, es[0].After, "name") != "ACME GmbH" || es[0].Actor != "sam@example.com" || es[0].UserID != 7 {
			t.Errorf("create entry %+v", es[0])
		}
		if field(t, es[1].Before, "owner") != "ann" || field(t, es[1].After, "owner") != "bea" {
			t.Errorf("update entry before %s after %s", es[1].Before, es[1].After)
		}
		if es[2].After != nil || field(t, es[2].Before, "deleted_orders") != 1.0 || field(t, es[2].Before, "deleted_contacts") != 1.0 {
			t.Errorf("delete entry before %s after %s", es[2].Before, es[2].After)
		}
	})
}

func TestAPIContacts(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		staff := crm.WithActor(bg, crm.Actor{UserID: 7, Name: "sam@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		a1, err := st.CreateAccount(staff, crm.Account{Name: "One"})
		if err != nil {
			t.Fatal(err)
		}
		a2, err := st.CreateAccount(staff, crm.Account{Name: "Two"})
		if err != nil {
			t.Fatal(err)
		}
		// An imported contact: the API keeps one person per email with it.
		if _, err := st.ImportContacts(crm.WithActor(bg, crm.Operator), []crm.ContactRecord{{Line: 2, Account: crm.AccountRef{Name: "One"},
			Contact: crm.Contact{Name: "Imported", ExternalID: "c-1", Identities: []crm.Identity{{Kind: "email", Value: "imp@one.de"}}}}}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		jo, err := st.CreateContact(staff, crm.Contact{AccountID: a1.ID, Name: "Jo", Title: "CFO", LastVerifiedAt: day("2024-05-06"),
			Identities: []crm.Identity{{Kind: "Email", Value: " Jo@One.DE "}, {Kind: "phone", Value: "+49 (0) 89 123-45"},
				{Kind: "linkedin", Value: "https://www.linkedin.com/in/Jo-One/"}, {Kind: "email", Value: "jo@one.de"}}})
		if err != nil {
			t.Fatal(err)
		}
		want := []crm.Identity{{Kind: "email", Value: "jo@one.de"}, {Kind: "linkedin", Value: "jo-one"}, {Kind: "phone", Value: "+498912345"}}
		if fmt.Sprint(jo.Identities) != fmt.Sprint(want) {
			t.Errorf("identities %v, want %v", jo.Identities, want)
		}
		got, err := st.Contact(staff, jo.ID)
		if err != nil || got.Name != "Jo" || got.Title != "CFO" || fmt.Sprint(got.Identities) != fmt.Sprint(want) || !got.LastVerifiedAt.Equal(day("2024-05-06")) {
			t.Errorf("read back %+v, %v", got, err)
		}
		for _, tc := range []struct {
			c    crm.Contact
			code string
		}{
			{crm.Contact{AccountID: a2.ID, Name: "Dup", Identities: []crm.Identity{{Kind: "email", Value: "IMP@one.de"}}}, crm.ECONFLICT},
			{crm.Contact{AccountID: a2.ID, Name: "Dup", Identities: []crm.Identity{{Kind: "phone", Value: "+4989 12345"}}}, crm.ECONFLICT},
			{crm.Contact{AccountID: a2.ID, Name: "Bad", Identities: []crm.Identity{{Kind: "email", Value: "nope"}}}, crm.EINVALID},
			{crm.Contact{AccountID: a2.ID, Name: "Bad", Identities: []crm.Identity{{Kind: "fax", Value: "123"}}}, crm.EINVALID},
			{crm.Contact{AccountID: 999, Name: "Nowhere"}, crm.EINVALID},
			{crm.Contact{AccountID: a2.ID}, crm.EINVALID},
			{crm.Contact{AccountID: a2.ID, Name: "X", Status: "retired"}, crm.EINVALID},
		} {
			if _, err := st.CreateContact(staff, tc.c); crm.ErrorCode(err) != tc.code {
				t.Errorf("create %+v: %v, want %s", tc.c, err, tc.code)
			}
		}
		if _, err := st.CreateContact(staff, crm.Contact{AccountID: a2.ID, Name: "Left", Status: "left"}); err != nil {
			t.Fatal(err)
		}
		cs, n, err := st.ListContacts(staff, store.ContactQuery{Email: "JO@one.de"})
		if err != nil || n != 1 || cs[0].ID != jo.ID || len(cs[0].Identities) != 3 {
			t.Errorf("by email: %+v of %d, %v", cs, n, err)
		}
		if _, n, _ := st.ListContacts(staff, store.ContactQuery{AccountID: a1.ID}); n != 2 {
			t.Errorf("account 1 has %d contacts, want 2", n)
		}
		if cs, n, _ := st.ListContacts(staff, store.ContactQuery{Status: "left"}); n != 1 || cs[0].Name != "Left" {
			t.Errorf("left: %+v", cs)
		}

		if same, err := st.UpdateContact(staff, jo.ID, func(c *crm.Contact) error { c.Name = " Jo "; return nil }); err != nil || same.Name != "Jo" {
			t.Errorf("a change to nothing: %+v, %v", same, err)
		}
		moved, err := st.UpdateContact(staff, jo.ID, func(c *crm.Contact) error {
			c.AccountID = a2.ID
			c.Identities = []crm.Identity{{Kind: "email", Value: "jo@two.de"}}
			return nil
		})
		if err != nil || moved.AccountID != a2.ID || len(moved.Identities) != 1 {
			t.Fatalf("move: %+v, %v", moved, err)
		}
		if cs, n, _ := st.ListContacts(staff, store.ContactQuery{Email: "jo@one.de"}); n != 0 {
			t.Errorf("the replaced email still finds %+v", cs)
		}
		// The freed email can go to someone else now.
		if _, err := st.CreateContact(staff, crm.Contact{AccountID: a1.ID, Name: "New Jo", Identities: []crm.Identity{{Kind: "email", Value: "jo@one.de"}}}); err != nil {
			t.Errorf("reuse a freed email: %v", err)
		}
		if _, err := st.UpdateContact(staff, jo.ID, func(c *crm.Contact) error {
			c.Identities = append(c.Identities, crm.Identity{Kind: "email", Value: "imp@one.de"})
			return nil
		}); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("take another's email: %v", err)
		}
		tp, err := st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: a2.ID, ContactID: jo.ID, Kind: "call", Department: "support", Subject: "x", OccurredAt: day("2024-02-02")})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteContact(staff, jo.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := st.Touchpoint(staff, tp.ID); err != nil || got.ContactID != 0 {
			t.Errorf("the touchpoint of a deleted contact: %+v, %v", got, err)
		}
		es := audited(t, st, "contact", jo.ID)
		if len(es) != 3 || es[1].Action != "update" || field(t, es[1].Before, "account_id") != float64(a1.ID) || field(t, es[1].After, "account_id") != float64(a2.ID) {
			t.Errorf("audit of jo: %+v", es)
		}
	})
}

func TestAPIOrdersAndTouchpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		op := crm.WithActor(bg, crm.Operator)
		staff := crm.WithActor(bg, crm.Actor{UserID: 7, Name: "sam@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		a1, _ := st.CreateAccount(staff, crm.Account{Name: "One", ExternalID: "K1"})
		a2, _ := st.CreateAccount(staff, crm.Account{Name: "Two"})
		if a1.ID == 0 || a2.ID == 0 {
			t.Fatal("accounts not created")
		}
		for i, d := range []string{"2024-01-10", "2024-02-10", "2024-03-10", "2024-04-10"} {
			if _, err := st.CreateOrder(staff, crm.Order{AccountID: a1.ID, OrderedAt: day(d), Amount: crm.Money(100*(i+1)) * 100, ExternalID: fmt.Sprintf("R-%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		credit, err := st.CreateOrder(staff, crm.Order{AccountID: a2.ID, OrderedAt: day("2024-02-15"), Amount: cents(-50), Currency: "eur"})
		if err != nil || credit.Currency != "EUR" || credit.ExternalID == "" {
			t.Fatalf("credit: %+v, %v", credit, err)
		}
		for _, o := range []crm.Order{
			{AccountID: a1.ID, Amount: cents(1)},
			{AccountID: 999, OrderedAt: day("2024-01-01")},
			{AccountID: a1.ID, OrderedAt: day("2024-01-01"), Currency: "EURO"},
		} {
			if _, err := st.CreateOrder(staff, o); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("create %+v: %v, want invalid", o, err)
			}
		}
		if _, err := st.CreateOrder(staff, crm.Order{AccountID: a2.ID, OrderedAt: day("2024-01-01"), ExternalID: "R-1"}); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("taken external id: %v", err)
		}
		os, n, err := st.ListOrders(staff, store.OrderQuery{Since: day("2024-02-10"), Until: day("2024-03-10")})
		if err != nil || n != 3 || os[0].ExternalID != "R-1" || os[1].ExternalID != "R-2" || os[2].ID != credit.ID {
			t.Errorf("orders in Feb–Mar 10: %+v of %d, %v", os, n, err)
		}
		if os, n, _ := st.ListOrders(staff, store.OrderQuery{AccountID: a1.ID, Limit: 1, Offset: 1}); n != 4 || len(os) != 1 || os[0].ExternalID != "R-1" {
			t.Errorf("second order of account 1: %+v of %d", os, n)
		}

		// Order lines follow their order; deleting the order deletes them.
		if _, err := st.ImportOrderLines(op, []crm.OrderLineRecord{{Line: 2, OrderExternalID: "R-0", SKU: "A",
			OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(100), Amount: cents(100)}}}, crm.ImportOptions{Source: store.WebSource}); err != nil {
			t.Fatal(err)
		}
		r0, _, _ := st.ListOrders(staff, store.OrderQuery{AccountID: a1.ID, Until: day("2024-01-31")})
		if len(r0) != 1 {
			t.Fatalf("R-0: %+v", r0)
		}
		moved, err := st.UpdateOrder(staff, r0[0].ID, func(o *crm.Order) error { o.AccountID = a2.ID; o.OrderedAt = day("2024-01-11"); return nil })
		if err != nil || moved.AccountID != a2.ID {
			t.Fatalf("move order: %+v, %v", moved, err)
		}
		uses, err := st.ProductsBought(op, day("2024-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		if len(uses) != 1 || uses[0].AccountID != a2.ID {
			t.Errorf("the order's line did not follow it to account %d: %+v", a2.ID, uses)
		}
		if uses, _ := st.ProductsBought(op, day("2024-01-10")); len(uses) != 0 {
			t.Errorf("the order's line did not follow it to its new date: %+v", uses)
		}
		if err := st.DeleteOrder(staff, r0[0].ID); err != nil {
			t.Fatal(err)
		}
		es := audited(t, st, "order", r0[0].ID)
		if len(es) != 3 || field(t, es[2].Before, "deleted_lines") != 1.0 || field(t, es[1].After, "ordered_at") != "2024-01-11T00:00:00Z" {
			t.Errorf("audit of R-0: %+v", es)
		}

		// Touchpoints.
		for i, d := range []string{"2024-01-05", "2024-02-05", "2024-03-05"} {
			dep := []string{"support", "sales", "support"}[i]
			if _, err := st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: a1.ID, Kind: "ticket", Department: dep, Subject: "s", OccurredAt: day(d), EffortMinutes: 30}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tp := range []crm.Touchpoint{
			{AccountID: a1.ID, Kind: "order", Department: "sales", Subject: "s", OccurredAt: day("2024-01-01")},
			{AccountID: a1.ID, Kind: "call", Department: "sales", OccurredAt: day("2024-01-01")},
			{AccountID: a1.ID, Kind: "call", Department: "sales", Subject: "s"},
			{AccountID: a1.ID, Kind: "call", Department: "sales", Subject: "s", OccurredAt: day("2024-01-01"), EffortMinutes: -1},
		} {
			if _, err := st.CreateTouchpoint(staff, tp); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("create %+v: %v, want invalid", tp, err)
			}
		}
		other, err := st.CreateContact(staff, crm.Contact{AccountID: a2.ID, Name: "Other"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: a1.ID, ContactID: other.ID, Kind: "call", Department: "sales",
			Subject: "s", OccurredAt: day("2024-01-01")}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("a contact of another account: %v", err)
		}
		tps, n, err := st.ListTouchpoints(staff, store.TouchpointQuery{AccountID: a1.ID, Department: "Support", Since: day("2024-02-01")})
		if err != nil || n != 1 || tps[0].OccurredAt.Format(time.DateOnly) != "2024-03-05" {
			t.Errorf("support since Feb: %+v of %d, %v", tps, n, err)
		}
		upd, err := st.UpdateTouchpoint(staff, tps[0].ID, func(tp *crm.Touchpoint) error { tp.Body = "<b>done</b>"; tp.EffortMinutes = 45; return nil })
		if err != nil || upd.Body != "<b>done</b>" || upd.EffortMinutes != 45 {
			t.Errorf("update touchpoint: %+v, %v", upd, err)
		}
		if err := st.DeleteTouchpoint(staff, tps[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Touchpoint(staff, tps[0].ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("deleted touchpoint: %v", err)
		}
		if es := audited(t, st, "touchpoint", tps[0].ID); len(es) != 3 || field(t, es[1].After, "body") != "<b>done</b>" {
			t.Errorf("audit of the touchpoint: %+v", es)
		}
	})
}
