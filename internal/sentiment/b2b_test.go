package sentiment_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// b2bItem is one line of a B2B set: the author's sentiment and intent, the
// hard-case category ("-" for none) and the text.
type b2bItem struct {
	line      int
	label     string
	intent    string
	hard      string
	text      string
	wantLabel string
}

// b2bSet reads a B2B set: label TAB intent TAB category TAB text, # comments.
func b2bSet(t testing.TB, name string) []b2bItem {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{"pos": sentiment.Positive, "neg": sentiment.Negative, "neu": sentiment.Neutral}
	intents := map[string]bool{"complaint": true, "question": true, "request": true, "praise": true, "other": true}
	var out []b2bItem
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.SplitN(line, "\t", 4)
		if len(p) != 4 || labels[p[0]] == "" || !intents[p[1]] || p[2] == "" || p[3] == "" {
			t.Fatalf("%s:%d: want pos|neg|neu TAB intent TAB category TAB text", name, n+1)
		}
		out = append(out, b2bItem{line: n + 1, label: labels[p[0]], intent: p[1], hard: p[2], text: p[3]})
	}
	return out
}

// b2bFrozen are the SHA-256 sums of the frozen B2B test sets (issue 19). They
// were written and committed before the engine was changed for B2B text and
// must not change: a changed set would no longer be a held-out measure.
var b2bFrozen = map[string]string{
	"b2b_en_test.tsv": "a2fdd08b2cf4a5f1d0d82a6f8306e016653c8d3b0d9eff132fdd13f41f52c878",
	"b2b_de_test.tsv": "90103b580fe9bbbbe3b400bf5993a8e3113b1f5bf83508a967bc22338d848590",
	// v2, written after the first sets had been measured after the rules and
	// before the second round of rule changes (see README.md).
	"b2b_en_test2.tsv": "bf233bd5c582cb31d3af57fd97a709d33d65d34e0b59164ee97714043d50a93f",
	"b2b_de_test2.tsv": "10b11264f2196d376f0a4011eb2fa9b8f3fe437d5f73c73ae75b026b6dc68370",
	// v3, written after v2 had been measured after the second round and
	// before the model of the third round was built (see README.md).
	"b2b_en_test3.tsv": "107eda04eea2c90f5280107eb10d1465494ca607c82aa462ac4f10c0ef4e6d62",
	"b2b_de_test3.tsv": "36afd3b7a8b37e2cb957d8048ca1ec2509c19a63bfd00e77e3d037b4dbcbd3cc",
	// v4, written after v3 had been measured with the model of the third
	// round and before anything of the fourth round (docs/sentiment.md).
	"b2b_en_test4.tsv": "e2fdb57f46c08a615bd025f72bc39d37873309d7fb53053ce40cd08f6fe39676",
	"b2b_de_test4.tsv": "9563a896452deccaa713bbb1e61c6e30a346bea292a036bb264b5b30f499711c",
	// v5, written by two other authors (one per language, independently,
	// neither the engine's author), tickets and e-mails as they arrive,
	// before anything of the fifth round landed (docs/sentiment.md).
	"b2b_en_test5.tsv": "a1a3897d27d7d157167f99dfda99602644613925fb60eabf7fe175c30078b553",
	"b2b_de_test5.tsv": "4abcd0fe268e4c5fee67ace7fb56fb136b13997ba7f7f5df17d5e61df8b23626",
	// v6, written like v5 by two other authors after v5 had been measured
	// and before anything of the sixth round landed.
	"b2b_en_test6.tsv": "e6de614adb09b54497234d31b2d3265300e699e32081c82b07bf01c513b0ec05",
	"b2b_de_test6.tsv": "2dcb932855a5557bf2935c53504ab9ca65d394f38d257efeea02d71ddca1674e",
}

func TestB2BTestSetsFrozen(t *testing.T) {
	for name, want := range b2bFrozen {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s changed: sha256 %s, frozen %s; the B2B test sets are not to be edited (tune on the dev sets)", name, got, want)
		}
		items := b2bSet(t, name)
		hard := 0
		for _, it := range items {
			if it.hard != "-" {
				hard++
			}
		}
		if len(items) < 300 || 3*hard < len(items) {
			t.Errorf("%s: %d items, %d hard cases; want ≥ 300 and ≥ a third hard", name, len(items), hard)
		}
	}
}

