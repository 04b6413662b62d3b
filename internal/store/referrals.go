package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Referral codes and the accounts that came through them: a contact's
// code (the link /r/{code}), the referral it makes when an account is
// created or imported with it, and the milestones of the referred
// accounts (referred → customer → repeat).

var errNoCode = crm.Errorf(crm.ENOTFOUND, "no such referral code")

// maxReferrals is the most referred accounts ReferralList returns.
const maxReferrals = 100_000

// ReferralCodeFor returns the referral code of contact contactID, making
// one when the contact has none. Staff and up; ENOTFOUND for a contact
// out of the actor's scope. Audited when a code is made.
func (s *Store) ReferralCodeFor(ctx context.Context, contactID int64) (crm.ReferralCode, error) {
	var rc crm.ReferralCode
	err := s.write(ctx, crm.RoleStaff, "referral code", func(tx *sql.Tx, a crm.Actor) error {
		c, err := s.contactIn(ctx, tx, a.Scope, contactID)
		if err != nil {
			return err
		}
		rc, err = s.codeWhere(ctx, tx, "contact_id = $1 AND account_id = $2", contactID, c.AccountID)
		if err == nil || crm.ErrorCode(err) != crm.ENOTFOUND {
			return err
		}
		for range 5 { // a clash of random codes is all but impossible; try again anyway
			code := crm.NewReferralCode()
			if err := s.lockKeys(ctx, tx, keyOf("referral_code", code)); err != nil {
				return err
			}
			if _, err := s.codeWhere(ctx, tx, "code = $1", code); err == nil {
				continue
			} else if crm.ErrorCode(err) != crm.ENOTFOUND {
				return err
			}
			now := time.Now().UTC().Truncate(time.Second)
			rc = crm.ReferralCode{Code: code, AccountID: c.AccountID, ContactID: contactID, CreatedBy: a.Name, CreatedAt: now}
			if _, err := tx.ExecContext(ctx, `INSERT INTO referral_codes (code, account_id, contact_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
				code, c.AccountID, contactID, a.Name, now.Unix()); err != nil {
				return err
			}
			return audit(ctx, tx, a, "create", "referral_code", contactID, nil, rc)
		}
		return fmt.Errorf("no free referral code")
	})
	return rc, err
}

// codeWhere reads the one code matching cond; errNoCode when none does.
func (s *Store) codeWhere(ctx context.Context, q querier, cond string, args ...any) (crm.ReferralCode, error) {
	var rc crm.ReferralCode
	var at int64
	err := q.QueryRowContext(ctx, `SELECT code, account_id, contact_id, created_by, created_at FROM referral_codes WHERE `+cond, args...).
		Scan(&rc.Code, &rc.AccountID, &rc.ContactID, &rc.CreatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return rc, errNoCode
	}
	rc.CreatedAt = time.Unix(at, 0).UTC()
	return rc, err
}

// ReferralCodes lists the referral codes of the contacts of the accounts
// in the scope of the actor in ctx (of account accountID only, when not
// 0), by contact. Viewers and up.
func (s *Store) ReferralCodes(ctx context.Context, accountID int64) ([]crm.ReferralCode, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.scope(s, sc, "account_id")
	if accountID != 0 {
		w.add("account_id = ?", accountID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT code, account_id, contact_id, created_by, created_at FROM referral_codes`+w.sql()+
		fmt.Sprintf(` ORDER BY contact_id LIMIT %d`, maxReferrals), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: referral codes: %w", err)
	}
	defer rows.Close()
	out := []crm.ReferralCode{}
	for rows.Next() {
		var rc crm.ReferralCode
		var at int64
		if err := rows.Scan(&rc.Code, &rc.AccountID, &rc.ContactID, &rc.CreatedBy, &at); err != nil {
			return nil, fmt.Errorf("store: referral codes: %w", err)
		}
		rc.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, rc)
	}
	return out, rows.Err()
}

// referralUse is a referral made with a code, to be written.
type referralUse struct {
	code crm.ReferralCode
	on   time.Time
	via  string
}

// checkReferral finds code and refuses a referral of account id (0: an
// account not yet written) on day on with it: an unknown code, the
// account's own code (a self-referral), and an account that already
// ordered before the referral (an existing customer), each with a plain
// reason under field.
func (s *Store) checkReferral(ctx context.Context, q querier, field, code string, id int64, on time.Time) (referralUse, error) {
	u := referralUse{on: on}
	norm := crm.NormalizeReferralCode(code)
	if norm == "" {
		return u, crm.Errorf(crm.EINVALID, "%s: %q is not a referral code", field, code)
	}
	rc, err := s.codeWhere(ctx, q, "code = $1", norm)
	if crm.ErrorCode(err) == crm.ENOTFOUND {
		return u, crm.Errorf(crm.EINVALID, "%s: no such referral code %q", field, code)
	}
	if err != nil {
		return u, err
	}
	u.code = rc
	if id == 0 {
		return u, nil
	}
	if rc.AccountID == id {
		return u, crm.Errorf(crm.EINVALID, "%s: the code is this account's own: an account cannot refer itself", field)
	}
	var first time.Time
	if err := q.QueryRowContext(ctx, `SELECT MIN(ordered_at) FROM orders WHERE account_id = $1 AND amount_cents > 0`, id).Scan(dbDate{&first}); err != nil {
		return u, err
	}
	if !first.IsZero() && first.Before(on) {
		return u, crm.Errorf(crm.EINVALID, "%s: already a customer before the referral (first order on %s)", field, first.Format(time.DateOnly))
	}
	return u, nil
}

// writeReferral makes account id referred by u's code: its referred_by_id
// and the referral's record.
func (s *Store) writeReferral(ctx context.Context, q querier, id int64, u referralUse) error {
	if _, err := q.ExecContext(ctx, `UPDATE accounts SET referred_by_id = $1 WHERE id = $2`, u.code.AccountID, id); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM referral_uses WHERE account_id = $1`, id); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO referral_uses (account_id, code, referrer_id, contact_id, referred_on, via, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		id, u.code.Code, u.code.AccountID, u.code.ContactID, s.date(u.on), u.via, time.Now().Unix())
	return err
}

// ReferAccount makes account id referred by the contact whose code is
// code, as of today. Staff and up; ENOTFOUND for an account out of the
// actor's scope; EINVALID for an unknown code, a self-referral or an
// account that ordered before today. Audited.
func (s *Store) ReferAccount(ctx context.Context, id int64, code, via string) (crm.Account, error) {
	var after crm.Account
	err := s.write(ctx, crm.RoleStaff, "refer account", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.accountIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		u, err := s.checkReferral(ctx, tx, "referral_code", code, id, today())
		if err != nil {
			return err
		}
		u.via = via
		if err := s.writeReferral(ctx, tx, id, u); err != nil {
			return err
		}
		after = before
		after.ReferredByID = u.code.AccountID
		return audit(ctx, tx, a, "refer", "account", id, before, after)
	})
	return after, err
}

// CreateReferredAccount is CreateAccount for an account that came through
// a referral code: referred by the code's account, today. EINVALID for an
// unknown code.
func (s *Store) CreateReferredAccount(ctx context.Context, a crm.Account, code, via string) (crm.Account, error) {
	a.ID, a.Source = 0, WebSource
	if err := cleanAccount(&a); err != nil {
		return a, err
	}
	err := s.write(ctx, crm.RoleStaff, "create account", func(tx *sql.Tx, ac crm.Actor) error {
		u, err := s.checkReferral(ctx, tx, "referral_code", code, 0, today())
		if err != nil {
			return err
		}
		u.via = via
		a.ReferredByID = 0
		if err := s.createAccount(ctx, tx, ac, &a); err != nil {
			return err
		}
		if err := s.writeReferral(ctx, tx, a.ID, u); err != nil {
			return err
		}
		a.ReferredByID = u.code.AccountID
		return audit(ctx, tx, ac, "create", "account", a.ID, nil, a)
	})
	return a, err
}

// Signup is what someone who followed a referral link tells about
// themselves.
type Signup struct {
	Company, Name, Email string
}

// MaxSignupField is the longest field of a Signup, in bytes.
const MaxSignupField = 200

// referralLink is the actor of accounts made through a public referral
// link: the code is the credential.
var referralLink = crm.Actor{Name: "referral link", Role: crm.RoleStaff, Scope: crm.AllAccounts()}

// ReferralSignup makes an account (source "referral") with its contact
// for someone who followed the referral link of code, referred by the
// code's account. It needs no actor: the code is the credential; audited
// as "referral link". ENOTFOUND for an unknown code; ECONFLICT for an
// e-mail that a contact has already (an existing customer is not made
// new); EINVALID for a missing or too long field.
func (s *Store) ReferralSignup(ctx context.Context, code string, sg Signup) error {
	sg.Company, sg.Name, sg.Email = strings.TrimSpace(sg.Company), strings.TrimSpace(sg.Name), crm.NormalizeEmail(sg.Email)
	switch {
	case sg.Company == "" || len(sg.Company) > MaxSignupField:
		return crm.Errorf(crm.EINVALID, "company: required, at most %d characters", MaxSignupField)
	case len(sg.Name) > MaxSignupField:
		return crm.Errorf(crm.EINVALID, "name: at most %d characters", MaxSignupField)
	case sg.Email == "" || len(sg.Email) > MaxSignupField:
		return crm.Errorf(crm.EINVALID, "email: not an e-mail address")
	}
	// Every field is checked before the code is looked up: a bad field
	// is refused the same for a known code as for an unknown one.
	for _, v := range []string{sg.Company, sg.Name, sg.Email} {
		if strings.ContainsRune(v, 0) || !utf8.ValidString(v) {
			return crm.Errorf(crm.EINVALID, "the form could not be read")
		}
	}
	check := crm.Account{Name: sg.Company, Status: crm.AccountActive}
	if err := cleanAccount(&check); err != nil {
		return err
	}
	// (The account is made below; any id passes the check of the rest.)
	checkContact := crm.Contact{AccountID: 1, Name: sg.Name, Status: crm.ContactActive, Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: sg.Email}}}
	if err := cleanContact(&checkContact); err != nil {
		return err
	}
	norm := crm.NormalizeReferralCode(code)
	if norm == "" {
		return errNoCode
	}
	ctx = crm.WithActor(ctx, referralLink)
	return s.write(ctx, crm.RoleStaff, "referral signup", func(tx *sql.Tx, ac crm.Actor) error {
		rc, err := s.codeWhere(ctx, tx, "code = $1", norm)
		if err != nil {
			return err
		}
		a := crm.Account{Name: sg.Company, AcquisitionSource: "referral", AcquiredAt: today(), Status: crm.AccountActive}
		if d := crm.EmailDomain(sg.Email); d != "" && !crm.IsFreeMail(d) {
			var other int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE domain = $1 LIMIT 1`, d).Scan(&other)
			if err == nil {
				return crm.Errorf(crm.ECONFLICT, "an account has this domain already")
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			a.Domain = d
		}
		if err := cleanAccount(&a); err != nil {
			return err
		}
		a.Source = "referral"
		if err := s.createAccount(ctx, tx, ac, &a); err != nil {
			return err
		}
		u := referralUse{code: rc, on: today(), via: crm.ReferralViaLink}
		if err := s.writeReferral(ctx, tx, a.ID, u); err != nil {
			return err
		}
		a.ReferredByID = rc.AccountID
		if err := audit(ctx, tx, ac, "create", "account", a.ID, nil, a); err != nil {
			return err
		}
		c := crm.Contact{AccountID: a.ID, Name: sg.Name, Status: crm.ContactActive, Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: sg.Email}}}
		c.Source = "referral"
		if err := cleanContact(&c); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO contacts (account_id, source, external_id, name, title, status, last_verified_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			c.AccountID, c.Source, c.ExternalID, c.Name, c.Title, c.Status, s.date(c.LastVerifiedAt)).Scan(&c.ID); err != nil {
			return err
		}
		if err := s.writeContactKeys(ctx, tx, &c); err != nil {
			return err
		}
		return audit(ctx, tx, ac, "create", "contact", c.ID, nil, c)
	})
}

