package web

import (
	"context"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// accountIDs returns the fixture's account ids by name.
func (f *fixture) accountIDs(t *testing.T) map[string]int64 {
	t.Helper()
	dir, err := f.st.Directory(crm.WithActor(context.Background(), crm.Operator))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, d := range dir {
		out[d.Name] = d.ID
	}
	return out
}

// restricted makes Brandt KG's owner restricted@example.com, a staff user
// who sees her own accounts only, and returns her signed-in client.
func (f *fixture) restricted(t *testing.T) *http.Client {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := f.st.UpdateAccount(op, f.accountIDs(t)["Brandt KG"], func(a *crm.Account) error {
		a.Owner = "restricted@example.com"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h, _ := auth.HashPassword(password)
	if _, err := f.st.CreateUser(op, "restricted@example.com", "Rita Restricted", crm.RoleStaff, h); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.SetOwnAccountsOnly(op, "restricted@example.com", true, ""); err != nil {
		t.Fatal(err)
	}
	return f.client(t, "restricted")
}

// TestAccountHeadline: the fixture's orders lie in 2024-01..05 (the as-of
// day 2024-05-15), so the last three complete months are February to
// April 2024. The hostile account (5,000 a month, January to May) has no
// orders a year earlier: a new customer, 15,000, no percentage. Brandt
// KG (4,000 a month, January to April: 12,000) gets an order of 8,000 on
// 2023-03-10: up 50%. Dietz GmbH (2,000 in January and February: 2,000)
// gets 4,000 on 2023-02-20: down 50%. Ebert OHG's only order (January)
// lies in neither window, and 2022 orders make it no new customer.
func TestAccountHeadline(t *testing.T) {
	f := newFixture(t)
	ids := f.accountIDs(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	if _, err := f.st.ImportOrders(op, []crm.OrderRecord{
		{Line: 2, Account: crm.AccountRef{Name: "Brandt KG"}, Order: crm.Order{ExternalID: "OLD-1", OrderedAt: day("2023-03-10"), Amount: cents(8000)}},
		{Line: 3, Account: crm.AccountRef{Name: "Dietz GmbH"}, Order: crm.Order{ExternalID: "OLD-2", OrderedAt: day("2023-02-20"), Amount: cents(4000)}},
		{Line: 4, Account: crm.AccountRef{Name: "Ebert OHG"}, Order: crm.Order{ExternalID: "OLD-3", OrderedAt: day("2022-03-01"), Amount: cents(10)}},
	}, crm.ImportOptions{File: "old.csv"}); err != nil {
		t.Fatal(err)
	}
	c := f.client(t, crm.RoleViewer)
	settled(t, c, f.ts.URL)
	for name, want := range map[string][]string{
		"Hostile " + hostile: {"15,000.00", "new customer", "no orders in the same months a year earlier"},
		"Brandt KG":          {"12,000.00", "up 50.0% on the same months a year earlier (8,000.00)"},
		"Dietz GmbH":         {"2,000.00", "down 50.0% on the same months a year earlier (4,000.00)"},
		"Ebert OHG":          {"0.00", "no orders in these months or the same months a year earlier"},
	} {
		code, body := get(t, c, f.ts.URL+"/accounts/"+strconv.FormatInt(ids[name], 10))
		if code != http.StatusOK {
			t.Fatalf("%s: %d", name, code)
		}
		head := html.UnescapeString(match(body, `(?s)<p class="headline" id="headline">(.*?)</p>`))
		if !strings.Contains(head, "2024-02-01 – 2024-04-30") {
			t.Errorf("%s: headline window: %q", name, head)
		}
		for _, w := range want {
			if !strings.Contains(head, w) {
				t.Errorf("%s: headline %q lacks %q", name, head, w)
			}
		}
		if strings.Contains(head, "down 100") {
			t.Errorf("%s: %q", name, head)
		}
	}
	// German: the same headline in the language's format.
	de := f.client(t, crm.RoleViewer)
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/accounts/"+strconv.FormatInt(ids["Brandt KG"], 10), nil)
	req.Header.Set("Accept-Language", "de")
	res, err := de.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b := new(strings.Builder)
	_, _ = io.Copy(b, res.Body)
	res.Body.Close()
	if head := html.UnescapeString(match(b.String(), `(?s)<p class="headline" id="headline">(.*?)</p>`)); !strings.Contains(head, "01.02.2024 – 30.04.2024") ||
		!strings.Contains(head, "12.000,00") || !strings.Contains(head, "50,0\u00a0% mehr als in denselben Monaten des Vorjahres (8.000,00)") {
		t.Errorf("German headline: %q", head)
	}
}

// TestAccountContactsVerifiedAndNotes: mailto and tel links from the
// stored identities, escaped; "verified today" writes last_verified_at
// (audited) and a restricted user can neither see nor verify another
// account's contact; notes show their author.
func TestAccountContactsVerifiedAndNotes(t *testing.T) {
	f := newFixture(t)
	ids := f.accountIDs(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	anna, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: "Anna " + hostile, Status: crm.ContactActive,
		Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "anna@hostile.example"}, {Kind: crm.IdentityPhone, Value: "+49 (30) 123-456"}}})
	if err != nil {
		t.Fatal(err)
	}
	bernd, err := f.st.CreateContact(op, crm.Contact{AccountID: ids["Brandt KG"], Name: "Bernd", Status: crm.ContactActive})
	if err != nil {
		t.Fatal(err)
	}
	staff := f.client(t, crm.RoleStaff)
	page := f.ts.URL + "/accounts/" + strconv.FormatInt(f.accountID, 10)
	_, body := get(t, staff, page)
	for _, want := range []string{`href="mailto:anna@hostile.example"`, `href="tel:&#43;4930123456"`, "by staff@example.com",
		`action="/contacts/` + strconv.FormatInt(anna.ID, 10) + `/verified"`, "never verified"} {
		if !strings.Contains(body, want) {
			t.Errorf("account page lacks %s", want)
		}
	}
	if strings.Contains(body, hostile) {
		t.Error("hostile text unescaped")
	}
	if got := match(body, `href="tel:([^"]*)"`); got != "&#43;4930123456" && got != "+4930123456" {
		t.Errorf("tel link %q", got)
	}

	// A viewer may not verify.
	if res, err := f.client(t, crm.RoleViewer).PostForm(f.ts.URL+"/contacts/"+strconv.FormatInt(anna.ID, 10)+"/verified", nil); err != nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer verifies: %v %v", res.StatusCode, err)
	}
	// The restricted user: another account's contact looks missing.
	rita := f.restricted(t)
	res, err := rita.PostForm(f.ts.URL+"/contacts/"+strconv.FormatInt(anna.ID, 10)+"/verified", nil)
	if err != nil || res.StatusCode != http.StatusNotFound {
		t.Fatalf("restricted verifies another account's contact: %v %v", res.StatusCode, err)
	}
	if c, _ := f.st.Contact(op, anna.ID); !c.LastVerifiedAt.IsZero() {
		t.Errorf("restricted user's verification stored: %v", c.LastVerifiedAt)
	}
	if code, _ := get(t, rita, page); code != http.StatusNotFound {
		t.Errorf("restricted user reads another account: %d", code)
	}
	// Her own contact: verified, back to the account's contacts.
	res, err = rita.PostForm(f.ts.URL+"/contacts/"+strconv.FormatInt(bernd.ID, 10)+"/verified", nil)
	if err != nil || res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/accounts/"+strconv.FormatInt(ids["Brandt KG"], 10)+"#contacts" {
		t.Fatalf("restricted verifies her contact: %v %v %q", res.StatusCode, err, res.Header.Get("Location"))
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if c, _ := f.st.Contact(op, bernd.ID); c.LastVerifiedAt.Format(time.DateOnly) != today {
		t.Errorf("verified %v, want %s", c.LastVerifiedAt, today)
	}

	// Staff verifies Anna; back is kept when it is a local path, not another site.
	res, err = staff.PostForm(f.ts.URL+"/contacts/"+strconv.FormatInt(anna.ID, 10)+"/verified", url.Values{"back": {"//evil.example/"}})
	if err != nil || res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/accounts/"+strconv.FormatInt(f.accountID, 10)+"#contacts" {
		t.Fatalf("verify: %v %v %q", res.StatusCode, err, res.Header.Get("Location"))
	}
	_, body = get(t, staff, page)
	if !strings.Contains(body, "verified "+today) {
		t.Errorf("page does not show the verification of %s", today)
	}
	entries, _, err := f.st.Audit(op, store.AuditFilter{Entity: "contact", EntityID: anna.ID})
	if err != nil || len(entries) != 2 || entries[0].Actor != "staff@example.com" || entries[0].Action != "update" ||
		!strings.Contains(string(entries[0].After), `"last_verified_at":"`+today) {
		t.Errorf("audit: %v %+v", err, entries)
	}
}

