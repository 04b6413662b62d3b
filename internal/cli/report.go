package cli

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/report"
)

func reportCmd(e *env) *cobra.Command {
	var (
		w                 windowFlags
		after, staleAfter string
		model, value      string
		asJSON, asCSV     bool
		limit             int
		year              int
		survey            int64
		dialect           = csvout.Standard
	)
	cmd := &cobra.Command{
		Use:   "report NAME",
		Short: "Print a report: " + strings.Join(report.Names(), ", "),
		Long: `Print a report from the database as a table (default), --json or --csv.

  pareto          accounts ranked by revenue, top-20% share, Gini, ABC tiers
  cost-to-serve   revenue, margin, service effort and profit per account and tier; the whale curve
  lapsed          good customers with no order for --after (default 730d): the win-back list,
                  ranked by lifetime revenue × P(gone) when the customer model can be fitted
  repeat          repeat customers, what they buy and how often
  stale-contacts  contacts not verified in a year at accounts active in the last two years
  holiday-cards   active contacts of A and B accounts, for a mail merge (use --csv)
  share-of-voice  mentions, authors and sentiment per tier against revenue: the listening gap
  sentiment-trend mean sentiment of the mentions per tier and ISO week
  mentions-negative  the most negative mentions from A accounts in the last 90 days
  mention-spikes  days with mentions above the trailing 28-day mean by 3 standard deviations
  care            the care queue by priority, overdue items, response times per tier
  clv             P(alive), next 12 months and CLV per account from the customer model, with its fit quality
  ideas           the portal's ideas ranked by the revenue of the accounts behind them, next to their votes
  funnel          the funnel after the sale: customer, repeat, loyal, advocate; the referrals behind the advocates
  segments        customers in RFM segments (champions … lost) by recency, frequency and money
  drift           --year Y: how the segments moved from the end of Y−1 to the end of Y, with alerts
  ideal           what sets the A accounts apart (lift of segment, industry, size, region, source, referred) and who looks like them
  advocates       the leaderboard of advocacy: points of each account's verified acts of 365 days, engaged in 90
  groups          user groups: active contacts by product, region and industry; their stages and event attendance
  social-maturity the social business stage claimed (settings social_self_assessment) against the one measured
  health          each customer's health (rhythm, trend, P(alive), complaints, portal, effort) in bands poor, concerning, healthy
  nps             Net Promoter Score of the survey responses, by tier, with its margin of error (--survey ID)
  perception      the perception gap: per question and tier, the share of staff who believe customers rate us
                  excellent against the share of customers who do; the accounts furthest apart (--survey ID)
  attribution     per marketing activity: new customers and value credited under --model, cost, ROI and
                  ROI %; MOC% (the new customers marketing brought) and unknown % (see docs/marketing.md)
  web             first-party web analytics of --since..--until (all time without): visits, visitors,
                  single-page visits, forms not sent, inquiries per activity; pages, referrers, UTM campaigns
  reach           reach and PR of --since..--until: each channel's followers and growth; press mentions with
                  impressions, tone and whether the key message came through

attribution: --model first-touch (default), last-touch, linear, u-shaped,
w-shaped or time-decay; --value first-order (default: the first order day's
orders), first-year (a year of orders from the first) or clv (the customer
model's lifetime value). New customers are those whose first order lies in
--since..--until (every customer without them). A customer counts as
marketing-originated when their first touch on or before that day is a
marketing activity, non-marketing when it is another activity, unknown with
none; only marketing-originated customers' value is credited, to the
marketing touches, exactly to the cent.

Tables follow --lang (words and number format; default from LANG); --json
and --csv are machine formats and stay as they are, except that
--csv-dialect excel-de writes semicolons and decimal commas for German Excel.

The window is the months up to --as-of (default: the date of the latest
order, so historic exports make sense) that the settings' window_months
give (12 until set); --since and --until override it. --tiers and --after
default to the settings' tier_thresholds and lapsed_after_days (80,95 and
730 days until set: vitalfew settings).`,
		Example: `  vitalfew report pareto
  vitalfew report cost-to-serve --since 2024-01-01 --until 2024-12-31
  vitalfew report lapsed --after 365d --csv > winback.csv
  vitalfew report pareto --lang de
  vitalfew report cost-to-serve --csv --csv-dialect excel-de > kosten.csv
  vitalfew report attribution --model linear --value first-year --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && asCSV {
				return crm.Errorf(crm.EINVALID, "choose one of --json and --csv")
			}
			p, err := w.params()
			if err != nil {
				return err
			}
			if after != "" {
				if p.LapsedAfter, err = report.ParseSpan("--after", after); err != nil {
					return err
				}
			}
			if p.StaleAfter, err = report.ParseSpan("--stale-after", staleAfter); err != nil {
				return err
			}
			p.Limit, p.Year, p.Survey = limit, year, survey
			p.Model, p.Value = model, value
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := report.Run(operator(cmd.Context()), st, args[0], p)
			if err != nil {
				return err
			}
			switch {
			case asJSON:
				return json.NewEncoder(e.stdout).Encode(rep)
			case asCSV:
				out := csvout.Rewrite(e.stdout, dialect)
				if err := rep.WriteCSV(out); err != nil {
					out.Close()
					return err
				}
				return out.Close()
			default:
				return rep.WriteText(e.text())
			}
		},
	}
	fl := cmd.Flags()
	w.register(cmd)
	fl.StringVar(&after, "after", "", "lapsed: no order for this long, like 730d, 104w, 2y (default: the settings' lapsed_after_days)")
	fl.StringVar(&staleAfter, "stale-after", "365d", "stale-contacts: not verified for this long")
	fl.Int64Var(&survey, "survey", 0, "nps: only this survey's responses (default: every survey); perception: this survey (default: the newest staff answered)")
	fl.StringVar(&model, "model", "", "attribution: first-touch (default), last-touch, linear, u-shaped, w-shaped or time-decay")
	fl.StringVar(&value, "value", "", "attribution: what a new customer is worth: first-order (default), first-year or clv")
	fl.IntVar(&limit, "limit", 25, "rows shown in the table (JSON and CSV are complete)")
	fl.IntVar(&year, "year", 0, "drift: the year to compare with the one before (default: the year of --as-of)")
	fl.BoolVar(&asJSON, "json", false, "print exact machine output as JSON")
	fl.BoolVar(&asCSV, "csv", false, "print the list as CSV")
	fl.Var(&dialectFlag{&dialect}, "csv-dialect", "CSV for: standard (commas, decimal point) or excel-de (semicolons, decimal comma, UTF-8 mark: what German Excel opens)")
	return cmd
}

func (w *windowFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&w.since, "since", "", "window start, YYYY-MM-DD (default: 12 months before --until)")
	fl.StringVar(&w.until, "until", "", "window end, YYYY-MM-DD (default: --as-of)")
	fl.StringVar(&w.asOf, "as-of", "", "as-of date, YYYY-MM-DD (default: the date of the latest order)")
	fl.StringVar(&w.tiers, "tiers", "", "ABC tier cut-offs in percent of revenue, like 80,95 (default: the settings' tier_thresholds)")
}

func (w *windowFlags) params() (report.Params, error) {
	var p report.Params
	var err error
	if p.Since, p.Until, p.AsOf, err = w.dates(); err != nil {
		return p, err
	}
	if w.tiers != "" {
		if p.Thresholds, err = report.ParseTiers("--tiers", w.tiers); err != nil {
			return p, err
		}
	}
	if !p.Since.IsZero() && !p.Until.IsZero() && p.Since.After(p.Until) {
		return p, crm.Errorf(crm.EINVALID, "--since %s is after --until %s", p.Since.Format(time.DateOnly), p.Until.Format(time.DateOnly))
	}
	return p, nil
}

// dialectFlag is the --csv-dialect flag.
type dialectFlag struct{ d *csvout.Dialect }

func (f *dialectFlag) String() string { return string(*f.d) }
func (f *dialectFlag) Type() string   { return "dialect" }
func (f *dialectFlag) Set(s string) error {
	d, err := csvout.ParseDialect(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}
