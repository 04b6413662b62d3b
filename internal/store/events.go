package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Webinars and video chats of the portal's spaces. Whoever sees a space
// sees its events; a portal contact registers, which writes a touchpoint
// on their account's timeline. An event of a space the actor may not see
// is not found, exactly as a missing one.

var errNoEvent = crm.Errorf(crm.ENOTFOUND, "no such event")

// CreateEvent adds event e to space e.SpaceID. The join URL, if any, must
// be an http(s) URL. Staff and up. Audited.
func (s *Store) CreateEvent(ctx context.Context, e crm.Event) (crm.Event, error) {
	e.Title, e.JoinURL = strings.TrimSpace(e.Title), strings.TrimSpace(e.JoinURL)
	switch {
	case e.Title == "" || len(e.Title) > crm.MaxThreadTitle:
		return e, crm.Errorf(crm.EINVALID, "title: give the event a title of at most %d characters", crm.MaxThreadTitle)
	case e.Kind != crm.EventWebinar && e.Kind != crm.EventVideoChat:
		return e, crm.Errorf(crm.EINVALID, "kind: want webinar or video_chat")
	case e.StartsAt.IsZero():
		return e, crm.Errorf(crm.EINVALID, "starts_at: required")
	case e.Minutes < 5 || e.Minutes > 24*60:
		return e, crm.Errorf(crm.EINVALID, "minutes: want 5 to 1440")
	case len(e.Description) > crm.MaxPostBody:
		return e, crm.Errorf(crm.EINVALID, "description: larger than %d KiB", crm.MaxPostBody>>10)
	}
	if e.JoinURL != "" {
		if u, err := url.Parse(e.JoinURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return e, crm.Errorf(crm.EINVALID, "join_url: want the event's https:// link")
		}
	}
	if err := crm.Check(crm.Name("title", e.Title), crm.Text("description", e.Description)); err != nil {
		return e, err
	}
	err := s.write(ctx, crm.RoleStaff, "create event", func(tx *sql.Tx, a crm.Actor) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM spaces WHERE id = $1`, e.SpaceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNoSpace
		}
		e.StartsAt = e.StartsAt.UTC().Truncate(time.Minute)
		if err := tx.QueryRowContext(ctx, `INSERT INTO space_events (space_id, title, kind, starts_at, minutes, join_url, description, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, e.SpaceID, e.Title, e.Kind, e.StartsAt.Unix(), e.Minutes, e.JoinURL, e.Description,
			a.Name, time.Now().Unix()).Scan(&e.ID); err != nil {
			return err
		}
		return record(ctx, tx, a, "create", "space_event", e.ID, nil, e)
	})
	return e, err
}

const eventColumns = `e.id, e.space_id, e.title, e.kind, e.starts_at, e.minutes, e.join_url, e.description,
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.attended_minutes IS NOT NULL),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.contact_id = $1)`

func scanEvent(r interface{ Scan(...any) error }, e *crm.Event) error {
	var at int64
	var mine int
	if err := r.Scan(&e.ID, &e.SpaceID, &e.Title, &e.Kind, &at, &e.Minutes, &e.JoinURL, &e.Description, &e.Registrations, &e.Attended, &mine); err != nil {
		return err
	}
	e.StartsAt, e.Registered = time.Unix(at, 0).UTC(), mine > 0
	return nil
}

