package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

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
