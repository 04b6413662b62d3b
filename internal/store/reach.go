package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Reach and PR (migration 00036): the channels' follower snapshots and
// the press mentions. The business's own figures, no account's.

// ImportReach writes follower snapshots in one transaction: a snapshot is
// its channel (without case) and day, and the same again replaces its
// counts. Importers.
func (s *Store) ImportReach(ctx context.Context, recs []crm.ReachSnapshot, opt crm.ImportOptions) (crm.ImportSummary, error) {
	return importRows(ctx, s, recs, opt, importSteps[crm.ReachSnapshot]{
		kind: "reach",
		check: func(r *crm.ReachSnapshot) (int, error) {
			r.Channel = strings.TrimSpace(r.Channel)
			if err := crm.Check(crm.Name("channel", r.Channel), crm.Date("date", r.Day)); err != nil {
				return r.Line, err
			}
			if r.Followers < 0 || r.Forwards < 0 {
				return r.Line, &crm.FieldError{Field: "followers", Reason: errors.New("must not be negative")}
			}
			return r.Line, nil
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.ReachSnapshot, sum *crm.ImportSummary) error {
			for _, r := range recs {
				day := r.Day.Format(time.DateOnly)
				var f, w int64
				var channel string
				err := c.QueryRowContext(ctx, `SELECT channel, followers, forwards FROM reach_snapshots WHERE LOWER(channel) = LOWER($1) AND day = $2`,
					r.Channel, day).Scan(&channel, &f, &w)
				switch {
				case errors.Is(err, sql.ErrNoRows):
					if _, err := c.ExecContext(ctx, `INSERT INTO reach_snapshots (channel, day, followers, forwards) VALUES ($1, $2, $3, $4)`,
						r.Channel, day, r.Followers, r.Forwards); err != nil {
						return fmt.Errorf("store: import reach: %w", err)
					}
					sum.Inserted++
				case err != nil:
					return fmt.Errorf("store: import reach: %w", err)
				case f == r.Followers && w == r.Forwards:
					sum.Unchanged++
				default:
					if _, err := c.ExecContext(ctx, `UPDATE reach_snapshots SET followers = $1, forwards = $2 WHERE channel = $3 AND day = $4`,
						r.Followers, r.Forwards, channel, day); err != nil {
						return fmt.Errorf("store: import reach: %w", err)
					}
					sum.Updated++
				}
			}
			return nil
		},
	})
}

