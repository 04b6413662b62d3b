package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/cli"
)

// TestReportInGerman: --lang de (or LANG=de_DE.UTF-8) gives the readable
// tables German words and numbers; --json stays as it is; --csv-dialect
// excel-de writes semicolons and decimal commas.
func TestReportInGerman(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vf.db")
	if _, stderr, code := vf(t, db, "import", "orders", writeFile(t, "o.csv", datevExport), "--skip-invalid"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	en, _, _ := vf(t, db, "report", "pareto")
	de, stderr, code := vf(t, db, "report", "pareto", "--lang", "de")
	if code != 0 {
		t.Fatalf("--lang de: %s", stderr)
	}
	for _, want := range []string{"Die besten 20 % der Kunden", "Umsatz 1.334,06.", "Stufe  Kunden", "Die größten Kunden", "Müller GmbH  1.234,56"} {
		if !strings.Contains(de, want) {
			t.Errorf("German table lacks %q:\n%s", want, de)
		}
	}
	if !strings.Contains(en, "revenue 1,334.06.") || !strings.Contains(en, "Top accounts") {
		t.Errorf("English table:\n%s", en)
	}

	// LANG decides when --lang is not given; --lang wins.
	run := func(env map[string]string, args ...string) string {
		var out, errOut bytes.Buffer
		err := cli.Run(context.Background(), append([]string{"--db", db}, args...), func(k string) string { return env[k] },
			strings.NewReader(""), &out, &errOut)
		if err != nil {
			t.Fatalf("%v: %v %s", args, err, errOut.String())
		}
		return out.String()
	}
	if got := run(map[string]string{"LANG": "de_DE.UTF-8"}, "report", "pareto"); got != de {
		t.Errorf("LANG=de_DE.UTF-8 gives\n%s\nwant the --lang de table", got)
	}
	if got := run(map[string]string{"LANG": "de_DE.UTF-8"}, "report", "pareto", "--lang", "en"); got != en {
		t.Errorf("--lang en under LANG=de gives\n%s", got)
	}
	// JSON and CSV are machine formats in every language.
	if a, b := run(nil, "report", "pareto", "--json"), run(map[string]string{"LANG": "de_DE.UTF-8"}, "report", "pareto", "--json"); a != b {
		t.Errorf("--json differs under LANG=de:\n%s\n%s", a, b)
	}
	csvEN := run(map[string]string{"LANG": "de_DE.UTF-8"}, "report", "pareto", "--csv")
	if !strings.HasPrefix(csvEN, "rank,id,name,revenue,share,cumulative_share,tier\n") || !strings.Contains(csvEN, ",1234.56,") {
		t.Errorf("--csv under LANG=de:\n%s", csvEN)
	}
	csvDE := run(nil, "report", "pareto", "--csv", "--csv-dialect", "excel-de")
	if !strings.HasPrefix(csvDE, "\ufeffrank;id;name;revenue;share;cumulative_share;tier\r\n") || !strings.Contains(csvDE, ";Müller GmbH;1234,56;") {
		t.Errorf("--csv-dialect excel-de:\n%s", csvDE)
	}
	if _, stderr, code := vf(t, db, "report", "pareto", "--lang", "fr"); code != 2 || !strings.Contains(stderr, "--lang") {
		t.Errorf("--lang fr: %d %s", code, stderr)
	}
}

// TestEveryReportInGerman runs analyze and every report on the tour's
// example business with --lang de: no date may stay ISO and none of the
// readable text's English phrases may be left.
func TestEveryReportInGerman(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vf.db")
	for _, f := range []struct{ kind, file string }{
		{"accounts", "clients.csv"}, {"orders", "invoices.csv"}, {"order-lines", "invoice-lines.csv"},
		{"touchpoints", "tickets.csv"}, {"contacts", "contacts.csv"}, {"mentions", "posts.csv"},
	} {
		if _, stderr, code := vf(t, db, "import", f.kind, filepath.Join("..", "..", "examples", f.file)); code != 0 {
			t.Fatalf("import %s: %s", f.file, stderr)
		}
	}
	iso := regexp.MustCompile(`\b\d{4}-\d\d-\d\d\b`)
	english := []string{"Window", "customers", "revenue", "weeks", "as of", "Note:", "Model:", "tiers from",
		"mentions ", "Fit quality", "spend", "purchases", "Ranked by", "bought", "mean purchase"}
	invoices := filepath.Join("..", "..", "examples", "invoices.csv")
	runs := [][]string{{"analyze", invoices, "--clv"},
		{"fit", invoices, "--model", "pnbd", "--calibration-end", "2026-03-31", "--holdout-end", "2026-11-30"}}
	for _, name := range []string{"pareto", "cost-to-serve", "lapsed", "repeat", "stale-contacts", "holiday-cards",
		"share-of-voice", "sentiment-trend", "mentions-negative", "mention-spikes", "care", "clv", "funnel", "segments", "drift", "health", "ideal", "advocates"} {
		runs = append(runs, []string{"report", name, "--as-of", "2026-11-30"})
	}
	for _, args := range runs {
		out, stderr, code := vf(t, db, append(args, "--lang", "de")...)
		if code != 0 {
			t.Errorf("%v: %s", args, stderr)
			continue
		}
		if m := iso.FindString(out); m != "" {
			t.Errorf("%v --lang de writes the date %s as ISO:\n%s", args[:2], m, out)
		}
		for _, w := range english {
			if strings.Contains(out, w) {
				t.Errorf("%v --lang de still says %q:\n%s", args[:2], w, out)
			}
		}
	}
}
