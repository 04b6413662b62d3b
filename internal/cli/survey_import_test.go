package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestImportSurveyResponses: the exports of the survey tools
// (internal/ingest/testdata/surveys) come in as surveys of their own, their
// respondents matched to contacts by e-mail, once; into an existing survey
// by position, a wrong answer naming its file and line and writing
// nothing; and the NPS report counts them.
func TestImportSurveyResponses(t *testing.T) {
	db := testkit.SQLite(t)
	accounts := writeFile(t, "accounts.csv", "customer_id,name\nK1,Alder Maschinenbau AG\nK2,Birch Foods Ltd\n")
	contacts := writeFile(t, "contacts.csv", "customer_id,first name,last name,email\nK1,Anna,Berg,anna.berg@alder.example\nK2,Tom,Birch,tom@birch.example\n")
	for _, f := range []struct{ kind, file string }{{"accounts", accounts}, {"contacts", contacts}} {
		if _, stderr, code := vf(t, db, "import", f.kind, f.file); code != 0 {
			t.Fatalf("import %s: %s", f.kind, stderr)
		}
	}
	export := func(name string) string { return filepath.Join("..", "ingest", "testdata", "surveys", name) }
	type summary struct {
		SurveyID int64  `json:"survey_id"`
		Tool     string `json:"tool"`
		Imported int    `json:"imported"`
		Already  int    `json:"already"`
		Matched  int    `json:"matched"`
		Accounts int    `json:"accounts"`
	}
	run := func(args ...string) (summary, string, int) {
		t.Helper()
		out, stderr, code := vf(t, db, append([]string{"import", "survey-responses"}, append(args, "--json")...)...)
		var s summary
		if code == 0 {
			if err := json.Unmarshal([]byte(out), &s); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
		}
		return s, stderr, code
	}
	// Typeform: three responses (one partial), two of known contacts.
	tf, stderr, code := run(export("typeform.csv"))
	if code != 0 || tf.Tool != "typeform" || tf.Imported != 3 || tf.Matched != 2 || tf.Accounts != 2 || tf.Already != 0 {
		t.Fatalf("typeform: %+v %s", tf, stderr)
	}
	if again, _, code := run(export("typeform.csv"), "--survey", itoa(tf.SurveyID)); code != 0 || again.Imported != 0 || again.Already != 3 {
		t.Errorf("the same file again: %+v", again)
	}
	// The finished two: a promoter (9) and a detractor (3): NPS 0.
	out, stderr, code := vf(t, db, "report", "nps", "--survey", itoa(tf.SurveyID), "--json")
	var nps struct {
		Responses, Promoters, Detractors int
		NPS                              *float64 `json:"nps"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &nps) != nil || nps.Responses != 2 || nps.Promoters != 1 || nps.Detractors != 1 || nps.NPS == nil || *nps.NPS != 0 {
		t.Errorf("report nps: %s %s", out, stderr)
	}
	// SurveyMonkey (two header rows, a question with a box per option) and
	// Google Forms in German: surveys of their own.
	for _, f := range []struct {
		file, tool string
		imported   int
	}{{"surveymonkey.csv", "surveymonkey", 2}, {"googleforms_de.csv", "googleforms", 3}} {
		s, stderr, code := run(export(f.file))
		if code != 0 || s.Tool != f.tool || s.Imported != f.imported || s.SurveyID == tf.SurveyID {
			t.Errorf("%s: %+v %s", f.file, s, stderr)
		}
	}
	// LimeSurvey into the Typeform survey: its third answer ("5") is no
	// option there; the import names the line and writes nothing.
	if _, stderr, code := run(export("limesurvey.csv"), "--survey", itoa(tf.SurveyID)); code == 0 || !strings.Contains(stderr, "limesurvey.csv") || !strings.Contains(stderr, "line 2") {
		t.Errorf("a wrong answer: exit %d %s", code, stderr)
	}
	if s, _, _ := run(export("typeform.csv"), "--survey", itoa(tf.SurveyID)); s.Already != 3 {
		t.Errorf("the refused import wrote something: %+v", s)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
