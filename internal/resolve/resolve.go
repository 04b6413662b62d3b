// Package resolve holds the rules by which an import row names an account:
// by external id, then by email domain (not for free-mail domains), then by
// normalised name (crm.NormalizeName). It does no I/O: the store reads the
// accounts a file may name (Keys says by what) into an Index and asks it,
// and creates the accounts it does not find (NewAccount).
package resolve

import (
	"fmt"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Index finds the account a reference names among the accounts added to
// it.
type Index struct {
	byExt    map[string]int64
	byDomain map[string]int64
	byName   map[string]int64
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byExt: map[string]int64{}, byDomain: map[string]int64{}, byName: map[string]int64{}}
}

// Add registers an account's keys; the lowest id wins a shared key.
func (x *Index) Add(id int64, ext, domain, nameKey string) {
	put := func(m map[string]int64, k string) {
		if k == "" {
			return
		}
		if old, ok := m[k]; !ok || id < old {
			m[k] = id
		}
	}
	put(x.byExt, ext)
	put(x.byDomain, domain)
	put(x.byName, nameKey)
}

// Find returns the account ref names, or 0.
func (x *Index) Find(ref crm.AccountRef) int64 {
	if ref.ExternalID != "" {
		if id, ok := x.byExt[ref.ExternalID]; ok {
			return id
		}
	}
	if d := companyDomain(ref.Email); d != "" {
		if id, ok := x.byDomain[d]; ok {
			return id
		}
	}
	if n := crm.NormalizeName(ref.Name); n != "" {
		if id, ok := x.byName[n]; ok {
			return id
		}
	}
	return 0
}

// Keys returns the distinct keys refs may find an account by, for reading
// the candidates: external ids, company email domains and name keys.
func Keys(refs []crm.AccountRef) (exts, domains, names []string) {
	seen := map[string]bool{}
	add := func(list *[]string, prefix, v string) {
		if v != "" && !seen[prefix+v] {
			seen[prefix+v] = true
			*list = append(*list, v)
		}
	}
	for _, ref := range refs {
		add(&exts, "e:", ref.ExternalID)
		add(&domains, "d:", companyDomain(ref.Email))
		add(&names, "n:", crm.NormalizeName(ref.Name))
	}
	return exts, domains, names
}

// NewAccount is the account an unknown ref creates: named by the ref's
// name, else its external id, else its email, with the email's domain
// unless that is free mail.
func NewAccount(ref crm.AccountRef) crm.Account {
	a := crm.Account{ExternalID: ref.ExternalID, Name: strings.TrimSpace(ref.Name), Status: crm.AccountActive}
	if a.Name == "" {
		a.Name = ref.ExternalID
	}
	if a.Name == "" {
		a.Name = ref.Email
	}
	a.Domain = companyDomain(ref.Email)
	return a
}

// RecordRef is the reference a row of an accounts file is found by: its
// external id, name, and domain (as an address at it) or else its email.
func RecordRef(r *crm.AccountRecord) crm.AccountRef {
	email := r.Email
	if r.Account.Domain != "" {
		email = "info@" + crm.NormalizeDomain(r.Account.Domain)
	}
	return crm.AccountRef{ExternalID: r.Account.ExternalID, Name: r.Account.Name, Email: email}
}

// Describe names ref in a message: by its external id, else its name,
// else its email, quoted.
func Describe(ref crm.AccountRef) string {
	switch {
	case ref.ExternalID != "":
		return fmt.Sprintf("%q", ref.ExternalID)
	case ref.Name != "":
		return fmt.Sprintf("%q", ref.Name)
	default:
		return fmt.Sprintf("%q", ref.Email)
	}
}

// companyDomain is the domain of email, or "" when it has none or it is a
// free-mail provider's, which says nothing about the company.
func companyDomain(email string) string {
	if d := crm.EmailDomain(email); d != "" && !crm.IsFreeMail(d) {
		return d
	}
	return ""
}
