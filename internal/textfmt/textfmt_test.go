package textfmt

import "testing"

func TestFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{Money(1234567.891), "1,234,567.89"},
		{Money(-1234.5), "-1,234.50"},
		{Money(-0.001), "0.00"},
		{Money(999), "999.00"},
		{Money(999.999), "1,000.00"},
		{Money(0), "0.00"},
		{Hours(12345.67), "12,345.7"},
		{Count(-1234567), "-1,234,567"},
		{Count(100), "100"},
		{Percent(0.1234), "12.3%"},
		{Clip("Müller Maschinenbau GmbH", 10), "Müller Ma…"},
		{Clip("short", 10), "short"},
		{Clean("evil\x1b[31mred\nline"), "evil [31mred line"},
	}
	for i, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%d: got %q, want %q", i, tc.got, tc.want)
		}
	}
}
