package crm

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Surveys that customers answer: at most MaxQuestions questions of the
// kinds below, each answered by position (1-based).

// MaxQuestions is the most questions a survey may have: the essays ask
// for "no more than 10"; their own sample has twelve.
const MaxQuestions = 12

// Question types.
const (
	QuestionNPS    = "nps"    // 0–10: how likely to recommend
	QuestionRating = "rating" // 1–5: how satisfied (CSAT)
	QuestionChoice = "choice" // one of the options
	QuestionMulti  = "multi"  // any of the options
	QuestionYesNo  = "yesno"  // yes or no
	QuestionText   = "text"   // free text
)

// QuestionTypes lists the types in the order of the documentation.
var QuestionTypes = []string{QuestionNPS, QuestionRating, QuestionChoice, QuestionMulti, QuestionYesNo, QuestionText}

// Limits of a survey's parts.
const (
	MaxQuestionText = 500  // characters of a question
	MaxOptions      = 20   // options of a choice
	MaxOptionText   = 200  // characters of an option
	MaxAnswerText   = 4000 // characters of a free-text answer
)

// Survey templates.
const (
	TemplateNPS         = "nps"
	TemplateCSAT        = "csat"
	TemplatePostProject = "post-project"
)

// Templates lists the templates.
var Templates = []string{TemplateNPS, TemplateCSAT, TemplatePostProject}

