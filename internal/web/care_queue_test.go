package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// careItems are the numbers of the 1,000 open items of the queue fixture,
// by construction: item i is
//   - of the account with the hostile name when i%4 == 0, of Brandt KG
//     (owned by the restricted user) when i%4 == 1, else of no account
//     (tier unknown); both accounts are tier A: 25,000 and 16,000 of the
//     fixture's 55,000 revenue, 45% and 74.5% cumulated, within the 80%;
//   - on x when i is even, else on linkedin;
//   - in German when i%5 == 0, else in English;
//   - posted 200 hours ago (past every tier's target: overdue) when
//     i%10 == 0, else 30 minutes ago (within every target).
const (
	careItems     = 1000
	careTierA     = careItems / 2  // i%4 == 0 or 1
	careBrandt    = careItems / 4  // i%4 == 1
	careOnX       = careItems / 2  // even
	careGerman    = careItems / 5  // i%5 == 0
	careOverdue   = careItems / 10 // i%10 == 0
	careAOverdue  = careItems / 20 // i%4 == 0 and i%10 == 0: i%20 == 0
	careGermanOnX = careItems / 10 // i%5 == 0 and even: i%10 == 0
)

// careFixture posts the 1,000 open items through the API; item 0 links a
// javascript: URL, the others an https one.
func careFixture(t *testing.T, dsn string) (*fixture, map[int64]int) {
	t.Helper()
	f := newFixtureOn(t, dsn)
	op := crm.WithActor(context.Background(), crm.Operator)
	brandt := int64(0)
	dir, _ := f.st.Directory(op)
	for _, d := range dir {
		if d.Name == "Brandt KG" {
			brandt = d.ID
		}
	}
	for id, domain := range map[int64]string{f.accountID: "hostile.example", brandt: "brandt.example"} {
		if _, err := f.st.UpdateAccount(op, id, func(a *crm.Account) error {
			a.Domain = domain
			if id == brandt {
				a.Owner = "restricted@example.com"
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC()
	var items []map[string]string
	for i := range careItems {
		it := map[string]string{"platform": "x", "id": fmt.Sprintf("q-%d", i), "url": fmt.Sprintf("https://x.example/status/%d", i),
			"text": fmt.Sprintf("Where is my delivery number %d? Nobody answers my calls and I am waiting.", i), "posted_at": now.Add(-30 * time.Minute).Format(time.RFC3339)}
		if i%2 == 1 {
			it["platform"] = "linkedin"
		}
		if i%5 == 0 {
			it["text"] = fmt.Sprintf("Wo bleibt meine Lieferung Nummer %d? Niemand geht ans Telefon und ich warte schon sehr lange.", i)
		}
		if i%10 == 0 {
			it["posted_at"] = now.Add(-200 * time.Hour).Format(time.RFC3339)
		}
		switch i % 4 {
		case 0:
			it["email"] = fmt.Sprintf("buyer%d@hostile.example", i)
		case 1:
			it["email"] = fmt.Sprintf("buyer%d@brandt.example", i)
		default:
			it["author_handle"] = fmt.Sprintf("@someone%d", i)
		}
		if i == 0 {
			it["url"] = "javascript:alert(1)"
		}
		items = append(items, it)
	}
	body, _ := json.Marshal(items)
	if code, res := f.postJSON(t, f.token(t, crm.RoleStaff), "/api/v1/mentions", string(body)); code != http.StatusOK {
		t.Fatalf("post: %d %s", code, res)
	}
	ms := openMentions(t, f.st)
	if len(ms) != careItems {
		t.Fatalf("open mentions: %d", len(ms))
	}
	index := map[int64]int{} // mention id → i
	for _, m := range ms {
		i, _ := strconv.Atoi(strings.TrimPrefix(m.ExternalID, "q-"))
		index[m.ID] = i
		if want := map[int]int64{0: f.accountID, 1: brandt}[i%4]; m.AccountID != want {
			t.Fatalf("item %d matched to %d, want %d", i, m.AccountID, want)
		}
	}
	return f, index
}

// openMentions reads every open mention, page by page.
func openMentions(t *testing.T, st *store.Store) []crm.Mention {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	var all []crm.Mention
	for {
		ms, total, err := st.ListMentions(op, store.MentionQuery{Care: crm.CareOpen, Limit: store.MaxPageSize, Offset: len(all)})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ms...)
		if len(ms) == 0 || len(all) >= total {
			return all
		}
	}
}

var (
	careItemRE = regexp.MustCompile(`<li id="m(\d+)" class="care-item`)
	ofTotalRE  = regexp.MustCompile(`(\d[\d,.]*)–(\d[\d,.]*) of (\d[\d,.]*)`)
)

// careShown returns the ids of the items on a care page and the total
// the pager names (the number of items when there is one page).
func careShown(t *testing.T, c *http.Client, u string) ([]int64, int, string) {
	t.Helper()
	code, body := get(t, c, u)
	if code != http.StatusOK {
		t.Fatalf("%s: %d", u, code)
	}
	var ids []int64
	for _, m := range careItemRE.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	total := len(ids)
	if m := ofTotalRE.FindStringSubmatch(body); m != nil {
		total, _ = strconv.Atoi(strings.NewReplacer(",", "", ".", "").Replace(m[3]))
	}
	return ids, total, body
}

// TestCareQueueAtScale: 1,000 open items are pages of 50; every filter
// narrows to the items the fixture gave it; bulk actions change exactly
// the items chosen; a restricted user neither sees nor changes another
// account's items; a javascript: URL is not linked; German ages.
func TestCareQueueAtScale(t *testing.T) { onDatabases(t, testCareQueueAtScale) }

func testCareQueueAtScale(t *testing.T, dsn string) {
	f, index := careFixture(t, dsn)
	staff := f.client(t, crm.RoleStaff)
	settled(t, staff, f.ts.URL)
	ids, total, body := careShown(t, staff, f.ts.URL+"/care")
	if len(ids) != workPerPage || total != careItems {
		t.Fatalf("page 1: %d items of %d, want %d of %d", len(ids), total, workPerPage, careItems)
	}
	if !strings.Contains(body, `href="/care?page=2"`) {
		t.Error("no link to page 2")
	}
	// Filters, alone and together; the pages keep them.
	for q, want := range map[string]int{
		"tier=A": careTierA, "platform=x": careOnX, "lang=de": careGerman, "overdue=1": careOverdue,
		"tier=A&overdue=1": careAOverdue, "lang=de&platform=x": careGermanOnX, "tier=unknown&platform=linkedin": (careItems - careTierA) / 2,
		"unassigned=1": careItems, "mine=1": 0,
	} {
		ids, total, body := careShown(t, staff, f.ts.URL+"/care?"+q)
		if total != want || len(ids) != min(want, workPerPage) {
			t.Errorf("%s: %d shown of %d, want %d of %d", q, len(ids), total, min(want, workPerPage), want)
		}
		for _, id := range ids {
			i := index[id]
			ok := map[string]bool{"tier=A": i%4 <= 1, "platform=x": i%2 == 0, "lang=de": i%5 == 0, "overdue=1": i%10 == 0,
				"tier=A&overdue=1": i%20 == 0, "lang=de&platform=x": i%10 == 0, "tier=unknown&platform=linkedin": i%4 == 3,
				"unassigned=1": true}[q]
			if !ok {
				t.Errorf("%s: item %d shown", q, i)
			}
		}
		if want > workPerPage {
			v, _ := url.ParseQuery(q)
			if next := "/care?" + strings.ReplaceAll(v.Encode(), "&", "&amp;") + "&amp;page=2"; !strings.Contains(body, next) {
				t.Errorf("%s: no link %s", q, next)
			}
		}
	}
	// The oldest first: the overdue items lead.
	if ids, _, _ := careShown(t, staff, f.ts.URL+"/care?sort=age"); len(ids) != workPerPage || index[ids[0]]%10 != 0 || index[ids[workPerPage-1]]%10 != 0 {
		t.Errorf("sort=age: the first page is not the overdue items")
	}
	// The CSV has every item of the filter.
	if code, body := get(t, staff, f.ts.URL+"/care.csv?tier=A&platform=x"); code != http.StatusOK || strings.Count(body, "\n") != 1+careTierA/2 {
		t.Errorf("care.csv?tier=A&platform=x: %d, %d lines, want 1+%d", code, strings.Count(body, "\n"), careTierA/2)
	} else {
		// Each row says what the priority weighs: the account's value (an
		// A account's, 1 without a customer model), the text's language,
		// the item's state and what the text asks for (its intent).
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(rows) < 2 || !slices.Equal(rows[0][len(rows[0])-5:], []string{"value", "lang", "care", "responded_at", "intent"}) {
			t.Fatalf("care.csv: %v %q", err, rows[:1])
		}
		intents := []string{"complaint", "question", "request", "praise", "other"}
		for _, r := range rows[1:] {
			if v, err := strconv.ParseFloat(r[len(r)-5], 64); err != nil || v <= 0 || v > 1 || r[len(r)-3] != "open" || !slices.Contains(intents, r[len(r)-1]) {
				t.Errorf("care.csv row: value %q, care %q, intent %q", r[len(r)-5], r[len(r)-3], r[len(r)-1])
			}
		}
	}
	// The post's link: https only, with rel and target; not javascript:.
	_, _, body = careShown(t, staff, f.ts.URL+"/care?tier=A&overdue=1")
	if strings.Contains(body, "javascript:") {
		t.Error("a javascript: URL is on the page")
	}
	if !strings.Contains(body, `href="https://x.example/status/20" rel="noopener noreferrer nofollow" target="_blank"`) {
		t.Error("no link to item 20's post")
	}
	// Ages: 200 hours are 8 days 8 hours; the priority explained.
	if !strings.Contains(body, "waiting 8 d 8 h") || !strings.Contains(body, "account value 1.00") {
		t.Error("the English age or the priority's parts are missing")
	}
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/care?tier=A&overdue=1", nil)
	req.Header.Set("Accept-Language", "de")
	res, err := staff.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	de, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(de), "wartet seit 8 T 8 Std") {
		t.Error("no German age (wartet seit 8 T 8 Std)")
	}

	// Bulk: assign three items, then resolve three others; a page's worth
	// at most.
	ids, _, _ = careShown(t, staff, f.ts.URL+"/care?platform=x")
	bulk := func(c *http.Client, action string, ids ...int64) *http.Response {
		t.Helper()
		v := url.Values{"action": {action}, "back": {"platform=x&page=2&evil=1"}, "assignee": {strconv.FormatInt(f.users[crm.RoleStaff].ID, 10)}}
		for _, id := range ids {
			v.Add("id", strconv.FormatInt(id, 10))
		}
		res, err := c.PostForm(f.ts.URL+"/care/bulk", v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := bulk(staff, "assign", ids[0], ids[1], ids[2]); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/care?done=3&page=2&platform=x#queue" {
		t.Errorf("bulk assign: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, total, _ := careShown(t, staff, f.ts.URL+"/care?mine=1"); total != 3 {
		t.Errorf("mine after assigning 3: %d", total)
	}
	if _, total, _ := careShown(t, staff, f.ts.URL+"/care?unassigned=1"); total != careItems-3 {
		t.Errorf("unassigned after assigning 3: %d", total)
	}
	resolved := ids[3:6]
	if res := bulk(staff, "resolve", resolved...); res.StatusCode != http.StatusSeeOther {
		t.Errorf("bulk resolve: %d", res.StatusCode)
	}
	op := crm.WithActor(context.Background(), crm.Operator)
	open := openMentions(t, f.st)
	gone := map[int64]bool{}
	for id := range index {
		gone[id] = true
	}
	for _, m := range open {
		delete(gone, m.ID)
	}
	if len(gone) != 3 || !gone[resolved[0]] || !gone[resolved[1]] || !gone[resolved[2]] {
		t.Errorf("resolved %v, want exactly %v", gone, resolved)
	}
	if ids, total, _ := careShown(t, staff, f.ts.URL+"/care"); total != careItems-3 || len(ids) != workPerPage {
		t.Errorf("queue after resolving 3: %d of %d", len(ids), total)
	}
	many := make([]int64, 0, 51)
	for id := range index {
		if len(many) < 51 {
			many = append(many, id)
		}
	}
	if res := bulk(staff, "resolve", many...); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bulk of 51: %d", res.StatusCode)
	}
	if res := bulk(f.client(t, crm.RoleViewer), "resolve", ids[10]); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer's bulk: %d", res.StatusCode)
	}

	// A staff user who sees her own accounts only: Brandt KG's items.
	h, _ := auth.HashPassword(password)
	if _, err := f.st.CreateUser(op, "restricted@example.com", "Rita Restricted", crm.RoleStaff, h); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.SetOwnAccountsOnly(op, "restricted@example.com", true, ""); err != nil {
		t.Fatal(err)
	}
	rita := f.client(t, "restricted")
	ids, total, _ = careShown(t, rita, f.ts.URL+"/care")
	if total != careBrandt || len(ids) != workPerPage {
		t.Errorf("restricted: %d of %d, want %d of %d", len(ids), total, workPerPage, careBrandt)
	}
	for _, id := range ids {
		if index[id]%4 != 1 {
			t.Errorf("restricted user sees item %d", index[id])
		}
	}
	if _, total, _ := careShown(t, rita, f.ts.URL+"/care?platform=x"); total != 0 { // Brandt's items are odd: linkedin
		t.Errorf("restricted, platform=x: %d, want 0", total)
	}
	if _, total, _ := careShown(t, rita, f.ts.URL+"/care?overdue=1"); total != 0 { // i%4 == 1 is odd, i%10 == 0 even
		t.Errorf("restricted, overdue=1: %d, want 0", total)
	}
	var other int64
	for id, i := range index {
		if i%4 == 0 && !gone[id] {
			other = id
			break
		}
	}
	if res := bulk(rita, "resolve", ids[0], other); res.StatusCode != http.StatusNotFound {
		t.Errorf("restricted bulk with another account's item: %d, want 404", res.StatusCode)
	}
	for _, id := range []int64{ids[0], other} {
		if m, _ := f.st.Mention(op, id); m.Care != crm.CareOpen {
			t.Errorf("item %d changed by a refused bulk action: %s", index[id], m.Care)
		}
	}
}

// TestUnmatchedPicker: a name three accounts share leaves a mention
// unmatched and shows the three as candidates; the plain search lists the
// accounts found; matching, ignoring and spam go back to the same page at
// the next mention; dismissed mentions leave the list.
func TestUnmatchedPicker(t *testing.T) { onDatabases(t, testUnmatchedPicker) }

func testUnmatchedPicker(t *testing.T, dsn string) {
	f := newFixtureOn(t, dsn)
	op := crm.WithActor(context.Background(), crm.Operator)
	for _, n := range []string{"Bramley Foods GmbH", "Bramley Foods AG", "Bramley Foods Ltd"} {
		if _, err := f.st.CreateAccount(op, crm.Account{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	var items []string
	for i := range 53 {
		items = append(items, fmt.Sprintf(`{"platform":"x","id":"u-%d","author_handle":"@fan%d","text":"Bramley Foods never delivers %d?","posted_at":"2026-11-%02dT10:00:00Z"}`, i, i, i, 1+i%28))
	}
	if code, res := f.postJSON(t, f.token(t, crm.RoleStaff), "/api/v1/mentions", "["+strings.Join(items, ",")+"]"); code != http.StatusOK {
		t.Fatalf("post: %d %s", code, res)
	}
	staff := f.client(t, crm.RoleStaff)
	code, body := get(t, staff, f.ts.URL+"/mentions/unmatched?page=2")
	if code != http.StatusOK || !strings.Contains(body, "51–53 of 53") {
		i := strings.Index(body, `class="pager"`)
		t.Fatalf("page 2: %d %s", code, body[max(i, 0):min(max(i, 0)+300, len(body))])
	}
	rows := regexp.MustCompile(`<tr id="m(\d+)"`).FindAllStringSubmatch(body, -1)
	if len(rows) != 3 {
		t.Fatalf("page 2 has %d rows", len(rows))
	}
	first, second := rows[0][1], rows[1][1]
	if n := strings.Count(body, `<button type="submit">Bramley Foods`); n != 3*3 { // three candidates for each of three mentions
		t.Errorf("candidates on page 2: %d buttons, want 9", n)
	}
	// The plain search (what the picker does without JavaScript).
	_, found := get(t, staff, f.ts.URL+"/mentions/unmatched?page=2&find="+first+"&q=bramley")
	if i := strings.Index(found, `data-account-results>`); i < 0 || strings.Count(found[i:], `name="account"`) < 3 {
		t.Error("the search lists no accounts")
	}
	dir, _ := f.st.Directory(op)
	var bramley int64
	for _, d := range dir {
		if d.Name == "Bramley Foods AG" {
			bramley = d.ID
		}
	}
	post := func(path string, v url.Values) *http.Response {
		t.Helper()
		res, err := staff.PostForm(f.ts.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := post("/mentions/"+first+"/match", url.Values{"account": {strconv.FormatInt(bramley, 10)}, "page": {"2"}, "then": {second}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/mentions/unmatched?matched=1&page=2#m"+second {
		t.Errorf("match: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(first, 10, 64)
	if m, _ := f.st.Mention(op, id); m.AccountID != bramley {
		t.Errorf("matched to %d, want %d", m.AccountID, bramley)
	}
	res = post("/mentions/"+second+"/dismiss", url.Values{"how": {"spam"}, "page": {"2"}, "then": {rows[2][1]}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/mentions/unmatched?dismissed=spam&page=2#m"+rows[2][1] {
		t.Errorf("spam: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	id2, _ := strconv.ParseInt(second, 10, 64)
	if m, _ := f.st.Mention(op, id2); m.Dismissed != crm.DismissSpam || m.Care != crm.CareNone {
		t.Errorf("spam: %+v", m)
	}
	if res := post("/mentions/"+rows[2][1]+"/dismiss", url.Values{"how": {"delete"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("dismiss how=delete: %d", res.StatusCode)
	}
	res = post("/mentions/"+rows[2][1]+"/dismiss", url.Values{"how": {"ignored"}, "page": {"2"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("ignore: %d", res.StatusCode)
	}
	// 50 left: page 2 is empty, so the last page is shown.
	code, body = get(t, staff, f.ts.URL+"/mentions/unmatched?page=2")
	if code != http.StatusOK || !strings.Contains(body, "1–50 of 50") {
		t.Errorf("after 3 left the list: %d", code)
	}
	// Viewers see no forms; they cannot dismiss.
	viewer := f.client(t, crm.RoleViewer)
	res, _ = viewer.PostForm(f.ts.URL+"/mentions/"+rows[2][1]+"/dismiss", url.Values{"how": {"spam"}})
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer dismissed: %d", res.StatusCode)
	}
}
