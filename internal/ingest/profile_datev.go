package ingest

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// DATEV's exchange format (EXTF, or DTVF when a DATEV program wrote it):
// the Buchungsstapel (category 21, bookings) and the Debitoren/Kreditoren
// master data (category 16). Line 1 is the format header, not the column
// names: it holds the G/L account length, the fiscal year's start, the
// batch's date range, its currency and the chart of accounts (SKR). The
// files are Windows-1252 with semicolons and decimal commas; readTable
// decodes them.
//
// A booking's amount is always positive and its Soll/Haben flag is
// relative to Konto. Revenue is what a customer was invoiced: a booking
// between a customer account (Debitor) and a revenue account, either way
// round. Debitor debited (S on Konto = Debitor, or H on Konto = revenue
// account) is an invoice, credited a credit note. A Generalumkehr (BU key
// 2x) is entered with the flag of the booking it cancels reversed, so the
// flag gives its sign too. Payments (bank or cash against the Debitor),
// cash sales without a Debitor and every other booking are left out and
// counted. On the automatic VAT accounts the amount is gross (SKR03 8400
// and SKR04 4400 with 19 %, 8300 and 4300 with 7 %), as it is with a tax
// key; revenue is counted net of the VAT. The bookings of one document
// number (Belegfeld 1) on one day are one order, "RE-17/2026-01-15": the
// number comes back on the corrections of later days.

var (
	datevPayment = &Reason{"booking of a customer account against a non-revenue account (a payment) not counted",
		"bookings of customer accounts against non-revenue accounts (payments) not counted"}
	datevSkonto = &Reason{"payment with a cash discount (Skonto) not counted; the discount is not deducted from revenue",
		"payments with a cash discount (Skonto) not counted; the discounts are not deducted from revenue"}
	datevCashSale = &Reason{"revenue booking without a customer account (a cash sale) not counted",
		"revenue bookings without a customer account (cash sales) not counted"}
	datevOther = &Reason{"booking without a customer or revenue account (costs, suppliers, transfers) not counted",
		"bookings without a customer or revenue account (costs, suppliers, transfers) not counted"}
	datevNet = &Reason{"revenue booking counted net of VAT (automatic VAT account or tax key)",
		"revenue bookings counted net of VAT (automatic VAT account or tax key)"}
	datevNoRate = &Reason{"revenue booking without a known VAT rate (no automatic VAT account, no tax key) counted as booked",
		"revenue bookings without a known VAT rate (no automatic VAT account, no tax key) counted as booked"}
	datevForeign = &Reason{"foreign-currency booking counted at its amount in the base currency (Basis-Umsatz)",
		"foreign-currency bookings counted at their amount in the base currency (Basis-Umsatz)"}
	datevOutside = &Reason{"booking dated outside the batch's date range; its year was taken from the range",
		"bookings dated outside the batch's date range; their year was taken from the range"}
	datevKreditor = &Reason{"supplier account (Kreditor) left out", "supplier accounts (Kreditoren) left out"}
)

// The header names the DATEV profiles read.
const (
	datevKonto   = "Konto"
	datevGegen   = "Gegenkonto (ohne BU-Schlüssel)"
	datevSH      = "Soll/Haben-Kennzeichen"
	datevBU      = "BU-Schlüssel"
	datevBasis   = "Basis-Umsatz"
	datevBasisCy = "WKZ Basis-Umsatz"
	datevSkontoC = "Skonto"
)

// datevNames are the name columns of the master data, in both spellings
// DATEV's writers use ("Adressatentyp" in DATEV's field documentation,
// "Adressattyp" in many others).
var datevNames = struct{ company, person, first, none, kind [2]string }{
	company: [2]string{"Name (Adressatentyp Unternehmen)", "Name (Adressattyp Unternehmen)"},
	person:  [2]string{"Name (Adressatentyp natürl. Person)", "Name (Adressattyp natürl. Person)"},
	first:   [2]string{"Vorname (Adressatentyp natürl. Person)", "Vorname (Adressattyp natürl. Person)"},
	none:    [2]string{"Name (Adressatentyp keine Angabe)", "Name (Adressattyp keine Angabe)"},
	kind:    [2]string{"Adressatentyp", "Adressattyp"},
}

