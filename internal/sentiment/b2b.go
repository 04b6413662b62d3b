package sentiment

import "strings"

// The B2B rules (issue 19): how business customers complain and praise
// without feeling words. They run after the VADER valences of the words are
// known and before the contrast rule, so a cue after "but" weighs 1.5 like
// any word there. What they do, in order (docs/sentiment.md has examples):
//
//  1. Cues with their own valence replace the words they cover: unmet
//     promises ("promised", "zugesagt"), repetition ("once again", "schon
//     wieder"), impact ("stood still"), deviations ("than ordered"),
//     sarcasm markers ("just great", "na toll"), requests at the start
//     ("could you") and plain praise ("same day", "so muss das laufen").
//     Damage words the lexicons lack ("bent", "verbogen") count like
//     lexicon words, not as complaints.
//  2. Absence and failure: a negator whose clause names something a
//     customer expects — an event (arrive, ship, answer, fix) or a thing
//     (answer, refund, Rückruf) — with no sentiment word between: "never
//     arrived", "without fixing", "kein Rückruf", "kam nie", "It didn't.".
//     "still"/"noch" makes it weigh more. Another negated fact without a
//     sentiment word is weak evidence.
//  3. Waiting ("still waiting", "it has been a month"), "still open",
//     ordinals of repeated tickets, "the line is down", German separable
//     failure verbs ("bricht … ab"), time against expectation ("six days for
//     a 24h ticket", a duration with "took"/"gedauert"); a short duration
//     after "within"/"innerhalb" is praise; "zero"/"not a single" negate the
//     problem after them.
//  4. Repetition ("again", "wieder", "same") deepens a text that is already
//     negative; "once again", "every time" also make a neutral one negative.
//  5. Sarcasm: a marker (🙄, "just great", "na toll") or an opening "Great,"
//     / "Toll," before a negative fact turns the positive words negative.
//     Politeness ("thanks", "hope", "sorry", "danke") around a complaint
//     counts nothing, nor do mild positive words beside a clear complaint.
//  6. Questions, requests and notices are neutral unless evaluative: in a
//     question's own sentence, without a complaint cue, words below valence
//     2.5 count nothing; in a request or a notice ("attached", "anbei") the
//     problem words ("error", "defekt"), weak negatives and politeness count
//     nothing. "Why … always", "how is it possible", "wie oft" make a
//     question a complaint.
//
// A second round (after the first frozen test sets were measured) reads
// facts that need a little domain knowledge: a quantity short of the one
// ordered or of the one on a document ("300 of the 500", "the slip lists
// 30, the box held 24"), two currencies, "instead of" after what was
// delivered, a duration or a point in time past the one planned, pending
// since a date, "we had to" with what it cost; threats, escalation and
// "instead of" are topics that count nothing in questions and requests; in
// a question, what follows "if"/"wenn" has not happened; and praise without
// adjectives: a cost or a problem rate that went down, a problem that is
// gone, a quick turnaround. Those rules run only when the text has the
// words they need.
//
// The same pass finds the intent: complaint, question, request, praise or
// other.

// bflag marks what a word does for the B2B rules.
type bflag uint64

const (
	bQStart    bflag = 1 << iota // a question word at the start
	bReqStart                    // a request word at the start: please, bitte
	bNotice                      // a notice: attached, anbei
	bEval                        // makes a question evaluative: always, eigentlich
	bStill                       // still, yet, noch
	bExpect                      // something a customer expects: arrive, answer, Rückruf
	bNegator                     // negators beyond the sentiment negators: nobody, no
	bNothing                     // nothing, nichts: absence alone at a clause end
	bWait                        // waiting, chasing
	bRepeat                      // again, wieder: deepens a negative text
	bUnit                        // a time unit
	bSmallUnit                   // minute, hour
	bNum                         // a number word
	bPolite                      // thanks, hope, sorry, danke
	bFor                         // for, für
	bTook                        // took, gedauert
	bOnly                        // only, nur
	bWithin                      // within, innerhalb
	bCue                         // first word of a cue
	bOrdered                     // ordered, bestellt
	bDone                        // installed, delivered, eingebaut
	bStand                       // steht, stand: "Produktion steht"
	bProd                        // production, Linie, Anlage
	bDown                        // down: "the line is down"
	bBe                          // is, are, went, been: before "down"
	bSince                       // since, seit, forever
	bOpener                      // great, toll: an ironic opener before a negative fact
	bOne                         // a, one, ein: "within a day"
	bWithout                     // without, ohne
	bZero                        // zero, null: "zero unplanned stops" negates
	bSingle                      // single, einziger: "not a single … lost"
	bDay                         // day, Tag
	bWeek                        // week, Woche
	bPassNeg                     // nobody, never: the negation is the verb's, past an adjective
	bState                       // open, offen: "still open" is waiting
	bElapsed                     // been, jetzt: "it has been a month"
	bFailVerb                    // fällt, bricht, stürzt: "fällt … aus" (German)
	bOrdinal                     // third, dritte: "the fourth ticket"
	bRepNoun                     // time, ticket, Mal: what an ordinal counts
	bOf                          // of, von: "300 of the 500"
	bArticle                     // the, den: "300 of the 500"
	bImpact                      // rent, buy, by hand, kaufen: what "we had to" do at a cost
	bCurrency                    // dollars, euros, Franken
	bOrderRef                    // ordered, bestellten: the quantity ordered is near
	bTopic                       // covered by a topic cue ("instead of", "eskalieren")
	bRegret                      // unfortunately, leider: what follows is a complaint
	bPlan                        // quoted, planned, geplant: the duration after it was expected
	bAll                         // all, alle: "All 60 drums delivered"
	bInstead                     // instead, statt: a deviation only after what was delivered or charged
	bGot                         // got, delivered, charged, bekommen: before "instead of"
	bVerbLast                    // geschickt, geliefert: a German participle that may follow "statt"
	bTimePoint                   // a weekday, a month, "week"/"KW": a point in time
	bIDNoun                      // PO, ticket, Los: the number after it is an ID, not a quantity
	bStartEv                     // filed, reported, eingereicht: what starts a turnaround
	bDecrease                    // down, cut, gesunken: with a cost or a problem, an improvement
	bMetric                      // cost, time, rate, Kosten: what can go down for the better
	bGone                        // gone, fixed, weg: a problem before it is over
	bIf                          // if, when, wenn: what follows in a question is hypothetical
	bUsed                        // covered by a cue
	// bBiz marks a word of business text ("invoice", "Lieferung"): the
	// model applies to texts with one (model.go). The rules never see it.
	bBiz
)

// Kinds of cue.
const (
	kPlain  = iota // a valence
	kRepeat        // strong repetition: applies to neutral texts too
	kSarc          // a sarcasm marker
	kReq           // a request at the start ("could you"); its words count nothing
	kQ             // a question at the start ("can you tell")
	kEval          // an evaluative question ("how is it possible")
	kDefect        // a word for damage ("bent"): a valence like the lexicon's, no complaint by itself
	kFixed         // a complaint cue a negator before it does not turn ("without the promised report")
	kTopic         // a deviation, cancellation or escalation ("instead of", "another supplier"): a complaint, but a topic in questions and requests
	kHad           // "we had to", "wir mussten": a complaint when what had to be done cost something
	kSarc2         // a sarcasm marker that needs only a negative word: "what a surprise", "oh great"
)

