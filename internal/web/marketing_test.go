package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
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
			"LinkedIn ads", "6,000.00", "3,000.00", "100.0%", "-1,000.00", "-20.0%", `class="loss"`,
			"2024-Q2", "66.7%", "Self-report and tracking agree for 100.0% of the 2 customers with both.", `<span class="gain">do more</span>`}},
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
	if code != http.StatusOK || len(rows) != 4 || strings.Join(rows[0], ",") != "activity,kind,customers,credit,cost,roi,roi_pct,advice,customers_a" ||
		strings.Join(rows[1][:8], ",") != "LinkedIn ads,ad,1,6000.00,3000.00,3000.00,100,scale" {
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

// TestBreakevenPageAndAPI: the calculator gives the reference's figures
// (check 10) on the page, in English and German, and in the API exactly
// as `vitalfew breakeven --json`; a price at the variable cost is refused
// with the plain reason.
func TestBreakevenPageAndAPI(t *testing.T) {
	f := newFixture(t)
	viewer := f.client(t, crm.RoleViewer)
	code, page := get(t, viewer, f.ts.URL+"/breakeven")
	if code != http.StatusOK || strings.Contains(page, `id="bev-units"`) {
		t.Fatalf("the empty form: %d", code)
	}
	q := "?fixed=12000&price=200&variable=80&target_profit=6000&units=130"
	code, page = get(t, viewer, f.ts.URL+"/breakeven"+q)
	for _, w := range []string{`id="bev-units">100 <small>(100.00)`, "20,000.00", "60.0%", "150", "3,600.00", "23.1%", "13.8%", "4.33",
		"price &#43;10%</td><td data-label=\"Break-even units\">86", "variable cost &#43;20%"} {
		if code != http.StatusOK || !strings.Contains(page, w) {
			t.Errorf("the page (%d) lacks %q", code, w)
		}
	}
	code, page = get(t, viewer, f.ts.URL+"/breakeven?fixed=12000&price=80&variable=80")
	if code != http.StatusBadRequest || !strings.Contains(page, "no break-even: price must exceed variable cost") {
		t.Errorf("price at variable cost: %d", code)
	}
	// German: a decimal comma, and the reason in German.
	for _, tc := range []struct{ query, want string }{
		{"?fixed=12000&price=199,90&variable=80", "Deckungsbeitrag"},
		{"?fixed=12000&price=80&variable=80", "kein Break-even: Der Preis muss über den variablen Kosten liegen"},
	} {
		req, _ := http.NewRequest("GET", f.ts.URL+"/breakeven"+tc.query, nil)
		req.Header.Set("Accept-Language", "de")
		res, err := viewer.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), tc.want) {
			t.Errorf("%s in German lacks %q", tc.query, tc.want)
		}
	}
}

// TestMarketingWorklist: the customers of unknown origin, the most
// valuable first; staff record where one came from (who and when kept),
// and it leaves the list and counts as marketing. Viewers see the list
// but cannot record; the way back stays on the page.
func TestMarketingWorklist(t *testing.T) {
	f := newFixture(t)
	f.marketingData(t)
	staff, viewer := f.client(t, crm.RoleStaff), f.client(t, crm.RoleViewer)
	page := "/marketing?since=2024-01-01&until=2024-12-31&value=first-year"
	code, body := get(t, staff, f.ts.URL+page)
	// The fixture's five accounts bought first on 2024-01-15 and were
	// never touched.
	if code != http.StatusOK || !strings.Contains(body, "Customers of unknown origin <small>5</small>") ||
		!strings.Contains(body, `action="/marketing/origin"`) || strings.Index(body, "Hostile") > strings.Index(body, "Ebert OHG") {
		t.Fatalf("%d: the worklist is missing or out of order", code)
	}
	if _, vb := get(t, viewer, f.ts.URL+page); !strings.Contains(vb, "Customers of unknown origin") || strings.Contains(vb, `action="/marketing/origin"`) {
		t.Error("a viewer: the list, without the forms")
	}
	acts, err := f.st.Activities(crm.WithActor(context.Background(), crm.Operator))
	if err != nil {
		t.Fatal(err)
	}
	var show int64
	for _, a := range acts {
		if a.Name == "Trade show" {
			show = a.ID
		}
	}
	brandt := f.accountIDs(t)["Brandt KG"]
	form := url.Values{"account_id": {strconv.FormatInt(brandt, 10)}, "activity_id": {strconv.FormatInt(show, 10)}, "date": {"2024-01-15"},
		"method": {"reverse"}, "back": {page}}
	if res, _ := viewer.PostForm(f.ts.URL+"/marketing/origin", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer records an origin: %d", res.StatusCode)
	}
	res, err := staff.PostForm(f.ts.URL+"/marketing/origin", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/marketing?") || !strings.Contains(loc, "done=") {
		t.Fatalf("%d %q", res.StatusCode, loc)
	}
	code, body = get(t, staff, f.ts.URL+page)
	if code != http.StatusOK || !strings.Contains(body, "Customers of unknown origin <small>4</small>") {
		t.Errorf("%d: Brandt KG is still of unknown origin", code)
	}
	ts, err := f.st.ActivityTouches(crm.WithActor(context.Background(), crm.Operator))
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, x := range ts {
		found = found || (x.AccountID == brandt && x.ActivityID == show && x.Method == crm.TouchReverse && x.RecordedBy == "staff@example.com")
	}
	if !found {
		t.Errorf("no reverse touch of Brandt KG by staff@example.com in %+v", ts)
	}
	// The same again is a conflict; a way back off the page goes to it.
	if res, _ := staff.PostForm(f.ts.URL+"/marketing/origin", form); res.StatusCode != http.StatusConflict {
		t.Errorf("twice: %d", res.StatusCode)
	}
	form.Set("date", "2024-01-16")
	form.Set("back", "https://evil.example/marketing")
	res, err = staff.PostForm(f.ts.URL+"/marketing/origin", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/marketing?done=") {
		t.Errorf("the way back: %q", loc)
	}
}
