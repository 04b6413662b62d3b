package ingest

import (
	"encoding/csv"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"1234.56", 1234.56},
		{"1,234.56", 1234.56},
		{"1.234,56", 1234.56},
		{"1234,56", 1234.56},
		{"€ 1.234,56", 1234.56},
		{"1.234,56 €", 1234.56},
		{"$1,234.56", 1234.56},
		{"-12,50 €", -12.5},
		{"€ -12,50", -12.5},
		{"-€12.50", -12.5},
		{"(12.50)", -12.5},
		{"($1,234.56)", -1234.56},
		{"12.50-", -12.5},
		{"−7", -7},
		{"+7", 7},
		{"EUR 1.000,00", 1000},
		{"1000 USD", 1000},
		{"1 234,56", 1234.56},
		{"1\u00a0234,56", 1234.56},
		{"1\u202f234.56", 1234.56},
		{"1'234.50", 1234.5},
		{"1.234.567", 1234567},
		{"1,234,567.89", 1234567.89},
		{"1,234", 1234},  // lone comma + 3 digits: thousands
		{"1.234", 1.234}, // lone dot: decimal
		{"0,125", 0.125}, // a leading 0 is no thousands group
		{"1234,567", 1234.567},
		{"12,5", 12.5},
		{".5", 0.5},
		{"0", 0},
		{"007", 7},
		{"1e3", 1000},
		{"0.1", 0.1},
		{"123456789012345678901234", 123456789012345678901234},
		{"  42  ", 42},
		{"12,", 12},
		{"1 234 567,5", 1234567.5},
	}
	for _, tc := range tests {
		got, err := ParseAmount(tc.in)
		if err != nil {
			t.Errorf("ParseAmount(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseAmount(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseAmountErrors(t *testing.T) {
	for _, in := range []string{"", "12x", "abc", "-", "1.2.3,4,5", "1,2,3.4.5", "1..2", ",", "--5", "1 2", "€", "12 34", "1.23.456", "1,2345.6"} {
		if got, err := ParseAmount(in); err == nil {
			t.Errorf("ParseAmount(%q) = %v, want an error", in, got)
		}
	}
	_, err := ParseAmount("12x")
	if err == nil || err.Error() != `not a number: "12x"` {
		t.Errorf("ParseAmount(12x) error %v", err)
	}
}

func TestParseAmountConventions(t *testing.T) {
	tests := []struct {
		in   string
		conv int
		want float64
	}{
		{"1,234", DecimalPoint, 1234},
		{"1,234", DecimalComma, 1.234},
		{"1.234", DecimalPoint, 1.234},
		{"1.234", DecimalComma, 1234},
		{"12.500", DecimalComma, 12500},
		{"1.234,5", DecimalPoint, 1234.5}, // unambiguous values ignore the column
		{"0.125", DecimalComma, 0.125},
	}
	for _, tc := range tests {
		got, _, ok := parseAmount(tc.in, tc.conv)
		if !ok || got != tc.want {
			t.Errorf("parseAmount(%q, %d) = %v, %v; want %v", tc.in, tc.conv, got, ok, tc.want)
		}
	}
}

func TestAmountColumn(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		hint   int
		want   int
	}{
		{"german decimals", []string{"1,234", "12,5"}, DecimalUnknown, DecimalComma},
		{"german thousands", []string{"1,234", "1.234,56"}, DecimalUnknown, DecimalComma},
		{"us", []string{"1,234", "1,234.56"}, DecimalUnknown, DecimalPoint},
		{"us decimals", []string{"1.234", "12.50"}, DecimalComma, DecimalPoint},
		{"no evidence", []string{"1,234", "12"}, DecimalUnknown, DecimalUnknown},
		{"no evidence, semicolon file", []string{"1.234", "12"}, DecimalComma, DecimalComma},
		{"majority", []string{"1,5", "2,5", "3.5"}, DecimalUnknown, DecimalComma},
	}
	for _, tc := range tests {
		var d DecimalDetector
		for _, v := range tc.values {
			d.Add(v)
		}
		if got := d.Result(tc.hint); got != tc.want {
			t.Errorf("%s: convention %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestAcceptsOrderCell: every cell AcceptsOrderCell accepts, ReadOrders
// accepts in that column.
func TestAcceptsOrderCell(t *testing.T) {
	cells := []string{"", "EUR", "eur", "€", "Euro", "EU", "EURO", "E1R", "a@b.de", "A@B.DE", "@b.de", "a@", "a b@c.de",
		"mailto:a@b.de", "MAILTO:@x", "a@b;c", "<a@b.de>", "a@b@c", "x", "Acme GmbH", "K-1", "\x00", "ä@b.de",
		string(make([]byte, 501)), "a,b"}
	for _, field := range []string{"customer", "email", "invoice_id", "currency"} {
		for _, c := range cells {
			if !AcceptsOrderCell(field, []byte(c)) {
				continue
			}
			var b strings.Builder
			w := csv.NewWriter(&b)
			w.Write([]string{"customer_id", field, "date", "amount"})
			w.Write([]string{"1", c, "2024-01-01", "5"})
			w.Flush()
			res, err := ReadOrders(strings.NewReader(b.String()), Options{File: "t.csv"})
			if err != nil || len(res.Errors) > 0 {
				t.Errorf("%s %q: accepted quickly, but ReadOrders: %v %v", field, c, err, res.Errors)
			}
		}
	}
}
