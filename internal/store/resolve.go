package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// resolver finds the account an input row names, inside an import
// transaction: by external id, then by email domain (not for free-mail
// domains), then by normalised name. Accounts it creates for unknown names
// are written by flush.
type resolver struct {
	s        *Store
	c        *sql.Conn
	source   string
	byExt    map[string]int64
	byDomain map[string]int64
	byName   map[string]int64
	created  []crm.Account
	ids      idBlock
	// seq, when set, reserves further blocks of account ids from the
	// sequence alone on another connection (PostgreSQL), for a resolver
	// that runs while the import's connection is busy writing.
	seq querier
}

func newResolver(s *Store, c *sql.Conn, source string) *resolver {
	return &resolver{s: s, c: c, source: source,
		byExt: map[string]int64{}, byDomain: map[string]int64{}, byName: map[string]int64{}}
}

// load reads the accounts that refs may name. When the refs are many
// compared with the accounts stored, it reads all accounts in one scan.
func (r *resolver) load(ctx context.Context, refs []crm.AccountRef) error {
	stored, err := countUpTo(ctx, r.c, "accounts", "", nil, 2*len(refs)+1)
	if err != nil {
		return err
	}
	if stored == 0 {
		return nil
	}
	const cols = `SELECT id, external_id, domain, name_key FROM accounts`
	if stored <= 2*len(refs) {
		return r.scan(ctx, cols, nil)
	}
	var exts, domains, names []string
	seen := map[string]bool{}
	add := func(list *[]string, prefix, v string) {
		if v != "" && !seen[prefix+v] {
			seen[prefix+v] = true
			*list = append(*list, v)
		}
	}
	for _, ref := range refs {
		add(&exts, "e:", ref.ExternalID)
		if d := crm.EmailDomain(ref.Email); d != "" && !crm.IsFreeMail(d) {
			add(&domains, "d:", d)
		}
		add(&names, "n:", crm.NormalizeName(ref.Name))
	}
	for _, q := range []struct {
		col  string
		keys []string
	}{{"external_id", exts}, {"domain", domains}, {"name_key", names}} {
		err := inChunks(q.keys, func(part []string) error {
			return r.scan(ctx, cols+` WHERE `+q.col+` IN (`+placeholders(1, len(part))+`)`, stringArgs(nil, part))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) scan(ctx context.Context, query string, args []any) error {
	rows, err := r.c.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: load accounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ext, domain, name string
		if err := rows.Scan(&id, &ext, &domain, &name); err != nil {
			return fmt.Errorf("store: load accounts: %w", err)
		}
		r.remember(id, ext, domain, name)
	}
	return rows.Err()
}

// remember registers an account's keys; the lowest id wins a shared key.
func (r *resolver) remember(id int64, ext, domain, nameKey string) {
	put := func(m map[string]int64, k string) {
		if k == "" {
			return
		}
		if old, ok := m[k]; !ok || id < old {
			m[k] = id
		}
	}
	put(r.byExt, ext)
	put(r.byDomain, domain)
	put(r.byName, nameKey)
}

// find returns the account ref names, or 0.
func (r *resolver) find(ref crm.AccountRef) int64 {
	if ref.ExternalID != "" {
		if id, ok := r.byExt[ref.ExternalID]; ok {
			return id
		}
	}
	if d := crm.EmailDomain(ref.Email); d != "" && !crm.IsFreeMail(d) {
		if id, ok := r.byDomain[d]; ok {
			return id
		}
	}
	if n := crm.NormalizeName(ref.Name); n != "" {
		if id, ok := r.byName[n]; ok {
			return id
		}
	}
	return 0
}

// resolve returns the account ref names, creating it unless strict. A
// RowError is returned for a ref that cannot be resolved.
func (r *resolver) resolve(ctx context.Context, ref crm.AccountRef, strict bool, line int) (int64, *crm.RowError, error) {
	if ref.IsZero() {
		return 0, &crm.RowError{Line: line, Field: "customer", Reason: "missing"}, nil
	}
	if id := r.find(ref); id != 0 {
		return id, nil, nil
	}
	if strict {
		return 0, &crm.RowError{Line: line, Field: "customer", Reason: fmt.Sprintf("unknown account %s (--strict)", describe(ref))}, nil
	}
	a := crm.Account{ExternalID: ref.ExternalID, Name: strings.TrimSpace(ref.Name), Status: crm.AccountActive}
	if a.Name == "" {
		a.Name = ref.ExternalID
	}
	if a.Name == "" {
		a.Name = ref.Email
	}
	if d := crm.EmailDomain(ref.Email); d != "" && !crm.IsFreeMail(d) {
		a.Domain = d
	}
	id, err := r.create(ctx, a)
	return id, nil, err
}

// create registers a new account to be written by flush and returns its id.
func (r *resolver) create(ctx context.Context, a crm.Account) (int64, error) {
	if r.seq != nil && r.ids.empty() {
		first, err := r.s.sequenceIDs(ctx, r.seq, "accounts", idBlockSize)
		if err != nil {
			return 0, err
		}
		r.ids.next, r.ids.last = first, first+idBlockSize-1
	}
	id, err := r.ids.take(ctx, r.s, r.c, "accounts")
	if err != nil {
		return 0, err
	}
	a.ID = id
	if a.Source == "" {
		a.Source = r.source
	}
	if a.Status == "" {
		a.Status = crm.AccountActive
	}
	r.created = append(r.created, a)
	r.remember(a.ID, a.ExternalID, a.Domain, crm.NormalizeName(a.Name))
	return a.ID, nil
}

// flush writes the accounts created since the last flush.
func (r *resolver) flush(ctx context.Context) error {
	created := r.created
	r.created = nil
	// Accounts that orders, contacts or touchpoints name have only their
	// keys: the other columns keep their defaults, which is cheaper to write.
	cols := accountKeyCols
	for i := range created {
		if !keysOnly(&created[i]) {
			cols = accountCols
			break
		}
	}
	err := r.s.bulkInsert(ctx, r.c, "accounts", cols, len(created), func(i int, dst []any) {
		r.s.accountRow(&created[i], dst)
	})
	if err != nil {
		return err
	}
	for _, a := range created {
		if a.ReferredByID == 0 {
			continue
		}
		if _, err := r.c.ExecContext(ctx, `UPDATE accounts SET referred_by_id = $1 WHERE id = $2`, a.ReferredByID, a.ID); err != nil {
			return fmt.Errorf("store: set referral of account %d: %w", a.ID, err)
		}
	}
	return nil
}

// accountCols are the columns an account is written with; accountKeyCols
// their prefix for accounts with nothing beyond their keys (keysOnly).
var (
	accountCols = []string{"id", "source", "external_id", "name", "name_key", "domain", "status", "segment", "industry",
		"size_class", "region", "owner", "acquired_at", "acquisition_source", "referred_by_id"}
	accountKeyCols = accountCols[:7]
)

// accountRow fills dst with the first len(dst) of accountCols. The referral
// is left NULL: flush sets it once every referred account exists.
func (s *Store) accountRow(a *crm.Account, dst []any) {
	dst[0], dst[1], dst[2], dst[3], dst[4] = a.ID, a.Source, a.ExternalID, a.Name, crm.NormalizeName(a.Name)
	dst[5], dst[6] = a.Domain, a.Status
	if len(dst) > len(accountKeyCols) {
		dst[7], dst[8], dst[9], dst[10], dst[11] = a.Segment, a.Industry, a.SizeClass, a.Region, a.Owner
		dst[12], dst[13], dst[14] = s.date(a.AcquiredAt), a.AcquisitionSource, nil
	}
}

// keysOnly reports whether a has nothing beyond accountKeyCols (and a
// referral, which flush writes separately).
func keysOnly(a *crm.Account) bool {
	return a.Segment == "" && a.Industry == "" && a.SizeClass == "" && a.Region == "" && a.Owner == "" &&
		a.AcquiredAt.IsZero() && a.AcquisitionSource == ""
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func describe(ref crm.AccountRef) string {
	switch {
	case ref.ExternalID != "":
		return fmt.Sprintf("%q", ref.ExternalID)
	case ref.Name != "":
		return fmt.Sprintf("%q", ref.Name)
	default:
		return fmt.Sprintf("%q", ref.Email)
	}
}
