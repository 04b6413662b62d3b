package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/sentiment"
	"github.com/vitalfew/vitalfew/internal/store"
)

// maxSurveyExport is the largest survey export import reads.
const maxSurveyExport = 64 << 20

// importSurveyResponses imports a survey tool's export (Typeform,
// SurveyMonkey, Google Forms, LimeSurvey, or a CSV with an email column)
// into survey surveyID, or into a new survey made from its questions.
func (e *env) importSurveyResponses(ctx context.Context, path string, surveyID int64, asJSON bool) error {
	in, _, closeIn, err := e.openInput(path)
	if err != nil {
		return err
	}
	defer closeIn()
	data, err := io.ReadAll(io.LimitReader(in, maxSurveyExport+1))
	if err != nil {
		return err
	}
	if len(data) > maxSurveyExport {
		return crm.Errorf(crm.EINVALID, "%s: larger than %d MiB", path, maxSurveyExport>>20)
	}
	ex, err := ingest.ParseSurveyExport(data)
	if err != nil {
		return crm.Errorf(crm.EINVALID, "%s: %v", path, err)
	}
	st, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	op := operator(ctx)
	var sv crm.Survey
	if surveyID != 0 {
		if sv, err = st.Survey(op, surveyID); err != nil {
			return err
		}
		if len(sv.Questions) != len(ex.Questions) {
			return crm.Errorf(crm.EINVALID, "%s: %d questions, survey %d has %d: its answers cannot be matched by position", path, len(ex.Questions), surveyID, len(sv.Questions))
		}
	} else if sv, err = st.CreateSurvey(op, surveyOfExport(ex, filepath.Base(path))); err != nil {
		return err
	}
	rs := make([]store.ImportedResponse, len(ex.Rows))
	for i, r := range ex.Rows {
		key := r.ID
		if key == "" {
			key = fmt.Sprintf("line-%d", r.Line)
		}
		rs[i] = store.ImportedResponse{Line: r.Line, Key: ex.Tool + ":" + key, Email: r.Email, SubmittedAt: r.SubmittedAt, Complete: r.Complete, Answers: map[int][]string{}}
		for p, a := range r.Answers {
			q := sv.Questions[p]
			if q.Type == crm.QuestionMulti {
				rs[i].Answers[q.Position] = ingest.SplitMulti(a)
			} else {
				rs[i].Answers[q.Position] = []string{a}
			}
		}
	}
	sum, err := st.ImportSurveyResponses(op, sv.ID, rs)
	if err != nil {
		return crm.Errorf(crm.ErrorCode(err), "%s: %v", path, err)
	}
	if asJSON {
		return json.NewEncoder(e.stdout).Encode(map[string]any{"survey_id": sv.ID, "tool": ex.Tool, "imported": sum.Imported, "already": sum.Already,
			"matched": sum.Matched, "accounts": sum.Accounts})
	}
	fmt.Fprintf(e.stdout, "%s (%s): %d responses into survey %d %q; %d from contacts of %d accounts; %d imported before\n",
		path, ex.Tool, sum.Imported, sv.ID, sv.Name, sum.Matched, sum.Accounts, sum.Already)
	return nil
}

// surveyOfExport makes a survey of an export's questions, each of the
// kind its answers show (ingest.SurveyAnswerKind), in the language of its
// questions.
func surveyOfExport(ex ingest.SurveyExport, file string) crm.Survey {
	sv := crm.Survey{Name: "Imported from " + ex.Tool + ": " + file, Language: sentiment.Default().DetectLang(strings.Join(ex.Questions, " "))}
	for i, heading := range ex.Questions {
		col := make([]string, len(ex.Rows))
		for j, r := range ex.Rows {
			col[j] = r.Answers[i]
		}
		q := crm.Question{Position: i + 1, Type: ingest.SurveyAnswerKind(heading, col), Text: heading}
		if q.Type == crm.QuestionChoice || q.Type == crm.QuestionMulti {
			for _, a := range col {
				parts := []string{a}
				if q.Type == crm.QuestionMulti {
					parts = ingest.SplitMulti(a)
				}
				for _, p := range parts {
					if p != "" && !slices.Contains(q.Options, p) && len(q.Options) < crm.MaxOptions {
						q.Options = append(q.Options, p)
					}
				}
			}
		}
		if len(q.Options) < 2 && (q.Type == crm.QuestionChoice || q.Type == crm.QuestionMulti) {
			q.Type, q.Options = crm.QuestionText, nil // one answer given: nothing to choose from
		}
		sv.Questions = append(sv.Questions, q)
	}
	return sv
}
