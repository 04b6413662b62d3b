package crm

import "strings"

// AccountSearch is what a person typed to find an account, ready to match:
// part of the name (accents, case and legal forms ignored, as
// NormalizeName has it), part of the domain, or the whole external id.
// The accounts page matches it against the accounts it keeps, the store
// in SQL (the API's ?q=): one rule.
type AccountSearch struct {
	NameKey string // NormalizeName of the text; "" when it has no name in it
	Domain  string // the text, lower case
	ID      string // the text, as typed (trimmed)
}

// NewAccountSearch prepares q; the zero AccountSearch (q blank) matches
// every account.
func NewAccountSearch(q string) AccountSearch {
	q = strings.TrimSpace(q)
	if q == "" {
		return AccountSearch{}
	}
	return AccountSearch{NameKey: NormalizeName(q), Domain: strings.ToLower(q), ID: q}
}

// Any reports whether the search matches every account.
func (s AccountSearch) Any() bool { return s.ID == "" }

// Matches reports whether an account with this name key, domain and
// external id is found by the search.
func (s AccountSearch) Matches(nameKey, domain, externalID string) bool {
	return s.Any() || s.NameKey != "" && strings.Contains(nameKey, s.NameKey) ||
		strings.Contains(domain, s.Domain) || externalID == s.ID
}
