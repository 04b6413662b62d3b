package sentiment

import (
	"bufio"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The lexicons. lexicon/en holds VADER's lexicon and emoji descriptions
// (MIT, C.J. Hutto; LICENSE.txt beside them) and our English additions;
// lexicon/de is our own German lexicon. See lexicon/README.md.
//
//go:embed lexicon/en/vader_lexicon.txt lexicon/en/emoji_utf8_lexicon.txt lexicon/en/extra.txt lexicon/de/lemmas.txt lexicon/emoji_extra.txt
var lexfs embed.FS

func mustRead(name string) string {
	b, err := lexfs.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("sentiment: embedded %s: %v", name, err))
	}
	return string(b)
}

// rules lists the words of one language that steer the scoring.
type rules struct {
	boosters map[string]float32
	negators []string
	postNeg  []string
	never    []string
	so       []string
	without  []string
	doubt    []string
	contrast []string
	conj     []string
	function []string
	noHead   []string
	special  map[string]flag
	phrases  map[string]float32
	prefixes []string
}

func newLanguage(code string, size int) *language {
	return &language{code: code, words: make(map[string]entry, size), phrases: map[string]entry{}}
}

func key(s string) string { return string(fold(nil, strings.TrimSpace(s))) }

// setVal sets a word's valence, keeping its flags. Multi-word keys become
// phrases. A valence of 0 makes a known word without sentiment: it neither
// scores nor blocks the rules around it, and is not split as a compound.
func (l *language) setVal(word string, v float32) {
	k := key(word)
	if strings.Contains(k, " ") {
		l.addPhrase(k, entry{val: v, flags: fLex})
		return
	}
	e := l.words[k]
	e.val = v
	if v == 0 {
		e.flags = e.flags&^fLex | fKnown
	} else {
		e.flags = e.flags&^fKnown | fLex
	}
	l.words[k] = e
}

func (l *language) addFlag(word string, f flag) {
	k := key(word)
	e := l.words[k]
	e.flags |= f
	l.words[k] = e
}

func (l *language) addPhrase(k string, e entry) {
	if e.val == 0 && e.boost == 0 {
		e.flags &^= fLex
	}
	l.phrases[k] = e
	parts := strings.Split(k, " ")
	l.maxPhrase = max(l.maxPhrase, len(parts))
	l.addFlag(parts[0], fPhrase)
}

func (l *language) apply(r rules) {
	for w, b := range r.boosters {
		if strings.Contains(w, " ") {
			l.addPhrase(key(w), entry{boost: b, flags: fBoost})
			continue
		}
		k := key(w)
		e := l.words[k]
		e.boost = b
		e.flags |= fBoost
		l.words[k] = e
	}
	for _, g := range []struct {
		words []string
		f     flag
	}{
		{r.negators, fNeg}, {r.postNeg, fNeg | fPostNeg}, {r.never, fNever}, {r.so, fSo},
		{r.without, fWithout}, {r.doubt, fDoubt}, {r.contrast, fContrast | fConj},
		{r.conj, fConj}, {r.function, fFunc}, {r.noHead, fNoHead},
	} {
		for _, w := range g.words {
			l.addFlag(w, g.f)
		}
	}
	for w, v := range r.phrases {
		if strings.Contains(w, " ") {
			l.addPhrase(key(w), entry{val: v, flags: fLex})
		} else {
			l.setVal(w, v)
		}
	}
	for w, f := range r.special {
		l.addFlag(w, f)
	}
	for _, p := range r.prefixes {
		l.prefixes = append(l.prefixes, key(p))
	}
}

// isEmoticon reports lexicon tokens that are not words of a language:
// emoticons such as ":)", "<3" or ":-D", which every language shares.
func isEmoticon(tok string) bool {
	letters := 0
	for _, r := range tok {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	if letters == 0 {
		return true
	}
	return len(tok) <= 4 && strings.ContainsAny(tok, ":;=()<>^|\\/")
}

// eachLine calls f with the TAB-separated fields of every non-empty,
// non-comment line of an embedded file.
func eachLine(name string, f func(line int, fields []string)) {
	sc := bufio.NewScanner(strings.NewReader(mustRead(name)))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		s := strings.TrimRight(sc.Text(), "\r")
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f(n, strings.Split(s, "\t"))
	}
}

func parseVal(name string, line int, s string) float32 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 32)
	if err != nil {
		panic(fmt.Sprintf("sentiment: %s:%d: valence: %v", name, line, err))
	}
	return float32(v)
}

// vaderEntry is one reachable line of VADER's lexicon.
type vaderEntry struct {
	word string
	val  float32
}

// readVADER reads VADER's lexicon. VADER looks words up in lower case, so
// upper-case entries (":D") are never reached and are skipped; later
// duplicates win, as in a Python dict.
func readVADER() []vaderEntry {
	var out []vaderEntry
	eachLine("lexicon/en/vader_lexicon.txt", func(line int, f []string) {
		if f[0] == strings.ToLower(f[0]) {
			out = append(out, vaderEntry{f[0], parseVal("vader_lexicon.txt", line, f[1])})
		}
	})
	return out
}

func buildEnglish(vader []vaderEntry) *language {
	l := newLanguage(English, len(vader)+1024)
	for _, e := range vader {
		l.setVal(e.word, e.val)
	}
	eachLine("lexicon/en/extra.txt", func(line int, f []string) {
		l.setVal(f[0], parseVal("extra.txt", line, f[1]))
	})
	l.apply(englishRules)
	return l
}

// buildGerman builds the German language from our lexicon and VADER's
// emoticons, which every language shares.
func buildGerman(vader []vaderEntry) *language {
	forms := germanForms(mustRead("lexicon/de/lemmas.txt"))
	l := newLanguage(German, len(forms)+1024)
	l.german = true
	for _, e := range vader {
		if isEmoticon(e.word) {
			l.setVal(e.word, e.val)
		}
	}
	for form, g := range forms {
		l.setVal(form, g.val)
		if !g.head && !strings.Contains(form, " ") {
			l.addFlag(form, fNoHead)
		}
	}
	l.apply(germanRules)
	return l
}

// buildEmoji gives every single-code-point emoji the English valence of its
// description ("smiling face with heart-eyes"), as VADER does by replacing
// the emoji with its description, and then our own valences from
// lexicon/emoji_extra.txt where the description says too little ("thumbs
// up").
func (a *Analyzer) buildEmoji() map[rune]float32 {
	m := map[rune]float32{}
	st := new(state)
	en := a.langs[langEN]
	eachLine("lexicon/en/emoji_utf8_lexicon.txt", func(_ int, f []string) {
		r, ok := singleRune(f[0])
		if !ok || len(f) < 2 {
			return
		}
		st.tokenize(a, f[1])
		var sum float64
		if len(st.toks) > 0 {
			st.score(en, langEN)
			for _, s := range st.sent[:len(st.toks)] {
				sum += s
			}
		}
		m[r] = float32(max(-4, min(4, sum)))
	})
	eachLine("lexicon/emoji_extra.txt", func(line int, f []string) {
		r, ok := singleRune(f[0])
		if !ok {
			panic(fmt.Sprintf("sentiment: emoji_extra.txt:%d: not one emoji: %q", line, f[0]))
		}
		m[r] = parseVal("emoji_extra.txt", line, f[1])
	})
	return m
}

// singleRune returns the one code point of s, ignoring emoji modifiers.
func singleRune(s string) (rune, bool) {
	var out rune
	n := 0
	for _, r := range s {
		if isModifier(r) {
			continue
		}
		out = r
		n++
	}
	return out, n == 1 && out >= utf8.RuneSelf
}
