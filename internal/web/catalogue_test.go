package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/vitalfew/vitalfew/internal/i18n"
)

// The catalogue test: every text a page shows comes from the message
// catalogue, and the catalogue has every key the code and the templates
// use. (internal/i18n's own test checks that every key has an English and
// a German text.)

// allowedText is text a template may print as it is, in every language:
// the brand, a unit, signs. Everything else with a letter in it must come
// through t or tHTML.
var allowedText = map[string]bool{"vital": true, "few": true, "vitalfew": true, "h": true}

// visibleAttr matches the attributes whose values people see or hear.
var visibleAttr = regexp.MustCompile(`\s(title|placeholder|aria-label|alt|data-ready|data-label|label)="([^"]*)"`)

var (
	fmtVerb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	entity  = regexp.MustCompile(`&[a-zA-Z]+;|&#[0-9]+;`)
	letters = regexp.MustCompile(`\p{L}+`)
)

// strayText returns the words of s (text outside tags, with actions as
// \x00) that are neither allowed nor inside an action.
func strayText(s string) []string {
	s = entity.ReplaceAllString(s, " ")
	var out []string
	for _, w := range letters.FindAllString(s, -1) {
		if !allowedText[w] {
			out = append(out, w)
		}
	}
	return out
}

// textScanner follows the HTML of a template's text nodes, which actions
// interrupt, and reports text outside the catalogue.
type textScanner struct {
	inTag, inCode bool
	tag           strings.Builder // the tag being read, actions as \x00
	text          strings.Builder // text since the last tag
	problems      []string
	where         string
}

func (sc *textScanner) action() {
	if sc.inTag {
		sc.tag.WriteByte(0)
	} else {
		sc.text.WriteByte(0)
	}
}

func (sc *textScanner) flushText() {
	if !sc.inCode {
		if w := strayText(sc.text.String()); len(w) > 0 {
			sc.problems = append(sc.problems, sc.where+": text outside the catalogue: "+strconv.Quote(strings.Join(w, " "))+
				" in "+strconv.Quote(strings.TrimSpace(strings.ReplaceAll(sc.text.String(), "\x00", "{{…}}"))))
		}
	}
	sc.text.Reset()
}

func (sc *textScanner) endTag() {
	tag := sc.tag.String()
	sc.tag.Reset()
	lower := strings.ToLower(tag)
	switch {
	case strings.HasPrefix(lower, "code"):
		sc.inCode = true
	case strings.HasPrefix(lower, "/code"):
		sc.inCode = false
	}
	for _, m := range visibleAttr.FindAllStringSubmatch(tag, -1) {
		if w := strayText(m[2]); len(w) > 0 {
			sc.problems = append(sc.problems, sc.where+": attribute "+m[1]+" outside the catalogue: "+strconv.Quote(m[2]))
		}
	}
	if strings.HasPrefix(lower, "button") || strings.HasPrefix(lower, "input") && strings.Contains(lower, `type="submit"`) {
		if strings.HasPrefix(lower, "input") {
			for _, m := range regexp.MustCompile(`\svalue="([^"]*)"`).FindAllStringSubmatch(tag, -1) {
				if w := strayText(m[1]); len(w) > 0 {
					sc.problems = append(sc.problems, sc.where+": submit button value outside the catalogue: "+strconv.Quote(m[1]))
				}
			}
		}
	}
}

func (sc *textScanner) scan(s string) {
	for _, r := range s {
		switch {
		case !sc.inTag && r == '<':
			sc.flushText()
			sc.inTag = true
		case sc.inTag && r == '>':
			sc.inTag = false
			sc.endTag()
		case sc.inTag:
			sc.tag.WriteRune(r)
		default:
			sc.text.WriteRune(r)
		}
	}
}

// keyUse is a catalogue key a template uses, and where.
type keyUse struct{ key, where string }

// walk scans node's text and collects the keys of t, tHTML and list
// (whose words templates show through tv).
func (sc *textScanner) walk(n parse.Node, keys *[]keyUse) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			sc.walk(c, keys)
		}
	case *parse.TextNode:
		sc.scan(string(n.Text))
	case *parse.ActionNode:
		sc.action()
		sc.pipe(n.Pipe, keys)
	case *parse.IfNode:
		sc.branch(&n.BranchNode, keys)
	case *parse.RangeNode:
		sc.branch(&n.BranchNode, keys)
	case *parse.WithNode:
		sc.branch(&n.BranchNode, keys)
	case *parse.TemplateNode:
		sc.action()
	}
}

func (sc *textScanner) branch(b *parse.BranchNode, keys *[]keyUse) {
	sc.pipe(b.Pipe, keys)
	sc.walk(b.List, keys)
	sc.walk(b.ElseList, keys)
}

func (sc *textScanner) pipe(p *parse.PipeNode, keys *[]keyUse) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		sc.cmd(c, keys)
	}
}

