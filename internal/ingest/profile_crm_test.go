package ingest

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The CRM exports: HubSpot, Pipedrive and Salesforce deals (orders) and
// companies (accounts). Every file is synthetic, written for vitalfew in
// its tool's layout; the figures below were worked out by hand from its
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
				// All cells quoted, a byte order mark, the default
				// pipeline's labels and no "Is Closed Won" column. Won:
				// Acme 11015.0 + 2400.5 = 13415.50, Globex 3500.50,
				// Umbrella 960.00 (no currency column): 17,876.00 in all.
				// Lost: Acme SEO, Globex Training. Open: Contract Sent,
				// Decision Maker Bought-In, Appointment Scheduled. Initech's
				// won pilot has no amount. "Verbal commit" is a stage of a
				// custom pipeline that nothing says is won or lost.
				file: "hubspot_deals.csv", kind: KindOrders, profile: "hubspot-deals",
				figures: map[string]string{"Acme Inc": "13415.50", "Globex Corporation": "3500.50", "Umbrella GmbH": "960.00"},
				tally: []string{"2 lost deals not counted", "3 open deals not counted",
					"1 won deal without an amount not counted",
					`1 deal in stage "Verbal commit" not counted (not a stage known to be won; export the "Is Closed Won" column to have it counted if it was won)`},
			},
			{
				// A custom pipeline's own labels with "Is closed won",
				// re-saved by Excel (M/D/YYYY H:MM; 1/15 makes the column
				// month-first). Won (true): Hafenlogistik 4800.0 + 1250.25
				// = 6050.25; the upgrade of two companies goes to the first,
				// Brauhaus Süd KG, 2100.00; the setup without a company to
				// its contact, Tom Berger, 350.00. Lost (false): "Verloren"
				// and "Closed lost" by their labels. "Angebot gesendet"
				// (false, no lost label) is open.
				file: "hubspot_deals_won.csv", kind: KindOrders, profile: "hubspot-deals",
				figures: map[string]string{"Hafenlogistik Nord GmbH": "6050.25 EUR", "Brauhaus Süd KG": "2100.00 EUR",
					"Tom Berger": "350.00 EUR"},
				tally: []string{"2 lost deals not counted", "1 open deal not counted",
					"1 won deal without a company counted under its contact",
					"1 won deal with several companies counted under the first"},
			},
			{
				// Acme became a customer on 2025-02-03 (its record is older)
				// and has 40 employees (10-49); Globex's domain comes from
				// its website, 1200 employees are 1000+, it is a customer
				// since its record's creation; Initech since 2025-05-28.
				file: "hubspot_companies.csv", kind: KindAccounts, profile: "hubspot-companies",
				figures: map[string]string{
					"Acme Inc":           "id=9001 domain=acme.example industry=COMPUTER_SOFTWARE size=10-49 employees region=United States owner=Jane Doe status=active since=2025-02-03",
					"Globex Corporation": "id=9002 domain=globex.example size=1000+ employees region=Germany owner=Sam Lee status=active since=2024-12-15",
					"Initech":            "id=9003 domain=initech.example owner=Sam Lee status=active since=2025-05-28",
				},
			},
			{
				// Won: Acme 12000 + 1800 = 13800.00; Globex 3500.50; the
				// private client has no organization, so its contact person
				// Erika Beispiel, 900.00; Umbrella's deal has no status but a
				// won time, 2500.00. Lost: 102, 107 (in USD, not summed
				// either). Open: 103, 108.
				file: "pipedrive_deals.csv", kind: KindOrders, profile: "pipedrive-deals",
				figures: map[string]string{"Acme GmbH": "13800.00 EUR", "Globex AG": "3500.50 EUR",
					"Erika Beispiel": "900.00 EUR", "Umbrella Corp": "2500.00 EUR"},
				tally: []string{"2 lost deals not counted", "2 open deals not counted",
					"1 won deal without an organization counted under its contact person",
					"1 deal without a status counted as won by its won time"},
			},
			{
				// German headings and statuses: Gewonnen Müller 4200 + 380.5
				// = 4580.50, Schmidt 2750.75; Verloren 202, Offen 204.
				file: "pipedrive_deals_de.csv", kind: KindOrders, profile: "pipedrive-deals-de",
				figures: map[string]string{"Müller Maschinenbau GmbH": "4580.50 EUR", "Schmidt & Söhne KG": "2750.75 EUR"},
				tally:   []string{"1 lost deal not counted", "1 open deal not counted"},
			},
			{
				// 120 employees are 50-249, 8 are 1-9; the websites' hosts
				// are the domains; "Organization created" is the date.
				file: "pipedrive_organizations.csv", kind: KindAccounts, profile: "pipedrive-organizations",
				figures: map[string]string{
					"Acme GmbH":     "id=11 domain=acme.example industry=Manufacturing size=50-249 employees region=Germany owner=Jane Doe status=active since=2025-01-05",
					"Globex AG":     "id=12 owner=Sam Lee status=active since=2025-01-12",
					"Umbrella Corp": "id=13 domain=umbrella.example size=1-9 employees region=United States owner=Sam Lee status=active since=2025-06-30",
				},
			},
			{
				file: "pipedrive_organizations_de.csv", kind: KindAccounts, profile: "pipedrive-organizations-de",
				figures: map[string]string{
					"Müller Maschinenbau GmbH": "id=21 region=Deutschland owner=Anna Schmidt status=active since=2024-10-01",
					"Schmidt & Söhne KG":       "id=22 owner=Anna Schmidt status=active since=2024-11-15",
				},
			},
			{
				// Opportunity.csv names accounts by id only. IsWon true:
				// account …BBBB1AAA 12000.00 + 2750.25 (a custom won stage)
				// = 14750.25; …BBBB2AAA 3500.50 (its duplicate is deleted);
				// Initech's has no amount. Lost: "Closed Lost" and "Closed -
				// No Decision" (IsClosed true, IsWon false). Open: the
				// renewal.
				file: "salesforce_opportunities.csv", kind: KindOrders, profile: "salesforce-opportunities",
				figures: map[string]string{"0015g00000BBBB1AAA": "14750.25 EUR", "0015g00000BBBB2AAA": "3500.50 EUR"},
				tally: []string{"2 lost opportunities not counted", "1 open opportunity not counted",
					"1 deleted opportunity not counted", "1 won opportunity without an amount not counted"},
			},
			{
				// A US user's report without a Won column: "Closed Won" is
				// won (and the summary says how it knew): Acme 12,000.00,
				// Globex 3,500.50, Initech 1,250.00; no currency column.
				// "Contract Signed" is nobody's standard stage. The footer
				// (Grand Totals, Confidential, Copyright) is no row.
				file: "salesforce_report_us.csv", kind: KindOrders, profile: "salesforce-opportunities-report",
				figures: map[string]string{"Acme Inc": "12000.00", "Globex Corporation": "3500.50", "Initech": "1250.00"},
				tally: []string{
					`3 won opportunities recognised by their stage "Closed Won" (the export has no IsWon or Won column)`,
					"1 lost opportunity not counted", "1 open opportunity not counted",
					`1 opportunity in stage "Contract Signed" not counted (not a stage known to be won; add the Won column to the report to have it counted if it was won)`},
			},
			{
				// A German-locale user's report with Won and Closed: 48.500,00
				// (a custom stage, Won 1) for Müller; 7.125,50 for Schmidt,
				// whose second won opportunity has no amount. Lost: Won 0,
				// Closed 1. Open: Won 0, Closed 0.
				file: "salesforce_report_de.csv", kind: KindOrders, profile: "salesforce-opportunities-report",
				figures: map[string]string{"Müller Maschinenbau GmbH": "48500.00", "Schmidt & Söhne KG": "7125.50"},
				tally: []string{"1 lost opportunity not counted", "1 open opportunity not counted",
					"1 won opportunity without an amount not counted"},
			},
			{
				// Account.csv: the owner is an id (the export has no
				// names); "www.acme.example" is acme.example; 40 and 1200
				// employees; CreatedDate in UTC. Initech (old) is in the
				// recycle bin.
				file: "salesforce_accounts.csv", kind: KindAccounts, profile: "salesforce-accounts",
				figures: map[string]string{
					"Acme Inc":           "id=0015g00000BBBB1AAA domain=acme.example industry=Technology size=10-49 employees region=United States owner=0055g00000CCCC1AAA status=active since=2024-11-02",
					"Globex Corporation": "id=0015g00000BBBB2AAA domain=globex.example industry=Manufacturing size=1000+ employees region=Germany owner=0055g00000CCCC2AAA status=active since=2024-12-15",
					"Hooli":              "id=0015g00000BBBB4AAA region=United States owner=0055g00000CCCC1AAA status=active since=2025-03-01",
				},
				tally: []string{"1 deleted account (in the recycle bin) left out"},
			},
		}...)
}

