package ingest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestReadWebStats: the exports of Plausible (the dashboard's ZIP),
// GoatCounter (pageviews CSV) and Matomo (API CSV with dates, a UI export
// in UTF-16 with translated headers) are told apart by their content and
// read into figures, counted by hand from the fixtures.
func TestReadWebStats(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	w := func(src, from, to, dim, value string, visitors, visits, pageviews int) string {
		return fmt.Sprintf("%s %s..%s %s %q %d/%d/%d", src, from, to, dim, value, visitors, visits, pageviews)
	}
	opt := WebStatsOptions{From: d("2026-10-01"), To: d("2026-10-31")}
	for _, tc := range []struct {
		file, tool string
		want       []string
	}{
		{"plausible-export.zip", "plausible", []string{
			w("plausible", "2026-11-01", "2026-11-01", "total", "", 120, 0, 310),
			w("plausible", "2026-11-02", "2026-11-02", "total", "", 95, 0, 240),
			w("plausible", "2026-11-03", "2026-11-03", "total", "", 0, 0, 0),
			w("plausible", "2026-11-01", "2026-11-03", "page", "/", 150, 0, 260),
			w("plausible", "2026-11-01", "2026-11-03", "page", "/pricing", 60, 0, 90),
			w("plausible", "2026-11-01", "2026-11-03", "page", "/contact/thanks", 12, 0, 12),
			w("plausible", "2026-11-01", "2026-11-03", "referrer", "Direct / None", 90, 0, 0),
			w("plausible", "2026-11-01", "2026-11-03", "referrer", "Google", 70, 0, 0),
			w("plausible", "2026-11-01", "2026-11-03", "referrer", "newsletter", 30, 0, 0),
			w("plausible", "2026-11-01", "2026-11-03", "campaign", "spring24", 25, 0, 0),
		}},
		{"goatcounter-export.csv", "goatcounter", []string{
			// 2026-11-01: sessions s-1 (two pages, from news.example) and
			// s-2 (from the campaign spring24); s-3 is a bot, the event no
			// pageview. 2026-11-02: s-4.
			w("goatcounter", "2026-11-01", "2026-11-01", "total", "", 2, 0, 3),
			w("goatcounter", "2026-11-01", "2026-11-01", "page", "/", 2, 0, 2),
			w("goatcounter", "2026-11-01", "2026-11-01", "referrer", "news.example", 1, 0, 1),
			w("goatcounter", "2026-11-01", "2026-11-01", "page", "/pricing", 1, 0, 1),
			w("goatcounter", "2026-11-01", "2026-11-01", "campaign", "spring24", 1, 0, 1),
			w("goatcounter", "2026-11-02", "2026-11-02", "total", "", 1, 0, 1),
			w("goatcounter", "2026-11-02", "2026-11-02", "page", "/", 1, 0, 1),
		}},
		{"matomo-campaigns.csv", "matomo", []string{
			w("matomo", "2026-11-01", "2026-11-01", "campaign", "spring24", 14, 15, 40),
			w("matomo", "2026-11-02", "2026-11-02", "campaign", "spring24", 9, 9, 20),
			w("matomo", "2026-11-02", "2026-11-02", "campaign", "trade-show", 3, 3, 3),
		}},
		{"matomo-pages.csv", "matomo", []string{
			// No dates: the days given; "1.204" is a thousand two hundred and four.
			w("matomo", "2026-10-01", "2026-10-31", "page", "/index", 0, 1204, 1530),
			w("matomo", "2026-10-01", "2026-10-31", "page", "/pricing", 0, 310, 402),
		}},
	} {
		b, err := os.ReadFile("testdata/web/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		recs, tool, err := ReadWebStats(tc.file, b, opt)
		if err != nil || tool != tc.tool {
			t.Fatalf("%s: %s %v", tc.file, tool, err)
		}
		var got []string
		for _, r := range recs {
			x := r.WebImported
			got = append(got, w(x.Source, x.From.Format(time.DateOnly), x.To.Format(time.DateOnly), x.Dimension, x.Value, x.Visitors, x.Visits, x.Pageviews))
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\n%s\nwant\n%s", tc.file, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
	// GoatCounter's header also comes as "2,Path,…".
	recs, tool, err := ReadWebStats("gc.csv", []byte("2,Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date\n"+
		"/a,A,false,,,,s,0,,,,,true,2026-11-05T10:00:00Z\n"), opt)
	if err != nil || tool != "goatcounter" || len(recs) != 2 || recs[0].Pageviews != 1 {
		t.Errorf("2,Path header: %s %+v %v", tool, recs, err)
	}
	for _, c := range []struct{ name, body, want string }{
		{"x.csv", "customer,amount\nC1,10\n", "not an export of Plausible, Matomo or GoatCounter"},
		{"report.csv", "label,nb_visits\nx,1\n", "which Matomo report is it?"},
		{"pages.csv", "name,visitors,pageviews\n/,ten,1\n", "pages.csv:2: visitors: want a count"},
		{"gc.csv", "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date\n/,A,false,,,,s,0,,,,,true,yesterday\n",
			"gc.csv:2: Date"},
		{"x.zip", "PK\x03\x04junk", "x.zip"},
	} {
		if _, _, err := ReadWebStats(c.name, []byte(c.body), opt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
