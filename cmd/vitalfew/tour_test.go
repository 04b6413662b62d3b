package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTour runs the README's short tour as written, line by line, in a
// copy of examples/: every vitalfew command must succeed, the server must
// serve, and the API's curl lines must answer as the comments say.
//
// Where a person differs from a test: "user add" asks for a password on
// the terminal, so the test gives it on stdin with --password-stdin; the
// server listens on a free port rather than 8080, and the curl lines are
// sent to it.
func TestTour(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := tourLines(t, string(readme))
	if len(lines) < 25 {
		t.Fatalf("the tour has %d command lines; is the README's tour block where this test looks for it?", len(lines))
	}
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ents, err := os.ReadDir(examples)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(examples, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	getenv := func(string) string { return "" } // the defaults: vitalfew.db here, English

	addr := freeAddr(t)
	vars := map[string]string{}
	var stop context.CancelFunc
	served := make(chan error, 1)
	outputs := map[string]string{}
	for _, line := range lines {
		words, stdin, stdout, assign := parseLine(t, line, vars)
		cmd, _, _ := strings.Cut(line, " #")
		cmd = strings.TrimSpace(cmd)
		switch words[0] {
		case "vitalfew":
		case "curl":
			outputs[cmd] = curl(t, line, words, strings.ReplaceAll(words[len(words)-1], "127.0.0.1:8080", addr))
			continue
		default:
			t.Fatalf("%s: the tour test runs vitalfew and curl lines only", line)
		}
		args := words[1:]
		var in io.Reader = strings.NewReader("")
		if stdin != "" {
			f, err := os.Open(stdin)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			defer f.Close()
			in = f
		}
		if len(args) > 1 && args[0] == "user" && args[1] == "add" && !slices.Contains(args, "--password-stdin") {
			args = append(args, "--password-stdin")
			in = strings.NewReader("a long tour password\n")
		}
		if args[0] == "serve" {
			for i, a := range args {
				if a == "127.0.0.1:8080" {
					args[i] = addr
				}
			}
			var ctx context.Context
			ctx, stop = context.WithCancel(context.Background())
			go func() { served <- run(ctx, args, getenv, in, io.Discard, io.Discard) }()
			waitServing(t, addr, served)
			continue
		}
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, getenv, in, &out, &errOut); err != nil {
			t.Fatalf("%s: %v\n%s", line, err, errOut.String())
		}
		if out.Len() == 0 && stdout == "" && assign == "" && args[0] != "settings" {
			t.Errorf("%s: printed nothing", line)
		}
		if stdout != "" {
			if err := os.WriteFile(stdout, out.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if assign != "" {
			vars[assign] = strings.TrimSpace(out.String())
		}
		outputs[cmd] = out.String()
	}
	if stop == nil {
		t.Fatal("the tour never starts the server")
	}
	stop()
	if err := <-served; err != nil {
		t.Errorf("serve: %v", err)
	}

	// What the lines printed is what their comments promise.
	pareto := outputFor(t, outputs, "vitalfew report pareto")
	if !strings.Contains(pareto, "Top 20% of customers") {
		t.Errorf("report pareto:\n%s", pareto)
	}
	de := outputFor(t, outputs, "vitalfew report pareto --lang de")
	if !strings.Contains(de, "Umsatz") || !strings.Contains(de, ",") {
		t.Errorf("report pareto --lang de:\n%s", de)
	}
	winback, err := os.ReadFile("winback.csv")
	if err != nil || !bytes.Contains(winback, []byte(";")) {
		t.Errorf("winback.csv (excel-de): %v\n%s", err, winback)
	}
	german := outputFor(t, outputs, "vitalfew analyze export.csv --json")
	var rep struct {
		Customers int     `json:"customers"`
		Revenue   float64 `json:"revenue"`
	}
	if err := json.Unmarshal([]byte(german), &rep); err != nil || rep.Customers == 0 || rep.Revenue <= 0 {
		t.Errorf("analyze export.csv --json: %v: %+v", err, rep)
	}
	sentiment := outputFor(t, outputs, "vitalfew sentiment --json < mentions.txt")
	if n := strings.Count(sentiment, "\n"); n != lineCount(t, "mentions.txt") {
		t.Errorf("sentiment scored %d lines of mentions.txt:\n%s", n, sentiment)
	}
	own := outputFor(t, outputs, "vitalfew user own-accounts sam@example.com")
	if strings.Contains(own, ": 0 now") {
		t.Errorf("sam owns no account in examples/clients.csv: %s", own)
	}
	// The API's pareto report is the CLI's: the same revenue.
	var cli, api struct {
		Revenue float64 `json:"revenue"`
	}
	var b bytes.Buffer
	if err := run(context.Background(), []string{"report", "pareto", "--json"}, getenv, strings.NewReader(""), &b, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b.Bytes(), &cli); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(outputFor(t, outputs, "curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/api/v1/reports/pareto")), &api); err != nil {
		t.Fatal(err)
	}
	if cli.Revenue <= 0 || cli.Revenue != api.Revenue {
		t.Errorf("revenue: report pareto --json %v, the API %v", cli.Revenue, api.Revenue)
	}
}

// tourLines returns the command lines of the README's tour: the first sh
// block after "## A short tour", without comments and blank lines.
func tourLines(t *testing.T, readme string) []string {
	t.Helper()
	_, after, ok := strings.Cut(readme, "## A short tour")
	if !ok {
		t.Fatal(`README.md has no "## A short tour"`)
	}
	_, block, ok := strings.Cut(after, "```sh\n")
	if !ok {
		t.Fatal("the tour has no ```sh block")
	}
	block, _, _ = strings.Cut(block, "```")
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// parseLine splits a tour line as sh would for the few forms the tour
// uses: words, "double quotes", $VAR, a trailing # comment, < FILE,
// > FILE and NAME=$(command).
func parseLine(t *testing.T, line string, vars map[string]string) (words []string, stdin, stdout, assign string) {
	t.Helper()
	s := line
	if name, rest, ok := strings.Cut(s, "=$("); ok && !strings.ContainsAny(name, " \"") {
		assign = name
		i := strings.LastIndex(rest, ")")
		if i < 0 {
			t.Fatalf("%s: no closing )", line)
		}
		s = rest[:i]
	}
	var cur strings.Builder
	inWord, quoted := false, false
	flush := func() {
		if inWord {
			words = append(words, cur.String())
		}
		cur.Reset()
		inWord = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			quoted, inWord = !quoted, true
		case c == '$' && i+1 < len(s) && (s[i+1] >= 'A' && s[i+1] <= 'Z'):
			j := i + 1
			for j < len(s) && (s[j] >= 'A' && s[j] <= 'Z' || s[j] == '_') {
				j++
			}
			v, ok := vars[s[i+1:j]]
			if !ok {
				t.Fatalf("%s: $%s is not set by an earlier line", line, s[i+1:j])
			}
			cur.WriteString(v)
			inWord, i = true, j-1
		case quoted:
			cur.WriteByte(c)
		case c == '#':
			i = len(s)
		case c == ' ' || c == '\t':
			flush()
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	flush()
	for i := 0; i < len(words); i++ {
		if (words[i] == "<" || words[i] == ">") && i+1 < len(words) {
			if words[i] == "<" {
				stdin = words[i+1]
			} else {
				stdout = words[i+1]
			}
			words = append(words[:i], words[i+2:]...)
			i--
		}
	}
	if len(words) == 0 {
		t.Fatalf("%q: no command", line)
	}
	return words, stdin, stdout, assign
}

// curl sends the GET a tour curl line asks for (-H headers, the URL last)
// and returns the body; it must answer 200.
func curl(t *testing.T, line string, words []string, url string) string {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	for i := 1; i < len(words)-1; i++ {
		if words[i] != "-H" || i+1 >= len(words)-1 {
			t.Fatalf("%s: the test knows curl's -H only", line)
		}
		k, v, _ := strings.Cut(words[i+1], ":")
		req.Header.Set(k, strings.TrimSpace(v))
		i++
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %v\n%s", line, res.StatusCode, err, body)
	}
	return string(body)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitServing waits until the server answers on addr.
func waitServing(t *testing.T, addr string, served chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-served:
			t.Fatalf("serve stopped: %v", err)
		default:
		}
		res, err := http.Get("http://" + addr + "/login")
		if err == nil {
			res.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server does not answer on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// outputFor returns what the tour line cmd (without its comment) printed.
func outputFor(t *testing.T, outputs map[string]string, cmd string) string {
	t.Helper()
	out, ok := outputs[cmd]
	if !ok {
		t.Fatalf("the tour has no line %q", cmd)
	}
	return out
}

func lineCount(t *testing.T, name string) int {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}
