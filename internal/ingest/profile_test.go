package ingest

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// profileCases are the exports in testdata/profiles, each with the profile
// it must be read as and the figures its maker means: revenue per customer
// (orders), effort per customer (touchpoints), the accounts with their
// details, or the mentions. The figures were worked out by hand from the
// rows (see the comments at each case), not taken from the program.
var profileCases = []profileCase{
	{
		// Acme 120 + (80 − 30 refunded); Bravo's charges failed or were
		// refunded in full; Carla has no description, so her e-mail names
		// her.
		file: "stripe_payments.csv", kind: KindOrders, profile: "stripe-payments",
		figures: map[string]string{"Acme GmbH": "170.00 EUR", "carla@mail.example": "45.50 EUR"},
		tally: []string{"1 partly refunded payment counted net of the refund", "1 fully refunded payment not counted",
			"1 failed or uncaptured payment not counted"},
	},
	{
		// A German dashboard: decimal commas. Schmidt paid 310.40 CHF,
		// settled as 320.15 EUR, 10.73 EUR of it refunded: 309.42 EUR;
		// its 500.00 was lost in a dispute. Müller's second charge is a
		// test, its third never captured.
		file: "stripe_payments_de.csv", kind: KindOrders, profile: "stripe-payments",
		figures: map[string]string{"Müller Maschinenbau GmbH": "1250.00 EUR", "Schmidt & Söhne KG": "309.42 EUR"},
		tally: []string{"1 test-mode payment not counted", "1 partly refunded payment counted net of the refund",
			"1 payment lost in a dispute not counted", "1 failed or uncaptured payment not counted"},
	},
	{
		// The API's charges in minor units: 12000 cents is 120.00 EUR,
		// 5000 is ¥5,000 (yen have no minor unit), 12345 fils are
		// 12.345 KWD, 12.34 to the cent (half to even).
		file: "stripe_charges.csv", kind: KindOrders, profile: "stripe-charges",
		figures: map[string]string{"Acme GmbH": "170.00 EUR", "kaito@example.jp": "5000.00 JPY", "Gulf Trading": "12.34 KWD"},
		tally: []string{"1 partly refunded payment counted net of the refund", "1 fully refunded payment not counted",
			"1 failed or uncaptured payment not counted"},
	},
	{
		// The first 30 transactions of CDNOW_master.txt as lifetimes ships
		// it (a header, leading spaces, runs of spaces, CRLF); the sums
		// per customer are awk's: awk '{s[$1]+=$4} END {…}'.
		file: "cdnow_master_head.txt", kind: KindOrders, profile: "cdnow",
		figures: cdnowHead,
	},
	{
		// The same lines as Fader and Hardie published them: no header.
		file: "cdnow_master_published.txt", kind: KindOrders, profile: "cdnow",
		figures: cdnowHead,
	},
}

// cdnowHead are the revenues of the customers of the first 30 lines of
// CDNOW_master.txt; customer 00002 bought twice on 1997-01-12.
var cdnowHead = map[string]string{"00001": "11.77", "00002": "89.00", "00003": "156.46", "00004": "100.50",
	"00005": "385.61", "00006": "20.99", "00007": "264.67", "00008": "23.74"}

// profileCase is one export with what it must give.
type profileCase = struct {
	file    string
	kind    Kind
	profile string            // the profile recognised from the header
	figures map[string]string // see readProfiled
	tally   []string          // what the profile left out or changed
}

