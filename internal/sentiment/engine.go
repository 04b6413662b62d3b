package sentiment

import (
	"unicode"
	"unicode/utf8"
)

// Language indexes into Analyzer.langs and token.e.
const (
	langEN = iota
	langDE
	numLangs
)

// The constants of VADER (Hutto & Gilbert 2014, table 3, and
// vaderSentiment.py): a booster adds bIncr (a dampener bDecr) to the next
// sentiment word, a word in capitals cIncr, a negation multiplies by
// nScalar, each "!" adds epIncr; alpha normalises the sum.
const (
	bIncr   = 0.293
	bDecr   = -0.293
	cIncr   = 0.733
	nScalar = -0.74
	epIncr  = 0.292
	alpha   = 15
	// contrastBefore and contrastAfter weight the sentiment before and after
	// the first contrast word ("but", "aber").
	contrastBefore = 0.5
	contrastAfter  = 1.5
)

// flag marks what a word does in a language.
type flag uint32

const (
	fLex      flag = 1 << iota // has a valence
	fBoost                     // booster (boost > 0) or dampener (boost < 0)
	fNeg                       // negator of the following words
	fPostNeg                   // German: also negates a sentiment word before it in its clause ("gefällt mir nicht")
	fNever                     // "never", "nie": "never so good" intensifies instead
	fSo                        // "so", "this"
	fWithout                   // "without", "ohne": "without doubt" is not a negation
	fDoubt                     // "doubt", "Zweifel"
	fContrast                  // "but", "aber", "jedoch"
	fConj                      // a conjunction that starts a clause
	fFunc                      // a function word: evidence for language detection
	fPhrase                    // first word of a multi-word entry
	fNo                        // English "no", with VADER's special rule
	fLeast                     // English "least"
	fAtVery                    // English "at", "very" (before "least")
	fOrNor                     // English "or", "nor" ("no X or Y")
	fWeder                     // German "weder"
	fNoch                      // German "noch" (a negator after "weder")
	fNur                       // German "nur" ("nicht nur" is no negation)
	fNoHead                    // German: never the head of a compound ("Preisklasse" is not "Klasse")
	fKnown                     // a word of the language with no valence ("Service", "please")
)

// entry is what a language knows about one word form.
type entry struct {
	val   float32
	boost float32
	flags flag
	// b2b are the word's B2B flags (b2b.go) and cueLens the lengths, in
	// words, of the cues it starts (bit n-1 for n words): looked up with
	// the word, so the B2B pass needs no map of its own per word.
	b2b     bflag
	cueLens uint8
}

// language is the lexicon and the rule switches of one language.
type language struct {
	code    string
	words   map[string]entry
	phrases map[string]entry // words joined by one space, folded
	// maxPhrase is the longest phrase in words.
	maxPhrase int
	// german switches on the German rules: words that are boosters before a
	// sentiment word and sentiment words otherwise ("super"), negation after
	// the word ("funktioniert nicht"), "weder … noch", "nicht nur", and
	// compounds ("Lieferchaos", "superschnell", "unfreundlich").
	german bool
	// prefixes intensify the rest of a compound word ("mega", "sau").
	prefixes []string
	// b2b are the B2B rules (b2b.go).
	b2b *b2bRules
}

// token is one whitespace-separated word of a text (or one emoji).
type token struct {
	raw       string // as written, punctuation stripped the way VADER does
	lo, hi    int32  // folded (lower case, ä→ae, ß→ss) form: state.buf[lo:hi]
	upper     bool   // has cased letters, all upper case
	endClause bool   // followed by , ; : . ! ? or a dash
	endSent   bool   // followed by . ! or ?
	endBang   bool   // followed by !
	endQ      bool   // followed by ?
	umlaut    bool   // has ä, ö, ü or ß (German evidence)
	emoji     bool   // an emoji: its valence stands, no word negates or boosts it
	e         [numLangs]entry
}

