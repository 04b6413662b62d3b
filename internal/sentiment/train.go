package sentiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Example is a labelled text to train or evaluate the model on.
type Example struct {
	Text   string
	Lang   string // English or German
	Label  string // Positive, Negative or Neutral
	Intent string // Complaint … Other, or "" when the set has none
	// Set names where the example comes from, for the reports.
	Set string
}

// TrainOptions are the settings of a training run.
type TrainOptions struct {
	// L2 is the strength of the L2 penalty, per example a feature occurs in.
	L2 float64
	// Epochs over the data; Rate is AdaGrad's step size.
	Epochs int
	Rate   float64
	// MinCount drops features seen in fewer training examples.
	MinCount int
	// Seed orders the examples (the run is deterministic for a seed).
	Seed uint64
	// Gate is stored in the file: when the model may change the rules'
	// label.
	Gate
}

// DefaultTrainOptions are the settings the committed model was trained with
// except L2, which cross-validation chooses (cmd/train).
var DefaultTrainOptions = TrainOptions{L2: 1e-3, Epochs: 25, Rate: 0.1, MinCount: 2, Seed: 19,
	Gate: Gate{Kappa: 1, Rho: 2, KappaDE: 1, KappaBusiness: 1}}

var sentIdx = map[string]int{Negative: oNeg, Neutral: oNeu, Positive: oPos}
var intentIdx = map[string]int{Complaint: oComplaint, Question: oQuestion, Request: oRequest, Praise: oPraise, Other: oOther}

// prepared is an example with what the rules said and its features.
type prepared struct {
	ex    Example
	rule  Result
	gated bool
	clash bool
	feats []feat
}

// prepare scores each example with the rules and keeps its features.
func (a *Analyzer) prepare(exs []Example) ([]prepared, error) {
	out := make([]prepared, len(exs))
	st := new(state)
	for i, e := range exs {
		if _, ok := sentIdx[e.Label]; !ok {
			return nil, fmt.Errorf("example %d (%s): label %q", i, e.Set, e.Label)
		}
		if _, ok := intentIdx[e.Intent]; !ok && e.Intent != "" {
			return nil, fmt.Errorf("example %d (%s): intent %q", i, e.Set, e.Intent)
		}
		r, li := a.rules(st, e.Text, e.Lang)
		st.features(li, r.Compound, r.Intensity, r.Intent)
		out[i] = prepared{ex: e, rule: r, gated: st.looksB2B(li == langDE), clash: st.clash, feats: slices.Clone(st.feats)}
	}
	return out, nil
}

// trainModel fits a multinomial logistic regression with two heads
// (sentiment, intent) by AdaGrad over the examples.
func trainModel(ps []prepared, o TrainOptions) (keys []uint64, w map[uint64][nOut]float32) {
	count := map[uint64]int{}
	for _, p := range ps {
		seen := map[uint64]bool{}
		for _, f := range p.feats {
			if !seen[f.key] {
				seen[f.key] = true
				count[f.key]++
			}
		}
	}
	index := map[uint64]int{}
	for k, c := range count {
		if c >= o.MinCount {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for i, k := range keys {
		index[k] = i
	}
	type xf struct {
		j int
		v float64
	}
	xs := make([][]xf, len(ps))
	for i, p := range ps {
		for _, f := range p.feats {
			if j, ok := index[f.key]; ok {
				xs[i] = append(xs[i], xf{j, float64(f.val)})
			}
		}
	}
	W := make([][nOut]float64, len(keys))
	G := make([][nOut]float64, len(keys))
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x19))
	for range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			var z [nOut]float64
			for _, x := range xs[i] {
				for k := range nOut {
					z[k] += W[x.j][k] * x.v
				}
			}
			softmax(z[oNeg : oPos+1])
			softmax(z[oComplaint:])
			var g [nOut]float64
			for k := oNeg; k <= oPos; k++ {
				g[k] = z[k]
			}
			g[sentIdx[ps[i].ex.Label]]--
			if in, ok := intentIdx[ps[i].ex.Intent]; ok {
				for k := oComplaint; k < nOut; k++ {
					g[k] = z[k]
				}
				g[in]--
			}
			for _, x := range xs[i] {
				for k := range nOut {
					gk := g[k]*x.v + o.L2*W[x.j][k]
					if gk == 0 {
						continue
					}
					G[x.j][k] += gk * gk
					W[x.j][k] -= o.Rate * gk / math.Sqrt(G[x.j][k]+1e-8)
				}
			}
		}
	}
	w = make(map[uint64][nOut]float32, len(keys))
	kept := keys[:0]
	for i, k := range keys {
		var ws [nOut]float32
		zero := true
		for j := range nOut {
			ws[j] = float32(W[i][j])
			if math.Abs(W[i][j]) >= modelScale/2 {
				zero = false
			}
		}
		if !zero {
			w[k] = ws
			kept = append(kept, k)
		}
	}
	return kept, w
}

// Train fits the model on exs and returns the weights file that New embeds
// (model/weights.bin.gz).
func (a *Analyzer) Train(exs []Example, o TrainOptions) ([]byte, error) {
	ps, err := a.prepare(exs)
	if err != nil {
		return nil, err
	}
	keys, w := trainModel(ps, o)
	return writeModel(keys, w, o.Gate)
}