// Events lists the events of space spaceID that end after since, soonest
// first; errNoSpace as Space. Portal contacts get no counts of others.
func (s *Store) Events(ctx context.Context, spaceID int64, since time.Time) ([]crm.Event, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		return nil, err
	}
	a, _ := crm.ActorFrom(ctx)
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM space_events e
		WHERE e.space_id = $2 AND e.starts_at + e.minutes * 60 >= $3 ORDER BY e.starts_at, e.id LIMIT 100`, a.ContactID, spaceID, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	defer rows.Close()
	out := []crm.Event{}
	for rows.Next() {
		var e crm.Event
		if err := scanEvent(rows, &e); err != nil {
			return nil, fmt.Errorf("store: events: %w", err)
		}
		if a.ContactID != 0 {
			e.Registrations, e.Attended = 0, 0
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Event returns event eventID of space spaceID; errNoEvent when it is not
// there or the actor may not see the space.
func (s *Store) Event(ctx context.Context, spaceID, eventID int64) (crm.Event, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		if crm.ErrorCode(err) == crm.ENOTFOUND {
			err = errNoEvent
		}
		return crm.Event{}, err
	}
	a, _ := crm.ActorFrom(ctx)
	var e crm.Event
	err := scanEvent(s.db.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM space_events e WHERE e.id = $2 AND e.space_id = $3`,
		a.ContactID, eventID, spaceID), &e)
	if errors.Is(err, sql.ErrNoRows) {
		return crm.Event{}, errNoEvent
	}
	if err != nil {
		return crm.Event{}, fmt.Errorf("store: event: %w", err)
	}
	if a.ContactID != 0 {
		e.Registrations, e.Attended = 0, 0
	}
	return e, nil
}

// RegisterForEvent registers the portal contact in ctx for event eventID
// of space spaceID, once (a second registration changes nothing), and
// writes a touchpoint on their account's timeline. errNoEvent as Event;
// EFORBIDDEN for an actor who is no portal contact. Audited.
func (s *Store) RegisterForEvent(ctx context.Context, spaceID, eventID int64) (crm.Event, error) {
	e, err := s.Event(ctx, spaceID, eventID)
	if err != nil {
		return e, err
	}
	a, _ := crm.ActorFrom(ctx)
	if a.ContactID == 0 {
		return e, crm.Errorf(crm.EFORBIDDEN, "only a customer's contact registers, in the portal")
	}
	if e.Registered {
		return e, nil
	}
	err = s.write(ctx, crm.RoleViewer, "register", func(tx *sql.Tx, a crm.Actor) error {
		now := time.Now().UTC()
		res, err := tx.ExecContext(ctx, `INSERT INTO event_registrations (event_id, contact_id, account_id, registered_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (event_id, contact_id) DO NOTHING`, eventID, a.ContactID, a.Scope.Account(), now.Unix())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 { // registered meanwhile
			return nil
		}
		if err := s.portalTouchpoint(ctx, tx, a, fmt.Sprintf("event-%d-%d", eventID, a.ContactID), e.Kind, "marketing", now, "Registered: "+e.Title, ""); err != nil {
			return err
		}
		return record(ctx, tx, a, "register", "space_event", eventID, nil, map[string]any{"contact_id": a.ContactID})
	})
	if err != nil {
		return e, err
	}
	e.Registered = true
	return e, nil
}

