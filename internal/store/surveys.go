package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Surveys that customers answer (docs/surveys.md): definitions of at most
// twelve questions, single-use expiring invitations per contact (only the
// token's hash is kept; the token is bound to its survey by its row), an
// open link per survey (one response per browser), and the responses.
// A finished response spends its invitation: the first statement of a
// submission claims the invitation's row, so two submissions of one token
// take turns and the second finds it spent (ECONFLICT) and writes nothing.

// DefaultRecontactDays is how long a contact who was invited to a survey
// is not invited to another, unless forced: across all surveys.
const DefaultRecontactDays = 90

// errNoSurveyInvitation is the one answer to an invitation that is
// unknown, expired or of another survey: which of them is not said.
var errNoSurveyInvitation = crm.Errorf(crm.ENOTFOUND, "this invitation is not valid")

// errSurveyAnswered is the answer to an invitation whose response is
// finished: it cannot be answered again.
var errSurveyAnswered = crm.Errorf(crm.ECONFLICT, "this survey has already been answered")

// --- surveys ---

// CreateSurvey stores the survey s (checked with crm.CheckSurvey: at most
// crm.MaxQuestions questions) with a new slug for its open link. Staff and
// up; EINVALID naming the question at fault. Audited.
func (s *Store) CreateSurvey(ctx context.Context, sv crm.Survey) (crm.Survey, error) {
	sv.Questions = append([]crm.Question(nil), sv.Questions...)
	if err := crm.CheckSurvey(&sv); err != nil {
		return sv, err
	}
	err := s.write(ctx, crm.RoleStaff, "create survey", func(tx *sql.Tx, a crm.Actor) error {
		sv.CreatedAt = time.Now().UTC().Truncate(time.Second)
		sv.Slug = newSlug(sv.Name)
		if err := tx.QueryRowContext(ctx, `INSERT INTO surveys (name, language, slug, template, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			sv.Name, sv.Language, sv.Slug, sv.Template, a.Name, sv.CreatedAt.Unix()).Scan(&sv.ID); err != nil {
			return err
		}
		for _, q := range sv.Questions {
			opts, _ := json.Marshal(q.Options)
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_questions (survey_id, position, type, text, options, required) VALUES ($1, $2, $3, $4, $5, $6)`,
				sv.ID, q.Position, q.Type, q.Text, string(opts), boolInt(q.Required)); err != nil {
				return err
			}
		}
		return record(ctx, tx, a, "create", "survey", sv.ID, nil, sv)
	})
	return sv, err
}

