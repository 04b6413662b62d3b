package cli

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The survey with the final invoice from the command line: choose the
// survey, and run the rule once (the server runs it every minute when it
// has a mail server).

func surveyFinalInvoiceCmd(e *env) *cobra.Command {
	var off bool
	cmd := &cobra.Command{
		Use:   "final-invoice [SURVEY_ID | --off]",
		Short: "Choose the survey that goes to the contact of each final invoice",
		Long: `Choose survey SURVEY_ID to go with each final invoice (orders marked final:
an import's final or Schlussrechnung column, sevDesk's Schlussrechnung, or the
app). The server (vitalfew serve --smtp-url --base-url) then invites the
invoice's contact by mail once per final invoice dated in the last 30 days,
respecting the recontact rule; vitalfew survey send-final runs it once.
Without arguments it prints the survey chosen (0: none); --off stops it.`,
		Example: `  vitalfew survey final-invoice 1
  vitalfew survey final-invoice --off`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := operator(cmd.Context())
			switch {
			case off && len(args) > 0:
				return crm.Errorf(crm.EINVALID, "give a SURVEY_ID or --off, not both")
			case off:
				if err := st.SetFinalInvoiceSurvey(ctx, 0); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, "no survey goes with final invoices")
				return nil
			case len(args) == 1:
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil || id < 1 {
					return crm.Errorf(crm.EINVALID, "SURVEY_ID: want a survey's id, got %q", args[0])
				}
				if err := st.SetFinalInvoiceSurvey(ctx, id); err != nil {
					return err
				}
				sv, err := st.Survey(ctx, id)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "survey %d (%s) goes to the contact of each final invoice of the last %d days\n", id, sv.Name, store.FinalInvoiceDays)
				return nil
			}
			id, err := st.FinalInvoiceSurvey(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, id)
			return nil
		},
	}
	cmd.Flags().BoolVar(&off, "off", false, "send no survey with final invoices")
	return cmd
}

func surveySendFinalCmd(e *env) *cobra.Command {
	var asJSON bool
	var base, smtpURL string
	cmd := &cobra.Command{
		Use:   "send-final",
		Short: "Invite the contacts of the final invoices waiting to the chosen survey, once",
		Long: `Run the final-invoice rule once: each final invoice dated in the last 30
days that the rule has not seen invites its contact (the invoice's
contact_email when it is an active contact of the account, else the
account's first active contact with an e-mail address) to the survey chosen
with vitalfew survey final-invoice; the recontact rule skips contacts invited
to any survey in the last 90 days. The mails go into the outbox and, with
--smtp-url, are sent at once; otherwise the server sends them.`,
		Example: `  vitalfew survey send-final --base-url https://crm.example.com --smtp-url smtp://mail.example.com:587 --json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			u, err := url.Parse(strings.TrimRight(base, "/"))
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return crm.Errorf(crm.EINVALID, "--base-url: want the server's address like https://crm.example.com, got %q", base)
			}
			var sender *mail.Sender
			if smtpURL != "" {
				if sender, err = mail.Parse(smtpURL); err != nil {
					return err
				}
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			run, err := mail.FinalInvoiceSurveys(operator(cmd.Context()), st, u.String(), time.Now(), e.log)
			if err != nil {
				return err
			}
			sent := 0
			if sender != nil {
				if sent, _, err = mail.Flush(cmd.Context(), st, sender, time.Now(), store.MaxPageSize, e.log); err != nil {
					return err
				}
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(map[string]any{"survey_id": run.SurveyID, "invited": run.Invited,
					"skipped_recontact": run.Recontact, "skipped_no_contact": run.NoContact, "sent": sent})
			}
			if run.SurveyID == 0 {
				fmt.Fprintln(e.stdout, "no survey goes with final invoices (vitalfew survey final-invoice SURVEY_ID chooses one)")
				return nil
			}
			fmt.Fprintf(e.stdout, "%d invited, %d skipped by the recontact rule, %d without a contact; %d mails sent\n", run.Invited, run.Recontact, run.NoContact, sent)
			return nil
		},
	}
	def := e.getenv("VITALFEW_BASE_URL")
	if def == "" {
		def = "http://127.0.0.1:8080"
	}
	cmd.Flags().StringVar(&base, "base-url", def, "the address people reach the server at, for the links (env VITALFEW_BASE_URL)")
	cmd.Flags().StringVar(&smtpURL, "smtp-url", e.getenv("VITALFEW_SMTP_URL"), "send the mails now through this SMTP server (env VITALFEW_SMTP_URL)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the counts as JSON")
	return cmd
}