// crmFiles are the files each CRM profile must recognise, and no other.
var crmFiles = map[string][]string{
	"hubspot-deals":                   {"hubspot_deals.csv", "hubspot_deals_won.csv"},
	"hubspot-companies":               {"hubspot_companies.csv"},
	"pipedrive-deals":                 {"pipedrive_deals.csv"},
	"pipedrive-deals-de":              {"pipedrive_deals_de.csv"},
	"pipedrive-organizations":         {"pipedrive_organizations.csv"},
	"pipedrive-organizations-de":      {"pipedrive_organizations_de.csv"},
	"salesforce-opportunities":        {"salesforce_opportunities.csv"},
	"salesforce-opportunities-report": {"salesforce_report_us.csv", "salesforce_report_de.csv"},
	"salesforce-accounts":             {"salesforce_accounts.csv"},
}

// TestCRMProfilesRecogniseOnlyTheirFiles reads the head of every CSV file
// in testdata, the other tools' exports and the plain files alike, as each
// CRM profile: each must recognise its own files and no other, so that it
// never takes a file from another profile or from the generic reader.
func TestCRMProfilesRecogniseOnlyTheirFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/profiles/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := filepath.Glob("testdata/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, plain...)
	for _, name := range slices.Sorted(maps.Keys(crmFiles)) {
		ps := profilesNamed(KindOrders, name)
		if len(ps) == 0 {
			ps = profilesNamed(KindAccounts, name)
		}
		if len(ps) != 1 {
			t.Fatalf("profile %s: found %d", name, len(ps))
		}
		p := ps[0]
		for _, f := range files {
			head, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			used := Sniff(head, p.Kind, Options{File: f, Profile: p.Name}).Profile
			want := slices.Contains(crmFiles[name], filepath.Base(f)) && strings.Contains(f, "profiles")
			if got := used != nil; got != want {
				t.Errorf("%s recognises %s: %v, want %v", name, f, got, want)
			}
		}
	}
}

