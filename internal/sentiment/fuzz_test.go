package sentiment_test

import (
	"math"
	"testing"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// FuzzScore checks that any input, valid UTF-8 or not, scores in range
// without panicking, and that the result does not depend on other calls.
func FuzzScore(f *testing.F) {
	for _, s := range []string{
		"", "!", ":)", "nicht", "weder noch", "kein", "but", "aber", "so nie", "nie so",
		"Die Lieferung war NICHT gut!!! 😡😡", "un", "superunmegasau", "\xff\xfe", "a\u200db",
		"👍🏽", "❤️", "kind of", "nie wieder wieder nie", "  \t  ", "ÄÖÜß äöü",
	} {
		f.Add(s)
	}
	a := sentiment.New()
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{sentiment.English, sentiment.German, sentiment.Auto} {
			r := a.ScoreLang(s, lang)
			if math.IsNaN(r.Compound) || r.Compound < -1 || r.Compound > 1 ||
				math.IsNaN(r.Intensity) || r.Intensity < 0 || r.Intensity >= 1 ||
				r.Intensity+1e-9 < math.Abs(r.Compound) {
				t.Fatalf("%q (%s): %+v out of range", s, lang, r)
			}
			if r2 := a.ScoreLang(s, lang); r2 != r {
				t.Fatalf("%q (%s): %+v then %+v", s, lang, r, r2)
			}
		}
	})
}
