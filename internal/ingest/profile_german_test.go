package ingest

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The German accounting exports: DATEV's Buchungsstapel and
// Debitoren/Kreditoren (Windows-1252, line 1 the EXTF/DTVF format header),
// lexoffice and sevDesk. Every file is synthetic, written for vitalfew in
// the layout of the export; the figures are worked out by hand below.
func init() {
	profileCases = append(profileCases, []profileCase{{
		// Format 700, SKR03 (header field 27 "03"), Jan–Feb 2026.
		// Net = gross − VAT, VAT = gross × rate / (100 + rate):
		//  l3  1190.00 S 10001/8400 → 1190 − 190 = +1000.00
		//  l4   535.00 S 10002/8300 →  535 −  35 =  +500.00
		//  l5   238.00 H 10001/8400 →  238 −  38 =  −200.00 (credit note)
		//  l6  1190.00 S 1200/10001 → payment, not counted
		//  l7   595.00 H 8400/10003 →  595 −  95 =  +500.00 (revenue account on Konto: H is the invoice)
		//  l8   357.00 S 10003/8400, date "502" → 357 − 57 = +300.00
		//  l9  2000 S 10004/8120 (tax-free, no key) → +2000.00 as booked
		//  l10  524.30 S 1200/10002 with Skonto 10.70 → payment, not counted
		//  l11  119.00 S 1000/8400 → cash sale, no customer, not counted
		//  l12  476.00 S 4210/1200 (rent; 4xxx is no revenue in SKR03), l13 70001/3400 (supplier) → not counted
		//  l14 1428.00 S 10005/8200 BU 3 (19 %) → 1428 − 228 = +1200.00
		//  l15  119.00 H 10005/8400 BU 20 (Generalumkehr) → 119 − 19 = −100.00
		//  l16  238.00 CHF, Basis-Umsatz 250.00 EUR, 10004/8120 → +250.00 EUR
		// 10001: 1000 − 200 = 800; 10002: 500; 10003: 500 + 300 = 800;
		// 10004: 2000 + 250 = 2250; 10005: 1200 − 100 = 1100.
		file: "datev_buchungsstapel_700.csv", kind: KindOrders, profile: "datev-buchungsstapel",
		figures: map[string]string{"Debitor 10001": "800.00 EUR", "Debitor 10002": "500.00 EUR",
			"Debitor 10003": "800.00 EUR", "Debitor 10004": "2250.00 EUR", "Debitor 10005": "1100.00 EUR"},
		tally: []string{
			"7 revenue bookings counted net of VAT (automatic VAT account or tax key)",
			"1 booking of a customer account against a non-revenue account (a payment) not counted",
			"2 revenue bookings without a known VAT rate (no automatic VAT account, no tax key) counted as booked",
			"1 payment with a cash discount (Skonto) not counted; the discount is not deducted from revenue",
			"1 revenue booking without a customer account (a cash sale) not counted",
			"2 bookings without a customer or revenue account (costs, suppliers, transfers) not counted",
			"1 foreign-currency booking counted at its amount in the base currency (Basis-Umsatz)",
		},
	}, {
		// Format 510 (116 columns), no chart in the header: SKR04's
		// 4400 (19 %) and 4300 (7 %) are read as revenue. Fiscal year
		// from 1 July, batch 1 Nov 2025 – 31 Jan 2026:
		//  l3  2380.00 S 10010/4400 → 2380 − 380 = +2000.00
		//  l4   107.00 S 10011/4300 →  107 −   7 =  +100.00
		//  l5   595.00 H 4400/10010 →  595 −  95 =  +500.00
		//  l6   119.00 S 4400/10011 →  119 −  19 =  −100.00 (S on the revenue account: a credit)
		//  l7  payment 1800/10010, l8 rent 6310/1800 → not counted
		//  l9    59.50 S 10011/4400, 3 Feb: after the range → 59.50 − 9.50 = +50.00
		// 10010: 2000 + 500 = 2500; 10011: 100 − 100 + 50 = 50.
		file: "datev_buchungsstapel_510.csv", kind: KindOrders, profile: "datev-buchungsstapel",
		figures: map[string]string{"Debitor 10010": "2500.00 EUR", "Debitor 10011": "50.00 EUR"},
		tally: []string{
			"5 revenue bookings counted net of VAT (automatic VAT account or tax key)",
			"1 booking of a customer account against a non-revenue account (a payment) not counted",
			"1 booking without a customer or revenue account (costs, suppliers, transfers) not counted",
			"1 booking dated outside the batch's date range; its year was taken from the range",
		},
	}, {
		// Names by Adressattyp: the company; Anna Berg a person
		// (first name first); Weiß Beratung "keine Angabe"; Kiosk Nord
		// only a short name. 70001 and 70002 are suppliers.
		file: "datev_debitoren_700.csv", kind: KindAccounts, profile: "datev-debitoren",
		figures: map[string]string{
			"Müller Gartenbau GmbH": "id=10001 domain=mueller-gartenbau.example region=DE status=active",
			"Anna Berg":             "id=10002 region=DE status=active",
			"Schulz & Co. KG":       "id=10003 region=DE status=active",
			"Zürcher Uhrenteile AG": "id=10004 domain=uhrenteile.example region=CH status=active",
			"Weiß Beratung":         "id=10005 status=active",
			"Kiosk Nord":            "id=10006 region=DE status=active",
		},
		tally: []string{"2 supplier accounts (Kreditoren) left out"},
	}, {
		// DTVF, DATEV's spelling "Adressatentyp", account length 5:
		// customers 100000–699999, 700010 a supplier. Köhler is a
		// person (type 1) though a company name is filled in too.
		file: "datev_debitoren_dtvf.csv", kind: KindAccounts, profile: "datev-debitoren",
		figures: map[string]string{
			"Bäckerei Kühn e.K.": "id=100010 domain=baeckerei-kuehn.example region=DE status=active",
			"Jörg Köhler":        "id=100011 region=AT status=active",
		},
		tally: []string{"1 supplier account (Kreditor) left out"},
	}, {
		// Netto: Müller 1000.00 − 200.00 (Rechnungskorrektur, written
		// negative) = 800.00; Berg 500.00 open; Schulz 500.00 storniert
		// left out, 1250.00 overdue counted; Weber a draft; the
		// Sammelkunde 84.03.
		file: "lexoffice.csv", kind: KindOrders, profile: "lexoffice",
		figures: map[string]string{"Müller Gartenbau GmbH": "800.00 EUR", "Anna Berg": "500.00 EUR",
			"Schulz & Co. KG": "1250.00 EUR", "Sammelkunde": "84.03 EUR"},
		tally: []string{"1 cancelled invoice (storniert) not counted", "1 draft not counted",
			"1 invoice to the collective customer (Sammelkunde) counted as one customer"},
	}, {
		// With a voucher type: Müller 400.00 − 150.00 (Rechnungskorrektur
		// written positive) = 250.00; Berg 250.00 ("in Prüfung", counted
		// and named) + 1000.00 ("1.000" after a rewritten row is a
		// thousand) = 1250.00.
		file: "lexoffice_belegtyp.csv", kind: KindOrders, profile: "lexoffice",
		figures: map[string]string{"Müller Gartenbau GmbH": "250.00 EUR", "Anna Berg": "1250.00 EUR"},
		tally:   []string{"1 credit note (Rechnungskorrektur) counted negative", `1 invoice with the status "in Prüfung" counted`},
	}, {
		// Betrag netto: Müller 1000.00 − 120.00 (Gutschrift, written
		// positive) = 880.00; Berg 500.00 + 200.00 (Abschlagsrechnung) =
		// 700.00; Schulz: RE-1003 Storniert and its Stornorechnung
		// SR-1003 both left out (zero, not −500), RE-1004 450.00;
		// Weber a draft. Windows-1252.
		file: "sevdesk.csv", kind: KindOrders, profile: "sevdesk",
		figures: map[string]string{"Müller Gartenbau GmbH": "880.00 EUR", "Anna Berg": "700.00 EUR",
			"Schulz & Co. KG": "450.00 EUR"},
		tally: []string{"1 cancelled invoice (Storniert) not counted",
			"1 cancellation invoice (Stornorechnung) not counted; its invoice is left out as cancelled",
			"1 credit note (Gutschrift, Rechnungskorrektur) counted negative", "1 draft not counted",
			"1 advance or partial invoice counted; its final invoice is taken to deduct it"},
	},
	}...)
}

