package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/resolve"
)

const accountSelect = `SELECT id, source, external_id, name, domain, segment, industry, size_class, region, owner,
	acquired_at, acquisition_source, heard_about, COALESCE(referred_by_id, 0), status FROM accounts`

func scanAccount(sc interface{ Scan(...any) error }, a *crm.Account) error {
	return sc.Scan(&a.ID, &a.Source, &a.ExternalID, &a.Name, &a.Domain, &a.Segment, &a.Industry, &a.SizeClass,
		&a.Region, &a.Owner, dbDate{&a.AcquiredAt}, &a.AcquisitionSource, &a.HeardAbout, &a.ReferredByID, &a.Status)
}

// Account returns one account; crm.ENOTFOUND if there is none or it is out
// of the scope of the actor in ctx.
func (s *Store) Account(ctx context.Context, id int64) (*crm.Account, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.accountIn(ctx, s.db, sc, id)
	if err != nil {
		if crm.ErrorCode(err) == crm.EINTERNAL {
			err = fmt.Errorf("store: account %d: %w", id, err)
		}
		return nil, err
	}
	return &a, nil
}

// accountIn returns account id if sc allows it; ENOTFOUND otherwise.
func (s *Store) accountIn(ctx context.Context, q querier, sc crm.Scope, id int64) (crm.Account, error) {
	var a crm.Account
	cond, args := s.scopeSQL(sc, "id", 2)
	err := scanAccount(q.QueryRowContext(ctx, accountSelect+` WHERE id = $1 AND `+cond, append([]any{id}, args...)...), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return a, crm.Errorf(crm.ENOTFOUND, "account %d not found", id)
	}
	return a, err
}

// accountsByID returns the accounts with the given ids that sc allows.
func (s *Store) accountsByID(ctx context.Context, q querier, sc crm.Scope, ids []int64) (map[int64]*crm.Account, error) {
	out := make(map[int64]*crm.Account, len(ids))
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = strconv.FormatInt(id, 10)
	}
	err := inChunks(keys, func(part []string) error {
		args := make([]any, len(part))
		for i, k := range part {
			args[i], _ = strconv.ParseInt(k, 10, 64)
		}
		cond, sargs := s.scopeSQL(sc, "id", len(args)+1)
		rows, err := q.QueryContext(ctx, accountSelect+` WHERE id IN (`+placeholders(1, len(part))+`) AND `+cond, append(args, sargs...)...)
		if err != nil {
			return fmt.Errorf("store: load accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a := new(crm.Account)
			if err := scanAccount(rows, a); err != nil {
				return fmt.Errorf("store: load accounts: %w", err)
			}
			out[a.ID] = a
		}
		return rows.Err()
	})
	return out, err
}

// AccountQuery selects accounts. Empty fields do not filter.
type AccountQuery struct {
	// Q matches part of the name (compared as the importer compares
	// names: folded, without legal forms), part of the domain, or the whole
	// external id.
	Q                      string
	Segment, Owner, Status string
	// IDs, when not nil, keeps only these accounts (the API's tier filter,
	// whose tiers come from the analytics).
	IDs    []int64
	Limit  int // default DefaultPageSize, at most MaxPageSize
	Offset int
}

