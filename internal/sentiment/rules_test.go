package sentiment_test

import (
	"math"
	"sync"
	"testing"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// TestLabels checks the label of short texts that exercise one rule each.
func TestLabels(t *testing.T) {
	modelWrong := 0
	for _, c := range []struct {
		text, lang, want string
	}{
		// English: lexicon, negation, "but", idioms, emoticons, emoji.
		{"The support was great.", "en", sentiment.Positive},
		{"The support was not great.", "en", sentiment.Negative},
		{"The support wasn't helpful at all.", "en", sentiment.Negative},
		{"Not bad at all.", "en", sentiment.Positive},
		{"The product is good, but the delivery was terrible.", "en", sentiment.Negative},
		{"The delivery was terrible, but the product is good.", "en", sentiment.Positive},
		{"Please send the invoice for order 4711.", "en", sentiment.Neutral},
		{"Invoice attached :)", "en", sentiment.Positive},
		{"Invoice attached :(", "en", sentiment.Negative},
		{"Parcel arrived 😡", "en", sentiment.Negative},
		{"Parcel arrived 👍", "en", sentiment.Positive},
		{"I have never seen such good service!", "en", sentiment.Positive},
		// German: lexicon and inflection.
		{"Der Service ist gut.", "de", sentiment.Positive},
		{"Ein zuverlässiger Partner.", "de", sentiment.Positive},
		{"Die zuverlässigsten Lieferanten.", "de", sentiment.Positive},
		{"Wir sind enttäuscht.", "de", sentiment.Negative},
		{"Eine enttäuschende Lieferung.", "de", sentiment.Negative},
		{"Das hat uns sehr enttäuscht.", "de", sentiment.Negative},
		{"Die Hotline hat mir geholfen.", "de", sentiment.Positive},
		{"Schon wieder eine Reklamation.", "de", sentiment.Negative},
		// German negation: before and after the word, kein, ohne, weder/noch.
		{"Der Service ist nicht gut.", "de", sentiment.Negative},
		{"Das gefällt mir nicht.", "de", sentiment.Negative},
		{"Das Produkt funktioniert nicht.", "de", sentiment.Negative},
		{"Kein Problem, gern geschehen.", "de", sentiment.Positive},
		{"Keine Probleme seit Jahren.", "de", sentiment.Positive},
		{"Ohne Probleme installiert.", "de", sentiment.Positive},
		{"Weder freundlich noch hilfsbereit.", "de", sentiment.Negative},
		{"Nicht schlecht!", "de", sentiment.Positive},
		{"Ich bin nicht mehr zufrieden.", "de", sentiment.Negative},
		{"Nicht nur schnell, sondern auch freundlich.", "de", sentiment.Positive},
		{"So gut war es noch nie.", "de", sentiment.Positive},
		{"So einen guten Service habe ich noch nie erlebt!", "de", sentiment.Positive},
		{"Noch nie so schnell geliefert bekommen!", "de", sentiment.Positive},
		// German contrast.
		{"Die Ware ist gut, aber der Support ist miserabel.", "de", sentiment.Negative},
		{"Der Support ist miserabel, aber die Ware ist gut.", "de", sentiment.Positive},
		{"Die Idee ist gut, die Umsetzung jedoch mangelhaft.", "de", sentiment.Negative},
		{"Etwas teuer, allerdings zuverlässig und schnell.", "de", sentiment.Positive},
		// German spellings, compounds, phrases, emoticons.
		{"Aerger ohne Ende mit der Rechnung.", "de", sentiment.Negative},
		{"Grosse Enttaeuschung.", "de", sentiment.Negative},
		{"Totales Lieferchaos seit Montag.", "de", sentiment.Negative},
		{"Die Mitarbeiterin war unhilfreich.", "de", sentiment.Negative},
		{"Megaschnelle Antwort.", "de", sentiment.Positive},
		{"Nie wieder!", "de", sentiment.Negative},
		{"Daumen hoch für das Team", "de", sentiment.Positive},
		{"Rechnung ist da :-)", "de", sentiment.Positive},
		{"Paket ist da 😍", "de", sentiment.Positive},
		{"Super 😊", "de", sentiment.Positive},
		{"Super Service!", "de", sentiment.Positive},
		{"Top Service", "de", sentiment.Positive},
		{"Bitte senden Sie uns die Rechnung als PDF.", "de", sentiment.Neutral},
		{"Die Ware ist aus Edelstahl.", "de", sentiment.Neutral},
		{"Bitte schicken Sie mir die Rechnung.", "de", sentiment.Neutral},
		{"Der Service ist nicht gut 😡", "de", sentiment.Negative},
		{"Not good 😡", "en", sentiment.Negative},
		{"", "de", sentiment.Neutral},
	} {
		// The rules alone must get every case right; with the model
		// (model.go), what it changes is counted below.
		r := rulesOnly.ScoreLang(c.text, c.lang)
		if r.Label != c.want {
			t.Errorf("%s %q: %s (%.3f), want %s", c.lang, c.text, r.Label, r.Compound, c.want)
		}
		if r.Lang != c.lang {
			t.Errorf("%q: lang %s, want %s", c.text, r.Lang, c.lang)
		}
		if m := sentiment.ScoreLang(c.text, c.lang); m.Label != c.want {
			modelWrong++
			t.Logf("with the model: %s %q: %s (%.3f), want %s", c.lang, c.text, m.Label, m.Compound, c.want)
		}
	}
	// The model turns two of these, a bad service before a good product:
	// "Der Support ist miserabel, aber die Ware ist gut." (since the third
	// round) and "The delivery was terrible, but the product is good."
	// (since the fourth; docs/sentiment.md).
	if modelWrong > 2 {
		t.Errorf("with the model %d cases wrong, want ≤ 2", modelWrong)
	}
}

// rulesOnly scores with the rules alone, without the model.
var rulesOnly = sentiment.NewRules()

// TestRulesMoveScores checks the direction of each rule against the same
// text without it.
func TestRulesMoveScores(t *testing.T) {
	c := func(text, lang string) float64 { return sentiment.ScoreLang(text, lang).Compound }
	in := func(text, lang string) float64 { return sentiment.ScoreLang(text, lang).Intensity }
	for _, r := range []struct {
		name          string
		lower, higher float64
	}{
		{"booster (en)", c("The service is good", "en"), c("The service is very good", "en")},
		{"dampener (en)", c("The service is slightly good", "en"), c("The service is good", "en")},
		{"booster (de)", c("Der Service ist gut", "de"), c("Der Service ist sehr gut", "de")},
		{"booster echt (de)", c("Der Service ist gut", "de"), c("Der Service ist echt gut", "de")},
		{"booster makes negatives more negative (de)", c("Der Service ist extrem schlecht", "de"), c("Der Service ist schlecht", "de")},
		{"dampener (de)", c("Der Service ist etwas gut", "de"), c("Der Service ist gut", "de")},
		{"super as booster (de)", c("Lieferung schnell", "de"), c("Lieferung super schnell", "de")},
		{"super- prefix (de)", c("Lieferung schnell", "de"), c("Lieferung superschnell", "de")},
		{"capitals (en)", c("the service is great", "en"), c("the service is GREAT", "en")},
		{"capitals (de)", c("der service ist toll", "de"), c("der service ist TOLL", "de")},
		{"exclamation (en)", c("The service is great", "en"), c("The service is great!!!", "en")},
		{"exclamation (de)", c("Der Service ist toll", "de"), c("Der Service ist toll!!", "de")},
		{"negation flips (en)", c("The service is not good", "en"), c("The service is good", "en")},
		{"negation flips (de)", c("Der Service ist nicht gut", "de"), c("Der Service ist gut", "de")},
		{"kein flips (de)", c("Das ist kein guter Service", "de"), c("Das ist ein guter Service", "de")},
		{"negating a negative (de)", c("Der Service ist schlecht", "de"), c("Der Service ist nicht schlecht", "de")},
		{"two emoji count more than one", c("Danke 😊", "de"), c("Danke 😊😊", "de")},
		{"a word before an emoji keeps its own valence", c("😊", "de"), c("Super 😊", "de")},
		{"an angry emoji lowers (de)", c("Lieferung ist da 😡", "de"), c("Lieferung ist da", "de")},
		{"intensity: capitals", in("the delivery was late and the service was bad", "en"), in("the delivery was LATE and the service was BAD", "en")},
		{"intensity: exclamation", in("Die Lieferung war schlecht.", "de"), in("Die Lieferung war schlecht!!!", "de")},
		{"intensity: booster", in("Die Lieferung war schlecht.", "de"), in("Die Lieferung war extrem schlecht.", "de")},
		{"intensity: strength", in("Die Lieferung war okay.", "de"), in("Die Lieferung war katastrophal.", "de")},
		{"intensity: shouting without sentiment words", in("wann kommt die lieferung", "de"), in("WANN KOMMT DIE LIEFERUNG", "de")},
	} {
		if !(r.lower < r.higher) {
			t.Errorf("%s: %.4f, want below %.4f", r.name, r.lower, r.higher)
		}
	}
	// "but" moves the weight to what follows it.
	plain := c("The food was good and the service was slow", "en")
	but := c("The food was good but the service was slow", "en")
	if !(but < plain) {
		t.Errorf("but: %.4f, want below %.4f (without but)", but, plain)
	}
	aber := c("Das Essen war gut, aber der Service war langsam", "de")
	und := c("Das Essen war gut und der Service war langsam", "de")
	if !(aber < und) {
		t.Errorf("aber: %.4f, want below %.4f (with und)", aber, und)
	}
	// Spellings: ä/ae, ß/ss, upper case give the same score.
	for _, p := range [][2]string{
		{"Ärger mit der Rechnung", "Aerger mit der Rechnung"},
		{"Großartiger Service", "Grossartiger Service"},
		{"Die Lieferung war überfällig", "Die Lieferung war ueberfaellig"},
		{"unverschämt", "Unverschämt"},
	} {
		a, b := c(p[0], "de"), c(p[1], "de")
		if a != b || a == 0 {
			t.Errorf("%q = %.4f, %q = %.4f: want equal and non-zero", p[0], a, p[1], b)
		}
	}
}

// TestRange checks that scores stay in range for extreme texts.
func TestRange(t *testing.T) {
	for _, s := range []string{
		"",
		"   \t\n",
		"!!!!!!!!!!!!!!",
		"GREAT GREAT GREAT GREAT GREAT GREAT GREAT GREAT GREAT GREAT!!!!!!",
		"terrible horrible awful disgusting worst ever :( :( :( 😡😡😡😡",
		"😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊",
		"\xff\xfe invalid utf-8 \xc3",
		"https://example.com/?q=1&x=2 @someone #hashtag",
	} {
		for _, lang := range []string{sentiment.English, sentiment.German, sentiment.Auto} {
			r := sentiment.ScoreLang(s, lang)
			if math.IsNaN(r.Compound) || r.Compound < -1 || r.Compound > 1 {
				t.Errorf("%q (%s): compound %v out of [-1, 1]", s, lang, r.Compound)
			}
			if math.IsNaN(r.Intensity) || r.Intensity < 0 || r.Intensity >= 1 {
				t.Errorf("%q (%s): intensity %v out of [0, 1)", s, lang, r.Intensity)
			}
			if r.Intensity+1e-12 < math.Abs(r.Compound) {
				t.Errorf("%q (%s): intensity %v below |compound| %v", s, lang, r.Intensity, r.Compound)
			}
		}
	}
	if r := sentiment.Score(""); r.Compound != 0 || r.Label != sentiment.Neutral || r.Intensity != 0 {
		t.Errorf("empty text: %+v, want zero and neutral", r)
	}
}

// TestDetectShortTexts checks language detection on short texts.
func TestDetectShortTexts(t *testing.T) {
	a := sentiment.Default()
	for _, c := range []struct{ text, want string }{
		{"Danke!", "de"},
		{"Thanks!", "en"},
		{"Lieferung kam zu spät", "de"},
		{"Delivery came late", "en"},
		{"Nie wieder.", "de"},
		{"Never again.", "en"},
		{"Super Service, gerne wieder", "de"},
		{"Great service, will order again", "en"},
		{"Wo bleibt meine Bestellung?", "de"},
		{"Where is my order?", "en"},
		{"Grüße aus München", "de"},
		{"Top Qualität", "de"},
		{"Unverschämt!", "de"},
	} {
		if got := a.DetectLang(c.text); got != c.want {
			t.Errorf("DetectLang(%q) = %s, want %s", c.text, got, c.want)
		}
		if got := a.Score(c.text).Lang; got != c.want {
			t.Errorf("Score(%q).Lang = %s, want %s", c.text, got, c.want)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]string{"": "auto", "auto": "auto", "en": "en", "de": "de"} {
		if got, err := sentiment.ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"fr", "EN", "german"} {
		if _, err := sentiment.ParseLang(in); err == nil {
			t.Errorf("ParseLang(%q): want an error", in)
		}
	}
}

// TestConcurrent scores from many goroutines at once (run with -race): the
// analyzer must give each text the score it gives alone.
func TestConcurrent(t *testing.T) {
	texts := []string{
		"Die Lieferung war super schnell, danke!",
		"The support is a disaster, nobody calls back.",
		"Das gefällt mir nicht 😡",
		"Great service!!! 👍",
		"Wann kommt die Rechnung?",
	}
	want := make([]sentiment.Result, len(texts))
	for i, s := range texts {
		want[i] = sentiment.Score(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 500 {
				i := (g + k) % len(texts)
				if got := sentiment.Score(texts[i]); got != want[i] {
					errs <- texts[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("concurrent score of %q differs from the score alone", s)
	}
}