// TestDatevDates checks the days the bookings of the test files get: TTMM
// with the year that puts them in the batch's range, across the new year.
// An order is a document's bookings of one day.
func TestDatevDates(t *testing.T) {
	for file, want := range map[string][]string{
		"datev_buchungsstapel_700.csv": {"RE-2026-001/2026-01-15", "GS-2026-001/2026-02-03", "RE-2026-003/2026-02-10",
			"RE-2026-004/2026-02-05", "RE-2026-005/2026-02-12",
			// The invoice of 26 Feb and its Generalumkehr of 27 Feb.
			"RE-2026-006/2026-02-26", "RE-2026-006/2026-02-27"},
		"datev_buchungsstapel_510.csv": {"R-1107/2025-11-15", "R-1108/2026-01-05", "R-1109/2025-12-20",
			"K-1108/2025-12-31", "R-1201/2026-02-03"},
	} {
		res, err := ReadOrders(mustOpen(t, "profiles/"+file), Options{File: file})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range res.Records {
			got[r.Order.ExternalID] = r.Order.OrderedAt.Format(time.DateOnly)
		}
		for _, id := range want {
			if _, day, _ := strings.Cut(id, "/"); got[id] != day {
				t.Errorf("%s: no order %s dated %s (got %v)", file, id, day, got)
			}
		}
	}
}

