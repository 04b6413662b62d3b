package sentiment_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// TestModelLabelsAgreeWithCompound: whatever the model changes, the label
// is still the compound cut at ±Threshold and the intensity is never below
// |compound|, on every B2B text (the model applies to most of them).
func TestModelLabelsAgreeWithCompound(t *testing.T) {
	for _, c := range []struct{ file, lang string }{
		{"b2b_en_dev.tsv", sentiment.English}, {"b2b_de_dev.tsv", sentiment.German},
		{"b2b_en_train.tsv", sentiment.English}, {"b2b_de_train.tsv", sentiment.German},
	} {
		for _, it := range b2bSet(t, c.file) {
			for _, src := range []sentiment.Source{sentiment.Social, sentiment.Business} {
				r := sentiment.ScoreSource(it.text, c.lang, src)
				if class(r.Compound) != r.Label || r.Compound < -1 || r.Compound > 1 || r.Intensity < math.Abs(r.Compound)-1e-12 {
					t.Errorf("%s:%d (%s): %s %+.4f intensity %.4f: %s", c.file, it.line, src, r.Label, r.Compound, r.Intensity, it.text)
				}
			}
		}
	}
}

// TestModelOnlyOnBusinessText: an English text with no word of business
// text is scored by the rules alone; a German one always by the model too.
func TestModelOnlyOnBusinessText(t *testing.T) {
	for _, s := range []string{
		"What a lovely day at the beach with the kids!",
		"Ugh, Monday again. Coffee, please.",
		"I can't believe how bad that movie was.",
	} {
		if got, want := sentiment.ScoreLang(s, sentiment.English), rulesOnly.ScoreLang(s, sentiment.English); got != want {
			t.Errorf("%q: %+v with the model, %+v by the rules", s, got, want)
		}
	}
	// The model reads the facts: a quantity short of the one ordered
	// without a feeling word is a complaint.
	for _, c := range []struct{ text, lang string }{
		{"We ordered 40 drums and 25 arrived.", sentiment.English},
		{"Bestellt waren 40 Fässer, gekommen sind 25.", sentiment.German},
	} {
		if r := sentiment.ScoreLang(c.text, c.lang); r.Label != sentiment.Negative || r.Intent != sentiment.Complaint {
			t.Errorf("%q: %s %s, want negative complaint", c.text, r.Label, r.Intent)
		}
	}
}

// TestSources: where a text comes from decides how the model may read it.
// German texts are read by the model alike from either source; an English
// text without a word of business text only as business text; the VADER
// tweets keep their score as social text.
func TestSources(t *testing.T) {
	for _, c := range []struct {
		in   string
		want sentiment.Source
		ok   bool
	}{{"", sentiment.Social, true}, {"social", sentiment.Social, true}, {"business", sentiment.Business, true}, {"Business", 0, false}, {"tweets", 0, false}} {
		got, err := sentiment.ParseSource(c.in)
		if (err == nil) != c.ok || c.ok && got != c.want {
			t.Errorf("ParseSource(%q) = %v, %v", c.in, got, err)
		}
	}
	for platform, want := range map[string]sentiment.Source{
		"email": sentiment.Business, "zendesk": sentiment.Business, "survey": sentiment.Business, "linkedin": sentiment.Business,
		"x": sentiment.Social, "instagram": sentiment.Social, "trustpilot": sentiment.Social, "": sentiment.Social,
	} {
		if got := sentiment.PlatformSource(platform); got != want {
			t.Errorf("PlatformSource(%q) = %s, want %s", platform, got, want)
		}
	}
	for _, it := range b2bSet(t, "b2b_de_dev.tsv") {
		if s, b := sentiment.ScoreLang(it.text, sentiment.German), sentiment.ScoreSource(it.text, sentiment.German, sentiment.Business); s != b {
			t.Errorf("b2b_de_dev.tsv:%d: social %+v, business %+v", it.line, s, b)
		}
	}
	changed := 0
	for _, it := range b2bSet(t, "b2b_en_dev.tsv") {
		if sentiment.ScoreLang(it.text, sentiment.English) != sentiment.ScoreSource(it.text, sentiment.English, sentiment.Business) {
			changed++
		}
	}
	if changed == 0 {
		t.Error("business text is scored exactly as social text in every English dev text")
	}
}

// TestModelNoAllocs: scoring with the model allocates nothing.
func TestModelNoAllocs(t *testing.T) {
	a := sentiment.Default()
	for _, c := range []struct{ text, lang string }{
		{"Your invoice charges 40 hours, the technician was here for 9. Please correct it.", sentiment.English},
		{"Die Lieferung vom Montag ist immer noch nicht da, obwohl sie zugesagt war.", sentiment.German},
		{"Great service, thanks!", sentiment.Auto},
	} {
		a.ScoreLang(c.text, c.lang)
		if n := testing.AllocsPerRun(200, func() { a.ScoreLang(c.text, c.lang) }); n != 0 {
			t.Errorf("%q: %.1f allocations per text", c.text, n)
		}
		if n := testing.AllocsPerRun(200, func() { a.ScoreSource(c.text, c.lang, sentiment.Business) }); n != 0 {
			t.Errorf("%q as business text: %.1f allocations per text", c.text, n)
		}
	}
}

// TestTrainDeterministic: training is deterministic, its file loads, and
// the model it makes learns a tiny set.
func TestTrainDeterministic(t *testing.T) {
	var exs []sentiment.Example
	for range 5 {
		exs = append(exs,
			sentiment.Example{Text: "The pallets arrived broken.", Lang: sentiment.English, Label: sentiment.Negative, Intent: sentiment.Complaint},
			sentiment.Example{Text: "The pallets arrived on time.", Lang: sentiment.English, Label: sentiment.Positive, Intent: sentiment.Praise},
			sentiment.Example{Text: "When do the pallets arrive?", Lang: sentiment.English, Label: sentiment.Neutral, Intent: sentiment.Question},
			sentiment.Example{Text: "Die Paletten kamen kaputt an.", Lang: sentiment.German, Label: sentiment.Negative},
		)
	}
	a := sentiment.NewRules()
	o := sentiment.DefaultTrainOptions
	o.MinCount, o.Kappa = 1, 1
	w1, err := a.Train(exs, o)
	if err != nil {
		t.Fatal(err)
	}
	w2, err := a.Train(exs, o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w1, w2) {
		t.Fatal("two runs on the same data gave different weights")
	}
	m, err := sentiment.NewWithModel(w1)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range exs[:4] {
		r := m.ScoreLang(e.Text, e.Lang)
		if r.Label != e.Label || e.Intent != "" && r.Intent != e.Intent {
			t.Errorf("%q: %s %s, want %s %s", e.Text, r.Label, r.Intent, e.Label, e.Intent)
		}
	}
	if _, err := sentiment.NewWithModel(w1[:len(w1)/2]); err == nil {
		t.Error("a truncated weights file loaded")
	}
	if _, err := a.Train([]sentiment.Example{{Text: "x", Lang: sentiment.English, Label: "bad"}}, o); err == nil {
		t.Error("a bad label was accepted")
	}
}
