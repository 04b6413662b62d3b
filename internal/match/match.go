// Package match finds the contact and account a social media mention is
// from or about. A mention is matched in this order:
//
//  1. the author's handle is a social identity of a contact, on the
//     mention's platform (crm.MatchHandle);
//  2. the author's email is a contact's (crm.MatchEmail);
//  3. the author's email domain (not free mail) is an account's domain, or
//     the text names an account's domain ("acme.de", "www.acme.de/shop")
//     (crm.MatchDomain);
//  4. the text names an account ("… bei Müller Maschinenbau …"): its
//     normalised name, of at least minNameKey characters and unique among
//     the accounts, appears as whole words (crm.MatchName).
//
// The first rule that finds something decides; a hand match is never
// replaced (the store does not ask). The package does no I/O: the store
// reads the identities and accounts into a Matcher.
package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// minNameKey is the shortest normalised account name looked for in texts:
// shorter ones ("Müller", "Koch") are too often just words or surnames.
const minNameKey = 8

// maxNameWords is the most words of a name looked for in texts.
const maxNameWords = 6

// Contact is a contact and its account.
type Contact struct{ ID, AccountID int64 }

// Matcher holds what matching needs: the contacts' identities (AddIdentity)
// and the accounts.
type Matcher struct {
	handles map[string]Contact // kind + "\x00" + value -> contact
	emails  map[string]Contact
	*Accounts
}

// New returns a matcher that knows no identity and looks for accounts in
// accounts (which may be set later).
func New(accounts *Accounts) *Matcher {
	return &Matcher{handles: map[string]Contact{}, emails: map[string]Contact{}, Accounts: accounts}
}

// AddIdentity registers an identity of contact c: an email (kind
// crm.IdentityEmail) or a handle on the platform kind.
func (m *Matcher) AddIdentity(kind, value string, c Contact) {
	if kind == crm.IdentityEmail {
		m.emails[value] = c
	} else {
		m.handles[kind+"\x00"+value] = c
	}
}

// Accounts is every account's domain and name key, for matching mentions.
type Accounts struct {
	domains map[string]int64 // account domain -> account (lowest id)
	names   map[string]int64 // name key -> account; -1 when several accounts share it
	firsts  map[string]bool  // first words of the name keys
}

// NewAccounts returns an empty index of accounts.
func NewAccounts() *Accounts {
	return &Accounts{domains: map[string]int64{}, names: map[string]int64{}, firsts: map[string]bool{}}
}

// Add registers an account's domain and name key (crm.NormalizeName);
// accounts come in id order, so the lowest id keeps a shared domain.
func (m *Accounts) Add(id int64, domain, key string) {
	if domain != "" {
		if _, ok := m.domains[domain]; !ok {
			m.domains[domain] = id
		}
	}
	if len(key) < minNameKey || strings.Count(key, " ") >= maxNameWords {
		return
	}
	if old, ok := m.names[key]; ok && old != id {
		m.names[key] = -1
		return
	}
	m.names[key] = id
	first, _, _ := strings.Cut(key, " ")
	m.firsts[first] = true
}

// Match sets the mention's account, contact, method and confidence. buf is
// scratch space, kept between calls.
func (m *Matcher) Match(mt *crm.Mention, buf *[]byte) {
	mt.AccountID, mt.ContactID, mt.MatchMethod, mt.MatchConfidence = 0, 0, "", 0
	set := func(account, contact int64, method string) {
		mt.AccountID, mt.ContactID, mt.MatchMethod, mt.MatchConfidence = account, contact, method, crm.MatchConfidence[method]
	}
	if mt.AuthorHandle != "" && crm.IsSocialPlatform(mt.Platform) {
		if k, ok := m.handles[mt.Platform+"\x00"+mt.AuthorHandle]; ok {
			set(k.AccountID, k.ID, crm.MatchHandle)
			return
		}
	}
	if mt.AuthorEmail != "" {
		if k, ok := m.emails[mt.AuthorEmail]; ok {
			set(k.AccountID, k.ID, crm.MatchEmail)
			return
		}
		if d := crm.EmailDomain(mt.AuthorEmail); d != "" && !crm.IsFreeMail(d) {
			if id, ok := m.domains[d]; ok {
				set(id, 0, crm.MatchDomain)
				return
			}
		}
	}
	if id := m.DomainInText(mt.Text); id != 0 {
		set(id, 0, crm.MatchDomain)
		return
	}
	if id := m.NameInText(mt.Text, buf); id > 0 {
		set(id, 0, crm.MatchName)
	}
}