func TestDatevDate(t *testing.T) {
	jan := extfHeader{from: day(2026, 1, 1), to: day(2026, 2, 28)}
	crossing := extfHeader{from: day(2025, 11, 1), to: day(2026, 1, 31)}
	fiscal := extfHeader{fyStart: day(2025, 7, 1)} // no batch range: the fiscal year
	for _, tc := range []struct {
		s       string
		h       extfHeader
		want    string // "" for an error
		outside bool
	}{
		{"0503", jan, "2026-03-05", true},
		{"503", jan, "2026-03-05", true},
		{"1501", jan, "2026-01-15", false},
		{"2902", jan, "", false}, // 2026 is no leap year
		{"1511", crossing, "2025-11-15", false},
		{"0501", crossing, "2026-01-05", false},
		{"0302", crossing, "2026-02-03", true},
		{"3110", crossing, "2025-10-31", true},
		{"0106", fiscal, "2026-06-01", false},
		{"0107", fiscal, "2025-07-01", false},
		{"15012026", jan, "2026-01-15", false},
		{"15012025", jan, "2025-01-15", true},
		{"1501", extfHeader{}, "", false}, // no year anywhere
		{"3201", jan, "", false},
		{"15.01.", jan, "", false},
		{"15", jan, "", false},
		{"", jan, "", false},
	} {
		got, outside, err := datevDate(tc.s, tc.h)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%q: got %s, want an error", tc.s, got.Format(time.DateOnly))
		case tc.want != "" && err != nil:
			t.Errorf("%q: %v", tc.s, err)
		case tc.want != "" && (got.Format(time.DateOnly) != tc.want || outside != tc.outside):
			t.Errorf("%q: got %s outside=%v, want %s outside=%v", tc.s, got.Format(time.DateOnly), outside, tc.want, tc.outside)
		}
	}
}

