package ingest

import (
	"strings"
)

// Salesforce's exports of opportunities and accounts, in two shapes. The
// objects as the weekly Data Export and the Data Loader write them
// (Opportunity.csv, Account.csv): API field names, every cell quoted,
// booleans true/false, ISO dates, plain amounts; an opportunity names its
// account only by AccountId, which is Account.csv's Id. And a report
// exported as CSV ("Details Only"): its columns' labels, dates and numbers
// in the user's locale ("3/14/2025", "14.03.2025"; "12,000.00",
// "12.000,00"), and after the rows a footer: "Grand Totals (N records)",
// "Confidential Information - Do Not Distribute" and a copyright line,
// which are not rows. An opportunity is revenue once won: IsWon (a
// report's Won column) says so; without it, its stage "Closed Won" does,
// and the import says so.

var (
	salesforceByStage = &Reason{`won opportunity recognised by its stage "Closed Won" (the export has no IsWon or Won column)`,
		`won opportunities recognised by their stage "Closed Won" (the export has no IsWon or Won column)`}
	salesforceDeletedAccount = &Reason{"deleted account (in the recycle bin) left out",
		"deleted accounts (in the recycle bin) left out"}
)

func init() {
	profiles = append(profiles,
		&Profile{
			Name: "salesforce-opportunities", Tool: "Salesforce Opportunity.csv export",
			Kind:     KindOrders,
			Verified: VerifiedDocs, // migration scripts that read real weekly exports
			Match:    []string{"AccountId", "StageName", "CloseDate", "Amount"},
			Columns: map[string]string{
				"Id": "invoice_id", "AccountId": "customer_id", "Account.Name": "customer", "Amount": "amount",
				"CloseDate": "date", "CurrencyIsoCode": "currency",
			},
			Keep:       []string{"StageName", "IsWon", "IsClosed", "IsDeleted"},
			DateFormat: DateISO,
			Decimal:    DecimalPoint,
			Rows:       salesforceOpportunities,
		},
		&Profile{
			Name: "salesforce-opportunities-report", Tool: "Salesforce opportunities report",
			Kind:     KindOrders,
			Verified: VerifiedDocs, // the footer from three code bases that clean real report exports; the labels documented
			Match:    []string{"Opportunity Name", "Account Name", "Stage", "Close Date"},
			Columns:  map[string]string{"Account Name": "customer", "Amount": "amount", "Close Date": "date"},
			Keep: []string{"Opportunity Name", "Stage", "Won", "Closed", "Account ID", "Opportunity ID",
				"Opportunity Currency", "Amount Currency"},
			Sets:   []string{"customer_id", "invoice_id", "currency"},
			Rows:   salesforceReport,
			Footer: salesforceFooter,
		},
		&Profile{
			Name: "salesforce-accounts", Tool: "Salesforce Account.csv export",
			Kind:     KindAccounts,
			Verified: VerifiedDocs, // the field names are Salesforce's API names
			Match:    []string{"Id", "Name", "BillingCountry", "OwnerId"},
			Columns: map[string]string{
				"Id": "customer_id", "Name": "name", "Website": "domain", "Industry": "industry",
				"BillingCountry": "region", "OwnerId": "owner", "CreatedDate": "acquired_at", "Type": "segment",
				"AccountSource": "acquisition_source",
			},
			Keep:       []string{"IsDeleted", "NumberOfEmployees"},
			Sets:       []string{"size_class"},
			DateFormat: DateISO,
			Rows:       func([][]string) func(*Row) *Reason { return salesforceAccount },
		},
	)
}

// salesforceOpportunities returns the row function of one read of
// Opportunity.csv: won opportunities are kept, at their amount on their
// close date, under their account's id; deleted ones (the recycle bin, in
// the weekly export) and the others are counted by why they are left out.
func salesforceOpportunities([][]string) func(*Row) *Reason {
	why := newDealReasons("opportunity", "opportunities", "export IsWon to have it counted if it was won")
	return func(r *Row) *Reason {
		if truthy(r.Get("IsDeleted")) {
			return why.deleted
		}
		label := r.Get("StageName")
		o, byStage := salesforceOutcome(r.Get("IsWon"), r.Get("IsClosed"), label)
		if o != dealWon {
			return why.leftOut(o, label)
		}
		if r.Get("amount") == "" {
			return why.noAmount
		}
		if byStage {
			r.Note(salesforceByStage)
		}
		return nil
	}
}