// newSlug makes the slug of a survey's open link: its name's letters and
// digits, and a random part, so that a slug is not guessed from the name.
func newSlug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 32 {
			break
		}
	}
	p := make([]byte, 6)
	rand.Read(p)
	return strings.Trim(b.String(), "-") + "-" + hex.EncodeToString(p)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Survey returns survey id with its questions. Viewers and up (a survey's
// definition is no account's data); ENOTFOUND when there is none.
func (s *Store) Survey(ctx context.Context, id int64) (crm.Survey, error) {
	if _, err := crm.Require(ctx, crm.RoleViewer); err != nil {
		return crm.Survey{}, err
	}
	return s.surveyWhere(ctx, s.db, "id = $1", id)
}

// surveyWhere reads the survey that cond (with arg as $1) finds.
func (s *Store) surveyWhere(ctx context.Context, q querier, cond string, arg any) (crm.Survey, error) {
	var sv crm.Survey
	var created int64
	err := q.QueryRowContext(ctx, `SELECT id, name, language, slug, template, created_at FROM surveys WHERE `+cond, arg).
		Scan(&sv.ID, &sv.Name, &sv.Language, &sv.Slug, &sv.Template, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return sv, crm.Errorf(crm.ENOTFOUND, "no such survey")
	}
	if err != nil {
		return sv, fmt.Errorf("store: survey: %w", err)
	}
	sv.CreatedAt = time.Unix(created, 0).UTC()
	rows, err := q.QueryContext(ctx, `SELECT position, type, text, options, required FROM survey_questions WHERE survey_id = $1 ORDER BY position`, sv.ID)
	if err != nil {
		return sv, fmt.Errorf("store: survey questions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var qu crm.Question
		var opts string
		var req int
		if err := rows.Scan(&qu.Position, &qu.Type, &qu.Text, &opts, &req); err != nil {
			return sv, fmt.Errorf("store: survey questions: %w", err)
		}
		if err := json.Unmarshal([]byte(opts), &qu.Options); err != nil {
			return sv, fmt.Errorf("store: survey %d question %d: options: %w", sv.ID, qu.Position, err)
		}
		qu.Required = req != 0
		sv.Questions = append(sv.Questions, qu)
	}
	return sv, rows.Err()
}

// SurveySummary is a survey in the list of surveys, with its counts.
type SurveySummary struct {
	crm.Survey
	Questions   int // how many
	Invitations int
	Responses   int // finished
}

// Surveys lists the surveys, newest first, with how many invitations and
// finished responses each has of the accounts in the scope of the actor in
// ctx (responses through the open link count for those who see every
// account). Viewers and up.
func (s *Store) Surveys(ctx context.Context) ([]SurveySummary, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	inv, args := s.scopeSQL(sc, "i.account_id", 1)
	res, _ := s.scopeSQL(sc, "r.account_id", 1)
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.name, s.language, s.slug, s.template, s.created_at,
		(SELECT COUNT(*) FROM survey_questions q WHERE q.survey_id = s.id),
		(SELECT COUNT(*) FROM survey_invitations i WHERE i.survey_id = s.id AND `+inv+`),
		(SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id AND r.finished_at IS NOT NULL AND `+res+`)
		FROM surveys s ORDER BY s.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: surveys: %w", err)
	}
	defer rows.Close()
	out := []SurveySummary{}
	for rows.Next() {
		var v SurveySummary
		var created int64
		if err := rows.Scan(&v.ID, &v.Name, &v.Language, &v.Slug, &v.Template, &created, &v.Questions, &v.Invitations, &v.Responses); err != nil {
			return nil, fmt.Errorf("store: surveys: %w", err)
		}
		v.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// --- invitations ---

// SurveyInvite says how to invite a contact to a survey.
type SurveyInvite struct {
	Email     string
	TokenHash string // the hash of the token in the link (auth.HashToken)
	Expires   time.Time
	Channel   string // link (passed on by hand), mail, csv or invoice
	// Force invites even when the contact was invited to a survey within
	// RecontactDays (default DefaultRecontactDays).
	Force         bool
	RecontactDays int
	// Compose, when not nil, writes the mail to the contact; it goes into
	// the outbox in the same transaction.
	Compose func(crm.PortalContact) crm.Mail
}

// SurveyInvitation is an invitation as it was made.
type SurveyInvitation struct {
	ID          int64
	SurveyID    int64
	ContactID   int64
	AccountID   int64
	Email       string
	Name        string
	AccountName string
	Expires     time.Time
}

// InviteSurvey invites the active contact with in.Email to survey
// surveyID: a single-use invitation under in.TokenHash until in.Expires.
// The recontact rule: a contact invited to any survey within the last
// RecontactDays is skipped (ECONFLICT, and logged) unless in.Force. Staff
// and up, of a contact in their scope; ENOTFOUND otherwise. Audited.
func (s *Store) InviteSurvey(ctx context.Context, surveyID int64, in SurveyInvite) (SurveyInvitation, error) {
	email := crm.NormalizeEmail(in.Email)
	inv := SurveyInvitation{SurveyID: surveyID, Email: email, Expires: in.Expires.UTC().Truncate(time.Second)}
	channel := in.Channel
	if channel == "" {
		channel = "link"
	}
	days := in.RecontactDays
	if days <= 0 {
		days = DefaultRecontactDays
	}
	err := s.write(ctx, crm.RoleStaff, "invite to a survey", func(tx *sql.Tx, a crm.Actor) error {
		if _, err := s.surveyWhere(ctx, tx, "id = $1", surveyID); err != nil {
			return err
		}
		cond, args := s.scopeSQL(a.Scope, "c.account_id", 2)
		err := tx.QueryRowContext(ctx, `SELECT c.id, c.account_id, c.name, acc.name FROM contact_identities i
			JOIN contacts c ON c.id = i.contact_id AND c.account_id = i.account_id
			JOIN accounts acc ON acc.id = c.account_id
			WHERE i.kind = 'email' AND i.value = $1 AND c.status = 'active' AND `+cond, append([]any{email}, args...)...).
			Scan(&inv.ContactID, &inv.AccountID, &inv.Name, &inv.AccountName)
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.ENOTFOUND, "no active contact with the email %s", email)
		}
		if err != nil {
			return err
		}
		// Two invitations of one contact at once take turns, so that the
		// rule sees the other's.
		if err := s.lockKeys(ctx, tx, keyOf("survey-contact", strconv.FormatInt(inv.ContactID, 10))); err != nil {
			return err
		}
		now := time.Now()
		if !in.Force {
			var last sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT MAX(created_at) FROM survey_invitations WHERE contact_id = $1`, inv.ContactID).Scan(&last); err != nil {
				return err
			}
			if last.Valid && now.Sub(time.Unix(last.Int64, 0)) < time.Duration(days)*24*time.Hour {
				at := time.Unix(last.Int64, 0).UTC().Format(time.DateOnly)
				s.log.Info("survey invitation skipped: recontact rule", slog.Int64("survey_id", surveyID), slog.Int64("contact_id", inv.ContactID),
					slog.String("last_invited", at), slog.Int("recontact_days", days))
				return crm.Errorf(crm.ECONFLICT, "%s was invited to a survey on %s, within %d days; skipped (force to invite anyway)", email, at, days)
			}
		}
		var sent any
		if in.Compose != nil {
			sent = now.Unix()
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO survey_invitations (survey_id, contact_id, account_id, email, token_hash, channel, created_by, created_at, expires_at, sent_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			surveyID, inv.ContactID, inv.AccountID, email, in.TokenHash, channel, a.Name, now.Unix(), inv.Expires.Unix(), sent).Scan(&inv.ID); err != nil {
			return err
		}
		if in.Compose != nil {
			m := in.Compose(crm.PortalContact{ContactID: inv.ContactID, AccountID: inv.AccountID, Email: email, Name: inv.Name, AccountName: inv.AccountName})
			m.To = email
			if err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
		}
		return record(ctx, tx, a, "invite", "survey_invitation", inv.ID, nil, map[string]any{"survey_id": surveyID, "contact_id": inv.ContactID,
			"email": email, "channel": channel, "expires_at": inv.Expires, "forced": in.Force})
	})
	return inv, err
}

// --- answering ---

// SurveyForm is what a respondent's page shows: the survey, and the
// answers saved so far (by position, as stored).
type SurveyForm struct {
	Survey   crm.Survey
	Answers  map[int]string
	Finished bool
	// Name is the invited contact's name ("" on the open link).
	Name string
}

// invitationRow is an invitation as the answering reads it.
type invitationRow struct {
	id, surveyID, contactID, accountID int64
	email, name                        string
	finished                           bool
}

// surveyInvitation reads the unexpired invitation under tokenHash whose
// contact is still at the account it was invited at (a contact deleted or
// moved to another account answers no more); errNoSurveyInvitation when
// there is none.
func (s *Store) surveyInvitation(ctx context.Context, q querier, tokenHash string) (invitationRow, error) {
	var r invitationRow
	var finished sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT i.id, i.survey_id, i.contact_id, i.account_id, i.email, c.name, i.finished_at FROM survey_invitations i
		JOIN contacts c ON c.id = i.contact_id AND c.account_id = i.account_id
		WHERE i.token_hash = $1 AND i.expires_at > $2`, tokenHash, time.Now().Unix()).Scan(&r.id, &r.surveyID, &r.contactID, &r.accountID, &r.email, &r.name, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errNoSurveyInvitation
	}
	if err != nil {
		return r, fmt.Errorf("store: survey invitation: %w", err)
	}
	r.finished = finished.Valid
	return r, nil
}

// SurveyByToken returns the form of the invitation under tokenHash, with
// the answers saved so far. ENOTFOUND ("this invitation is not valid")
// for an unknown or expired one; ECONFLICT for one already answered (with
// the survey, for its language, and no answers). It needs no actor: the
// token is the credential.
func (s *Store) SurveyByToken(ctx context.Context, tokenHash string) (SurveyForm, error) {
	inv, err := s.surveyInvitation(ctx, s.db, tokenHash)
	if err != nil {
		return SurveyForm{}, err
	}
	f := SurveyForm{}
	if f.Survey, err = s.surveyWhere(ctx, s.db, "id = $1", inv.surveyID); err != nil {
		return f, err
	}
	if inv.finished {
		return SurveyForm{Survey: f.Survey, Finished: true}, errSurveyAnswered
	}
	f.Name = inv.name
	f.Answers, err = s.savedAnswers(ctx, `r.invitation_id = $1`, inv.id)
	return f, err
}

// savedAnswers reads the answers of the response cond (with arg as $1)
// finds; none when it has none.
func (s *Store) savedAnswers(ctx context.Context, cond string, args ...any) (map[int]string, error) {
	return s.savedAnswersIn(ctx, s.db, cond, args...)
}

// savedAnswersIn is savedAnswers read through q (a transaction).
func (s *Store) savedAnswersIn(ctx context.Context, q querier, cond string, args ...any) (map[int]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.position, a.value FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("store: saved answers: %w", err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var p int
		var v string
		if err := rows.Scan(&p, &v); err != nil {
			return nil, fmt.Errorf("store: saved answers: %w", err)
		}
		out[p] = v
	}
	return out, rows.Err()
}

// Submission is what a respondent sends: answers by position (form values;
// several for a multi question), whether they are done, and the language
// of the page.
type Submission struct {
	Answers  map[int][]string
	Finish   bool
	Language string
	// On the open link only: Email, when the respondent gives one with
	// the finished answers, and a mail server to confirm it through — the
	// hash of the confirmation link's token (ConfirmHash) and the mail's
	// composer (Compose). See SubmitOpenSurvey.
	Email       string
	ConfirmHash string
	Compose     func(crm.PortalContact) crm.Mail
}

// ConfirmDays is how long the link that confirms an open-link answer as
// a contact's works; after it the address given is forgotten.
const ConfirmDays = 30

// SubmitSurvey saves the answers to the invitation under tokenHash; with
// Finish the response is finished and the invitation spent. ENOTFOUND
// ("this invitation is not valid") for an unknown or expired invitation,
// ECONFLICT for one already answered, EINVALID for a wrong answer (naming
// the question): in each case nothing is written. Of two submissions of
// one token at once, one finishes and the other is ECONFLICT. It needs no
// actor: the token is the credential; audited as the contact.
func (s *Store) SubmitSurvey(ctx context.Context, tokenHash string, sub Submission) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: submit survey: %w", err)
	}
	defer tx.Rollback()
	inv, err := s.surveyInvitation(ctx, tx, tokenHash)
	if err != nil {
		return err
	}
	now := time.Now().Unix()
	// Claim the invitation first: its row is locked until the end, so a
	// second submission waits here and then finds it finished.
	res, err := tx.ExecContext(ctx, `UPDATE survey_invitations SET started_at = COALESCE(started_at, $1) WHERE id = $2 AND finished_at IS NULL`, now, inv.id)
	if err != nil {
		return fmt.Errorf("store: submit survey: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errSurveyAnswered
	}
	sv, err := s.surveyWhere(ctx, tx, "id = $1", inv.surveyID)
	if err != nil {
		return err
	}
	answers, err := crm.CheckAnswers(sv, sub.Answers, sub.Finish)
	if err != nil {
		return err
	}
	a := crm.PortalActor(crm.PortalContact{ContactID: inv.contactID, AccountID: inv.accountID, Email: inv.email, Name: inv.name}, "")
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM survey_responses WHERE invitation_id = $1`, inv.id).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `INSERT INTO survey_responses (survey_id, invitation_id, contact_id, account_id, language, started_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			inv.surveyID, inv.id, inv.contactID, inv.accountID, responseLanguage(sub.Language, sv), now).Scan(&id)
	}
	if err != nil {
		return fmt.Errorf("store: submit survey: %w", err)
	}
	// The language is the page's at the last save.
	if _, err := tx.ExecContext(ctx, `UPDATE survey_responses SET language = $1 WHERE id = $2`, responseLanguage(sub.Language, sv), id); err != nil {
		return fmt.Errorf("store: submit survey: %w", err)
	}
	if err := s.saveAnswers(ctx, tx, id, answers, sub.Finish, now); err != nil {
		return err
	}
	if sub.Finish {
		if _, err := tx.ExecContext(ctx, `UPDATE survey_invitations SET finished_at = $1 WHERE id = $2`, now, inv.id); err != nil {
			return fmt.Errorf("store: submit survey: %w", err)
		}
		if err := s.responseTouchpoint(ctx, tx, a, sv, id, answers, now); err != nil {
			return fmt.Errorf("store: submit survey: %w", err)
		}
		if err := s.detractorCare(ctx, tx, a, inv.name, sv, id, answers, responseLanguage(sub.Language, sv), now); err != nil {
			return fmt.Errorf("store: submit survey: %w", err)
		}
	}
	if err := record(ctx, tx, a, map[bool]string{true: "finish", false: "save"}[sub.Finish], "survey_response", id, nil, answers); err != nil {
		return fmt.Errorf("store: submit survey: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: submit survey: %w", err)
	}
	return nil
}

func responseLanguage(lang string, sv crm.Survey) string {
	if lang == "en" || lang == "de" {
		return lang
	}
	return sv.Language
}

// saveAnswers replaces the answers of response id with answers; with
// finish it finishes the response.
func (s *Store) saveAnswers(ctx context.Context, tx *sql.Tx, id int64, answers map[int]string, finish bool, now int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM survey_answers WHERE response_id = $1`, id); err != nil {
		return fmt.Errorf("store: save answers: %w", err)
	}
	for p, v := range answers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO survey_answers (response_id, position, value) VALUES ($1, $2, $3)`, id, p, v); err != nil {
			return fmt.Errorf("store: save answers: %w", err)
		}
	}
	if finish {
		if _, err := tx.ExecContext(ctx, `UPDATE survey_responses SET finished_at = $1 WHERE id = $2`, now, id); err != nil {
			return fmt.Errorf("store: save answers: %w", err)
		}
	}
	return nil
}