type cue struct {
	val  float32
	kind uint8
}

// b2bSpec is a language's B2B rules as written: words per flag and cues.
type b2bSpec struct {
	flags map[bflag]string // space-separated words
	cues  map[string]cue
	// problem are stems of problem words ("error", "defekt"): neutral in a
	// question, request or notice. German matches them inside compounds.
	problem []string
	// defects are words for damage and faults the lexicon lacks ("bent",
	// "verbogen"), with their valence; German adjectives get their endings
	// (-e, -en, -er, -es). They are problem words too.
	defects map[string]float32
}

// b2bRules are a language's B2B rules, folded for lookup.
type b2bRules struct {
	words    map[string]bflag
	cues     map[string]cue
	maxCue   int
	problem  []string
	contains bool
	// byFirst are the problem stems by their first byte, to find them
	// inside a word (contains) without a search per stem.
	byFirst [256][]string
}

func newB2B(s b2bSpec, german bool) *b2bRules {
	r := &b2bRules{words: map[string]bflag{}, cues: map[string]cue{}, contains: german}
	for f, ws := range s.flags {
		for _, w := range strings.Fields(ws) {
			r.words[key(w)] |= f
		}
	}
	for k, c := range s.cues {
		fk := key(k)
		r.cues[fk] = c
		ws := strings.Fields(fk)
		r.words[ws[0]] |= bCue
		r.maxCue = max(r.maxCue, len(ws))
	}
	for _, p := range s.problem {
		r.problem = append(r.problem, key(p))
	}
	for w, v := range s.defects {
		forms := []string{w}
		if german {
			forms = append(forms, w+"e", w+"en", w+"er", w+"es", w+"em")
		}
		for _, f := range forms {
			r.cues[key(f)] = cue{v, kDefect}
			r.words[strings.Fields(key(f))[0]] |= bCue // "too short": the cue starts at "too"
		}
		r.problem = append(r.problem, key(w))
	}
	for _, p := range r.problem {
		if p != "" {
			r.byFirst[p[0]] = append(r.byFirst[p[0]], p)
		}
	}
	return r
}

// attachB2B puts the B2B flags and cue lengths of r into the language's
// word entries (adding entries without a valence for words the lexicon
// lacks) and keeps r for the cues.
func (l *language) attachB2B(r *b2bRules) {
	l.b2b = r
	for w, f := range r.words {
		e := l.words[w]
		e.b2b |= f
		l.words[w] = e
	}
	for k := range r.cues {
		ws := strings.Fields(k)
		e := l.words[ws[0]]
		e.cueLens |= 1 << (len(ws) - 1)
		l.words[ws[0]] = e
	}
}

// isProblem reports a problem word: one that names a topic ("error",
// "Fehlercode") rather than an attitude.
func (r *b2bRules) isProblem(w []byte) bool {
	if r.contains {
		for i, c := range w {
			for _, p := range r.byFirst[c] {
				if len(w)-i >= len(p) && string(w[i:i+len(p)]) == p {
					return true
				}
			}
		}
		return false
	}
	for _, p := range r.problem {
		if len(w) < len(p) {
			continue
		}
		if r.contains {
			if strings.Contains(string(w), p) {
				return true
			}
		} else if string(w[:len(p)]) == p {
			return true
		}
	}
	return false
}

func isDigits(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	for _, c := range w {
		if (c < '0' || c > '9') && c != '.' && c != ',' {
			return false
		}
	}
	return true
}

// durationAt reports whether a duration starts at token i ("six days",
// "90 minutes", "a week", "24h") and the index of its unit.
func (st *state) durationAt(i int) (unit int, ok bool) {
	bf := st.bf
	w := st.word(i)
	if bf[i]&bUnit != 0 && len(w) > 1 && w[0] >= '0' && w[0] <= '9' {
		return i, true // "24h", "48-stunden-ticket" is not one
	}
	if bf[i]&bNum == 0 && !isDigits(w) {
		return 0, false
	}
	for j := i + 1; j < len(st.toks) && j <= i+2; j++ {
		if bf[j]&bUnit != 0 {
			return j, true
		}
		if st.toks[j-1].endClause {
			break
		}
	}
	return 0, false
}

// worthIt reports "worth the (two hour) wait".
func (st *state) worthIt(i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if w := string(st.word(j)); w == "worth" || w == "wert" {
			return true
		}
	}
	return false
}

// waitingLong reports whether the waiting word i is a complaint: "still
// waiting", waiting with a duration or "since" in its clause, or in a text
// that already complains.
func (st *state) waitingLong(i int, neg float64) bool {
	if neg < 0 {
		return true
	}
	bf, toks := st.bf, st.toks
	if i > 0 && bf[i-1]&bStill != 0 || i > 1 && bf[i-2]&bStill != 0 {
		return true
	}
	for j := i - 5; j < len(toks) && j <= i+5; j++ {
		if j < 0 || j == i {
			continue
		}
		if j < i && toks[j].endClause || j > i && toks[j-1].endClause {
			if j > i {
				break
			}
			continue
		}
		if bf[j]&(bSince|bUnit) != 0 {
			return true
		}
	}
	return false
}

// negatedFact reports whether negator i negates a plain fact: its clause
// has no sentiment word, its sentence is no question, the text no request,
// and it is not "not only".
func (st *state) negatedFact(i int, sent []float64, req bool) bool {
	toks := st.toks
	n := len(toks)
	if req || i+1 < n && string(st.word(i+1)) == "only" {
		return false
	}
	lo := i
	for lo > 0 && !toks[lo-1].endClause {
		lo--
	}
	hi := i
	for hi < n-1 && !toks[hi].endClause {
		hi++
	}
	for j := lo; j <= hi; j++ {
		if sent[j] != 0 {
			return false
		}
	}
	// The sentence must not end with "?".
	for j := i; j < n; j++ {
		if toks[j].endSent {
			return !(j == n-1 && st.endQ) && !toks[j].endQ
		}
	}
	return !st.endQ
}

// clauseHas reports whether a word after token i in its clause is w
// (folded).
func (st *state) clauseHas(i int, w string) bool {
	for j := i + 1; j < len(st.toks); j++ {
		if string(st.word(j)) == w {
			return true
		}
		if st.toks[j].endClause {
			break
		}
	}
	return false
}

// exclaimed reports whether token i's sentence ends with "!".
func (st *state) exclaimed(i int) bool {
	for ; i < len(st.toks); i++ {
		if st.toks[i].endSent {
			return st.toks[i].endBang
		}
	}
	return false
}