// TestAccountComplaintFlag: of the care fixture's 1,000 open items, 250
// are the hostile account's (i%4 == 0), 50 of them overdue (i%20 == 0);
// the flag at the top says so and links the care queue filtered to the
// account, which then shows those 250. The restricted user (Brandt KG's
// owner) finds none of them there.
func TestAccountComplaintFlag(t *testing.T) {
	f, _ := careFixture(t, testkit.SQLite(t))
	staff := f.client(t, crm.RoleStaff)
	settled(t, staff, f.ts.URL)
	id := strconv.FormatInt(f.accountID, 10)
	_, body := get(t, staff, f.ts.URL+"/accounts/"+id)
	flag := match(body, `(?s)<p class="alert overdue" role="alert" id="complaints">(.*?)</p>`)
	if !strings.Contains(flag, "Open complaints or questions: 250, overdue: 50.") || !strings.Contains(flag, `href="/care?account=`+id+`"`) {
		t.Errorf("flag: %q", flag)
	}
	_, total, body := careShown(t, staff, f.ts.URL+"/care?account="+id)
	if !strings.Contains(body, `href="/care.csv?account=`+id+`" download`) {
		t.Error("care: the CSV link lacks the account filter")
	}
	if total != careItems/4 {
		t.Errorf("care queue of the account: %d, want %d", total, careItems/4)
	}
	_, total, _ = careShown(t, staff, f.ts.URL+"/care?account="+id+"&overdue=1")
	if total != careItems/20 {
		t.Errorf("overdue of the account: %d, want %d", total, careItems/20)
	}
	// Brandt KG: 250 items (i%4 == 1), none overdue (i%20 == 0 is even).
	rita := f.restricted(t)
	brandt := strconv.FormatInt(f.accountIDs(t)["Brandt KG"], 10)
	_, body = get(t, rita, f.ts.URL+"/accounts/"+brandt)
	if flag := match(body, `(?s)<p class="alert" role="alert" id="complaints">(.*?)</p>`); !strings.Contains(flag, "Open complaints or questions: 250.") {
		t.Errorf("Brandt KG's flag: %q", flag)
	}
	if ids, _, _ := careShown(t, rita, f.ts.URL+"/care?account="+id); len(ids) != 0 {
		t.Errorf("restricted user sees %d items of another account", len(ids))
	}
}