// responseTouchpoint writes a finished response as a touchpoint on the
// account's timeline (with no effort: the customer's time is no cost to
// serve), its NPS and band in the subject.
func (s *Store) responseTouchpoint(ctx context.Context, tx *sql.Tx, a crm.Actor, sv crm.Survey, id int64, answers map[int]string, now int64) error {
	subject := "Survey answered: " + sv.Name
	if p := sv.NPSPosition(); p > 0 {
		if n, err := strconv.Atoi(answers[p]); err == nil {
			subject += fmt.Sprintf(" (NPS %d, %s)", n, crm.NPSBand(n))
		}
	}
	if len(subject) > 300 {
		subject = subject[:300]
	}
	var body []string
	for _, q := range sv.Questions {
		if v, ok := answers[q.Position]; ok {
			body = append(body, q.Text+" "+v)
		}
	}
	text := strings.Join(body, "\n")
	if len(text) > 2000 {
		text = text[:2000]
	}
	at := time.Unix(now, 0).UTC()
	tp := crm.Touchpoint{AccountID: a.Scope.Account(), ContactID: a.ContactID, Source: "survey", ExternalID: "response-" + strconv.FormatInt(id, 10),
		Kind: "survey", Department: "support", OccurredAt: at, Subject: subject, Body: text}
	if err := tx.QueryRowContext(ctx, `INSERT INTO touchpoints (account_id, contact_id, source, external_id, kind, department, occurred_at, effort_minutes, subject, body, author)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10) RETURNING id`,
		tp.AccountID, nullID(tp.ContactID), tp.Source, tp.ExternalID, tp.Kind, tp.Department, s.date(at), tp.Subject, tp.Body, a.Name).Scan(&tp.ID); err != nil {
		return err
	}
	return audit(ctx, tx, a, "create", "touchpoint", tp.ID, nil, tp)
}

