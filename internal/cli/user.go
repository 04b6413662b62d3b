package cli

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

func userCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage the staff users of the web application and their API tokens",
		Long: `Staff users sign in to "vitalfew serve". Roles: admin (everything, users,
settings), staff (read and write customer data), viewer (read only).
A staff user or viewer may be restricted to the accounts they own
(own-accounts; all-accounts lifts it). Whoever can open the database on the
command line acts as admin here and sees every account.`,
	}
	cmd.AddCommand(userAddCmd(e), userListCmd(e), userDisableCmd(e, true), userDisableCmd(e, false),
		userScopeCmd(e, true), userScopeCmd(e, false), userProductManagerCmd(e), userTokenCmd(e), userTokensCmd(e), userRevokeCmd(e))
	return cmd
}

// operator returns ctx acting as the command-line operator.
func operator(ctx context.Context) context.Context { return crm.WithActor(ctx, crm.Operator) }

func userAddCmd(e *env) *cobra.Command {
	var email, name, role string
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "add --email E --role admin|staff|viewer",
		Short: "Add a user; the password is asked for, or read from stdin with --password-stdin",
		Example: `  vitalfew user add --email anna@example.com --role admin
  echo "$PASSWORD" | vitalfew user add --email sam@example.com --role staff --password-stdin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := crm.ParseRole(role)
			if err != nil {
				return err
			}
			pw, err := e.readPassword(fromStdin)
			if err != nil {
				return err
			}
			hash, err := auth.HashPassword(pw)
			if err != nil {
				return err
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			u, err := st.CreateUser(operator(cmd.Context()), email, name, r, hash)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "user %s added with role %s\n", u.Email, u.Role)
			return nil
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "the user's email, used to sign in (required)")
	cmd.Flags().StringVar(&name, "name", "", "the user's name")
	cmd.Flags().StringVar(&role, "role", "", "admin, staff or viewer (required)")
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of stdin")
	_ = cmd.MarkFlagRequired("email")
	_ = cmd.MarkFlagRequired("role")
	return cmd
}

// readPassword reads a password from stdin's first line, or asks for it
// twice on the terminal.
func (e *env) readPassword(fromStdin bool) (string, error) {
	if !fromStdin {
		f, ok := e.stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return "", crm.Errorf(crm.EINVALID, "no terminal to ask for the password: pass --password-stdin")
		}
		fmt.Fprint(e.stderr, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "Again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", crm.Errorf(crm.EINVALID, "the passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userListCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the users",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			users, err := st.Users(operator(cmd.Context()))
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(nonNilSlice(users))
			}
			if len(users) == 0 {
				fmt.Fprintln(e.stdout, "no users yet: vitalfew user add --email E --role admin")
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "EMAIL\tROLE\tSTATE\tSEES\tNAME\tPRODUCT MANAGER")
			for _, u := range users {
				state := "active"
				if u.Disabled {
					state = "disabled"
				}
				pm := ""
				if u.ProductManager {
					pm = "yes"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", textfmt.Clean(u.Email), u.Role, state, sees(u), textfmt.Clean(u.Name), pm)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func userDisableCmd(e *env, disable bool) *cobra.Command {
	use, short := "disable EMAIL", "Disable a user: their sessions end and their API tokens stop working"
	if !disable {
		use, short = "enable EMAIL", "Enable a disabled user again"
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.SetUserDisabled(operator(cmd.Context()), args[0], disable); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "user %s %sd\n", args[0], strings.Fields(use)[0])
			return nil
		},
	}
}

func userProductManagerCmd(e *env) *cobra.Command {
	var off bool
	cmd := &cobra.Command{
		Use:   "product-manager EMAIL [--off]",
		Short: "Flag a user as a product manager: the portal's spaces name them to the customers",
		Long: `Flag a staff user as a product manager: the customer portal's spaces name the
product managers to the customers as the people who answer them, and their
posts in the spaces' forums carry the title. --off takes the flag away.`,
		Example: `  vitalfew user product-manager anna@example.com
  vitalfew user product-manager anna@example.com --off`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			u, err := st.SetProductManager(operator(cmd.Context()), args[0], !off)
			if err != nil {
				return err
			}
			if u.ProductManager {
				fmt.Fprintf(e.stdout, "user %s is a product manager\n", u.Email)
			} else {
				fmt.Fprintf(e.stdout, "user %s is no product manager\n", u.Email)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&off, "off", false, "take the flag away")
	return cmd
}

// sees says which accounts u sees.
func sees(u crm.User) string {
	if !u.OwnAccountsOnly {
		return "all accounts"
	}
	if u.OwnerName != "" {
		return "own accounts (also owner " + strconv.Quote(textfmt.Clean(u.OwnerName)) + ")"
	}
	return "own accounts"
}

