package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The survey with the final invoice in the web app: admins choose the
// survey on /surveys; staff mark an order as a project's final invoice on
// Account 360's timeline; where no mail server is set up, staff download
// the links of the final invoices waiting as a mail-merge CSV (the server
// mails them itself when it has a mail server: internal/mail's
// RunFinalInvoiceSurveys).

// finalInvoiceState is what the surveys page shows of the rule.
type finalInvoiceState struct {
	Survey  int64 // the chosen survey; 0 none
	Waiting int   // final invoices of the last 30 days not handled yet
	Mail    bool  // the server mails the invitations itself
}

func (s *Server) finalInvoiceState(r *http.Request) (finalInvoiceState, error) {
	var f finalInvoiceState
	var err error
	if f.Survey, err = s.st.FinalInvoiceSurvey(r.Context()); err != nil {
		return f, err
	}
	waiting, err := s.st.FinalInvoicesWaiting(r.Context(), time.Now().AddDate(0, 0, -store.FinalInvoiceDays), store.MaxPageSize)
	f.Waiting, f.Mail = len(waiting), s.mailWake != nil
	return f, err
}

// setFinalInvoiceSurvey chooses the survey of field survey (0: none) to go
// with each final invoice. Admins.
func (s *Server) setFinalInvoiceSurvey(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PostFormValue("survey"), 10, 64)
	if err != nil || id < 0 {
		return s.renderSurveys(w, r, http.StatusBadRequest, tr(r, "Choose a survey."))
	}
	if err := s.st.SetFinalInvoiceSurvey(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/surveys#final-invoice", http.StatusSeeOther)
	return nil
}

// finalInvoiceLinks invites the contacts of the final invoices waiting
// and hands their links out as a mail-merge CSV (account, name, email,
// invoice, link, expires_at): where the server has no mail server to send
// them. Staff.
func (s *Server) finalInvoiceLinks(w http.ResponseWriter, r *http.Request) error {
	if s.mailWake != nil {
		return crm.Errorf(crm.ECONFLICT, "the server mails these invitations itself")
	}
	var buf bytes.Buffer
	c := csvout.New(&buf)
	c.Write("account", "name", "email", "invoice", "link", "expires_at")
	made := 0
	// Not cancelled with the request: the invitations made are spent, so
	// their links must reach the file even when the browser goes away.
	run, err := mail.FinalInvoiceLinks(context.WithoutCancel(r.Context()), s.st, s.linkBase(r), time.Now(), s.log, func(f store.FinalInvoice, inv store.SurveyInvitation, url string, until time.Time) {
		c.Write(f.AccountName, inv.Name, inv.Email, f.ExternalID, url, until.UTC().Format(time.RFC3339))
		made++
	})
	if err != nil && made == 0 {
		return err
	}
	if err != nil { // the links made so far go out; the rest waits for the next run
		s.log.Error("final invoice links: the run stopped", slog.Int("links", made), slog.Any("err", err))
		w.Header().Set("X-Vitalfew-Error", "the run stopped after "+strconv.Itoa(made)+" links; the rest wait")
	}
	if run.SurveyID == 0 {
		return s.renderSurveys(w, r, http.StatusBadRequest, tr(r, "Choose the survey for final invoices first."))
	}
	if err := c.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="final-invoice-survey-links.csv"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// markFinalInvoice marks order {id} as a project's final invoice (field
// final=1) or not (final=0), from Account 360's timeline. Staff.
func (s *Server) markFinalInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such order")
	}
	final := r.PostFormValue("final") == "1"
	o, err := s.st.UpdateOrder(r.Context(), id, func(o *crm.Order) error { o.Final = final; return nil })
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/accounts/"+strconv.FormatInt(o.AccountID, 10)+"#timeline", http.StatusSeeOther)
	return nil
}
