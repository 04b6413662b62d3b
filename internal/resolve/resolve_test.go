package resolve

import (
	"slices"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

func TestFind(t *testing.T) {
	// The stored accounts: id, external id, domain, name key.
	x := NewIndex()
	x.Add(7, "C-7", "acme.de", "acme")
	x.Add(3, "", "acme.de", "acme tools") // shares acme.de with 7: 3 wins
	x.Add(9, "C-9", "", "muller maschinenbau")
	x.Add(12, "", "gmail.com", "")               // a domain no company email can name
	x.Add(15, "C-15", "", "muller maschinenbau") // shares the name key with 9: 9 wins
	x.Add(20, "", "beta.io", "beta")

	tests := []struct {
		name string
		ref  crm.AccountRef
		want int64
	}{
		{"external id", crm.AccountRef{ExternalID: "C-9"}, 9},
		{"external id before domain and name", crm.AccountRef{ExternalID: "C-7", Name: "Beta", Email: "x@beta.io"}, 7},
		{"unknown external id falls to the domain", crm.AccountRef{ExternalID: "C-99", Email: "anna@beta.io"}, 20},
		{"domain, lowest id of those sharing it", crm.AccountRef{Email: "anna@acme.de"}, 3},
		{"domain of an address in capitals", crm.AccountRef{Email: " Anna@ACME.de "}, 3},
		{"domain before name", crm.AccountRef{Name: "Beta", Email: "anna@acme.de"}, 3},
		{"free mail is no domain", crm.AccountRef{Email: "anna@gmail.com"}, 0},
		{"free mail falls to the name", crm.AccountRef{Name: "Beta AG", Email: "anna@gmail.com"}, 20},
		{"name without legal form, accents or case", crm.AccountRef{Name: "MÜLLER Maschinenbau GmbH"}, 9},
		{"name spelt with ue is another name", crm.AccountRef{Name: "Mueller Maschinenbau"}, 0},
		{"name of several words", crm.AccountRef{Name: "Acme Tools"}, 3},
		{"part of a name is no name", crm.AccountRef{Name: "Maschinenbau"}, 0},
		{"unknown", crm.AccountRef{ExternalID: "C-1", Name: "Gamma", Email: "a@gamma.com"}, 0},
		{"nothing", crm.AccountRef{}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := x.Find(tc.ref); got != tc.want {
				t.Errorf("Find(%+v) = %d, want %d", tc.ref, got, tc.want)
			}
		})
	}
}

func TestAddKeepsTheLowestID(t *testing.T) {
	x := NewIndex()
	x.Add(5, "E", "d.de", "name key")
	x.Add(2, "E", "d.de", "name key") // a lower id takes every key
	x.Add(8, "E", "d.de", "name key") // a higher one takes none
	for _, ref := range []crm.AccountRef{{ExternalID: "E"}, {Email: "a@d.de"}, {Name: "Name Key"}} {
		if got := x.Find(ref); got != 2 {
			t.Errorf("Find(%+v) = %d, want 2", ref, got)
		}
	}
}

func TestKeys(t *testing.T) {
	refs := []crm.AccountRef{
		{ExternalID: "C-1", Name: "Acme GmbH", Email: "a@acme.de"},
		{ExternalID: "C-1", Name: "ACME", Email: "b@Acme.de"}, // the same keys again
		{Name: "Beta & Co. KG", Email: "c@gmx.de"},            // free mail: no domain
		{Email: "no address"},
	}
	exts, domains, names := Keys(refs)
	if want := []string{"C-1"}; !slices.Equal(exts, want) {
		t.Errorf("exts = %q, want %q", exts, want)
	}
	if want := []string{"acme.de"}; !slices.Equal(domains, want) {
		t.Errorf("domains = %q, want %q", domains, want)
	}
	if want := []string{"acme", "beta"}; !slices.Equal(names, want) {
		t.Errorf("names = %q, want %q", names, want)
	}
}

func TestNewAccount(t *testing.T) {
	tests := []struct {
		name string
		ref  crm.AccountRef
		want crm.Account
	}{
		{"named", crm.AccountRef{ExternalID: "C-1", Name: "  Acme GmbH ", Email: "a@acme.de"},
			crm.Account{ExternalID: "C-1", Name: "Acme GmbH", Domain: "acme.de", Status: crm.AccountActive}},
		{"named by its external id", crm.AccountRef{ExternalID: "C-2", Email: "a@gmail.com"},
			crm.Account{ExternalID: "C-2", Name: "C-2", Status: crm.AccountActive}},
		{"named by its email", crm.AccountRef{Email: "info@beta.io"},
			crm.Account{Name: "info@beta.io", Domain: "beta.io", Status: crm.AccountActive}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NewAccount(tc.ref); got != tc.want {
				t.Errorf("NewAccount(%+v) = %+v, want %+v", tc.ref, got, tc.want)
			}
		})
	}
}

func TestRecordRef(t *testing.T) {
	tests := []struct {
		name string
		rec  crm.AccountRecord
		want crm.AccountRef
	}{
		{"the domain stands for the email", crm.AccountRecord{Account: crm.Account{ExternalID: "C-1", Name: "Acme", Domain: "https://www.Acme.de/shop"}, Email: "anna@gmail.com"},
			crm.AccountRef{ExternalID: "C-1", Name: "Acme", Email: "info@acme.de"}},
		{"without a domain, the email", crm.AccountRecord{Account: crm.Account{Name: "Beta"}, Email: "anna@beta.io"},
			crm.AccountRef{Name: "Beta", Email: "anna@beta.io"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := RecordRef(&tc.rec); got != tc.want {
				t.Errorf("RecordRef = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		ref  crm.AccountRef
		want string
	}{
		{crm.AccountRef{ExternalID: "C-1", Name: "Acme", Email: "a@acme.de"}, `"C-1"`},
		{crm.AccountRef{Name: "Acme", Email: "a@acme.de"}, `"Acme"`},
		{crm.AccountRef{Email: "a@acme.de"}, `"a@acme.de"`},
	}
	for _, tc := range tests {
		if got := Describe(tc.ref); got != tc.want {
			t.Errorf("Describe(%+v) = %s, want %s", tc.ref, got, tc.want)
		}
	}
}