func userScopeCmd(e *env, own bool) *cobra.Command {
	var owner string
	cmd := &cobra.Command{
		Use:   "own-accounts EMAIL [--owner NAME]",
		Short: "Let a user see only the accounts they own",
		Long: `Let a staff user or viewer see only the accounts they own: those whose owner
is the user's email, the user's name, or NAME given with --owner (as the
owner column of an imported file names them: a first name, or a user id of
the CRM the accounts came from). Letters A-Z compare without case; anything
else exactly. Everywhere — pages, API, reports for them — the other accounts
are as if they did not exist; figures for the whole business are not shown
to them, and they cannot import. Admins always see every account.
"vitalfew user all-accounts EMAIL" lifts the restriction.`,
		Example: `  vitalfew user own-accounts anna@example.com
  vitalfew user own-accounts petra@example.com --owner Petra`,
		Args: cobra.ExactArgs(1),
	}
	if !own {
		cmd.Use, cmd.Short, cmd.Example = "all-accounts EMAIL", "Let a user see every account again", ""
		cmd.Long = cmd.Short + " (undoes own-accounts)."
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		st, err := e.open(cmd.Context())
		if err != nil {
			return err
		}
		defer st.Close()
		u, err := st.SetOwnAccountsOnly(operator(cmd.Context()), args[0], own, owner)
		if err != nil {
			return err
		}
		// What the user sees now, counted with the user's own scope.
		_, n, err := st.ListAccounts(crm.WithActor(cmd.Context(), crm.ActorOf(u)), store.AccountQuery{Limit: 1})
		if err != nil {
			return err
		}
		if !own {
			fmt.Fprintf(e.stdout, "user %s sees every account (%d)\n", u.Email, n)
			return nil
		}
		names := []string{u.Email}
		for _, n := range []string{u.Name, u.OwnerName} {
			if n != "" {
				names = append(names, strconv.Quote(textfmt.Clean(n)))
			}
		}
		fmt.Fprintf(e.stdout, "user %s sees only the accounts whose owner is %s: %d now\n", u.Email, strings.Join(names, " or "), n)
		if n == 0 {
			fmt.Fprintln(e.stderr, "no account has such an owner yet: set the owner of their accounts (import, or the API's owner field) to one of these, or give the name the accounts use with --owner")
		}
		return nil
	}
	if own {
		cmd.Flags().StringVar(&owner, "owner", "", "one more name the accounts' owner column gives the user")
	}
	return cmd
}

func userTokenCmd(e *env) *cobra.Command {
	var name, expires string
	cmd := &cobra.Command{
		Use:   "token EMAIL",
		Short: "Create an API token for a user and print it (it is shown only once)",
		Long: `Create an API token for a user and print it; it is shown only once and
stored only as a hash. It works until it is revoked (vitalfew user revoke),
the user is disabled (which revokes it for good), or, with --expires, until
that span has passed.`,
		Example: `  TOKEN=$(vitalfew user token sam@example.com --name reporting --expires 90d)
  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/reports/pareto`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var until time.Time
			if expires != "" {
				d, err := report.ParseSpan("--expires", expires)
				if err != nil {
					return err
				}
				until = time.Now().Add(d)
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			token, hash := auth.NewToken(auth.APIPrefix)
			t, err := st.CreateToken(operator(cmd.Context()), args[0], name, hash, until)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, token)
			valid := "until revoked"
			if !t.ExpiresAt.IsZero() {
				valid = "until " + t.ExpiresAt.Format("2006-01-02 15:04") + " UTC"
			}
			fmt.Fprintf(e.stderr, "API token %d for %s, valid %s; revoke it with: vitalfew user revoke %d\n", t.ID, t.UserEmail, valid, t.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "what the token is for")
	cmd.Flags().StringVar(&expires, "expires", "", "the token stops working after this span: 90d, 12w, 1y (default: never)")
	return cmd
}

func userTokensCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "tokens [EMAIL]",
		Short: "List the API tokens (of one user)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			toks, err := st.Tokens(operator(cmd.Context()), strings.Join(args, ""))
			if err != nil {
				return err
			}
			now := time.Now()
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tUSER\tNAME\tSTATE\tEXPIRES\tLAST USED")
			for _, t := range toks {
				state, used, exp := "active", "never", "never"
				switch {
				case t.Revoked:
					state = "revoked"
				case !t.ExpiresAt.IsZero() && !t.ExpiresAt.After(now):
					state = "expired"
				}
				if !t.LastUsedAt.IsZero() {
					used = t.LastUsedAt.Format("2006-01-02 15:04")
				}
				if !t.ExpiresAt.IsZero() {
					exp = t.ExpiresAt.Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, textfmt.Clean(t.UserEmail), textfmt.Clean(cmp.Or(t.Name, "-")), state, exp, used)
			}
			return tw.Flush()
		},
	}
}

func userRevokeCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "revoke TOKEN-ID",
		Short: "Revoke an API token by its id (vitalfew user tokens lists them)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return crm.Errorf(crm.EINVALID, "TOKEN-ID: want a number, got %q", args[0])
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RevokeToken(operator(cmd.Context()), id); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "API token %d revoked\n", id)
			return nil
		},
	}
}

func nonNilSlice[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
