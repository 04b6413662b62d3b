package sentiment

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"io"
	"math"
)

// The model of the third round (issue 19): a multinomial logistic regression
// trained in Go (train.go, `go generate`) on the labelled B2B and own sets
// in testdata, never on the frozen v3 sets. It reads what the rules found
// (compound, intensity, the B2B pass's findings and word flags, the rules'
// intent) and the words themselves (unigrams, unigrams in a negator's
// scope, bigrams, and the first and last five letters of long words, all
// folded: lower case, umlauts spelled out), and gives two distributions:
// negative/neutral/positive and the five intents. It applies only to texts
// that look like business text (looksB2B); other texts keep the rules'
// score, so the VADER tweets are scored as before.
//
// The weights (model/weights.bin.gz) are our own generated data: 64-bit
// feature hashes with eight weights each, int16 quantised, gzipped.

//go:generate go run ./cmd/train -out model/weights.bin.gz

//go:embed model/weights.bin.gz
var modelData []byte

// Outputs of the model: three sentiment classes, then five intents.
const (
	oNeg = iota
	oNeu
	oPos
	oComplaint
	oQuestion
	oRequest
	oPraise
	oOther
	nOut
)

// modelShare is the model's share in the compound of a text whose label it
// changed: modelShare·(P(positive) − P(negative)) + (1 − modelShare)·the
// rules' compound, moved into the new label's band. A small share keeps
// the compound close to VADER's scale (the tweets' correlation).
const modelShare = 0.25

// modelMagic starts the weights file; modelScale is the int16 quantum.
const (
	modelMagic = "vfsm3\n"
	modelScale = 1.0 / 2048
)

// feat is one feature of a text: a hash key and a value.
type feat struct {
	key uint64
	val float32
}

// slot is one feature's weights in the model's open-addressed table; key 0
// is empty.
type slot struct {
	key uint64
	q   [nOut]int16 // the weights in units of modelScale, as in the file
}

// model is a loaded model.
type model struct {
	slots []slot
	mask  uint64
	Gate
}

// Gate says when the model may change the rules' label (chosen by
// cmd/train, stored in the file). Tau is the probability it needs; Kappa
// the largest |compound| of the rules it may overturn with that; Rho the
// probability it needs to overturn a stronger rules' score (above 1:
// never). Kappa holds for English social text, which the VADER tweets
// bound; German texts have KappaDE, English business text (Business)
// KappaBusiness.
type Gate struct {
	Tau, Kappa, Rho, KappaDE float64
	// KappaClash is Kappa for an English social text with positive words
	// beside negative evidence (sarcasm, polite complaints), if larger.
	KappaClash float64
	// KappaBusiness is Kappa for English texts scored as Business: tickets,
	// e-mails, survey answers, which the tweets do not bound.
	KappaBusiness float64
}

// floats are the gate's fields in the file's order.
func (g *Gate) floats() []*float64 {
	return []*float64{&g.Tau, &g.Kappa, &g.Rho, &g.KappaDE, &g.KappaClash, &g.KappaBusiness}
}

// lookup returns the weights of key, or nil when the model does not know
// it.
func (m *model) lookup(key uint64) *[nOut]int16 {
	for i := key & m.mask; ; i = (i + 1) & m.mask {
		s := &m.slots[i]
		if s.key == key {
			return &s.q
		}
		if s.key == 0 {
			return nil
		}
	}
}

// newModel builds the table from weights.
func newModel(w map[uint64][nOut]float32) *model {
	size := 1
	for size < 2*len(w)+1 {
		size <<= 1
	}
	m := &model{slots: make([]slot, size), mask: uint64(size - 1)}
	for k, ws := range w {
		i := k & m.mask
		for m.slots[i].key != 0 {
			i = (i + 1) & m.mask
		}
		var q [nOut]int16
		for j, v := range ws {
			q[j] = int16(math.Round(float64(v) / modelScale))
		}
		m.slots[i] = slot{k, q}
	}
	return m
}

