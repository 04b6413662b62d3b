package ingest

import "strings"

// CDNOW's transaction log as Fader and Hardie published it (CDNOW_master.txt,
// and the 1/10 sample CDNOW_sample.txt): space-separated, the customer's
// zero-padded number, the day as YYYYMMDD, the number of CDs and the dollar
// value. The copy that lifetimes ships adds a header line; the published
// files have none.

func init() {
	cdnow := func(name, tool string, header []string) *Profile {
		return &Profile{
			Name: name, Tool: tool, Kind: KindOrders, Verified: VerifiedReal,
			Match:   header,
			Columns: map[string]string{"customer_id": "customer_id", "date": "date", "dollar_value": "amount"},
			Header:  header, Shape: cdnowShape,
			DateFormat: DateYYYYMMDD, Decimal: DecimalPoint,
		}
	}
	profiles = append(profiles,
		cdnow("cdnow", "CDNOW transaction log (Fader & Hardie)", []string{"customer_id", "date", "number_of_cds", "dollar_value"}),
		cdnow("cdnow-sample", "CDNOW 1/10 sample (Fader & Hardie)", []string{"customer_id", "sample_id", "date", "number_of_cds", "dollar_value"}),
	)
}

// cdnowShape reports whether a first line is a CDNOW transaction: numbers,
// one of them a day of 1997 or 1998.
func cdnowShape(first []string) bool {
	day := false
	for _, f := range first {
		if !isNumber([]byte(f)) {
			return false
		}
		day = day || len(f) == 8 && (strings.HasPrefix(f, "1997") || strings.HasPrefix(f, "1998"))
	}
	return day
}
