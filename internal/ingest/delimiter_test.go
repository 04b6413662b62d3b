package ingest

import "testing"

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name, sample string
		want         rune
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"semicolon with decimal commas", "Kunde;Datum;Betrag\nMüller;04.03.2024;1.234,56\nWeber;05.03.2024;12,50\n", ';'},
		{"tab", "a\tb\tc\n1\t2,5\t3\n", '\t'},
		{"quoted commas ignored", "name;amount\n\"Acme, Inc.\";\"1,234.56\"\n\"A, B, C\";3\n", ';'},
		{"quoted newline", "a,b\n\"x\ny;z;w\",2\n", ','},
		{"single line", "customer;date;amount", ';'},
		{"truncated last line ignored", "a;b;c\n1;2;3\n4;5", ';'},
		{"inconsistent: most in the header", "a;b;c;d\n1,2;3\n", ';'},
		{"crlf and blank lines", "a;b\r\n\r\n1;2\r\n", ';'},
		{"nothing", "", ','},
		{"one column", "name\nAcme\n", ','},
	}
	for _, tc := range tests {
		if got := SniffDelimiter([]byte(tc.sample)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSpaceSeparated(t *testing.T) {
	tests := []struct {
		name   string
		sample string
		want   bool
	}{
		{"cdnow with header", " customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n", true},
		{"cdnow without header", " 00001 19970101  1   11.77\n 00002 19970112  1   12.00\n", true},
		{"a list of two-word names", "customer name\nAcme GmbH\nBeta AG\n", false},
		{"one column", "amount\n12\n13\n", false},
		{"comma separated", "customer,amount\nAcme GmbH,12\n", false},
		{"tab separated", "customer\tamount\nAcme\t12\n", false},
		{"ragged", "a b c\n1 2 3\n1 2\n", false},
		{"one line", "a b c\n", false},
		{"quoted", "a \"b c\"\n1 2\n", false},
		{"cut-off last line", "a b\n1 2\n3", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SpaceSeparated([]byte(tt.sample)); got != tt.want {
				t.Errorf("SpaceSeparated(%q) = %v, want %v", tt.sample, got, tt.want)
			}
		})
	}
}
