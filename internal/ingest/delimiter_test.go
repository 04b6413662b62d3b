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