// ListAccounts lists the accounts matching f by id, and their number, of
// those in the scope of the actor in ctx. Viewers and up.
func (s *Store) ListAccounts(ctx context.Context, f AccountQuery) ([]crm.Account, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page(f.Limit, f.Offset)
	var w where
	w.scope(s, sc, "id")
	if q := crm.NewAccountSearch(f.Q); !q.Any() { // the rule of AccountSearch.Matches, in SQL
		domain := "%" + escapeLike(q.Domain) + "%"
		if q.NameKey != "" {
			w.add(`(name_key LIKE ? ESCAPE '\' OR domain LIKE ? ESCAPE '\' OR external_id = ?)`, "%"+escapeLike(q.NameKey)+"%", domain, q.ID)
		} else {
			w.add(`(domain LIKE ? ESCAPE '\' OR external_id = ?)`, domain, q.ID)
		}
	}
	for _, c := range [][2]string{{"segment", f.Segment}, {"owner", f.Owner}, {"status", f.Status}} {
		if c[1] != "" {
			w.add(c[0]+" = ?", c[1])
		}
	}
	if f.IDs != nil {
		b, err := json.Marshal(f.IDs)
		if err != nil {
			return nil, 0, err
		}
		w.args = append(w.args, string(b))
		w.conds = append(w.conds, s.idsIn("id", len(w.args)))
	}
	var out []crm.Account
	total, err := s.listPage(ctx, "accounts", `id, source, external_id, name, domain, segment, industry, size_class, region, owner,
		acquired_at, acquisition_source, heard_about, COALESCE(referred_by_id, 0), status`, w, "id", limit, offset, func(rows *sql.Rows) error {
		var a crm.Account
		if err := scanAccount(rows, &a); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: accounts: %w", err)
	}
	return out, total, nil
}

// DirectoryEntry is one account in the directory the accounts list is
// built from.
type DirectoryEntry struct {
	ID         int64
	Name       string
	NameKey    string // crm.NormalizeName of the name, for searching
	Domain     string
	ExternalID string
	Segment    string
	Owner      string
	Status     string
}

// Directory lists every account in the scope of the actor in ctx, by id.
func (s *Store) Directory(ctx context.Context) ([]DirectoryEntry, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "id", 1)
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, name_key, domain, COALESCE(external_id, ''), segment, owner, status FROM accounts WHERE `+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: directory: %w", err)
	}
	defer rows.Close()
	var out []DirectoryEntry
	for rows.Next() {
		var d DirectoryEntry
		if err := rows.Scan(&d.ID, &d.Name, &d.NameKey, &d.Domain, &d.ExternalID, &d.Segment, &d.Owner, &d.Status); err != nil {
			return nil, fmt.Errorf("store: directory: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Referral is an account that another brought: who referred it.
type Referral struct {
	AccountID  int64
	ReferredBy int64
}

// Referrals lists the accounts in the scope of the actor in ctx that name
// the account that referred them, by id. The referrer may lie outside the
// scope; its id is all that is said of it.
func (s *Store) Referrals(ctx context.Context) ([]Referral, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "id", 1)
	rows, err := s.db.QueryContext(ctx, `SELECT id, referred_by_id FROM accounts WHERE referred_by_id IS NOT NULL AND `+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: referrals: %w", err)
	}
	defer rows.Close()
	out := []Referral{}
	for rows.Next() {
		var r Referral
		if err := rows.Scan(&r.AccountID, &r.ReferredBy); err != nil {
			return nil, fmt.Errorf("store: referrals: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AccountNames returns the names of the accounts with the given ids
// (unknown ids, and those out of the scope of the actor in ctx, are left
// out).
func (s *Store) AccountNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	accts, err := s.accountsByID(ctx, s.db, sc, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(accts))
	for id, a := range accts {
		out[id] = a.Name
	}
	return out, nil
}

// cleanAccount trims and checks an account for writing.
func cleanAccount(a *crm.Account) error {
	for _, p := range []*string{&a.ExternalID, &a.Name, &a.Segment, &a.Industry, &a.SizeClass, &a.Region, &a.Owner, &a.AcquisitionSource, &a.HeardAbout, &a.Status} {
		*p = strings.TrimSpace(*p)
	}
	a.Domain = crm.NormalizeDomain(a.Domain)
	a.Status = strings.ToLower(a.Status)
	if a.Status == "" {
		a.Status = crm.AccountActive
	}
	switch {
	case a.Name == "":
		return crm.Errorf(crm.EINVALID, "name: required")
	case a.Status != crm.AccountActive && a.Status != crm.AccountInactive:
		return crm.Errorf(crm.EINVALID, "status: %q is not one of active, inactive", a.Status)
	case a.ReferredByID < 0:
		return crm.Errorf(crm.EINVALID, "referred_by_id: not an account id")
	case a.ReferredByID != 0 && a.ReferredByID == a.ID:
		return crm.Errorf(crm.EINVALID, "referred_by_id: an account cannot refer itself")
	}
	return a.Check()
}

// checkAccountKeys refuses an external id or domain that another account
// has (the importer finds accounts by them; the conflict says so even of
// an account out of sc, as a key can be had once) and a new referral (not
// oldRef) to an account that does not exist or is out of sc.
func (s *Store) checkAccountKeys(ctx context.Context, tx *sql.Tx, sc crm.Scope, a *crm.Account, oldRef int64) error {
	if err := s.lockKeys(ctx, tx, keyOf("account", a.ExternalID), keyOf("domain", a.Domain)); err != nil {
		return err
	}
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE ((external_id = $1 AND $1 <> '') OR (domain = $2 AND $2 <> '')) AND id <> $3 LIMIT 1`,
		a.ExternalID, a.Domain, a.ID).Scan(&other)
	switch {
	case err == nil:
		return crm.Errorf(crm.ECONFLICT, "account %d has this external_id or domain already", other)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if a.ReferredByID != 0 && a.ReferredByID != oldRef {
		if err := s.accountVisible(ctx, tx, sc, a.ReferredByID, "referred_by_id"); err != nil {
			return err
		}
	}
	return nil
}