// questionSpan is the question's own sentence: the last one when the text
// ends with "?", else the first.
func (st *state) questionSpan() (lo, hi int) {
	toks := st.toks
	n := len(toks)
	hi = n
	if st.endQ {
		for k := n - 2; k >= 0; k-- {
			if toks[k].endSent {
				return k + 1, n
			}
		}
		return 0, n
	}
	for k := range n {
		if toks[k].endSent {
			return 0, k + 1
		}
	}
	return 0, n
}

// numVal is the value of a number written in digits ("300", "1,240",
// "1.800", "3,10") or a number word ("twelve", "zwölf").
func numVal(w []byte) (float64, bool) {
	if isDigits(w) {
		if len(w) > 7 {
			return 0, false // an ID
		}
		// A separator before exactly three digits groups thousands; any
		// other is a decimal point.
		v, frac, scale, sep := 0.0, false, 1.0, -1
		for k, c := range w {
			if c == '.' || c == ',' {
				sep = k
			}
		}
		thousands := sep >= 0 && len(w)-sep-1 == 3
		for k, c := range w {
			switch {
			case c == '.' || c == ',':
				if !thousands && k == sep {
					frac = true
				}
			case frac:
				scale /= 10
				v += float64(c-'0') * scale
			default:
				v = v*10 + float64(c-'0')
			}
		}
		return v, true
	}
	switch string(w) {
	case "one", "eins":
		return 1, true
	case "two", "zwei":
		return 2, true
	case "three", "drei":
		return 3, true
	case "four", "vier":
		return 4, true
	case "five", "fuenf":
		return 5, true
	case "six", "sechs":
		return 6, true
	case "seven", "sieben":
		return 7, true
	case "eight", "acht":
		return 8, true
	case "nine", "neun":
		return 9, true
	case "ten", "zehn":
		return 10, true
	case "eleven", "elf":
		return 11, true
	case "twelve", "zwoelf":
		return 12, true
	case "fifteen", "fuenfzehn":
		return 15, true
	case "twenty", "zwanzig":
		return 20, true
	case "thirty", "dreissig":
		return 30, true
	case "forty", "vierzig":
		return 40, true
	case "fifty", "fuenfzig":
		return 50, true
	case "hundred", "hundert":
		return 100, true
	}
	return 0, false
}

// shortfall reports a quantity short of the one ordered: "300 of the 500",
// "14 von 20", or a number near "ordered"/"bestellten" or after an opening
// "Of the"/"Von den", and a smaller one in the same sentence next to an
// expected event ("520 came", "45 wurden geliefert").
func (st *state) shortfall(li int) bool {
	bf, toks := st.bf, st.toks
	n := len(toks)
	ref, refAt := 0.0, -1
	for i := range n {
		if toks[i].emoji {
			continue
		}
		v, ok := numVal(st.word(i))
		if !ok {
			if i > 0 && toks[i-1].endSent {
				refAt = -1
			}
			continue
		}
		// "N of (the) M", not "one of the three best things"
		if j := i + 1; j < n-1 && bf[j]&bOf != 0 && !toks[i].endClause && !toks[j].endClause {
			k := j + 1
			if bf[k]&bArticle != 0 && k+1 < n && !toks[k].endClause {
				k++
			}
			if m, ok := numVal(st.word(k)); ok && v < m && !(i > 0 && bf[i-1]&bNegator != 0) && !(i > 0 && st.cur[i-1].flags&fNeg != 0) && (k+1 >= n || st.cur[k+1].val == 0) {
				return true
			}
		}
		// The quantity of reference: next to "ordered", or after an
		// opening "Of the", "Von den".
		isRef := false
		for j := i - 3; j <= i+3 && j < n; j++ {
			if j >= 0 && j != i && bf[j]&bOrderRef != 0 {
				isRef = true
			}
		}
		if i > 0 && bf[i-1]&bOf != 0 && (i == 1 || toks[i-2].endClause) || i > 1 && bf[i-1]&bArticle != 0 && bf[i-2]&bOf != 0 && (i == 2 || toks[i-3].endClause) {
			isRef = true
		}
		if refAt >= 0 && v < ref {
			for j := max(i-2, 0); j <= i+4 && j < n; j++ {
				if j != i && bf[j]&bExpect != 0 {
					return true
				}
			}
		}
		if isRef && refAt < 0 {
			ref, refAt = v, i
		}
		if toks[i].endSent {
			refAt = -1
		}
	}
	return false
}

// deliveredInstead reports whether "instead of"/"statt" at i is a
// deviation: what was delivered, sent or charged comes before it in the
// sentence ("We were sent the 230 V version instead of the 110 V one"), or a
// number follows it ("20 statt 25 Kartons").
func (st *state) deliveredInstead(i int) bool {
	toks := st.toks
	for j := i - 1; j >= 0 && j >= i-10 && !toks[j].endSent; j-- {
		if st.bf[j]&bGot != 0 {
			return true
		}
	}
	// German puts the verb last: "… anstelle der 110-V-Ausführung geschickt".
	for j := i + 1; j < len(toks) && j <= i+10; j++ {
		if st.bf[j]&bGot != 0 && st.bf[j]&bVerbLast != 0 {
			return true
		}
		if toks[j].endSent {
			break
		}
	}
	return false
}

// timePoint is a weekday (kind 1), a month (2) or a numbered week ("week
// 14", "KW 14"; 3) at token i, and its number.
func (st *state) timePoint(i int) (kind, v int) {
	w := st.word(i)
	if (string(w) == "at" || string(w) == "um") && i+1 < len(st.toks) && isDigits(st.word(i+1)) {
		if n, _ := numVal(st.word(i + 1)); n <= 24 {
			return 4, int(n) // "at 8", "um 10 Uhr"
		}
		return 0, 0
	}
	if (string(w) == "week" || string(w) == "kw" || string(w) == "woche") && i+1 < len(st.toks) && isDigits(st.word(i+1)) {
		n, _ := numVal(st.word(i + 1))
		return 3, int(n)
	}
	switch string(w) {
	case "monday", "montag":
		return 1, 1
	case "tuesday", "dienstag":
		return 1, 2
	case "wednesday", "mittwoch":
		return 1, 3
	case "thursday", "donnerstag":
		return 1, 4
	case "friday", "freitag":
		return 1, 5
	case "saturday", "samstag":
		return 1, 6
	case "sunday", "sonntag":
		return 1, 7
	case "january", "januar":
		return 2, 1
	case "february", "februar":
		return 2, 2
	case "march", "maerz":
		return 2, 3
	case "april":
		return 2, 4
	case "mai":
		return 2, 5
	case "june", "juni":
		return 2, 6
	case "july", "juli":
		return 2, 7
	case "august":
		return 2, 8
	case "september":
		return 2, 9
	case "october", "oktober":
		return 2, 10
	case "november":
		return 2, 11
	case "december", "dezember":
		return 2, 12
	}
	return 0, 0
}

