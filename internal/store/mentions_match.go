package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// A mention is matched to a contact and account, in this order:
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
// replaced.

// minNameKey is the shortest normalised account name looked for in texts:
// shorter ones ("Müller", "Koch") are too often just words or surnames.
const minNameKey = 8

// maxNameWords is the most words of a name looked for in texts.
const maxNameWords = 6

// matcher holds what matching needs, loaded once per import.
type matcher struct {
	handles map[string]contactKey // kind + "\x00" + value -> contact
	emails  map[string]contactKey
	*accountIndex
}

// accountIndex is every account's domain and name key, for matching
// mentions. It is read once per version of the accounts (store.Versions)
// and kept by the Store: a mention posted through the API reads no
// account.
type accountIndex struct {
	version int64            // of the accounts it was read at
	domains map[string]int64 // account domain -> account (lowest id)
	names   map[string]int64 // name key -> account; -1 when several accounts share it
	firsts  map[string]bool  // first words of the name keys
}

// loadMatcher reads the identities the mentions may name and every
// account's domain and name key.
func (s *Store) loadMatcher(ctx context.Context, q querier, recs []crm.MentionRecord) (*matcher, error) {
	m := &matcher{handles: map[string]contactKey{}, emails: map[string]contactKey{}}
	var values []string
	seen := map[string]bool{}
	for i := range recs {
		mt := &recs[i].Mention
		for _, v := range []string{mt.AuthorHandle, mt.AuthorEmail} {
			if v != "" && !seen[v] {
				seen[v] = true
				values = append(values, v)
			}
		}
	}
	scan := func(query string, args []any) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: load identities: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var kind, value string
			var k contactKey
			if err := rows.Scan(&kind, &value, &k.id, &k.accountID); err != nil {
				return err
			}
			if kind == crm.IdentityEmail {
				m.emails[value] = k
			} else {
				m.handles[kind+"\x00"+value] = k
			}
		}
		return rows.Err()
	}
	if len(values) > 0 {
		const cols = `SELECT kind, value, contact_id, account_id FROM contact_identities WHERE kind <> 'phone'`
		n, err := countUpTo(ctx, q, "contact_identities", "", nil, 4*len(values)+1)
		if err != nil {
			return nil, err
		}
		if n <= 4*len(values) {
			err = scan(cols, nil)
		} else {
			err = inChunks(values, func(part []string) error {
				return scan(cols+` AND value IN (`+placeholders(1, len(part))+`)`, stringArgs(nil, part))
			})
		}
		if err != nil {
			return nil, err
		}
	}
	var err error
	m.accountIndex, err = s.accountsIndex(ctx, q)
	return m, err
}

// accountsIndex returns the accounts' index as of q's transaction: the
// kept one while the accounts have not changed since it was read.
func (s *Store) accountsIndex(ctx context.Context, q querier) (*accountIndex, error) {
	var version int64
	if err := q.QueryRowContext(ctx, `SELECT version FROM data_versions WHERE part = $1`, partAccounts).Scan(&version); err != nil {
		return nil, fmt.Errorf("store: accounts version: %w", err)
	}
	s.matchMu.Lock()
	kept := s.accounts
	s.matchMu.Unlock()
	if kept != nil && kept.version == version {
		return kept, nil
	}
	ix := &accountIndex{version: version, domains: map[string]int64{}, names: map[string]int64{}, firsts: map[string]bool{}}
	rows, err := q.QueryContext(ctx, `SELECT id, domain, name_key FROM accounts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: load accounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var domain, key string
		if err := rows.Scan(&id, &domain, &key); err != nil {
			return nil, fmt.Errorf("store: load accounts: %w", err)
		}
		ix.addAccount(id, domain, key)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load accounts: %w", err)
	}
	s.matchMu.Lock()
	if s.accounts == nil || s.accounts.version < version {
		s.accounts = ix
	}
	s.matchMu.Unlock()
	return ix, nil
}

// addAccount registers an account's domain and name key; accounts come in
// id order, so the lowest id keeps a shared domain.
func (m *accountIndex) addAccount(id int64, domain, key string) {
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

// match sets the mention's account, contact, method and confidence.
func (m *matcher) match(mt *crm.Mention, buf *[]byte) {
	mt.AccountID, mt.ContactID, mt.MatchMethod, mt.MatchConfidence = 0, 0, "", 0
	set := func(account, contact int64, method string) {
		mt.AccountID, mt.ContactID, mt.MatchMethod, mt.MatchConfidence = account, contact, method, crm.MatchConfidence[method]
	}
	if mt.AuthorHandle != "" && crm.IsSocialPlatform(mt.Platform) {
		if k, ok := m.handles[mt.Platform+"\x00"+mt.AuthorHandle]; ok {
			set(k.accountID, k.id, crm.MatchHandle)
			return
		}
	}
	if mt.AuthorEmail != "" {
		if k, ok := m.emails[mt.AuthorEmail]; ok {
			set(k.accountID, k.id, crm.MatchEmail)
			return
		}
		if d := crm.EmailDomain(mt.AuthorEmail); d != "" && !crm.IsFreeMail(d) {
			if id, ok := m.domains[d]; ok {
				set(id, 0, crm.MatchDomain)
				return
			}
		}
	}
	if id := m.domainInText(mt.Text); id != 0 {
		set(id, 0, crm.MatchDomain)
		return
	}
	if id := m.nameInText(mt.Text, buf); id > 0 {
		set(id, 0, crm.MatchName)
	}
}

// domainInText returns the account whose domain a word of text names
// ("acme.de", "https://www.acme.de/x", "info@acme.de"), or 0.
func (m *matcher) domainInText(text string) int64 {
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

// nameInText returns the account whose name key appears in text as whole
// words, the longest match winning; 0 when none, -1 when the longest is
// shared by several accounts. buf is scratch space.
func (m *matcher) nameInText(text string, buf *[]byte) int64 {
	if len(m.names) == 0 {
		return 0
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
	best, bestLen := int64(0), 0
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
				best, bestLen = id, e-st
			}
		}
	}
	return best
}