// TestAccountForecast: with 150 more customers the customer model fits; the
// account page shows the account's P(alive), expected orders and revenue,
// CLV as the CLV report has them, and win-back value = lifetime revenue ×
// (1 − P(alive)).
func TestAccountForecast(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	// Customers who buy at their own rate and drop out at their own
	// time, as the model assumes (a fixed seed: the same orders each run).
	var orders []crm.OrderRecord
	start, _ := time.Parse(time.DateOnly, "2021-01-04")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 150 {
		gap := 10 + rng.ExpFloat64()*60 // mean days between orders
		life := rng.ExpFloat64() * 500  // days until the customer drops out
		at := rng.Float64() * 200       // first order
		for n := 0; n == 0 || at < 1200 && at < life; n++ {
			orders = append(orders, crm.OrderRecord{Line: len(orders) + 2, Account: crm.AccountRef{Name: "Model " + strconv.Itoa(i)},
				Order: crm.Order{ExternalID: "M-" + strconv.Itoa(len(orders)), OrderedAt: start.AddDate(0, 0, int(at)), Amount: cents(float64(50 + rng.IntN(500)))}})
			at += 1 + rng.ExpFloat64()*gap
		}
	}
	if _, err := f.st.ImportOrders(op, orders, crm.ImportOptions{File: "model.csv"}); err != nil {
		t.Fatal(err)
	}
	rep, err := report.CLV(op, f.st, report.Params{})
	if err != nil || rep.Model == nil {
		t.Fatalf("no model: %v %s", err, rep.Note)
	}
	var a report.CLVAccount
	for _, x := range rep.Accounts {
		if x.ID == f.accountID {
			a = x
		}
	}
	if a.ID == 0 {
		t.Fatal("the hostile account has no forecast")
	}
	c := f.client(t, crm.RoleViewer)
	settled(t, c, f.ts.URL)
	_, body := get(t, c, f.ts.URL+"/accounts/"+strconv.FormatInt(f.accountID, 10))
	box := html.UnescapeString(match(body, `(?s)<dl class="figures" id="forecast">(.*?)</dl>`))
	l := i18n.Get("en")
	lifetime := 25000.0 // 5 orders of 5,000
	for _, want := range []string{
		"<dt>P(alive)</dt><dd>" + l.Percent(a.PAlive) + "</dd>",
		"<dt>Expected orders, next 12 months</dt><dd>" + l.Num(strconv.FormatFloat(a.ExpectedPurchases, 'f', 1, 64)) + "</dd>",
		"<dt>Expected revenue, next 12 months</dt><dd>" + l.Money(a.ExpectedRevenue) + "</dd>",
		"<dt>Customer lifetime value</dt><dd>" + l.Money(a.CLV) + "</dd>",
		"<dt>Win-back value</dt><dd>" + l.Money(lifetime*(1-a.PAlive)) + "</dd>",
		"How likely the customer still buys from you",
	} {
		if !strings.Contains(box, want) {
			t.Errorf("forecast lacks %q:\n%s", want, box)
		}
	}

	// The lapsed list is ranked by win-back value, the most first.
	lapsed, err := report.Lapsed(op, f.st, report.Params{})
	if err != nil || lapsed.RankedBy != "win_back_value" || lapsed.Count < 2 {
		t.Fatalf("lapsed: %v %+v", err, lapsed)
	}
	_, body = get(t, c, f.ts.URL+"/lapsed")
	if !strings.Contains(body, `aria-sort="descending"><a href="/lapsed?dir=asc">Win-back value</a> <span aria-hidden="true">▼</span>`) {
		t.Error("lapsed: the win-back column is not shown sorted")
	}
	cells := regexpAll(body, `<td class="winback"[^>]*>([^<]*)</td>`)
	if len(cells) != min(lapsed.Count, listPerPage) {
		t.Fatalf("lapsed: %d rows, want %d", len(cells), min(lapsed.Count, listPerPage))
	}
	for i, a := range lapsed.Accounts[:len(cells)] {
		if cells[i] != l.Money(*a.WinBackValue) || i > 0 && *a.WinBackValue > *lapsed.Accounts[i-1].WinBackValue {
			t.Errorf("lapsed row %d: %s, want %s, not more than the row before", i, cells[i], l.Money(*a.WinBackValue))
		}
	}
}

// match returns the first submatch of re in s; "" when none.
func match(s, re string) string {
	m := regexpMust(re).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

func regexpMust(re string) *regexp.Regexp { return regexp.MustCompile(re) }