// latePoint finds a point in time after the one expected: "confirmed for
// week 14. We are in week 17.", "Der für Montag versprochene Fix kam am
// Donnerstag." It returns the later point's index, or -1.
func (st *state) latePoint() int {
	bf, toks := st.bf, st.toks
	n := len(toks)
	kind, v, at := 0, 0, -1
	for i := range n {
		if bf[i]&bTimePoint == 0 {
			continue
		}
		k, x := st.timePoint(i)
		if k == 0 {
			continue
		}
		if at >= 0 {
			later := i > at+1 && k == kind && x != v && (k != 3 || x > v)
			for j := at; j < i && later; j++ {
				if toks[j].endClause || bf[j]&bExpect != 0 {
					return i // in another clause, or after "came", "kam"
				}
			}
			continue
		}
		for j := max(i-5, 0); j <= i+3 && j < n; j++ {
			if bf[j]&bPlan != 0 {
				kind, v, at = k, x, i
				break
			}
			if j >= i && toks[j].endClause {
				break
			}
		}
	}
	return -1
}

// turnaround reports a quick sequence: something filed or ordered on one
// day and, in the next clause, what followed on another ("Claim filed on
// Monday, credit note on Wednesday"), with no negative word.
func (st *state) turnaround(r *b2bRules, sent []float64) bool {
	bf, toks := st.bf, st.toks
	start, first := false, -1
	for i := range toks {
		if sent[i] < 0 && !r.isProblem(st.word(i)) {
			return false // "Claim filed" is a topic, "late" is not
		}
		if bf[i]&bStartEv != 0 {
			start = true
		}
		if bf[i]&bTimePoint == 0 {
			continue
		}
		if k, _ := st.timePoint(i); k != 1 && k != 4 {
			continue
		}
		if first < 0 {
			first = i
			continue
		}
		if !start {
			return false
		}
		for j := first; j < i; j++ {
			if toks[j].endClause {
				return bf[i-1]&bPlan == 0
			}
		}
	}
	return false
}

// improvement reports a cost, a time or a problem that went down ("Our
// scrap rate fell from 3% to 0.5%", "Fehlerquote halbiert") and makes it
// praise: the problem words in that sentence count nothing, the decrease
// counts 1.5.
func (st *state) improvement(r *b2bRules, german bool, sent []float64) bool {
	bf, toks := st.bf, st.toks
	n := len(toks)
	isMetric := func(j int) bool {
		w := st.word(j)
		return bf[j]&bMetric != 0 || german && (strings.HasSuffix(string(w), "kosten") || strings.HasSuffix(string(w), "quote") || strings.HasSuffix(string(w), "zeit"))
	}
	lo := 0
	for i := range n {
		if i > 0 && toks[i-1].endSent {
			lo = i
		}
		if bf[i]&bDecrease == 0 {
			continue
		}
		// The metric: before the decrease in its clause ("our scrap rate
		// fell"), or after a verb that takes it ("cut our costs");
		// German either way.
		metric := false
		w := string(st.word(i))
		takes := w == "cut" || w == "cuts" || w == "reduced" || w == "lowered" || w == "halved" || german
		if w == "down" && (i == 0 || bf[i-1]&bBe == 0) {
			continue // "went down", not "come down"
		}
		for j := i - 1; (german || !takes) && j >= 0 && j >= i-5 && !toks[j].endClause; j-- {
			if isMetric(j) {
				metric = true
			}
		}
		for j := i + 1; takes && j < n && j <= i+4 && !toks[j-1].endClause; j++ {
			if isMetric(j) {
				metric = true
			}
		}
		if !metric {
			continue
		}
		hi := i
		for hi < n-1 && !toks[hi].endSent {
			hi++
		}
		for j := lo; j <= hi; j++ {
			if sent[j] >= 1 && j != i {
				return false // "quality went down" is no improvement
			}
		}
		for j := lo; j <= hi; j++ {
			if sent[j] < 0 && r.isProblem(st.word(j)) {
				sent[j] = 0
			}
		}
		sent[i] += 1.5
		bf[i] |= bUsed
		return true
	}
	return false
}

// fasterThan reports a duration (its unit at u) followed by "instead of"
// or "statt" and a larger number: "takes one day instead of three".
func (st *state) fasterThan(u int) bool {
	toks := st.toks
	n := len(toks)
	d, ok := numVal(st.word(u - 1))
	if !ok {
		d = 1 // "a day", "einen Tag"
	}
	for j := u + 1; j < n && j <= u+3; j++ {
		if st.bf[j]&bInstead == 0 {
			continue
		}
		for k := j + 1; k < n && k <= j+2; k++ {
			if m, ok := numVal(st.word(k)); ok {
				return m > d
			}
		}
	}
	return false
}

// whSoon reports a question word among the first three words of the
// question at lo: "Up to what point can …?", "By when …?".
func (st *state) whSoon(lo int) bool {
	switch string(st.word(lo)) {
	case "up", "by", "until", "till", "from", "since", "within", "after", "before", "in", "on", "at", "for", "to":
	default:
		return false
	}
	for j := lo + 1; j < len(st.toks) && j <= lo+2; j++ {
		switch string(st.word(j)) {
		case "what", "which", "when", "where", "who", "how", "why":
			return true
		}
	}
	return false
}

// sinceState finds "since" and a month or weekday in a clause that says
// something is pending: "sitting with your finance team since August",
// "liegt seit August bei Ihrer Finanzabteilung". It returns the index of
// "since", or -1.
func (st *state) sinceState() int {
	bf, toks := st.bf, st.toks
	n := len(toks)
	for i := 0; i+1 < n; i++ {
		if bf[i]&bSince == 0 || bf[i+1]&bTimePoint == 0 {
			continue
		}
		if k, _ := st.timePoint(i + 1); k != 1 && k != 2 {
			continue
		}
		lo, hi := i, i
		for lo > 0 && !toks[lo-1].endClause {
			lo--
		}
		for hi < n-1 && !toks[hi].endClause {
			hi++
		}
		for j := lo; j <= hi; j++ {
			if st.sent[j] >= 2 {
				return -1 // "happy customers since March"
			}
		}
		for j := lo; j <= hi; j++ {
			if bf[j]&bState != 0 && string(st.word(j)) != "in" && string(st.word(j)) != "im" && string(st.word(j)) != "at" {
				return i
			}
		}
	}
	return -1
}

// hypothetical reports an "if"/"when"/"wenn" before token i in its
// sentence: in a question, what it says has not happened.
func (st *state) hypothetical(i int) bool {
	for j := i - 1; j >= 0 && !st.toks[j].endSent; j-- {
		if st.bf[j]&bIf != 0 {
			return true
		}
	}
	return false
}