func init() {
	n := datevNames
	profiles = append(profiles,
		&Profile{
			Name: "datev-buchungsstapel", Tool: "DATEV Buchungsstapel (EXTF bookings)", Kind: KindOrders,
			Verified: VerifiedReal, // DATEV's demo EXTF_Buchungsstapel.csv (format 510); 700 as documented
			Match:    []string{"Umsatz (ohne Soll/Haben-Kz)", datevSH, datevKonto, datevGegen, "Belegdatum"},
			Columns: map[string]string{
				"Umsatz (ohne Soll/Haben-Kz)": "amount", "WKZ Umsatz": "currency",
				"Belegdatum": "date", "Belegfeld 1": "invoice_id",
			},
			Keep:       []string{datevSH, datevKonto, datevGegen, datevBU, datevBasis, datevBasisCy, datevSkontoC},
			Sets:       []string{"customer_id", "customer", "currency"},
			DateFormat: DateISO,
			Decimal:    DecimalComma,
			Rows:       datevBookings,
		},
		&Profile{
			Name: "datev-debitoren", Tool: "DATEV Debitoren/Kreditoren (EXTF master data)", Kind: KindAccounts,
			Verified: VerifiedDocs, // the heading as several independent writers give it, in two spellings
			Match:    []string{datevKonto, "Unternehmensgegenstand", "Kurzbezeichnung"},
			Columns: map[string]string{
				datevKonto: "customer_id", "E-Mail": "email", "Internet": "domain", "Land": "region",
			},
			Keep: []string{n.company[0], n.company[1], n.person[0], n.person[1], n.first[0], n.first[1],
				n.none[0], n.none[1], n.kind[0], n.kind[1], "Kurzbezeichnung"},
			Sets: []string{"name"},
			Rows: datevDebitors,
		},
	)
}

// extfHeader is what the format header (line 1) of a DATEV file says.
type extfHeader struct {
	digits   int       // Sachkontenlänge: G/L accounts have this many digits, personal accounts one more
	fyStart  time.Time // Wirtschaftsjahresbeginn
	from, to time.Time // the batch's date range (Datum vom, Datum bis)
	currency string    // WKZ
	skr      string    // the chart of accounts: "03", "04", or "" when not said
}

// readEXTF reads the format header among the preamble lines: the last
// that begins with EXTF or DTVF. Fields are by position (1-based): 13
// fiscal year start, 14 account length, 15–16 date range (all YYYYMMDD),
// 22 currency, 27 chart of accounts.
func readEXTF(preamble [][]string) extfHeader {
	h := extfHeader{digits: 4}
	for _, cells := range preamble {
		if len(cells) == 0 || (cells[0] != "EXTF" && cells[0] != "DTVF") {
			continue
		}
		field := func(n int) string {
			if n <= len(cells) {
				return strings.TrimSpace(cells[n-1])
			}
			return ""
		}
		h = extfHeader{digits: 4, currency: field(22)}
		if d, err := strconv.Atoi(field(14)); err == nil && d >= 4 && d <= 8 {
			h.digits = d
		}
		h.fyStart, h.from, h.to = extfDate(field(13)), extfDate(field(15)), extfDate(field(16))
		switch field(27) {
		case "03", "3":
			h.skr = "03"
		case "04", "4":
			h.skr = "04"
		}
	}
	return h
}

// extfDate reads a YYYYMMDD date of the format header; zero if it is none.
func extfDate(s string) time.Time {
	if len(s) != 8 || strings.Trim(s, "0123456789") != "" {
		return time.Time{}
	}
	t, _ := ymd(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]))
	return t
}

