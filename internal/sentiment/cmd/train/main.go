// Command train fits the B2B sentiment and intent model of internal/sentiment
// on the labelled sets in its testdata and writes the weights file the
// package embeds. It never reads the frozen test sets v3 to v6
// (b2b_*_test3.tsv … b2b_*_test6.tsv) nor second labels.
//
// It chooses the L2 penalty and the gate by 5-fold cross-validation, scoring
// the texts the rules were never tuned on (v2, b2b_*_test2.tsv, and the
// training texts, b2b_*_train*.tsv) out of fold. First for business text
// (sentiment.Business: the model reads every text): the L2 penalty and tau
// (the probability the model needs to change the rules' label), rho (the
// probability it needs above kappa), the kappa for German texts and for
// English business text (the largest |compound| of the rules it may
// overturn with tau), by the best accuracy. Then, for that L2, the gate of
// English social text (kappa, and kappa for texts with positive words
// beside negative evidence) by the best accuracy among the gates whose
// model, trained on all sets, keeps the VADER tweets at r ≥ 0.87. Then it
// trains on all sets. The run is deterministic.
//
//	go generate ./internal/sentiment   # or, in internal/sentiment:
//	go run ./cmd/train -out model/weights.bin.gz
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// sets are the training sets: file, language, whether it has intents.
var sets = []struct {
	file, lang string
	b2b        bool
}{
	{"b2b_en_dev.tsv", sentiment.English, true},
	{"b2b_en_test.tsv", sentiment.English, true},
	{"b2b_en_test2.tsv", sentiment.English, true},
	{"b2b_en_train.tsv", sentiment.English, true},
	{"b2b_en_train4.tsv", sentiment.English, true},
	{"b2b_en_train5.tsv", sentiment.English, true},
	{"b2b_en_train6.tsv", sentiment.English, true},
	{"en_dev.tsv", sentiment.English, false},
	{"en_test.tsv", sentiment.English, false},
	{"b2b_de_dev.tsv", sentiment.German, true},
	{"b2b_de_test.tsv", sentiment.German, true},
	{"b2b_de_test2.tsv", sentiment.German, true},
	{"b2b_de_train.tsv", sentiment.German, true},
	{"b2b_de_train4.tsv", sentiment.German, true},
	{"b2b_de_train5.tsv", sentiment.German, true},
	{"b2b_de_train6.tsv", sentiment.German, true},
	{"de_dev.tsv", sentiment.German, false},
	{"de_test.tsv", sentiment.German, false},
}

// grid are the L2 penalties and taus (the probability the model needs to
// change the rules' label) cross-validation chooses from.
var (
	grid   = []float64{1e-3, 1e-2, 3e-2, 0.1, 0.3, 1}
	taus   = []float64{0, 0.5}
	kappas = []float64{1, 0.6, 0.5, 0.4, 0.3}
	// rhos are the probabilities the model needs to overturn a rules'
	// score above kappa (2: never).
	rhos = []float64{2, 0.95, 0.9, 0.8, 0.7}
	// kappasDE are the kappas for German texts (the tweets, which bound
	// kappa, are English).
	kappasDE = []float64{1, 0.6, 0.4}
	// kappasClash widen kappa for English texts with positive words beside
	// negative evidence (0: not at all).
	kappasClash = []float64{0, 0.6, 1}
	// kappasBusiness are the kappas for English business text (tickets,
	// e-mails, survey answers), which the tweets do not bound.
	kappasBusiness = []float64{1, 0.8, 0.6, 0.4}
	// fixed is the gate of -l2.
	fixed sentiment.Gate
)

// minTweetR is the least Pearson r on the VADER tweets a candidate must keep
// (issue 19; the rules alone give 0.8705). It is measured with the weights
// as the file stores them.
const minTweetR = 0.87

// folds2 is 0 when -l2 skips the cross-validation.
var folds2 = 1

