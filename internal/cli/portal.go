package cli

import (
	"encoding/json"
	"fmt"
	"io"
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
)

// The customer portal from the command line: invitations and spaces.

func portalCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "portal",
		Short: "Invite customers' contacts to the customer portal",
	}
	cmd.AddCommand(portalInviteCmd(e))
	return cmd
}

func portalInviteCmd(e *env) *cobra.Command {
	var asJSON bool
	var base, expires, smtpURL string
	cmd := &cobra.Command{
		Use:   "invite EMAIL",
		Short: "Invite the contact with EMAIL to the portal and print the invitation link",
		Long: `Invite the active contact with EMAIL to the customer portal. The link it
prints (/portal/invite/TOKEN on the server's address) lets the contact
choose a password and sign in; it works once, until it expires. With an
SMTP server (--smtp-url) it is also mailed to the contact (kept in the
outbox and sent by the server if the mail server cannot take it now);
else pass it on. The link is shown only now: only its hash is kept.`,
		Example: `  vitalfew portal invite anna@kestrel.example --base-url https://crm.example.com
  vitalfew portal invite anna@kestrel.example --expires 14d --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			token, hash := auth.NewToken(auth.InvitePrefix)
			until := time.Now().Add(d)
			link := u.String() + "/portal/invite/" + token
			var compose func(crm.PortalContact) crm.Mail
			if sender != nil {
				compose = mail.Invitation(e.lang, link, until)
			}
			c, err := st.InvitePortal(operator(cmd.Context()), args[0], hash, until, compose)
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
				return json.NewEncoder(e.stdout).Encode(map[string]any{"url": link, "contact_id": c.ContactID, "account_id": c.AccountID,
					"expires_at": until.UTC().Format(time.RFC3339)})
			}
			fmt.Fprintln(e.stdout, link)
			fmt.Fprintf(e.stderr, "invitation for %s of %s, valid until %s UTC; pass the link on to them\n", c.Email, c.AccountName, until.UTC().Format("2006-01-02 15:04"))
			return nil
		},
	}
	def := e.getenv("VITALFEW_BASE_URL")
	if def == "" {
		def = "http://127.0.0.1:8080"
	}
	cmd.Flags().StringVar(&base, "base-url", def, "the address people reach the server at (env VITALFEW_BASE_URL)")
	cmd.Flags().StringVar(&expires, "expires", "7d", "the link stops working after this span: 7d, 2w …")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"url": …} as JSON`)
	cmd.Flags().StringVar(&smtpURL, "smtp-url", e.getenv("VITALFEW_SMTP_URL"), "mail the invitation through this SMTP server (env VITALFEW_SMTP_URL)")
	return cmd
}

func spaceCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "space",
		Short: "Create the portal's private spaces and their wiki pages",
	}
	cmd.AddCommand(spaceCreateCmd(e), spacePageCmd(e))
	return cmd
}

func spaceCreateCmd(e *env) *cobra.Command {
	var asJSON bool
	var name, level string
	var grants []string
	cmd := &cobra.Command{
		Use:   "create --name NAME --grant tier:A|account:ID|contact:EMAIL [--grant …] [--level see|reply|create|moderate]",
		Short: "Create a space open to a tier, accounts or contacts",
		Long: `Create a private space of the customer portal. Each --grant opens it to the
contacts of every account in a tier (tier:A: access follows the tier as the
figures move), to one account's contacts (account:ID) or to one contact
(contact:EMAIL), at --level: see (read), reply, create or moderate.`,
		Example: `  vitalfew space create --name "Key accounts" --grant tier:A --level reply
  vitalfew space create --name "Kestrel project" --grant account:42 --grant contact:anna@kestrel.example --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var gs []crm.Grant
			for _, g := range grants {
				parsed, err := crm.ParseGrant(g, level)
				if err != nil {
					return err
				}
				gs = append(gs, parsed)
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			sp, err := st.CreateSpace(operator(cmd.Context()), name, gs)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(map[string]any{"id": sp.ID, "name": sp.Name, "grants": sp.Grants})
			}
			fmt.Fprintln(e.stdout, sp.ID)
			fmt.Fprintf(e.stderr, "space %d %q created\n", sp.ID, sp.Name)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "the space's name (required)")
	cmd.Flags().StringArrayVar(&grants, "grant", nil, "who may enter: tier:A, account:ID or contact:EMAIL (repeat for more)")
	cmd.Flags().StringVar(&level, "level", crm.LevelSee, "what they may do there: see, reply, create or moderate")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"id": N} as JSON`)
	return cmd
}

func spacePageCmd(e *env) *cobra.Command {
	var asJSON bool
	var title string
	cmd := &cobra.Command{
		Use:   "page SPACE_ID --title TITLE FILE.md",
		Short: "Add a wiki page in Markdown to a space (FILE - reads stdin)",
		Example: `  vitalfew space page 1 --title "Datasheets" datasheets.md
  vitalfew space page 1 --title "Shipping" shipping.md --json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return crm.Errorf(crm.EINVALID, "SPACE_ID: want a space's id, got %q", args[0])
			}
			var body []byte
			if args[1] == "-" {
				body, err = readLimited(e.stdin, crm.MaxPageBody)
			} else {
				var f *os.File
				if f, err = os.Open(args[1]); err == nil {
					body, err = readLimited(f, crm.MaxPageBody)
					f.Close()
				}
			}
			if err != nil {
				return err
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			p, err := st.AddSpacePage(operator(cmd.Context()), id, title, string(body))
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(map[string]any{"id": p.ID, "space_id": p.SpaceID, "title": p.Title})
			}
			fmt.Fprintln(e.stdout, p.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the page's title (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"id": N} as JSON`)
	return cmd
}

// readLimited reads r to its end, refusing more than max bytes.
func readLimited(r io.Reader, max int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > max {
		return nil, crm.Errorf(crm.EINVALID, "the page is larger than %d KiB", max>>10)
	}
	return b, nil
}
