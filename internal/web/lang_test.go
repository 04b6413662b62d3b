package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestGerman: a signed-in user switches to German with the switch in the
// header; the choice is saved on the user (a new sign-in elsewhere gets
// German too), and a visitor whose browser asks for German gets the sign-in
// page in German.
func TestGerman(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, crm.RoleViewer)
	if _, page := get(t, c, f.ts.URL+"/"); !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, ">Accounts</a>") ||
		!strings.Contains(page, "55,000.00") {
		t.Fatalf("English dashboard:\n%.1500s", page)
	}
	res, err := c.PostForm(f.ts.URL+"/lang", url.Values{"lang": {"de"}, "next": {"/accounts?tier=A"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/accounts?tier=A" {
		t.Fatalf("switch: %s to %q", res.Status, res.Header.Get("Location"))
	}
	saved, err := f.st.UserLanguage(context.Background(), f.users[crm.RoleViewer].ID)
	if err != nil || saved != "de" {
		t.Fatalf("saved language %q, %v", saved, err)
	}

	// A new sign-in without the cookie, with a browser asking for English:
	// the saved setting wins.
	c2 := f.client(t, crm.RoleViewer)
	req, _ := http.NewRequest("GET", f.ts.URL+"/", nil)
	req.Header.Set("Accept-Language", "en-US,en;q=0.9")
	res, err = c2.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(t, res)
	for _, want := range []string{
		`<html lang="de">`,
		">Übersicht</a>", ">Kunden</a>", ">Kundenanliegen</a>", ">Abmelden</button>",
		"Wer Ihr Geschäft trägt",
		"55.000,00 EUR",         // the revenue card's full amount, on hover
		"55,0\u00a0Tsd.\u00a0€", // and compact on the card
		"Umsatz im Zeitraum",
		">English</button>",          // the switch back
		"Umsatz je Kunde, nach Rang", // the Pareto chart's title
	} {
		if !strings.Contains(page, want) {
			t.Errorf("German dashboard lacks %q", want)
		}
	}
	if strings.Contains(page, "Who carries the business") || strings.Contains(page, "55,000.00") {
		t.Errorf("German dashboard shows English text or numbers")
	}
	if t.Failed() {
		t.Logf("%.3000s", page)
	}

	// A visitor: Accept-Language decides, then the cookie of the switch.
	anon := f.client(t, "")
	req, _ = http.NewRequest("GET", f.ts.URL+"/login", nil)
	req.Header.Set("Accept-Language", "de-DE,de;q=0.9,en;q=0.8")
	res, err = anon.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, res); !strings.Contains(page, `<html lang="de">`) || !strings.Contains(page, "<h1>Anmelden</h1>") ||
		!strings.Contains(page, "Passwort") {
		t.Errorf("German sign-in page:\n%.1500s", page)
	}
	res, err = anon.PostForm(f.ts.URL+"/lang", url.Values{"lang": {"en"}, "next": {"/login"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	res, err = anon.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, res); !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, "<h1>Sign in</h1>") {
		t.Errorf("the switch's cookie does not win over Accept-Language:\n%.1000s", page)
	}

	// A failed sign-in says so in German.
	de := f.client(t, "")
	req, _ = http.NewRequest("POST", f.ts.URL+"/login", strings.NewReader(url.Values{"email": {"viewer@example.com"}, "password": {"wrong"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "de")
	res, err = de.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, res); !strings.Contains(page, "E-Mail oder Passwort falsch.") {
		t.Errorf("German sign-in error missing:\n%.1500s", page)
	}
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, res.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestErrorsInGerman: what the store refuses is said in the page's
// language: a setting out of range, a user that exists, an unknown account
// for a mention's match.
func TestErrorsInGerman(t *testing.T) {
	f := newFixture(t)
	admin := f.client(t, crm.RoleAdmin)
	res, err := admin.PostForm(f.ts.URL+"/lang", url.Values{"lang": {"de"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range []struct {
		path string
		form url.Values
		want string
	}{
		{"/settings", url.Values{"window_months": {"0"}}, "Zeitraum: erwartet eine ganze Zahl von Monaten von 1 bis"},
		{"/settings", url.Values{"currency": {"EURO"}}, "Währung: erwartet ein Kürzel aus drei Buchstaben wie EUR, nicht"},
		{"/users", url.Values{"email": {"staff@example.com"}, "role": {"staff"}, "password": {"a long enough password"}}, "es gibt schon einen Benutzer mit der E-Mail-Adresse staff@example.com"},
	} {
		res, err := admin.PostForm(f.ts.URL+c.path, c.form)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if page := html.UnescapeString(string(body)); !strings.Contains(page, c.want) {
			t.Errorf("POST %s %v: %d, want %q in\n%s", c.path, c.form, res.StatusCode, c.want, mainOf(page))
		}
	}
}