// CreateAccount adds an account under source "web". Staff and admins;
// EINVALID for a missing name or a bad status or referral, ECONFLICT when
// another account has its external id or domain.
func (s *Store) CreateAccount(ctx context.Context, a crm.Account) (crm.Account, error) {
	a.ID, a.Source = 0, WebSource
	if err := cleanAccount(&a); err != nil {
		return a, err
	}
	err := s.write(ctx, crm.RoleStaff, "create account", func(tx *sql.Tx, ac crm.Actor) error {
		if err := s.createAccount(ctx, tx, ac, &a); err != nil {
			return err
		}
		if err := s.applyHeardAbout(ctx, tx, ac, a.ID); err != nil {
			return err
		}
		return audit(ctx, tx, ac, "create", "account", a.ID, nil, a)
	})
	return a, err
}

// createAccount checks a's keys and writes it, setting its id; the
// caller audits.
func (s *Store) createAccount(ctx context.Context, tx *sql.Tx, ac crm.Actor, a *crm.Account) error {
	if err := s.checkAccountKeys(ctx, tx, ac.Scope, a, 0); err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `INSERT INTO accounts (source, external_id, name, name_key, domain, segment, industry, size_class,
		region, owner, acquired_at, acquisition_source, referred_by_id, status, heard_about)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		a.Source, a.ExternalID, a.Name, crm.NormalizeName(a.Name), a.Domain, a.Segment, a.Industry, a.SizeClass,
		a.Region, a.Owner, s.date(a.AcquiredAt), a.AcquisitionSource, nullID(a.ReferredByID), a.Status, a.HeardAbout).Scan(&a.ID)
}

// UpdateAccount changes account id: edit gets the stored account and
// changes it (it may return an EINVALID error); the id and source stay.
// Staff and admins; ENOTFOUND for an unknown account, otherwise as
// CreateAccount.
func (s *Store) UpdateAccount(ctx context.Context, id int64, edit func(*crm.Account) error) (crm.Account, error) {
	var after crm.Account
	err := s.write(ctx, crm.RoleStaff, "update account", func(tx *sql.Tx, ac crm.Actor) error {
		before, err := s.accountIn(ctx, tx, ac.Scope, id)
		if err != nil {
			return err
		}
		after = before
		if err := edit(&after); err != nil {
			return err
		}
		after.ID, after.Source = before.ID, before.Source
		if err := cleanAccount(&after); err != nil {
			return err
		}
		if after == before {
			return nil
		}
		if err := s.checkAccountKeys(ctx, tx, ac.Scope, &after, before.ReferredByID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE accounts SET external_id = $1, name = $2, name_key = $3, domain = $4, segment = $5, industry = $6,
			size_class = $7, region = $8, owner = $9, acquired_at = $10, acquisition_source = $11, referred_by_id = $12, status = $13,
			heard_about = $14 WHERE id = $15`,
			after.ExternalID, after.Name, crm.NormalizeName(after.Name), after.Domain, after.Segment, after.Industry,
			after.SizeClass, after.Region, after.Owner, s.date(after.AcquiredAt), after.AcquisitionSource, nullID(after.ReferredByID), after.Status,
			after.HeardAbout, id)
		if err != nil {
			return err
		}
		if err := s.applyHeardAbout(ctx, tx, ac, id); err != nil {
			return err
		}
		return audit(ctx, tx, ac, "update", "account", id, before, after)
	})
	return after, err
}

