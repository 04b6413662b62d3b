package sentiment

import (
	"bufio"
	"fmt"
	"strings"
)

// germanForms expands the German lemma list (lexicon/de/lemmas.txt) into
// every inflected form with its valence. A line is
//
//	lemma <TAB> class <TAB> valence [<TAB> forms]
//
// with class
//
//	A  adjective or adverb: the endings -e -er -es -en -em, the comparative
//	   and the superlative with their endings. forms: "comparative,superlative"
//	   stems when irregular ("besser,best"), "-" for none.
//	V  verb, by the infinitive: present, weak past, participle (ge-…-t, or
//	   …-t after be-, er-, ver-, … and for -ieren) and the participle as an
//	   adjective. forms: extra (strong, irregular or separable) forms; those
//	   ending in -t or -en also get adjective endings.
//	N  noun: the genitive -s and the plural. forms: the plural ending
//	   ("e", "en", "n", "s", "er", "se", "nen", "-") or, after "=", the whole
//	   plural ("=Mängel").
//	W  a word or phrase taken as written, and the comma-separated forms.
//
// The lemma's own entry wins over a generated form of another lemma; among
// generated forms the first lemma wins. Forms of adjectives and nouns can be
// the head of a compound ("kundenfreundlich", "Lieferchaos"); verb forms
// and fixed words cannot ("Edelstahl" is not "stahl", the past of
// "stehlen").
func germanForms(text string) map[string]germanForm {
	gen := make(map[string]germanForm, 20000)
	exact := make(map[string]germanForm, 2048)
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			panic(fmt.Sprintf("sentiment: lemmas.txt:%d: want lemma, class, valence: %q", n, line))
		}
		lemma := strings.ToLower(strings.TrimSpace(f[0]))
		v := parseVal("lemmas.txt", n, f[2])
		extra := ""
		if len(f) > 3 {
			extra = strings.TrimSpace(f[3])
		}
		var forms []string
		switch f[1] {
		case "A":
			forms = adjectiveForms(lemma, extra)
		case "V":
			forms = verbForms(lemma, extra)
		case "N":
			forms = nounForms(lemma, extra)
		case "W":
			forms = splitForms(extra)
		default:
			panic(fmt.Sprintf("sentiment: lemmas.txt:%d: unknown class %q", n, f[1]))
		}
		head := f[1] == "A" || f[1] == "N"
		exact[lemma] = germanForm{v, head}
		for _, w := range forms {
			if _, ok := gen[w]; !ok {
				gen[w] = germanForm{v, head}
			}
		}
	}
	for w, v := range exact {
		gen[w] = v
	}
	return gen
}

type germanForm struct {
	val  float32
	head bool
}

func splitForms(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" && w != "-" {
			out = append(out, w)
		}
	}
	return out
}

var adjEndings = []string{"e", "er", "es", "en", "em"}

func withEndings(out []string, stem string, bare bool) []string {
	if bare {
		out = append(out, stem)
	}
	for _, e := range adjEndings {
		out = append(out, stem+e)
	}
	return out
}

// adjectiveForms: "gut" → gute, guter, …, besser, bessere, …, beste, …;
// "dunkel" → dunkle, dunkler; "teuer" → teure, teurer; "müde" → müder.
func adjectiveForms(lemma, extra string) []string {
	stem := lemma
	switch {
	case strings.HasSuffix(lemma, "el") && len(lemma) > 4:
		stem = lemma[:len(lemma)-2] + "l"
	case strings.HasSuffix(lemma, "euer") || strings.HasSuffix(lemma, "auer"):
		stem = lemma[:len(lemma)-2] + "r"
	case strings.HasSuffix(lemma, "e"):
		stem = lemma[:len(lemma)-1]
	}
	out := withEndings(nil, stem, false)
	if extra == "-" {
		return out
	}
	comp, sup := "", ""
	if parts := splitForms(extra); len(parts) > 0 {
		comp = parts[0]
		if len(parts) > 1 {
			sup = parts[1]
		}
	}
	if comp == "" {
		comp = stem + "er"
	}
	if sup == "" {
		sup = lemma + "st"
		if strings.HasSuffix(lemma, "isch") {
			// hektisch → hektischste
		} else if strings.HasSuffix(lemma, "e") {
			sup = lemma + "st" // müde → müdeste, leise → leiseste
		} else if strings.ContainsAny(lemma[len(lemma)-1:], "dtsßzx") || strings.HasSuffix(lemma, "sch") {
			sup = lemma + "est"
		}
	}
	out = withEndings(out, comp, true)
	out = withEndings(out, sup, false)
	return out
}

var inseparable = []string{"be", "ge", "er", "ver", "zer", "ent", "emp", "miss", "über", "hinter", "wider"}

// verbForms: "enttäuschen" → enttäusche, enttäuschst, enttäuscht,
// enttäuschte, enttäuschten, … and the participle enttäuscht with adjective
// endings; "ärgern" → ärgere, ärgert, geärgert; "arbeiten" → arbeitet.
func verbForms(lemma, extra string) []string {
	var stem string
	switch {
	case strings.HasSuffix(lemma, "eln") || strings.HasSuffix(lemma, "ern"):
		stem = lemma[:len(lemma)-1]
	case strings.HasSuffix(lemma, "en"):
		stem = lemma[:len(lemma)-2]
	case strings.HasSuffix(lemma, "n"):
		stem = lemma[:len(lemma)-1]
	default:
		stem = lemma
	}
	e := ""
	if needsE(stem) {
		e = "e"
	}
	out := []string{stem + "e", stem + e + "st", stem + e + "t", lemma,
		stem + e + "te", stem + e + "test", stem + e + "ten", stem + e + "tet"}
	var pp string
	switch {
	case strings.HasSuffix(stem, "ier"):
		pp = stem + "t"
	case hasAnyPrefix(lemma, inseparable):
		pp = stem + e + "t"
	default:
		pp = "ge" + stem + e + "t"
	}
	out = withEndings(out, pp, true)
	for _, f := range splitForms(extra) {
		out = append(out, f)
		if strings.HasSuffix(f, "t") || strings.HasSuffix(f, "en") {
			out = withEndings(out, f, false)
		}
	}
	return out
}

// needsE reports stems that take an "e" before -st and -t: arbeit-e-t,
// öffn-e-t.
func needsE(stem string) bool {
	n := len(stem)
	if n < 2 {
		return false
	}
	last := stem[n-1]
	if last == 'd' || last == 't' {
		return true
	}
	if last == 'm' || last == 'n' {
		prev := stem[n-2]
		return !strings.ContainsRune("aeiouylrmnh", rune(prev))
	}
	return false
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) && len(s) > len(p)+3 {
			return true
		}
	}
	return false
}

// nounForms: "Problem" with "e" → Problems, Probleme, Problemen.
func nounForms(lemma, extra string) []string {
	out := []string{lemma}
	if !strings.HasSuffix(lemma, "s") && !strings.HasSuffix(lemma, "z") && !strings.HasSuffix(lemma, "ß") {
		out = append(out, lemma+"s")
	}
	var plural string
	switch {
	case extra == "" || extra == "-":
		return out
	case strings.HasPrefix(extra, "="):
		plural = strings.ToLower(extra[1:])
	default:
		plural = lemma + extra
	}
	out = append(out, plural)
	if !strings.HasSuffix(plural, "n") && !strings.HasSuffix(plural, "s") {
		out = append(out, plural+"n")
	}
	return out
}