// ImportAttendance records who attended event eventID of space spaceID,
// from the meeting tool's report (ingest.ParseAttendance): each attendee's
// e-mail is matched to a contact of the actor's accounts (any of the
// contact's e-mail identities; a contact under two addresses gets their
// sum); a matched contact's registration gets the minutes (made when they
// attended without registering), and their account's timeline one
// touchpoint "Attended: TITLE (N min)", of the event's kind, marketing,
// no effort. Importing again updates the minutes and adds no touchpoint.
// errNoEvent as Event. Staff and up. Audited.
func (s *Store) ImportAttendance(ctx context.Context, spaceID, eventID int64, file string, attendees []crm.Attendee, noEmail int) (crm.AttendanceResult, error) {
	res := crm.AttendanceResult{EventID: eventID, NoEmail: noEmail, Unknown: []string{}}
	e, err := s.Event(ctx, spaceID, eventID)
	if err != nil {
		return res, err
	}
	err = s.write(ctx, crm.RoleStaff, "import attendance", func(tx *sql.Tx, a crm.Actor) error {
		res = crm.AttendanceResult{EventID: eventID, NoEmail: noEmail, Unknown: []string{}}
		type person struct {
			account int64
			seconds int
		}
		byContact := map[int64]*person{}
		var order []int64
		cond, args := s.scopeSQL(a.Scope, "account_id", 2)
		seen := map[string]bool{}
		for _, at := range attendees {
			email := crm.NormalizeEmail(at.Email)
			if email == "" || at.Seconds <= 0 {
				continue
			}
			if !seen[email] {
				seen[email] = true
				res.Attended++
			}
			var contact, account int64
			err := tx.QueryRowContext(ctx, `SELECT contact_id, account_id FROM contact_identities WHERE kind = 'email' AND value = $1 AND `+cond,
				append([]any{email}, args...)...).Scan(&contact, &account)
			if errors.Is(err, sql.ErrNoRows) {
				res.Unknown = append(res.Unknown, email)
				continue
			}
			if err != nil {
				return err
			}
			p, ok := byContact[contact]
			if !ok {
				p = &person{account: account}
				byContact[contact] = p
				order = append(order, contact)
			}
			p.seconds += at.Seconds
		}
		accounts := map[int64]bool{}
		now := time.Now().UTC()
		for _, contact := range order {
			p := byContact[contact]
			minutes := crm.Attendee{Seconds: p.seconds}.Minutes()
			accounts[p.account] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_registrations (event_id, contact_id, account_id, registered_at, attended_minutes)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id, contact_id) DO UPDATE SET attended_minutes = excluded.attended_minutes`,
				eventID, contact, p.account, now.Unix(), minutes); err != nil {
				return err
			}
			made, err := s.attendanceTouchpoint(ctx, tx, a, e, contact, p.account, minutes)
			if err != nil {
				return err
			}
			if made {
				res.New++
			}
		}
		res.Contacts, res.Accounts = len(order), len(accounts)
		return record(ctx, tx, a, "import_attendance", "space_event", eventID, nil, map[string]any{"file": file, "attended": res.Attended,
			"contacts": res.Contacts, "accounts": res.Accounts, "unknown": len(res.Unknown)})
	})
	return res, err
}

// attendanceTouchpoint writes (or, when the minutes changed, updates) the
// touchpoint of contact's attendance of event e on account's timeline; it
// says whether it made a new one.
func (s *Store) attendanceTouchpoint(ctx context.Context, tx *sql.Tx, a crm.Actor, e crm.Event, contact, account int64, minutes int) (bool, error) {
	subject := fmt.Sprintf("Attended: %s (%d min)", e.Title, minutes)
	if len(subject) > 300 {
		subject = subject[:300]
	}
	externalID := fmt.Sprintf("attended-%d-%d", e.ID, contact)
	var id int64
	var was string
	err := tx.QueryRowContext(ctx, `SELECT id, subject FROM touchpoints WHERE source = 'portal' AND external_id = $1 AND account_id = $2`,
		externalID, account).Scan(&id, &was)
	switch {
	case err == nil:
		if was == subject {
			return false, nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE touchpoints SET subject = $1 WHERE id = $2 AND account_id = $3`, subject, id, account); err != nil {
			return false, err
		}
		return false, audit(ctx, tx, a, "update", "touchpoint", id, map[string]any{"subject": was}, map[string]any{"subject": subject})
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	tp := crm.Touchpoint{AccountID: account, ContactID: contact, Source: "portal", ExternalID: externalID, Kind: e.Kind,
		Department: "marketing", OccurredAt: e.StartsAt, Subject: subject}
	if err := tx.QueryRowContext(ctx, `INSERT INTO touchpoints (account_id, contact_id, source, external_id, kind, department, occurred_at, effort_minutes, subject, body, author)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, '', $9) RETURNING id`,
		tp.AccountID, tp.ContactID, tp.Source, tp.ExternalID, tp.Kind, tp.Department, s.date(tp.OccurredAt), tp.Subject, a.Name).Scan(&tp.ID); err != nil {
		return false, err
	}
	return true, audit(ctx, tx, a, "create", "touchpoint", tp.ID, nil, tp)
}
