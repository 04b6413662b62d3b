package ingest

// Stripe's invoices export; every figure was worked out by hand from the
// rows.
func init() {
	profileCases = append(profileCases,
		[]struct {
			file    string
			kind    Kind
			profile string
			figures map[string]string
			tally   []string
		}{
			{
				// Paid invoices, Total − Tax: Acme 119 − 19 = 100 and 238 − 38
				// = 200 (250 less a 50 discount); its third is open. Bravo's
				// are void, uncollectible, a draft, and one paid: 95.20 − 15.20
				// = 80 (20 of it from the customer's credit balance: Amount
				// Paid 75.20 does not matter). Carla has no name; her trial
				// invoice of 0.00 is not counted, her second is 45.50 without
				// tax.
				file: "stripe_invoices.csv", kind: KindOrders, profile: "stripe-invoices",
				figures: map[string]string{"Acme GmbH": "300.00 EUR", "Bravo AG": "80.00 EUR", "carla@mail.example": "45.50 EUR"},
				tally: []string{"1 open (unpaid) invoice not counted", "1 void invoice not counted",
					"1 uncollectible invoice not counted", "1 draft invoice not counted",
					"1 paid invoice of nothing (a trial's) not counted"},
			},
			{
				// A German dashboard (decimal commas), the tax split into
				// exclusive and inclusive: Delta 1190 − 190 = 1000 and 59.50 −
				// 9.50 (included) = 50; Echo 23.80 − 3.80 = 20, its second
				// invoice is open.
				file: "stripe_invoices_de.csv", kind: KindOrders, profile: "stripe-invoices",
				figures: map[string]string{"Delta KG": "1050.00 EUR", "Echo e.K.": "20.00 EUR"},
				tally:   []string{"1 open (unpaid) invoice not counted"},
			},
		}...)
}