// readModel parses a weights file.
func readModel(data []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(b, []byte(modelMagic)) {
		return nil, errors.New("sentiment model: bad magic")
	}
	b = b[len(modelMagic):]
	var g Gate
	gf := g.floats()
	if len(b) < 4*len(gf) {
		return nil, errors.New("sentiment model: bad length")
	}
	for i, v := range gf {
		*v = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
	}
	b = b[4*len(gf):]
	const rec = 8 + 2*nOut
	if len(b) < 4 || (len(b)-4)%rec != 0 || int(binary.LittleEndian.Uint32(b))*rec != len(b)-4 {
		return nil, errors.New("sentiment model: bad length")
	}
	n := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	w := make(map[uint64][nOut]float32, n)
	for range n {
		k := binary.LittleEndian.Uint64(b)
		var ws [nOut]float32
		for j := range nOut {
			ws[j] = float32(int16(binary.LittleEndian.Uint16(b[8+2*j:]))) * modelScale
		}
		if k == 0 {
			return nil, errors.New("sentiment model: zero key")
		}
		w[k] = ws
		b = b[rec:]
	}
	m := newModel(w)
	m.Gate = g
	return m, nil
}

// writeModel writes weights in the format readModel reads, keys sorted so
// that the file is deterministic.
func writeModel(keys []uint64, w map[uint64][nOut]float32, g Gate) ([]byte, error) {
	var raw bytes.Buffer
	raw.WriteString(modelMagic)
	var b [8 + 2*nOut]byte
	for _, v := range g.floats() {
		binary.LittleEndian.PutUint32(b[:4], math.Float32bits(float32(*v)))
		raw.Write(b[:4])
	}
	binary.LittleEndian.PutUint32(b[:4], uint32(len(keys)))
	raw.Write(b[:4])
	for _, k := range keys {
		binary.LittleEndian.PutUint64(b[:], k)
		ws := w[k]
		for j := range nOut {
			q := math.Round(float64(ws[j]) / modelScale)
			q = math.Max(math.MinInt16, math.Min(math.MaxInt16, q))
			binary.LittleEndian.PutUint16(b[8+2*j:], uint16(int16(q)))
		}
		raw.Write(b[:])
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Kinds of feature, mixed into the key.
const (
	fkRule = iota + 1
	fkWord
	fkNegWord
	fkBigram
	fkPrefix
	fkSuffix
)

// Rule features (fkRule ids).
const (
	rBias = iota
	rCompound
	rCVeryNeg
	rCNeg
	rCNeu
	rCPos
	rCVeryPos
	rIntensity
	rQuestion
	rRequest
	rNotice
	rEval
	rSarcasm
	rComplaint
	rComplaintStrong
	rIntent0 // five: complaint, question, request, praise, other
	rEndQ    = rIntent0 + 5
	rBang    = rEndQ + 1
	rQuest   = rBang + 1
	rPosMass = rQuest + 1
	rNegMass = rPosMass + 1
	rShort   = rNegMass + 1 // ≤ 5 tokens
	rLong    = rShort + 1   // > 15 tokens
	// rClash: positive words beside negative evidence (negative words or
	// complaint cues), the shape of sarcasm and of polite complaints;
	// rClashMass is the smaller of the two masses.
	rClash     = rLong + 1
	rClashMass = rClash + 1
	rFlag0     = 64 // one per B2B word flag present
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// featKey mixes a kind, a language (numLangs: shared by both) and a hash
// into a key that is never 0.
func featKey(kind, lang int, h uint64) uint64 {
	x := h ^ uint64(kind)<<56 ^ uint64(lang+1)<<48
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x | 1
}

var (
	numHash   = fnvAdd(fnvOffset, []byte("<num>"))
	startHash = fnvAdd(fnvOffset, []byte("<s>"))
	// ruleKeys are the keys of the rule features per language (numLangs:
	// shared by both).
	ruleKeys = func() (k [numLangs + 1][rFlag0 + 64]uint64) {
		for l := range k {
			for id := range k[l] {
				k[l][id] = featKey(fkRule, l, uint64(id))
			}
		}
		return k
	}()
)

// wordHash is the hash of token i: its folded form, digits as one word.
func (st *state) wordHash(i int) uint64 {
	t := &st.toks[i]
	if t.emoji {
		return fnvAdd(fnvOffset, []byte(t.raw))
	}
	w := st.word(i)
	if isDigits(w) {
		return numHash
	}
	return fnvAdd(fnvOffset, w)
}

// features fills st.feats with the features of the scored text: the rules'
// findings (compound c, intensity, label and intent) and the words.
func (st *state) features(li int, c, intensity float64, intent string) {
	fs := st.feats[:0]
	keys := &ruleKeys[li]
	rule := func(id int, v float32) {
		fs = append(fs, feat{ruleKeys[numLangs][id], v}, feat{keys[id], v})
	}
	rule(rBias, 1)
	rule(rCompound, float32(c))
	switch {
	case c <= -0.5:
		rule(rCVeryNeg, 1)
	case c <= -Threshold:
		rule(rCNeg, 1)
	case c < Threshold:
		rule(rCNeu, 1)
	case c < 0.5:
		rule(rCPos, 1)
	default:
		rule(rCVeryPos, 1)
	}
	rule(rIntensity, float32(intensity))
	fx := st.facts
	if fx.question {
		rule(rQuestion, 1)
	}
	if fx.request {
		rule(rRequest, 1)
	}
	if fx.notice {
		rule(rNotice, 1)
	}
	if fx.eval {
		rule(rEval, 1)
	}
	if fx.sarcasm {
		rule(rSarcasm, 1)
	}
	if fx.complaint < 0 {
		rule(rComplaint, float32(max(fx.complaint, -4)/4))
		if fx.complaint <= -1.5 {
			rule(rComplaintStrong, 1)
		}
	}
	switch intent {
	case Complaint:
		rule(rIntent0, 1)
	case Question:
		rule(rIntent0+1, 1)
	case Request:
		rule(rIntent0+2, 1)
	case Praise:
		rule(rIntent0+3, 1)
	default:
		rule(rIntent0+4, 1)
	}
	if st.endQ {
		rule(rEndQ, 1)
	}
	if st.bangs > 0 {
		rule(rBang, 1)
	}
	if st.quests > 0 {
		rule(rQuest, 1)
	}
	n := len(st.toks)
	var pos, neg float64
	for _, s := range st.sent[:n] {
		if s > 0 {
			pos += s
		} else {
			neg -= s
		}
	}
	if pos > 0 {
		rule(rPosMass, float32(min(pos, 8)/4))
	}
	if neg > 0 {
		rule(rNegMass, float32(min(neg, 8)/4))
	}
	st.clash = false
	if bad := neg - min(fx.complaint, 0); pos > 0 && bad > 0 {
		st.clash = true
		rule(rClash, 1)
		rule(rClashMass, float32(min(pos, bad, 8)/4))
	}
	if n <= 5 {
		rule(rShort, 1)
	} else if n > 15 {
		rule(rLong, 1)
	}
	var all bflag
	if len(st.bf) == n {
		for _, f := range st.bf {
			all |= f
		}
	}
	for b := 0; all != 0; b++ {
		if all&1 != 0 {
			rule(rFlag0+b, 1)
		}
		all >>= 1
	}

	// Words.
	prev := startHash
	negScope := false
	for i := range n {
		t := &st.toks[i]
		h := st.wordHash(i)
		fs = append(fs, feat{featKey(fkWord, li, h), 1})
		if negScope {
			fs = append(fs, feat{featKey(fkNegWord, li, h), 1})
		}
		fs = append(fs, feat{featKey(fkBigram, li, prev*31^h), 1})
		if w := st.word(i); !t.emoji && len(w) >= 7 && !isDigits(w) {
			fs = append(fs, feat{featKey(fkPrefix, li, fnvAdd(fnvOffset, w[:5])), 1},
				feat{featKey(fkSuffix, li, fnvAdd(fnvOffset, w[len(w)-5:])), 1})
		}
		if !t.emoji && (st.cur[i].flags&fNeg != 0 || len(st.bf) == n && st.bf[i]&bNegator != 0) {
			negScope = true
		}
		prev = h
		if t.endClause {
			negScope = false
			prev = startHash
		}
	}
	st.feats = fs
}

// predict returns the model's raw scores for st.feats.
func (m *model) predict(fs []feat) (z [nOut]float64) {
	// Most features have the value 1 (words, flags): their weights are
	// summed as integers, in units of modelScale, which is exact.
	var iz [nOut]int32
	for _, f := range fs {
		q := m.lookup(f.key)
		switch {
		case q == nil:
		case f.val == 1:
			for k := range nOut {
				iz[k] += int32(q[k])
			}
		default:
			for k := range nOut {
				z[k] += float64(q[k]) * modelScale * float64(f.val)
			}
		}
	}
	for k := range nOut {
		z[k] += float64(iz[k]) * modelScale
	}
	return z
}

// softmax turns z[lo:hi] into probabilities in place.
func softmax(z []float64) {
	mx := z[0]
	for _, v := range z[1:] {
		mx = max(mx, v)
	}
	s := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - mx)
		s += z[i]
	}
	for i := range z {
		z[i] /= s
	}
}

// b2bFlags are word flags of business text: what customers expect (arrive,
// Rückruf), orders and deliveries, production, money, documents and IDs,
// durations and points in time, costs and rates.
const b2bFlags = bOrdered | bDone | bProd | bStand | bCurrency | bOrderRef | bTopic | bFailVerb | bVerbLast

// looksB2B reports whether the model applies to the scored text: a German
// text always (the German sets it was checked on are all customer
// messages); an English one when it has a word of business text ("invoice",
// "pallet"), a word the B2B rules read as one of orders, deliveries,
// documents, production or money, or the B2B pass found a request or a
// notice. English tweets rarely have one, so they keep the rules' score.
func (st *state) looksB2B(german bool) bool {
	if german || st.biz || st.facts.request || st.facts.notice {
		return true
	}
	if len(st.bf) != len(st.toks) {
		return false
	}
	for _, f := range st.bf {
		if f&b2bFlags != 0 {
			return true
		}
	}
	return false
}

// applyModel replaces the rules' label, compound and intent by the model's
// when it applies: to every text scored as Business, and to a social text
// that looks like business text. The label is the most probable class; the
// compound is a blend of P(positive) − P(negative) and the rules' compound
// (modelShare), moved into the label's band (≤ −0.05, between, ≥ 0.05).
// The gate says when the model may overturn the rules' label.
func (a *Analyzer) applyModel(st *state, li int, r *Result, src Source) {
	if a.model == nil || src != Business && !st.looksB2B(li == langDE) {
		return
	}
	st.features(li, r.Compound, r.Intensity, r.Intent)
	z := a.model.probs(st.feats)
	a.model.Gate.apply(&z, r, li == langDE, st.clash, src)
}

// probs is the model's prediction for the features fs: the sentiment
// distribution, then the intent distribution.
func (m *model) probs(fs []feat) [nOut]float64 {
	z := m.predict(fs)
	softmax(z[oNeg : oPos+1])
	softmax(z[oComplaint:])
	return z
}

// apply sets r from the model's prediction z where the gate lets it: the
// model does not change a label when its own probability is below Tau, nor,
// unless it reaches Rho, when the rules' |compound| is above the kappa of
// the text's language and source.
func (g Gate) apply(z *[nOut]float64, r *Result, german, clash bool, src Source) {
	c := modelShare*(z[oPos]-z[oNeg]) + (1-modelShare)*r.Compound
	tau, kappa := g.Tau, g.Kappa
	switch {
	case german:
		kappa = g.KappaDE
	case src == Business:
		kappa = g.KappaBusiness
	case clash:
		kappa = max(kappa, g.KappaClash)
	}
	if math.Abs(r.Compound) > kappa {
		// The rules' score is too strong to overturn unless the model is
		// sure (rho).
		tau = g.Rho
	}
	label, intent := joint(z, -1)
	if cls := oNeg + classOf(r.Label); label != cls && z[label] >= tau {
		switch label {
		case oNeg:
			r.Label, r.Compound = Negative, min(c, -Threshold)
		case oPos:
			r.Label, r.Compound = Positive, max(c, Threshold)
		default:
			r.Label, r.Compound = Neutral, max(-Threshold+0.001, min(Threshold-0.001, c))
		}
	} else if label != cls {
		// The rules' label stands: the intent most probable with it.
		_, intent = joint(z, cls)
	}
	r.Intensity = max(r.Intensity, math.Abs(r.Compound))
	r.Intent = [...]string{Complaint, Question, Request, Praise, Other}[intent-oComplaint]
}

// intentsOf are the intents a sentiment class goes with, as the labelled
// sets pair them: a complaint is negative, praise positive, a question, a
// request or a notice neutral.
var intentsOf = [3][]int{
	oNeg: {oComplaint},
	oNeu: {oQuestion, oRequest, oOther},
	oPos: {oPraise},
}

// joint is the most probable pair of sentiment class and intent that go
// together (P(class)·P(intent), z softmaxed per head); only for class cls
// when cls ≥ 0.
func joint(z *[nOut]float64, cls int) (label, intent int) {
	best := -1.0
	for l := oNeg; l <= oPos; l++ {
		if cls >= 0 && l != cls {
			continue
		}
		for _, i := range intentsOf[l] {
			if p := z[l] * z[i]; p > best {
				best, label, intent = p, l, i
			}
		}
	}
	return label, intent
}

// classOf is the sentiment class of a label: 0 negative, 1 neutral, 2
// positive.
func classOf(label string) int {
	switch label {
	case Negative:
		return oNeg
	case Positive:
		return oPos
	}
	return oNeu
}
