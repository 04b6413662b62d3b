package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// sendJSON sends body to path with method and a bearer token.
func (f *fixture) sendJSON(t *testing.T, method, token, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestReferrals: staff give a contact a referral code on Account 360 (the
// API gives the same); an account created through it by the API or the
// public link carries who referred it; a self-referral and an existing
// customer are refused with their reason; the public page says the same
// for every code, refuses cross-origin posts and is rate-limited; the
// referrals list filters, pages and exports; on SQLite and PostgreSQL.
func TestReferrals(t *testing.T) {
	onDatabases(t, func(t *testing.T, dsn string) {
		f := newFixtureOn(t, dsn)
		op := crm.WithActor(context.Background(), crm.Operator)
		dir, err := f.st.Directory(op)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for _, d := range dir {
			ids[d.Name] = d.ID
		}
		brandt, cramer := ids["Brandt KG"], ids["Cramer AG"]
		contact, err := f.st.CreateContact(op, crm.Contact{AccountID: brandt, Name: "Bruno Brandt", Status: crm.ContactActive})
		if err != nil {
			t.Fatal(err)
		}
		staff := f.client(t, crm.RoleStaff)
		res, err := staff.PostForm(f.ts.URL+"/contacts/"+strconv.FormatInt(contact.ID, 10)+"/referral-code", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/accounts/"+strconv.FormatInt(brandt, 10)+"#contacts" {
			t.Fatalf("give a code: %s %s", res.Status, res.Header.Get("Location"))
		}
		codes, err := f.st.ReferralCodes(op, brandt)
		if err != nil || len(codes) != 1 {
			t.Fatalf("codes: %+v %v", codes, err)
		}
		code := codes[0].Code
		if _, body := get(t, staff, f.ts.URL+"/accounts/"+strconv.FormatInt(brandt, 10)); !strings.Contains(body, "<code>"+code+"</code>") || !strings.Contains(body, `href="/r/`+code+`"`) {
			t.Errorf("Account 360 does not show the code: %s", mainOf(body))
		}
		tok := f.token(t, crm.RoleStaff)
		if st, body := f.sendJSON(t, http.MethodPost, tok, "/api/v1/contacts/"+strconv.FormatInt(contact.ID, 10)+"/referral-code", ""); st != http.StatusOK ||
			!strings.Contains(body, `"code":"`+code+`"`) || !strings.Contains(body, `"link":"/r/`+code+`"`) {
			t.Errorf("the API's code: %d %s", st, body)
		}
		// Through the API, the code typed in capitals.
		st, body := f.sendJSON(t, http.MethodPost, tok, "/api/v1/accounts", `{"name":"Fresh Co","referral_code":"`+strings.ToUpper(code)+`"}`)
		if st != http.StatusCreated || !strings.Contains(body, `"referred_by_id":`+strconv.FormatInt(brandt, 10)) {
			t.Fatalf("create with a code: %d %s", st, body)
		}
		for _, c := range []struct {
			id   int64
			want string
		}{{cramer, "already a customer before the referral (first order on 2024-01-15)"}, {brandt, "an account cannot refer itself"}} {
			st, body := f.sendJSON(t, http.MethodPatch, tok, "/api/v1/accounts/"+strconv.FormatInt(c.id, 10), `{"referral_code":"`+code+`"}`)
			if st != http.StatusBadRequest || !strings.Contains(body, c.want) {
				t.Errorf("refer %d: %d %s, want 400 %q", c.id, st, body, c.want)
			}
		}
		// The public page: the same for a known and an unknown code.
		anon := f.client(t, "")
		_, known := get(t, anon, f.ts.URL+"/r/"+code)
		_, unknown := get(t, anon, f.ts.URL+"/r/2345678923")
		if !strings.Contains(known, `name="company"`) || strings.ReplaceAll(known, code, "X") != strings.ReplaceAll(unknown, "2345678923", "X") {
			t.Errorf("the page differs for an unknown code:\n%s\n%s", mainOf(known), mainOf(unknown))
		}
		form := url.Values{"company": {"Grün GmbH"}, "name": {"Greta"}, "email": {"greta@gruen.example"}}
		for _, c := range []string{code, "2345678923"} {
			res, err := anon.PostForm(f.ts.URL+"/r/"+c, form)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "Thank you. We will be in touch soon.") {
				t.Errorf("post to %s: %s %s", c, res.Status, mainOf(string(b)))
			}
		}
		req, _ := http.NewRequest(http.MethodPost, f.ts.URL+"/r/"+code, strings.NewReader(url.Values{"company": {"Evil Ltd"}, "email": {"e@evil.example"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res := do(t, anon, req); res.StatusCode != http.StatusForbidden {
			t.Errorf("a cross-origin post: %d, want 403", res.StatusCode)
		}
		list, err := f.st.ReferralList(op)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, e := range list {
			got[e.Name] = e.Via + " " + strconv.FormatInt(e.ReferrerID, 10)
		}
		want := map[string]string{"Fresh Co": "api " + strconv.FormatInt(brandt, 10), "Grün GmbH": "link " + strconv.FormatInt(brandt, 10)}
		if len(got) != len(want) || got["Fresh Co"] != want["Fresh Co"] || got["Grün GmbH"] != want["Grün GmbH"] {
			t.Errorf("referred: %v, want %v", got, want)
		}
		// The list: both referred, none a customer yet.
		viewer := f.client(t, crm.RoleViewer)
		if code, body := get(t, viewer, f.ts.URL+"/referrals"); code != http.StatusOK || !strings.Contains(body, ">Fresh Co</a>") || !strings.Contains(body, ">Grün GmbH</a>") {
			t.Errorf("the list: %d %s", code, mainOf(body))
		}
		if _, body := get(t, viewer, f.ts.URL+"/referrals?stage=customer"); strings.Contains(body, "Fresh Co") || !strings.Contains(body, "None.") {
			t.Errorf("filtered to customers: %s", mainOf(body))
		}
		if _, body := get(t, viewer, f.ts.URL+"/referrals?q=gr%C3%BCn"); strings.Contains(body, "Fresh Co") || !strings.Contains(body, "Grün GmbH") {
			t.Errorf("filtered by name: %s", mainOf(body))
		}
		_, csv := get(t, viewer, f.ts.URL+"/referrals.csv?stage=referred")
		if !strings.HasPrefix(csv, "account_id,account,referrer_id,referrer,contact_id,contact,code,via,referred,customer,repeat,stage\n") || strings.Count(csv, "\n") != 3 ||
			!strings.Contains(csv, ",Brandt KG,"+strconv.FormatInt(contact.ID, 10)+",Bruno Brandt,"+code+",link,") {
			t.Errorf("the CSV: %s", csv)
		}
		vt := f.token(t, crm.RoleViewer)
		req, _ = http.NewRequest(http.MethodGet, f.ts.URL+"/api/v1/referrals?stage=referred&limit=1", nil)
		req.Header.Set("Authorization", "Bearer "+vt)
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page listOf[apiReferral]
		if err := json.NewDecoder(res.Body).Decode(&page); err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || page.Total != 2 || len(page.Items) != 1 || page.Items[0].ReferrerID != brandt {
			t.Errorf("the API's list: %d %+v", res.StatusCode, page)
		}
		// Rate-limited: 30 views and posts an hour per address; this test
		// made 4.
		limited := 0
		for i := 0; i < 30; i++ {
			if code, _ := get(t, anon, f.ts.URL+"/r/"+code); code == http.StatusTooManyRequests {
				limited = i + 4
				break
			}
		}
		if limited != 30 {
			t.Errorf("limited after %d requests, want 30", limited)
		}
	})
}

// TestPortalReferralLink: a portal contact with a referral code sees their
// own link on the portal's home; a colleague at the same account without
// one sees none (not theirs either).
func TestPortalReferralLink(t *testing.T) {
	w := newPortalWorld(t, testkit.SQLite(t))
	op := crm.WithActor(context.Background(), crm.Operator)
	colleague, err := w.f.st.CreateContact(op, crm.Contact{AccountID: w.a, Name: "Colleague", Status: crm.ContactActive})
	if err != nil {
		t.Fatal(err)
	}
	other, err := w.f.st.ReferralCodeFor(op, colleague.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := w.accept(t, w.tokA, "a long enough password")
	if _, body := w.get(t, c, "/portal"); strings.Contains(body, `id="referral"`) || strings.Contains(body, other.Code) {
		t.Errorf("a link without a code of one's own: %s", mainOf(body))
	}
	rc, err := w.f.st.ReferralCodeFor(op, w.a1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, body := w.get(t, c, "/portal"); !strings.Contains(body, `<code class="invite-link">/r/`+rc.Code+`</code>`) || strings.Contains(body, other.Code) {
		t.Errorf("the contact's own link: %s", mainOf(body))
	}
}