// DeleteAccount deletes account id with its contacts, orders (and their
// lines) and touchpoints; accounts it referred keep no referral. Staff and
// admins; ENOTFOUND for an unknown account. The audit entry keeps the
// account and how many records went with it.
func (s *Store) DeleteAccount(ctx context.Context, id int64) error {
	return s.write(ctx, crm.RoleStaff, "delete account", func(tx *sql.Tx, ac crm.Actor) error {
		before, err := s.accountIn(ctx, tx, ac.Scope, id)
		if err != nil {
			return err
		}
		gone := struct {
			crm.Account
			Contacts    int `json:"deleted_contacts"`
			Orders      int `json:"deleted_orders"`
			Touchpoints int `json:"deleted_touchpoints"`
		}{Account: before}
		err = tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM contacts WHERE account_id = $1),
			(SELECT COUNT(*) FROM orders WHERE account_id = $1), (SELECT COUNT(*) FROM touchpoints WHERE account_id = $1)`, id).
			Scan(&gone.Contacts, &gone.Orders, &gone.Touchpoints)
		if err != nil {
			return err
		}
		// The schema cascades too; these say what goes, whatever the
		// connection's foreign key setting. Links from other accounts
		// (referrals, touchpoints with a contact who moved, mentions) are
		// cleared: on PostgreSQL no foreign key does that (docs/scale.md).
		for _, q := range []string{
			`DELETE FROM order_lines WHERE account_id = $1`,
			`DELETE FROM shipments WHERE account_id = $1`,
			`DELETE FROM activity_touches WHERE account_id = $1`,
			`DELETE FROM orders WHERE account_id = $1`,
			`DELETE FROM touchpoints WHERE account_id = $1`,
			`UPDATE touchpoints SET contact_id = NULL WHERE contact_id IN (SELECT id FROM contacts WHERE account_id = $1)`,
			`UPDATE mentions SET contact_id = NULL WHERE contact_id IN (SELECT id FROM contacts WHERE account_id = $1)`,
			`UPDATE mentions SET account_id = NULL WHERE account_id = $1`,
			// Survey answers go with the account and with its contacts
			// (their answers cascade).
			`DELETE FROM survey_responses WHERE account_id = $1 OR contact_id IN (SELECT id FROM contacts WHERE account_id = $1)`,
			`DELETE FROM survey_invitations WHERE account_id = $1 OR contact_id IN (SELECT id FROM contacts WHERE account_id = $1)`,
			`DELETE FROM survey_beliefs WHERE account_id = $1`,
			`DELETE FROM contact_identities WHERE account_id = $1`,
			`DELETE FROM contacts WHERE account_id = $1`,
			`UPDATE accounts SET referred_by_id = NULL WHERE referred_by_id = $1`,
			`DELETE FROM accounts WHERE id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return audit(ctx, tx, ac, "delete", "account", id, gone, nil)
	})
}

