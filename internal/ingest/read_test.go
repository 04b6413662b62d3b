package ingest

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// cents writes amounts of money in the tables below in units.
var cents = testkit.Cents

// mustOpen opens a fixture from testdata.
func mustOpen(tb testing.TB, name string) *os.File {
	tb.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// errorStrings renders row errors as FILE:LINE: field: reason.
func errorStrings(errs crm.RowErrors) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func checkErrors(t *testing.T, got crm.RowErrors, want []string) {
	t.Helper()
	if g := errorStrings(got); !slices.Equal(g, want) {
		t.Errorf("errors:\n got  %q\n want %q", g, want)
	}
}

func TestReadOrdersGermanExport(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "orders_datev.csv"), Options{File: "orders_datev.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Header[0] != "Kundennummer" {
		t.Errorf("header %q: BOM not stripped", res.Header)
	}
	want := []crm.OrderRecord{
		{Line: 2, Account: crm.AccountRef{ExternalID: "10001", Name: "Müller Maschinenbau GmbH"},
			Order: crm.Order{ExternalID: "RE-2024-001", OrderedAt: day(2024, 3, 4), Amount: cents(1234.56), Currency: "EUR"}},
		{Line: 3, Account: crm.AccountRef{ExternalID: "10002", Name: "Schmidt & Söhne KG"},
			Order: crm.Order{ExternalID: "RE-2024-002", OrderedAt: day(2024, 3, 5), Amount: cents(980), Currency: "EUR"}},
		{Line: 5, Account: crm.AccountRef{ExternalID: "10001", Name: "Müller Maschinenbau GmbH"},
			Order: crm.Order{ExternalID: "RE-2024-003", OrderedAt: day(2024, 3, 12), Amount: cents(-120.5), Currency: "EUR"}},
		{Line: 6, Account: crm.AccountRef{ExternalID: "10003", Name: "Bäckerei Weber; Inh. K. Weber"},
			Order: crm.Order{ExternalID: "RE-2024-004", OrderedAt: day(2024, 3, 31), Amount: cents(12500), Currency: "EUR"}},
	}
	if !reflect.DeepEqual(res.Records, want) {
		t.Errorf("records:\n got  %+v\n want %+v", res.Records, want)
	}
	checkErrors(t, res.Errors, nil)
}

func TestReadOrdersUSExport(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "orders_us.csv"), Options{File: "orders_us.csv"})
	if err != nil {
		t.Fatal(err)
	}
	want := []crm.OrderRecord{
		{Line: 2, Account: crm.AccountRef{ExternalID: "C-100", Name: "Acme, Inc."},
			Order: crm.Order{ExternalID: "INV-1001", OrderedAt: day(2024, 3, 4), Amount: cents(1234.56), Currency: "USD"}},
		{Line: 3, Account: crm.AccountRef{ExternalID: "C-101", Name: "Globex LLC"},
			Order: crm.Order{ExternalID: "INV-1002", OrderedAt: day(2024, 3, 15), Amount: cents(980), Currency: "USD"}},
		{Line: 4, Account: crm.AccountRef{ExternalID: "C-100", Name: "Acme, Inc."},
			Order: crm.Order{ExternalID: "INV-1003", OrderedAt: day(2024, 4, 1), Amount: cents(-120.5), Currency: "USD"}},
		{Line: 5, Account: crm.AccountRef{ExternalID: "C-102", Name: "Initech"},
			Order: crm.Order{ExternalID: "INV-1004", OrderedAt: day(2024, 4, 2), Amount: cents(1234), Currency: "USD"}},
	}
	if !reflect.DeepEqual(res.Records, want) {
		t.Errorf("records:\n got  %+v\n want %+v", res.Records, want)
	}
	checkErrors(t, res.Errors, nil)
}