// TestHubSpotDealsNotAllRevenue is the error: a deals export read
// as a plain orders file (with the --maps it takes) sums every deal with an
// amount, lost and open ones too — 11015 + 5000 + 2400.5 + 8000 + 3500.5 +
// 1200 + 25000 + 960 + 4000 + 1500 = 62,576.00 — where the closed-won
// revenue is 11015 + 2400.5 + 3500.5 + 960 = 17,876.00.
func TestHubSpotDealsNotAllRevenue(t *testing.T) {
	total := func(opt Options) crm.Money {
		res, err := ReadOrders(mustOpen(t, "profiles/hubspot_deals.csv"), opt)
		if err != nil {
			t.Fatal(err)
		}
		var sum crm.Money
		for _, r := range res.Records {
			sum += r.Order.Amount
		}
		return sum
	}
	plain := total(Options{File: "hubspot_deals.csv", Profile: "none",
		Map: map[string]string{"Close Date": "date", "Associated Company": "customer", "Record ID": "invoice_id"}})
	if plain != cents(62576) {
		t.Errorf("read as a plain file: %s, want 62576.00 (every deal with an amount)", plain)
	}
	if got := total(Options{File: "hubspot_deals.csv"}); got != cents(17876) {
		t.Errorf("read as a HubSpot deals export: %s, want 17876.00 (won deals only)", got)
	}
}