// span is the range the dates of the file fall in: the batch's dates, else
// the fiscal year from its start; ok is false when the header gives neither.
func (h extfHeader) span() (lo, hi time.Time, ok bool) {
	switch {
	case !h.from.IsZero() && !h.to.IsZero() && !h.to.Before(h.from):
		return h.from, h.to, true
	case !h.fyStart.IsZero():
		return h.fyStart, h.fyStart.AddDate(1, 0, -1), true
	}
	return time.Time{}, time.Time{}, false
}

// datevDate reads a Belegdatum: TTMM ("0503", or "503" with the leading
// zero dropped), the year taken so that the day falls within the batch's
// range (a fiscal year may cross the new year), or TTMMJJJJ. outside says
// that no year puts it in the range; it then gets the year that brings it
// nearest.
func datevDate(s string, h extfHeader) (day time.Time, outside bool, err error) {
	if s == "" {
		return time.Time{}, false, fmt.Errorf("missing")
	}
	if strings.Trim(s, "0123456789") != "" {
		return time.Time{}, false, fmt.Errorf("not a date (TTMM): %q", s)
	}
	lo, hi, known := h.span()
	if len(s) == 8 {
		d, ok := ymd(atoi(s[4:]), atoi(s[2:4]), atoi(s[:2]))
		if !ok {
			return time.Time{}, false, fmt.Errorf("not a date (TTMMJJJJ): %q", s)
		}
		return d, known && (d.Before(lo) || d.After(hi)), nil
	}
	if len(s) != 3 && len(s) != 4 {
		return time.Time{}, false, fmt.Errorf("not a date (TTMM): %q", s)
	}
	if !known {
		return time.Time{}, false, fmt.Errorf("%q has no year, and the file has no EXTF header line with the batch's dates to take it from", s)
	}
	dd, mm := atoi(s[:len(s)-2]), atoi(s[len(s)-2:])
	var best time.Time
	var gap time.Duration
	for y := lo.Year(); y <= hi.Year(); y++ {
		d, ok := ymd(y, mm, dd)
		if !ok {
			continue
		}
		var g time.Duration
		switch {
		case d.Before(lo):
			g = lo.Sub(d)
		case d.After(hi):
			g = d.Sub(hi)
		}
		if best.IsZero() || g < gap {
			best, gap = d, g
		}
	}
	if best.IsZero() {
		return time.Time{}, false, fmt.Errorf("not a date (TTMM) in %d–%d: %q", lo.Year(), hi.Year(), s)
	}
	return best, gap > 0, nil
}

// Kinds of DATEV account, by number.
const (
	accountGL       = iota // a G/L account (Sachkonto)
	accountDebitor         // a customer
	accountKreditor        // a supplier
	accountOther           // longer than a personal account
)

// datevAccountKind tells a Debitor from a Kreditor and a G/L account: with
// G/L accounts of digits digits (4: 0–9999), personal accounts have one
// more, Debitoren 10000–69999 and Kreditoren 70000–99999.
func datevAccountKind(n, digits int) int {
	p := 1
	for range digits {
		p *= 10
	}
	switch {
	case n < p:
		return accountGL
	case n < 7*p:
		return accountDebitor
	case n < 10*p:
		return accountKreditor
	}
	return accountOther
}

// datevRevenue says whether G/L account n (of digits digits) is a revenue
// account in the chart skr, and its automatic VAT rate in percent (0 for
// none). Longer accounts are read by their first four digits (84000 is
// 8400). Without a chart both ranges count: SKR03's 4xxx are costs and
// SKR04's 8xxx are unused, so a customer booked against either is revenue.
func datevRevenue(n, digits int, skr string) (revenue bool, rate int) {
	if datevAccountKind(n, digits) != accountGL {
		return false, 0
	}
	for range digits - 4 {
		n /= 10
	}
	switch {
	case n >= 8000 && n <= 8999 && skr != "04":
		switch n {
		case 8400:
			return true, 19
		case 8300:
			return true, 7
		}
		return true, 0
	case n >= 4000 && n <= 4999 && skr != "03":
		switch n {
		case 4400:
			return true, 19
		case 4300:
			return true, 7
		}
		return true, 0
	}
	return false, 0
}