func TestProfiles(t *testing.T) {
	if err := checkProfiles(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range profileCases {
		t.Run(tc.file, func(t *testing.T) {
			opt := Options{File: tc.file}
			got, used, tally, errs := readProfiled(t, tc.kind, "testdata/profiles/"+tc.file, opt)
			if len(errs) > 0 {
				t.Fatalf("errors: %q", errorStrings(errs))
			}
			if used == nil || used.Name != tc.profile {
				t.Errorf("read as %+v, want profile %s", used, tc.profile)
			}
			if !maps.Equal(got, tc.figures) {
				t.Errorf("figures:\n got  %v\n want %v", got, tc.figures)
			}
			var ts []string
			for _, x := range tally {
				ts = append(ts, x.String())
			}
			if !slices.Equal(ts, tc.tally) {
				t.Errorf("tally:\n got  %q\n want %q", ts, tc.tally)
			}
		})
	}
}

// readProfiled reads file as kind and returns its figures (see figuresOf).
func readProfiled(t *testing.T, kind Kind, file string, opt Options) (map[string]string, *ProfileUsed, []Tally, crm.RowErrors) {
	t.Helper()
	f := mustOpen(t, strings.TrimPrefix(file, "testdata/"))
	switch kind {
	case KindOrders:
		res, err := ReadOrders(f, opt)
		if err != nil {
			t.Fatal(err)
		}
		return orderFigures(t, res.Records), res.Profile, res.Tally, res.Errors
	case KindTouchpoints:
		res, err := ReadTouchpoints(f, opt)
		if err != nil {
			t.Fatal(err)
		}
		return touchpointFigures(res.Records), res.Profile, res.Tally, res.Errors
	case KindAccounts:
		res, err := ReadAccounts(f, opt)
		if err != nil {
			t.Fatal(err)
		}
		return accountFigures(res.Records), res.Profile, res.Tally, res.Errors
	case KindMentions:
		res, err := ReadMentions(f, opt)
		if err != nil {
			t.Fatal(err)
		}
		return mentionFigures(res.Records), res.Profile, res.Tally, res.Errors
	}
	t.Fatalf("no figures for %s", kind)
	return nil, nil, nil, nil
}

// refKey names an account as a person would: its name, else its e-mail,
// else its id.
func refKey(r crm.AccountRef) string {
	switch {
	case r.Name != "":
		return r.Name
	case r.Email != "":
		return r.Email
	}
	return r.ExternalID
}

// orderFigures is the revenue of each customer, "170.00 EUR", summed in
// cents ("11.77" without a currency).
func orderFigures(t *testing.T, recs []crm.OrderRecord) map[string]string {
	sum := map[string]crm.Money{}
	cur := map[string]string{}
	for _, r := range recs {
		k := refKey(r.Account)
		if c, ok := cur[k]; ok && c != r.Order.Currency {
			t.Errorf("line %d: %s pays in %s and %s", r.Line, k, c, r.Order.Currency)
		}
		sum[k] += r.Order.Amount
		cur[k] = r.Order.Currency
	}
	out := map[string]string{}
	for k, v := range sum {
		out[k] = strings.TrimSpace(v.String() + " " + cur[k])
	}
	return out
}

// touchpointFigures is the effort of each customer in minutes, with the
// number of touchpoints: "3 × 95.5 min".
func touchpointFigures(recs []crm.TouchpointRecord) map[string]string {
	n := map[string]int{}
	sum := map[string]float64{}
	for _, r := range recs {
		k := refKey(r.Account)
		n[k]++
		sum[k] += r.Touchpoint.EffortMinutes
	}
	out := map[string]string{}
	for k := range n {
		out[k] = fmt.Sprintf("%d × %g min", n[k], sum[k])
	}
	return out
}

// accountFigures is each account's details: "id=42 domain=acme.example
// owner=… region=… since=2024-01-31".
func accountFigures(recs []crm.AccountRecord) map[string]string {
	out := map[string]string{}
	for _, r := range recs {
		a := r.Account
		var b strings.Builder
		for _, kv := range [][2]string{{"id", a.ExternalID}, {"domain", a.Domain}, {"industry", a.Industry},
			{"size", a.SizeClass}, {"region", a.Region}, {"owner", a.Owner}, {"status", a.Status}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "%s=%s ", kv[0], kv[1])
			}
		}
		if !a.AcquiredAt.IsZero() {
			fmt.Fprintf(&b, "since=%s ", a.AcquiredAt.Format("2006-01-02"))
		}
		out[a.Name] = strings.TrimSpace(b.String())
	}
	return out
}

// mentionFigures is each mention by its id: "twitter @handle 2026-01-05".
func mentionFigures(recs []crm.MentionRecord) map[string]string {
	out := map[string]string{}
	for _, r := range recs {
		m := r.Mention
		out[m.ExternalID] = strings.TrimSpace(fmt.Sprintf("%s %s %s", m.Platform, m.AuthorHandle, m.PostedAt.UTC().Format("2006-01-02")))
	}
	return out
}

// TestPlainFilesAreNoToolsExport: the plain test files are read as
// themselves, not as some tool's export, whatever kind they are read as.
func TestPlainFilesAreNoToolsExport(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, f := range files {
		head, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range Kinds() {
			if p := Sniff(head, kind, Options{}).Profile; p != nil {
				t.Errorf("%s as %s: read as %s", f, kind, p.Name)
			}
		}
	}
}