// ImportAccounts writes accounts in one transaction. A row matches a stored
// account by external id, then domain (not free-mail), then normalised name;
// a match is updated with the row's non-empty fields. Referrals name another
// account the same way (created unless opt.Strict).
func (s *Store) ImportAccounts(ctx context.Context, recs []crm.AccountRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	return importRows(ctx, s, recs, opt, importSteps[crm.AccountRecord]{
		kind: "accounts",
		check: func(r *crm.AccountRecord) (int, error) {
			return r.Line, firstErr(r.Account.Check(), r.ReferredBy.Check("referred_by"), crm.Check(crm.Name("email", r.Email)))
		},
		write: func(c *sql.Conn, actor crm.Actor, recs []crm.AccountRecord, sum *crm.ImportSummary) error {
			res := newResolver(s, c, source)
			refs := make([]crm.AccountRef, 0, 2*len(recs))
			for i := range recs {
				refs = append(refs, resolve.RecordRef(&recs[i]), recs[i].ReferredBy)
			}
			if err := res.load(ctx, refs); err != nil {
				return err
			}
			var rejects crm.RowErrors
			createdAt := map[int64]int{} // id -> index in res.created
			matched := map[int64]*crm.Account{}
			var matchedIDs []int64
			ids := make([]int64, len(recs))
			for i := range recs {
				r := &recs[i]
				a := r.Account
				if a.Domain == "" {
					if d := crm.EmailDomain(r.Email); d != "" && !crm.IsFreeMail(d) {
						a.Domain = d
					}
				} else {
					a.Domain = crm.NormalizeDomain(a.Domain)
				}
				if a.Name == "" {
					rejects = append(rejects, crm.RowError{Line: r.Line, Field: "name", Reason: "missing"})
					continue
				}
				if id := res.Find(resolve.RecordRef(r)); id != 0 {
					ids[i] = id
					if k, ok := createdAt[id]; ok {
						merge(&res.created[k], &a)
					} else if _, ok := matched[id]; !ok {
						matched[id] = &a
						matchedIDs = append(matchedIDs, id)
					} else {
						merge(matched[id], &a)
					}
					continue
				}
				a.Source = source
				id, err := res.create(ctx, a)
				if err != nil {
					return err
				}
				createdAt[id] = len(res.created) - 1
				ids[i] = id
			}
			// Referrals, once every account of the file is known.
			for i := range recs {
				r := &recs[i]
				if ids[i] == 0 || r.ReferredBy.IsZero() {
					continue
				}
				ref, rowErr, err := res.resolve(ctx, r.ReferredBy, opt.Strict, r.Line)
				if err != nil {
					return err
				}
				if rowErr != nil {
					rowErr.Field = "referred_by"
					rejects = append(rejects, *rowErr)
					continue
				}
				if ref == ids[i] {
					continue
				}
				if k, ok := createdAt[ids[i]]; ok {
					res.created[k].ReferredByID = ref
				} else {
					matched[ids[i]].ReferredByID = ref
				}
			}
			// Referral codes: the code's account refers the row's, unless
			// that is a self-referral or the account ordered before.
			uses := map[int64]referralUse{}
			for i := range recs {
				r := &recs[i]
				if ids[i] == 0 || r.ReferralCode == "" {
					continue
				}
				id := ids[i]
				on := r.Account.AcquiredAt
				if on.IsZero() {
					on = today()
				}
				_, created := createdAt[id]
				stored := id
				if created {
					stored = 0 // not written yet: no orders, and no code of its own
				}
				u, err := s.checkReferral(ctx, c, "referral_code", r.ReferralCode, stored, on)
				if crm.ErrorCode(err) == crm.EINVALID {
					var e *crm.Error
					errors.As(err, &e)
					rejects = append(rejects, crm.RowError{Line: r.Line, Field: "referral_code", Reason: strings.TrimPrefix(e.Message, "referral_code: "),
						Format: strings.TrimPrefix(e.Format, "%s: "), Args: e.Args[1:]})
					continue
				}
				if err != nil {
					return err
				}
				if !r.ReferredBy.IsZero() {
					if ref := res.Find(r.ReferredBy); ref != 0 && ref != u.code.AccountID {
						rejects = append(rejects, crm.RowError{Line: r.Line, Field: "referral_code", Reason: "the code is of another account than referred_by",
							Format: "the code is of another account than referred_by"})
						continue
					}
				}
				u.via = crm.ReferralViaImport
				uses[id] = u
				if k, ok := createdAt[id]; ok {
					res.created[k].ReferredByID = u.code.AccountID
				} else {
					matched[id].ReferredByID = u.code.AccountID
				}
			}
			if err := finish(sum, rejects, opt); err != nil {
				return err
			}
			sum.Inserted = len(createdAt)
			sum.AccountsCreated = len(res.created) - len(createdAt)
			// Referred accounts created on the fly must exist before the
			// accounts that point at them: write in id order (creation order).
			if err := res.flush(ctx); err != nil {
				return err
			}
			stored, err := s.accountsByID(ctx, c, actor.Scope, matchedIDs)
			if err != nil {
				return err
			}
			for _, id := range matchedIDs {
				old := stored[id]
				upd := *old
				merge(&upd, matched[id])
				if upd == *old {
					sum.Unchanged++
					continue
				}
				_, err := c.ExecContext(ctx, `UPDATE accounts SET external_id = $1, name = $2, name_key = $3, domain = $4, segment = $5,
					industry = $6, size_class = $7, region = $8, owner = $9, acquired_at = $10, acquisition_source = $11,
					referred_by_id = $12, status = $13, heard_about = $14 WHERE id = $15`,
					upd.ExternalID, upd.Name, crm.NormalizeName(upd.Name), upd.Domain, upd.Segment, upd.Industry, upd.SizeClass,
					upd.Region, upd.Owner, s.date(upd.AcquiredAt), upd.AcquisitionSource, nullID(upd.ReferredByID), upd.Status, upd.HeardAbout, id)
				if err != nil {
					return fmt.Errorf("store: update account %d: %w", id, err)
				}
				sum.Updated++
			}
			for _, id := range slices.Sorted(maps.Keys(uses)) {
				if err := s.writeReferral(ctx, c, id, uses[id]); err != nil {
					return fmt.Errorf("store: referral of account %d: %w", id, err)
				}
			}
			// Answers to "how did you hear about us?" mapped before are
			// pos touches of their accounts.
			return s.applyHeardAbout(ctx, c, actor, 0)
		},
	})
}