// Survey is a survey definition.
type Survey struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Language  string     `json:"language"` // en or de: the language of its questions and pages
	Slug      string     `json:"slug"`     // of the open link, /s/open/{slug}
	Template  string     `json:"template,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	Questions []Question `json:"questions"`
}

// Question is one question of a survey.
type Question struct {
	Position int      `json:"position"`
	Type     string   `json:"type"`
	Text     string   `json:"text"`
	Options  []string `json:"options"`
	Required bool     `json:"required"`
}

// NPSPosition is the position of the survey's first NPS question, 0 when
// it has none.
func (s Survey) NPSPosition() int {
	for _, q := range s.Questions {
		if q.Type == QuestionNPS {
			return q.Position
		}
	}
	return 0
}

// RatingPosition is the position of s's first rating (CSAT) question; 0
// when it has none.
func (s Survey) RatingPosition() int {
	for _, q := range s.Questions {
		if q.Type == QuestionRating {
			return q.Position
		}
	}
	return 0
}

// CheckSurvey validates s and numbers its questions 1…n: a name, a
// language, 1 to MaxQuestions questions of known types, choices with
// options. The error is EINVALID and names the question.
func CheckSurvey(s *Survey) error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return Errorf(EINVALID, "name: give the survey a name")
	}
	if err := CheckName(s.Name); err != nil {
		return Errorf(EINVALID, "name: %v", err)
	}
	if s.Language != "en" && s.Language != "de" {
		return Errorf(EINVALID, "language: want en or de, got %q", s.Language)
	}
	switch n := len(s.Questions); {
	case n == 0:
		return Errorf(EINVALID, "questions: a survey needs at least one question")
	case n > MaxQuestions:
		return Errorf(EINVALID, "question %d: a survey has at most %d questions; keep them few and simple", MaxQuestions+1, MaxQuestions)
	}
	for i := range s.Questions {
		q := &s.Questions[i]
		q.Position = i + 1
		q.Text = strings.TrimSpace(q.Text)
		if !slices.Contains(QuestionTypes, q.Type) {
			return Errorf(EINVALID, "question %d: type: want one of %s, got %q", q.Position, strings.Join(QuestionTypes, ", "), q.Type)
		}
		if q.Text == "" || utf8.RuneCountInString(q.Text) > MaxQuestionText {
			return Errorf(EINVALID, "question %d: text: ask something in at most %d characters", q.Position, MaxQuestionText)
		}
		if err := checkChars(q.Text); err != nil {
			return Errorf(EINVALID, "question %d: text: %v", q.Position, err)
		}
		choice := q.Type == QuestionChoice || q.Type == QuestionMulti
		if !choice {
			q.Options = nil // their answers are fixed: options given are not used
		}
		switch {
		case choice && len(q.Options) < 2:
			return Errorf(EINVALID, "question %d: options: a choice needs at least two options", q.Position)
		case len(q.Options) > MaxOptions:
			return Errorf(EINVALID, "question %d: options: at most %d", q.Position, MaxOptions)
		}
		seen := map[string]bool{}
		for j, o := range q.Options {
			o = strings.TrimSpace(o)
			if o == "" || utf8.RuneCountInString(o) > MaxOptionText || checkChars(o) != nil {
				return Errorf(EINVALID, "question %d: option %d: write it in at most %d characters", q.Position, j+1, MaxOptionText)
			}
			if seen[o] {
				return Errorf(EINVALID, "question %d: option %q is there twice", q.Position, o)
			}
			seen[o] = true
			q.Options[j] = o
		}
		if q.Options == nil {
			q.Options = []string{}
		}
	}
	return nil
}

// CheckAnswers validates the answers to s's questions (form values by
// position, empty ones left out) and returns them as stored: a number for
// nps and rating, yes or no, an option, a JSON array of options for
// multi, text. With finish, every required question must be answered. The
// error is EINVALID and names the question.
func CheckAnswers(s Survey, in map[int][]string, finish bool) (map[int]string, error) {
	out := map[int]string{}
	for p := range in {
		if p < 1 || p > len(s.Questions) {
			return nil, Errorf(EINVALID, "q%d: the survey has no such question", p)
		}
	}
	for _, q := range s.Questions {
		var vals []string
		for _, v := range in[q.Position] {
			if v = strings.TrimSpace(v); v != "" {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			if finish && q.Required {
				return nil, Errorf(EINVALID, "q%d: please answer this question", q.Position)
			}
			continue
		}
		if q.Type == QuestionMulti && len(vals) == 1 && !slices.Contains(q.Options, vals[0]) {
			vals = strings.Split(vals[0], ",") // one field, "a,b"
			for i := range vals {
				vals[i] = strings.TrimSpace(vals[i])
			}
		}
		if q.Type != QuestionMulti && len(vals) > 1 {
			return nil, Errorf(EINVALID, "q%d: give one answer", q.Position)
		}
		v := vals[0]
		switch q.Type {
		case QuestionNPS, QuestionRating:
			lo, hi := 0, 10
			if q.Type == QuestionRating {
				lo, hi = 1, 5
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < lo || n > hi {
				return nil, Errorf(EINVALID, "q%d: want a whole number from %d to %d, got %q", q.Position, lo, hi, v)
			}
			out[q.Position] = strconv.Itoa(n)
		case QuestionYesNo:
			switch strings.ToLower(v) {
			case "yes", "y", "true", "1", "ja", "j":
				out[q.Position] = "yes"
			case "no", "n", "false", "0", "nein":
				out[q.Position] = "no"
			default:
				return nil, Errorf(EINVALID, "q%d: want yes or no, got %q", q.Position, v)
			}
		case QuestionChoice:
			o, ok := option(q.Options, v)
			if !ok {
				return nil, Errorf(EINVALID, "q%d: %q is not one of the options", q.Position, v)
			}
			out[q.Position] = o
		case QuestionMulti:
			var picked []string
			for _, v := range vals {
				o, ok := option(q.Options, v)
				if !ok {
					return nil, Errorf(EINVALID, "q%d: %q is not one of the options", q.Position, v)
				}
				if !slices.Contains(picked, o) {
					picked = append(picked, o)
				}
			}
			b, _ := json.Marshal(picked)
			out[q.Position] = string(b)
		case QuestionText:
			if utf8.RuneCountInString(v) > MaxAnswerText {
				return nil, Errorf(EINVALID, "q%d: at most %d characters", q.Position, MaxAnswerText)
			}
			if err := checkChars(v); err != nil {
				return nil, Errorf(EINVALID, "q%d: %v", q.Position, err)
			}
			out[q.Position] = v
		}
	}
	return out, nil
}

// option returns the option of options that v is, in any case.
func option(options []string, v string) (string, bool) {
	for _, o := range options {
		if strings.EqualFold(o, v) {
			return o, true
		}
	}
	return "", false
}

// NPS bands of a 0–10 score.
const (
	Promoter  = "promoter"  // 9–10
	Passive   = "passive"   // 7–8
	Detractor = "detractor" // 0–6
)

// NPSBand is the band of score (0–10).
func NPSBand(score int) string {
	switch {
	case score >= 9:
		return Promoter
	case score >= 7:
		return Passive
	}
	return Detractor
}

// SurveyTemplate returns the survey of template (TemplateNPS, …) in
// language (en, de), named name; EINVALID for an unknown template.
func SurveyTemplate(template, language, name string) (Survey, error) {
	texts, ok := templates[template]
	if !ok {
		return Survey{}, Errorf(EINVALID, "--template: want one of %s, got %q", strings.Join(Templates, ", "), template)
	}
	de := language == "de"
	s := Survey{Name: name, Language: language, Template: template}
	for _, t := range texts {
		q := Question{Type: t.typ, Text: t.en, Options: slices.Clone(t.optEN), Required: t.required}
		if de {
			q.Text, q.Options = t.de, slices.Clone(t.optDE)
		}
		s.Questions = append(s.Questions, q)
	}
	return s, nil
}

type templateQuestion struct {
	typ          string
	en, de       string
	optEN, optDE []string
	required     bool
}

// recommend is the NPS question, as the method has it.
var recommend = templateQuestion{typ: QuestionNPS, required: true,
	en: "How likely is it that you would recommend us to a friend or colleague?",
	de: "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?"}

var templates = map[string][]templateQuestion{
	TemplateNPS: {
		recommend,
		{typ: QuestionText, en: "What is the main reason for your score?", de: "Was ist der wichtigste Grund für Ihre Bewertung?"},
	},
	TemplateCSAT: {
		{typ: QuestionRating, required: true, en: "How satisfied are you with how we handled your request?",
			de: "Wie zufrieden sind Sie damit, wie wir Ihr Anliegen bearbeitet haben?"},
		{typ: QuestionText, en: "What could we have done better?", de: "Was hätten wir besser machen können?"},
	},
	// The essays' twelve questions after a project, in our own words,
	// ending with whether they would recommend us.
	TemplatePostProject: {
		{typ: QuestionRating, en: "How satisfied are you with the result of the project?",
			de: "Wie zufrieden sind Sie mit dem Ergebnis des Projekts?"},
		{typ: QuestionYesNo, en: "Did we understand from the start what you needed?",
			de: "Haben wir von Anfang an verstanden, was Sie brauchten?"},
		{typ: QuestionRating, en: "How well did we keep you informed while the project ran?",
			de: "Wie gut haben wir Sie während des Projekts auf dem Laufenden gehalten?"},
		{typ: QuestionChoice, en: "Did we deliver on time?", de: "Haben wir pünktlich geliefert?",
			optEN: []string{"Earlier than agreed", "On time", "A little late", "Much too late"},
			optDE: []string{"Früher als vereinbart", "Pünktlich", "Etwas zu spät", "Viel zu spät"}},
		{typ: QuestionRating, en: "How satisfied are you with what you got for the price?",
			de: "Wie zufrieden sind Sie mit dem, was Sie für den Preis bekommen haben?"},
		{typ: QuestionRating, en: "How easy was it to work with our team?", de: "Wie einfach war die Zusammenarbeit mit unserem Team?"},
		{typ: QuestionYesNo, en: "Did you get answers to your questions quickly?", de: "Haben Sie auf Ihre Fragen schnell Antworten bekommen?"},
		{typ: QuestionMulti, en: "What mattered most to you?", de: "Was war Ihnen am wichtigsten?",
			optEN: []string{"Advice", "Quality of the work", "Speed", "Communication", "Price", "Support afterwards"},
			optDE: []string{"Beratung", "Qualität der Arbeit", "Schnelligkeit", "Kommunikation", "Preis", "Betreuung danach"}},
		{typ: QuestionText, en: "What could we have done better?", de: "Was hätten wir besser machen können?"},
		{typ: QuestionYesNo, en: "Would you work with us again?", de: "Würden Sie wieder mit uns zusammenarbeiten?"},
		{typ: QuestionText, en: "Is there anything else you would like to tell us?", de: "Möchten Sie uns sonst noch etwas sagen?"},
		recommend,
	},
}

// ParseQuestions reads questions written one a line, as the survey
// builder's form takes them: "TYPE: TEXT", options after the text split
// by "|" ("choice: Which? | Phone | Mail"), a "*" after the type for a
// required question ("nps*: How likely …?"). Empty lines are skipped. The
// error is EINVALID and names the line.
func ParseQuestions(text string) ([]Question, error) {
	var out []Question
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		typ, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, Errorf(EINVALID, "line %d: write TYPE: QUESTION, like nps: How likely …?", n+1)
		}
		typ = strings.ToLower(strings.TrimSpace(typ))
		q := Question{Type: strings.TrimSuffix(typ, "*"), Required: strings.HasSuffix(typ, "*")}
		parts := strings.Split(rest, "|")
		q.Text = strings.TrimSpace(parts[0])
		for _, o := range parts[1:] {
			q.Options = append(q.Options, strings.TrimSpace(o))
		}
		if !slices.Contains(QuestionTypes, q.Type) {
			return nil, Errorf(EINVALID, "line %d: type: want one of %s, got %q", n+1, strings.Join(QuestionTypes, ", "), q.Type)
		}
		out = append(out, q)
	}
	return out, nil
}
