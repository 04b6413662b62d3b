package sentiment

import (
	"slices"
	"strings"
	"testing"
)

// TestGermanLexiconSize checks the floor: at least 1,500 German
// lemmas (adjectives, verbs, nouns with a valence) with inflected forms.
func TestGermanLexiconSize(t *testing.T) {
	lemmas := map[string]bool{}
	for _, line := range strings.Split(mustRead("lexicon/de/lemmas.txt"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 || strings.HasPrefix(line, "#") || f[1] == "W" || strings.TrimSpace(f[2]) == "0" || strings.TrimSpace(f[2]) == "0.0" {
			continue
		}
		lemmas[strings.ToLower(f[0])] = true
	}
	forms := germanForms(mustRead("lexicon/de/lemmas.txt"))
	t.Logf("%d German lemmas with a valence, %d word forms", len(lemmas), len(forms))
	if len(lemmas) < 1500 {
		t.Errorf("%d lemmas, want ≥ 1500", len(lemmas))
	}
	if len(forms) < 5*len(lemmas) {
		t.Errorf("%d forms for %d lemmas: the inflection rules seem not to run", len(forms), len(lemmas))
	}
}

// TestGermanInflection checks the generated forms against German grammar.
func TestGermanInflection(t *testing.T) {
	for _, c := range []struct {
		got  []string
		want []string
	}{
		{adjectiveForms("gut", "besser,best"), []string{"gute", "guten", "gutem", "besser", "bessere", "besten", "bestes"}},
		{adjectiveForms("zuverlässig", ""), []string{"zuverlässige", "zuverlässiger", "zuverlässigere", "zuverlässigsten"}},
		{adjectiveForms("schlecht", ""), []string{"schlechte", "schlechter", "schlechteste", "schlechtesten"}},
		{adjectiveForms("miserabel", ""), []string{"miserable", "miserablen", "miserabler"}},
		{adjectiveForms("teuer", ""), []string{"teure", "teuren", "teurer", "teuerste"}},
		{adjectiveForms("müde", ""), []string{"müder", "müden", "müdeste"}},
		{adjectiveForms("defekt", "-"), []string{"defekte", "defekten"}},
		{verbForms("enttäuschen", ""), []string{"enttäusche", "enttäuschst", "enttäuscht", "enttäuschte", "enttäuschten", "enttäuschtes"}},
		{verbForms("ärgern", ""), []string{"ärgere", "ärgert", "ärgerte", "geärgert", "geärgerte"}},
		{verbForms("arbeiten", ""), []string{"arbeitest", "arbeitet", "arbeitete", "gearbeitet"}},
		{verbForms("reklamieren", ""), []string{"reklamiert", "reklamierte", "reklamierten"}},
		{verbForms("loben", ""), []string{"lobe", "lobt", "lobte", "gelobt"}},
		{verbForms("helfen", "hilft,half,geholfen"), []string{"helfe", "hilft", "half", "geholfen", "geholfene"}},
		{nounForms("problem", "e"), []string{"problem", "problems", "probleme", "problemen"}},
		{nounForms("mangel", "=mängel"), []string{"mängel", "mängeln"}},
		{nounForms("lieferung", "en"), []string{"lieferungen"}},
	} {
		for _, w := range c.want {
			if !slices.Contains(c.got, w) {
				t.Errorf("%q missing from %v", w, c.got)
			}
		}
	}
}