// problemGone reports a problem that is over: "the fault was gone", "der
// Fehler war weg", with no negator in the clause. The problem words count
// nothing, the end of it 1.5.
func (st *state) problemGone(r *b2bRules, sent []float64) bool {
	bf, toks := st.bf, st.toks
	for i := range toks {
		if bf[i]&bGone == 0 {
			continue
		}
		prob := -1
		for j := i - 1; j >= 0 && j >= i-3 && !toks[j].endClause; j-- {
			if st.cur[j].flags&fNeg != 0 || bf[j]&bNegator != 0 {
				return false
			}
			if r.isProblem(st.word(j)) {
				prob = j
			}
		}
		if prob < 0 {
			continue
		}
		sent[prob] = 0
		sent[i] += 1.5
		bf[i] |= bUsed
		return true
	}
	return false
}

// unitHours is a time unit in hours.
func unitHours(w []byte) float64 {
	switch s := string(w); {
	case strings.HasPrefix(s, "min"):
		return 1.0 / 60
	case s == "h" || s == "hr" || s == "hrs" || s == "std" || strings.HasPrefix(s, "hour") || strings.HasPrefix(s, "stunde"):
		return 1
	case strings.HasPrefix(s, "day") || strings.HasPrefix(s, "tag"):
		return 24
	case strings.HasPrefix(s, "week") || strings.HasPrefix(s, "woche"):
		return 168
	case strings.HasPrefix(s, "month") || strings.HasPrefix(s, "monat"):
		return 720
	}
	return 0
}

// overPlan finds a duration that overran the one expected: "quoted as two
// days; the machine came back after five weeks", "für einen Tag geplant und
// hat vier Tage gedauert". It returns the index of the longer duration's
// unit, or -1.
func (st *state) overPlan() int {
	bf, toks := st.bf, st.toks
	n := len(toks)
	planned := 0.0
	for i := range n {
		unit, ok := st.durationAt(i)
		if !ok {
			continue
		}
		v, ok := numVal(st.word(i))
		if !ok {
			if bf[i]&bOne == 0 && unit != i {
				continue
			}
			v = 1
			if unit == i { // "24h"
				v, _ = numVal(st.word(i)[:len(st.word(i))-1])
			}
		}
		h := v * unitHours(st.word(unit))
		if h == 0 {
			continue
		}
		if planned > 0 && h > planned {
			return unit
		}
		if planned == 0 {
			for j := max(i-4, 0); j <= unit+2 && j < n; j++ {
				if bf[j]&bPlan != 0 {
					planned = h
					break
				}
			}
		}
	}
	return -1
}

// anotherAt reports "another", "noch ein" at i: "Great, another update
// that resets everything."
func (st *state) anotherAt(i int) bool {
	if i >= len(st.toks) {
		return false
	}
	w := string(st.word(i))
	return w == "another" || w == "noch" && i+1 < len(st.toks) && strings.HasPrefix(string(st.word(i+1)), "ein")
}

// mismatch reports two quantities that differ where they should agree: a
// number next to a document or the order ("the packing slip lists 30", "laut
// Auftragsbestätigung … 12") and, in another clause, one that ends its
// clause ("the box held 24", "im Karton waren 24").
func (st *state) mismatch() bool {
	bf, toks := st.bf, st.toks
	n := len(toks)
	type num struct {
		v          float64
		at         int
		ref, final bool
	}
	var nums [8]num
	k := 0
	for i := 0; i < n && k < len(nums); i++ {
		v, ok := numVal(st.word(i))
		if !ok || toks[i].emoji || !isDigits(st.word(i)) && bf[i]&bNum == 0 || i > 0 && bf[i-1]&(bIDNoun|bTimePoint) != 0 ||
			v >= 1900 && v <= 2100 || i+1 < n && bf[i+1]&(bUnit|bTimePoint|bCurrency) != 0 || i > 0 && bf[i-1]&bCurrency != 0 {
			continue
		}
		isRef := false
		for j := max(i-4, 0); j <= i+2 && j < n; j++ {
			if j != i && bf[j]&bOrderRef != 0 {
				isRef = true
			}
		}
		nums[k] = num{v, i, isRef, toks[i].endClause || i == n-1}
		k++
	}
	for a := range k {
		for b := range k {
			x, y := nums[a], nums[b]
			if !x.ref || a == b || x.v == y.v || !x.final && !y.final {
				continue
			}
			lo, hi := min(x.at, y.at), max(x.at, y.at)
			for j := lo; j < hi; j++ {
				if toks[j].endClause {
					return true
				}
			}
		}
	}
	return false
}

// currencyOf is a currency's family: dollar, euro, franc, pound, yen, yuan.
func currencyOf(w []byte) int {
	switch string(w) {
	case "dollar", "dollars", "usd", "us-dollar":
		return 1
	case "euro", "euros", "eur":
		return 2
	case "franc", "francs", "franken", "chf":
		return 3
	case "pound", "pounds", "sterling", "gbp", "pfund":
		return 4
	case "yen":
		return 5
	case "yuan":
		return 6
	}
	return 0
}

// currencies reports two currencies in one text: "the quote in euros, the
// invoice in Swiss francs".
func (st *state) currencies() bool {
	first := 0
	for i := range st.toks {
		if st.bf[i]&bCurrency == 0 {
			continue
		}
		c := currencyOf(st.word(i))
		if first == 0 {
			first = c
		} else if c != 0 && c != first {
			return true
		}
	}
	return false
}

// hadToCost reports "we had to" (at i) with what it cost in its clause:
// "we had to rent a generator", "wir mussten … von Hand sortieren".
func (st *state) hadToCost(i int, german bool) bool {
	toks := st.toks
	n := len(toks)
	lo := i
	if german {
		for lo > 0 && lo > i-6 && !toks[lo-1].endClause {
			lo--
		}
	}
	for j := lo; j < n && j <= i+12; j++ {
		if j != i && st.bf[j]&bImpact != 0 {
			return true
		}
		if j >= i && toks[j].endClause {
			break
		}
	}
	return false
}

// b2bFacts is what the B2B pass found, for the intent.
type b2bFacts struct {
	question, request, notice, eval, sarcasm bool
	complaint                                float64 // the sum of the negative cues (≤ 0)
}

