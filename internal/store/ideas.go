package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The ideas board of the portal's spaces. A contact with the level create
// posts an idea, contacts with reply or more vote for it (once each, and
// may withdraw), staff add ideas on behalf of the accounts that asked (from
// a mention, a touchpoint or a note) and set the status. Whoever sees the
// space reads its ideas with their votes and status; only staff read the
// accounts behind an idea, and only those in their scope. An idea of a
// space the actor may not see is not found, exactly as a missing one.

var errNoIdea = crm.Errorf(crm.ENOTFOUND, "no such idea")

// ideaNotFound turns "no such space" into "no such idea", so that an idea
// of a hidden space reads as a missing one.
func ideaNotFound(err error) error {
	if crm.ErrorCode(err) == crm.ENOTFOUND {
		return errNoIdea
	}
	return err
}

// checkIdea validates an idea's title and body.
func checkIdea(title, body string) error {
	if title == "" || len(title) > crm.MaxIdeaTitle {
		return crm.Errorf(crm.EINVALID, "title: give the idea a title of at most %d characters", crm.MaxIdeaTitle)
	}
	if len(body) > crm.MaxPostBody {
		return crm.Errorf(crm.EINVALID, "body: larger than %d KiB", crm.MaxPostBody>>10)
	}
	return crm.Check(crm.Name("title", title), crm.Text("body", body))
}

