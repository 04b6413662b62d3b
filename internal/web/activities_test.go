package web

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/importer"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// TestActivityPages: the activities list filters, pages and exports;
// an activity's page shows its costs, codes, a link builder, its touches
// (CSV too) and what it is credited with; in English and German.
func TestActivityPages(t *testing.T) {
	f := newFixture(t)
	f.marketingData(t) // the reference's activities and touches (marketing_test.go)
	op := crm.WithActor(context.Background(), crm.Operator)
	acts, err := f.st.Activities(op)
	if err != nil || len(acts) == 0 {
		t.Fatal(acts, err)
	}
	viewer := f.client(t, crm.RoleViewer)
	code, page := get(t, viewer, f.ts.URL+"/marketing/activities")
	if code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	for _, a := range acts {
		if !strings.Contains(page, ">"+a.Name+"<") {
			t.Errorf("the list lacks %q", a.Name)
		}
	}
	var li crm.Activity
	for _, a := range acts {
		if a.Name == "LinkedIn ads" {
			li = a
		}
	}
	if li.ID == 0 || len(li.Codes) == 0 {
		t.Fatalf("the reference's LinkedIn ads: %+v", acts)
	}
	// Filters: by kind, by a code.
	code, page = get(t, viewer, f.ts.URL+"/marketing/activities?kind=ad")
	if code != http.StatusOK || !strings.Contains(page, "LinkedIn ads") || strings.Contains(page, ">Trade show<") {
		t.Errorf("kind=ad: %d", code)
	}
	code, page = get(t, viewer, f.ts.URL+"/marketing/activities?q="+strings.ToUpper(li.Codes[0]))
	if code != http.StatusOK || !strings.Contains(page, "LinkedIn ads") {
		t.Errorf("q=code: %d", code)
	}
	if code, _ := get(t, viewer, f.ts.URL+"/marketing/activities?kind=zeppelin"); code != http.StatusBadRequest {
		t.Errorf("an unknown kind: %d", code)
	}
	code, rows := csvRows(t, viewer, f.ts.URL+"/marketing/activities.csv?kind=ad")
	if code != http.StatusOK || strings.Join(rows[0], ",") != "id,activity,kind,channel,status,marketing,start,end,cost,codes" || len(rows) < 2 {
		t.Errorf("CSV %d %q", code, rows)
	}
	for _, r := range rows[1:] {
		if r[2] != "ad" {
			t.Errorf("CSV row of kind %q", r[2])
		}
	}

	// The activity's page: cost 3,000.00 and 1 customer credited under
	// first touch (the reference's example, over all new customers).
	id := strconv.FormatInt(li.ID, 10)
	code, page = get(t, viewer, f.ts.URL+"/marketing/activities/"+id+"?base=https://www.firm.example/offer%3Fa%3D1&utm_source=linkedin&utm_medium=social")
	if code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	for _, w := range []string{"3,000.00", "Customers credited", "utm_campaign=" + li.Codes[0], "https://www.firm.example/offer?a=1&amp;vf=" + li.Codes[0],
		"utm_source=linkedin", "Touches"} {
		if !strings.Contains(page, w) {
			t.Errorf("the activity's page lacks %q", w)
		}
	}
	if _, page := get(t, viewer, f.ts.URL+"/marketing/activities/"+id+"?base=javascript:alert(1)"); !strings.Contains(page, "starting with https://") {
		t.Error("a bad base address is not refused")
	}
	if code, _ := get(t, viewer, f.ts.URL+"/marketing/activities/99999"); code != http.StatusNotFound {
		t.Errorf("an unknown activity: %d", code)
	}
	code, rows = csvRows(t, viewer, f.ts.URL+"/marketing/activities/"+id+"/touches.csv")
	if code != http.StatusOK || strings.Join(rows[0], ",") != "account_id,account,activity,date,method,recorded_by" || len(rows) < 2 || rows[1][2] != "LinkedIn ads" {
		t.Errorf("touches CSV %d %q", code, rows)
	}
	req, _ := http.NewRequest("GET", f.ts.URL+"/marketing/activities/"+id, nil)
	req.Header.Set("Accept-Language", "de")
	res, err := viewer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, w := range []string{"Zugerechnete Kunden", "Tracking-Codes", "3.000,00"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("the German page lacks %q", w)
		}
	}
}

