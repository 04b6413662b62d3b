package sentiment_test

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// groundTruth reads a VADER ground-truth file: id TAB mean TAB text.
func groundTruth(t testing.TB, name string) (means []float64, texts []string) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			continue
		}
		p := strings.SplitN(line, "\t", 3)
		if len(p) != 3 {
			t.Fatalf("%s:%d: want id, mean, text", name, n)
		}
		m, err := strconv.ParseFloat(p[1], 64)
		if err != nil {
			t.Fatalf("%s:%d: mean: %v", name, n, err)
		}
		means = append(means, m)
		texts = append(texts, p[2])
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return means, texts
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var sx, sy float64
	for i := range x {
		sx += x[i]
		sy += y[i]
	}
	mx, my := sx/n, sy/n
	var cov, vx, vy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		cov += dx * dy
		vx += dx * dx
		vy += dy * dy
	}
	return cov / math.Sqrt(vx*vy)
}

// TestAgreementWithVADERGroundTruth checks Pearson r between the compound
// score (English forced) and the human means: the targets, with
// VADER's published r of 0.881 and 0.565 for scale.
func TestAgreementWithVADERGroundTruth(t *testing.T) {
	for _, c := range []struct {
		file string
		min  float64
	}{
		{"tweets_GroundTruth.txt", 0.87},
		{"amazonReviewSnippets_GroundTruth.txt", 0.55},
	} {
		t.Run(c.file, func(t *testing.T) {
			means, texts := groundTruth(t, c.file)
			if len(texts) < 3000 {
				t.Fatalf("%d items, the file is incomplete", len(texts))
			}
			scores := make([]float64, len(texts))
			agree := 0
			for i, s := range texts {
				scores[i] = sentiment.ScoreLang(s, sentiment.English).Compound
				if class(scores[i]) == class(means[i]/4) {
					agree++
				}
			}
			r := pearson(scores, means)
			t.Logf("%s: n=%d r=%.4f 3-class agreement %.3f", c.file, len(texts), r, float64(agree)/float64(len(texts)))
			if r < c.min {
				t.Errorf("Pearson r = %.4f, want ≥ %.2f", r, c.min)
			}
		})
	}
}

func class(x float64) string {
	switch {
	case x >= sentiment.Threshold:
		return sentiment.Positive
	case x <= -sentiment.Threshold:
		return sentiment.Negative
	}
	return sentiment.Neutral
}

type item struct {
	line  int
	label string
	text  string
}

// labelled reads one of our own sets: label TAB text, # comments.
func labelled(t testing.TB, name string) []item {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var out []item
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.SplitN(line, "\t", 2)
		label := map[string]string{"pos": sentiment.Positive, "neg": sentiment.Negative, "neu": sentiment.Neutral}[p[0]]
		if len(p) != 2 || label == "" {
			t.Fatalf("%s:%d: want pos|neg|neu TAB text", name, n+1)
		}
		out = append(out, item{n + 1, label, p[1]})
	}
	return out
}

// TestOwnSets checks 3-class accuracy and language detection on our own
// labelled customer comments. The test sets were written before the
// lexicon; the dev sets are what the lexicon was developed on.
func TestOwnSets(t *testing.T) {
	for _, c := range []struct {
		file     string
		lang     string
		min      float64
		minLang  float64
		heldOut  bool
		minItems int
	}{
		{"de_test.tsv", sentiment.German, 0.80, 0.95, true, 300},
		{"en_test.tsv", sentiment.English, 0.80, 0.95, true, 300},
		{"de_dev.tsv", sentiment.German, 0.80, 0.95, false, 100},
		{"en_dev.tsv", sentiment.English, 0.80, 0.95, false, 80},
	} {
		t.Run(c.file, func(t *testing.T) {
			items := labelled(t, c.file)
			if len(items) < c.minItems {
				t.Fatalf("%d items, want ≥ %d", len(items), c.minItems)
			}
			right, auto, langOK := 0, 0, 0
			confusion := map[[2]string]int{}
			for _, it := range items {
				r := sentiment.ScoreLang(it.text, c.lang)
				confusion[[2]string{it.label, r.Label}]++
				if r.Label == it.label {
					right++
				} else if os.Getenv("SENTIMENT_SHOW_ERRORS") != "" {
					t.Logf("%s:%d want %s got %s %.3f: %s", c.file, it.line, it.label, r.Label, r.Compound, it.text)
				}
				a := sentiment.Score(it.text)
				if a.Lang == c.lang {
					langOK++
				} else if os.Getenv("SENTIMENT_SHOW_ERRORS") != "" {
					t.Logf("%s:%d detected %s: %s", c.file, it.line, a.Lang, it.text)
				}
				if a.Label == it.label {
					auto++
				}
			}
			n := float64(len(items))
			acc, accAuto, langAcc := float64(right)/n, float64(auto)/n, float64(langOK)/n
			t.Logf("%s: n=%d accuracy %.3f (language given), %.3f (detected); language detection %.3f; confusion (want→got) %v",
				c.file, len(items), acc, accAuto, langAcc, confusion)
			if acc < c.min {
				t.Errorf("3-class accuracy %.3f, want ≥ %.2f", acc, c.min)
			}
			if accAuto < c.min {
				t.Errorf("3-class accuracy with detected language %.3f, want ≥ %.2f", accAuto, c.min)
			}
			if langAcc < c.minLang {
				t.Errorf("language detection %.3f, want ≥ %.2f", langAcc, c.minLang)
			}
		})
	}
}
