package ingest

import "maps"

// Pipedrive's exports (a deals or organizations list → Export, as CSV):
// every column named "<Entity> - <Field>" in the account's language
// ("Deal - Value", German "Deal - Wert"), numbers written plainly, times
// "2025-03-14 10:22:01". A deal is revenue once its status is Won, at its
// value in its currency on the day it was won; its organization is the
// customer.

var (
	pipedriveByContact = &Reason{"won deal without an organization counted under its contact person",
		"won deals without an organization counted under their contact person"}
	pipedriveByTime = &Reason{"deal without a status counted as won by its won time",
		"deals without a status counted as won by their won time"}
)

// pipedriveDealColumns are the columns of a deals export we read, in
// English and German (German from code that reads real exports of German
// accounts; "Deal - Währung" is guessed).
var pipedriveDealColumns = map[string]string{
	"Deal - ID": "invoice_id", "Deal - Value": "amount", "Deal - Wert": "amount",
}

// The kept columns of a deals export, English before German, each list
// most preferred first.
var (
	pipedriveStatus   = []string{"Deal - Status"}
	pipedriveWonTime  = []string{"Deal - Won time", "Deal - Datum des gewonnenen Deals"}
	pipedriveLostTime = []string{"Deal - Lost time", "Deal - Datum des verlorenen Deals"}
	pipedriveClosed   = []string{"Deal - Deal closed on", "Deal - Closed on", "Deal - Close date", "Deal - Deal abgeschlossen am"}
	pipedriveOrg      = []string{"Deal - Organization", "Organization - Name", "Deal - Organisation", "Organisation - Name"}
	pipedriveOrgID    = []string{"Deal - Organization ID", "Organization - ID", "Deal - Organisation ID", "Organisation - ID"}
	pipedriveContact  = []string{"Deal - Contact person", "Person - Name", "Deal - Kontaktperson"}
	pipedriveCurrency = []string{"Deal - Currency", "Deal - Currency of value", "Deal - Währung"}
	pipedriveTitle    = []string{"Deal - Title", "Deal - Titel"}
)

// pipedriveOrgColumns are the columns of an organizations export we read,
// in English and German. Only ID, Name, Owner and the creation time are
// documented; the address's country, website, industry and head count
// (Pipedrive's newer organization fields) and every German name but
// "Organisation - Name" and "Organisation - ID" are guessed.
var pipedriveOrgColumns = map[string]string{
	"Organization - ID": "customer_id", "Organization - Name": "name", "Organization - Owner": "owner",
	"Organization - Country of Address": "region", "Organization - Website": "domain",
	"Organization - Industry": "industry",
	"Organisation - ID":       "customer_id", "Organisation - Name": "name", "Organisation - Besitzer": "owner",
	"Organisation - Land der Adresse": "region", "Organisation - Website": "domain",
	"Organisation - Branche": "industry",
}

// The kept columns of an organizations export.
var (
	pipedriveOrgCreated   = []string{"Organization - Organization created", "Organization - Add time", "Organisation - Organisation erstellt"}
	pipedriveOrgEmployees = []string{"Organization - Number of employees", "Organisation - Anzahl der Mitarbeiter"}
)