// detractorCare opens an item in the care queue for a finished response
// of account a whose NPS answer is a detractor's (0–6): a mention of the
// platform crm.PlatformSurvey, by the contact, its text the score and the
// answers written in words, as negative as the score is low (compound
// (n−7)/7: −1 for 0, −0.14 for 6), so that the queue ranks it by the
// account's value and the score like any complaint. Responses without an
// account (the open link) and without an NPS answer open none.
func (s *Store) detractorCare(ctx context.Context, tx *sql.Tx, a crm.Actor, name string, sv crm.Survey, id int64, answers map[int]string, lang string, now int64) error {
	p := sv.NPSPosition()
	n, err := strconv.Atoi(answers[p])
	if p == 0 || err != nil || n > 6 || a.Scope.Account() == 0 {
		return nil
	}
	text := fmt.Sprintf("NPS %d", n)
	for _, q := range sv.Questions {
		if v := strings.TrimSpace(answers[q.Position]); q.Type == crm.QuestionText && v != "" {
			text += " — " + v
		}
	}
	if r := []rune(text); len(r) > 4000 {
		text = string(r[:4000])
	}
	at := time.Unix(now, 0).UTC()
	m := crm.Mention{Source: "survey", Platform: crm.PlatformSurvey, ExternalID: "response-" + strconv.FormatInt(id, 10),
		URL: "/surveys/" + strconv.FormatInt(sv.ID, 10), AuthorName: name, AuthorEmail: a.Name, Text: text, PostedAt: at,
		AccountID: a.Scope.Account(), ContactID: a.ContactID, MatchMethod: crm.MatchSurvey, MatchConfidence: crm.MatchConfidence[crm.MatchSurvey],
		Lang: lang, Compound: float64(n-7) / 7, Label: "negative", Intensity: float64(7-n) / 8, Care: crm.CareOpen}
	err = tx.QueryRowContext(ctx, `INSERT INTO mentions (source, platform, external_id, url, author_name, author_email, author_key, text,
		posted_at, posted_day, account_id, contact_id, match_method, match_confidence, lang, compound, label, intensity, care)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
		m.Source, m.Platform, m.ExternalID, m.URL, m.AuthorName, m.AuthorEmail, crm.AuthorKey(m.Platform, "", m.AuthorEmail, m.AuthorName), m.Text,
		now, s.date(at), m.AccountID, nullID(m.ContactID), m.MatchMethod, m.MatchConfidence, m.Lang, m.Compound, m.Label, m.Intensity, m.Care).Scan(&m.ID)
	if err != nil {
		return err
	}
	return audit(ctx, tx, a, "create", "mention", m.ID, nil, m)
}

// OpenSurvey returns the form of the survey with the open link slug, with
// what the browser whose cookie hashes to browserHash saved so far.
// ENOTFOUND for an unknown slug; ECONFLICT when that browser finished it.
// It needs no actor: the link is public.
func (s *Store) OpenSurvey(ctx context.Context, slug, browserHash string) (SurveyForm, error) {
	sv, err := s.surveyWhere(ctx, s.db, "slug = $1", slug)
	if err != nil {
		return SurveyForm{}, err
	}
	var finished sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT finished_at FROM survey_responses WHERE survey_id = $1 AND browser_hash = $2`, sv.ID, browserHash).Scan(&finished)
	switch {
	case err == nil && finished.Valid:
		return SurveyForm{Survey: sv, Finished: true}, errSurveyAnswered
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return SurveyForm{}, fmt.Errorf("store: open survey: %w", err)
	}
	f := SurveyForm{Survey: sv}
	f.Answers, err = s.savedAnswers(ctx, `r.survey_id = $1 AND r.browser_hash = $2`, sv.ID, browserHash)
	return f, err
}

