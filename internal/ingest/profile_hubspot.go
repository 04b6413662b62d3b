package ingest

import "strings"

// HubSpot's CRM exports (a deals or companies view → Export, as CSV): the
// view's columns by their labels, every cell quoted, sometimes a byte order
// mark, the record's id as "Record ID", numbers written plainly
// ("11015.0"), dates "2025-03-14 10:22" (or "4/8/2025 17:19" once Excel has
// saved the file). A deal is revenue only once won: its "Is Closed Won"
// column says so when the view has it; otherwise its stage does, by label
// ("Closed Won" in the default pipeline, whatever a portal named its own).
// The customer is the deal's company.

var (
	hubspotByContact = &Reason{"won deal without a company counted under its contact",
		"won deals without a company counted under their contact"}
	hubspotSeveral = &Reason{"won deal with several companies counted under the first",
		"won deals with several companies counted under the first"}
)

func init() {
	profiles = append(profiles,
		&Profile{
			Name: "hubspot-deals", Tool: "HubSpot deals export", Kind: KindOrders,
			Verified: VerifiedDocs, // the file's format from a real export; the columns from importers of real ones
			Match:    []string{"Record ID", "Deal Name", "Deal Stage"},
			Columns: map[string]string{
				"Record ID": "invoice_id", "Close Date": "date", "Amount": "amount", "Currency": "currency",
			},
			Keep: []string{"Deal Name", "Deal Stage", "Is Closed Won", "Is Deal Closed?", "Is Closed",
				"Associated Company (Primary)", "Associated Company", "Associated Company IDs (Primary)",
				"Associated Company IDs", "Associated Company ID", "Associated Contact"},
			Sets:    []string{"customer", "customer_id"},
			Decimal: DecimalPoint,
			Rows:    hubspotDeals,
		},
		&Profile{
			Name: "hubspot-companies", Tool: "HubSpot companies export", Kind: KindAccounts,
			Verified: VerifiedDocs, // the columns from importers of real exports; no real file seen
			Match:    []string{"Record ID", "Company name", "Company owner"},
			Columns: map[string]string{
				"Record ID": "customer_id", "Company name": "name", "Company Domain Name": "domain",
				"Company owner": "owner", "Country/Region": "region", "Industry": "industry", "Create Date": "acquired_at",
			},
			Keep: []string{"Website URL", "Became a Customer Date", "Number of Employees", "Country"},
			Sets: []string{"domain", "acquired_at", "size_class", "region"},
			Rows: func([][]string) func(*Row) *Reason { return hubspotCompany },
		},
	)
}

// hubspotDeals returns the row function of one read of a deals export:
// won deals are kept, at their amount on their close date, under their
// company; the others are counted by why they are left out.
func hubspotDeals([][]string) func(*Row) *Reason {
	why := newDealReasons("deal", "deals", `export the "Is Closed Won" column to have it counted if it was won`)
	return func(r *Row) *Reason {
		o, label := hubspotOutcome(r)
		if o == dealUnknown && label == "" {
			r.Fail("Deal Stage", "missing: without a stage a won deal cannot be told from a lost or open one")
			return nil
		}
		if o != dealWon {
			return why.leftOut(o, label)
		}
		if r.Get("amount") == "" {
			return why.noAmount
		}
		name := firstOf(r, "Associated Company (Primary)", "Associated Company")
		id := firstOf(r, "Associated Company IDs (Primary)", "Associated Company IDs", "Associated Company ID")
		if name == "" && id == "" {
			contact := firstOf(r, "Associated Contact")
			if contact == "" {
				r.Fail("customer", "won deal %q has no associated company or contact", r.Get("Deal Name"))
				return nil
			}
			r.Set("customer", firstItem(contact))
			r.Note(hubspotByContact)
			return nil
		}
		if strings.Contains(name, ";") || strings.Contains(id, ";") {
			r.Note(hubspotSeveral)
		}
		r.Set("customer", firstItem(name))
		r.Set("customer_id", firstItem(id))
		return nil
	}
}

// hubspotOutcome is where a deal stands, and its stage's label: "Is
// Closed Won" decides when the export has it (with "Is Deal Closed?" or a
// lost stage telling lost from open), else the stage's label.
func hubspotOutcome(r *Row) (dealOutcome, string) {
	label := r.Get("Deal Stage")
	won := r.Get("Is Closed Won")
	switch {
	case won == "":
		return hubspotStage(label), label
	case truthy(won):
		return dealWon, label
	case truthy(firstOf(r, "Is Deal Closed?", "Is Closed")) || hubspotStage(label) == dealLost:
		return dealLost, label
	}
	return dealOpen, label
}

// hubspotStage places a stage by its label, or by its internal id in files
// written through the API: the default pipeline's stages ("Closed Won",
// "closedwon", "Contract Sent"), and the won and lost labels portals give
// their own pipelines ("Won", "Lost"; in German "Gewonnen", "Verloren" and
// the default pipeline's "Abgeschlossen und gewonnen", guessed). Any other
// label is dealUnknown.
func hubspotStage(label string) dealOutcome {
	switch headerKey(label) {
	case "closedwon", "won", "gewonnen", "abgeschlossenundgewonnen":
		return dealWon
	case "closedlost", "lost", "verloren", "abgeschlossenundverloren":
		return dealLost
	case "appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent":
		return dealOpen
	}
	return dealUnknown
}

// firstItem is the first of the ";"-separated values of an association
// cell ("Acme Inc;Globex Corporation").
func firstItem(s string) string {
	first, _, _ := strings.Cut(s, ";")
	return strings.TrimSpace(first)
}

// hubspotCompany reads one row of a companies export: the domain from the
// website when "Company Domain Name" is empty, the customer since the day
// it became one when the export says (else since its record was created),
// the number of employees as a size class.
func hubspotCompany(r *Row) *Reason {
	if r.Get("domain") == "" {
		r.Set("domain", r.Get("Website URL"))
	}
	if at := r.Get("Became a Customer Date"); at != "" {
		r.Set("acquired_at", at)
	}
	if r.Get("region") == "" {
		r.Set("region", r.Get("Country"))
	}
	r.Set("size_class", employeeClass(r.Get("Number of Employees")))
	return nil
}
