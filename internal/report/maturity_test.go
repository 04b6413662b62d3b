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

// TestSocialMaturity: the funnel's accounts (TestFunnel), window 2024,
// tier A P1, P4, P5 (TestIdealPremium). Mentions:
//
//	1  x         2024-03-01 10:00  P1 Pilot AG, a question   answered 2 hours later
//	2  linkedin  2024-04-01 10:00  P4 Saar OHG, a complaint  answered 10 hours later
//	3  x         2024-05-01 10:00  no account, praise
//	4  x         2023-05-01 10:00  P5, a question (before the window; still open)
//
// Platforms linkedin, x; 3 mentions, 2 matched (66.7%); 2 needed an
// answer, 2 answered (100%), median (2 + 10) / 2 = 6 hours; A accounts
// heard 2 of 3: every test met, measured integrated. The self-assessment
// yes, yes, yes, no claims enabled.
func TestSocialMaturity(t *testing.T) {
	ctx := crm.WithActor(context.Background(), crm.Operator)
	stores := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		stores = append(stores, namedStore{"postgres", pg})
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			seedFunnel(t, s.st)
			ids := map[string]int64{}
			dir, err := s.st.Directory(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range dir {
				ids[d.ExternalID] = d.ID
			}
			at := func(d string) time.Time { return day(d).Add(10 * time.Hour) }
			m := func(line int, platform, id, posted, account, intent string) crm.MentionRecord {
				return crm.MentionRecord{Line: line, Intent: intent, Mention: crm.Mention{Platform: platform, ExternalID: id, AuthorHandle: "author" + id,
					Text: "Mention " + id, PostedAt: at(posted), AccountID: ids[account], Lang: "en", Label: "neutral"}}
			}
			if _, err := s.st.ImportMentions(ctx, []crm.MentionRecord{m(2, "x", "1", "2024-03-01", "P1", "question"), m(3, "linkedin", "2", "2024-04-01", "P4", "complaint"),
				m(4, "x", "3", "2024-05-01", "", "praise"), m(5, "x", "4", "2023-05-01", "P5", "question")}, crm.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			staff := crm.WithActor(context.Background(), crm.Actor{Name: "anna", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
			ms, _, err := s.st.ListMentions(ctx, store.MentionQuery{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			reply := "Thanks, we are on it"
			for _, mm := range ms { // matched by hand, as staff do (the text names no account)
				if acct := map[string]string{"1": "P1", "2": "P4", "4": "P5"}[mm.ExternalID]; acct != "" {
					if _, err := s.st.MatchMention(staff, mm.ID, ids[acct], 0, false); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, mm := range ms {
				hours := map[string]int{"1": 2, "2": 10}[mm.ExternalID]
				if hours == 0 {
					continue
				}
				if _, err := s.st.UpdateCare(staff, mm.ID, store.CareUpdate{Reply: &reply}, mm.PostedAt.Add(time.Duration(hours)*time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.st.SetSetting(ctx, "social_self_assessment", "yes, ja, YES, no"); err != nil {
				t.Fatal(err)
			}
			rep, err := report.Run(ctx, s.st, "social-maturity", report.Params{AsOf: day("2024-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			r := rep.(*report.SocialMaturityReport)
			e := r.Evidence
			med := -1.0
			if e.MedianResponseHours != nil {
				med = *e.MedianResponseHours
			}
			got := fmt.Sprintf("%s %s %s %d/%d %d/%d %.1f %d/%d", r.Claimed, r.Measured, strings.Join(e.Platforms, ","), e.Matched, e.Mentions,
				e.Answered, e.NeedAnswer, med, e.AHeard, e.AAccounts)
			if want := "enabled integrated linkedin,x 2/3 2/2 6.0 2/3"; got != want {
				t.Errorf("got %s\nwant %s", got, want)
			}
			if err := s.st.SetSetting(ctx, "social_self_assessment", "yes,maybe,no,no"); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("a bad answer: %v", err)
			}
		})
	}
}