// SubmitOpenSurvey saves the answers of the browser whose cookie hashes to
// browserHash to the survey with the open link slug: one response per
// browser, tied to no account. Errors as SubmitSurvey (ECONFLICT when that
// browser finished it). It needs no actor; audited as "open link".
func (s *Store) SubmitOpenSurvey(ctx context.Context, slug, browserHash string, sub Submission) error {
	if browserHash == "" {
		return crm.Errorf(crm.EINVALID, "no browser key")
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: submit open survey: %w", err)
	}
	defer tx.Rollback()
	sv, err := s.surveyWhere(ctx, tx, "slug = $1", slug)
	if err != nil {
		return err
	}
	answers, err := crm.CheckAnswers(sv, sub.Answers, sub.Finish)
	if err != nil {
		return err
	}
	now := time.Now().Unix()
	// Insert or claim the browser's response: the unique key on (survey,
	// browser) makes a second browser tab wait here.
	if _, err := tx.ExecContext(ctx, `INSERT INTO survey_responses (survey_id, browser_hash, language, started_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (survey_id, browser_hash) DO NOTHING`, sv.ID, browserHash, responseLanguage(sub.Language, sv), now); err != nil {
		return fmt.Errorf("store: submit open survey: %w", err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `UPDATE survey_responses SET language = language WHERE survey_id = $1 AND browser_hash = $2 AND finished_at IS NULL RETURNING id`,
		sv.ID, browserHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return errSurveyAnswered
	}
	if err != nil {
		return fmt.Errorf("store: submit open survey: %w", err)
	}
	if err := s.saveAnswers(ctx, tx, id, answers, sub.Finish, now); err != nil {
		return err
	}
	if sub.Finish {
		if err := s.claimOpenResponse(ctx, tx, id, sub, now); err != nil {
			return fmt.Errorf("store: submit open survey: %w", err)
		}
	}
	a := crm.Actor{Name: "open link", Scope: crm.Scope{}}
	if err := record(ctx, tx, a, map[bool]string{true: "finish", false: "save"}[sub.Finish], "survey_response", id, nil, answers); err != nil {
		return fmt.Errorf("store: submit open survey: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: submit open survey: %w", err)
	}
	return nil
}

// claimOpenResponse keeps, for finished open-link response id, the
// address the respondent gave when it is an active contact's and a
// confirmation can be mailed (sub.Compose): the mail with the link goes
// into the outbox, and the response stays no one's until the contact
// confirms it (ConfirmOpenResponse). An address that is nobody's is not
// kept. Claims older than ConfirmDays are forgotten on the way.
func (s *Store) claimOpenResponse(ctx context.Context, tx *sql.Tx, id int64, sub Submission, now int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE survey_responses SET claimed_email = '', confirm_hash = NULL
		WHERE confirm_hash IS NOT NULL AND finished_at < $1`, now-ConfirmDays*24*3600); err != nil {
		return err
	}
	email := crm.NormalizeEmail(sub.Email)
	if email == "" || sub.Compose == nil || sub.ConfirmHash == "" {
		return nil
	}
	c, err := s.activeContact(ctx, tx, email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	// One claim waits per address: anyone can type a customer's address,
	// and the customer is not to be flooded with confirmations.
	var waiting int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_responses WHERE claimed_email = $1 AND confirm_hash IS NOT NULL`, email).Scan(&waiting); err != nil {
		return err
	}
	if waiting > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE survey_responses SET claimed_email = $1, confirm_hash = $2 WHERE id = $3`, email, sub.ConfirmHash, id); err != nil {
		return err
	}
	m := sub.Compose(c)
	m.To = email
	return enqueueMail(ctx, tx, m)
}

// activeContact finds the active contact with the e-mail address email,
// of any account; sql.ErrNoRows when there is none.
func (s *Store) activeContact(ctx context.Context, q querier, email string) (crm.PortalContact, error) {
	c := crm.PortalContact{Email: email}
	err := q.QueryRowContext(ctx, `SELECT c.id, c.account_id, c.name, acc.name FROM contact_identities i
		JOIN contacts c ON c.id = i.contact_id AND c.account_id = i.account_id
		JOIN accounts acc ON acc.id = c.account_id
		WHERE i.kind = 'email' AND i.value = $1 AND c.status = 'active'`, email).Scan(&c.ContactID, &c.AccountID, &c.Name, &c.AccountName)
	return c, err
}

// ConfirmOpenResponse makes the open-link response whose confirmation
// token hashes to confirmHash the answer of the contact whose address was
// given, if that address is still an active contact's and the link is not
// older than ConfirmDays: the response lands on the account's timeline
// and, for a detractor, in the care queue, as an invited contact's does.
// ENOTFOUND for an unknown, used or expired link (nothing written). It
// needs no actor: the link is the credential; audited as the contact.
func (s *Store) ConfirmOpenResponse(ctx context.Context, confirmHash string) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: confirm survey answers: %w", err)
	}
	defer tx.Rollback()
	notValid := crm.Errorf(crm.ENOTFOUND, "this link is not valid")
	var id, surveyID, finished int64
	var email, lang string
	// RETURNING gives the row as updated: the address is cleared below.
	err = tx.QueryRowContext(ctx, `UPDATE survey_responses SET confirm_hash = NULL
		WHERE confirm_hash = $1 AND contact_id IS NULL AND finished_at IS NOT NULL
		RETURNING id, survey_id, claimed_email, finished_at, language`, confirmHash).Scan(&id, &surveyID, &email, &finished, &lang)
	if errors.Is(err, sql.ErrNoRows) {
		return notValid
	}
	if err != nil {
		return fmt.Errorf("store: confirm survey answers: %w", err)
	}
	now := time.Now().Unix()
	if finished < now-ConfirmDays*24*3600 {
		return notValid
	}
	c, err := s.activeContact(ctx, tx, email)
	if errors.Is(err, sql.ErrNoRows) {
		return notValid
	}
	if err != nil {
		return fmt.Errorf("store: confirm survey answers: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE survey_responses SET contact_id = $1, account_id = $2, claimed_email = '' WHERE id = $3`, c.ContactID, c.AccountID, id); err != nil {
		return fmt.Errorf("store: confirm survey answers: %w", err)
	}
	sv, err := s.surveyWhere(ctx, tx, "id = $1", surveyID)
	if err != nil {
		return err
	}
	stored, err := s.savedAnswersIn(ctx, tx, `r.id = $1`, id)
	if err != nil {
		return err
	}
	a := crm.PortalActor(c, "")
	if err := s.responseTouchpoint(ctx, tx, a, sv, id, stored, finished); err != nil {
		return fmt.Errorf("store: confirm survey answers: %w", err)
	}
	if err := s.detractorCare(ctx, tx, a, c.Name, sv, id, stored, lang, finished); err != nil {
		return fmt.Errorf("store: confirm survey answers: %w", err)
	}
	if err := record(ctx, tx, a, "confirm", "survey_response", id, nil, map[string]any{"contact_id": c.ContactID, "account_id": c.AccountID}); err != nil {
		return fmt.Errorf("store: confirm survey answers: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: confirm survey answers: %w", err)
	}
	return nil
}