func TestDatevAccounts(t *testing.T) {
	for _, tc := range []struct {
		n, digits int
		skr       string
		kind      int
		revenue   bool
		rate      int
	}{
		{8400, 4, "03", accountGL, true, 19},
		{8300, 4, "", accountGL, true, 7},
		{8120, 4, "03", accountGL, true, 0},
		{4400, 4, "03", accountGL, false, 0}, // SKR03: costs
		{4400, 4, "04", accountGL, true, 19},
		{4300, 4, "", accountGL, true, 7},
		{8400, 4, "04", accountGL, false, 0}, // SKR04: not revenue
		{1200, 4, "03", accountGL, false, 0},
		{84000, 5, "03", accountGL, true, 19}, // five-digit G/L accounts
		{10001, 4, "03", accountDebitor, false, 0},
		{69999, 4, "03", accountDebitor, false, 0},
		{70000, 4, "03", accountKreditor, false, 0},
		{84000, 4, "", accountKreditor, false, 0},
		{100010, 5, "03", accountDebitor, false, 0},
		{1000000, 4, "", accountOther, false, 0},
	} {
		if k := datevAccountKind(tc.n, tc.digits); k != tc.kind {
			t.Errorf("%d (%d digits): kind %d, want %d", tc.n, tc.digits, k, tc.kind)
		}
		if rev, rate := datevRevenue(tc.n, tc.digits, tc.skr); rev != tc.revenue || rate != tc.rate {
			t.Errorf("%d (SKR%q): revenue %v at %d %%, want %v at %d %%", tc.n, tc.skr, rev, rate, tc.revenue, tc.rate)
		}
	}
}

func TestDatevClassify(t *testing.T) {
	skr03 := extfHeader{digits: 4, skr: "03"}
	none := extfHeader{digits: 4} // no chart in the header
	for _, tc := range []struct {
		konto, gegen int
		skonto       bool
		h            extfHeader
		debitor      int
		flag         string
		why          *Reason
	}{
		{10001, 8400, false, skr03, 10001, "S", nil},
		{8400, 10003, false, skr03, 10003, "H", nil},
		{10001, 4400, false, skr03, 0, "", datevPayment}, // SKR03 4400 is a cost
		{10001, 4400, false, none, 10001, "S", nil},      // a customer against 4xxx: SKR04 revenue
		{4400, 10001, false, none, 10001, "H", nil},
		{1200, 10001, false, skr03, 0, "", datevPayment},
		{1200, 10001, true, skr03, 0, "", datevSkonto},
		{10001, 10002, false, skr03, 0, "", datevPayment},
		{1000, 8400, false, skr03, 0, "", datevCashSale},
		{8400, 1000, false, none, 0, "", datevCashSale},
		{1600, 4400, false, extfHeader{digits: 4, skr: "04"}, 0, "", datevCashSale},
		{4210, 1200, false, none, 0, "", datevOther}, // without a customer, 4xxx may be SKR03's rent
		{70001, 3400, false, skr03, 0, "", datevOther},
		{70001, 8400, false, skr03, 0, "", datevCashSale},
	} {
		debitor, _, flag, why := datevClassify(tc.konto, tc.gegen, tc.skonto, tc.h)
		if debitor != tc.debitor || flag != tc.flag || why != tc.why {
			t.Errorf("%d/%d (SKR%q): %d %q %v, want %d %q %v", tc.konto, tc.gegen, tc.h.skr, debitor, flag, why, tc.debitor, tc.flag, tc.why)
		}
	}
}

func TestDatevTax(t *testing.T) {
	for _, tc := range []struct {
		bu   string
		auto int
		rate int
		ok   bool
	}{
		{"", 19, 19, true}, {"", 0, 0, true}, {"3", 0, 19, true}, {"2", 0, 7, true}, {"1", 19, 0, true},
		{"5", 0, 16, true}, {"20", 19, 19, true}, {"23", 0, 19, true}, {"40", 19, 0, true}, {"80", 19, 0, true},
		{"9", 0, 0, false}, {"43", 19, 0, false}, {"13", 0, 0, false}, {"101", 0, 0, false}, {"x", 0, 0, false},
	} {
		if rate, ok := datevTaxRate(tc.bu, tc.auto); rate != tc.rate || ok != tc.ok {
			t.Errorf("BU %q on a %d %% account: %d %% %v, want %d %% %v", tc.bu, tc.auto, rate, ok, tc.rate, tc.ok)
		}
	}
	for _, tc := range []struct {
		gross crm.Money
		rate  int
		vat   crm.Money
	}{
		{119000, 19, 19000}, {53500, 7, 3500}, {100, 19, 16}, {-100, 19, -16}, {1, 19, 0}, {3, 19, 0},
		{6, 19, 1}, // 0.957… cents
		{5950, 19, 950}, {10000, 0, 0},
	} {
		if got := vatOf(tc.gross, tc.rate); got != tc.vat {
			t.Errorf("VAT in %s at %d %%: %s, want %s", tc.gross, tc.rate, got, tc.vat)
		}
	}
}

