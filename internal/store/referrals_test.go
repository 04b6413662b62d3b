package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestReferralCodes: a contact gets one code (the same when asked again);
// an account made or imported with it is referred by the code's account;
// a self-referral and an account that ordered before the referral are
// refused with their reason; the public link makes an account with its
// contact once per domain; the list gives each referred account's
// milestones; an actor who does not see the account neither makes a code
// nor reads the referral.
func TestReferralCodes(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st) // Alder (a1, a2) and Birch (b1)
		op := crm.WithActor(context.Background(), crm.Operator)
		anna := crm.WithActor(context.Background(), crm.Actor{UserID: 1, Name: "anna@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		petra := crm.WithActor(context.Background(), crm.Actor{UserID: 3, Name: "petra", Role: crm.RoleStaff, Scope: crm.OwnedBy("Petra")})
		// Birch ordered on 2024-03-01: an existing customer.
		if _, err := st.CreateOrder(op, crm.Order{AccountID: w.b, ExternalID: "B-1", OrderedAt: day("2024-03-01"), Amount: 10000}); err != nil {
			t.Fatal(err)
		}
		rc, err := st.ReferralCodeFor(anna, w.a1.ID)
		if err != nil || len(rc.Code) != crm.ReferralCodeLen || rc.AccountID != w.a || rc.ContactID != w.a1.ID || rc.CreatedBy != "anna@example.com" {
			t.Fatalf("code: %+v %v", rc, err)
		}
		if again, err := st.ReferralCodeFor(anna, w.a1.ID); err != nil || again.Code != rc.Code {
			t.Errorf("asked again: %+v %v, want %s", again, err, rc.Code)
		}
		if _, err := st.ReferralCodeFor(petra, w.a1.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("a contact out of scope: %v", err)
		}
		if codes, err := st.ReferralCodes(anna, w.a); err != nil || len(codes) != 1 || codes[0].Code != rc.Code {
			t.Errorf("the account's codes: %+v %v", codes, err)
		}
		if codes, err := st.ReferralCodes(petra, 0); err != nil || len(codes) != 0 {
			t.Errorf("codes out of scope: %+v %v", codes, err)
		}
		// Typed in capitals with a dash: the same code.
		typed := strings.ToUpper(rc.Code[:5]) + "-" + strings.ToUpper(rc.Code[5:])
		cedar, err := st.CreateReferredAccount(anna, crm.Account{Name: "Cedar Werke"}, typed, crm.ReferralViaAPI)
		if err != nil || cedar.ReferredByID != w.a {
			t.Fatalf("created through the code: %+v %v", cedar, err)
		}
		for _, c := range []struct {
			name, code, want string
			id               int64
		}{
			{"unknown", "2345678923", "no such referral code", 0},
			{"not a code", "hello", "is not a referral code", 0},
			{"self-referral", rc.Code, "the code is this account's own", w.a},
			{"existing customer", rc.Code, "already a customer before the referral (first order on 2024-03-01)", w.b},
		} {
			var err error
			if c.id == 0 {
				_, err = st.CreateReferredAccount(anna, crm.Account{Name: "Nobody " + c.name}, c.code, crm.ReferralViaAPI)
			} else {
				_, err = st.ReferAccount(anna, c.id, c.code, crm.ReferralViaAPI)
			}
			if crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want invalid saying %q", c.name, err, c.want)
			}
		}
		// The import: a new account with the code, acquired 2026-01-05;
		// Birch (ordered before) and Alder (its own code) refused.
		sum, err := st.ImportAccounts(op, []crm.AccountRecord{{Line: 2, Account: crm.Account{ExternalID: "D1", Name: "Dogwood KG", AcquiredAt: day("2026-01-05")}, ReferralCode: rc.Code}}, crm.ImportOptions{})
		if err != nil || sum.Inserted != 1 {
			t.Fatalf("import: %+v %v", sum, err)
		}
		for _, c := range []struct {
			name, want string
		}{{"Birch Foods Ltd", "already a customer before the referral (first order on 2024-03-01)"}, {"Alder Maschinenbau AG", "the code is this account's own"}} {
			_, err := st.ImportAccounts(op, []crm.AccountRecord{{Line: 7, Account: crm.Account{Name: c.name, AcquiredAt: day("2026-06-01")}, ReferralCode: rc.Code}}, crm.ImportOptions{})
			var rows crm.RowErrors
			if !errors.As(err, &rows) || len(rows) != 1 || rows[0].Line != 7 || rows[0].Field != "referral_code" || !strings.Contains(rows[0].Reason, c.want) {
				t.Errorf("import %s: %v, want line 7 referral_code %q", c.name, err, c.want)
			}
		}
		dogwood, _, err := st.ListAccounts(op, store.AccountQuery{Q: "D1"})
		if err != nil || len(dogwood) != 1 || dogwood[0].ReferredByID != w.a {
			t.Fatalf("Dogwood: %+v %v", dogwood, err)
		}
		// Dogwood orders twice on 2026-02-01 and again on 2026-03-05.
		for i, d := range []string{"2026-02-01", "2026-02-01", "2026-03-05"} {
			if _, err := st.CreateOrder(op, crm.Order{AccountID: dogwood[0].ID, ExternalID: "D-" + string(rune('1'+i)), OrderedAt: day(d), Amount: 5000}); err != nil {
				t.Fatal(err)
			}
		}
		// The public link: once; a second time the domain is known.
		if err := st.ReferralSignup(context.Background(), rc.Code, store.Signup{Company: "Elm GmbH", Name: "Eva Elm", Email: "eva@elm.example"}); err != nil {
			t.Fatal(err)
		}
		if err := st.ReferralSignup(context.Background(), rc.Code, store.Signup{Company: "Elm GmbH", Name: "Ede", Email: "ede@elm.example"}); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("the same domain again: %v", err)
		}
		// A bad field is refused the same whether the code is known or
		// not: the form tells nothing about which codes exist.
		for _, bad := range []store.Signup{{Company: "Oak", Email: "not an address"}, {Company: "Oak\x00", Email: "o@oak.example"}, {Company: "Oak", Name: "\xff", Email: "o@oak.example"}} {
			known := st.ReferralSignup(context.Background(), rc.Code, bad)
			unknown := st.ReferralSignup(context.Background(), "2345678923", bad)
			if crm.ErrorCode(known) != crm.EINVALID || known.Error() != unknown.Error() {
				t.Errorf("%q: known code %v, unknown code %v", bad, known, unknown)
			}
		}
		if err := st.ReferralSignup(context.Background(), "2345678923", store.Signup{Company: "Fir", Email: "f@fir.example"}); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("an unknown code: %v", err)
		}
		if err := st.ReferralSignup(context.Background(), rc.Code, store.Signup{Company: "", Email: "g@gum.example"}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("no company: %v", err)
		}
		list, err := st.ReferralList(anna)
		if err != nil {
			t.Fatal(err)
		}
		today := time.Now().UTC().Format(time.DateOnly)
		type row struct{ name, referrer, contact, code, via, referred, customer, repeat, stage string }
		want := []row{
			{"Cedar Werke", "Alder Maschinenbau AG", "a1@alder.example", rc.Code, "api", today, "", "", "referred"},
			{"Elm GmbH", "Alder Maschinenbau AG", "a1@alder.example", rc.Code, "link", today, "", "", "referred"},
			{"Dogwood KG", "Alder Maschinenbau AG", "a1@alder.example", rc.Code, "import", "2026-01-05", "2026-02-01", "2026-03-05", "repeat"},
		}
		d := func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(time.DateOnly)
		}
		if len(list) != len(want) {
			t.Fatalf("list: %+v", list)
		}
		for i, e := range list {
			got := row{e.Name, e.Referrer, e.Contact, e.Code, e.Via, d(e.Referred), d(e.Customer), d(e.Repeat), e.Stage()}
			if got != want[i] {
				t.Errorf("list[%d] = %+v, want %+v", i, got, want[i])
			}
		}
		if list, err := st.ReferralList(petra); err != nil || len(list) != 0 {
			t.Errorf("the list out of scope: %+v %v", list, err)
		}
		// A contact deleted: their code is gone, their referrals stay.
		if err := st.DeleteContact(op, w.a1.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.ReferralSignup(context.Background(), rc.Code, store.Signup{Company: "Hazel AG", Email: "h@hazel.example"}); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("the code of a deleted contact: %v", err)
		}
		if list, err := st.ReferralList(anna); err != nil || len(list) != 3 || list[0].Contact != "" {
			t.Errorf("the referrals after the contact went: %+v %v", list, err)
		}
	})
}
