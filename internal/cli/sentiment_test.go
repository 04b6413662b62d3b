package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/cli"
)

// vfIn runs the command line with stdin and no database.
func vfIn(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := cli.Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	code := cli.ExitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

func TestSentimentJSON(t *testing.T) {
	in := "Die Lieferung kam super schnell, vielen Dank!\r\n" +
		"The support is a disaster, nobody ever calls back.\n" +
		"\n" +
		"Bitte schicken Sie mir die Rechnung als PDF.\n" +
		"Der Service ist nicht gut 😡\n" +
		"What does error code E-402 mean?"
	stdout, stderr, code := vfIn(t, in, "sentiment", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d output lines for 6 input lines:\n%s", len(lines), stdout)
	}
	// Exactly the documented object: these keys in this order, numbers.
	shape := regexp.MustCompile(`^\{"compound":-?[0-9.e-]+,"label":"(positive|negative|neutral)","lang":"(en|de)","intensity":[0-9.e-]+,"intent":"(complaint|question|request|praise|other)"\}$`)
	want := []struct{ label, lang, intent string }{
		{"positive", "de", "praise"}, {"negative", "en", "complaint"}, {"neutral", "en", "other"},
		{"neutral", "de", "request"}, {"negative", "de", "complaint"}, {"neutral", "en", "question"},
	}
	for i, l := range lines {
		if !shape.MatchString(l) {
			t.Errorf("line %d %q is not the documented JSON object", i+1, l)
			continue
		}
		var r struct {
			Compound  float64 `json:"compound"`
			Label     string  `json:"label"`
			Lang      string  `json:"lang"`
			Intensity float64 `json:"intensity"`
			Intent    string  `json:"intent"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.Label != want[i].label || r.Lang != want[i].lang || r.Intent != want[i].intent {
			t.Errorf("line %d: %s/%s/%s, want %s/%s/%s", i+1, r.Label, r.Lang, r.Intent, want[i].label, want[i].lang, want[i].intent)
		}
		if r.Compound < -1 || r.Compound > 1 || r.Intensity < 0 || r.Intensity >= 1 {
			t.Errorf("line %d: out of range: %s", i+1, l)
		}
	}
}

func TestSentimentLangFlag(t *testing.T) {
	auto, _, _ := vfIn(t, "Top!\n", "sentiment", "--json")
	de, _, code := vfIn(t, "Top!\n", "sentiment", "--json", "--lang", "de")
	if code != 0 || !strings.Contains(de, `"lang":"de"`) {
		t.Fatalf("--lang de: exit %d, %s", code, de)
	}
	if !strings.Contains(auto, `"lang":"`) {
		t.Fatalf("auto: %s", auto)
	}
	en, _, _ := vfIn(t, "Lieferung kam nicht\n", "sentiment", "--json", "--lang", "en")
	if !strings.Contains(en, `"lang":"en"`) {
		t.Errorf("--lang en: %s", en)
	}
	_, stderr, code := vfIn(t, "x\n", "sentiment", "--lang", "fr")
	if code != 2 || !strings.Contains(stderr, "--lang") {
		t.Errorf("--lang fr: exit %d, stderr %q; want exit 2 naming the flag", code, stderr)
	}
}

func TestSentimentText(t *testing.T) {
	in := "Super Service, danke!\n\x1b[31mUnverschämt\tund langsam\n"
	stdout, stderr, code := vfIn(t, in, "sentiment")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), stdout)
	}
	if !strings.HasPrefix(lines[0], "positive") || !strings.Contains(lines[0], "Super Service, danke!") {
		t.Errorf("line 1: %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "negative") || !strings.Contains(lines[1], "complaint") {
		t.Errorf("line 2: %q", lines[1])
	}
	if !strings.Contains(lines[0], "praise") {
		t.Errorf("line 1 shows no intent: %q", lines[0])
	}
	if strings.ContainsAny(stdout[:len(stdout)-1], "\x1b\t") {
		t.Errorf("control characters of the input reached the terminal: %q", stdout)
	}
}

func TestSentimentLongLine(t *testing.T) {
	in := "ok\n" + strings.Repeat("a", 2<<20) + "\n"
	_, stderr, code := vfIn(t, in, "sentiment")
	if code != 2 || !strings.Contains(stderr, "stdin:2") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming stdin line 2", code, stderr)
	}
}

// TestSentimentSourceFlag: --source business reads the examples of
// complaints that don't shout as a business reader would (issue 19), and
// an unknown source is refused naming the flag.
func TestSentimentSourceFlag(t *testing.T) {
	cases := []struct{ text, label, intent string }{
		{"Not a single delivery this quarter arrived complete.", "negative", "complaint"},
		{"We ordered the replacement bearings in March and they still haven't shipped. Our line is down.", "negative", "complaint"},
		{"Support closed my ticket without fixing anything. Again.", "negative", "complaint"},
		{"Love how the promised 24h response time turned into 6 days. Fantastic service.", "negative", "complaint"},
		{"Sorry to bother you again, but the credit note you promised in January has still not arrived.", "negative", "complaint"},
		{"I was sceptical about the price increase, but the new features more than justify it.", "positive", "praise"},
		{"How do I report a defective part through the portal?", "neutral", "question"},
		{"Der Support ruft nie zurück, obwohl man uns das dreimal zugesagt hat.", "negative", "complaint"},
		{"Toller Service, man wartet ja nur sechs Tage auf eine Antwort.", "negative", "complaint"},
		{"Gilt die angekündigte Preiserhöhung auch für bestehende Rahmenverträge?", "neutral", "question"},
	}
	var in strings.Builder
	for _, c := range cases {
		in.WriteString(c.text + "\n")
	}
	stdout, stderr, code := vfIn(t, in.String(), "sentiment", "--json", "--source", "business")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(cases) {
		t.Fatalf("%d lines for %d texts:\n%s", len(lines), len(cases), stdout)
	}
	for i, l := range lines {
		var r struct{ Label, Intent string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.Label != cases[i].label || r.Intent != cases[i].intent {
			t.Errorf("%q: %s %s, want %s %s", cases[i].text, r.Label, r.Intent, cases[i].label, cases[i].intent)
		}
	}
	_, stderr, code = vfIn(t, "x\n", "sentiment", "--source", "tweets")
	if code != 2 || !strings.Contains(stderr, "--source") {
		t.Errorf("--source tweets: exit %d, stderr %q; want exit 2 naming the flag", code, stderr)
	}
}