// WithGate returns the weights file w with the gate g: the same weights,
// another rule for when they may change the rules' label.
func WithGate(w []byte, g Gate) ([]byte, error) {
	m, err := readModel(w)
	if err != nil {
		return nil, err
	}
	keys := make([]uint64, 0, len(m.slots))
	ws := make(map[uint64][nOut]float32, len(m.slots))
	for _, s := range m.slots {
		if s.key == 0 {
			continue
		}
		keys = append(keys, s.key)
		var v [nOut]float32
		for j := range nOut {
			v[j] = float32(s.q[j]) * modelScale
		}
		ws[s.key] = v
	}
	slices.Sort(keys)
	return writeModel(keys, ws, g)
}

// NewWithModel builds an analyzer that uses the weights file w (as Train
// writes it) instead of the embedded one.
func NewWithModel(w []byte) (*Analyzer, error) {
	m, err := readModel(w)
	if err != nil {
		return nil, err
	}
	a := build(false)
	a.model = m
	return a, nil
}

// Tally counts right answers of the combined engine on a set of examples.
type Tally struct {
	N, Right, IntentN, IntentRight int
	Confusion                      [3][3]int // label, got: negative, neutral, positive
	Gated                          int       // examples the model applied to
	// Questions are the neutral questions, QuestionsNeg those scored
	// negative.
	Questions, QuestionsNeg int
}

// Acc is the three-class accuracy.
func (t Tally) Acc() float64 { return float64(t.Right) / float64(max(t.N, 1)) }

// NegRecall is the share of negative examples scored negative.
func (t Tally) NegRecall() float64 {
	c := t.Confusion[0]
	return float64(c[0]) / float64(max(c[0]+c[1]+c[2], 1))
}

// IntentAcc is the intent accuracy over the examples that have an intent.
func (t Tally) IntentAcc() float64 { return float64(t.IntentRight) / float64(max(t.IntentN, 1)) }

func (t *Tally) add(e Example, r Result, gated bool) {
	t.N++
	if r.Label == e.Label {
		t.Right++
	}
	t.Confusion[sentIdx[e.Label]][sentIdx[r.Label]]++
	if e.Intent != "" {
		t.IntentN++
		if r.Intent == e.Intent {
			t.IntentRight++
		}
	}
	if gated {
		t.Gated++
	}
	if e.Intent == Question && e.Label == Neutral {
		t.Questions++
		if r.Label == Negative {
			t.QuestionsNeg++
		}
	}
}

// Prediction is an example scored out of fold (CrossPredict): what the
// rules said and what the model, trained without it, predicts.
type Prediction struct {
	Example
	rule  Result
	gated bool // the model applies to it as a social text
	clash bool
	z     [nOut]float64
}

// CrossPredict trains on all folds but one and predicts the one left out,
// for each of k folds.
func (a *Analyzer) CrossPredict(exs []Example, o TrainOptions, k int) ([]Prediction, error) {
	ps, err := a.prepare(exs)
	if err != nil {
		return nil, err
	}
	fold := make([]int, len(ps))
	perm := rand.New(rand.NewPCG(o.Seed, 0xcf)).Perm(len(ps))
	for i, p := range perm {
		fold[p] = i % k
	}
	out := make([]Prediction, len(ps))
	for f := range k {
		var train []prepared
		for i, p := range ps {
			if fold[i] != f {
				train = append(train, p)
			}
		}
		keys, w := trainModel(train, o)
		m := newModel(quantised(keys, w))
		for i, p := range ps {
			if fold[i] == f {
				out[i] = Prediction{Example: p.ex, rule: p.rule, gated: p.gated, clash: p.clash, z: m.probs(p.feats)}
			}
		}
	}
	return out, nil
}

// Evaluate tallies, per set, the combined engine (the model where it
// applies to texts from src, under gate g, the rules elsewhere) and the
// rules alone on out-of-fold predictions.
func Evaluate(ps []Prediction, g Gate, src Source) (model, rules map[string]*Tally) {
	model, rules = map[string]*Tally{}, map[string]*Tally{}
	tally := func(m map[string]*Tally, set string) *Tally {
		if m[set] == nil {
			m[set] = &Tally{}
		}
		return m[set]
	}
	for _, p := range ps {
		applies := p.gated || src == Business
		tally(rules, p.Set).add(p.Example, p.rule, applies)
		r := p.rule
		if applies {
			g.apply(&p.z, &r, p.Lang == German, p.clash, src)
		}
		tally(model, p.Set).add(p.Example, r, applies)
	}
	return model, rules
}

// quantised rounds the weights as the file stores them.
func quantised(keys []uint64, w map[uint64][nOut]float32) map[uint64][nOut]float32 {
	q := make(map[uint64][nOut]float32, len(keys))
	for _, k := range keys {
		ws := w[k]
		for j := range nOut {
			ws[j] = float32(math.Round(float64(ws[j])/modelScale) * modelScale)
		}
		q[k] = ws
	}
	return q
}