// TestGermanFilesKeepTheirReading checks that no profile takes a file that
// is not its tool's: the generic German test files read as before, and
// each export is recognised only as its own kind.
func TestGermanFilesKeepTheirReading(t *testing.T) {
	for _, tc := range []struct {
		file string
		kind Kind
		want string // "" for no profile
	}{
		{"orders_datev.csv", KindOrders, ""},
		{"accounts_de.csv", KindAccounts, ""},
		{"orders_datev.csv", KindAccounts, ""},
		{"profiles/datev_buchungsstapel_700.csv", KindAccounts, ""},
		{"profiles/datev_buchungsstapel_510.csv", KindOrders, "datev-buchungsstapel"},
		{"profiles/datev_debitoren_700.csv", KindOrders, ""},
		{"profiles/datev_debitoren_dtvf.csv", KindAccounts, "datev-debitoren"},
		{"profiles/lexoffice.csv", KindOrders, "lexoffice"},
		{"profiles/lexoffice.csv", KindAccounts, ""},
		{"profiles/sevdesk.csv", KindOrders, "sevdesk"},
		{"profiles/stripe_payments_de.csv", KindOrders, "stripe-payments"},
	} {
		head, err := os.ReadFile("testdata/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if p := Sniff(head, tc.kind, Options{File: tc.file}).Profile; p != nil {
			got = p.Name
		}
		if got != tc.want {
			t.Errorf("%s as %s: read as %q, want %q", tc.file, tc.kind, got, tc.want)
		}
	}
	// The generic German orders file still reads as it did.
	res, err := ReadOrders(mustOpen(t, "orders_datev.csv"), Options{File: "orders_datev.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile != nil || len(res.Records) != 4 || res.Tally != nil {
		t.Errorf("orders_datev.csv: profile %v, %d records, tally %v", res.Profile, len(res.Records), res.Tally)
	}
}

// TestDatevChosen checks --source: "datev" picks the export of the kind,
// and a file that is none is refused with what it lacks.
func TestDatevChosen(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "profiles/datev_buchungsstapel_700.csv"), Options{File: "b.csv", Profile: "datev"})
	if err != nil || res.Profile == nil || res.Profile.Name != "datev-buchungsstapel" {
		t.Fatalf("--source datev: %v %+v", err, res)
	}
	_, err = ReadOrders(mustOpen(t, "orders_datev.csv"), Options{File: "o.csv", Profile: "datev"})
	if err == nil || crm.ErrorCode(err) != crm.EINVALID {
		t.Errorf("a plain file as DATEV: %v", err)
	}
}

// TestDatevWithoutHeaderLine checks that bookings without the format
// header, and so without a year, are refused with why, not dated at random.
func TestDatevWithoutHeaderLine(t *testing.T) {
	data, err := os.ReadFile("testdata/profiles/datev_buchungsstapel_700.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := bytes.Cut(data, []byte("\r\n"))
	res, err := ReadOrders(bytes.NewReader(rest), Options{File: "b.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 0 || len(res.Errors) != 9 {
		t.Fatalf("%d records, %d errors, want 0 and 9 (one per revenue booking)", len(res.Records), len(res.Errors))
	}
	if e := res.Errors[0]; e.Line != 2 || e.Field != "date" {
		t.Errorf("first error: %v", e)
	}
}
