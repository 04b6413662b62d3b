package match

import (
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// accounts is the index the tests look in. Name keys are what
// crm.NormalizeName makes of the accounts' names.
func accounts() *Accounts {
	a := NewAccounts()
	a.Add(1, "acme.de", "acme")                      // a name too short to look for
	a.Add(2, "mueller-mb.de", "muller maschinenbau") // "Müller Maschinenbau GmbH"
	a.Add(3, "", "schmidt logistik")
	a.Add(4, "", "schmidt logistik") // the same name: neither is meant
	a.Add(5, "acme.de", "")          // acme.de stays account 1's
	a.Add(6, "", "nordlicht")
	a.Add(7, "", "nordlicht energie")
	a.Add(8, "", "alpha beta gamma delta epsilon zeta eta") // seven words: too many to look for
	return a
}

func TestDomainInText(t *testing.T) {
	a := accounts()
	tests := []struct {
		text string
		want int64
	}{
		{"Bestellt bei acme.de heute", 1},
		{"see https://www.ACME.de/shop.", 1}, // a URL, with the sentence's full stop
		{"Schreiben Sie an (info@acme.de)", 1},
		{`"mueller-mb.de"`, 2},
		{"acme.dev is another site", 0},
		{"fooacme.de is not acme", 0},
		{"Ende. Nichts hier", 0},
		{"", 0},
	}
	for _, tc := range tests {
		if got := a.DomainInText(tc.text); got != tc.want {
			t.Errorf("DomainInText(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
	if got := NewAccounts().DomainInText("acme.de"); got != 0 {
		t.Errorf("DomainInText without accounts = %d, want 0", got)
	}
}

func TestNameInText(t *testing.T) {
	a := accounts()
	tests := []struct {
		name string
		text string
		want int64
	}{
		{"whole words, legal form after", "Tolle Maschinen von Müller Maschinenbau GmbH!", 2},
		{"capitals and a hyphen", "MÜLLER-MASCHINENBAU liefert", 2},
		{"combining accent", "Mu\u0308ller Maschinenbau", 2},
		{"another spelling", "Mueller Maschinenbau", 0},
		{"not at a word boundary", "müllermaschinenbau", 0},
		{"part of a longer word", "Müller Maschinenbauer", 0},
		{"one word of the name", "Maschinenbau ist toll", 0},
		{"shared by several accounts", "Schmidt Logistik hat geliefert", -1},
		{"the longest name wins", "Nordlicht Energie liefert", 7},
		{"a one-word name", "Nordlicht liefert", 6},
		{"too short to look for", "Acme ist super", 0},
		{"too many words to look for", "alpha beta gamma delta epsilon zeta eta", 0},
		{"nothing", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf []byte
			if got := a.NameInText(tc.text, &buf); got != tc.want {
				t.Errorf("NameInText(%q) = %d, want %d", tc.text, got, tc.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	m := New(accounts())
	m.AddIdentity(crm.IdentityX, "anna", Contact{ID: 10, AccountID: 2})
	m.AddIdentity(crm.IdentityEmail, "bob@acme.de", Contact{ID: 11, AccountID: 1})
	type want struct {
		account, contact int64
		method           string
	}
	tests := []struct {
		name string
		m    crm.Mention
		want want
	}{
		{"handle on its platform",
			crm.Mention{Platform: crm.IdentityX, AuthorHandle: "anna", AuthorEmail: "bob@acme.de"}, want{2, 10, crm.MatchHandle}},
		{"handle on another platform is not hers",
			crm.Mention{Platform: crm.IdentityLinkedIn, AuthorHandle: "anna"}, want{0, 0, ""}},
		{"email",
			crm.Mention{Platform: "web", AuthorEmail: "bob@acme.de", Text: "Nordlicht"}, want{1, 11, crm.MatchEmail}},
		{"email domain",
			crm.Mention{Platform: "web", AuthorEmail: "eva@mueller-mb.de", Text: "acme.de"}, want{2, 0, crm.MatchDomain}},
		{"free mail says nothing; the text names a domain",
			crm.Mention{Platform: "web", AuthorEmail: "eva@gmail.com", Text: "Lob für acme.de"}, want{1, 0, crm.MatchDomain}},
		{"a domain in the text before a name",
			crm.Mention{Platform: "web", Text: "Nordlicht Energie, nordlicht.de und acme.de"}, want{1, 0, crm.MatchDomain}},
		{"a name in the text",
			crm.Mention{Platform: "web", Text: "Danke, Nordlicht Energie!"}, want{7, 0, crm.MatchName}},
		{"a shared name matches nothing",
			crm.Mention{Platform: "web", Text: "Schmidt Logistik", AccountID: 3, ContactID: 9, MatchMethod: crm.MatchHand, MatchConfidence: 1}, want{0, 0, ""}},
	}
	var buf []byte
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mt := tc.m
			m.Match(&mt, &buf)
			got := want{mt.AccountID, mt.ContactID, mt.MatchMethod}
			if got != tc.want {
				t.Errorf("Match = %+v, want %+v", got, tc.want)
			}
			if mt.MatchConfidence != crm.MatchConfidence[tc.want.method] {
				t.Errorf("confidence %v, want %v (the method's)", mt.MatchConfidence, crm.MatchConfidence[tc.want.method])
			}
		})
	}
}
