package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ImportedResponse is a response exported by a survey tool, to import
// into a survey: its key (the tool's response id, or its line), who
// answered (matched to a contact by e-mail), when, whether it was
// finished, and its answers by question position.
type ImportedResponse struct {
	Line        int
	Key         string
	Email       string
	SubmittedAt time.Time
	Complete    bool
	Answers     map[int][]string
}

// SurveyImport says what ImportSurveyResponses did.
type SurveyImport struct {
	Imported int `json:"imported"`
	Already  int `json:"already"`  // imported before (the same key)
	Matched  int `json:"matched"`  // of the imported, answered by a contact vitalfew knows
	Accounts int `json:"accounts"` // the accounts of those contacts
}

// DetractorCareDays: of imported answers, the detractors of this many
// days up to the import's newest answer open care items.
const DetractorCareDays = 90

// ImportSurveyResponses imports rs into survey surveyID, in one
// transaction: each answer is checked as a submitted one (a bad one
// fails the import naming its line; nothing is written); a response whose
// e-mail is an active contact's is theirs and, finished, a touchpoint on
// the account's timeline (a detractor of the last DetractorCareDays of
// the import an item in the care queue); one imported before (its key)
// is left alone. Importers (staff who see every account).
func (s *Store) ImportSurveyResponses(ctx context.Context, surveyID int64, rs []ImportedResponse) (SurveyImport, error) {
	var sum SurveyImport
	a, err := requireImporter(ctx)
	if err != nil {
		return sum, err
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return sum, fmt.Errorf("store: import survey responses: %w", err)
	}
	defer tx.Rollback()
	sv, err := s.surveyWhere(ctx, tx, "id = $1", surveyID)
	if err != nil {
		return sum, err
	}
	// An import is history: only its detractors of the DetractorCareDays
	// up to its newest answer open care items (years of old results must
	// not flood the queue).
	var newest time.Time
	for _, r := range rs {
		if r.SubmittedAt.After(newest) {
			newest = r.SubmittedAt
		}
	}
	careFrom := newest.AddDate(0, 0, -DetractorCareDays)
	accounts := map[int64]bool{}
	for _, r := range rs {
		answers, err := crm.CheckAnswers(sv, r.Answers, r.Complete)
		if err != nil {
			return sum, crm.Errorf(crm.EINVALID, "line %d: %v", r.Line, err)
		}
		var contactID, accountID int64
		var name string
		if r.Email != "" {
			err := tx.QueryRowContext(ctx, `SELECT c.id, c.account_id, c.name FROM contact_identities i JOIN contacts c ON c.id = i.contact_id AND c.account_id = i.account_id
				WHERE i.kind = 'email' AND i.value = $1 AND c.status = 'active' ORDER BY c.id LIMIT 1`, crm.NormalizeEmail(r.Email)).Scan(&contactID, &accountID, &name)
			if err != nil && err != sql.ErrNoRows {
				return sum, fmt.Errorf("store: import survey responses: %w", err)
			}
		}
		at := r.SubmittedAt
		if at.IsZero() {
			at = time.Now().UTC()
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO survey_responses (survey_id, browser_hash, contact_id, account_id, language, started_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
			surveyID, "import:"+r.Key, nullID(contactID), nullID(accountID), sv.Language, at.Unix()).Scan(&id)
		if err == sql.ErrNoRows {
			sum.Already++
			continue
		}
		if err != nil {
			return sum, fmt.Errorf("store: import survey responses: %w", err)
		}
		if err := s.saveAnswers(ctx, tx, id, answers, r.Complete, at.Unix()); err != nil {
			return sum, err
		}
		sum.Imported++
		if contactID == 0 {
			continue
		}
		sum.Matched++
		accounts[accountID] = true
		if r.Complete {
			who := crm.PortalActor(crm.PortalContact{ContactID: contactID, AccountID: accountID, Email: r.Email, Name: name}, "")
			if err := s.responseTouchpoint(ctx, tx, who, sv, id, answers, at.Unix()); err != nil {
				return sum, fmt.Errorf("store: import survey responses: %w", err)
			}
			if !at.Before(careFrom) {
				if err := s.detractorCare(ctx, tx, who, name, sv, id, answers, sv.Language, at.Unix()); err != nil {
					return sum, fmt.Errorf("store: import survey responses: %w", err)
				}
			}
		}
	}
	sum.Accounts = len(accounts)
	if err := record(ctx, tx, a, "import", "survey-responses", surveyID, nil, sum); err != nil {
		return sum, fmt.Errorf("store: import survey responses: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return sum, fmt.Errorf("store: import survey responses: %w", err)
	}
	return sum, nil
}
