package cli

import (
	"context"
	crand "crypto/rand"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// demoSurveys gives the demo business its post-project survey, sent with
// the final invoice of a project and answered by a contact of each of up
// to 90 customers over the year before the latest order: the large
// customers mostly promoters, the small ones more often detractors (whose
// answers wait in the care queue), each with a reason (unless there are
// surveys already). The survey stays chosen for final invoices.
func demoSurveys(op context.Context, st *store.Store) error {
	if list, err := st.Surveys(op); err != nil || len(list) > 0 {
		return err
	}
	tmpl, err := crm.SurveyTemplate(crm.TemplatePostProject, "en", "After the project")
	if err != nil {
		return err
	}
	sv, err := st.CreateSurvey(op, tmpl)
	if err != nil {
		return err
	}
	rep, err := report.Pareto(op, st, report.Params{})
	if err != nil {
		return err
	}
	latest, err := st.LatestOrderDate(op)
	if err != nil {
		return err
	}
	nps, why := sv.NPSPosition(), 0
	for _, q := range sv.Questions {
		if q.Type == crm.QuestionText && q.Position > nps {
			why = q.Position
			break
		}
	}
	reasons := map[string][]string{
		crm.Promoter:  {"Reliable deliveries and a product manager who answers the same day.", "The installation team was excellent.", "Quick quotes, fair prices."},
		crm.Passive:   {"Good products, but the quotes take too long.", "Fine overall; the invoices could be clearer."},
		crm.Detractor: {"Two of three deliveries arrived incomplete.", "Nobody called back about the warranty case.", "The price increase came without notice."},
	}
	rng := rand.New(rand.NewPCG(7, 2026))
	var rs []store.ImportedResponse
	var surveyed []int64 // the accounts of rs
	for i, a := range rep.Accounts {
		if len(rs) == 90 || i%2 == 1 && a.Tier != "A" {
			continue
		}
		contacts, _, err := st.ListContacts(op, store.ContactQuery{AccountID: a.ID, Status: "active", Limit: 5})
		if err != nil {
			return err
		}
		email := ""
		for _, c := range contacts {
			for _, id := range c.Identities {
				if id.Kind == crm.IdentityEmail && email == "" {
					email = id.Value
				}
			}
		}
		if email == "" {
			continue
		}
		// Promoters mostly at the top, detractors mostly at the bottom.
		score := map[string][]int{"A": {10, 10, 9, 9, 9, 8, 10, 7, 9, 6}, "B": {9, 8, 7, 8, 10, 6, 7, 9, 5, 8}, "C": {8, 6, 7, 5, 9, 4, 7, 3, 6, 8}}[a.Tier]
		if score == nil {
			score = []int{7, 5, 8, 6}
		}
		n := score[rng.IntN(len(score))]
		answers := map[int][]string{nps: {fmt.Sprint(n)}}
		if why > 0 {
			band := reasons[crm.NPSBand(n)]
			answers[why] = []string{band[rng.IntN(len(band))]}
		}
		// The survey went with the final invoice of a project: the
		// account's last invoice before the day drawn, answered a few
		// days after it.
		at := latest.AddDate(0, 0, -rng.IntN(330))
		orders, _, err := st.ListOrders(op, store.OrderQuery{AccountID: a.ID, Until: at, Newest: true, Limit: 1})
		if err != nil {
			return err
		}
		if len(orders) == 1 {
			o := orders[0]
			if _, err := st.UpdateOrder(op, o.ID, func(o *crm.Order) error { o.Final, o.ContactEmail = true, email; return nil }); err != nil {
				return err
			}
			if err := st.MarkFinalInvoice(op, o.ID, store.FinalInvited); err != nil {
				return err
			}
			at = o.OrderedAt.AddDate(0, 0, 2+rng.IntN(8))
			if at.After(latest) {
				at = latest
			}
		}
		rs = append(rs, store.ImportedResponse{Line: len(rs) + 1, Key: fmt.Sprintf("demo-%d", a.ID), Email: email,
			SubmittedAt: at, Complete: true, Answers: answers})
		surveyed = append(surveyed, a.ID)
	}
	if _, err := st.ImportSurveyResponses(op, sv.ID, rs); err != nil {
		return err
	}
	if err := st.SetFinalInvoiceSurvey(op, sv.ID); err != nil {
		return err
	}
	return demoBeliefs(op, st, sv, surveyed)
}

// demoBeliefs has the owners of the surveyed accounts say what they
// believe their customers would answer to the survey's NPS question — 9 or
// 10 for about 85% of their accounts, where the customers answered that
// far less often — and the first of them answer for the company as a
// whole: the perception gap of the dashboard. Each owner is a staff user
// restricted to her accounts, with a random password nobody is told.
func demoBeliefs(op context.Context, st *store.Store, sv crm.Survey, surveyed []int64) error {
	nps := sv.NPSPosition()
	if nps == 0 || len(surveyed) == 0 {
		return nil
	}
	dir, err := st.Directory(op)
	if err != nil {
		return err
	}
	owner := map[int64]string{}
	for _, d := range dir {
		owner[d.ID] = d.Owner
	}
	users, err := st.Users(op)
	if err != nil {
		return err
	}
	byName := map[string]crm.User{}
	for _, u := range users {
		byName[u.Name] = u
	}
	rng := rand.New(rand.NewPCG(11, 2026))
	first := ""
	for _, id := range surveyed {
		name := owner[id]
		if name == "" {
			continue
		}
		u, ok := byName[name]
		if !ok {
			p := make([]byte, 18)
			crand.Read(p)
			hash, err := auth.HashPassword(base64.RawURLEncoding.EncodeToString(p))
			if err != nil {
				return err
			}
			email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@staff.vitalfew.example"
			if u, err = st.CreateUser(op, email, name, crm.RoleStaff, hash); err != nil {
				return err
			}
			if u, err = st.SetOwnAccountsOnly(op, email, true, ""); err != nil {
				return err
			}
			byName[name] = u
		}
		if first == "" {
			first = name
		}
		score := []string{"9", "10"}[rng.IntN(2)]
		if rng.Float64() >= 0.85 {
			score = []string{"7", "8"}[rng.IntN(2)]
		}
		if _, err := st.SaveBeliefs(crm.WithActor(op, crm.ActorOf(u)), sv.ID, id, map[int][]string{nps: {score}}); err != nil {
			return err
		}
	}
	if first == "" {
		return nil
	}
	_, err = st.SaveBeliefs(crm.WithActor(op, crm.ActorOf(byName[first])), sv.ID, 0, map[int][]string{nps: {"9"}})
	return err
}
