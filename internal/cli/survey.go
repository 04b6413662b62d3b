package cli

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Surveys from the command line: create one from a template or a file,
// and invite a contact to it.

func surveyCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "survey",
		Short: "Create surveys (NPS, CSAT, after a project) and invite customers' contacts to them",
	}
	cmd.AddCommand(surveyCreateCmd(e), surveyInviteCmd(e), surveyFinalInvoiceCmd(e), surveySendFinalCmd(e))
	return cmd
}

// surveyFile is the JSON of `vitalfew survey create --file`.
type surveyFile struct {
	Name      string `json:"name"`
	Language  string `json:"language"`
	Questions []struct {
		Type     string   `json:"type"`
		Text     string   `json:"text"`
		Options  []string `json:"options"`
		Required bool     `json:"required"`
	} `json:"questions"`
}

// readSurveyFile reads a survey definition from path (- reads stdin).
func (e *env) readSurveyFile(path string) (crm.Survey, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = readLimited(e.stdin, 1<<20)
	} else {
		var f *os.File
		if f, err = os.Open(path); err == nil {
			b, err = readLimited(f, 1<<20)
			f.Close()
		}
	}
	if err != nil {
		return crm.Survey{}, err
	}
	var sf surveyFile
	if err := json.Unmarshal(b, &sf); err != nil {
		return crm.Survey{}, crm.Errorf(crm.EINVALID, "%s: not a survey: %v", path, err)
	}
	sv := crm.Survey{Name: sf.Name, Language: sf.Language}
	for _, q := range sf.Questions {
		sv.Questions = append(sv.Questions, crm.Question{Type: q.Type, Text: q.Text, Options: q.Options, Required: q.Required})
	}
	return sv, nil
}

func surveyCreateCmd(e *env) *cobra.Command {
	var asJSON bool
	var template, name, file, lang string
	cmd := &cobra.Command{
		Use:   "create (--template nps|csat|post-project --name NAME | --file SURVEY.json)",
		Short: "Create a survey from a template or a JSON file and print its id",
		Long: `Create a survey of at most 12 questions. --template gives one of ours:
nps (how likely to recommend, and why), csat (how satisfied after a
support case, and what to do better) or post-project (twelve questions
after a project, the last one the NPS question), in --language (default
--lang). --file reads {"name": …, "language": "en"|"de", "questions":
[{"type": "nps"|"rating"|"choice"|"multi"|"yesno"|"text", "text": …,
"options": […], "required": true}]} (options only for choice and multi;
other keys are ignored); - reads stdin.`,
		Example: `  vitalfew survey create --template post-project --name "After the project" --language de
  vitalfew survey create --file survey.json --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if lang == "" {
				lang = e.lang.Code
			}
			var sv crm.Survey
			var err error
			switch {
			case (template == "") == (file == ""):
				return crm.Errorf(crm.EINVALID, "give one of --template and --file")
			case template != "":
				if sv, err = crm.SurveyTemplate(template, lang, name); err != nil {
					return err
				}
			default:
				if sv, err = e.readSurveyFile(file); err != nil {
					return err
				}
				if name != "" {
					sv.Name = name
				}
				if sv.Language == "" {
					sv.Language = lang
				}
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			sv, err = st.CreateSurvey(operator(cmd.Context()), sv)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(map[string]any{"id": sv.ID, "name": sv.Name, "language": sv.Language,
					"questions": len(sv.Questions), "open_path": "/s/open/" + sv.Slug})
			}
			fmt.Fprintln(e.stdout, sv.ID)
			fmt.Fprintf(e.stderr, "survey %d %q created with %d questions; its open link is /s/open/%s\n", sv.ID, sv.Name, len(sv.Questions), sv.Slug)
			return nil
		},
	}
	cmd.Flags().StringVar(&template, "template", "", "nps, csat or post-project")
	cmd.Flags().StringVar(&name, "name", "", "the survey's name (required with --template)")
	cmd.Flags().StringVar(&file, "file", "", "a survey in JSON (- reads stdin)")
	cmd.Flags().StringVar(&lang, "language", "", "the survey's language, en or de (default: --lang)")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"id": N} as JSON`)
	return cmd
}

