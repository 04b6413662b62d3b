package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/analyze"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

func analyzeCmd(e *env) *cobra.Command {
	var (
		w           windowFlags
		maps        []string
		dateFormat  string
		after       string
		asJSON      bool
		clv         bool
		skipInvalid bool
		source      string
		sheet       string
	)
	cmd := &cobra.Command{
		Use:   "analyze FILE",
		Short: "The 80/20 picture of a transactions file, no database needed",
		Long: `Read a transactions file (CSV or .xlsx with customer, date and amount columns;
the same header names and tools' exports as "import orders") in one pass and print the Pareto headline:
the revenue share of the top 20% of customers, the Gini coefficient, ABC tiers,
repeat and lapsed customers, and a small Pareto chart. FILE - reads stdin.

--clv adds the customer-base model of "report clv", fitted to the file's
purchases up to the as-of date (a purchase: a customer's orders of one day
with an amount of zero or more; credits are not purchases): Pareto/NBD and
Gamma-Gamma, its fit quality on a held-out last period, and the customers
with the highest CLV with P(alive), expected purchases and revenue in the
next 12 months, expected spend per purchase and an ABC tier by CLV. With
fewer than 100 customers, or when the model does not fit, a note says why.`,
		Example: `  vitalfew analyze invoices.csv
  vitalfew analyze export.csv --map "Kd-Nr=customer_id" --json
  vitalfew analyze invoices.csv --clv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := w.params()
			if err != nil {
				return err
			}
			m, err := parseMap(maps)
			if err != nil {
				return err
			}
			lapsed, err := report.ParseSpan("--after", after)
			if err != nil {
				return err
			}
			in, _, closeIn, err := e.openInput(args[0])
			if err != nil {
				return err
			}
			defer closeIn()
			res, err := analyze.Run(in, analyze.Options{File: args[0], Map: m, DateFormat: dateFormat,
				Since: p.Since, Until: p.Until, AsOf: p.AsOf, Thresholds: p.Thresholds, LapsedAfter: lapsed, CLV: clv,
				SkipInvalid: skipInvalid, Profile: source, Sheet: sheet})
			if err != nil {
				return err
			}
			if res.Profile != nil {
				fmt.Fprintf(e.stderr, "read as %s (%s)\n", res.Profile.Tool, res.Profile.Verified)
			}
			for _, t := range res.Tally {
				fmt.Fprintln(e.stderr, t)
			}
			for _, s := range res.Skipped {
				fmt.Fprintf(e.stderr, "%s rows %s, skipped\n", textfmt.Count(int64(s.Rows)), s.Reason)
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(res)
			}
			return res.WriteText(e.text())
		},
	}
	w.register(cmd)
	fl := cmd.Flags()
	fl.StringArrayVar(&maps, "map", nil, "map a header to a field, HEADER=field (repeatable)")
	fl.StringVar(&dateFormat, "date-format", "", "date format: iso, yyyymmdd, dd.mm.yyyy, mm/dd/yyyy, dd/mm/yyyy")
	fl.StringVar(&after, "after", "730d", "lapsed: no order for this long")
	fl.BoolVar(&asJSON, "json", false, "print exact machine output as JSON")
	fl.BoolVar(&clv, "clv", false, "add the customer model: P(alive), next 12 months and CLV of the top customers")
	fl.StringVar(&source, "source", "", "read the file as this tool's export (xero, stripe, datev, …); default: recognised from the header")
	fl.StringVar(&sheet, "sheet", "", "the sheet of an .xlsx workbook to read (default: the first)")
	fl.BoolVar(&skipInvalid, "skip-invalid", false, "leave bad rows out (and say how many, and why) instead of failing")
	return cmd
}
