// Package i18n is vitalfew's languages: the message catalogue (one JSON
// file per language, embedded; the keys are the English texts, gettext
// style, so templates and code stay readable), the choice of language for
// a request, and numbers, money, percentages and dates written the way
// each language writes them.
//
// The catalogue is loaded into golang.org/x/text/message/catalog. A key's
// text is a format string (fmt verbs, "%%" for a percent sign); a text
// given as {"one": …, "other": …} is chosen by the plural form of the first
// argument, an integer. English is the fallback for a key German lacks; the
// catalogue test makes sure none does.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed en.json de.json
var files embed.FS

// Lang is one language of the user interface: its catalogue texts and its
// number and date formats. The zero Lang is not usable; use English,
// German or Get.
type Lang struct {
	// Code is the language's code, "en" or "de", as <html lang> and the
	// language setting have it.
	Code string
	// Name is the language's name in itself: "English", "Deutsch".
	Name  string
	Tag   language.Tag
	p     *message.Printer
	texts map[string]bool // keys of this language's catalogue file
}

// The languages, English first (the default).
var (
	English = &Lang{Code: "en", Name: "English", Tag: language.English}
	German  = &Lang{Code: "de", Name: "Deutsch", Tag: language.German}
	// All is every language the interface speaks, English first.
	All = []*Lang{English, German}
)

var matcher = language.NewMatcher([]language.Tag{language.English, language.German})

func init() {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, l := range All {
		entries, err := load(l.Code)
		if err != nil {
			panic(err) // the files are embedded: the catalogue test fails first
		}
		l.texts = map[string]bool{}
		for key, e := range entries {
			l.texts[key] = true
			if e.text != "" {
				err = b.SetString(l.Tag, key, e.text)
			} else {
				err = b.Set(l.Tag, key, plural.Selectf(1, "%d", "one", e.one, "other", e.other))
			}
			if err != nil {
				panic(fmt.Sprintf("i18n: %s.json: %q: %v", l.Code, key, err))
			}
		}
	}
	for _, l := range All {
		l.p = message.NewPrinter(l.Tag, message.Catalog(b))
	}
}

// entry is one text of a catalogue file: text, or the plural forms one and
// other.
type entry struct{ text, one, other string }

func (e *entry) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &e.text)
	}
	var forms struct{ One, Other string }
	if err := json.Unmarshal(b, &forms); err != nil {
		return err
	}
	e.one, e.other = forms.One, forms.Other
	return nil
}

func load(code string) (map[string]entry, error) {
	b, err := files.ReadFile(code + ".json")
	if err != nil {
		return nil, err
	}
	var m map[string]entry
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("i18n: %s.json: %w", code, err)
	}
	return m, nil
}

// Get returns the language with code ("en", "de"), or nil.
func Get(code string) *Lang {
	for _, l := range All {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// Negotiate picks the language of a request: the user's saved setting
// first, then the language cookie of a visitor not signed in, then the
// browser's Accept-Language header; English when none names a language we
// speak.
func Negotiate(saved, cookie, acceptLanguage string) *Lang {
	for _, c := range []string{saved, cookie} {
		if l := Get(c); l != nil {
			return l
		}
	}
	if tags, _, err := language.ParseAcceptLanguage(acceptLanguage); err == nil && len(tags) > 0 {
		if _, i, conf := matcher.Match(tags...); conf != language.No {
			return All[i]
		}
	}
	return English
}

// FromEnv picks the language of the command line from the LC_ALL, LC_MESSAGES
// and LANG values (in that order, as POSIX does), e.g. "de_DE.UTF-8" is
// German; English otherwise.
func FromEnv(getenv func(string) string) *Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		code, _, _ := strings.Cut(v, ".")
		code, _, _ = strings.Cut(code, "_")
		if l := Get(strings.ToLower(code)); l != nil {
			return l
		}
		return English // the first one set decides, as in POSIX
	}
	return English
}

// T returns the text of key in l with args, formatted like fmt.Sprintf
// (numbers in the language's format). A key missing from the catalogue is
// formatted as it is; the catalogue test keeps that from happening.
func (l *Lang) T(key string, args ...any) string { return l.p.Sprintf(key, args...) }

// HTML is T for a catalogue text holding markup: the text is trusted, the
// string arguments are escaped.
func (l *Lang) HTML(key string, args ...any) template.HTML {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = template.HTMLEscapeString(s)
		}
	}
	return template.HTML(l.p.Sprintf(key, args...))
}

// Has reports whether l's catalogue file has key.
func (l *Lang) Has(key string) bool { return l.texts[key] }

// N marks key as a catalogue key for the catalogue test, for text that is
// translated later (a page title, a message kept in a struct); it returns
// key as it is.
func N(key string) string { return key }

// Keys returns the keys of l's catalogue file, sorted.
func (l *Lang) Keys() []string {
	keys := make([]string, 0, len(l.texts))
	for k := range l.texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Value translates a value that may be one of the catalogue's words (a
// status, a kind, a role) and returns any other value, such as a name from
// the data, as it is, never reading it as a format.
func (l *Lang) Value(s string) string {
	key := strings.ReplaceAll(s, "%", "%%") // a value is no format: its key says %% for %
	if !English.texts[key] {
		return s
	}
	return l.p.Sprintf(key)
}

// Lines writes a piece of readable text whose format, leading and trailing
// newlines aside, is a key of the catalogue: in English exactly as
// fmt.Sprintf would, in another language translated.
func (l *Lang) Lines(format string, args ...any) string {
	if l == nil || l == English {
		return fmt.Sprintf(format, args...)
	}
	core := strings.TrimLeft(format, "\n")
	head := format[:len(format)-len(core)]
	body := strings.TrimRight(core, "\n")
	return head + l.T(body, args...) + core[len(body):]
}

// Reason writes a reason kept both as English text and as the format and
// arguments it was written from (crm.RowError): from the format in l when
// the catalogue has it, else the English text as it is.
func (l *Lang) Reason(english, format string, args []any) string {
	if l == nil || format == "" || !l.Has(format) {
		return english
	}
	return l.T(format, args...)
}

// Writer is an io.Writer that carries the language of the readable text
// written to it (the command line's --lang), for code such as the reports'
// tables that is handed only a writer.
type Writer struct {
	io.Writer
	Lang *Lang
}

// LangOf returns the language of w: that of a Writer, else English.
func LangOf(w io.Writer) *Lang {
	if lw, ok := w.(Writer); ok && lw.Lang != nil {
		return lw.Lang
	}
	return English
}