func surveyInviteCmd(e *env) *cobra.Command {
	var asJSON, force bool
	var base, expires, smtpURL, contact string
	cmd := &cobra.Command{
		Use:   "invite SURVEY_ID --contact EMAIL",
		Short: "Invite the contact with EMAIL to a survey and print the link",
		Long: `Invite the active contact with EMAIL to survey SURVEY_ID. The link it
prints (/s/TOKEN on the server's address) works once, until it expires;
only its hash is kept. A contact invited to any survey in the last 90
days is skipped (the recontact rule) unless --force. With an SMTP server
(--smtp-url) the link is also mailed (kept in the outbox until sent).`,
		Example: `  vitalfew survey invite 1 --contact anna@kestrel.example --base-url https://crm.example.com
  vitalfew survey invite 1 --contact anna@kestrel.example --json --force`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return crm.Errorf(crm.EINVALID, "SURVEY_ID: want a survey's id, got %q", args[0])
			}
			if contact == "" {
				return crm.Errorf(crm.EINVALID, "--contact: give the contact's e-mail")
			}
			u, err := url.Parse(strings.TrimRight(base, "/"))
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return crm.Errorf(crm.EINVALID, "--base-url: want the server's address like https://crm.example.com, got %q", base)
			}
			d, err := report.ParseSpan("--expires", expires)
			if err != nil {
				return err
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			var sender *mail.Sender
			if smtpURL != "" {
				if sender, err = mail.Parse(smtpURL); err != nil {
					return err
				}
			}
			token, hash := auth.NewToken(auth.SurveyPrefix)
			until := time.Now().Add(d)
			link := u.String() + "/s/" + token
			in := store.SurveyInvite{Email: contact, TokenHash: hash, Expires: until, Channel: "link", Force: force}
			if sender != nil {
				sv, err := st.Survey(operator(cmd.Context()), id)
				if err != nil {
					return err
				}
				in.Channel, in.Compose = "mail", mail.SurveyInvitation(e.lang, sv.Name, link, until)
			}
			inv, err := st.InviteSurvey(operator(cmd.Context()), id, in)
			if err != nil {
				return err
			}
			if sender != nil {
				if sent, _, err := mail.Flush(cmd.Context(), st, sender, time.Now(), 100, e.log); err != nil {
					return err
				} else if sent == 0 {
					fmt.Fprintln(e.stderr, "the mail server did not take the invitation now; it waits in the outbox for the server (vitalfew serve --smtp-url) to send it")
				}
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(map[string]any{"url": link, "survey_id": id, "contact_id": inv.ContactID, "account_id": inv.AccountID,
					"expires_at": until.UTC().Format(time.RFC3339)})
			}
			fmt.Fprintln(e.stdout, link)
			fmt.Fprintf(e.stderr, "survey invitation for %s of %s, valid until %s UTC\n", inv.Email, inv.AccountName, until.UTC().Format("2006-01-02 15:04"))
			return nil
		},
	}
	def := e.getenv("VITALFEW_BASE_URL")
	if def == "" {
		def = "http://127.0.0.1:8080"
	}
	cmd.Flags().StringVar(&contact, "contact", "", "the contact's e-mail (required)")
	cmd.Flags().StringVar(&base, "base-url", def, "the address people reach the server at (env VITALFEW_BASE_URL)")
	cmd.Flags().StringVar(&expires, "expires", "30d", "the link stops working after this span: 30d, 2w …")
	cmd.Flags().BoolVar(&force, "force", false, "invite even when the contact was invited to a survey in the last 90 days")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"url": …} as JSON`)
	cmd.Flags().StringVar(&smtpURL, "smtp-url", e.getenv("VITALFEW_SMTP_URL"), "mail the invitation through this SMTP server (env VITALFEW_SMTP_URL)")
	return cmd
}