// TestSalesforceReportIDs checks that a report's 15-character ids become
// the 18 characters of the object exports, so that its opportunities join
// the accounts of Account.csv: "001D000000Mm7qJ" gets "I" (the D, 4th of
// "001D0": 8), "A" (none of "00000") and "R" (M 1st and J 5th of "Mm7qJ":
// 1 + 16 = 17).
func TestSalesforceReportIDs(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "profiles/salesforce_report_de.csv"), Options{File: "salesforce_report_de.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 2 {
		t.Fatalf("%d records, want 2", len(res.Records))
	}
	r := res.Records[0]
	if r.Account.ExternalID != "001D000000Mm7qJIAR" || r.Order.ExternalID != "006D000000xY1AbIAK" || r.Line != 2 {
		t.Errorf("line %d: account %q, opportunity %q; want line 2, 001D000000Mm7qJIAR, 006D000000xY1AbIAK",
			r.Line, r.Account.ExternalID, r.Order.ExternalID)
	}
	if want := day(2025, 3, 14); !r.Order.OrderedAt.Equal(want) {
		t.Errorf("date %v, want 2025-03-14", r.Order.OrderedAt)
	}
}

func TestSalesforceID18(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// Gv7qJ: G (1st) and J (5th) are upper case, 1 + 16 = 17 = "R".
		{"0015000000Gv7qJ", "0015000000Gv7qJAAR"},
		// xY1Ab: Y (2nd) and A (4th), 2 + 8 = 10 = "K"; ABCDE: 31 = "5".
		{"ABCDE00000xY1Ab", "ABCDE00000xY1Ab5AK"},
		{"0015g00000BBBB1AAA", "0015g00000BBBB1AAA"}, // already 18
		{"0015g00000BBB-1", "0015g00000BBB-1"},       // not an id
		{"", ""},
	} {
		if got := salesforceID18(tc.in); got != tc.want {
			t.Errorf("salesforceID18(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSalesforceAccountDetails checks the fields the figures do not show:
// Type as the segment, AccountSource as the acquisition source.
func TestSalesforceAccountDetails(t *testing.T) {
	res, err := ReadAccounts(mustOpen(t, "profiles/salesforce_accounts.csv"), Options{File: "salesforce_accounts.csv"})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Records[0].Account
	if a.Name != "Acme Inc" || a.Segment != "Customer - Direct" || a.AcquisitionSource != "Web" {
		t.Errorf("%s: segment %q, source %q; want Acme Inc, Customer - Direct, Web", a.Name, a.Segment, a.AcquisitionSource)
	}
}

func TestSalesforceFooter(t *testing.T) {
	for _, tc := range []struct {
		cells []string
		want  bool
	}{
		{[]string{"Grand Totals (5700 records)"}, true},
		{[]string{"Grand Totals (5,700 records)", "", ""}, true},
		{[]string{"Grand Totals (1 record)"}, true},
		{[]string{"Confidential Information - Do Not Distribute"}, true},
		{[]string{"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."}, true},
		{[]string{"Copyright © 2000-2025 salesforce.com, inc. All rights reserved."}, true},
		{[]string{"Grand Totals (5700 records)", "12,000.00"}, false}, // more than one cell: a row
		{[]string{"Grand Totals (many records)"}, false},
		{[]string{"Grand Totals"}, false},
		{[]string{"Copyright (c) 2025 Acme Inc"}, false},
		{[]string{"Jane Doe", "Acme Inc"}, false},
	} {
		if got := salesforceFooter(tc.cells); got != tc.want {
			t.Errorf("salesforceFooter(%q) = %v, want %v", tc.cells, got, tc.want)
		}
	}
}

func TestSalesforceOutcome(t *testing.T) {
	for _, tc := range []struct {
		won, closed, stage string
		want               dealOutcome
		byStage            bool
	}{
		{"true", "true", "Signed (custom)", dealWon, false},
		{"1", "1", "Closed Won", dealWon, false},
		{"false", "true", "Closed - No Decision", dealLost, false},
		{"false", "", "Closed Lost", dealLost, false},
		{"false", "false", "Closed Lost", dealLost, false},
		{"0", "0", "Prospecting", dealOpen, false},
		{"", "", "Closed Won", dealWon, true},
		{"", "", "Closed Lost", dealLost, false},
		{"", "", "Needs Analysis", dealOpen, false},
		{"", "false", "Contract Signed", dealOpen, false},
		{"", "true", "Contract Signed", dealUnknown, false},
		{"", "", "Contract Signed", dealUnknown, false},
	} {
		got, byStage := salesforceOutcome(tc.won, tc.closed, tc.stage)
		if got != tc.want || byStage != tc.byStage {
			t.Errorf("salesforceOutcome(%q, %q, %q) = %v, %v; want %v, %v", tc.won, tc.closed, tc.stage, got, byStage, tc.want, tc.byStage)
		}
	}
}

func TestHubSpotStage(t *testing.T) {
	for _, tc := range []struct {
		stage string
		want  dealOutcome
	}{
		{"Closed Won", dealWon}, {"closedwon", dealWon}, {"Won", dealWon}, {"Gewonnen", dealWon},
		{"Closed Lost", dealLost}, {"closedlost", dealLost}, {"Verloren", dealLost},
		{"Contract Sent", dealOpen}, {"decisionmakerboughtin", dealOpen},
		{"Verbal commit", dealUnknown}, {"", dealUnknown}, {"Won - signed", dealUnknown},
	} {
		if got := hubspotStage(tc.stage); got != tc.want {
			t.Errorf("hubspotStage(%q) = %v, want %v", tc.stage, got, tc.want)
		}
	}
}

func TestPipedriveStatus(t *testing.T) {
	for _, tc := range []struct {
		status string
		want   dealOutcome
	}{
		{"Won", dealWon}, {"won", dealWon}, {"Gewonnen", dealWon},
		{"Lost", dealLost}, {"Verloren", dealLost},
		{"Open", dealOpen}, {"Offen", dealOpen},
		{"Deleted", dealDeleted}, {"Gelöscht", dealDeleted},
		{"", dealUnknown}, {"Pending", dealUnknown},
	} {
		if got := pipedriveStatusOf(tc.status); got != tc.want {
			t.Errorf("pipedriveStatusOf(%q) = %v, want %v", tc.status, got, tc.want)
		}
	}
}

// TestPipedriveUnknownStatus checks that a status the profile does not
// know fails its row, naming it, rather than being taken for any outcome.
func TestPipedriveUnknownStatus(t *testing.T) {
	const file = "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Won time,Deal - Organization\n" +
		"1,A,100,EUR,Won,2025-01-02 10:00:00,Acme\n" +
		"2,B,200,EUR,Pending,,Acme\n" +
		"3,C,300,EUR,Won,2025-01-03 10:00:00,\n"
	res, err := ReadOrders(strings.NewReader(file), Options{File: "deals.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []string{
		`deals.csv:3: Deal - Status: unknown status "Pending" (want Won, Lost or Open)`,
		`deals.csv:4: customer: won deal "C" has no organization and no contact person`,
	})
	if len(res.Records) != 1 || res.Records[0].Order.Amount != cents(100) {
		t.Errorf("records %+v, want deal 1 only", res.Records)
	}
}

// TestHubSpotDealWithoutStage checks that a deal whose stage is empty, in
// an export without "Is Closed Won", fails its row.
func TestHubSpotDealWithoutStage(t *testing.T) {
	const file = `"Record ID","Deal Name","Deal Stage","Close Date","Amount","Associated Company"` + "\n" +
		`"1","A","Closed Won","2025-01-02 10:00","100.0","Acme"` + "\n" +
		`"2","B","","2025-01-03 10:00","200.0","Acme"` + "\n"
	res, err := ReadOrders(strings.NewReader(file), Options{File: "deals.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []string{
		"deals.csv:3: Deal Stage: missing: without a stage a won deal cannot be told from a lost or open one",
	})
}

func TestEmployeeClass(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1", "1-9 employees"}, {"9", "1-9 employees"}, {"10", "10-49 employees"}, {"40.0", "10-49 employees"},
		{"49", "10-49 employees"}, {"50", "50-249 employees"}, {"249", "50-249 employees"},
		{"250", "250-999 employees"}, {"999", "250-999 employees"}, {"1000", "1000+ employees"},
		{"1,200", "1000+ employees"}, {"11-50", "11-50"}, {"0", "0"}, {"", ""}, {"many", "many"},
	} {
		if got := employeeClass(tc.in); got != tc.want {
			t.Errorf("employeeClass(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