// state is the scratch space of one scoring call, pooled.
type state struct {
	toks   []token
	buf    []byte
	cur    []entry
	sent   []float64
	key    []byte
	bangs  int
	quests int
	// endQ: the text ends with a question mark.
	endQ bool
	// bf and facts are the B2B pass's word flags and findings.
	bf    []bflag
	facts b2bFacts
	// feats are the model's features of the text (model.go).
	feats []feat
	// clash: the scored text has positive words beside negative evidence
	// (set by features).
	clash bool
	// biz: the text has a word of business text (bBiz).
	biz bool
}

func (st *state) word(i int) []byte { return st.buf[st.toks[i].lo:st.toks[i].hi] }

// startsUpper reports whether s starts with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isSpaceASCII reports ASCII white space.
func isSpaceASCII(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// isPunct reports the characters of Python's string.punctuation, which VADER
// strips from both ends of a word.
func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// isModifier reports code points that only modify an emoji: variation
// selectors, the zero-width joiner and skin tones.
func isModifier(r rune) bool {
	return r == 0xFE0F || r == 0xFE0E || r == 0x200D || r >= 0x1F3FB && r <= 0x1F3FF
}

// tokenize splits text into tokens and looks each one up in every language.
func (st *state) tokenize(a *Analyzer, text string) {
	st.toks = st.toks[:0]
	st.buf = st.buf[:0]
	st.bangs, st.quests = 0, 0
	start := -1
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '!':
				st.bangs++
			case c == '?':
				st.quests++
			}
			if isSpaceASCII(c) {
				if start >= 0 {
					st.addWord(a, text[start:i])
					start = -1
				}
			} else if start < 0 {
				start = i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r) || isModifier(r):
			if start >= 0 {
				st.addWord(a, text[start:i])
				start = -1
			}
		case !unicode.IsLetter(r) && a.emoji != nil && a.isEmoji(r):
			if start >= 0 {
				st.addWord(a, text[start:i])
				start = -1
			}
			v := a.emoji[r]
			e := entry{val: v}
			if v != 0 {
				e.flags = fLex
			}
			lo := int32(len(st.buf))
			st.toks = append(st.toks, token{raw: text[i : i+size], lo: lo, hi: lo, emoji: true, e: [numLangs]entry{e, e}})
		default:
			if start < 0 {
				start = i
			}
		}
		i += size
	}
	if start >= 0 {
		st.addWord(a, text[start:])
	}
	st.endQ = false
	for i := len(text) - 1; i >= 0; i-- {
		if !isSpaceASCII(text[i]) {
			st.endQ = text[i] == '?'
			break
		}
	}
}

func (a *Analyzer) isEmoji(r rune) bool {
	_, ok := a.emoji[r]
	return ok
}

// addWord adds one whitespace-separated word. Like VADER it strips leading
// and trailing punctuation unless that leaves two characters or fewer (so
// emoticons such as ":)" survive); unlike VADER it also strips a short word
// ("ok.") when only the stripped form is known.
func (st *state) addWord(a *Analyzer, w string) {
	s, e := 0, len(w)
	for s < e && isPunct(w[s]) {
		s++
	}
	for e > s && isPunct(w[e-1]) {
		e--
	}
	t := token{}
	stripped := w[s:e]
	use := stripped
	if len(stripped) <= 2 && stripped != w {
		// Keep the word whole if some language knows it whole.
		lo := len(st.buf)
		st.buf = fold(st.buf, w)
		known := false
		for li := range a.langs {
			if _, ok := a.langs[li].words[string(st.buf[lo:])]; ok {
				known = true
				break
			}
		}
		st.buf = st.buf[:lo]
		if known || stripped == "" {
			use = w
		}
	}
	if use == stripped && e < len(w) {
		for _, c := range []byte(w[e:]) {
			if c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?' {
				t.endClause = true
			}
			if c == '.' || c == '!' || c == '?' {
				t.endSent = true
			}
			if c == '!' {
				t.endBang = true
			}
			if c == '?' {
				t.endQ = true
			}
		}
	}
	if stripped == "" && len(st.toks) > 0 {
		// A lone dash or other punctuation between words ends a clause.
		st.toks[len(st.toks)-1].endClause = true
	}
	t.raw = use
	hasUpper, hasLower := false, false
	for _, r := range use {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				hasUpper = true
			} else if r >= 'a' && r <= 'z' {
				hasLower = true
			}
			continue
		}
		switch r {
		case 'ä', 'ö', 'ü', 'ß', 'Ä', 'Ö', 'Ü':
			t.umlaut = true
		}
		if unicode.IsUpper(r) {
			hasUpper = true
		} else if unicode.IsLower(r) {
			hasLower = true
		}
	}
	t.upper = hasUpper && !hasLower
	lo := len(st.buf)
	st.buf = fold(st.buf, use)
	t.lo, t.hi = int32(lo), int32(len(st.buf))
	key := st.buf[lo:]
	for li, l := range a.langs {
		t.e[li] = l.words[string(key)]
	}
	if t.e[langEN].flags&fNeg == 0 && containsNT(key) {
		t.e[langEN].flags |= fNeg
	}
	st.toks = append(st.toks, t)
}