// b2b applies the B2B rules to the word valences sent.
func (st *state) b2b(l *language, li int, sent []float64) {
	r := l.b2b
	st.facts = b2bFacts{}
	st.biz = false
	if r == nil {
		return
	}
	toks, cur := st.toks, st.cur
	n := len(toks)
	st.bf = st.bf[:0]
	var all bflag // every flag of the text: the rules below run only when theirs are there
	for i := range toks {
		var f bflag
		if !toks[i].emoji {
			w := st.word(i)
			f = toks[i].e[li].b2b
			if f&bBiz != 0 {
				st.biz = true
				f &^= bBiz
			}
			if f == 0 && isDigits(w) {
				f = bNum
			}
		}
		st.bf = append(st.bf, f)
		all |= f
	}
	bf := st.bf
	has := func(f bflag) bool { return all&f == f }
	fx := &st.facts
	neg, lastNeg := 0.0, -1
	add := func(i int, v float64) {
		sent[i] += v
		if v < 0 {
			neg += v
			lastNeg = max(lastNeg, i)
		}
	}
	isNeg := func(i int) bool {
		return !toks[i].emoji && (cur[i].flags&fNeg != 0 || bf[i]&bNegator != 0)
	}

	isQ := st.endQ || bf[0]&bQStart != 0 && st.quests > 0

	// 1. Cues.
	strongRep, sarcMarker, sarcNeg, promised, hadTo := -1, false, false, false, -1
	for i := 0; i < n; i++ {
		if bf[i]&bCue == 0 {
			continue
		}
		lens := toks[i].e[li].cueLens
		for size := min(r.maxCue, n-i); size >= 1; size-- {
			if lens&(1<<(size-1)) == 0 {
				continue
			}
			st.key = st.key[:0]
			for k := i; k < i+size; k++ {
				if k > i {
					st.key = append(st.key, ' ')
				}
				st.key = append(st.key, st.word(k)...)
			}
			c, ok := r.cues[string(st.key)]
			if !ok {
				continue
			}
			if (c.kind == kReq || c.kind == kQ) && i != 0 {
				continue
			}
			for k := i; k < i+size; k++ {
				if c.kind != kSarc || c.val != 0 {
					sent[k] = 0
				}
				bf[k] |= bUsed
				if c.kind == kTopic {
					bf[k] |= bTopic
				}
			}
			switch c.kind {
			case kRepeat:
				strongRep = i
			case kFixed:
				promised = true
			case kSarc:
				sarcMarker = true
			case kSarc2:
				sarcNeg = true
			case kReq:
				fx.request = true
			case kQ:
				fx.question = true
			case kEval:
				fx.eval = true
			case kHad:
				if hadTo < 0 && (i == 0 || string(st.word(i-1)) != "i") {
					hadTo = i
				}
			}
			if c.kind == kTopic && bf[i]&bInstead != 0 && !st.deliveredInstead(i) {
				i += size - 1
				break // "buy this instead of an iPod"
			}
			if c.val > 0 && promised && c.kind == kPlain {
				i += size - 1
				break // "promised a callback within the hour": no praise
			}
			if c.val != 0 {
				v := float64(c.val)
				for j := i - 1; j >= 0 && j >= i-3 && !toks[j].endClause && c.kind != kFixed && c.kind != kRepeat; j-- {
					if isNeg(j) && bf[j]&bWithout == 0 {
						v *= nScalar // "not stuck", "kein Stillstand"
						break
					}
				}
				if c.kind == kDefect || c.kind == kTopic && (isQ || fx.request || bf[0]&bReqStart != 0) {
					sent[i] += v
				} else {
					add(i, v)
				}
			}
			i += size - 1
			break
		}
	}

	// Facts that need a little domain knowledge, outside questions and
	// requests: a quantity short of the one ordered ("300 of the 500",
	// "ordered 800 … 520 came"), two currencies ("the quote in euros, the
	// invoice in francs"), and "we had to" do something that costs ("rent",
	// "by hand", "auf eigene Kosten").
	reqAtStart := fx.request || bf[0]&bReqStart != 0
	short := false
	if !isQ && !reqAtStart {
		short = has(bNum) && (st.shortfall(li) || has(bOrderRef) && st.mismatch())
		if short {
			add(n-1, -1.3)
		}
		if has(bCurrency) && st.currencies() {
			add(n-1, -1.2)
		}
		if hadTo >= 0 && st.hadToCost(hadTo, l.german) {
			add(hadTo, -1.5)
		}
		if has(bTimePoint | bPlan) {
			if at := st.latePoint(); at >= 0 {
				add(at, -1.5) // "promised for Monday … came on Thursday"
			}
		}
		if has(bSince | bTimePoint) {
			if at := st.sinceState(); at >= 0 {
				add(at, -1.5) // "has been sitting with your finance team since August"
			}
		}
		if has(bUnit | bPlan) {
			if at := st.overPlan(); at >= 0 {
				add(at, -1.5) // "planned for two days; it came back after five weeks"
			}
		}
	}

	// A cost, a time or a problem that went down: "Our error rate went down
	// by half", "Lieferkosten … gesunken". The problem words count nothing.
	improved := !isQ && !reqAtStart && neg == 0 && (has(bDecrease) && st.improvement(r, l.german, sent) || has(bGone) && st.problemGone(r, sent))

	// 2. Absence and failure.
	ordered, done, anyNeg := false, false, false
	for i := range n {
		f := bf[i]
		if f&bOrdered != 0 {
			ordered = true
		}
		if f&bDone != 0 && ordered {
			done = true
		}
		if !isNeg(i) {
			continue
		}
		anyNeg = true
		if f&bUsed != 0 || improved && f&bNothing != 0 || isQ && st.hypothetical(i) {
			continue // "dropped to almost nothing"; "… when the article does not match?"
		}
		hit, skipped := false, false
		for j := i + 1; j < n && j <= i+6 && !toks[j-1].endClause; j++ {
			if !skipped && bf[j]&bExpect != 0 || l.german && f&bWithout != 0 && string(st.word(j)) == "zu" && j+1 < n && (!skipped || bf[j+1]&bExpect != 0) {
				hit = true
				break
			}
			passes := f&bPassNeg != 0 && (sent[j] > 0) != (cur[j].val > 0) // negated by "nobody", "nie"
			if bf[j]&bUsed == 0 && cur[j].flags&fLex != 0 && (cur[j].val >= 1 || cur[j].val <= -1) && !passes || isNeg(j) {
				if l.german && f&bWithout != 0 && !isNeg(j) {
					// "ohne den Fehler zu beheben": the expected verb
					// comes last.
					skipped = true
					continue
				}
				break // a sentiment word of its own: VADER's negation has it
			}
		}
		if !hit && l.german && cur[i].flags&fPostNeg != 0 {
			for j := i - 1; j >= 0 && j >= i-6 && !toks[j].endClause; j-- {
				if bf[j]&bExpect != 0 {
					hit = true
					break
				}
				if sent[j] != 0 {
					break
				}
			}
		}
		if !hit && toks[i].endSent && !toks[i].endQ && !toks[i].endBang && (i == 0 || i < 3 || toks[i-1].endSent || i > 1 && toks[i-2].endSent || i > 2 && toks[i-3].endSent) {
			hit = true // "It didn't.", "Hat er nicht."
		}
		if !hit && f&bNothing != 0 && (toks[i].endClause || i == n-1 || i > 0 && bf[i-1]&bStill != 0 || i+1 < n && bf[i+1]&bSince != 0) {
			hit = true
		}
		if !hit && cur[i].flags&fNeg == 0 && f&bNegator != 0 && f&bUsed == 0 {
			// "nobody", which VADER does not count as a negator ("nobody
			// seems responsible"), and "no" beyond the two words VADER's
			// rule reaches ("no real sign of improvement").
			from := i + 1
			if cur[i].flags&fNo != 0 {
				from = i + 3
			}
			for j := from; j < n && j <= i+3 && !toks[j-1].endClause; j++ {
				if sent[j] != 0 && !toks[j].emoji {
					sent[j] *= nScalar
					break
				}
				if j > i+1 && toks[j-1].endClause {
					break
				}
			}
		}
		still := i > 0 && bf[i-1]&bStill != 0 || i > 1 && bf[i-2]&bStill != 0 || i+1 < n && bf[i+1]&bStill != 0
		if !hit {
			// A negated fact with no sentiment word in its clause, outside
			// a question or request: "The data sheet was not included." It
			// is weak evidence: a complaint only with "still".
			if st.negatedFact(i, sent, reqAtStart) {
				if still {
					add(i, -1.2)
				} else {
					sent[i] -= 0.6
				}
			}
			continue
		}
		v := -1.5
		if still {
			v -= 0.6
		}
		add(i, v)
		// The negator's scope was the expected thing: a sentiment word
		// after it keeps its sign ("without fixing the fault", "ohne den
		// Fehler zu beheben").
		for k := i + 1; k < n; k++ {
			if e := cur[k]; e.flags&fLex != 0 && !toks[k].emoji && bf[k]&bUsed == 0 && (sent[k] > 0) != (e.val > 0) && sent[k] != 0 {
				sent[k] /= nScalar
			}
			if toks[k].endClause {
				break
			}
		}
	}

	// Waiting, impact ("steht", "down") and durations.
	waited := false
	for i := range n {
		f := bf[i]
		if f&bUsed != 0 {
			continue
		}
		switch {
		case f&bWait != 0 && !waited && !(i > 0 && isNeg(i-1)) && !st.worthIt(i) && st.waitingLong(i, neg):
			waited = true
			add(i, -1.5)
		case f&bDown != 0 && !improved && i > 0 && (bf[i-1]&bBe != 0 || l.german && i > 2 && (bf[i-2]|bf[i-3])&bBe != 0):
			if i+1 < n && !toks[i].endClause && bf[i+1]&(bFor|bNum) == 0 {
				w := st.word(i + 1)
				if string(w) == "by" || string(w) == "to" || string(w) == "from" {
					break
				}
			}
			add(i, -1.8)
		case f&bStand != 0 && l.german && st.clauseHas(i, "still"):
			add(i, -1.8) // "Die Nachtschicht stand vier Stunden still."
		case f&bStand != 0 && (toks[i].endClause || i == n-1 || i+1 < n && bf[i+1]&bStill != 0):
			for j := i - 1; j >= 0 && j >= i-4 && !toks[j].endClause; j-- {
				if bf[j]&bProd != 0 {
					add(i, -1.8)
					break
				}
			}
		}
		unit, ok := st.durationAt(i)
		if !ok {
			continue
		}
		small := bf[unit]&bSmallUnit != 0
		switch {
		case i > 0 && bf[i-1]&bWithin != 0 || i > 1 && bf[i-2]&bWithin != 0 && bf[i-1]&bUsed == 0:
			if (small || bf[i]&bOne != 0 && bf[unit]&(bDay|bWeek) != 0) && !promised {
				add(unit, 1.3) // "within ten minutes", "within a day"
			}
		case i > 0 && bf[i-1]&(bFor|bSince) != 0 && bf[unit]&(bDay|bWeek) != 0 && !st.endQ:
			sent[unit] -= 0.8 // "ready for dispatch for nine days", "seit neun Tagen"
		case i > 0 && bf[i-1]&bElapsed != 0:
			add(unit, -1.2) // "It has been a month.", "Es ist jetzt ein Monat."
		case (i == 0 || toks[i-1].endClause) && unit+1 < n && (bf[unit+1]&bFor != 0 || toks[unit].endClause && unit+2 < n && bf[unit+1]&bFor != 0):
			add(unit, -1.5) // "Six days for a 24h ticket", "Five days to answer"
		default:
			only := false
			took := false
			for j := i - 1; j >= 0 && j >= i-5 && !toks[j].endClause; j-- {
				if bf[j]&bOnly != 0 {
					only = true
				}
				if bf[j]&bTook != 0 {
					took = true
				}
			}
			for j := unit + 1; j < n && j <= unit+3 && !toks[j-1].endClause; j++ {
				if bf[j]&bTook != 0 {
					took = true
				}
			}
			if took && !only && st.fasterThan(unit) {
				add(unit, 1.3) // "takes one day instead of three"
			} else if took && !only {
				add(unit, -1.2)
			}
		}
	}
	if ordered && done && !anyNeg && !short {
		add(n-1, 1.5)
	}
	turned := !anyNeg && !isQ && !reqAtStart && neg == 0 && has(bTimePoint|bStartEv) && st.turnaround(r, sent)
	if turned {
		add(n-1, 1.3) // "Claim filed on Monday, credit note on Wednesday."
		for i := range n {
			if sent[i] < 0 && r.isProblem(st.word(i)) {
				sent[i] = 0 // the problem is the topic, the speed the news
			}
		}
	}
	if !anyNeg && !isQ && !reqAtStart && neg == 0 {
		// "All 60 drums delivered", "Alle 1.200 Stück sind angekommen".
		for i := range n {
			if bf[i]&bAll == 0 || i > 0 && !toks[i-1].endClause {
				continue
			}
			for j := i + 1; j < n && j <= i+5 && !toks[j-1].endClause; j++ {
				if bf[j]&bDone != 0 || l.german && (string(st.word(j)) == "angekommen" || string(st.word(j)) == "eingetroffen") || !l.german && (string(st.word(j)) == "arrived" || string(st.word(j)) == "received") {
					add(j, 1.3)
					break
				}
			}
			break
		}
	}

	// "Still open", "immer noch offen": waiting. An ordinal before what
	// one sends again ("the fourth ticket", "die dritte Mail") repeats.
	for i := range n {
		switch {
		case bf[i]&bStill != 0 && bf[i]&bUsed == 0:
			for j := i + 1; j < n && j <= i+2 && !toks[j-1].endClause; j++ {
				if bf[j]&bState != 0 || sent[j] <= -1 && !isNeg(j-1) && !st.endQ && (bf[j]&bUsed != 0 || r.isProblem(st.word(j))) {
					add(j, -1.2) // "still open", "immer noch falsch"
					break
				}
			}
			if l.german && i > 0 && bf[i-1]&bState != 0 {
				add(i, -1.2) // "Wir brauchen immer noch …"
			}
		case bf[i]&bOrdinal != 0 && strongRep < 0:
			for j := i + 1; j < n && j <= i+2; j++ {
				if bf[j]&bRepNoun != 0 {
					strongRep = i
					break
				}
			}
		case bf[i]&bRepeat != 0 && strongRep < 0 && (i == 0 || toks[i-1].endSent || i == 1 && (string(st.word(0)) == "and" || string(st.word(0)) == "und")):
			strongRep = i // "Again the driver …", "Wieder kam …"
		}
	}

	// German compounds of a problem word without a valence of their own:
	// "eine ständige Fehlerquelle".
	if l.german {
		for i := range n {
			if sent[i] == 0 && cur[i].flags == 0 && bf[i] == 0 && !toks[i].emoji && r.isProblem(st.word(i)) {
				sent[i] = -1
			}
		}
	}

	// German separable verbs of failure: "Die Verbindung bricht jeden Morgen
	// ab", "der Server fällt … aus", "stürzt täglich ab".
	if l.german {
		for i := range n {
			if bf[i]&bFailVerb == 0 {
				continue
			}
			for j := i + 1; j < n && j <= i+8; j++ {
				if w := string(st.word(j)); (w == "ab" || w == "aus") && (toks[j].endClause || j == n-1) {
					add(i, -1.5)
					break
				}
				if toks[j].endClause {
					break
				}
			}
		}
	}

	// "Zero unplanned stops", "null Ausfälle": the problem is absent.
	for i := range n {
		reach := 2
		if bf[i]&bSingle != 0 && (i > 0 && isNeg(i-1) || i > 1 && isNeg(i-2) || i > 2 && isNeg(i-3)) {
			reach = 4 // "not a single order was lost", "kein einziger Auftrag ging verloren"
		} else if bf[i]&bZero == 0 {
			continue
		}
		for j := i + 1; j < n && j <= i+reach && !toks[j-1].endClause; j++ {
			if sent[j] < 0 {
				sent[j] *= nScalar
			}
		}
	}

	// 4. Repetition.
	sum := 0.0
	for _, s := range sent {
		sum += s
	}
	switch {
	case strongRep >= 0 && (sum <= 0 || sarcMarker):
		add(strongRep, -1.2)
	case sum < 0:
		for i := range n {
			if bf[i]&(bRepeat|bUsed) == bRepeat {
				add(i, -0.8)
				break
			}
		}
	}

	// 5. Sarcasm and politeness.
	emojiSarc, hasNeg, regret, repeated := false, neg < 0, false, strongRep >= 0
	for i := range n {
		if sent[i] < 0 {
			hasNeg = true
		}
		if bf[i]&bRegret != 0 {
			regret = true
		}
		if bf[i]&bRepeat != 0 {
			repeated = true
		}
		if toks[i].emoji {
			switch toks[i].raw {
			case "🙄", "🙃", "😒":
				emojiSarc = true
			case "👏":
				if neg < 0 {
					sarcMarker = true
				}
			}
		}
	}
	sarc := emojiSarc || sarcMarker && (neg < 0 || repeated) || sarcNeg && (hasNeg || repeated)
	if !sarc && (hasNeg || strongRep >= 0 || st.anotherAt(1) || st.anotherAt(2)) && n > 2 {
		// An opening "Great," or "Perfect timing," before a negative fact.
		for i := 0; i < 2 && i < n-1; i++ {
			if sent[i] > 0 && bf[i]&bOpener != 0 {
				// "Great, …" with a comma: not "Great!" nor "Excellent."
				if toks[i].endClause && !toks[i].endSent || i+1 < n && toks[i+1].endClause && !toks[i+1].endSent && sent[i+1] >= 0 {
					rest := 0.0
					for j := i + 1; j < n; j++ {
						rest += sent[j]
					}
					sarc = rest < 0 || neg < 0 || strongRep > i || st.anotherAt(i+1) && rest <= 0
				}
				break
			}
			if sent[i] < 0 || toks[i].endClause {
				break
			}
		}
	}
	fx.sarcasm = sarc
	switch {
	case sarc:
		for i := range n {
			if sent[i] > 0 && !toks[i].emoji {
				sent[i] *= -0.7
			}
		}
	case neg < 0 || regret && hasNeg:
		// Politeness around a complaint, but not an exclaimed "Thanks!".
		// Beside a clear complaint, mild positive words are business words
		// ("credit", "approved", "acceptance test") unless a "but" after
		// the complaint turns to them.
		turn := n
		for k := max(lastNeg, 0); k < n; k++ {
			if cur[k].flags&fContrast != 0 {
				turn = k
				break
			}
		}
		for i := range n {
			if sent[i] > 0 && !st.exclaimed(i) && (bf[i]&bPolite != 0 || neg <= -1.5 && sent[i] < 2.1 && i < turn && !toks[i].emoji && st.bangs == 0) {
				sent[i] = 0
			}
		}
	}

	// 6. Questions, requests and notices.
	if st.endQ || bf[0]&bQStart != 0 && st.quests > 0 {
		fx.question = true
	}
	reqStart := reqAtStart
	for i := range n {
		if bf[i]&bReqStart != 0 && (i == 0 || toks[i-1].endClause) {
			fx.request = true // "Thanks for the demo, please send the offer."
		}
	}
	if l.german && n > 2 && string(st.word(n-1)) == "an" && !fx.notice {
		for i := range n - 1 {
			if w := string(st.word(i)); w == "haengt" || w == "haengen" {
				fx.notice = true // "Die Fehleranalyse hängt an."
			}
		}
	}
	lo, hi := st.questionSpan()
	for i := range n {
		if bf[i]&bNotice != 0 {
			fx.notice = true
		}
		if bf[i]&bEval != 0 && fx.question && i >= lo && i < hi {
			fx.eval = true
		}
	}
	fx.complaint = neg
	if fx.eval && fx.question {
		// "Why do we always have to …?" is a complaint.
		sum := 0.0
		for _, s := range sent {
			sum += s
		}
		if sum > -1 {
			add(n-1, -1-sum)
		}
		fx.complaint = neg
		return
	}
	if neg < 0 || sarc {
		return
	}
	switch {
	case fx.question && !fx.request:
		// English questions open with a question word ("How", "Is",
		// "If"); German ones may open with any verb ("Deckt die Garantie …?").
		if !l.german && bf[lo]&bQStart == 0 && !(lo == 0 && bf[0]&bUsed != 0) && !st.whSoon(lo) {
			break
		}
		for i := lo; i < hi; i++ {
			if !toks[i].emoji && sent[i] > -2.5 && sent[i] < 2.5 {
				sent[i] = 0
			}
		}
	case fx.question || reqStart || fx.notice && !turned:
		for i := range n {
			switch {
			case sent[i] < 0 && !toks[i].emoji && (sent[i] > -1 || bf[i]&bTopic != 0 || r.isProblem(st.word(i))):
				sent[i] = 0
			case sent[i] > 0 && (bf[i]&bPolite != 0 || sent[i] < 2 && (st.bangs == 0 || !fx.notice) || reqStart && sent[i] < 2.5 && st.bangs == 0):
				sent[i] = 0
			}
		}
	}
}

// Intents of a Result.
const (
	Complaint = "complaint"
	Question  = "question"
	Request   = "request"
	Praise    = "praise"
	Other     = "other"
)

// intent decides the intent from the label and what the B2B pass found.
func (st *state) intent(label string) string {
	fx := st.facts
	switch {
	case label == Negative:
		return Complaint
	case fx.complaint <= -1.5 && label != Positive:
		return Complaint
	case fx.question && !fx.request:
		return Question
	case fx.request:
		return Request
	case label == Positive:
		return Praise
	case fx.question:
		return Question
	}
	return Other
}
