package i18n

import (
	"regexp"
	"slices"
	"testing"
	"time"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestCatalogueComplete: every key has an English and a German text, no
// text is empty, and a text has the same format verbs as its key (a
// German text that dropped a %s would print the wrong figure).
func TestCatalogueComplete(t *testing.T) {
	for _, l := range All {
		entries, err := load(l.Code)
		if err != nil {
			t.Fatal(err)
		}
		other := English
		if l == English {
			other = German
		}
		for key, e := range entries {
			if !other.Has(key) {
				t.Errorf("%s.json has %q, %s.json has not", l.Code, key, other.Code)
			}
			texts := []string{e.text}
			if e.text == "" {
				texts = []string{e.one, e.other}
				if e.other == "" {
					t.Errorf("%s.json: %q: empty text", l.Code, key)
				}
				if !slices.Equal(verb.FindAllString(e.other, -1), verb.FindAllString(key, -1)) {
					t.Errorf("%s.json: %q: plural other %q has other verbs than the key", l.Code, key, e.other)
				}
				continue
			}
			for _, s := range texts {
				if s == "" {
					t.Errorf("%s.json: %q: empty text", l.Code, key)
				}
				if !slices.Equal(verb.FindAllString(s, -1), verb.FindAllString(key, -1)) {
					t.Errorf("%s.json: %q: text %q has other verbs than the key", l.Code, key, s)
				}
			}
		}
	}
}

func TestTexts(t *testing.T) {
	for _, c := range []struct {
		l    *Lang
		key  string
		args []any
		want string
	}{
		{English, "Dashboard", nil, "Dashboard"},
		{German, "Dashboard", nil, "Übersicht"},
		{German, "Figures as of %s UTC, updating…", []any{"14:05"}, "Zahlen von 14:05 UTC, werden aktualisiert…"},
		{English, "%d customers", []any{1}, "1 customer"},
		{English, "%d customers", []any{1234}, "1,234 customers"},
		{German, "%d customers", []any{1}, "1 Kunde"},
		{German, "%d customers", []any{1234}, "1.234 Kunden"},
		{German, "of revenue from the top 20%% of customers", nil, "des Umsatzes von den besten 20 % der Kunden"},
	} {
		if got := c.l.T(c.key, c.args...); got != c.want {
			t.Errorf("%s: T(%q, %v) = %q, want %q", c.l.Code, c.key, c.args, got, c.want)
		}
	}
	if got := German.Value("100% Foods GmbH"); got != "100% Foods GmbH" {
		t.Errorf("Value of a name = %q", got)
	}
	if got := German.Value("inactive"); got != "inaktiv" {
		t.Errorf("Value(inactive) = %q", got)
	}
	if got := German.HTML("Tier %s", "<b>"); got != "Stufe &lt;b&gt;" {
		t.Errorf("HTML escapes its arguments: %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	for _, c := range []struct{ saved, cookie, accept, want string }{
		{"", "", "", "en"},
		{"", "", "de-DE,de;q=0.9,en;q=0.8", "de"},
		{"", "", "de-AT", "de"},
		{"", "", "fr-FR,fr;q=0.9", "en"},
		{"", "", "fr-FR,de;q=0.5", "de"},
		{"", "", "en-GB,de;q=0.5", "en"},
		{"", "de", "en-US", "de"},
		{"en", "de", "de-DE", "en"},
		{"de", "", "", "de"},
		{"xx", "yy", "garbage;;q", "en"},
	} {
		if got := Negotiate(c.saved, c.cookie, c.accept).Code; got != c.want {
			t.Errorf("Negotiate(%q, %q, %q) = %s, want %s", c.saved, c.cookie, c.accept, got, c.want)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "de"},
		{map[string]string{"LANG": "de_DE.UTF-8", "LC_ALL": "C"}, "en"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "de_AT"}, "de"},
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
	} {
		if got := FromEnv(env(c.env)).Code; got != c.want {
			t.Errorf("FromEnv(%v) = %s, want %s", c.env, got, c.want)
		}
	}
}

func TestFormats(t *testing.T) {
	day := time.Date(2026, 12, 6, 14, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{English.Money(1234.56), "1,234.56"},
		{German.Money(1234.56), "1.234,56"},
		{German.Money(-1234567.891), "-1.234.567,89"},
		{English.MoneyIn(1234.56, "EUR"), "€1,234.56"},
		{German.MoneyIn(1234.56, "EUR"), "1.234,56\u00a0€"},
		{English.MoneyIn(-5, "USD"), "-$5.00"},
		{German.MoneyIn(5, "CHF"), "5,00\u00a0CHF"},
		{English.Count(1234567), "1,234,567"},
		{German.Count(1234567), "1.234.567"},
		{English.Percent(0.1234), "12.3%"},
		{German.Percent(0.1234), "12,3\u00a0%"},
		{German.Hours(1234.56), "1.234,6"},
		{English.Day(day), "2026-12-06"},
		{German.Day(day), "06.12.2026"},
		{German.Day(time.Time{}), "—"},
		{German.DayText("2026-12-06"), "06.12.2026"},
		{German.DayText("soon"), "soon"},
		{English.DateTime(day), "2026-12-06 14:05"},
		{German.DateTime(day), "06.12.2026 14:05"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestCompactMoney(t *testing.T) {
	const nb = "\u00a0"
	tests := []struct {
		f      float64
		cur    string
		en, de string
	}{
		{12_915_000, "EUR", "12.9" + nb + "M" + nb + "€", "12,9" + nb + "Mio." + nb + "€"},
		{950_400, "EUR", "950" + nb + "k" + nb + "€", "950" + nb + "Tsd." + nb + "€"},
		{999_960, "EUR", "1.0" + nb + "M" + nb + "€", "1,0" + nb + "Mio." + nb + "€"},
		{1_234, "USD", "1.2" + nb + "k" + nb + "$", "1,2" + nb + "Tsd." + nb + "$"},
		{640.4, "EUR", "640" + nb + "€", "640" + nb + "€"},
		{-2_500_000, "CHF", "-2.5" + nb + "M" + nb + "CHF", "-2,5" + nb + "Mio." + nb + "CHF"},
		{3.21e9, "EUR", "3.2" + nb + "bn" + nb + "€", "3,2" + nb + "Mrd." + nb + "€"},
		{4.5e15, "EUR", "4500" + nb + "T" + nb + "€", "4500" + nb + "Bio." + nb + "€"},
	}
	for _, tt := range tests {
		if got := Get("en").CompactMoney(tt.f, tt.cur); got != tt.en {
			t.Errorf("en %v: %q, want %q", tt.f, got, tt.en)
		}
		if got := Get("de").CompactMoney(tt.f, tt.cur); got != tt.de {
			t.Errorf("de %v: %q, want %q", tt.f, got, tt.de)
		}
	}
}