// DomainInText returns the account whose domain a word of text names
// ("acme.de", "https://www.acme.de/x", "info@acme.de"), or 0.
func (m *Accounts) DomainInText(text string) int64 {
	if len(m.domains) == 0 {
		return 0
	}
	for rest := text; rest != ""; {
		i := strings.IndexByte(rest, '.')
		if i < 0 {
			return 0
		}
		// The word around the dot.
		start := strings.LastIndexFunc(rest[:i], unicode.IsSpace) + 1
		end := len(rest)
		if j := strings.IndexFunc(rest[i:], unicode.IsSpace); j >= 0 {
			end = i + j
		}
		word := strings.TrimRight(rest[start:end], ".,;:!?)]}\"'")
		word = strings.TrimLeft(word, "([{\"'")
		if strings.Contains(word, ".") {
			if id, ok := m.domains[crm.NormalizeDomain(word)]; ok {
				return id
			}
		}
		rest = rest[end:]
	}
	return 0
}

// NameInText returns the account whose name key appears in text as whole
// words, the longest match winning; 0 when none, -1 when the longest is
// shared by several accounts. buf is scratch space.
func (m *Accounts) NameInText(text string, buf *[]byte) int64 {
	id, _ := m.nameInText(text, buf)
	return id
}

// NameKeyInText returns the longest name key of an account (or of several
// accounts: an ambiguous name) that appears in text as whole words, by the
// rule of NameInText; "" when none.
func (m *Accounts) NameKeyInText(text string, buf *[]byte) string {
	_, key := m.nameInText(text, buf)
	return key
}

func (m *Accounts) nameInText(text string, buf *[]byte) (int64, string) {
	if len(m.names) == 0 {
		return 0, ""
	}
	// The text folded and reduced to its words, one space apart: the form
	// of crm.NormalizeName's keys (legal forms are kept; keys have none,
	// and a name followed by "GmbH" still matches its words).
	b := (*buf)[:0]
	var starts []int
	var startBuf [64]int
	starts = startBuf[:0]
	inWord := false
	for _, r := range text {
		var folded string
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
				if !inWord {
					if len(b) > 0 {
						b = append(b, ' ')
					}
					starts = append(starts, len(b))
					inWord = true
				}
				b = append(b, c)
				continue
			}
			inWord = false
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			folded = crm.Fold(string(r))
		default:
			if !unicode.Is(unicode.Mn, r) {
				inWord = false
			}
			continue
		}
		if !inWord {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			starts = append(starts, len(b))
			inWord = true
		}
		b = append(b, folded...)
	}
	*buf = b
	best, bestLen, bestKey := int64(0), 0, ""
	for wi, st := range starts {
		end := len(b)
		if wi+1 < len(starts) {
			end = starts[wi+1] - 1
		}
		if !m.firsts[string(b[st:end])] {
			continue
		}
		for n := 1; n <= maxNameWords && wi+n-1 < len(starts); n++ {
			e := len(b)
			if wi+n < len(starts) {
				e = starts[wi+n] - 1
			}
			if e-st < minNameKey {
				continue
			}
			if id, ok := m.names[string(b[st:e])]; ok && e-st > bestLen {
				best, bestLen, bestKey = id, e-st, string(b[st:e])
			}
		}
	}
	return best, bestKey
}
