package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The perception gap (docs/surveys.md): staff answer a survey's questions
// as they believe the customer would, about an account in their scope or
// (account 0) about the company as a whole. One belief per survey, user,
// account and question; saving a user's answers about an account replaces
// what she answered before about it. Reads are scoped as the responses:
// beliefs about an account only to those who may read it, beliefs about
// the company as a whole only to those who see every account.

// Belief is what one staff user believes a customer would answer to one
// question: about AccountID, or (0) about the company as a whole.
type Belief struct {
	SurveyID   int64
	UserID     int64  // 0: the command line
	UserName   string // as the audit log names the user
	AccountID  int64  // 0: the company as a whole
	Position   int
	Value      string // as a customer's answer is stored
	AnsweredAt time.Time
}

// beliefAccount checks that account id (0: the company as a whole) may be
// answered about or read by sc: ENOTFOUND, as for an account that does not
// exist, otherwise.
func (s *Store) beliefAccount(ctx context.Context, q querier, sc crm.Scope, id int64) error {
	if id == 0 {
		return nil
	}
	if id < 0 {
		return crm.Errorf(crm.ENOTFOUND, "no such account")
	}
	if err := s.accountVisible(ctx, q, sc, id, "account"); err != nil {
		if crm.ErrorCode(err) == crm.EINVALID {
			return crm.Errorf(crm.ENOTFOUND, "no such account")
		}
		return err
	}
	return nil
}

// SaveBeliefs saves what the actor in ctx believes a customer of account
// accountID (0: the company as a whole) would answer to survey surveyID:
// answers by position (form values, as a respondent sends them), checked
// with the rules of the customers' answers (crm.CheckAnswers; EINVALID
// naming the question). They replace the actor's earlier answers about
// that account; positions left empty are no longer answered. Staff and up,
// about an account in their scope; ENOTFOUND for another account (as for
// a missing one) or a missing survey. Audited. It returns the answers as
// stored.
func (s *Store) SaveBeliefs(ctx context.Context, surveyID, accountID int64, answers map[int][]string) (map[int]string, error) {
	var stored map[int]string
	err := s.write(ctx, crm.RoleStaff, "save beliefs", func(tx *sql.Tx, a crm.Actor) error {
		sv, err := s.surveyWhere(ctx, tx, "id = $1", surveyID)
		if err != nil {
			return err
		}
		if err := s.beliefAccount(ctx, tx, a.Scope, accountID); err != nil {
			return err
		}
		if stored, err = crm.CheckAnswers(sv, answers, false); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM survey_beliefs WHERE survey_id = $1 AND user_id = $2 AND account_id = $3`,
			surveyID, a.UserID, accountID); err != nil {
			return err
		}
		now := time.Now().Unix()
		for _, q := range sv.Questions {
			v, ok := stored[q.Position]
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_beliefs (survey_id, user_id, account_id, position, value, user_name, answered_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, surveyID, a.UserID, accountID, q.Position, v, a.Name, now); err != nil {
				return err
			}
		}
		return record(ctx, tx, a, "save", "survey_beliefs", surveyID, nil, map[string]any{"account_id": accountID, "answers": stored})
	})
	if err != nil {
		return nil, err
	}
	return stored, nil
}

// MyBeliefs returns what the actor in ctx answered about account
// accountID (0: the company as a whole) in survey surveyID, by position:
// her own answers, for her form. ENOTFOUND for an account outside her
// scope, as for a missing one. Staff and up (who may answer).
func (s *Store) MyBeliefs(ctx context.Context, surveyID, accountID int64) (map[int]string, error) {
	a, err := crm.Require(ctx, crm.RoleStaff)
	if err != nil {
		return nil, err
	}
	if err := s.beliefAccount(ctx, s.db, a.Scope, accountID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT position, value FROM survey_beliefs WHERE survey_id = $1 AND user_id = $2 AND account_id = $3`,
		surveyID, a.UserID, accountID)
	if err != nil {
		return nil, fmt.Errorf("store: my beliefs: %w", err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var p int
		var v string
		if err := rows.Scan(&p, &v); err != nil {
			return nil, fmt.Errorf("store: my beliefs: %w", err)
		}
		out[p] = v
	}
	return out, rows.Err()
}

// Beliefs returns the staff's beliefs about survey surveyID (0: every
// survey) that the actor in ctx may read, by survey, account, user and
// position: about the accounts in her scope, and about the company as a
// whole only to those who see every account (as the responses through
// the open link).
func (s *Store) Beliefs(ctx context.Context, surveyID int64) ([]Belief, error) {
	return s.beliefs(ctx, surveyID, -1)
}

// AccountBeliefs returns the staff's beliefs about account accountID, of
// every survey, as Beliefs orders them; none when the account is not in
// the scope of the actor in ctx.
func (s *Store) AccountBeliefs(ctx context.Context, accountID int64) ([]Belief, error) {
	return s.beliefs(ctx, 0, accountID)
}

// beliefs reads the beliefs of survey surveyID (0: every survey) about
// account accountID (-1: every account and the company).
func (s *Store) beliefs(ctx context.Context, surveyID, accountID int64) ([]Belief, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 3)
	if !sc.All() {
		cond = "account_id <> 0 AND " + cond
	}
	rows, err := s.db.QueryContext(ctx, `SELECT survey_id, user_id, user_name, account_id, position, value, answered_at FROM survey_beliefs
		WHERE (CAST($1 AS BIGINT) = 0 OR survey_id = $1) AND (CAST($2 AS BIGINT) = -1 OR account_id = $2) AND `+cond+`
		ORDER BY survey_id, account_id, user_id, position`, append([]any{surveyID, accountID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: beliefs: %w", err)
	}
	defer rows.Close()
	out := []Belief{}
	for rows.Next() {
		var b Belief
		var at int64
		if err := rows.Scan(&b.SurveyID, &b.UserID, &b.UserName, &b.AccountID, &b.Position, &b.Value, &at); err != nil {
			return nil, fmt.Errorf("store: beliefs: %w", err)
		}
		b.AnsweredAt = time.Unix(at, 0).UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}