func TestReadOrdersJSONL(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "orders.jsonl"), Options{File: "orders.jsonl", KeepRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"customer_id", "email", "date", "amount", "currency", "customer", "note"}; !slices.Equal(res.Header, want) {
		t.Errorf("header %q, want %q", res.Header, want)
	}
	if len(res.Records) != 2 {
		t.Fatalf("got %d records, want 2", len(res.Records))
	}
	r := res.Records[0]
	if r.Line != 1 || r.Account != (crm.AccountRef{ExternalID: "C-1", Email: "anna@acme.com"}) ||
		!r.Order.OrderedAt.Equal(day(2024, 3, 4)) || r.Order.Amount != cents(1234.5) || r.Order.Currency != "EUR" {
		t.Errorf("record 1: %+v", r)
	}
	r = res.Records[1]
	if r.Line != 3 || r.Account.Name != "Globex" || r.Order.Amount != cents(99.9) {
		t.Errorf("record 2: %+v", r)
	}
	checkErrors(t, res.Errors, []string{
		`orders.jsonl:4: date: not a valid date: "2024-02-30"`,
		`orders.jsonl:4: amount: not a number: "x"`,
		`orders.jsonl:5: invalid JSON: unexpected end of line`,
	})
	if got := res.Raw[3][6]; got != `{"a": 1}` {
		t.Errorf("nested value kept as %q", got)
	}
}

func TestReadOrdersRowErrors(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "orders_errors.csv"), Options{File: "orders_errors.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []string{
		`orders_errors.csv:2: amount: not a number: "12x"`,
		`orders_errors.csv:3: customer: missing (need customer_id, customer or email)`,
		`orders_errors.csv:4: date: missing`,
		`orders_errors.csv:5: date: not a valid date: "2024-02-30"`,
		`orders_errors.csv:6: row has 2 cells, header has 3`,
		`orders_errors.csv:7: malformed CSV: bare " in non-quoted-field`,
		`orders_errors.csv:9: amount: missing`,
	})
	var lines []int
	for _, r := range res.Records {
		lines = append(lines, r.Line)
	}
	if want := []int{8, 10}; !slices.Equal(lines, want) {
		t.Errorf("valid lines %v, want %v (a trailing empty cell is fine)", lines, want)
	}
}

func TestReadOrdersAmbiguousDates(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "orders_ambiguous.csv"), Options{File: "o.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []string{
		`o.csv:2: date: ambiguous "03/04/2024": use --date-format mm/dd/yyyy or dd/mm/yyyy`,
		`o.csv:3: date: ambiguous "05/06/2024": use --date-format mm/dd/yyyy or dd/mm/yyyy`,
	})
	if len(res.Records) != 1 || !res.Records[0].Order.OrderedAt.Equal(day(2024, 7, 7)) {
		t.Errorf("records %+v", res.Records)
	}

	res, err = ReadOrders(mustOpen(t, "orders_ambiguous.csv"), Options{File: "o.csv", DateFormat: "dd/mm/yyyy"})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	var got []string
	for _, r := range res.Records {
		got = append(got, r.Order.OrderedAt.Format("2006-01-02"))
	}
	if want := []string{"2024-04-03", "2024-06-05", "2024-07-07"}; !slices.Equal(got, want) {
		t.Errorf("dates %v, want %v", got, want)
	}

	if _, err := ReadOrders(strings.NewReader("customer,date,amount\n"), Options{DateFormat: "someday"}); crm.ErrorCode(err) != crm.EINVALID {
		t.Errorf("bad --date-format: error %v", err)
	}
}

