package cli

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/analytics/breakeven"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
)

func breakevenCmd(e *env) *cobra.Command {
	var (
		fixed, price, variable, target string
		product                        string
		units                          int64
		asJSON, activities             bool
	)
	cmd := &cobra.Command{
		Use:   "breakeven --fixed F --price P --variable V",
		Short: "Break-even units and revenue of a product or service, with a what-if grid",
		Long: `Work out where a product or service breaks even: the units and revenue that
pay its fixed costs, the contribution margin per unit and as a share of the
price, the units for a target profit (--target-profit), and at an actual
volume (--units) the profit, margin of safety, profit margin and degree of
operating leverage. The what-if grid shows the break-even units with the
price, the variable cost and the fixed costs each 20% and 10% lower and 10%
and 20% higher. Units are rounded up: 85.71 units is 86.

A price at or below the variable cost has no break-even and is refused.
Amounts are plain decimals in the currency (12000, 199.90). --product SKU
takes the price and unit cost of a product the order lines brought in.

--json prints {"bev", "bev_units", "be_revenue", "cm", "cm_ratio",
"target_units", "profit", "margin_of_safety", "profit_margin", "dol",
"what_if": [{"change", "bev_units"}]}: bev unrounded, bev_units rounded up,
money in the currency's units, shares as fractions (0.6 is 60%), the
figures at a volume null without --units. --activities adds "activities":
[{"activity", "cost", "units"}], the units each marketing activity of the
database must bring to pay back its cost; without it the command reads no
database.`,
		Example: `  vitalfew breakeven --fixed 12000 --price 200 --variable 80
  vitalfew breakeven --fixed 12000 --price 200 --variable 80 --target-profit 6000 --units 130 --json
  vitalfew breakeven --fixed 12000 --price 200 --variable 80 --lang de
  vitalfew breakeven --fixed 12000 --price 200 --variable 80 --activities
  vitalfew breakeven --fixed 12000 --product DM-200`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			in := breakeven.Input{Units: units}
			var prod *crm.Product
			if product != "" {
				st, err := e.open(cmd.Context())
				if err != nil {
					return err
				}
				p, err := st.ProductPricing(operator(cmd.Context()), product)
				st.Close()
				if err != nil {
					return err
				}
				if price == "" {
					price = p.Price.String()
				}
				if variable == "" {
					if !p.HasCost {
						return crm.Errorf(crm.EINVALID, "--product: %s has no unit cost; give --variable", p.SKU)
					}
					variable = p.UnitCost.String()
				}
				prod = &p
			}
			for _, f := range []struct {
				name, v string
				to      *int64
			}{{"--fixed", fixed, &in.Fixed}, {"--price", price, &in.Price}, {"--variable", variable, &in.Variable}, {"--target-profit", target, &in.TargetProfit}} {
				if f.v == "" {
					if f.name == "--target-profit" {
						continue
					}
					return crm.Errorf(crm.EINVALID, "%s: required", f.name)
				}
				m, err := crm.ParseMoney(f.v)
				if err != nil {
					return crm.Errorf(crm.EINVALID, "%s: want an amount like 12000 or 199.90, got %q", f.name, f.v)
				}
				*f.to = m.Cents()
			}
			b, err := report.NewBreakEven(in)
			if err != nil {
				return err
			}
			if prod != nil {
				b.Product = &report.BreakEvenProduct{SKU: prod.SKU, Name: prod.Name}
			}
			if activities {
				st, err := e.open(cmd.Context())
				if err != nil {
					return err
				}
				defer st.Close()
				if err := b.AddActivities(operator(cmd.Context()), st); err != nil {
					return err
				}
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(b)
			}
			return b.WriteText(e.text())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&fixed, "fixed", "", "fixed costs of the period, like 12000")
	fl.StringVar(&price, "price", "", "price per unit, like 200")
	fl.StringVar(&variable, "variable", "", "variable cost per unit, like 80")
	fl.StringVar(&target, "target-profit", "", "profit wanted in the period: the units it takes (default 0, break even)")
	fl.Int64Var(&units, "units", 0, "actual or planned units of the period: profit, margin of safety, profit margin and operating leverage there")
	fl.StringVar(&product, "product", "", "take the price and variable cost (unit cost) of the product with this SKU from the database; --price and --variable override them")
	fl.BoolVar(&activities, "activities", false, "also the units each marketing activity in the database must bring to pay back its cost (cost / contribution margin, rounded up)")
	fl.BoolVar(&asJSON, "json", false, "print exact machine output as JSON")
	return cmd
}