// containsNT reports whether a folded word contains "n't" (VADER's negation
// test for English contractions).
func containsNT(b []byte) bool {
	for i := 0; i+2 < len(b); i++ {
		if b[i] == 'n' && b[i+1] == '\'' && b[i+2] == 't' {
			return true
		}
	}
	return false
}

// fold appends s in lower case with umlauts and ß spelled out (ä→ae,
// ß→ss) and typographic apostrophes made plain, so that "Ärger",
// "Aerger" and "ÄRGER" are one word.
func fold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		r = unicode.ToLower(r)
		switch r {
		case 'ä':
			dst = append(dst, 'a', 'e')
		case 'ö':
			dst = append(dst, 'o', 'e')
		case 'ü':
			dst = append(dst, 'u', 'e')
		case 'ß':
			dst = append(dst, 's', 's')
		case '’', '‘', '´', '`':
			dst = append(dst, '\'')
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// detect picks the language with more evidence: function words count 1,
// words only one lexicon knows ½, words with umlauts or ß 1 for German.
// Ties go to English.
func (st *state) detect() int {
	var en, de float64
	for i := range st.toks {
		t := &st.toks[i]
		ee, de2 := t.e[langEN].flags, t.e[langDE].flags
		if ee&fFunc != 0 {
			en++
		}
		if de2&fFunc != 0 {
			de++
		}
		const known = fLex | fBoost | fNeg | fKnown
		if de2&known != 0 && ee&known == 0 {
			de += 0.5
		} else if ee&known != 0 && de2&known == 0 {
			en += 0.5
		}
		if t.umlaut {
			de++
		}
	}
	if de > en {
		return langDE
	}
	return langEN
}

// score returns the valence sum (with punctuation emphasis) and the passion
// sum of the tokenized text in language l.
func (st *state) score(l *language, li int) (sum, passion float64) {
	n := len(st.toks)
	st.facts = b2bFacts{}
	st.biz = false
	if n == 0 {
		return 0, 0
	}
	toks := st.toks
	st.cur = st.cur[:0]
	for i := range toks {
		st.cur = append(st.cur, toks[i].e[li])
	}
	cur := st.cur
	if l.maxPhrase > 1 {
		st.phrases(l)
	}
	if l.german {
		st.germanRules(l)
	}
	upper := 0
	for i := range toks {
		if toks[i].upper {
			upper++
		}
	}
	capDiff := upper > 0 && upper < n

	if cap(st.sent) < n {
		st.sent = make([]float64, n)
	}
	sent := st.sent[:n]
	for i := range n {
		sent[i] = 0
		e := cur[i]
		if e.flags&fBoost != 0 || e.flags&fLex == 0 {
			continue
		}
		v := float64(e.val)
		if toks[i].emoji {
			sent[i] = v
			continue
		}
		if e.flags&fNo != 0 && i+1 < n && cur[i+1].flags&fLex != 0 {
			// "no" before a sentiment word negates it instead.
			v = 0
		}
		if i > 0 && cur[i-1].flags&fNo != 0 || i > 1 && cur[i-2].flags&fNo != 0 ||
			i > 2 && cur[i-3].flags&fNo != 0 && cur[i-1].flags&fOrNor != 0 {
			v = float64(e.val) * nScalar
		}
		if toks[i].upper && capDiff {
			if v > 0 {
				v += cIncr
			} else {
				v -= cIncr
			}
		}
		negated := false
		for k := 0; k < 3; k++ {
			j := i - k - 1
			if j < 0 || toks[j].endClause {
				break
			}
			p := cur[j]
			if p.flags&fLex != 0 {
				continue
			}
			if p.flags&fBoost != 0 {
				s := float64(p.boost)
				if v < 0 {
					s = -s
				}
				if toks[j].upper && capDiff {
					if v > 0 {
						s += cIncr
					} else {
						s -= cIncr
					}
				}
				switch k {
				case 1:
					s *= 0.95
				case 2:
					s *= 0.9
				}
				v += s
			}
			switch {
			case k == 1 && p.flags&fNever != 0 && cur[i-1].flags&fSo != 0,
				k == 2 && p.flags&fNever != 0 && (cur[i-2].flags&fSo != 0 || cur[i-1].flags&fSo != 0):
				v *= 1.25 // "never so good"
			case k == 1 && p.flags&fWithout != 0 && cur[i-1].flags&fDoubt != 0,
				k == 2 && p.flags&fWithout != 0 && (cur[i-2].flags&fDoubt != 0 || cur[i-1].flags&fDoubt != 0):
				// "without doubt": no negation
			case p.flags&fNeg != 0 && !(j+1 < i && (cur[j+1].flags&fContrast != 0 || l.german && string(st.word(j+1)) == "als")):
				// "nothing but problems", "nichts als Probleme" is no negation.
				v *= nScalar
				negated = true
			}
		}
		// "least": "the least helpful" negates, "at least" does not.
		if i > 1 && cur[i-1].flags&(fLeast|fLex) == fLeast {
			if cur[i-2].flags&fAtVery == 0 {
				v *= nScalar
			}
		} else if i > 0 && cur[i-1].flags&(fLeast|fLex) == fLeast {
			v *= nScalar
		}
		if l.german && !negated {
			switch st.postNegated(i) {
			case postNegation:
				v *= nScalar
			case postNeverSo:
				v *= 1.25
			}
		}
		sent[i] = v
	}

	st.b2b(l, li, sent)

	// Contrast: the first "but" halves what came before and weighs what
	// follows by 1.5.
	for ci := range n {
		if cur[ci].flags&fContrast != 0 {
			for i := range n {
				if i < ci {
					sent[i] *= contrastBefore
				} else if i > ci {
					sent[i] *= contrastAfter
				}
			}
			break
		}
	}

	var abs float64
	shouted := 0
	for i, s := range sent {
		sum += s
		if s < 0 {
			abs -= s
		} else {
			abs += s
		}
		if s == 0 && toks[i].upper && len(toks[i].raw) > 1 {
			shouted++
		}
	}
	amp := st.emphasis()
	if sum > 0 {
		sum += amp
	} else if sum < 0 {
		sum -= amp
	}
	passion = abs + amp
	if capDiff || upper == n && n > 1 {
		passion += cIncr * float64(min(shouted, 3))
	}
	return sum, passion
}

// emphasis is VADER's punctuation amplifier: 0.292 per "!" up to four, and
// 0.18 per "?" when there are two or three (0.96 for more).
func (st *state) emphasis() float64 {
	amp := epIncr * float64(min(st.bangs, 4))
	switch {
	case st.quests > 3:
		amp += 0.96
	case st.quests > 1:
		amp += 0.18 * float64(st.quests)
	}
	return amp
}

// phrases merges multi-word entries ("kind of", "nie wieder", "Daumen
// hoch"): the first word takes the phrase's entry, the rest count as
// plain words.
func (st *state) phrases(l *language) {
	cur := st.cur
	n := len(cur)
	for i := 0; i < n; i++ {
		if cur[i].flags&fPhrase == 0 {
			continue
		}
		for size := min(l.maxPhrase, n-i); size >= 2; size-- {
			st.key = st.key[:0]
			for k := i; k < i+size; k++ {
				if k > i {
					st.key = append(st.key, ' ')
				}
				st.key = append(st.key, st.word(k)...)
			}
			if e, ok := l.phrases[string(st.key)]; ok {
				cur[i] = e
				for k := i + 1; k < i+size; k++ {
					cur[k] = entry{}
				}
				i += size - 1
				break
			}
		}
	}
}

// What a German negator after a word does to it.
const (
	postNone     = iota
	postNegation // "Das gefällt mir nicht."
	postNeverSo  // "So gut war es noch nie." intensifies
)

// postNegated reports whether a German negator after word i, in its clause,
// negates it: "Das gefällt mir nicht." A negator followed by its own
// sentiment word ("…, nicht gut") belongs to that word; "so … nie" is the
// "never so good" pattern.
func (st *state) postNegated(i int) int {
	toks, cur := st.toks, st.cur
	n := len(toks)
	if toks[i].endClause {
		return postNone
	}
	if i > 0 && !toks[i-1].endSent && startsUpper(toks[i].raw) {
		// A noun: "Wegen des Ausfalls konnten wir nichts versenden" — the
		// negator belongs to the verb.
		return postNone
	}
	for j := i + 1; j < n && j <= i+4; j++ {
		p := cur[j]
		if p.flags&(fContrast|fConj) != 0 {
			return postNone
		}
		if p.flags&fPostNeg != 0 {
			for k := j + 1; k < n && k <= j+3 && !toks[k-1].endClause; k++ {
				if cur[k].flags&fLex != 0 {
					return postNone
				}
			}
			if p.flags&fNever != 0 && (i > 0 && cur[i-1].flags&fSo != 0 || i > 1 && cur[i-2].flags&fSo != 0) {
				return postNeverSo
			}
			return postNegation
		}
		if toks[j].endClause {
			return postNone
		}
	}
	return postNone
}

// germanRules applies the German rules that depend on neighbours: compound
// words, "weder … noch", "nicht nur", and words that boost the next
// sentiment word but carry sentiment alone ("super schnell" / "Super!").
func (st *state) germanRules(l *language) {
	cur := st.cur
	n := len(cur)
	weder := false
	for i := range n {
		e := &cur[i]
		switch {
		case e.flags == 0:
			if c, ok := st.compound(l, i); ok {
				*e = c
			}
		case e.flags&fWeder != 0:
			weder = true
		case e.flags&fNoch != 0 && weder:
			e.flags |= fNeg
		case e.flags&fNeg != 0 && i+1 < n && cur[i+1].flags&fNur != 0:
			e.flags &^= fNeg | fPostNeg // "nicht nur … sondern auch"
		}
	}
	for i := range n {
		e := &cur[i]
		if e.flags&(fLex|fBoost) != fLex|fBoost {
			continue
		}
		if i+1 < n && !st.toks[i].endClause && cur[i+1].flags&fLex != 0 && !st.toks[i+1].emoji {
			e.flags &^= fLex
		} else {
			e.flags &^= fBoost
		}
	}
}

// compound scores an unknown German word from its parts: an intensifying
// prefix ("megaschnell"), the negating prefix "un" ("unkompliziert"), or a
// known head word at its end ("Lieferchaos", "kundenfreundlich").
func (st *state) compound(l *language, i int) (entry, bool) {
	w := st.word(i)
	if len(w) < 6 {
		return entry{}, false
	}
	for _, p := range l.prefixes {
		if len(w) >= len(p)+3 && string(w[:len(p)]) == p {
			if e, ok := l.words[string(w[len(p):])]; ok && e.flags&fLex != 0 {
				v := e.val
				if v > 0 {
					v += bIncr
				} else {
					v -= bIncr
				}
				return entry{val: v, flags: fLex}, true
			}
		}
	}
	if w[0] == 'u' && w[1] == 'n' {
		if e, ok := l.words[string(w[2:])]; ok && e.flags&fLex != 0 {
			return entry{val: e.val * nScalar, flags: fLex}, true
		}
	}
	for k := 3; k+4 <= len(w); k++ {
		if w[k]&0xC0 == 0x80 {
			continue // inside a UTF-8 sequence
		}
		if e, ok := l.words[string(w[k:])]; ok && e.flags&(fLex|fNoHead) == fLex && e.flags&fBoost == 0 {
			return entry{val: e.val, flags: fLex}, true
		}
	}
	return entry{}, false
}