func init() {
	dealKeep := cat(pipedriveStatus, pipedriveWonTime, pipedriveLostTime, pipedriveClosed, pipedriveOrg,
		pipedriveOrgID, pipedriveContact, pipedriveCurrency, pipedriveTitle)
	orgKeep := cat(pipedriveOrgCreated, pipedriveOrgEmployees)
	profiles = append(profiles,
		&Profile{
			Name: "pipedrive-deals", Tool: "Pipedrive deals export", Kind: KindOrders,
			Verified: VerifiedDocs, // importers of real exports agree on the names and the statuses
			Match:    []string{"Deal - Title", "Deal - Value", "Deal - Status"},
			Columns:  maps.Clone(pipedriveDealColumns),
			Keep:     dealKeep,
			Sets:     []string{"date", "customer", "customer_id", "currency"},
			Decimal:  DecimalPoint,
			Rows:     pipedriveDeals,
		},
		&Profile{
			Name: "pipedrive-deals-de", Tool: "Pipedrive deals export in German", Kind: KindOrders,
			Verified: VerifiedDocs, // two code bases that read real German exports
			Match:    []string{"Deal - Titel", "Deal - Wert", "Deal - Status"},
			Columns:  maps.Clone(pipedriveDealColumns),
			Keep:     dealKeep,
			Sets:     []string{"date", "customer", "customer_id", "currency"},
			Decimal:  DecimalPoint,
			Rows:     pipedriveDeals,
		},
		&Profile{
			Name: "pipedrive-organizations", Tool: "Pipedrive organizations export", Kind: KindAccounts,
			Verified: VerifiedGuess,
			Match:    []string{"Organization - ID", "Organization - Name", "Organization - Owner"},
			Columns:  maps.Clone(pipedriveOrgColumns),
			Keep:     orgKeep,
			Sets:     []string{"acquired_at", "size_class"},
			Rows:     func([][]string) func(*Row) *Reason { return pipedriveOrganization },
		},
		&Profile{
			Name: "pipedrive-organizations-de", Tool: "Pipedrive organizations export in German", Kind: KindAccounts,
			Verified: VerifiedGuess,
			Match:    []string{"Organisation - ID", "Organisation - Name", "Organisation - Besitzer"},
			Columns:  maps.Clone(pipedriveOrgColumns),
			Keep:     orgKeep,
			Sets:     []string{"acquired_at", "size_class"},
			Rows:     func([][]string) func(*Row) *Reason { return pipedriveOrganization },
		},
	)
}

// pipedriveDeals returns the row function of one read of a deals export:
// won deals are kept, at their value on the day they were won, under their
// organization; the others are counted by why they are left out.
func pipedriveDeals([][]string) func(*Row) *Reason {
	why := newDealReasons("deal", "deals", "") // a status is never unknown: such a row fails
	return func(r *Row) *Reason {
		status := firstOf(r, pipedriveStatus...)
		o := pipedriveStatusOf(status)
		if status == "" {
			// Older exports and re-saved files: the times tell.
			switch {
			case firstOf(r, pipedriveWonTime...) != "":
				o = dealWon
				r.Note(pipedriveByTime)
			case firstOf(r, pipedriveLostTime...) != "":
				o = dealLost
			default:
				o = dealOpen
			}
		}
		if o == dealUnknown {
			r.Fail("Deal - Status", "unknown status %q (want Won, Lost or Open)", status)
			return nil
		}
		if o != dealWon {
			return why.leftOut(o, status)
		}
		if r.Get("amount") == "" {
			return why.noAmount
		}
		r.Set("date", firstOf(r, cat(pipedriveWonTime, pipedriveClosed)...))
		r.Set("currency", firstOf(r, pipedriveCurrency...))
		org, orgID := firstOf(r, pipedriveOrg...), firstOf(r, pipedriveOrgID...)
		if org == "" && orgID == "" {
			contact := firstOf(r, pipedriveContact...)
			if contact == "" {
				r.Fail("customer", "won deal %q has no organization and no contact person", firstOf(r, pipedriveTitle...))
				return nil
			}
			r.Set("customer", contact)
			r.Note(pipedriveByContact)
			return nil
		}
		r.Set("customer", org)
		r.Set("customer_id", orgID)
		return nil
	}
}

// pipedriveStatusOf reads a deal's status, in English or German
// ("Gewonnen", "Verloren"; "Offen" and "Gelöscht" guessed); dealUnknown
// for anything else, including "".
func pipedriveStatusOf(s string) dealOutcome {
	switch headerKey(s) {
	case "won", "gewonnen":
		return dealWon
	case "lost", "verloren":
		return dealLost
	case "open", "offen":
		return dealOpen
	case "deleted", "geloscht":
		return dealDeleted
	}
	return dealUnknown
}

// pipedriveOrganization reads one row of an organizations export: the
// creation time as the customer-since date, the head count as a size
// class.
func pipedriveOrganization(r *Row) *Reason {
	r.Set("acquired_at", firstOf(r, pipedriveOrgCreated...))
	r.Set("size_class", employeeClass(firstOf(r, pipedriveOrgEmployees...)))
	return nil
}
