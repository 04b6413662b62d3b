package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// demoAdvocacy gives the demo business its advocacy (unless it has some
// already): acts of the accounts that brought customers and of the
// largest ones over the year before the latest order — a case study, a
// talk, reference calls, reviews, a user group, a community post —
// recorded by one member of staff and most of them verified by another;
// and referral codes of a contact of each of the three best advocates,
// through which three new companies came in (one by the public link),
// not customers yet.
func demoAdvocacy(op context.Context, st *store.Store) error {
	if acts, err := st.AdvocacyActs(op, 0, time.Time{}); err != nil || len(acts) > 0 {
		return err
	}
	latest, err := st.LatestOrderDate(op)
	if err != nil {
		return err
	}
	f, err := report.Funnel(op, st, report.Params{})
	if err != nil {
		return err
	}
	par, err := report.Pareto(op, st, report.Params{})
	if err != nil {
		return err
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, a := range f.Advocates {
		if a.Customer && !seen[a.ID] && len(ids) < 4 {
			ids, seen[a.ID] = append(ids, a.ID), true
		}
	}
	for _, a := range par.Accounts {
		if a.Tier == "A" && !seen[a.ID] && len(ids) < 9 {
			ids, seen[a.ID] = append(ids, a.ID), true
		}
	}
	petra := crm.WithActor(op, crm.Actor{Name: "petra@demo.example", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
	jonas := crm.WithActor(op, crm.Actor{Name: "jonas@demo.example", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
	acts := []struct {
		kind, evidence string
		daysAgo        int
		verified       bool
	}{
		{"case_study", "Case study: retrofitting the packaging line, published on the website", 200, true},
		{"speaking", "Talk at the regional manufacturing day, with our service team", 120, true},
		{"reference_call", "Took a call from a prospect in the same industry", 45, true},
		{"review", "Five-star review on the trade portal", 30, true},
		{"user_group", "Came to the spring user group and showed their setup", 75, true},
		{"reference_call", "Second reference call this year", 20, true},
		{"review", "Review on the trade portal, not yet checked", 10, false},
		{"community_post", "Answered another customer's question in the portal forum", 6, false},
		{"case_study", "Draft case study, waiting for their approval", 3, false},
	}
	contactOf := func(id int64) (int64, error) {
		cs, _, err := st.ListContacts(op, store.ContactQuery{AccountID: id, Status: "active", Limit: 1})
		if err != nil || len(cs) == 0 {
			return 0, err
		}
		return cs[0].ID, nil
	}
	for i, id := range ids {
		if i >= len(acts) {
			break
		}
		a := acts[i]
		contact, err := contactOf(id)
		if err != nil {
			return err
		}
		rec, err := st.RecordAdvocacy(petra, crm.AdvocacyAct{AccountID: id, ContactID: contact, Kind: a.kind, On: latest.AddDate(0, 0, -a.daysAgo), Evidence: a.evidence})
		if err != nil {
			return err
		}
		if a.verified {
			if _, err := st.VerifyAdvocacy(jonas, id, rec.ID); err != nil {
				return err
			}
		}
	}
	// Referral codes of the best advocates, and the companies they brought.
	newcomers := []string{"Nordlicht Anlagenbau GmbH", "Weser Verpackung KG", "Isar Feinmechanik AG"}
	for i, id := range ids {
		if i == len(newcomers) {
			break
		}
		contact, err := contactOf(id)
		if err != nil || contact == 0 {
			return err
		}
		rc, err := st.ReferralCodeFor(petra, contact)
		if err != nil {
			return err
		}
		if i == 2 {
			err = st.ReferralSignup(op, rc.Code, store.Signup{Company: newcomers[i], Name: "Ines Huber", Email: "ines.huber@isar-feinmechanik.example"})
		} else {
			_, err = st.CreateReferredAccount(petra, crm.Account{Name: newcomers[i], AcquisitionSource: "referral"}, rc.Code, crm.ReferralViaAPI)
		}
		if err != nil && crm.ErrorCode(err) != crm.ECONFLICT {
			return fmt.Errorf("demo referral: %w", err)
		}
	}
	return nil
}
