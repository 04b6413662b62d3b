package cli

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/demo"
	"github.com/vitalfew/vitalfew/internal/importer"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/sentiment"
	"github.com/vitalfew/vitalfew/internal/store"
)

func demoCmd(e *env) *cobra.Command {
	var cfg demo.Config
	var quiet, noServe bool
	var sf serveFlags
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fill the database with a realistic demo business and show its 80/20 picture",
		Long: `Write a deterministic, realistic B2B business into the database — accounts
across segments and sizes, five years of invoices with product lines, contacts
(some stale, some gone), support effort, lapsed customers, referrals, a year
of marketing activities with the customers they brought — through
the same import path as your own files, then print the headline reports.
Running it again changes nothing. Then serve the web application, printing
its address and a demo login (an admin whose password is new on every run),
with the customer portal, a post-project survey, and advocacy: verified and
unverified acts of the best customers and three companies that came in
through their referral codes; --no-serve stops after the reports.`,
		Example: `  vitalfew demo
  vitalfew demo --accounts 100000 --db big.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := e.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			start := time.Now()
			sum, err := e.writeDemo(ctx, st, cfg)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "demo: %d accounts, %d contacts, %d invoices, %d invoice lines, %d touchpoints, %d mentions, %d marketing touches in %s (%s)\n",
				sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], e.db, time.Since(start).Round(time.Millisecond))
			if !quiet {
				if err := e.headline(ctx, st); err != nil {
					return err
				}
			}
			if noServe {
				return nil
			}
			email, password, err := demoLogin(ctx, st)
			if err != nil {
				return err
			}
			unlock, err := e.serverLock()
			if err != nil {
				return err
			}
			defer unlock()
			fmt.Fprintf(e.stderr, "\ndemo login: %s  password: %s\n", email, password)
			pEmail, pAccount, pPassword, err := demoPortal(ctx, st)
			if err != nil {
				return err
			}
			if err := demoSurveys(operator(ctx), st); err != nil {
				return err
			}
			if err := demoAdvocacy(operator(ctx), st); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "customer portal (/portal/login), a contact of %s: %s  password: %s\n", pAccount, pEmail, pPassword)
			return e.serve(ctx, st, sf)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&cfg.Accounts, "accounts", demo.DefaultAccounts, "number of accounts")
	fl.Int64Var(&cfg.Seed, "seed", demo.DefaultSeed, "random seed (same seed, same business)")
	fl.BoolVar(&quiet, "quiet", false, "print no reports")
	fl.BoolVar(&noServe, "no-serve", false, "write the data (and print the reports) only; do not serve the web application")
	sf.register(cmd, e.getenv)
	return cmd
}

// demoLogin makes sure the demo admin exists and gives it a new random
// password, which it returns.
func demoLogin(ctx context.Context, st *store.Store) (email, password string, err error) {
	email = "demo@vitalfew.example"
	b := make([]byte, 12)
	rand.Read(b)
	password = base64.RawURLEncoding.EncodeToString(b)
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", "", err
	}
	op := operator(ctx)
	if _, err = st.CreateUser(op, email, "Demo admin", crm.RoleAdmin, hash); crm.ErrorCode(err) == crm.ECONFLICT {
		if err = st.SetUserDisabled(op, email, false); err == nil {
			err = st.SetPassword(op, email, hash)
		}
	}
	return email, password, err
}

// writeDemo generates the demo business and imports it batch by batch; it
// returns how many accounts, contacts, orders, lines, touchpoints and mentions
// it wrote.
func (e *env) writeDemo(ctx context.Context, st *store.Store, cfg demo.Config) (n [7]int, err error) {
	var bar *progressbar.ProgressBar
	if isTerminal(e.stderr) {
		bar = progressbar.NewOptions(cfg.Accounts, progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("demo accounts"), progressbar.OptionClearOnFinish(), progressbar.OptionShowCount())
		defer bar.Finish()
	}
	if cfg.ChunkAccounts == 0 {
		cfg.ChunkAccounts = 5000 // bounds memory at about 450 MB for a million accounts
	}
	opt := crm.ImportOptions{File: "demo", Source: "demo", Waiting: e.waiting}
	ctx = operator(ctx) // the demo's imports are audited as "cli"
	// Into an empty PostgreSQL database the demo loads with the indexes and
	// foreign keys set aside, and puts them back once at the end.
	putBack, err := st.FreshLoad(ctx)
	if err != nil {
		return n, err
	}
	defer func() {
		if ctx.Err() != nil {
			return // the next start puts them back
		}
		if bar != nil {
			bar.Describe("demo: building indexes and checking keys")
		}
		if perr := putBack(ctx); err == nil {
			err = perr
		}
	}()
	acts, err := demo.Activities(cfg)
	if err != nil {
		return n, err
	}
	if _, err := st.ImportActivities(ctx, acts, opt); err != nil {
		return n, err
	}
	err = demo.Generate(cfg, func(b *demo.Batch) error {
		steps := []func() (crm.ImportSummary, error){
			func() (crm.ImportSummary, error) { return st.ImportAccounts(ctx, b.Accounts, opt) },
			func() (crm.ImportSummary, error) { return st.ImportContacts(ctx, b.Contacts, opt) },
			func() (crm.ImportSummary, error) { return st.ImportOrders(ctx, b.Orders, opt) },
			func() (crm.ImportSummary, error) { return st.ImportOrderLines(ctx, b.OrderLines, opt) },
			func() (crm.ImportSummary, error) { return st.ImportTouchpoints(ctx, b.Touchpoints, opt) },
			func() (crm.ImportSummary, error) { return importer.WriteMentions(ctx, st, b.Mentions, opt) },
			func() (crm.ImportSummary, error) { return st.ImportActivityTouches(ctx, b.ActivityTouches, opt) },
		}
		sizes := []int{len(b.Accounts), len(b.Contacts), len(b.Orders), len(b.OrderLines), len(b.Touchpoints), len(b.Mentions), len(b.ActivityTouches)}
		for i, step := range steps {
			if _, err := step(); err != nil {
				return err
			}
			n[i] += sizes[i]
		}
		if bar != nil {
			_ = bar.Add(len(b.Accounts))
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	// A year of the web site's hits, tied to the campaigns by their codes;
	// once (hits are not matched again like the imports' rows).
	if err := st.SetSetting(ctx, "goal_pages", demo.WebGoalPage); err != nil {
		return n, err
	}
	// Reach and PR of the marketing year (imports: the same again changes
	// nothing).
	snaps, err := demo.Reach(cfg)
	if err != nil {
		return n, err
	}
	if _, err := st.ImportReach(ctx, snaps, opt); err != nil {
		return n, err
	}
	press, err := demo.Press(cfg)
	if err != nil {
		return n, err
	}
	for i := range press {
		res := sentiment.Score(press[i].Title + ". " + press[i].Text)
		press[i].Tone, press[i].ToneLabel = res.Compound, res.Label
		press[i].KeyMessage = strings.Contains(strings.ToLower(press[i].Title+" "+press[i].Text), demo.KeyMessage)
	}
	if _, err := st.ImportPress(ctx, press, opt); err != nil {
		return n, err
	}
	ws, err := st.WebStats(ctx, crm.WebQuery{Limit: 1})
	if err != nil || len(ws.Visits) > 0 {
		return n, err
	}
	err = demo.WebHits(cfg, func(h crm.WebHit) error { return st.LogHit(ctx, h) })
	return n, err
}

// headline prints the reports a newcomer should see first.
func (e *env) headline(ctx context.Context, st *store.Store) error {
	for _, name := range []string{"pareto", "cost-to-serve", "lapsed", "share-of-voice"} {
		rep, err := report.Run(operator(ctx), st, name, report.Params{Limit: 10})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "\n== vitalfew report %s ==\n\n", name)
		if err := rep.WriteText(e.text()); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "\nThe care queue: vitalfew report care, or /care and /listening in the web application.\n")
	fmt.Fprintf(e.stdout, "More: vitalfew report --help (the database is %s)\n", e.db)
	return nil
}
