package crm

import (
	"slices"
	"strconv"
	"strings"
)

// Scope is which customers' data an actor may read and change:
//
//   - every account (AllAccounts): staff users, the command-line operator,
//     and the background work that computes figures for everyone (System);
//   - the accounts a staff user owns (OwnedBy): a user set to "sees own
//     accounts only" (vitalfew user own-accounts; the users page);
//   - one account (OneAccount): a contact of a customer signed in to the
//     portal.
//
// The store applies the scope of the actor in the context to every read
// of customer data, in SQL (internal/store/scope.go), and to the records
// a write touches; what a scope hides looks exactly as if it did not
// exist (not found, left out of lists and of their totals). Data that
// belongs to no account — mentions matched to no account, the import log
// — is seen only with every account in scope. Pages that show rows of the
// analytics computed for everyone filter them with Allows, the same rule.
//
// The zero Scope allows nothing: an actor made without one sees no
// customer data. ActorOf, Operator, System and ContactActor set it.
type Scope struct {
	all     bool
	account int64    // > 0: this account only
	owners  []string // OwnerKey of each name the owner column may give
}

// AllAccounts is the scope of every account.
func AllAccounts() Scope { return Scope{all: true} }

// OneAccount is the scope of account id alone (a portal contact's); an id
// below 1 allows nothing.
func OneAccount(id int64) Scope {
	if id < 1 {
		return Scope{}
	}
	return Scope{account: id}
}

// OwnedBy is the scope of the accounts whose owner is one of names,
// compared as OwnerKey compares them; empty names are ignored, and a scope
// without names allows nothing.
func OwnedBy(names ...string) Scope {
	var keys []string
	for _, n := range names {
		if k := OwnerKey(strings.TrimSpace(n)); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return Scope{owners: keys}
}

// OwnerKey is how an account's owner is compared with a user's names: the
// text as it is, with the letters A–Z taken as a–z (other letters keep
// their case: SQLite folds only ASCII, and the store folds the same way on
// PostgreSQL, so both databases and this function agree).
func OwnerKey(owner string) string {
	i := strings.IndexFunc(owner, func(r rune) bool { return 'A' <= r && r <= 'Z' })
	if i < 0 {
		return owner
	}
	b := []byte(owner)
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// All reports whether s allows every account, and the data of no account.
func (s Scope) All() bool { return s.all }

// Account returns the one account s allows; 0 when s is not a one-account
// scope.
func (s Scope) Account() int64 { return s.account }

// Owners returns the owner keys (OwnerKey) of an own-accounts scope; nil
// otherwise.
func (s Scope) Owners() []string { return slices.Clone(s.owners) }

// Allows reports whether s allows the account with id accountID whose
// owner column is owner. accountID 0 stands for data of no account.
func (s Scope) Allows(accountID int64, owner string) bool {
	switch {
	case s.all:
		return true
	case accountID == 0:
		return false
	case s.account != 0:
		return accountID == s.account
	}
	return slices.Contains(s.owners, OwnerKey(owner))
}

// String describes s for messages and logs.
func (s Scope) String() string {
	switch {
	case s.all:
		return "every account"
	case s.account != 0:
		return "account " + strconv.FormatInt(s.account, 10)
	case len(s.owners) > 0:
		return "the accounts owned by " + strings.Join(s.owners, ", ")
	}
	return "no account"
}
