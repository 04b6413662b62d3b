package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The portal's private spaces and their wiki pages. Who may see a space is
// decided here, from its grants and the actor: staff see every space; a
// portal contact (crm.PortalActor) sees a space granted to their account's
// tier, their account or themselves, at the highest level granted. A space
// or page an actor may not see is not found, exactly as a missing one.

var (
	errNoSpace = crm.Errorf(crm.ENOTFOUND, "no such space")
	errNoPage  = crm.Errorf(crm.ENOTFOUND, "no such page")
)

// CreateSpace creates a space named name with grants. A contact grant
// names the contact by e-mail (crm.ParseGrant) and is kept by the
// contact's id; an account grant must name an account the actor sees.
// Staff and up. Audited.
func (s *Store) CreateSpace(ctx context.Context, name string, grants []crm.Grant) (crm.Space, error) {
	name = strings.TrimSpace(name)
	if err := crm.Check(crm.Name("name", name)); err != nil {
		return crm.Space{}, err
	}
	if name == "" || len(name) > crm.MaxSpaceName {
		return crm.Space{}, crm.Errorf(crm.EINVALID, "name: give the space a name of at most %d characters", crm.MaxSpaceName)
	}
	if len(grants) == 0 || len(grants) > crm.MaxSpaceGrant {
		return crm.Space{}, crm.Errorf(crm.EINVALID, "grant: give from 1 to %d grants (tier:A, account:ID or contact:EMAIL)", crm.MaxSpaceGrant)
	}
	var sp crm.Space
	err := s.write(ctx, crm.RoleStaff, "create space", func(tx *sql.Tx, a crm.Actor) error {
		kept := make([]crm.Grant, 0, len(grants))
		for _, g := range grants {
			switch g.Kind {
			case "account":
				id, _ := strconv.ParseInt(g.Value, 10, 64)
				if err := s.accountVisible(ctx, tx, a.Scope, id, "grant"); err != nil {
					return err
				}
			case "contact":
				cond, args := s.scopeSQL(a.Scope, "account_id", 2)
				var id int64
				err := tx.QueryRowContext(ctx, `SELECT contact_id FROM contact_identities WHERE kind = 'email' AND value = $1 AND `+cond,
					append([]any{crm.NormalizeEmail(g.Value)}, args...)...).Scan(&id)
				if errors.Is(err, sql.ErrNoRows) {
					return crm.Errorf(crm.EINVALID, "grant: no contact with the email %q", g.Value)
				}
				if err != nil {
					return err
				}
				g.Value = strconv.FormatInt(id, 10)
			}
			kept = append(kept, g)
		}
		now := time.Now().UTC().Truncate(time.Second)
		if err := tx.QueryRowContext(ctx, `INSERT INTO spaces (name, created_at) VALUES ($1, $2) RETURNING id`, name, now.Unix()).Scan(&sp.ID); err != nil {
			return err
		}
		for _, g := range kept {
			if _, err := tx.ExecContext(ctx, `INSERT INTO space_grants (space_id, kind, value, level) VALUES ($1, $2, $3, $4)
				ON CONFLICT (space_id, kind, value) DO UPDATE SET level = excluded.level`, sp.ID, g.Kind, g.Value, g.Level); err != nil {
				return err
			}
		}
		sp.Name, sp.CreatedAt, sp.Level, sp.Grants = name, now, crm.LevelModerate, kept
		return record(ctx, tx, a, "create", "space", sp.ID, nil, sp)
	})
	return sp, err
}

// AddSpacePage adds a wiki page to space spaceID, its body in Markdown.
// Staff and up. Audited; its first revision is kept.
func (s *Store) AddSpacePage(ctx context.Context, spaceID int64, title, body string) (crm.SpacePage, error) {
	title = strings.TrimSpace(title)
	if title == "" || len(title) > crm.MaxPageTitle {
		return crm.SpacePage{}, crm.Errorf(crm.EINVALID, "title: give the page a title of at most %d characters", crm.MaxPageTitle)
	}
	if len(body) > crm.MaxPageBody {
		return crm.SpacePage{}, crm.Errorf(crm.EINVALID, "body: larger than %d KiB", crm.MaxPageBody>>10)
	}
	if err := crm.Check(crm.Name("title", title), crm.Text("body", body)); err != nil {
		return crm.SpacePage{}, err
	}
	var p crm.SpacePage
	err := s.write(ctx, crm.RoleStaff, "add page", func(tx *sql.Tx, a crm.Actor) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM spaces WHERE id = $1`, spaceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNoSpace
		}
		now := time.Now().UTC().Truncate(time.Second)
		if err := tx.QueryRowContext(ctx, `INSERT INTO space_pages (space_id, title, body, author, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
			spaceID, title, body, a.Name, now.Unix()).Scan(&p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO space_page_revisions (page_id, title, body, author, created_at) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, title, body, a.Name, now.Unix()); err != nil {
			return err
		}
		if err := indexWords(ctx, tx, spaceID, docPage, p.ID, searchWords(title+" "+body), nil); err != nil {
			return err
		}
		p = crm.SpacePage{ID: p.ID, SpaceID: spaceID, Title: title, Body: body, Author: a.Name, CreatedAt: now, UpdatedAt: now}
		return record(ctx, tx, a, "create", "space_page", p.ID, nil, map[string]any{"space_id": spaceID, "title": title})
	})
	return p, err
}

