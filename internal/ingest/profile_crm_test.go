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
				figures: map[string]string{"Acme Inc": "13415.50 ", "Globex Corporation": "3500.50 ", "Umbrella GmbH": "960.00 "},
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
		}...)
}

// crmFiles are the files each CRM profile must recognise, and no other.
var crmFiles = map[string][]string{
	"hubspot-deals":              {"hubspot_deals.csv", "hubspot_deals_won.csv"},
	"hubspot-companies":          {"hubspot_companies.csv"},
	"pipedrive-deals":            {"pipedrive_deals.csv"},
	"pipedrive-deals-de":         {"pipedrive_deals_de.csv"},
	"pipedrive-organizations":    {"pipedrive_organizations.csv"},
	"pipedrive-organizations-de": {"pipedrive_organizations_de.csv"},
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
			used := ProfileOf(head, p.Kind, Options{File: f, Profile: p.Name})
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
// TestSalesforceAccountDetails checks the fields the figures do not show:
// Type as the segment, AccountSource as the acquisition source.
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
