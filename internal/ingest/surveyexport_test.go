package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/ingest"
)

// TestParseSurveyExport: each tool's export (testdata/surveys, written in
// the tools' layouts, see testdata/README.md) gives its questions, and per
// response the e-mail, the day, whether it was finished and the answers.
func TestParseSurveyExport(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct {
		file      string
		tool      string
		questions []string
		rows      []ingest.SurveyExportRow
	}{
		{"typeform.csv", "typeform", []string{"How likely is it that you would recommend Kestrel Industrial to a friend or colleague?",
			"What is the main reason for your score?", "Which of our services matters most to you?"}, []ingest.SurveyExportRow{
			{Line: 2, ID: "k3r7xq2m9vz1a8b4k3r7xq2m9vz1a8b4", Email: "anna.berg@alder.example", SubmittedAt: day("2026-11-02"), Complete: true,
				Answers: []string{"9", "Fast deliveries, good people", "Delivery"}},
			{Line: 3, ID: "p0d9wl4n2c7e5h6jp0d9wl4n2c7e5h6j", Email: "tom@birch.example", SubmittedAt: day("2026-11-03"), Complete: true,
				Answers: []string{"3", "The second delivery arrived incomplete, again.", "Installation"}},
			{Line: 4, ID: "z8y7x6w5v4u3t2s1z8y7x6w5v4u3t2s1", SubmittedAt: day("2026-11-04"), Complete: false, Answers: []string{"7", "", ""}},
		}},
		{"surveymonkey.csv", "surveymonkey", []string{"How likely is it that you would recommend us to a friend or colleague?",
			"Which of our services did you use this year?", "How satisfied were you with the project overall?", "Anything else you want us to know?"}, []ingest.SurveyExportRow{
			{Line: 3, ID: "114203985521", Email: "anna.berg@alder.example", SubmittedAt: day("2026-11-02"), Complete: true,
				Answers: []string{"10", "Delivery; Training", "5", "Keep it up."}},
			{Line: 4, ID: "114203985530", Email: "tom@birch.example", SubmittedAt: day("2026-11-14"), Complete: true,
				Answers: []string{"6", "Delivery; Installation", "2", "Installer came a day late, twice."}},
		}},
		{"googleforms_de.csv", "googleforms", []string{"Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?",
			"Welche Leistungen haben Sie genutzt?", "Waren Sie mit der Projektleitung zufrieden?", "Was sollen wir besser machen?"}, []ingest.SurveyExportRow{
			{Line: 2, Email: "einkauf@alder.example", SubmittedAt: day("2026-11-03"), Complete: true, Answers: []string{"10", "Lieferung, Montage", "Ja", ""}},
			{Line: 3, Email: "tom@birch.example", SubmittedAt: day("2026-11-14"), Complete: true, Answers: []string{"4", "Lieferung", "Nein", "Die Rechnung kam dreimal falsch."}},
			{Line: 4, Email: "lager@cedar.example", SubmittedAt: day("2026-11-15"), Complete: true, Answers: []string{"8", "Lieferung, Schulung", "Ja", "Schnellere Rückmeldung bei Fragen."}},
		}},
		{"limesurvey.csv", "limesurvey", []string{"NPS", "Reason", "Project[SQ001]"}, []ingest.SurveyExportRow{
			{Line: 2, ID: "1", Email: "anna.berg@alder.example", SubmittedAt: day("2026-11-02"), Complete: true, Answers: []string{"9", "Fast deliveries", "5"}},
			{Line: 3, ID: "2", Email: "tom@birch.example", Complete: false, Answers: []string{"2", "", ""}},
		}},
	} {
		t.Run(c.tool, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "surveys", c.file))
			if err != nil {
				t.Fatal(err)
			}
			ex, err := ingest.ParseSurveyExport(data)
			if err != nil {
				t.Fatal(err)
			}
			if ex.Tool != c.tool || strings.Join(ex.Questions, "|") != strings.Join(c.questions, "|") {
				t.Errorf("%s: tool %s, questions %q", c.file, ex.Tool, ex.Questions)
			}
			if len(ex.Rows) != len(c.rows) {
				t.Fatalf("%s: %d rows, want %d: %+v", c.file, len(ex.Rows), len(c.rows), ex.Rows)
			}
			for i, want := range c.rows {
				got := ex.Rows[i]
				if got.Line != want.Line || got.ID != want.ID || got.Email != want.Email || !got.SubmittedAt.Equal(want.SubmittedAt) ||
					got.Complete != want.Complete || strings.Join(got.Answers, "|") != strings.Join(want.Answers, "|") {
					t.Errorf("%s row %d:\n got %+v\nwant %+v", c.file, i, got, want)
				}
			}
		})
	}
}

// TestSurveyExportRefused: files that are no survey export say why.
func TestSurveyExportRefused(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"empty", "", "empty"},
		{"no questions", "Timestamp,Email Address\n2026-11-02,a@b.example\n", "no question columns"},
		{"no e-mail", "name,score\nAnna,9\n", "no e-mail column"},
		{"bad date", "Timestamp,Email Address,Q\nyesterday,a@b.example,1\n", "line 2: Timestamp"},
	} {
		if _, err := ingest.ParseSurveyExport([]byte(c.data)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// TestSurveyAnswerKind: the kind of a question guessed from its heading
// and answers.
func TestSurveyAnswerKind(t *testing.T) {
	for _, c := range []struct {
		heading string
		answers []string
		want    string
	}{
		{"How likely are you to recommend us?", []string{"9", "3", "10", ""}, "nps"},
		{"Wie wahrscheinlich würden Sie uns empfehlen?", []string{"4", "5"}, "nps"},
		{"Score 0-10", []string{"0", "7"}, "nps"},
		{"Satisfaction", []string{"1", "5", "4", "4"}, "rating"},
		{"Happy?", []string{"Yes", "no", "ja"}, "yesno"},
		{"Services", []string{"Lieferung, Montage", "Lieferung", "Lieferung, Schulung", "Montage"}, "multi"},
		{"Services", []string{"Delivery; Training", "Delivery; Installation"}, "multi"},
		{"Region", []string{"North", "South", "North", "North", "South", "West"}, "choice"},
		{"Reason", []string{"Fast, friendly and on time", "Too slow", "Invoices wrong, twice", "Great people"}, "text"},
		{"Nothing", []string{"", ""}, "text"},
	} {
		if got := ingest.SurveyAnswerKind(c.heading, c.answers); got != c.want {
			t.Errorf("%q %q: %s, want %s", c.heading, c.answers, got, c.want)
		}
	}
}