// merge copies the non-empty fields of src onto dst.
func merge(dst, src *crm.Account) {
	set := func(d *string, v string) {
		if v != "" {
			*d = v
		}
	}
	set(&dst.ExternalID, src.ExternalID)
	set(&dst.Name, src.Name)
	set(&dst.Domain, src.Domain)
	set(&dst.Segment, src.Segment)
	set(&dst.Industry, src.Industry)
	set(&dst.SizeClass, src.SizeClass)
	set(&dst.Region, src.Region)
	set(&dst.Owner, src.Owner)
	set(&dst.AcquisitionSource, src.AcquisitionSource)
	set(&dst.HeardAbout, src.HeardAbout)
	set(&dst.Status, src.Status)
	if !src.AcquiredAt.IsZero() {
		dst.AcquiredAt = src.AcquiredAt
	}
	if src.ReferredByID != 0 {
		dst.ReferredByID = src.ReferredByID
	}
}

// resolver finds the account an input row names, inside an import
// transaction, by the rules of internal/resolve: it reads the candidates
// into a resolve.Index. Accounts it creates for unknown names are written
// by flush.
type resolver struct {
	s      *Store
	c      *sql.Conn
	source string
	*resolve.Index
	created []crm.Account
	ids     idBlock
	// seq, when set, reserves further blocks of account ids from the
	// sequence alone on another connection (PostgreSQL), for a resolver
	// that runs while the import's connection is busy writing.
	seq querier
}

func newResolver(s *Store, c *sql.Conn, source string) *resolver {
	return &resolver{s: s, c: c, source: source, Index: resolve.NewIndex()}
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
	exts, domains, names := resolve.Keys(refs)
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
		r.Add(id, ext, domain, name)
	}
	return rows.Err()
}

// resolve returns the account ref names, creating it unless strict. A
// RowError is returned for a ref that cannot be resolved.
func (r *resolver) resolve(ctx context.Context, ref crm.AccountRef, strict bool, line int) (int64, *crm.RowError, error) {
	if ref.IsZero() {
		return 0, &crm.RowError{Line: line, Field: "customer", Reason: "missing", Format: "missing"}, nil
	}
	if id := r.Find(ref); id != 0 {
		return id, nil, nil
	}
	if strict {
		return 0, &crm.RowError{Line: line, Field: "customer", Reason: fmt.Sprintf("unknown account %s (--strict)", resolve.Describe(ref)),
			Format: "unknown account %s: new customers are not created", Args: []any{resolve.Describe(ref)}}, nil
	}
	id, err := r.create(ctx, resolve.NewAccount(ref))
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
	r.Add(a.ID, a.ExternalID, a.Domain, crm.NormalizeName(a.Name))
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
		"size_class", "region", "owner", "acquired_at", "acquisition_source", "referred_by_id", "heard_about"}
	accountKeyCols = accountCols[:7]
)

// accountRow fills dst with the first len(dst) of accountCols. The referral
// is left NULL: flush sets it once every referred account exists.
func (s *Store) accountRow(a *crm.Account, dst []any) {
	dst[0], dst[1], dst[2], dst[3], dst[4] = a.ID, a.Source, a.ExternalID, a.Name, crm.NormalizeName(a.Name)
	dst[5], dst[6] = a.Domain, a.Status
	if len(dst) > len(accountKeyCols) {
		dst[7], dst[8], dst[9], dst[10], dst[11] = a.Segment, a.Industry, a.SizeClass, a.Region, a.Owner
		dst[12], dst[13], dst[14], dst[15] = s.date(a.AcquiredAt), a.AcquisitionSource, nil, a.HeardAbout
	}
}

// keysOnly reports whether a has nothing beyond accountKeyCols (and a
// referral, which flush writes separately).
func keysOnly(a *crm.Account) bool {
	return a.Segment == "" && a.Industry == "" && a.SizeClass == "" && a.Region == "" && a.Owner == "" &&
		a.AcquiredAt.IsZero() && a.AcquisitionSource == "" && a.HeardAbout == ""
}