// CreateIdea adds an idea titled title (body in Markdown) to space
// spaceID: a portal contact with the level create posts it for their
// account (a touchpoint on its timeline); staff add it, with the accounts
// that asked for it as requesters. errNoSpace when the actor may not see
// the space. Audited.
func (s *Store) CreateIdea(ctx context.Context, spaceID int64, title, body string, requesters []crm.IdeaRequester) (crm.Idea, error) {
	title = strings.TrimSpace(title)
	if err := checkIdea(title, body); err != nil {
		return crm.Idea{}, err
	}
	a, err := s.mayPost(ctx, spaceID, crm.LevelCreate)
	if err != nil {
		return crm.Idea{}, err
	}
	if a.ContactID != 0 && len(requesters) > 0 {
		return crm.Idea{}, crm.Errorf(crm.EFORBIDDEN, "only staff link accounts to an idea")
	}
	var id int64
	err = s.write(crm.WithActor(ctx, a), crm.RoleViewer, "create idea", func(tx *sql.Tx, a crm.Actor) error {
		now := time.Now().UTC().Truncate(time.Second)
		var contact, account, user any
		if a.ContactID > 0 {
			contact, account = a.ContactID, a.Scope.Account()
		} else if a.UserID > 0 {
			user = a.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO ideas (space_id, title, body, status, author, contact_id, account_id, user_id, created_at, updated_at)
			VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $8) RETURNING id`, spaceID, title, body, a.Name, contact, account, user, now.Unix()).Scan(&id); err != nil {
			return err
		}
		for _, r := range requesters {
			if err := s.addRequester(ctx, tx, a, id, r, now); err != nil {
				return err
			}
		}
		if err := record(ctx, tx, a, "create", "idea", id, nil, map[string]any{"space_id": spaceID, "title": title}); err != nil {
			return err
		}
		if a.ContactID == 0 {
			return nil
		}
		return s.portalTouchpoint(ctx, tx, a, fmt.Sprintf("idea-%d", id), "portal", "product", now, "Posted an idea in the portal: "+title, body)
	})
	if err != nil {
		return crm.Idea{}, err
	}
	return s.Idea(ctx, spaceID, id)
}

// addRequester links account r.AccountID to idea ideaID in tx (once: a
// second link replaces the first's source). The account must be in a's
// scope, and a source mention or touchpoint must be of that account.
func (s *Store) addRequester(ctx context.Context, tx *sql.Tx, a crm.Actor, ideaID int64, r crm.IdeaRequester, now time.Time) error {
	r.Note = strings.TrimSpace(r.Note)
	if len(r.Note) > crm.MaxIdeaNote {
		return crm.Errorf(crm.EINVALID, "note: at most %d characters", crm.MaxIdeaNote)
	}
	if err := crm.Check(crm.Text("note", r.Note)); err != nil {
		return err
	}
	if err := s.accountVisible(ctx, tx, a.Scope, r.AccountID, "account"); err != nil {
		return err
	}
	var source any
	switch r.SourceKind {
	case "":
		r.SourceID = 0
	case crm.SourceMention, crm.SourceTouchpoint:
		table := "mentions"
		if r.SourceKind == crm.SourceTouchpoint {
			table = "touchpoints"
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1 AND account_id = $2`, r.SourceID, r.AccountID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return crm.Errorf(crm.EINVALID, "source: no %s %d of account %d", r.SourceKind, r.SourceID, r.AccountID)
		}
		source = r.SourceID
	default:
		return crm.Errorf(crm.EINVALID, "source: want mention or touchpoint, got %q", r.SourceKind)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO idea_requesters (idea_id, account_id, source_kind, source_id, note, added_by, added_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idea_id, account_id)
		DO UPDATE SET source_kind = excluded.source_kind, source_id = excluded.source_id, note = excluded.note, added_by = excluded.added_by, added_at = excluded.added_at`,
		ideaID, r.AccountID, r.SourceKind, source, r.Note, a.Name, now.Unix()); err != nil {
		return err
	}
	return record(ctx, tx, a, "link", "idea", ideaID, nil, map[string]any{"account_id": r.AccountID, "source_kind": r.SourceKind, "source_id": r.SourceID, "note": r.Note})
}

// AddIdeaRequester links an account to idea ideaID of space spaceID as one
// that asked for it, with where staff heard it. Staff and up; errNoIdea as
// Idea. Audited.
func (s *Store) AddIdeaRequester(ctx context.Context, spaceID, ideaID int64, r crm.IdeaRequester) (crm.Idea, error) {
	if _, err := s.Idea(ctx, spaceID, ideaID); err != nil {
		return crm.Idea{}, err
	}
	if a, _ := crm.ActorFrom(ctx); a.ContactID != 0 {
		return crm.Idea{}, crm.Errorf(crm.EFORBIDDEN, "only staff link accounts to an idea")
	}
	err := s.write(ctx, crm.RoleStaff, "link idea", func(tx *sql.Tx, a crm.Actor) error {
		return s.addRequester(ctx, tx, a, ideaID, r, time.Now().UTC().Truncate(time.Second))
	})
	if err != nil {
		return crm.Idea{}, err
	}
	return s.Idea(ctx, spaceID, ideaID)
}

// SetIdeaStatus sets the status of idea ideaID of space spaceID (one of
// crm.IdeaStatuses). Staff and up: a portal contact, whatever their level,
// may not. errNoIdea as Idea. Audited.
func (s *Store) SetIdeaStatus(ctx context.Context, spaceID, ideaID int64, status string) (crm.Idea, error) {
	before, err := s.Idea(ctx, spaceID, ideaID)
	if err != nil {
		return crm.Idea{}, err
	}
	if a, _ := crm.ActorFrom(ctx); a.ContactID != 0 {
		return crm.Idea{}, crm.Errorf(crm.EFORBIDDEN, "only staff set the status of an idea")
	}
	known := false
	for _, st := range crm.IdeaStatuses {
		known = known || st == status
	}
	if !known {
		return crm.Idea{}, crm.Errorf(crm.EINVALID, "status: want %s, got %q", strings.Join(crm.IdeaStatuses, ", "), status)
	}
	err = s.write(ctx, crm.RoleStaff, "set idea status", func(tx *sql.Tx, a crm.Actor) error {
		if _, err := tx.ExecContext(ctx, `UPDATE ideas SET status = $1, updated_at = $2 WHERE id = $3`, status, time.Now().Unix(), ideaID); err != nil {
			return err
		}
		return record(ctx, tx, a, "update", "idea", ideaID, map[string]any{"status": before.Status}, map[string]any{"status": status})
	})
	if err != nil {
		return crm.Idea{}, err
	}
	return s.Idea(ctx, spaceID, ideaID)
}

// Vote records the portal contact's vote for idea ideaID of space spaceID
// (on) or withdraws it; a contact votes once, a second vote changes
// nothing. Voting needs the level reply. The first vote is a touchpoint on
// the contact's account's timeline. errNoIdea as Idea; EFORBIDDEN for an
// actor who is no portal contact. Audited.
func (s *Store) Vote(ctx context.Context, spaceID, ideaID int64, on bool) (crm.Idea, error) {
	idea, err := s.Idea(ctx, spaceID, ideaID)
	if err != nil {
		return idea, err
	}
	a, _ := crm.ActorFrom(ctx)
	if a.ContactID == 0 {
		return idea, crm.Errorf(crm.EFORBIDDEN, "only a customer's contact votes, in the portal")
	}
	if _, err := s.mayPost(ctx, spaceID, crm.LevelReply); err != nil {
		return idea, ideaNotFound(err)
	}
	if idea.Voted == on {
		return idea, nil
	}
	err = s.write(ctx, crm.RoleViewer, "vote", func(tx *sql.Tx, a crm.Actor) error {
		now := time.Now().UTC()
		if !on {
			res, err := tx.ExecContext(ctx, `DELETE FROM idea_votes WHERE idea_id = $1 AND contact_id = $2`, ideaID, a.ContactID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			return record(ctx, tx, a, "unvote", "idea", ideaID, nil, map[string]any{"contact_id": a.ContactID})
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO idea_votes (idea_id, contact_id, account_id, voted_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (idea_id, contact_id) DO NOTHING`, ideaID, a.ContactID, a.Scope.Account(), now.Unix())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 { // voted meanwhile
			return nil
		}
		if err := record(ctx, tx, a, "vote", "idea", ideaID, nil, map[string]any{"contact_id": a.ContactID}); err != nil {
			return err
		}
		// The first vote is on the timeline; a vote withdrawn and given
		// again is not a second touchpoint.
		ext := fmt.Sprintf("vote-%d-%d", ideaID, a.ContactID)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM touchpoints WHERE account_id = $1 AND source = 'portal' AND external_id = $2`,
			a.Scope.Account(), ext).Scan(&n); err != nil || n > 0 {
			return err
		}
		return s.portalTouchpoint(ctx, tx, a, ext, "portal", "product", now, "Voted for an idea in the portal: "+idea.Title, "")
	})
	if err != nil {
		return idea, err
	}
	return s.Idea(ctx, spaceID, ideaID)
}

// Ideas lists the ideas of space spaceID, the most voted first; errNoSpace
// as Space. Staff get the accounts behind each (in their scope).
func (s *Store) Ideas(ctx context.Context, spaceID int64) ([]crm.Idea, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		return nil, err
	}
	return s.ideas(ctx, `i.space_id = $2`, spaceID)
}

// AllIdeas lists the ideas of every space the actor may see, as Ideas.
func (s *Store) AllIdeas(ctx context.Context) ([]crm.Idea, error) {
	levels, err := s.spaceLevels(ctx, 0)
	if err != nil {
		return nil, err
	}
	if len(levels) == 0 {
		return []crm.Idea{}, nil
	}
	ids := make([]any, 0, len(levels))
	for id := range levels {
		ids = append(ids, id)
	}
	return s.ideas(ctx, `i.space_id IN (`+placeholders(2, len(ids))+`)`, ids...)
}

// Idea returns idea ideaID of space spaceID, as Ideas; errNoIdea when it
// is not there or the actor may not see the space.
func (s *Store) Idea(ctx context.Context, spaceID, ideaID int64) (crm.Idea, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		return crm.Idea{}, ideaNotFound(err)
	}
	list, err := s.ideas(ctx, `i.id = $2 AND i.space_id = $3`, ideaID, spaceID)
	if err != nil {
		return crm.Idea{}, err
	}
	if len(list) == 0 {
		return crm.Idea{}, errNoIdea
	}
	return list[0], nil
}

// ideas reads the ideas that cond (on ideas i, its arguments from $2)
// selects, the most voted first, with the reading contact's vote; staff
// (not a portal contact) get the accounts behind them in their scope.
func (s *Store) ideas(ctx context.Context, cond string, args ...any) ([]crm.Idea, error) {
	a, err := crm.Require(ctx, crm.RoleViewer)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.space_id, i.title, i.body, i.status, i.author, i.contact_id IS NULL, i.created_at, i.account_id,
		(SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.id),
		(SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.id AND v.contact_id = $1)
		FROM ideas i WHERE `+cond+` ORDER BY 10 DESC, i.id LIMIT 1000`, append([]any{a.ContactID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: ideas: %w", err)
	}
	defer rows.Close()
	out := []crm.Idea{}
	authors := map[int64]int64{} // idea -> the posting contact's account
	for rows.Next() {
		var i crm.Idea
		var at int64
		var account sql.NullInt64
		var mine int
		if err := rows.Scan(&i.ID, &i.SpaceID, &i.Title, &i.Body, &i.Status, &i.Author, &i.Staff, &at, &account, &i.Votes, &mine); err != nil {
			return nil, fmt.Errorf("store: ideas: %w", err)
		}
		i.CreatedAt, i.Voted = time.Unix(at, 0).UTC(), mine > 0
		if account.Valid {
			authors[i.ID] = account.Int64
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: ideas: %w", err)
	}
	if a.ContactID != 0 || a.Scope.Account() != 0 || len(out) == 0 {
		return out, nil // a customer reads no account behind an idea
	}
	return out, s.ideaAccounts(ctx, a, out, authors)
}

// ideaAccounts fills in the accounts behind ideas: the posting contact's,
// the requesters and the voters', each once, those in a's scope only.
func (s *Store) ideaAccounts(ctx context.Context, a crm.Actor, ideas []crm.Idea, authors map[int64]int64) error {
	ids := make([]any, len(ideas))
	behind := make(map[int64]map[int64]*crm.IdeaAccount, len(ideas))
	for n, i := range ideas {
		ids[n] = i.ID
		behind[i.ID] = map[int64]*crm.IdeaAccount{}
	}
	accountOf := func(idea, account int64) *crm.IdeaAccount {
		ia := behind[idea][account]
		if ia == nil {
			ia = &crm.IdeaAccount{AccountID: account}
			behind[idea][account] = ia
		}
		return ia
	}
	for idea, account := range authors {
		accountOf(idea, account).Asked = true
	}
	in := placeholders(1, len(ids))
	rows, err := s.db.QueryContext(ctx, `SELECT idea_id, account_id, source_kind, source_id, note FROM idea_requesters WHERE idea_id IN (`+in+`)`, ids...)
	if err != nil {
		return fmt.Errorf("store: ideas: %w", err)
	}
	for rows.Next() {
		var idea, account int64
		var kind, note string
		var source sql.NullInt64
		if err := rows.Scan(&idea, &account, &kind, &source, &note); err != nil {
			rows.Close()
			return fmt.Errorf("store: ideas: %w", err)
		}
		ia := accountOf(idea, account)
		ia.Asked, ia.SourceKind, ia.SourceID, ia.Note = true, kind, source.Int64, note
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: ideas: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT idea_id, account_id, COUNT(*) FROM idea_votes WHERE idea_id IN (`+in+`) GROUP BY idea_id, account_id`, ids...)
	if err != nil {
		return fmt.Errorf("store: ideas: %w", err)
	}
	for rows.Next() {
		var idea, account int64
		var n int
		if err := rows.Scan(&idea, &account, &n); err != nil {
			rows.Close()
			return fmt.Errorf("store: ideas: %w", err)
		}
		accountOf(idea, account).Votes = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: ideas: %w", err)
	}
	// The accounts' names, of those the actor sees.
	accounts := map[int64]bool{}
	for _, m := range behind {
		for id := range m {
			accounts[id] = true
		}
	}
	if len(accounts) == 0 {
		return nil
	}
	aids := make([]any, 0, len(accounts))
	for id := range accounts {
		aids = append(aids, id)
	}
	scope, sargs := s.scopeSQL(a.Scope, "id", len(aids)+1)
	rows, err = s.db.QueryContext(ctx, `SELECT id, name FROM accounts WHERE id IN (`+placeholders(1, len(aids))+`) AND `+scope, append(aids, sargs...)...)
	if err != nil {
		return fmt.Errorf("store: ideas: %w", err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return fmt.Errorf("store: ideas: %w", err)
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: ideas: %w", err)
	}
	for n := range ideas {
		list := []crm.IdeaAccount{}
		for id, ia := range behind[ideas[n].ID] {
			if name, ok := names[id]; ok {
				ia.Name = name
				list = append(list, *ia)
			}
		}
		slices.SortFunc(list, func(x, y crm.IdeaAccount) int { return cmp.Compare(x.AccountID, y.AccountID) })
		ideas[n].Accounts = list
	}
	return nil
}