func main() {
	data := flag.String("data", "testdata", "directory of the labelled sets")
	out := flag.String("out", "model/weights.bin.gz", "weights file to write")
	folds := flag.Int("folds", 5, "cross-validation folds")
	l2 := flag.Float64("l2", -1, "skip the cross-validation: train with this L2 penalty (and -tau)")
	tau := flag.Float64("tau", 0, "with -l2: the probability the model needs to change the rules' label")
	kappa := flag.Float64("kappa", 1, "with -l2: the largest |compound| of the rules the model may overturn with tau")
	rho := flag.Float64("rho", 2, "with -l2: the probability the model needs to overturn a stronger rules' score (above 1: never)")
	kappaDE := flag.Float64("kappa-de", 1, "with -l2: kappa for German texts")
	kappaClash := flag.Float64("kappa-clash", 0, "with -l2: kappa for English social texts with positive words beside negative evidence, if larger")
	kappaBiz := flag.Float64("kappa-business", 1, "with -l2: kappa for English business texts")
	flag.Parse()
	if *l2 >= 0 {
		grid, folds2 = []float64{*l2}, 0
		fixed = sentiment.Gate{Tau: *tau, Kappa: *kappa, Rho: *rho, KappaDE: *kappaDE, KappaClash: *kappaClash, KappaBusiness: *kappaBiz}
	}
	if err := run(*data, *out, *folds); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(data, out string, folds int) error {
	var exs []sentiment.Example
	for _, s := range sets {
		if strings.Contains(s.file, "test3") || strings.Contains(s.file, "test4") || strings.Contains(s.file, "test5") || strings.Contains(s.file, "test6") || strings.Contains(s.file, "relabel") {
			return fmt.Errorf("%s is a frozen test set, never trained on", s.file)
		}
		b, err := os.ReadFile(filepath.Join(data, s.file))
		if err != nil {
			return err
		}
		n := 0
		for i, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSuffix(line, "\r")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			want := 2
			if s.b2b {
				want = 4
			}
			p := strings.SplitN(line, "\t", want)
			if len(p) != want {
				return fmt.Errorf("%s:%d: want %d fields", s.file, i+1, want)
			}
			label := map[string]string{"pos": sentiment.Positive, "neg": sentiment.Negative, "neu": sentiment.Neutral}[p[0]]
			e := sentiment.Example{Text: p[want-1], Lang: s.lang, Label: label, Set: s.file}
			if s.b2b {
				e.Intent = p[1]
			}
			exs = append(exs, e)
			n++
		}
		fmt.Printf("%-18s %4d texts\n", s.file, n)
	}
	a := sentiment.NewRules()
	tweets, err := readGroundTruth(filepath.Join(data, "tweets_GroundTruth.txt"))
	if err != nil {
		return err
	}
	o := sentiment.DefaultTrainOptions
	if folds2 == 0 {
		o.L2, o.Gate = grid[0], fixed
		w, err := a.Train(exs, o)
		if err != nil {
			return err
		}
		am, err := sentiment.NewWithModel(w)
		if err != nil {
			return err
		}
		fmt.Printf("tweets r %.4f\n", tweetR(am, tweets))
		return os.WriteFile(out, w, 0o644)
	}
	type cand struct {
		l2          float64
		g           sentiment.Gate
		biz, social float64 // cross-validated accuracy on the untuned sets
		r           float64
	}
	var best cand
	best.biz = -1
	for _, l2 := range grid {
		o.L2 = l2
		preds, err := a.CrossPredict(exs, o, folds)
		if err != nil {
			return err
		}
		// One model trained on all sets; the gates only decide when it
		// may change the rules' label.
		wAll, err := a.Train(exs, o)
		if err != nil {
			return err
		}
		// Business text first: the gate's shared part and KappaBusiness.
		c := cand{l2: l2, biz: -1}
		for _, t := range taus {
			for _, r := range rhos {
				for _, kd := range kappasDE {
					for _, kb := range kappasBusiness {
						if kb >= 1 && kd >= 1 && r <= 1 {
							continue // nothing is above kappa 1
						}
						// Kappa (social text) is chosen below; business text never reads it.
						g := sentiment.Gate{Tau: t, Rho: r, KappaDE: kd, KappaBusiness: kb}
						if acc := untunedAcc(sentiment.Evaluate(preds, g, sentiment.Business)); acc > c.biz {
							c.g, c.biz = g, acc
						}
					}
				}
			}
		}
		report(fmt.Sprintf("L2 %g, business text: tau %g, rho %g, kappa German %g, kappa business %g", l2, c.g.Tau, c.g.Rho, c.g.KappaDE, c.g.KappaBusiness),
			preds, c.g, sentiment.Business, folds)
		// Then social text, under the tweet floor.
		c.social = -1
		bg := c.g
		socialRhos := rhos
		if bg.KappaBusiness < 1 || bg.KappaDE < 1 {
			socialRhos = []float64{bg.Rho} // business text uses rho: keep it
		}
		for _, k := range kappas {
			for _, kc := range kappasClash {
				for _, r := range socialRhos {
					if kc != 0 && kc <= k || k >= 1 && kc == 0 && r != socialRhos[0] {
						continue // kc only widens kappa; nothing is above kappa 1
					}
					g := bg
					g.Kappa, g.KappaClash, g.Rho = k, kc, r
					acc := untunedAcc(sentiment.Evaluate(preds, g, sentiment.Social))
					if acc <= c.social {
						continue
					}
					w, err := sentiment.WithGate(wAll, g)
					if err != nil {
						return err
					}
					am, err := sentiment.NewWithModel(w)
					if err != nil {
						return err
					}
					if tr := tweetR(am, tweets); tr >= minTweetR {
						c.g, c.social, c.r = g, acc, tr
					}
				}
			}
		}
		if c.social < 0 {
			fmt.Printf("L2 %g: no social gate keeps the tweets at r ≥ %g\n", l2, minTweetR)
			continue
		}
		report(fmt.Sprintf("L2 %g, social text: kappa %g, kappa clash %g, rho %g (tweets r %.4f)", l2, c.g.Kappa, c.g.KappaClash, c.g.Rho, c.r),
			preds, c.g, sentiment.Social, folds)
		if c.biz > best.biz || c.biz == best.biz && c.social > best.social {
			best = c
		}
	}
	if best.biz < 0 {
		return fmt.Errorf("no candidate keeps the tweets at r ≥ %g", minTweetR)
	}
	o.L2, o.Gate = best.l2, best.g
	g := best.g
	fmt.Printf("\nchosen L2 %g, tau %g, rho %g, kappa German %g, kappa business %g, kappa %g, kappa clash %g (cross-validated accuracy on v2 and the training texts: business %.3f, social %.3f; tweets r %.4f); training on all %d texts\n",
		best.l2, g.Tau, g.Rho, g.KappaDE, g.KappaBusiness, g.Kappa, g.KappaClash, best.biz, best.social, best.r, len(exs))
	w, err := a.Train(exs, o)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, w, 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s (%d bytes)\n", out, len(w))
	return nil
}