// datevTaxRate is the VAT rate in percent of a revenue booking with BU key
// bu on an account whose automatic rate is auto. The key's last digit is
// the tax key (1 tax-free, 2 VAT 7 %, 3 VAT 19 %, 5 VAT 16 %), the digit
// before it the correction key: 2 Generalumkehr, 4 automatic VAT turned off
// (8 its Generalumkehr). ok is false for a key this reading does not know.
func datevTaxRate(bu string, auto int) (rate int, ok bool) {
	if bu == "" {
		return auto, true
	}
	n, err := strconv.Atoi(bu)
	if err != nil || n < 0 || n > 99 || len(bu) > 2 {
		return 0, false
	}
	correction, key := n/10, n%10
	switch correction {
	case 4, 8:
		return 0, key == 0
	case 0, 2:
		switch key {
		case 0:
			return auto, true
		case 1:
			return 0, true
		case 2:
			return 7, true
		case 3:
			return 19, true
		case 5:
			return 16, true
		}
	}
	return 0, false
}

// vatOf is the VAT in a gross amount at rate percent, to the cent, halves
// away from zero, as DATEV computes it.
func vatOf(gross crm.Money, rate int) crm.Money {
	if rate == 0 {
		return 0
	}
	num, den := int64(gross)*int64(rate), int64(100+rate)
	if num < 0 {
		return -crm.Money((-num*2 + den) / (2 * den))
	}
	return crm.Money((num*2 + den) / (2 * den))
}

// datevClassify tells what a booking between konto and gegen is. Revenue:
// the customer account (Debitor) and the revenue account's automatic VAT
// rate, and the Soll/Haben flag that makes it an invoice (S when Konto is
// the Debitor, H when Konto is the revenue account). Anything else: why it
// is left out. skonto says the booking carries a cash discount. Without a
// chart in the header, a booking of a customer against 4000–4999 is
// revenue (SKR04), but one without a customer is not: in SKR03 those are
// costs, the most common bookings of all.
func datevClassify(konto, gegen int, skonto bool, h extfHeader) (debitor, auto int, invoiceFlag string, leftOut *Reason) {
	kRev, kRate := datevRevenue(konto, h.digits, h.skr)
	gRev, gRate := datevRevenue(gegen, h.digits, h.skr)
	kDeb := datevAccountKind(konto, h.digits) == accountDebitor
	gDeb := datevAccountKind(gegen, h.digits) == accountDebitor
	switch {
	case kDeb && gRev:
		return konto, gRate, "S", nil
	case gDeb && kRev:
		return gegen, kRate, "H", nil
	case (kDeb || gDeb) && skonto:
		return 0, 0, "", datevSkonto
	case kDeb || gDeb:
		return 0, 0, "", datevPayment
	}
	skr := cmp.Or(h.skr, "03")
	if kRev, _ = datevRevenue(konto, h.digits, skr); kRev {
		return 0, 0, "", datevCashSale
	}
	if gRev, _ = datevRevenue(gegen, h.digits, skr); gRev {
		return 0, 0, "", datevCashSale
	}
	return 0, 0, "", datevOther
}