// TestActivityLinks: staff download the link of each contact for a mail
// merge; a visit by one of those links is tied to the contact's account
// and becomes a forward touch of the activity.
func TestActivityLinks(t *testing.T) {
	f := newFixture(t)
	f.marketingData(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := f.st.ImportContacts(op, []crm.ContactRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "C3"}, Contact: crm.Contact{Name: "Greta Gamma",
		Status: crm.ContactActive, Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "greta@gamma.example"}}}}}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	acts, _ := f.st.Activities(op)
	var li crm.Activity
	for _, a := range acts {
		if a.Name == "LinkedIn ads" {
			li = a
		}
	}
	q := "/marketing/activities/" + strconv.FormatInt(li.ID, 10) + "/links.csv?base=https://www.firm.example/offer&utm_source=newsletter&utm_medium=email"
	if code, _ := get(t, f.client(t, crm.RoleViewer), f.ts.URL+q); code != http.StatusForbidden {
		t.Errorf("a viewer: %d", code)
	}
	staff := f.client(t, crm.RoleStaff)
	if _, page := get(t, staff, f.ts.URL+"/marketing/activities/"+strconv.FormatInt(li.ID, 10)+"?base=https://www.firm.example/offer"); !strings.Contains(page, "/links.csv?base=") {
		t.Error("the activity's page does not offer the contacts' links")
	}
	code, rows := csvRows(t, staff, f.ts.URL+q)
	if code != http.StatusOK || len(rows) != 2 || rows[1][1] != "Greta Gamma" || rows[1][2] != "greta@gamma.example" {
		t.Fatalf("links CSV %d %q", code, rows)
	}
	link := rows[1][5]
	if !strings.Contains(link, "utm_campaign="+li.Codes[0]) || !strings.Contains(link, "vf_c=") {
		t.Fatalf("link %q", link)
	}
	// Greta follows the link: her visit is C3's, and C3 met LinkedIn ads.
	h, ok := parseHit(hitInput{Event: crm.HitPageview, URL: link})
	if !ok {
		t.Fatal("the link is no page address")
	}
	h.IP, h.UserAgent = "192.0.2.77", browserUA
	if err := f.st.LogHit(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	ws, err := f.st.WebStats(op, crm.WebQuery{})
	c3, _ := strconv.ParseInt(rows[1][3], 10, 64)
	if err != nil || len(ws.Visits) != 1 || ws.Visits[0].AccountID != c3 || ws.Visits[0].ActivityID != li.ID {
		t.Errorf("visit %+v %v, want C3's (%d) by LinkedIn ads", ws.Visits, err, c3)
	}
	touches, _ := f.st.ActivityTouches(op)
	found := false
	for _, tc := range touches {
		found = found || tc.AccountID == c3 && tc.ActivityID == li.ID && tc.Method == crm.TouchForward && tc.RecordedBy == "web"
	}
	if !found {
		t.Errorf("no forward touch of C3 with LinkedIn ads by the web: %+v", touches)
	}
}

// TestActivityAims: an activities file (German headers) gives an activity
// what it should achieve, the result it is meant to bring and a target;
// the activity's page sets what it reached against it: LinkedIn ads, to
// bring five new customers, is the first touch of C0 (2023) and C1 (2024)
// — two; the trade show, meant for ten inquiries, has no web visits — 0.
func TestActivityAims(t *testing.T) {
	f := newFixture(t)
	f.marketingData(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	file := "activity,kind,cost,start,end,code,marketing,Ziel,Ergebnis,Zielwert\n" +
		"LinkedIn ads,ad,3000,2024-03-01,2024-04-30,spring-li,true,Verhalten,Neukunden,5\n" +
		"Trade show,event,5000,2024-04-10,2024-04-12,SHOW25,true,awareness,inquiries,10\n"
	if _, err := importer.Run(op, f.st, ingest.KindActivities, strings.NewReader(file), ingest.Options{File: "aims.csv"}, crm.ImportOptions{File: "aims.csv"}, nil); err != nil {
		t.Fatal(err)
	}
	acts, err := f.st.Activities(op)
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]int64{}
	for _, a := range acts {
		id[a.Name] = a.ID
		if a.Name == "LinkedIn ads" && (a.Objective != crm.ObjectiveBehaviour || a.IntendedResult != crm.ResultNewCustomers || a.Target != 5 || a.Cost != 300000) {
			t.Errorf("LinkedIn ads: %+v", a)
		}
	}
	viewer := f.client(t, crm.RoleViewer)
	for name, want := range map[string]string{"LinkedIn ads": "new customers · target 5 · <strong>reached 2</strong>", "Trade show": "inquiries · target 10 · <strong>reached 0</strong>"} {
		code, page := get(t, viewer, f.ts.URL+"/marketing/activities/"+strconv.FormatInt(id[name], 10))
		if code != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("%s: %d, no %q", name, code, want)
		}
	}
	if _, err := importer.Run(op, f.st, ingest.KindActivities, strings.NewReader("activity,Ziel\nX,Glück\n"), ingest.Options{File: "bad.csv"}, crm.ImportOptions{File: "bad.csv"}, nil); err == nil || !strings.Contains(err.Error(), "bad.csv:2: objective") {
		t.Errorf("an unknown objective: %v", err)
	}
}
