package ingest

import (
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, layout string
		want       time.Time
	}{
		{"2024-03-04", "", day(2024, 3, 4)},
		{"2024-03-04 23:59:59", "", day(2024, 3, 4)},
		{"2024-03-04T23:30:00-08:00", "", day(2024, 3, 4)}, // the date as written, not converted
		{"2024-3-4", "", day(2024, 3, 4)},
		{"2024/03/04", "", day(2024, 3, 4)},
		{"20240304", "", day(2024, 3, 4)},
		{"04.03.2024", "", day(2024, 3, 4)},
		{"4.3.2024", "", day(2024, 3, 4)},
		{"04.03.24", "", day(2024, 3, 4)},
		{"04.03.99", "", day(1999, 3, 4)},
		{"04.03.2024.", "", day(2024, 3, 4)},
		{"04.03.2024 10:00", "", day(2024, 3, 4)},
		{"03/15/2024", "", day(2024, 3, 15)},
		{"15/03/2024", "", day(2024, 3, 15)},
		{"03/03/2024", "", day(2024, 3, 3)},
		{"03/04/2024", DateMDY, day(2024, 3, 4)},
		{"03/04/2024", DateDMY, day(2024, 4, 3)},
		{"3/4/24", "mm/dd/yyyy", day(2024, 3, 4)},
		{"03-04-2024", DateDMY, day(2024, 4, 3)},
		{"2024-03-04", DateDMY, day(2024, 3, 4)}, // unambiguous forms are read whatever the layout
		{"04.03.2024", DateMDY, day(2024, 3, 4)},
		{"2024-02-29", "", day(2024, 2, 29)},
		{"2000-02-29", "", day(2000, 2, 29)},
		{"04 Mar 2024", "02 Jan 2006", day(2024, 3, 4)},
		{"2024-03-04", DateISO, day(2024, 3, 4)},
		{"08 Jan 2026", "", day(2026, 1, 8)}, // Xero's reports and exports
		{"8 Jan 2026", "", day(2026, 1, 8)},
		{"8 jan 2026", "", day(2026, 1, 8)},
		{"31 December 2025", "", day(2025, 12, 31)},
		{"1 Sept 2025", "", day(2025, 9, 1)},
		{"01 May 2025", "", day(2025, 5, 1)},
		{"08-Jan-2026", "", day(2026, 1, 8)},
		{"08-Jan-26", "", day(2026, 1, 8)},
		{"08 Jan 2026 14:05", "", day(2026, 1, 8)},
		{"29 Feb 2024", DateDMonY, day(2024, 2, 29)},
		{"08 Jan 2026", DateDMY, day(2026, 1, 8)}, // unambiguous whatever the layout
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in, tc.layout)
		if err != nil {
			t.Errorf("ParseDate(%q, %q): %v", tc.in, tc.layout, err)
			continue
		}
		if !got.Equal(tc.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q, %q) = %v, want %v", tc.in, tc.layout, got, tc.want)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct{ in, layout, want string }{
		{"2024-02-30", "", `not a valid date: "2024-02-30"`},
		{"2023-02-29", "", `not a valid date: "2023-02-29"`},
		{"1900-02-29", "", `not a valid date: "1900-02-29"`},
		{"2024-13-01", "", `not a valid date: "2024-13-01"`},
		{"31.04.2024", "", `not a valid date: "31.04.2024"`},
		{"03/04/2024", "", `ambiguous "03/04/2024": use --date-format mm/dd/yyyy or dd/mm/yyyy`},
		{"03/04/2024", DateISO, `ambiguous "03/04/2024": use --date-format mm/dd/yyyy or dd/mm/yyyy`},
		{"13/04/2024", DateMDY, `not a valid date: "13/04/2024" (column is mm/dd/yyyy)`},
		{"yesterday", "", `not a date: "yesterday"`},
		{"29 Feb 2025", "", `not a valid date: "29 Feb 2025"`},
		{"32 Jan 2026", "", `not a valid date: "32 Jan 2026"`},
		{"08 Jnu 2026", "", `not a date: "08 Jnu 2026"`},
		{"08 Ja 2026", "", `not a date: "08 Ja 2026"`},
		{"08 Janu 2026", "", `not a date: "08 Janu 2026"`},
		{"08 Jan-2026", "", `not a date: "08 Jan-2026"`},
		{"08 Jan 202", "", `not a date: "08 Jan 202"`},
		{"08 Jan", "", `not a date: "08 Jan"`},
		{"08 Jan 2026x", "", `not a date: "08 Jan 2026x"`},
		{"2026 Jan 08", "", `not a date: "2026 Jan 08"`},
		{"2024-03", "", `not a date: "2024-03"`},
		{"2024-03-04x", "", `not a date: "2024-03-04x"`},
		{"04.03.202", "", `not a date: "04.03.202"`},
		{"2024-03-04", "02 Jan 2006", `not a date in format "02 Jan 2006": "2024-03-04"`},
		{"2024-03-04", "tomorrow", `date format "tomorrow": want iso, yyyymmdd, dd.mm.yyyy, mm/dd/yyyy, dd/mm/yyyy or a Go layout such as 02 Jan 2006`},
	}
	for _, tc := range tests {
		_, err := ParseDate(tc.in, tc.layout)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseDate(%q, %q) error %v, want %s", tc.in, tc.layout, err, tc.want)
		}
	}
}

func TestDetectDateLayout(t *testing.T) {
	tests := []struct {
		name    string
		values  []string
		want    string
		wantErr string
	}{
		{"iso", []string{"2024-03-04", "2024-03-05 10:00"}, DateISO, ""},
		{"compact", []string{"20240304", "20240305"}, DateYYYYMMDD, ""},
		{"german", []string{"04.03.2024", "5.3.2024", ""}, DateDMYDot, ""},
		{"us decided late", []string{"03/04/2024", "04/05/2024", "12/31/2024"}, DateMDY, ""},
		{"uk", []string{"03/04/2024", "31/12/2024"}, DateDMY, ""},
		{"ambiguous", []string{"03/04/2024", "05/06/2024", "07/07/2024"}, "",
			`ambiguous dates such as "03/04/2024": use --date-format mm/dd/yyyy or dd/mm/yyyy`},
		{"equal parts are not ambiguous", []string{"03/03/2024", "07/07/2024"}, "", ""},
		{"majority wins", []string{"13/04/2024", "14/04/2024", "04/13/2024"}, DateDMY, ""},
		{"slash decides over iso", []string{"2024-03-04", "03/14/2024"}, DateMDY, ""},
		{"most common shape", []string{"2024-03-04", "04.03.2024", "05.03.2024"}, DateDMYDot, ""},
		{"month names", []string{"08 Jan 2026", "8 Feb 2026", "2026-03-01"}, DateDMonY, ""},
		{"month names beside slash dates", []string{"08 Jan 2026", "03/04/2026", "25/04/2026"}, DateDMY, ""},
		{"empty column", []string{"", " "}, "", ""},
		{"no dates", []string{"soon", "later"}, "", "no dates found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DetectDateLayout(tc.values)
			if got != tc.want {
				t.Errorf("layout %q, want %q", got, tc.want)
			}
			if errStr(err) != tc.wantErr {
				t.Errorf("error %q, want %q", errStr(err), tc.wantErr)
			}
		})
	}
}

func errStr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