// --- results ---

// SurveyResponse is a finished response with its answers.
type SurveyResponse struct {
	ID          int64
	SurveyID    int64
	ContactID   int64     // 0 on the open link
	ContactName string    // "" on the open link
	AccountID   int64     // 0 on the open link
	Invited     bool      // answered an invitation (not the open link, not an import)
	InvitedAt   time.Time // when that invitation was sent
	Language    string
	FinishedAt  time.Time
	Answers     map[int]string
}

// SurveyResponses returns the finished responses to survey surveyID (0:
// every survey), by id, of the accounts in the scope of the actor in ctx
// (responses through the open link, of no account, only to those who see
// every account).
func (s *Store) SurveyResponses(ctx context.Context, surveyID int64) ([]SurveyResponse, error) {
	return s.surveyResponses(ctx, surveyID, 0)
}

// AccountSurveyResponses returns the finished responses of account id's
// contacts to every survey, by id; none when the account is not in the
// scope of the actor in ctx.
func (s *Store) AccountSurveyResponses(ctx context.Context, accountID int64) ([]SurveyResponse, error) {
	return s.surveyResponses(ctx, 0, accountID)
}

func (s *Store) surveyResponses(ctx context.Context, surveyID, accountID int64) ([]SurveyResponse, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "r.account_id", 3)
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.survey_id, COALESCE(r.contact_id, 0), COALESCE(c.name, ''), COALESCE(r.account_id, 0),
		COALESCE(i.created_at, 0), r.language, r.finished_at, a.position, a.value
		FROM survey_responses r LEFT JOIN survey_answers a ON a.response_id = r.id LEFT JOIN contacts c ON c.id = r.contact_id
		LEFT JOIN survey_invitations i ON i.id = r.invitation_id
		WHERE r.finished_at IS NOT NULL AND (CAST($1 AS BIGINT) = 0 OR r.survey_id = $1) AND (CAST($2 AS BIGINT) = 0 OR r.account_id = $2) AND `+cond+`
		ORDER BY r.id, a.position`, append([]any{surveyID, accountID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: survey responses: %w", err)
	}
	defer rows.Close()
	out := []SurveyResponse{}
	for rows.Next() {
		var r SurveyResponse
		var finished int64
		var pos sql.NullInt64
		var val sql.NullString
		var invited int64
		if err := rows.Scan(&r.ID, &r.SurveyID, &r.ContactID, &r.ContactName, &r.AccountID, &invited, &r.Language, &finished, &pos, &val); err != nil {
			return nil, fmt.Errorf("store: survey responses: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != r.ID {
			r.FinishedAt, r.Invited = time.Unix(finished, 0).UTC(), invited != 0
			if r.Invited {
				r.InvitedAt = time.Unix(invited, 0).UTC()
			}
			r.Answers = map[int]string{}
			out = append(out, r)
		}
		if pos.Valid {
			out[len(out)-1].Answers[int(pos.Int64)] = val.String
		}
	}
	return out, rows.Err()
}

// InvitationFact is what the response rates need of one invitation.
type InvitationFact struct {
	AccountID int64
	CreatedAt time.Time
}

// SurveyInvitationFacts returns the account and sending time of every
// invitation to survey surveyID (0: every survey) of the accounts in the
// scope of the actor in ctx, by id: the base of the response rates by
// tier, segment, owner and quarter.
func (s *Store) SurveyInvitationFacts(ctx context.Context, surveyID int64) ([]InvitationFact, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 2)
	rows, err := s.db.QueryContext(ctx, `SELECT account_id, created_at FROM survey_invitations WHERE (CAST($1 AS BIGINT) = 0 OR survey_id = $1) AND `+cond+`
		ORDER BY id`, append([]any{surveyID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: survey invitation facts: %w", err)
	}
	defer rows.Close()
	var out []InvitationFact
	for rows.Next() {
		var f InvitationFact
		var at int64
		if err := rows.Scan(&f.AccountID, &at); err != nil {
			return nil, fmt.Errorf("store: survey invitation facts: %w", err)
		}
		f.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// SurveyInvited counts the invitations to survey surveyID (0: every
// survey) of the accounts in the scope of the actor in ctx: the base of
// the response rate.
func (s *Store) SurveyInvited(ctx context.Context, surveyID int64) (int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return 0, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 2)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_invitations WHERE (CAST($1 AS BIGINT) = 0 OR survey_id = $1) AND `+cond,
		append([]any{surveyID}, args...)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: survey invited: %w", err)
	}
	return n, nil
}