// spaceLevels returns the spaces the actor in ctx may see, by id, with
// the level they have there: every space at moderate for staff, the
// granted ones at their highest level for a portal contact.
func (s *Store) spaceLevels(ctx context.Context, only int64) (map[int64]string, error) {
	a, err := crm.Require(ctx, crm.RoleViewer)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	switch {
	case a.ContactID == 0 && a.Scope.Account() == 0: // staff
		q, args := `SELECT id, 'moderate' FROM spaces`, []any{}
		if only != 0 {
			q, args = q+` WHERE id = $1`, append(args, only)
		}
		rows, err = s.db.QueryContext(ctx, q, args...)
	case a.ContactID > 0:
		q := `SELECT space_id, level FROM space_grants WHERE (kind = 'tier' AND value = $1 OR kind = 'account' AND value = $2 OR kind = 'contact' AND value = $3)`
		args := []any{a.Tier, strconv.FormatInt(a.Scope.Account(), 10), strconv.FormatInt(a.ContactID, 10)}
		if only != 0 {
			q, args = q+` AND space_id = $4`, append(args, only)
		}
		rows, err = s.db.QueryContext(ctx, q, args...)
	default: // an actor of one account that is no contact sees no space
		return map[int64]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: spaces: %w", err)
	}
	defer rows.Close()
	levels := map[int64]string{}
	for rows.Next() {
		var id int64
		var level string
		if err := rows.Scan(&id, &level); err != nil {
			return nil, fmt.Errorf("store: spaces: %w", err)
		}
		if crm.LevelRank(level) > crm.LevelRank(levels[id]) {
			levels[id] = level
		}
	}
	return levels, rows.Err()
}