// today is the day now, in UTC.
func today() time.Time { return time.Now().UTC().Truncate(24 * time.Hour) }

// ReferralEntry is a referred account with its milestones.
type ReferralEntry struct {
	AccountID  int64     `json:"account_id"`
	Name       string    `json:"name"`
	ReferrerID int64     `json:"referrer_id"`
	Referrer   string    `json:"referrer"` // "" when out of the reader's scope
	Code       string    `json:"code,omitempty"`
	ContactID  int64     `json:"contact_id,omitempty"`
	Contact    string    `json:"contact,omitempty"` // "" when out of the reader's scope
	Via        string    `json:"via"`               // import, api, link; "" for a referred_by without a code
	Referred   time.Time `json:"referred,omitzero"` // the code's use, else the account's acquired_at
	Customer   time.Time `json:"customer,omitzero"` // the first positive order
	Repeat     time.Time `json:"repeat,omitzero"`   // the second day with one
}

// Stage is the furthest milestone: referred, customer or repeat.
func (e ReferralEntry) Stage() string {
	switch {
	case !e.Repeat.IsZero():
		return "repeat"
	case !e.Customer.IsZero():
		return "customer"
	}
	return "referred"
}

// ReferralList lists the accounts in the scope of the actor in ctx that
// name who referred them, with the milestones (referred, first order,
// second order day), the latest referred first, at most maxReferrals.
// Referrers and their contacts out of the scope are given by id only.
// Viewers and up.
func (s *Store) ReferralList(ctx context.Context) ([]ReferralEntry, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("a.referred_by_id IS NOT NULL")
	w.scope(s, sc, "a.id")
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.name, a.referred_by_id, COALESCE(u.code, ''), COALESCE(u.contact_id, 0), COALESCE(u.via, ''),
		COALESCE(u.referred_on, a.acquired_at),
		(SELECT MIN(o.ordered_at) FROM orders o WHERE o.account_id = a.id AND o.amount_cents > 0),
		(SELECT MIN(o.ordered_at) FROM orders o WHERE o.account_id = a.id AND o.amount_cents > 0 AND o.ordered_at >
			(SELECT MIN(f.ordered_at) FROM orders f WHERE f.account_id = a.id AND f.amount_cents > 0))
		FROM accounts a LEFT JOIN referral_uses u ON u.account_id = a.id`+w.sql()+fmt.Sprintf(` ORDER BY a.id LIMIT %d`, maxReferrals), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: referrals: %w", err)
	}
	defer rows.Close()
	out := []ReferralEntry{}
	var ids, contacts []int64
	for rows.Next() {
		var e ReferralEntry
		if err := rows.Scan(&e.AccountID, &e.Name, &e.ReferrerID, &e.Code, &e.ContactID, &e.Via, dbDate{&e.Referred}, dbDate{&e.Customer}, dbDate{&e.Repeat}); err != nil {
			return nil, fmt.Errorf("store: referrals: %w", err)
		}
		out = append(out, e)
		ids = append(ids, e.ReferrerID)
		if e.ContactID != 0 {
			contacts = append(contacts, e.ContactID)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: referrals: %w", err)
	}
	rows.Close()
	slices.Sort(ids)
	names, err := s.accountsByID(ctx, s.db, sc, slices.Compact(ids))
	if err != nil {
		return nil, err
	}
	people, err := s.contactNames(ctx, sc, contacts)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if a := names[out[i].ReferrerID]; a != nil {
			out[i].Referrer = a.Name
		}
		out[i].Contact = people[out[i].ContactID]
	}
	slices.SortStableFunc(out, func(a, b ReferralEntry) int { return b.Referred.Compare(a.Referred) })
	return out, nil
}

// contactNames returns the names of the contacts with the given ids that
// sc allows.
func (s *Store) contactNames(ctx context.Context, sc crm.Scope, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for part := range slices.Chunk(ids, 500) {
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		cond, sargs := s.scopeSQL(sc, "account_id", len(args)+1)
		rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM contacts WHERE id IN (`+placeholders(1, len(part))+`) AND `+cond, append(args, sargs...)...)
		if err != nil {
			return nil, fmt.Errorf("store: contact names: %w", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: contact names: %w", err)
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