// ImportPress writes press mentions in one transaction: a mention is its
// outlet, day and title, and the same again replaces the rest. An
// activity named (by name or tracking code, without case) must exist.
// Importers.
func (s *Store) ImportPress(ctx context.Context, recs []crm.PressMention, opt crm.ImportOptions) (crm.ImportSummary, error) {
	return importRows(ctx, s, recs, opt, importSteps[crm.PressMention]{
		kind: "press",
		check: func(m *crm.PressMention) (int, error) {
			m.Outlet, m.Title, m.URL, m.Activity = strings.TrimSpace(m.Outlet), strings.TrimSpace(m.Title), strings.TrimSpace(m.URL), strings.TrimSpace(m.Activity)
			if err := crm.Check(crm.Name("outlet", m.Outlet), crm.Name("title", m.Title), crm.Name("url", m.URL), crm.Date("date", m.Day)); err != nil {
				return m.Line, err
			}
			if m.Impressions < 0 {
				return m.Line, &crm.FieldError{Field: "impressions", Reason: errors.New("must not be negative")}
			}
			return m.Line, nil
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.PressMention, sum *crm.ImportSummary) error {
			acts, err := s.activitiesOn(ctx, c)
			if err != nil {
				return err
			}
			byKey := map[string]int64{}
			for _, a := range acts {
				byKey[crm.ActivityKey(a.Name)] = a.ID
				for _, code := range a.Codes {
					byKey[crm.ActivityKey(code)] = a.ID
				}
			}
			var rejects crm.RowErrors
			for i := range recs {
				m := &recs[i]
				if m.Activity == "" {
					continue
				}
				if m.ActivityID = byKey[crm.ActivityKey(m.Activity)]; m.ActivityID == 0 {
					rejects = append(rejects, crm.RowError{Line: m.Line, Field: "activity", Reason: fmt.Sprintf("unknown activity or code %q", m.Activity)})
				}
			}
			if err := finish(sum, rejects, opt); err != nil {
				return err
			}
			for _, m := range recs {
				if m.Activity != "" && m.ActivityID == 0 {
					continue
				}
				var activity any
				if m.ActivityID != 0 {
					activity = m.ActivityID
				}
				day := m.Day.Format(time.DateOnly)
				var id int64
				err := c.QueryRowContext(ctx, `SELECT id FROM press_mentions WHERE outlet = $1 AND day = $2 AND title = $3`, m.Outlet, day, m.Title).Scan(&id)
				switch {
				case errors.Is(err, sql.ErrNoRows):
					if _, err := c.ExecContext(ctx, `INSERT INTO press_mentions (day, outlet, title, url, impressions, tone, tone_label, key_message, activity_id)
						VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, day, m.Outlet, m.Title, m.URL, m.Impressions, m.Tone, m.ToneLabel, m.KeyMessage, activity); err != nil {
						return fmt.Errorf("store: import press: %w", err)
					}
					sum.Inserted++
				case err != nil:
					return fmt.Errorf("store: import press: %w", err)
				default:
					res, err := c.ExecContext(ctx, `UPDATE press_mentions SET url = $1, impressions = $2, tone = $3, tone_label = $4, key_message = $5, activity_id = $6
						WHERE id = $7 AND NOT (url = $1 AND impressions = $2 AND tone = $3 AND tone_label = $4 AND key_message = $5 AND activity_id IS NOT DISTINCT FROM $6)`,
						m.URL, m.Impressions, m.Tone, m.ToneLabel, m.KeyMessage, activity, id)
					if err != nil {
						return fmt.Errorf("store: import press: %w", err)
					}
					if n, _ := res.RowsAffected(); n > 0 {
						sum.Updated++
					} else {
						sum.Unchanged++
					}
				}
			}
			return nil
		},
	})
}

// Reach returns the follower snapshots (by channel and day) and the press
// mentions (newest first) of since..until (zero: open). Staff, not portal
// contacts: the business's own figures, no account's.
func (s *Store) Reach(ctx context.Context, since, until time.Time) ([]crm.ReachSnapshot, []crm.PressMention, error) {
	if _, err := staffOnly(ctx); err != nil {
		return nil, nil, err
	}
	from, to := "0000-00-00", "9999-99-99"
	if !since.IsZero() {
		from = since.Format(time.DateOnly)
	}
	if !until.IsZero() {
		to = until.Format(time.DateOnly)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT channel, day, followers, forwards FROM reach_snapshots WHERE day >= $1 AND day <= $2
		ORDER BY LOWER(channel), day`, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("store: reach: %w", err)
	}
	snaps := []crm.ReachSnapshot{}
	for rows.Next() {
		var r crm.ReachSnapshot
		var day string
		if err := rows.Scan(&r.Channel, &day, &r.Followers, &r.Forwards); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: reach: %w", err)
		}
		r.Day, _ = time.Parse(time.DateOnly, day)
		snaps = append(snaps, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: reach: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT p.day, p.outlet, p.title, p.url, p.impressions, p.tone, p.tone_label, p.key_message, COALESCE(p.activity_id, 0),
		COALESCE(a.name, '') FROM press_mentions p LEFT JOIN marketing_activities a ON a.id = p.activity_id
		WHERE p.day >= $1 AND p.day <= $2 ORDER BY p.day DESC, p.id DESC`, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("store: press: %w", err)
	}
	defer rows.Close()
	press := []crm.PressMention{}
	for rows.Next() {
		var m crm.PressMention
		var day string
		if err := rows.Scan(&day, &m.Outlet, &m.Title, &m.URL, &m.Impressions, &m.Tone, &m.ToneLabel, &m.KeyMessage, &m.ActivityID, &m.Activity); err != nil {
			return nil, nil, fmt.Errorf("store: press: %w", err)
		}
		m.Day, _ = time.Parse(time.DateOnly, day)
		press = append(press, m)
	}
	return snaps, press, rows.Err()
}
