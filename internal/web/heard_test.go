package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestHeardAboutOnMarketing: the answers to "how did you hear about us?"
// on /marketing, mapped once by staff (not viewers) to an activity; the
// accounts that gave it get their pos touch; in English and German.
func TestHeardAboutOnMarketing(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := f.st.ImportActivities(op, []crm.ActivityRecord{{Line: 2, Activity: crm.Activity{Name: "Trade fair", Kind: "event", Marketing: true}}},
		crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ImportAccounts(op, []crm.AccountRecord{
		{Line: 2, Account: crm.Account{ExternalID: "H1", Name: "Heard One", HeardAbout: "At the fair " + hostile}},
		{Line: 3, Account: crm.Account{ExternalID: "H2", Name: "Heard Two", HeardAbout: "at the FAIR " + hostile}},
	}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	acts, _ := f.st.Activities(op)
	staff := f.client(t, crm.RoleStaff)
	code, page := get(t, staff, f.ts.URL+"/marketing")
	if code != http.StatusOK || !strings.Contains(page, "How they heard of us") || !strings.Contains(page, `action="/marketing/heard"`) ||
		strings.Contains(page, hostile) {
		t.Fatalf("%d: the answers, their form, escaped", code)
	}
	form := url.Values{"answer": {"AT THE FAIR " + hostile}, "activity_id": {strconv.FormatInt(acts[0].ID, 10)}, "back": {"/marketing?model=linear"}}
	if res, err := f.client(t, crm.RoleViewer).PostForm(f.ts.URL+"/marketing/heard", form); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer maps: %v %v", res.Status, err)
	}
	res, err := staff.PostForm(f.ts.URL+"/marketing/heard", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/marketing?mapped=2&model=linear" {
		t.Fatalf("%d %q", res.StatusCode, loc)
	}
	code, page = get(t, staff, f.ts.URL+"/marketing?mapped=2")
	if code != http.StatusOK || !strings.Contains(page, "Mapped: 2 customers got a point-of-sale touch.") || strings.Contains(page, `action="/marketing/heard"`) {
		t.Errorf("after mapping: %d", code)
	}
	touches, err := f.st.ActivityTouches(op)
	if err != nil || len(touches) != 2 || touches[0].Method != crm.TouchPOS {
		t.Errorf("touches %+v %v", touches, err)
	}
	req, _ := http.NewRequest("GET", f.ts.URL+"/marketing", nil)
	req.Header.Set("Accept-Language", "de")
	res, err = staff.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), "Wie sie von uns erfahren haben") {
		t.Error("the German page lacks its heading")
	}
}