func (sc *textScanner) cmd(c *parse.CommandNode, keys *[]keyUse) {
	if len(c.Args) == 0 {
		return
	}
	if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
		switch id.Ident {
		case "t", "tHTML":
			if len(c.Args) > 1 {
				if s, ok := c.Args[1].(*parse.StringNode); ok {
					*keys = append(*keys, keyUse{s.Text, sc.where})
				}
			}
		case "list":
			for _, a := range c.Args[1:] {
				if s, ok := a.(*parse.StringNode); ok && len(s.Text) > 1 {
					*keys = append(*keys, keyUse{s.Text, sc.where})
				}
			}
		}
	}
	for _, a := range c.Args {
		if p, ok := a.(*parse.PipeNode); ok {
			sc.pipe(p, keys)
		}
	}
}

// templateKeys scans every page template and returns the keys they use
// and the text they print outside the catalogue.
func templateKeys(t *testing.T) ([]keyUse, []string) {
	t.Helper()
	pages, err := parsePages(funcs(i18n.English))
	if err != nil {
		t.Fatal(err)
	}
	var keys []keyUse
	var problems []string
	seen := map[string]bool{}
	for _, page := range pages {
		for _, tmpl := range page.Templates() {
			name := tmpl.Name()
			if seen[name] || tmpl.Tree == nil {
				continue
			}
			if name == "content" {
				name = page.Name() // each page defines its own content
			} else {
				seen[name] = true
			}
			sc := &textScanner{where: name + ".html"}
			sc.walk(tmpl.Tree.Root, &keys)
			sc.flushText()
			problems = append(problems, sc.problems...)
		}
	}
	return keys, problems
}

// goKeys returns the catalogue keys the module's Go code uses: the string
// literal given as the key to i18n's T, HTML, N and Value, to the web's tr,
// to chart's t, and the reports' lines (p) and column headings (table).
func goKeys(t *testing.T) []keyUse {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var keys []keyUse
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			report := strings.Contains(filepath.ToSlash(path), "internal/report/")
			var args []ast.Expr // the key arguments
			clean := func(s string) string { return s }
			switch {
			case name == "T" || name == "HTML" || name == "N" || name == "t":
				args = call.Args[:min(1, len(call.Args))]
			case name == "Value":
				args, clean = call.Args[:min(1, len(call.Args))], func(s string) string { return strings.ReplaceAll(s, "%", "%%") }
			case name == "tr":
				args = call.Args[min(1, len(call.Args)):min(2, len(call.Args))]
			case report && name == "p": // the reports' lines: their English text, newlines aside
				args, clean = call.Args[:min(1, len(call.Args))], func(s string) string { return strings.Trim(s, "\n") }
			case report && name == "table": // the reports' column headings
				args, clean = call.Args, func(s string) string { return strings.ReplaceAll(strings.TrimPrefix(s, ">"), "%", "%%") }
			}
			for _, a := range args {
				lit, ok := a.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				key, err := strconv.Unquote(lit.Value)
				if key = clean(key); err != nil || !letters.MatchString(fmtVerb.ReplaceAllString(key, "")) {
					continue // no words: the same in every language
				}
				rel, _ := filepath.Rel(root, fset.Position(lit.Pos()).Filename)
				keys = append(keys, keyUse{key, rel + ":" + strconv.Itoa(fset.Position(lit.Pos()).Line)})
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestCatalogueCoversTemplates: the templates print no text outside the
// catalogue, and every key templates and Go code use is in it (with its
// German text: internal/i18n's test).
func TestCatalogueCoversTemplates(t *testing.T) {
	keys, problems := templateKeys(t)
	for _, p := range problems {
		t.Error(p)
	}
	gk := goKeys(t)
	if len(gk) < 50 || len(keys) < 200 {
		t.Fatalf("found %d keys in Go and %d in templates: the scan is broken", len(gk), len(keys))
	}
	missing := map[string]string{}
	for _, k := range append(keys, gk...) {
		if !i18n.English.Has(k.key) {
			missing[k.key] = k.where
		}
	}
	for k, where := range missing {
		t.Errorf("%s: key %q is not in the catalogue (internal/i18n/en.json and de.json)", where, k)
	}
}

// TestCatalogueTestFails: the scan finds a word printed outside the
// catalogue, in text and in a visible attribute, and lets catalogue text,
// code and the brand pass.
func TestCatalogueTestFails(t *testing.T) {
	for src, want := range map[string]int{
		`<p>{{t "Saved."}}</p>`:                        0,
		`<p>Saved.</p>`:                                1,
		`<a class="brand">vital<b>few</b></a>`:         0,
		`<input placeholder="name or domain">`:         1,
		`<input placeholder="{{t "name"}}">`:           0,
		`<p><code>vitalfew import x.csv</code></p>`:    0,
		`<td>{{.N}} h · {{.M}} – 5%</td>`:              0,
		`<input type="submit" value="Go">`:             1,
		`<span title="{{.Role}}">{{.Email}} ok</span>`: 1,
	} {
		tree, err := parse.Parse("x", src, "{{", "}}", map[string]any{"t": true})
		if err != nil {
			t.Fatal(err)
		}
		sc := &textScanner{where: "x"}
		var keys []keyUse
		sc.walk(tree["x"].Root, &keys)
		sc.flushText()
		if len(sc.problems) != want {
			t.Errorf("%s: %d problems %q, want %d", src, len(sc.problems), sc.problems, want)
		}
	}
}