func TestReadOrdersAmountColumn(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []float64 // money is kept to the cent: 1,234 read as a decimal is 1.23
	}{
		{"comma decimals elsewhere", "customer,date,amount\nA,2024-01-01,\"1,234\"\nA,2024-01-01,\"12,5\"\n", []float64{1.23, 12.5}},
		{"dot decimals elsewhere", "customer,date,amount\nA,2024-01-01,\"1,234\"\nA,2024-01-01,12.50\n", []float64{1234, 12.5}},
		{"no evidence", "customer,date,amount\nA,2024-01-01,\"1,234\"\nA,2024-01-01,12\n", []float64{1234, 12}},
		{"semicolon file", "customer;date;amount\nA;2024-01-01;1.234\nA;2024-01-01;12\n", []float64{1234, 12}},
		{"dotted dates", "customer,date,amount\nA,01.02.2024,1.234\nA,01.02.2024,12\n", []float64{1234, 12}},
		{"dotted dates but dot decimals", "customer,date,amount\nA,01.02.2024,1.234\nA,01.02.2024,12.50\n", []float64{1.23, 12.5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ReadOrders(strings.NewReader(tc.csv), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkErrors(t, res.Errors, nil)
			var got []float64
			for _, r := range res.Records {
				got = append(got, r.Order.Amount.Float())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("amounts %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "o.csv: file is empty"},
		{"only space", " \n\n", "o.csv: file is empty"},
		{"missing column", "Datum;Betrag;Beleg\n01.01.2024;1;2\n",
			`o.csv: no column for "customer" (required); headers found: "Datum", "Betrag", "Beleg". Use --map HEADER=customer.`},
		{"broken header", "a,\"b\nc", `o.csv:1: cannot read the header: extraneous or missing " in quoted-field`},
		{"no json object", "{oops\n", `o.csv: no JSON object with keys (line 1: invalid character 'o')`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadOrders(strings.NewReader(tc.in), Options{File: "o.csv"})
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error %v, want %s", err, tc.want)
			}
			if crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("code %q", crm.ErrorCode(err))
			}
		})
	}
}

func TestReadEncodings(t *testing.T) {
	// "Kunde;Währung;Datum;Betrag" / "Müller;EUR;01.02.2024;1,5" in Windows-1252
	latin1 := []byte("Kunde;W\xe4hrung;Datum;Betrag\r\nM\xfcller;EUR;01.02.2024;1,5\r\n")
	utf16le := []byte{0xff, 0xfe}
	for _, r := range "Kunde\tDatum\tBetrag\nMüller\t2024-02-01\t1.5\n" {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	for name, in := range map[string][]byte{"windows-1252": latin1, "utf-16": utf16le} {
		res, err := ReadOrders(bytes.NewReader(in), Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkErrors(t, res.Errors, nil)
		if len(res.Records) != 1 || res.Records[0].Account.Name != "Müller" || res.Records[0].Order.Amount != cents(1.5) {
			t.Errorf("%s: records %+v", name, res.Records)
		}
	}
}

func TestContentKeys(t *testing.T) {
	read := func() []string {
		res, err := ReadOrders(mustOpen(t, "orders_nokey.csv"), Options{File: "o.csv"})
		if err != nil {
			t.Fatal(err)
		}
		checkErrors(t, res.Errors, nil)
		var keys []string
		for _, r := range res.Records {
			keys = append(keys, r.Order.ExternalID)
		}
		return keys
	}
	a, b := read(), read()
	if !slices.Equal(a, b) {
		t.Errorf("keys differ between reads: %v, %v", a, b)
	}
	if len(a) != 3 {
		t.Fatalf("keys %v", a)
	}
	for _, k := range a {
		if !strings.HasPrefix(k, "k:") || len(k) != len("k:0123456789abcdef:0") {
			t.Errorf("key %q has the wrong shape", k)
		}
	}
	// rows 1 and 2 have the same content ("100.00" and "100"): same hash, different occurrence
	if a[0][:19] != a[1][:19] || a[0] == a[1] || !strings.HasSuffix(a[0], ":0") || !strings.HasSuffix(a[1], ":1") {
		t.Errorf("duplicate rows: keys %q and %q", a[0], a[1])
	}
	if a[2][:19] == a[0][:19] {
		t.Errorf("different rows share a key: %q, %q", a[0], a[2])
	}
	// the same content in another file with other rows around it gets the same key
	res, err := ReadOrders(strings.NewReader("Kunde;Betrag;Datum;Währung\nGlobex;100,00;04.03.2024;EUR\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Records[0].Order.ExternalID; got != a[2] {
		t.Errorf("re-import key %q, want %q", got, a[2])
	}
}

func TestReadAccounts(t *testing.T) {
	res, err := ReadAccounts(mustOpen(t, "accounts_de.csv"), Options{File: "accounts.csv"})
	if err != nil {
		t.Fatal(err)
	}
	want := []crm.AccountRecord{
		{Line: 2, Email: "info@mueller-mb.de", Account: crm.Account{ExternalID: "K1", Name: "Müller Maschinenbau GmbH",
			Domain: "mueller-mb.de", Industry: "Maschinenbau", SizeClass: "50-249", Region: "DE", Owner: "Petra",
			AcquiredAt: day(2019, 2, 1), AcquisitionSource: "Messe", Status: crm.AccountActive}},
		{Line: 3, Email: "einkauf@schmidt-soehne.de", ReferredBy: crm.AccountRef{ExternalID: "K1"},
			Account: crm.Account{ExternalID: "K2", Name: "Schmidt & Söhne KG", Industry: "Handel", SizeClass: "10-49",
				Region: "AT", Owner: "Petra", AcquiredAt: day(2021, 6, 15), AcquisitionSource: "Empfehlung", Status: crm.AccountActive}},
		{Line: 7, Account: crm.Account{ExternalID: "K5", Name: "Alt GmbH", Domain: "alt.de", Status: crm.AccountInactive}},
	}
	if !reflect.DeepEqual(res.Records, want) {
		t.Errorf("records:\n got  %+v\n want %+v", res.Records, want)
	}
	checkErrors(t, res.Errors, []string{
		`accounts.csv:4: name: missing`,
		`accounts.csv:5: customer_id: duplicate "K2" (first on line 3)`,
		`accounts.csv:6: domain: not a domain: "weber"`,
		`accounts.csv:6: email: not an email address: "x@"`,
		`accounts.csv:6: status: unknown "pausiert" (want active or inactive)`,
		`accounts.csv:6: acquired_at: not a valid date: "31.02.2020"`,
	})
}

func TestReferrerRef(t *testing.T) {
	ids := map[string]int{"K1": 2}
	tests := map[string]crm.AccountRef{
		"":                     {},
		"K1":                   {ExternalID: "K1"},
		"10042":                {ExternalID: "10042"},
		"Anna@Acme.com":        {Email: "anna@acme.com"},
		"Müller GmbH":          {Name: "Müller GmbH"},
		"K2 (Schmidt & Söhne)": {Name: "K2 (Schmidt & Söhne)"},
	}
	for in, want := range tests {
		if got := referrerRef(in, ids); got != want {
			t.Errorf("referrerRef(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestReadContacts(t *testing.T) {
	res, err := ReadContacts(mustOpen(t, "contacts.csv"), Options{File: "contacts.csv"})
	if err != nil {
		t.Fatal(err)
	}
	want := []crm.ContactRecord{
		{Line: 2, Account: crm.AccountRef{ExternalID: "K1", Name: "Müller Maschinenbau GmbH", Email: "anna.schulz@mueller-mb.de"},
			Contact: crm.Contact{ExternalID: "anna.schulz@mueller-mb.de", Name: "Anna Schulz", Title: "Einkauf",
				Status: crm.ContactActive, LastVerifiedAt: day(2024, 1, 15), Identities: []crm.Identity{
					{Kind: crm.IdentityEmail, Value: "anna.schulz@mueller-mb.de"},
					{Kind: crm.IdentityPhone, Value: "+498912345"},
					{Kind: crm.IdentityLinkedIn, Value: "anna-schulz"},
					{Kind: crm.IdentityX, Value: "annas"},
				}}},
		{Line: 3, Account: crm.AccountRef{Email: "ben@schmidt-soehne.de"},
			Contact: crm.Contact{ExternalID: "ben@schmidt-soehne.de", Name: "Ben Meier", Status: crm.ContactLeft,
				Identities: []crm.Identity{
					{Kind: crm.IdentityEmail, Value: "ben@schmidt-soehne.de"},
					{Kind: crm.IdentityPhone, Value: "01712345678"},
					{Kind: crm.IdentityX, Value: "benmeier"},
				}}},
	}
	if len(res.Records) != 3 {
		t.Fatalf("got %d records, want 3", len(res.Records))
	}
	if !reflect.DeepEqual(res.Records[:2], want) {
		t.Errorf("records:\n got  %+v\n want %+v", res.Records[:2], want)
	}
	carla := res.Records[2]
	if carla.Line != 4 || carla.Contact.Name != "Carla Vogt" || !strings.HasPrefix(carla.Contact.ExternalID, "k:") {
		t.Errorf("contact without email: %+v", carla)
	}
	checkErrors(t, res.Errors, []string{
		`contacts.csv:5: customer: missing (need customer_id, customer or email)`,
		`contacts.csv:6: email: not an email address: "emil@"`,
		`contacts.csv:6: status: unknown "weg" (want active or left)`,
		`contacts.csv:6: phone: not a phone number: "n/a"`,
	})
}

func TestReadOrderLines(t *testing.T) {
	res, err := ReadOrderLines(mustOpen(t, "order_lines.csv"), Options{File: "lines.csv"})
	if err != nil {
		t.Fatal(err)
	}
	want := []crm.OrderLineRecord{
		{Line: 2, OrderExternalID: "RE-1", SKU: "A-100", ProductName: "Schraube M8", UnitCost: cents(0.05), HasUnitCost: true,
			OrderLine: crm.OrderLine{LineNo: 1, Quantity: 100, UnitPrice: cents(0.12), Amount: cents(12)}},
		{Line: 3, OrderExternalID: "RE-1", SKU: "A-200", ProductName: "Mutter M8",
			OrderLine: crm.OrderLine{LineNo: 2, Quantity: 1000, UnitPrice: cents(0.08), Amount: cents(80)}},
		{Line: 4, OrderExternalID: "RE-2", ProductName: "Wartung",
			OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(1500), Amount: cents(1500)}},
	}
	if !reflect.DeepEqual(res.Records, want) {
		t.Errorf("records:\n got  %+v\n want %+v", res.Records, want)
	}
	checkErrors(t, res.Errors, []string{
		`lines.csv:5: product: missing (need sku or product)`,
		`lines.csv:6: invoice_id: missing`,
		`lines.csv:7: quantity: not a number: "zwei"`,
	})

	res, err = ReadOrderLines(strings.NewReader("invoice,pos,sku,qty,price\nR1,10,A,2,1.5\nR1,x,B,1,1\n"), Options{File: "l.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 || res.Records[0].OrderLine.LineNo != 10 || res.Records[0].OrderLine.Amount != cents(3) {
		t.Errorf("records %+v", res.Records)
	}
	checkErrors(t, res.Errors, []string{`l.csv:3: line: not a whole number: "x"`})
}

func TestReadTouchpoints(t *testing.T) {
	res, err := ReadTouchpoints(mustOpen(t, "touchpoints.csv"), Options{File: "tp.csv"})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		line                  int
		id, kind, dept, email string
		date                  string
		minutes               float64
	}
	var got []row
	for _, r := range res.Records {
		tp := r.Touchpoint
		id := tp.ExternalID
		if strings.HasPrefix(id, "k:") {
			id = "k:" + id[len(id)-1:]
		}
		got = append(got, row{r.Line, id, tp.Kind, tp.Department, r.ContactEmail, tp.OccurredAt.Format("2006-01-02"), tp.EffortMinutes})
	}
	want := []row{
		{2, "T-1", "ticket", "support", "anna.schulz@mueller-mb.de", "2024-03-04", 90},
		{3, "T-2", "call", "sales", "", "2024-03-05", 45},
		{4, "k:0", "meeting", "sales", "", "2024-03-06", 90},
		{5, "k:1", "meeting", "sales", "", "2024-03-06", 90},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("records:\n got  %+v\n want %+v", got, want)
	}
	checkErrors(t, res.Errors, []string{
		`tp.csv:6: customer: missing (need customer_id, customer or email)`,
		`tp.csv:7: department: unknown "Kantine" (want sales, marketing, support or product)`,
		`tp.csv:7: effort_minutes: negative: "-5"`,
	})
}

func TestEffort(t *testing.T) {
	tests := []struct {
		in   string
		unit float64
		want float64
		err  string
	}{
		{"90", 1, 90, ""},
		{"1:30", 1, 90, ""},
		{"1:30", 60, 90, ""},
		{"0:05", 1, 5, ""},
		{"1,5", 60, 90, ""},
		{"1.5 h", 1, 90, ""},
		{"2 Std", 1, 120, ""},
		{"45 min", 60, 45, ""},
		{"1:75", 1, 0, `effort_minutes: not a duration: "1:75"`},
		{"soon", 1, 0, `effort_minutes: not a duration: "soon"`},
		{"-5", 1, 0, `effort_minutes: negative: "-5"`},
	}
	for _, tc := range tests {
		b := &builder{t: &table{file: "f"}}
		got := b.effort(tc.in, DecimalComma, tc.unit, "effort_minutes")
		var gotErr string
		if len(b.errs) > 0 {
			gotErr = b.errs[0].Field + ": " + b.errs[0].Reason
		}
		if got != tc.want || gotErr != tc.err {
			t.Errorf("effort(%q, ×%v) = %v, %q; want %v, %q", tc.in, tc.unit, got, gotErr, tc.want, tc.err)
		}
	}
}

func TestWriteRejects(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "orders_errors.csv"), Options{File: "orders_errors.csv", KeepRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Raw) != 9 {
		t.Errorf("raw has %d lines, want every row (9)", len(res.Raw))
	}
	var buf bytes.Buffer
	if err := res.WriteRejects(&buf); err != nil {
		t.Fatal(err)
	}
	want := `customer,date,amount,reject_reason
Acme,2024-03-04,12x,"amount: not a number: ""12x"""
,2024-03-05,10,"customer: missing (need customer_id, customer or email)"
Acme,,10,date: missing
Acme,2024-02-30,10,"date: not a valid date: ""2024-02-30"""
Acme,2024-03-06,,"row has 2 cells, header has 3"
"Ac""me,2024-03-07,10",,,"malformed CSV: bare "" in non-quoted-field"
Acme,2024-03-09,,amount: missing
`
	if buf.String() != want {
		t.Errorf("rejects:\n%s\nwant:\n%s", buf.String(), want)
	}

	// A rejects file read back keeps its reason column; extra cells stay after it.
	buf.Reset()
	errs := crm.RowErrors{{Line: 3, Field: "date", Reason: "missing"}, {Line: 2, Reason: "row has 4 cells, header has 3"},
		{Line: 3, Field: "amount", Reason: "missing"}}
	raw := map[int][]string{2: {"a", "b", "c", "d"}, 3: {"x", "", "", "old"}}
	if err := WriteRejects(&buf, []string{"customer", "date", "amount", "reject_reason"}, raw, errs); err != nil {
		t.Fatal(err)
	}
	want = "customer,date,amount,reject_reason\na,b,c,\"row has 4 cells, header has 3\"\nx,,,date: missing; amount: missing\n"
	if buf.String() != want {
		t.Errorf("rejects:\n%s\nwant:\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := WriteRejects(&buf, []string{"customer", "date"}, raw, errs[1:2]); err != nil {
		t.Fatal(err)
	}
	if want := "customer,date,reject_reason\na,b,\"row has 4 cells, header has 3\",c,d\n"; buf.String() != want {
		t.Errorf("rejects:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// TestReadAccountsReferralCode: a referral code is read in any case and
// with dashes; what cannot be a code is an error of its row.
func TestReadAccountsReferralCode(t *testing.T) {
	in := "customer_id,name,Empfehlungscode\nK1,Alder,ABCDE-FGHJK\nK2,Birch,\nK3,Cedar,nope\n"
	res, err := ReadAccounts(strings.NewReader(in), Options{File: "accounts.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 2 || res.Records[0].ReferralCode != "ABCDE-FGHJK" || res.Records[1].ReferralCode != "" {
		t.Errorf("records: %+v", res.Records)
	}
	checkErrors(t, res.Errors, []string{`accounts.csv:4: referral_code: not a referral code: "nope"`})
}
