package mail

import (
	"context"
	"log/slog"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/store"
)

// SurveyTTL is how long a survey invitation's link works.
const SurveyTTL = 30 * 24 * time.Hour

// FinalRun is what one run of the final-invoice rule did.
type FinalRun struct {
	SurveyID  int64 `json:"survey_id"` // 0: no survey chosen, nothing done
	Invited   int   `json:"invited"`
	Recontact int   `json:"skipped_recontact"`
	NoContact int   `json:"skipped_no_contact"`
}

// FinalInvoiceSurveys runs the rule of the survey with the final invoice
// once, as of now: each final invoice dated within store.FinalInvoiceDays
// that the rule has not seen invites its contact to the chosen survey by
// mail through the outbox (the link under base, the survey's language),
// unless the recontact rule skips them; what came of each is kept on the
// order, so that an invoice is handled once. The caller wakes the sender.
// ctx carries the actor (crm.Rules in the server).
func FinalInvoiceSurveys(ctx context.Context, st *store.Store, base string, now time.Time, log *slog.Logger) (FinalRun, error) {
	return finalInvoiceSurveys(ctx, st, base, now, log, nil)
}

// FinalInvoiceLinks runs the rule once as FinalInvoiceSurveys does, but
// mails nothing: each invitation's link is handed to link (for a
// mail-merge file, where no mail server is set up).
func FinalInvoiceLinks(ctx context.Context, st *store.Store, base string, now time.Time, log *slog.Logger, link func(f store.FinalInvoice, inv store.SurveyInvitation, url string, until time.Time)) (FinalRun, error) {
	return finalInvoiceSurveys(ctx, st, base, now, log, link)
}

func finalInvoiceSurveys(ctx context.Context, st *store.Store, base string, now time.Time, log *slog.Logger,
	link func(store.FinalInvoice, store.SurveyInvitation, string, time.Time)) (FinalRun, error) {
	var run FinalRun
	id, err := st.FinalInvoiceSurvey(ctx)
	if err != nil || id == 0 {
		return run, err
	}
	run.SurveyID = id
	sv, err := st.Survey(ctx, id)
	if err != nil {
		return run, err
	}
	l := i18n.Get(sv.Language)
	for {
		waiting, err := st.FinalInvoicesWaiting(ctx, now.AddDate(0, 0, -store.FinalInvoiceDays), store.MaxPageSize)
		if err != nil || len(waiting) == 0 {
			return run, err
		}
		for _, f := range waiting {
			outcome := store.FinalNoContact
			if f.Email != "" {
				token, hash := auth.NewToken(auth.SurveyPrefix)
				until, url := now.Add(SurveyTTL), base+"/s/"+token
				in := store.SurveyInvite{Email: f.Email, TokenHash: hash, Expires: until, Channel: "invoice"}
				if link == nil {
					in.Compose = FinalInvoiceSurvey(l, sv.Name, f.ExternalID, url, until)
				}
				inv, err := st.InviteSurvey(ctx, id, in)
				switch crm.ErrorCode(err) {
				case "":
					outcome = store.FinalInvited
					if link != nil {
						link(f, inv, url, until)
					}
				case crm.ECONFLICT:
					outcome = store.FinalRecontact
				case crm.ENOTFOUND:
					// No active contact with the address — or the survey
					// was deleted meanwhile: then stop, marking nothing.
					if _, err := st.Survey(ctx, id); err != nil {
						return run, err
					}
				default:
					return run, err
				}
			}
			switch outcome {
			case store.FinalInvited:
				run.Invited++
			case store.FinalRecontact:
				run.Recontact++
			default:
				run.NoContact++
			}
			if err := st.MarkFinalInvoice(ctx, f.OrderID, outcome); err != nil {
				return run, err
			}
			log.Info("final invoice survey", slog.Int64("order_id", f.OrderID), slog.String("invoice", f.ExternalID), slog.String("outcome", outcome))
		}
	}
}

// RunFinalInvoiceSurveys runs the final-invoice rule every interval until
// ctx ends, waking the sender through wake when it invited someone. ctx
// carries the rule's actor (crm.Rules).
func RunFinalInvoiceSurveys(ctx context.Context, st *store.Store, base string, interval time.Duration, wake chan<- struct{}, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		run, err := FinalInvoiceSurveys(ctx, st, base, time.Now(), log)
		if err != nil && ctx.Err() == nil {
			log.Error("final invoice surveys", slog.Any("err", err))
		}
		if run.Invited > 0 {
			select {
			case wake <- struct{}{}:
			default: // the sender is busy; it finds the mail on its next round
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