// Spaces lists the spaces the actor in ctx may see, by name, each with the
// actor's level there (and its grants, for staff).
func (s *Store) Spaces(ctx context.Context) ([]crm.Space, error) {
	levels, err := s.spaceLevels(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := []crm.Space{}
	if len(levels) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(levels))
	for id := range levels {
		ids = append(ids, id)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, created_at FROM spaces WHERE id IN (`+placeholders(1, len(ids))+`) ORDER BY name, id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("store: spaces: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sp crm.Space
		var at int64
		if err := rows.Scan(&sp.ID, &sp.Name, &at); err != nil {
			return nil, fmt.Errorf("store: spaces: %w", err)
		}
		sp.CreatedAt, sp.Level = time.Unix(at, 0).UTC(), levels[sp.ID]
		out = append(out, sp)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: spaces: %w", err)
	}
	if a, _ := crm.ActorFrom(ctx); a.ContactID != 0 || a.Scope.Account() != 0 {
		return out, nil
	}
	// Staff see who may enter each space.
	byID := map[int64]int{}
	for i, sp := range out {
		byID[sp.ID] = i
	}
	grows, err := s.db.QueryContext(ctx, `SELECT space_id, kind, value, level FROM space_grants ORDER BY space_id, kind, value`)
	if err != nil {
		return nil, fmt.Errorf("store: spaces: %w", err)
	}
	defer grows.Close()
	for grows.Next() {
		var id int64
		var g crm.Grant
		if err := grows.Scan(&id, &g.Kind, &g.Value, &g.Level); err != nil {
			return nil, fmt.Errorf("store: spaces: %w", err)
		}
		if i, ok := byID[id]; ok {
			out[i].Grants = append(out[i].Grants, g)
		}
	}
	return out, grows.Err()
}

// Space returns space id with the actor's level there; errNoSpace
// (ENOTFOUND) when it does not exist or the actor may not see it.
func (s *Store) Space(ctx context.Context, id int64) (crm.Space, error) {
	levels, err := s.spaceLevels(ctx, id)
	if err != nil {
		return crm.Space{}, err
	}
	level, ok := levels[id]
	if !ok || id < 1 {
		return crm.Space{}, errNoSpace
	}
	sp := crm.Space{ID: id, Level: level}
	var at int64
	err = s.db.QueryRowContext(ctx, `SELECT name, created_at FROM spaces WHERE id = $1`, id).Scan(&sp.Name, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return crm.Space{}, errNoSpace
	}
	if err != nil {
		return crm.Space{}, fmt.Errorf("store: space: %w", err)
	}
	sp.CreatedAt = time.Unix(at, 0).UTC()
	return sp, nil
}

// SpacePages lists the pages of space spaceID by title, without their
// bodies; errNoSpace as Space.
func (s *Store) SpacePages(ctx context.Context, spaceID int64) ([]crm.SpacePage, error) {
	if _, err := s.Space(ctx, spaceID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, author, created_at, updated_at FROM space_pages WHERE space_id = $1 ORDER BY title, id`, spaceID)
	if err != nil {
		return nil, fmt.Errorf("store: space pages: %w", err)
	}
	defer rows.Close()
	out := []crm.SpacePage{}
	for rows.Next() {
		p := crm.SpacePage{SpaceID: spaceID}
		var created, updated int64
		if err := rows.Scan(&p.ID, &p.Title, &p.Author, &created, &updated); err != nil {
			return nil, fmt.Errorf("store: space pages: %w", err)
		}
		p.CreatedAt, p.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// SpacePage returns page pageID of space spaceID; errNoPage (ENOTFOUND)
// when either does not exist, the page is in another space, or the actor
// may not see the space.
func (s *Store) SpacePage(ctx context.Context, spaceID, pageID int64) (crm.SpacePage, error) {
	if _, err := s.Space(ctx, spaceID); err != nil {
		if crm.ErrorCode(err) == crm.ENOTFOUND {
			return crm.SpacePage{}, errNoPage
		}
		return crm.SpacePage{}, err
	}
	p := crm.SpacePage{ID: pageID, SpaceID: spaceID}
	var created, updated int64
	err := s.db.QueryRowContext(ctx, `SELECT title, body, author, created_at, updated_at FROM space_pages WHERE id = $1 AND space_id = $2`, pageID, spaceID).
		Scan(&p.Title, &p.Body, &p.Author, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return crm.SpacePage{}, errNoPage
	}
	if err != nil {
		return crm.SpacePage{}, fmt.Errorf("store: space page: %w", err)
	}
	p.CreatedAt, p.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return p, nil
}

// UpdateSpacePage changes page pageID of space spaceID to title and body,
// keeping the version before as a revision. Staff and up; errNoPage as
// SpacePage. Audited.
func (s *Store) UpdateSpacePage(ctx context.Context, spaceID, pageID int64, title, body string) (crm.SpacePage, error) {
	title = strings.TrimSpace(title)
	if title == "" || len(title) > crm.MaxPageTitle {
		return crm.SpacePage{}, crm.Errorf(crm.EINVALID, "title: give the page a title of at most %d characters", crm.MaxPageTitle)
	}
	if len(body) > crm.MaxPageBody {
		return crm.SpacePage{}, crm.Errorf(crm.EINVALID, "body: larger than %d KiB", crm.MaxPageBody>>10)
	}
	if err := crm.Check(crm.Name("title", title), crm.Text("body", body)); err != nil {
		return crm.SpacePage{}, err
	}
	before, err := s.SpacePage(ctx, spaceID, pageID)
	if err != nil {
		return before, err
	}
	after := before
	err = s.write(ctx, crm.RoleStaff, "update page", func(tx *sql.Tx, a crm.Actor) error {
		now := time.Now().UTC().Truncate(time.Second)
		res, err := tx.ExecContext(ctx, `UPDATE space_pages SET title = $1, body = $2, author = $3, updated_at = $4 WHERE id = $5 AND space_id = $6`,
			title, body, a.Name, now.Unix(), pageID, spaceID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errNoPage
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO space_page_revisions (page_id, title, body, author, created_at) VALUES ($1, $2, $3, $4, $5)`,
			pageID, title, body, a.Name, now.Unix()); err != nil {
			return err
		}
		if err := reindexWords(ctx, tx, spaceID, docPage, pageID, before.Title+" "+before.Body, title+" "+body); err != nil {
			return err
		}
		after.Title, after.Body, after.Author, after.UpdatedAt = title, body, a.Name, now
		return record(ctx, tx, a, "update", "space_page", pageID, map[string]any{"title": before.Title}, map[string]any{"title": title})
	})
	return after, err
}

// PageRevisions lists the versions of page pageID of space spaceID,
// newest first, with their text; errNoPage as SpacePage.
func (s *Store) PageRevisions(ctx context.Context, spaceID, pageID int64) ([]crm.PageRevision, error) {
	if _, err := s.SpacePage(ctx, spaceID, pageID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, body, author, created_at FROM space_page_revisions WHERE page_id = $1 ORDER BY id DESC LIMIT 200`, pageID)
	if err != nil {
		return nil, fmt.Errorf("store: page revisions: %w", err)
	}
	defer rows.Close()
	out := []crm.PageRevision{}
	for rows.Next() {
		r := crm.PageRevision{PageID: pageID}
		var at int64
		if err := rows.Scan(&r.ID, &r.Title, &r.Body, &r.Author, &at); err != nil {
			return nil, fmt.Errorf("store: page revisions: %w", err)
		}
		r.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
