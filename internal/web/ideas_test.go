package web

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestPortalIdeas(t *testing.T) { onDatabases(t, testPortalIdeas) }

// testPortalIdeas: staff add an idea on behalf of Ebert (tier C, 1,000 of
// the fixture's 55,000 revenue) from a call; a1 of Hostile (tier A, 25,000)
// votes for it once and withdraws. a1 sees the idea, its votes and status,
// never who asked or voted; b1 reaches nothing of the tier-A space's ideas,
// every answer the missing page, byte for byte. Staff see the idea weighed:
// one A and one C account, 26,000 (47.27%) of revenue, in the page and the
// CSV; only staff set the status.
func testPortalIdeas(t *testing.T, dsn string) {
	w := newPortalWorld(t, dsn)
	base := w.f.ts.URL
	sp := strconv.FormatInt(w.space, 10)
	a1 := w.accept(t, w.tokA, "a1's long password")
	b1 := w.accept(t, w.tokB, "b1's long password")
	_, missing := w.get(t, b1, "/portal/spaces/99999999")
	post := func(c *http.Client, path string, v url.Values) (int, string, string) {
		res, err := c.PostForm(base+path, v)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header.Get("Location")
	}

	code, body, loc := post(w.staffC, "/spaces/"+sp+"/ideas", url.Values{"title": {"Dark mode"}, "body": {"For the night shift."},
		"account": {strconv.FormatInt(w.b, 10)}, "source": {"touchpoint:99999999"}})
	if code != http.StatusBadRequest || !strings.Contains(body, "source") {
		t.Errorf("a source that is no touchpoint of Ebert: %d", code)
	}
	code, _, loc = post(w.staffC, "/spaces/"+sp+"/ideas", url.Values{"title": {"Dark mode"}, "body": {"For the *night* shift.<script>alert(1)</script>[x](javascript:alert(2))"},
		"account": {strconv.FormatInt(w.b, 10)}, "note": {"said so on the phone"}})
	m := regexp.MustCompile(`^/spaces/` + sp + `/ideas#idea-(\d+)$`).FindStringSubmatch(loc)
	if code != http.StatusSeeOther || m == nil {
		t.Fatalf("staff add an idea: %d to %q", code, loc)
	}
	idea := "/portal/spaces/" + sp + "/ideas/" + m[1]

	// a1 votes (level reply), twice: one vote.
	for range 2 {
		if code, _, _ := post(a1, idea+"/vote", nil); code != http.StatusSeeOther {
			t.Errorf("a1 votes: %d", code)
		}
	}
	for _, path := range []string{"/portal/spaces/" + sp + "/ideas", idea} {
		code, body := w.get(t, a1, path)
		if code != http.StatusOK || !strings.Contains(body, "Dark mode") || !strings.Contains(body, "1 vote") || !strings.Contains(body, "Withdraw my vote") {
			t.Errorf("a1 GET %s: %d %s", path, code, mainOf(body))
		}
		for _, secret := range []string{"Ebert", "said so on the phone", "25,000", "1,000", "26,000"} {
			if strings.Contains(mainOf(body), secret) {
				t.Errorf("a1 GET %s reads %q", path, secret)
			}
		}
	}
	if _, body := w.get(t, a1, idea); !strings.Contains(body, "<em>night</em>") || strings.Contains(body, "alert(1)</script>") || strings.Contains(body, "javascript:") {
		t.Errorf("the idea's Markdown: %s", mainOf(body))
	}
	// a1 may not post at level reply, nor reach the staff's routes.
	if code, _, _ := post(a1, "/portal/spaces/"+sp+"/ideas", url.Values{"title": {"Mine"}}); code != http.StatusForbidden {
		t.Errorf("a1 posts an idea at level reply: %d", code)
	}
	if code, _, loc := post(a1, "/spaces/"+sp+"/ideas/"+m[1]+"/status", url.Values{"status": {"done"}}); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
		t.Errorf("a1 sets the status: %d to %q", code, loc)
	}

	// b1 (tier C) reaches nothing, however asked.
	for _, path := range []string{"/portal/spaces/" + sp + "/ideas", idea, "/portal/spaces/" + sp + "/ideas/99999999", "/portal/spaces/99999999/ideas/" + m[1]} {
		if code, body := w.get(t, b1, path); code != http.StatusNotFound || body != missing {
			t.Errorf("b1 GET %s: %d", path, code)
		}
	}
	for _, path := range []string{idea + "/vote", "/portal/spaces/" + sp + "/ideas", "/portal/spaces/" + sp + "/ideas/99999999/vote"} {
		if code, body, _ := post(b1, path, url.Values{"title": {"Mine"}}); code != http.StatusNotFound || body != missing {
			t.Errorf("b1 POST %s: %d", path, code)
		}
	}

	// Staff: the idea weighed by who asks.
	code, body = get(t, w.staffC, base+"/spaces/"+sp+"/ideas")
	for _, want := range []string{"Dark mode", "Ebert OHG", "said so on the phone", "<td>1/0/1/0</td>", "<td>26,000.00</td>", "<td>47.3%</td>",
		`href="/spaces/` + sp + `/ideas.csv"`} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("staff's ideas lack %q: %d %s", want, code, mainOf(body))
		}
	}
	res, err := w.staffC.Get(base + "/spaces/" + sp + "/ideas.csv")
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") ||
		!strings.Contains(string(csv), ","+m[1]+","+sp+",Dark mode,open,1,2,1,0,1,0,26000,0.472727,") {
		t.Errorf("the CSV: %q %s", res.Header.Get("Content-Type"), csv)
	}

	// Status by staff; a1 sees it. Then a1 withdraws.
	if code, _, _ := post(w.staffC, "/spaces/"+sp+"/ideas/"+m[1]+"/status", url.Values{"status": {"maybe"}}); code != http.StatusBadRequest {
		t.Errorf("an unknown status: %d", code)
	}
	if code, _, _ := post(w.staffC, "/spaces/"+sp+"/ideas/"+m[1]+"/status", url.Values{"status": {"planned"}}); code != http.StatusSeeOther {
		t.Errorf("staff set the status: %d", code)
	}
	if code, _, _ := post(a1, idea+"/vote", url.Values{"vote": {"withdraw"}}); code != http.StatusSeeOther {
		t.Errorf("a1 withdraws: %d", code)
	}
	if code, body := w.get(t, a1, idea); code != http.StatusOK || !strings.Contains(body, "planned") || !strings.Contains(body, "0 votes") || strings.Contains(body, "Withdraw my vote") {
		t.Errorf("a1 after the withdrawal: %d %s", code, mainOf(body))
	}
}
