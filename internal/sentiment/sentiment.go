// Package sentiment scores short customer texts (mentions, reviews,
// support messages) in English and German: a compound score in [−1, 1], a
// label, the language and an intensity ("passion").
//
// It is one rule engine in the manner of VADER (Hutto & Gilbert 2014) with a
// lexicon per language: word valences on VADER's −4…+4 scale, boosters and
// dampeners, negation, a contrast rule ("but", "aber", "jedoch"), capitals,
// exclamation marks, emoticons and emoji. English uses VADER's MIT-licensed
// lexicon; the German lexicon is our own (lexicon/de). B2B rules (b2b.go)
// read complaints without feeling words, and a small model trained in Go
// on our labelled sets (model.go) may change the label and the intent of
// German texts and English business text. How scores are computed and how
// well they agree with people is in docs/sentiment.md.
//
// The package is pure: no I/O beyond its embedded lexicons, and an Analyzer
// is safe for concurrent use.
package sentiment

import (
	"math"
	"sync"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Languages the engine knows, as ISO 639-1 codes.
const (
	English = "en"
	German  = "de"
	// Auto asks ScoreLang to detect the language.
	Auto = "auto"
)

// Source is where a text comes from; it decides how far the model may
// change the rules' score (docs/sentiment.md, "Business text").
type Source int

const (
	// Social texts are posts and reviews: in English the model changes
	// only business-like texts and only the rules' weaker scores, so the
	// compound stays VADER's (the VADER tweets keep r ≥ 0.87).
	Social Source = iota
	// Business texts are what customers write to the business: tickets,
	// e-mails, chat, survey answers. The model reads every one, in both
	// languages, with its own gate.
	Business
)

// ParseSource checks a source option: "social" (or empty) or "business".
func ParseSource(s string) (Source, error) {
	switch s {
	case "", "social":
		return Social, nil
	case "business":
		return Business, nil
	}
	return Social, crm.Errorf(crm.EINVALID, "source %q: want social or business", s)
}

// PlatformSource is the source of a mention's text from platform (as
// crm.NormalizePlatform returns it): Business for tickets, e-mail, chat,
// forms, survey answers and LinkedIn (crm.IsBusinessPlatform), Social for
// other posts and reviews.
func PlatformSource(platform string) Source {
	if crm.IsBusinessPlatform(platform) {
		return Business
	}
	return Social
}

// String is the source's name as ParseSource reads it.
func (s Source) String() string {
	if s == Business {
		return "business"
	}
	return "social"
}

// Labels of a Result.
const (
	Positive = "positive"
	Negative = "negative"
	Neutral  = "neutral"
)

// Threshold is the compound score from which a text is labelled positive
// (≥ Threshold) or negative (≤ −Threshold); VADER's recommended cut.
const Threshold = 0.05

// Result is the sentiment of one text. The field order is the order of the
// JSON object the CLI writes.
type Result struct {
	// Compound is the normalised sum of the word valences, in [−1, 1].
	Compound float64 `json:"compound"`
	// Label is Positive, Negative or Neutral, cut from Compound at ±Threshold.
	Label string `json:"label"`
	// Lang is English or German: detected, or the one asked for.
	Lang string `json:"lang"`
	// Intensity is how strongly the text feels, in [0, 1), whatever the
	// direction: the absolute word valences (after boosters and capitals)
	// plus exclamation and question marks and shouted words, normalised like
	// Compound. Mixed texts are intense but may have a compound near zero.
	Intensity float64 `json:"intensity"`
	// Intent is what the writer wants: Complaint, Question, Request, Praise
	// or Other (b2b.go).
	Intent string `json:"intent"`
}

// Analyzer scores texts. Build one with New or use Default; it is safe for
// concurrent use and holds no per-text state.
type Analyzer struct {
	langs [numLangs]*language
	// emoji maps a single code point to its valence.
	emoji map[rune]float32
	// model is the B2B model (model.go); nil scores with the rules alone.
	model *model
	pool  sync.Pool
}

var (
	defaultOnce sync.Once
	defaultA    *Analyzer
)

// Default returns the shared analyzer with the built-in lexicons, built on
// first use (a few milliseconds).
func Default() *Analyzer {
	defaultOnce.Do(func() { defaultA = New() })
	return defaultA
}

// Score scores text with the default analyzer, detecting its language.
func Score(text string) Result { return Default().Score(text) }

// ScoreLang scores text with the default analyzer in the given language.
func ScoreLang(text, lang string) Result { return Default().ScoreLang(text, lang) }

// ScoreSource scores text from src with the default analyzer in the given
// language.
func ScoreSource(text, lang string, src Source) Result {
	return Default().ScoreSource(text, lang, src)
}

// New builds an analyzer from the embedded lexicons. It panics only if the
// embedded data is malformed, which the package tests rule out.
func New() *Analyzer { return build(true) }

// NewRules builds an analyzer that scores with the rules alone, without the
// model: what the model reads, and the "before" of docs/sentiment.md.
func NewRules() *Analyzer { return build(false) }

func build(withModel bool) *Analyzer {
	a := &Analyzer{}
	vader := readVADER()
	a.langs[langEN] = buildEnglish(vader)
	a.langs[langDE] = buildGerman(vader)
	a.langs[langEN].attachB2B(newB2B(englishB2B, false))
	a.langs[langDE].attachB2B(newB2B(germanB2B, true))
	a.emoji = a.buildEmoji()
	a.pool.New = func() any { return new(state) }
	if withModel {
		m, err := readModel(modelData)
		if err != nil {
			panic(err)
		}
		if len(m.slots) > 1 {
			a.model = m
		}
	}
	return a
}

// ParseLang checks a language option: "auto" (or empty), "en" or "de".
func ParseLang(s string) (string, error) {
	switch s {
	case "", Auto:
		return Auto, nil
	case English, German:
		return s, nil
	}
	return "", crm.Errorf(crm.EINVALID, "language %q: want auto, en or de", s)
}

// Score scores text, detecting its language.
func (a *Analyzer) Score(text string) Result { return a.ScoreLang(text, Auto) }

// ScoreLang scores a social text in lang: English, German, or Auto to
// detect it. Any other value is treated as Auto; validate user input with
// ParseLang.
func (a *Analyzer) ScoreLang(text, lang string) Result { return a.ScoreSource(text, lang, Social) }

// ScoreSource scores text from src in lang (as ScoreLang).
func (a *Analyzer) ScoreSource(text, lang string, src Source) Result {
	st := a.pool.Get().(*state)
	r, li := a.rules(st, text, lang)
	a.applyModel(st, li, &r, src)
	a.pool.Put(st)
	return r
}

// rules scores text with the rules alone, leaving what they found in st.
func (a *Analyzer) rules(st *state, text, lang string) (Result, int) {
	st.tokenize(a, text)
	li := langEN
	switch lang {
	case German:
		li = langDE
	case English:
	default:
		li = st.detect()
	}
	sum, passion := st.score(a.langs[li], li)
	c := normalize(sum)
	r := Result{Compound: c, Lang: a.langs[li].code, Intensity: normalize(passion)}
	switch {
	case c >= Threshold:
		r.Label = Positive
	case c <= -Threshold:
		r.Label = Negative
	default:
		r.Label = Neutral
	}
	r.Intent = st.intent(r.Label)
	return r, li
}

// DetectLang returns English or German for text, as ScoreLang(text, Auto)
// would decide.
func (a *Analyzer) DetectLang(text string) string {
	st := a.pool.Get().(*state)
	st.tokenize(a, text)
	li := st.detect()
	a.pool.Put(st)
	return a.langs[li].code
}

// normalize maps a valence sum onto [−1, 1] as VADER does: x/√(x²+15).
func normalize(x float64) float64 {
	n := x / math.Sqrt(x*x+alpha)
	return math.Max(-1, math.Min(1, n))
}