// b2bScore is what one run of a B2B set measured.
type b2bScore struct {
	n, right    int
	class       map[string][2]int // label → right, total
	hard        map[string][2]int // category → right, total
	confusion   map[[2]string]int // want, got
	questionNeg int               // neutral questions scored negative
	questions   int
	intentRight int
	intents     map[[2]string]int // want, got
}

func (s b2bScore) acc() float64 { return float64(s.right) / float64(s.n) }

func (s b2bScore) recall(label string) float64 {
	c := s.class[label]
	return float64(c[0]) / float64(c[1])
}

func (s b2bScore) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "n=%d accuracy %.3f; recall neg %.3f neu %.3f pos %.3f; neutral questions scored negative %d of %d; intent accuracy %.3f\n",
		s.n, s.acc(), s.recall(sentiment.Negative), s.recall(sentiment.Neutral), s.recall(sentiment.Positive), s.questionNeg, s.questions, s.intentAcc())
	ls := []string{sentiment.Negative, sentiment.Neutral, sentiment.Positive}
	fmt.Fprintf(&b, "confusion (rows want, columns got: neg neu pos)\n")
	for _, w := range ls {
		fmt.Fprintf(&b, "  %-8s", w)
		for _, g := range ls {
			fmt.Fprintf(&b, " %4d", s.confusion[[2]string{w, g}])
		}
		b.WriteByte('\n')
	}
	var cats []string
	for c := range s.hard {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	b.WriteString("by hard-case category:")
	for _, c := range cats {
		fmt.Fprintf(&b, " %s %d/%d", c, s.hard[c][0], s.hard[c][1])
	}
	is := []string{sentiment.Complaint, sentiment.Question, sentiment.Request, sentiment.Praise, sentiment.Other}
	b.WriteString("\nintent confusion (rows want, columns got: complaint question request praise other)\n")
	for _, w := range is {
		fmt.Fprintf(&b, "  %-9s", w)
		for _, g := range is {
			fmt.Fprintf(&b, " %4d", s.intents[[2]string{w, g}])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func (s b2bScore) intentAcc() float64 { return float64(s.intentRight) / float64(s.n) }

// scoreB2B scores a set with the language given.
func scoreB2B(t testing.TB, items []b2bItem, lang string, show bool) b2bScore {
	return scoreB2BWith(t, sentiment.Default(), items, lang, sentiment.Social, show)
}

// scoreB2BWith scores a set with the analyzer a, as texts from src.
func scoreB2BWith(t testing.TB, a *sentiment.Analyzer, items []b2bItem, lang string, src sentiment.Source, show bool) b2bScore {
	s := b2bScore{class: map[string][2]int{}, hard: map[string][2]int{}, confusion: map[[2]string]int{}, intents: map[[2]string]int{}}
	for _, it := range items {
		r := a.ScoreSource(it.text, lang, src)
		ok := r.Label == it.label
		s.n++
		s.confusion[[2]string{it.label, r.Label}]++
		c, h := s.class[it.label], s.hard[it.hard]
		c[1]++
		h[1]++
		if ok {
			s.right++
			c[0]++
			h[0]++
		} else if show {
			t.Logf("line %d want %s got %s %.3f [%s]: %s", it.line, it.label, r.Label, r.Compound, it.hard, it.text)
		}
		s.class[it.label], s.hard[it.hard] = c, h
		s.intents[[2]string{it.intent, r.Intent}]++
		if r.Intent == it.intent {
			s.intentRight++
		} else if show && os.Getenv("SENTIMENT_SHOW_ERRORS") == "intent" {
			t.Logf("line %d intent want %s got %s (%s %.3f): %s", it.line, it.intent, r.Intent, r.Label, r.Compound, it.text)
		}
		if it.intent == "question" && it.label == sentiment.Neutral {
			s.questions++
			if r.Label == sentiment.Negative {
				s.questionNeg++
			}
		}
	}
	return s
}

// TestB2BTestSets measures the frozen B2B test sets against issue 19's
// targets: three-class accuracy ≥ 0.85 per language, negative recall ≥ 0.85,
// neutral questions never scored negative.
//
// The held-out measure is v2 (b2b_*_test2.tsv), written before the second
// round of rules and measured twice: before it (0.752 en / 0.788 de) and
// once after it, 2026-12-07: accuracy 0.788 en / 0.817 de, negative recall
// 0.719 / 0.694, neutral questions scored negative 3 / 2 of 52, intent
// 0.775 / 0.807. None of the targets is reached on v2, so the test
// holds what was reached as floors and docs/sentiment.md states the gap.
//
// Since the third round, v1 and v2 are training data of the model
// (model.go) and no longer held out at all; the held-out measure is v3
// (TestB2BTestSetsV3).
//
// The first sets (b2b_*_test.tsv) are no longer held out: the second round
// of rules was written knowing their misses as the docs named them. They
// keep the first round's assertions (measured after the second round: 0.866
// en / 0.857 de, negative recall 0.842 / 0.825).
// SENTIMENT_SHOW_ERRORS is honoured only for the dev sets (TestB2BDevSets),
// so that nobody tunes on the test sets' errors.
func TestB2BTestSets(t *testing.T) {
	for _, c := range []struct {
		file      string
		lang      string
		minAcc    float64
		minNeg    float64
		minIntent float64
		maxQNeg   int // neutral questions scored negative
	}{
		{"b2b_en_test.tsv", sentiment.English, 0.85, 0.81, 0.84, 0},
		{"b2b_de_test.tsv", sentiment.German, 0.85, 0.80, 0.84, 0},
		// v2: what was reached, not the targets (0.85, 0.85, none).
		{"b2b_en_test2.tsv", sentiment.English, 0.78, 0.71, 0.77, 3},
		{"b2b_de_test2.tsv", sentiment.German, 0.81, 0.69, 0.80, 2},
	} {
		t.Run(c.file, func(t *testing.T) {
			s := scoreB2B(t, b2bSet(t, c.file), c.lang, false)
			t.Logf("%s: %s", c.file, s)
			if s.acc() < c.minAcc {
				t.Errorf("3-class accuracy %.3f, want ≥ %.2f", s.acc(), c.minAcc)
			}
			if r := s.recall(sentiment.Negative); r < c.minNeg {
				t.Errorf("negative recall %.3f, want ≥ %.2f (issue 19's target is 0.85)", r, c.minNeg)
			}
			if s.questions < 50 || s.questionNeg > c.maxQNeg {
				t.Errorf("%d of %d neutral questions scored negative, want ≤ %d (issue 19: none)", s.questionNeg, s.questions, c.maxQNeg)
			}
			if s.intentAcc() < c.minIntent {
				t.Errorf("intent accuracy %.3f, want ≥ %.2f", s.intentAcc(), c.minIntent)
			}
		})
	}
}

// TestB2BDevSets measures the B2B dev sets, the ones the rules are tuned on
// (SENTIMENT_SHOW_ERRORS=1 prints their errors).
func TestB2BDevSets(t *testing.T) {
	for _, c := range []struct {
		file   string
		lang   string
		minAcc float64
	}{
		{"b2b_en_dev.tsv", sentiment.English, 0.90},
		{"b2b_de_dev.tsv", sentiment.German, 0.90},
	} {
		t.Run(c.file, func(t *testing.T) {
			items := b2bSet(t, c.file)
			if len(items) < 300 {
				t.Fatalf("%d items, want ≥ 300", len(items))
			}
			s := scoreB2B(t, items, c.lang, os.Getenv("SENTIMENT_SHOW_ERRORS") != "")
			t.Logf("%s: %s", c.file, s)
			if s.acc() < c.minAcc {
				t.Errorf("3-class accuracy %.3f, want ≥ %.2f", s.acc(), c.minAcc)
			}
		})
	}
}

// TestB2BTestSetsV3 measures the third frozen pair (b2b_*_test3.tsv),
// written before the model of the third round and measured before the
// model (the rules alone, commit 958af3b: 0.708 en / 0.743 de), with it,
// 2026-12-07: accuracy 0.808 en / 0.829 de, negative recall 0.805 / 0.856,
// neutral questions scored negative 2 / 1 of 50, intent 0.804 / 0.810, and
// with the model of the fourth round (never trained on v3): 0.827 / 0.841,
// negative recall 0.797 / 0.856, 3 / 1 of 50, intent 0.821 / 0.841. Issue
// 19's accuracy target (0.85) is not reached, nor negative recall in
// English, nor "no neutral question negative". With the model of the fifth
// round (never trained on v3, but no longer held out): as social text
// 0.821 / 0.870, as business text 0.875 / 0.870, negative recall 0.862 /
// 0.872. The test holds what was reached as floors. The rules alone are
// logged beside it (0.712 / 0.743 since the fifth round reads e-mail
// greetings and closings as no opinion).
func TestB2BTestSetsV3(t *testing.T) {
	for _, c := range []heldOut{
		{"b2b_en_test3.tsv", sentiment.English, 50, floors{0.81, 0.78, 0.81, 3}, floors{0.89, 0.88, 0.89, 0}, 0.712, 0.642},
		{"b2b_de_test3.tsv", sentiment.German, 50, floors{0.86, 0.87, 0.85, 1}, floors{0.86, 0.87, 0.85, 1}, 0.743, 0.664},
	} {
		t.Run(c.file, c.measure)
	}
}

// TestB2BTestSetsV4 measures the fourth frozen pair (b2b_*_test4.tsv),
// written before the fourth round and measured twice, 2026-12-07: with the
// model of the third round (0.761 en / 0.820 de; negative recall 0.625 /
// 0.775; neutral questions scored negative 1 / 0 of 40; intent 0.735 /
// 0.788) and once with the model of the fourth, chosen before: 0.778 /
// 0.879, negative recall 0.633 / 0.867, 1 / 0 of 40, intent 0.761 / 0.850.
// German reaches issue 19's targets on v4; English does not. The test
// holds what was reached as floors, and that the rules alone still score
// as before (0.683 / 0.716, negative recall 0.508 / 0.583). With the model
// of the fifth round (v4 no longer held out): as social text 0.765 /
// 0.889, as business text 0.876 / 0.889, negative recall 0.808 / 0.867.
func TestB2BTestSetsV4(t *testing.T) {
	for _, c := range []heldOut{
		{"b2b_en_test4.tsv", sentiment.English, 40, floors{0.77, 0.61, 0.77, 1}, floors{0.90, 0.85, 0.89, 1}, 0.683, 0.508},
		{"b2b_de_test4.tsv", sentiment.German, 40, floors{0.88, 0.86, 0.87, 0}, floors{0.88, 0.86, 0.87, 0}, 0.716, 0.583},
	} {
		t.Run(c.file, c.measure)
	}
}

// TestB2BTestSetsV5 measures the fifth frozen pair (b2b_*_test5.tsv),
// written by other authors (one per language) and frozen before anything
// of the fifth round landed; measured with the engine of the fourth round
// (as social text: 0.806 en / 0.844 de, negative recall 0.770 / 0.902,
// neutral questions scored negative 8 / 11 of 45, intent 0.791 / 0.812)
// and once with the fifth round's, fixed before (commit 0a82535),
// 2026-12-07: as business text 0.900 en / 0.863 de, negative recall 0.877
// / 0.844, neutral questions scored negative 4 / 4 of 45, intent 0.891 /
// 0.847; as social text 0.784 / 0.863 (negative recall 0.713 / 0.844, 8 /
// 4 of 45). Issue 19's accuracy target is reached in both languages as
// business text (English at the goal, 0.90), negative recall in English;
// not negative recall in German (one text short) nor "no neutral question
// negative". The test holds what was reached as floors.
func TestB2BTestSetsV5(t *testing.T) {
	for _, c := range []heldOut{
		{"b2b_en_test5.tsv", sentiment.English, 45, floors{0.78, 0.71, 0.78, 8}, floors{0.899, 0.87, 0.89, 4}, 0.684, 0.607},
		{"b2b_de_test5.tsv", sentiment.German, 45, floors{0.86, 0.84, 0.84, 4}, floors{0.86, 0.84, 0.84, 4}, 0.675, 0.607},
	} {
		t.Run(c.file, c.measure)
	}
}

// TestB2BTestSetsV6 measures the sixth frozen pair (b2b_*_test6.tsv),
// written like v5 by two more authors after v5 had been measured and
// before anything of the sixth round landed; measured with the engine of
// the fifth round (as business text 0.884 en / 0.859 de, negative recall
// 0.893 / 0.869, neutral questions scored negative 3 of 48 / 9 of 49,
// intent 0.859 / 0.841) and once with the sixth round's, fixed before
// (commit 8780d26), 2026-12-07: as business text 0.912 / 0.884, negative
// recall 0.926 / 0.885, neutral questions scored negative 0 of 48 / 3 of
// 49, intent 0.881 / 0.869; as social text 0.778 / 0.884. Issue 19's
// targets are reached as business text in both languages (English at the
// goal, 0.90) but for the German neutral questions (3 of 49). The test
// holds what was reached as floors.
func TestB2BTestSetsV6(t *testing.T) {
	for _, c := range []heldOut{
		{"b2b_en_test6.tsv", sentiment.English, 48, floors{0.77, 0.77, 0.74, 7}, floors{0.91, 0.92, 0.88, 0}, 0.666, 0.598},
		{"b2b_de_test6.tsv", sentiment.German, 49, floors{0.88, 0.88, 0.86, 3}, floors{0.88, 0.88, 0.86, 3}, 0.684, 0.672},
	} {
		t.Run(c.file, c.measure)
	}
}

// heldOut is a frozen set, the floors it is held to as social and as
// business text, and what the rules alone gave on it.
type heldOut struct {
	file, lang        string
	questions         int // neutral questions it has at least
	social, business  floors
	rulesAcc, rulesNg float64 // the rules alone
}

// floors are the least accuracy, negative recall and intent accuracy and
// the most neutral questions scored negative a held-out set is held to:
// what was measured on it, below issue 19's targets where those were not
// reached.
type floors struct {
	acc, neg, intent float64
	maxQNeg          int
}

// measure scores the set with the language given, as social and as
// business text, and checks the floors. It never logs single texts, so
// that nobody tunes on a held-out set's errors.
func (c heldOut) measure(t *testing.T) {
	items := b2bSet(t, c.file)
	rs := scoreB2BWith(t, rulesOnly, items, c.lang, sentiment.Social, false)
	t.Logf("%s, the rules alone: %s", c.file, rs)
	if math.Abs(rs.acc()-c.rulesAcc) > 0.0005 || math.Abs(rs.recall(sentiment.Negative)-c.rulesNg) > 0.0005 {
		t.Errorf("the rules alone: accuracy %.3f, negative recall %.3f; measured before %.3f, %.3f",
			rs.acc(), rs.recall(sentiment.Negative), c.rulesAcc, c.rulesNg)
	}
	for _, m := range []struct {
		src sentiment.Source
		f   floors
	}{{sentiment.Social, c.social}, {sentiment.Business, c.business}} {
		s := scoreB2BWith(t, sentiment.Default(), items, c.lang, m.src, false)
		t.Logf("%s with the model, as %s text: %s", c.file, m.src, s)
		if s.acc() < m.f.acc {
			t.Errorf("%s: 3-class accuracy %.3f, want ≥ %.3f (issue 19: 0.85)", m.src, s.acc(), m.f.acc)
		}
		if r := s.recall(sentiment.Negative); r < m.f.neg {
			t.Errorf("%s: negative recall %.3f, want ≥ %.3f (issue 19: 0.85)", m.src, r, m.f.neg)
		}
		if s.questions < c.questions || s.questionNeg > m.f.maxQNeg {
			t.Errorf("%s: %d of %d neutral questions scored negative, want ≤ %d (issue 19: none)", m.src, s.questionNeg, s.questions, m.f.maxQNeg)
		}
		if s.intentAcc() < m.f.intent {
			t.Errorf("%s: intent accuracy %.3f, want ≥ %.3f", m.src, s.intentAcc(), m.f.intent)
		}
	}
}
