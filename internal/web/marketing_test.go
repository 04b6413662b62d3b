package web

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/importer"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// marketingData imports the worked example of marketing-anchors.md §7
// (internal/cli/testdata/marketing) into the fixture's database.
func (f *fixture) marketingData(t *testing.T) {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	for _, x := range []struct {
		kind ingest.Kind
		file string
	}{
		{ingest.KindOrders, "orders.csv"}, {ingest.KindActivities, "activities.csv"}, {ingest.KindActivityTouches, "touches.csv"},
	} {
		in, err := os.Open("../cli/testdata/marketing/" + x.file)
		if err != nil {
			t.Fatal(err)
		}
		_, err = importer.Run(op, f.st, x.kind, in, ingest.Options{File: x.file}, crm.ImportOptions{File: x.file}, nil)
		in.Close()
		if err != nil {
			t.Fatalf("%s: %v", x.file, err)
		}
	}
}

// TestMarketingPage: the ROI table with its model switch, MOC% overall
// and per tier, in English and German, and its CSV — the reference's
// numbers (the fixture's own customers bought first in January 2024, so
// the window starts in February).
func TestMarketingPage(t *testing.T) {
	f := newFixture(t)
	f.marketingData(t)
	viewer := f.client(t, crm.RoleViewer)
	window := "&since=2024-02-01&until=2024-12-31&value=first-year"
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"?model=first-touch" + window, []string{`<option value="first-touch" selected>`, "75.0%", "of 4 new customers came from marketing",
			"LinkedIn ads", "6,000.00", "3,000.00", "100.0%", "-1,000.00", "-20.0%", `class="loss"`}},
		{"?model=time-decay" + window, []string{`<option value="time-decay" selected>`, "6,374.78", "1,625.22"}},
		{"?model=linear" + window, []string{"5,000.00", "150.0%"}},
		{"?since=2030-01-01", []string{"No new customers in the window."}},
	} {
		code, page := get(t, viewer, f.ts.URL+"/marketing"+tc.query)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", tc.query, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the page lacks %q", tc.query, w)
			}
		}
	}
	if code, page := get(t, viewer, f.ts.URL+"/marketing?model=z-shaped"); code != http.StatusBadRequest || !strings.Contains(page, "z-shaped") {
		t.Errorf("an unknown model: %d", code)
	}
	if code, _ := get(t, viewer, f.ts.URL+"/marketing?since=yesterday"); code != http.StatusBadRequest {
		t.Errorf("a bad date: %d", code)
	}
	code, rows := csvRows(t, viewer, f.ts.URL+"/marketing.csv?model=first-touch"+window)
	if code != http.StatusOK || len(rows) != 4 || strings.Join(rows[0], ",") != "activity,kind,customers,credit,cost,roi,roi_pct" ||
		strings.Join(rows[1], ",") != "LinkedIn ads,ad,1,6000.00,3000.00,3000.00,100" {
		t.Errorf("CSV %d %q", code, rows)
	}
	// German.
	req, _ := http.NewRequest("GET", f.ts.URL+"/marketing?model=first-touch"+window, nil)
	req.Header.Set("Accept-Language", "de-DE,de;q=0.9")
	res, err := viewer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	buf := make([]byte, 1<<16)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	res.Body.Close()
	for _, w := range []string{"erster Kontakt", "Durch Marketing gewonnene Kunden", "75,0\u00a0%", "6.000,00", "Gutschrift"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("the German page lacks %q", w)
		}
	}
}