// salesforceReport returns the row function of one read of an
// opportunities report: as for the objects, with the report's Won and
// Closed columns, under the account's name (and its id, made the 18
// characters Account.csv has, when the report shows it).
func salesforceReport([][]string) func(*Row) *Reason {
	why := newDealReasons("opportunity", "opportunities", "add the Won column to the report to have it counted if it was won")
	return func(r *Row) *Reason {
		label := r.Get("Stage")
		o, byStage := salesforceOutcome(r.Get("Won"), r.Get("Closed"), label)
		if o != dealWon {
			return why.leftOut(o, label)
		}
		if r.Get("amount") == "" {
			return why.noAmount
		}
		id := salesforceID18(r.Get("Account ID"))
		if r.Get("customer") == "" && id == "" {
			r.Fail("customer", "won opportunity %q has no account", r.Get("Opportunity Name"))
			return nil
		}
		r.Set("customer_id", id)
		r.Set("invoice_id", salesforceID18(r.Get("Opportunity ID")))
		r.Set("currency", firstOf(r, "Opportunity Currency", "Amount Currency"))
		if byStage {
			r.Note(salesforceByStage)
		}
		return nil
	}
}

// salesforceOutcome is where an opportunity stands by its won and closed
// flags (IsWon and IsClosed, or a report's Won and Closed) and its stage;
// byStage is true when only the stage said it was won.
func salesforceOutcome(won, closed, stage string) (o dealOutcome, byStage bool) {
	switch {
	case truthy(won):
		return dealWon, false
	case won != "" && (truthy(closed) || salesforceStage(stage) == dealLost):
		return dealLost, false
	case won != "":
		return dealOpen, false
	}
	switch o := salesforceStage(stage); {
	case o != dealUnknown:
		return o, o == dealWon
	case falsy(closed):
		return dealOpen, false // not closed, so not won either
	}
	return dealUnknown, false
}

// salesforceStage places a stage by its name: the standard stages of
// Salesforce's sales process; any other is dealUnknown.
func salesforceStage(stage string) dealOutcome {
	switch headerKey(stage) {
	case "closedwon":
		return dealWon
	case "closedlost":
		return dealLost
	case "prospecting", "qualification", "needsanalysis", "valueproposition", "iddecisionmakers",
		"perceptionanalysis", "proposalpricequote", "negotiationreview":
		return dealOpen
	}
	return dealUnknown
}

// salesforceFooter reports whether a line of a report export is its
// footer: "Grand Totals (5,700 records)", "Confidential Information - Do
// Not Distribute", "Copyright (c) 2000-2026 salesforce.com, inc. All
// rights reserved." — each alone in its line's first cell.
func salesforceFooter(cells []string) bool {
	if len(cells) > 1 && !blank(cells[1:]) {
		return false
	}
	s := strings.TrimSpace(cells[0])
	if n, ok := strings.CutPrefix(s, "Grand Totals ("); ok {
		n, ok = strings.CutSuffix(n, ")")
		i := strings.LastIndexByte(n, ' ')
		count, unit := n[:max(i, 0)], n[i+1:]
		return ok && count != "" && strings.Trim(count, "0123456789,. \u00a0") == "" && (unit == "records" || unit == "record")
	}
	return s == "Confidential Information - Do Not Distribute" ||
		strings.HasPrefix(s, "Copyright") && strings.Contains(strings.ToLower(s), "salesforce.com")
}

// salesforceID18 turns a record id as the user interface shows it, 15
// characters and case-sensitive, into the 18 characters the API and the
// object exports use (the three added characters encode which of the 15
// are upper case); any other value is kept as it is.
func salesforceID18(id string) string {
	if len(id) != 15 || strings.Trim(id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return id
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	suffix := make([]byte, 3)
	for i := range suffix {
		flags := 0
		for j := range 5 {
			if c := id[5*i+j]; c >= 'A' && c <= 'Z' {
				flags |= 1 << j
			}
		}
		suffix[i] = alphabet[flags]
	}
	return id + string(suffix)
}

// salesforceAccount reads one row of Account.csv: deleted accounts (the
// recycle bin) are left out, the head count is read as a size class.
func salesforceAccount(r *Row) *Reason {
	if truthy(r.Get("IsDeleted")) {
		return salesforceDeletedAccount
	}
	r.Set("size_class", employeeClass(r.Get("NumberOfEmployees")))
	return nil
}