// untunedAcc is the accuracy over the sets the rules were never tuned on.
func untunedAcc(model, _ map[string]*sentiment.Tally) float64 {
	var n, right int
	for set, t := range model {
		if untuned(set) {
			n += t.N
			right += t.Right
		}
	}
	return float64(right) / float64(max(n, 1))
}

// report prints the cross-validated figures per set of the gate g on texts
// from src.
func report(title string, preds []sentiment.Prediction, g sentiment.Gate, src sentiment.Source, folds int) {
	m, r := sentiment.Evaluate(preds, g, src)
	fmt.Printf("\n%s, %d-fold cross-validation (rules alone → rules and model):\n", title, folds)
	for _, s := range sets {
		t, tr := m[s.file], r[s.file]
		fmt.Printf("  %-18s accuracy %.3f → %.3f  negative recall %.3f → %.3f  intent %.3f → %.3f  neutral questions negative %d → %d of %d  model applied %d of %d\n",
			s.file, tr.Acc(), t.Acc(), tr.NegRecall(), t.NegRecall(), tr.IntentAcc(), t.IntentAcc(), tr.QuestionsNeg, t.QuestionsNeg, t.Questions, t.Gated, t.N)
	}
	fmt.Printf("  v2 and the training texts (en+de) accuracy %.3f → %.3f\n", untunedAcc(r, nil), untunedAcc(m, nil))
}

// untuned reports whether the rules were never tuned on the set: v2 and
// the training texts of the third and fourth rounds. Cross-validation
// chooses the settings by the accuracy on these.
func untuned(file string) bool {
	return strings.Contains(file, "test2") || strings.Contains(file, "train")
}

// groundTruth is one VADER ground-truth file: human means and texts.
type groundTruth struct {
	means []float64
	texts []string
}

func readGroundTruth(name string) (groundTruth, error) {
	var g groundTruth
	b, err := os.ReadFile(name)
	if err != nil {
		return g, err
	}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		p := strings.SplitN(line, "\t", 3)
		if len(p) != 3 {
			return g, fmt.Errorf("%s:%d: want id TAB mean TAB text", name, i+1)
		}
		m, err := strconv.ParseFloat(p[1], 64)
		if err != nil {
			return g, fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
		g.means = append(g.means, m)
		g.texts = append(g.texts, p[2])
	}
	return g, nil
}

// tweetR is Pearson's r between the compound scores (English) and the
// human means.
func tweetR(a *sentiment.Analyzer, g groundTruth) float64 {
	x := make([]float64, len(g.texts))
	for i, t := range g.texts {
		x[i] = a.ScoreLang(t, sentiment.English).Compound
	}
	return pearson(x, g.means)
}

func pearson(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var cov, vx, vy float64
	for i := range x {
		cov += (x[i] - mx) * (y[i] - my)
		vx += (x[i] - mx) * (x[i] - mx)
		vy += (y[i] - my) * (y[i] - my)
	}
	return cov / math.Sqrt(vx*vy)
}
