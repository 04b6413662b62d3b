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