// datevAccount reads an account number cell; ok is false for one that is
// not a number.
func datevAccount(s string) (int, bool) {
	if s == "" || len(s) > 9 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// datevBookings reads the bookings of one Buchungsstapel.
func datevBookings(preamble [][]string) func(*Row) *Reason {
	h := readEXTF(preamble)
	return func(r *Row) *Reason {
		konto, ok := datevAccount(r.Get(datevKonto))
		if !ok {
			r.Fail(datevKonto, "not an account number: %q", r.Get(datevKonto))
			return nil
		}
		gegen, ok := datevAccount(r.Get(datevGegen))
		if !ok {
			r.Fail(datevGegen, "not an account number: %q", r.Get(datevGegen))
			return nil
		}
		skonto, _ := r.Money(datevSkontoC)
		debitor, auto, invoiceFlag, why := datevClassify(konto, gegen, skonto != 0, h)
		if why != nil {
			return why
		}
		flag := strings.ToUpper(r.Get(datevSH))
		if flag != "S" && flag != "H" {
			r.Fail(datevSH, "want S (Soll) or H (Haben): %q", r.Get(datevSH))
			return nil
		}
		gross, ok := r.Money("amount")
		if !ok || gross < 0 {
			r.Fail("amount", "want a positive amount (the sign is the Soll/Haben flag): %q", r.Get("amount"))
			return nil
		}
		currency := cmp.Or(r.Get("currency"), h.currency, "EUR")
		if base := cmp.Or(r.Get(datevBasisCy), h.currency, "EUR"); base != currency {
			if b, ok := r.Money(datevBasis); ok && b >= 0 {
				gross, currency = b, base
				r.Note(datevForeign)
			}
		}
		bu := r.Get(datevBU)
		rate, ok := datevTaxRate(bu, auto)
		if !ok {
			r.Fail(datevBU, "tax key %q not known for revenue: the net amount cannot be told", bu)
			return nil
		}
		day, outside, err := datevDate(r.Get("date"), h)
		if err != nil {
			r.Fail("date", "%v", err)
			return nil
		}
		if outside {
			r.Note(datevOutside)
		}
		switch {
		case rate > 0:
			r.Note(datevNet)
		case bu == "" && auto == 0:
			r.Note(datevNoRate)
		}
		net := gross - vatOf(gross, rate)
		if flag != invoiceFlag {
			net = -net
		}
		id := strconv.Itoa(debitor)
		r.SetMoney("amount", net)
		r.Set("currency", currency)
		r.Set("date", day.Format(time.DateOnly))
		if doc := r.Get("invoice_id"); doc != "" {
			// The invoice number is reused by the bookings that correct
			// the invoice later (a Generalumkehr, a credit): each day's
			// bookings of one number are one order.
			r.Set("invoice_id", doc+"/"+day.Format(time.DateOnly))
		}
		r.Set("customer_id", id)
		r.Set("customer", "Debitor "+id)
		return nil
	}
}

// datevDebitors reads the rows of a Debitoren/Kreditoren file: customers
// are kept, suppliers left out.
func datevDebitors(preamble [][]string) func(*Row) *Reason {
	h := readEXTF(preamble)
	n := datevNames
	either := func(r *Row, names [2]string) string { return cmp.Or(r.Get(names[0]), r.Get(names[1])) }
	return func(r *Row) *Reason {
		konto, ok := datevAccount(r.Get("customer_id"))
		if !ok {
			r.Fail("customer_id", "not an account number: %q", r.Get("customer_id"))
			return nil
		}
		switch datevAccountKind(konto, h.digits) {
		case accountKreditor:
			return datevKreditor
		case accountDebitor:
		default:
			r.Fail("customer_id", "%d is not a customer account (Debitor %s)", konto, debitorRange(h.digits))
			return nil
		}
		company := either(r, n.company)
		person := strings.TrimSpace(either(r, n.first) + " " + either(r, n.person))
		name := cmp.Or(company, person)
		if either(r, n.kind) == "1" { // a natural person
			name = cmp.Or(person, company)
		}
		r.Set("name", cmp.Or(name, either(r, n.none), r.Get("Kurzbezeichnung")))
		return nil
	}
}

// debitorRange writes the range of customer accounts: "10000–69999".
func debitorRange(digits int) string {
	p := 1
	for range digits {
		p *= 10
	}
	return fmt.Sprintf("%d–%d", p, 7*p-1)
}
