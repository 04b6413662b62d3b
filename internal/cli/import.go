package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/importer"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

type importFlags struct {
	maps        []string
	dateFormat  string
	source      string
	sheet       string
	strict      bool
	skipInvalid bool
	dryRun      bool
	json        bool
	survey      int64 // survey-responses: the survey to import into (0: a new one)
	// web-stats: the days of a file without dates, and a Matomo report's
	// dimension.
	webFrom, webTo, webDimension string
	keyMessage                   string // press: the phrase whose mention is the key message coming through
}

func importCmd(e *env) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import accounts|contacts|orders|order-lines|touchpoints|mentions|shipments|activities|activity-touches|survey-responses|web-stats|reach|press FILE",
		Short: "Import a CSV, Excel (.xlsx) or JSON Lines file (FILE - reads stdin)",
		Long: `Import a CSV (comma, semicolon, tab or spaces; sniffed), Excel .xlsx (the first
sheet, or --sheet) or JSON Lines file.

Headers are recognised by name in English and German ("customer", "Kunde",
"Kundennummer", "invoice date", "Rechnungsdatum", "amount", "Betrag", "Umsatz" …);
--map HEADER=field overrides. Dates: ISO, YYYYMMDD, DD.MM.YYYY, MM/DD/YYYY
(ambiguous slash dates need --date-format). Numbers: 1234.56, 1,234.56,
1.234,56, with or without currency symbols.

The whole file is one transaction: any bad row fails the import with
FILE:LINE: field: reason and nothing is written, unless --skip-invalid, which
imports the good rows and writes the rejected ones to FILE.rejects.csv.
Importing the same file again changes nothing. Import orders before
order-lines and shipments.

Marketing: "activities" are campaigns, one a row: activity (the name,
unique whatever its case), kind (ad, email, webinar, event, pr, content,
social, direct_mail, referral_program, other; German words too), cost,
start, end, code (a tracking code, optional, unique whatever its case) and
marketing (true/false, ja/nein; default true: word of mouth or sales are
activities marked false), status (planning, active, done; optional: an
activity goes active only with a tracking code) and hours with an
hourly_rate (the business's own time, a cost too; the rate defaults to the
setting cost_per_service_hour). "activity-touches" say which customer met which
activity: customer_id (the account's id), activity (its name) or code,
date, and method (forward: a tracked code; pos: the customer said so;
reverse: found from the customer list). Import activities before touches,
and accounts before both. See docs/marketing.md.

Surveys: "survey-responses" reads the responses exported by Typeform,
SurveyMonkey (both header rows), Google Forms or LimeSurvey (or a CSV with
an email column and a column per question) into the survey --survey ID,
question by question in order, or into a new survey made of the file's
questions (each of the kind its answers show). Respondents are matched to
contacts by e-mail; a finished response of a contact lands on the
account's timeline. Importing the file again adds nothing. See
docs/surveys.md.

Web analytics: "web-stats" reads the figures of another tool's export,
recognised by its content: Plausible's dashboard export (the ZIP, or its
visitors.csv, pages.csv, sources.csv or utm_campaigns.csv alone), the
GoatCounter CSV export of pageviews, or a Matomo report as CSV (the API's
or the translated headers, UTF-8 or UTF-16). A file without dates covers
--from..--to; a Matomo report names its --dimension (page, referrer,
campaign) or has it in its file name. Importing the file again replaces its
figures. "reach" reads follower and subscriber counts: channel, date,
followers and optionally forwards (Kanal, Datum, Abonnenten,
Weiterleitungen). "press" reads press mentions: date, outlet, title and
optionally url, impressions, text, key_message (yes/no) and activity (a
name or code); the tone is scored from title and text (the text is not
kept), and without key_message --key-message PHRASE decides. See
docs/marketing.md.

The exports of these tools are recognised from their header (or named with
--source) and read as the tool means them: which rows are revenue, their
signs, units and dates; the import says which it used and what it left out.
` + profileList(),
		Example: `  vitalfew import orders invoices.csv
  vitalfew import orders export.csv --map "Beleg=invoice_id" --date-format dd.mm.yyyy
  vitalfew import contacts contacts.jsonl --dry-run
  vitalfew import activities campaigns.csv
  vitalfew import activity-touches touches.csv
  vitalfew import web-stats plausible-export.zip`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] == "survey-responses" {
				return e.importSurveyResponses(cmd.Context(), args[1], f.survey, f.json)
			}
			if args[0] == "web-stats" {
				return e.importWebStats(cmd.Context(), args[1], f)
			}
			if args[0] == "reach" || args[0] == "press" {
				return e.importReach(cmd.Context(), args[0], args[1], f)
			}
			kind, err := ingest.ParseKind(args[0])
			if err != nil {
				return err
			}
			return e.runImport(cmd.Context(), kind, args[1], f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.maps, "map", nil, "map a header to a field, HEADER=field (repeatable)")
	fl.StringVar(&f.dateFormat, "date-format", "", "date format: iso, yyyymmdd, dd.mm.yyyy, mm/dd/yyyy, dd/mm/yyyy")
	fl.StringVar(&f.source, "source", "import", "provenance of the rows (re-imports match by source and id); naming a tool's export (xero, stripe, datev, …) reads the file as that export")
	fl.StringVar(&f.sheet, "sheet", "", "the sheet of an .xlsx workbook to read (default: the first)")
	fl.BoolVar(&f.strict, "strict", false, "refuse rows naming unknown customers instead of creating them")
	fl.BoolVar(&f.skipInvalid, "skip-invalid", false, "import the good rows; write rejected ones to FILE.rejects.csv")
	fl.BoolVar(&f.dryRun, "dry-run", false, "validate and report what would change, write nothing")
	fl.StringVar(&f.webFrom, "from", "", "web-stats: the first day of an export without dates (default: today)")
	fl.StringVar(&f.webTo, "to", "", "web-stats: the last day of an export without dates (default: --from)")
	fl.StringVar(&f.keyMessage, "key-message", "", "press: the key message; without a key_message column it came through when title or text contain it")
	fl.StringVar(&f.webDimension, "dimension", "", "web-stats: a Matomo report's dimension: page, referrer or campaign (default: from the file name)")
	fl.Int64Var(&f.survey, "survey", 0, "survey-responses: the survey to import into (default: a new survey of the file's questions)")
	fl.BoolVar(&f.json, "json", false, "print the summary as JSON")
	return cmd
}

func (e *env) runImport(ctx context.Context, kind ingest.Kind, path string, f importFlags) error {
	m, err := parseMap(f.maps)
	if err != nil {
		return err
	}
	in, _, closeIn, err := e.openInput(path)
	if err != nil {
		return err
	}
	defer closeIn()
	opt := ingest.Options{File: path, Map: m, DateFormat: f.dateFormat, KeepRaw: f.skipInvalid, Sheet: f.sheet}
	var progress *importProgress
	writing := func(int) func() { return func() {} }
	if isTerminal(e.stderr) || e.forceProgress {
		progress = newImportProgress(e.stderr, path)
		opt.Progress, writing = progress.reading, progress.writingRows
	}
	if ingest.IsProfile(kind, f.source) {
		opt.Profile = f.source
	}
	iopt := crm.ImportOptions{File: path, Source: f.source, Strict: f.strict, DryRun: f.dryRun, SkipInvalid: f.skipInvalid,
		Waiting: e.waiting}
	st, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// The command line acts as the operator: imports are audited as "cli".
	res, err := importer.Run(operator(ctx), st, kind, in, opt, iopt, writing)
	rep := importReport{ImportSummary: res.ImportSummary, Profile: res.Profile, Tally: res.Tally, Unread: res.Unread,
		header: res.Header, raw: res.Raw, rejects: res.Rejects}
	if progress != nil {
		progress.done()
	}
	if err != nil {
		return err
	}
	if len(rep.rejects) > 0 {
		name := rejectsPath(path)
		if err := writeFile(name, func(w io.Writer) error { return ingest.WriteRejects(w, rep.header, rep.raw, rep.rejects) }); err != nil {
			return err
		}
		rep.RejectsFile = name
	}
	rep.File, rep.Kind, rep.DryRun = path, string(kind), f.dryRun
	if f.json {
		return json.NewEncoder(e.stdout).Encode(rep)
	}
	return rep.writeText(e.stdout, e.stderr)
}

type importReport struct {
	File   string `json:"file"`
	Kind   string `json:"kind"`
	DryRun bool   `json:"dry_run"`
	crm.ImportSummary
	Profile     *ingest.ProfileUsed `json:"profile,omitempty"`
	Tally       []ingest.Tally      `json:"tally,omitempty"`
	Unread      []string            `json:"unread_columns,omitempty"`
	RejectsFile string              `json:"rejects_file,omitempty"`
	header      []string
	raw         map[int][]string
	rejects     crm.RowErrors
}

func (r importReport) writeText(stdout, stderr io.Writer) error {
	for i, rej := range r.rejects {
		if i == maxShownErrors {
			fmt.Fprintf(stderr, "… and %d more rejected rows\n", len(r.rejects)-maxShownErrors)
			break
		}
		fmt.Fprintln(stderr, rej.Error())
	}
	var b strings.Builder
	if r.Profile != nil {
		fmt.Fprintf(&b, "%s: read as %s (%s)\n", r.File, r.Profile.Tool, r.Profile.Verified)
	}
	for _, t := range r.Tally {
		fmt.Fprintf(&b, "%s: %s\n", r.File, t)
	}
	if r.Profile == nil && len(r.Unread) > 0 {
		// A tool's export has columns its profile does not need; in any
		// other file a column nothing reads may be one the user meant.
		fmt.Fprintf(&b, "%s: %s not read (--map HEADER=field reads one)\n", r.File, columnList(r.Unread))
	}
	fmt.Fprintf(&b, "%s: %d inserted, %d updated, %d unchanged, %d rejected", r.File, r.Inserted, r.Updated, r.Unchanged, r.Rejected)
	if r.AccountsCreated > 0 {
		fmt.Fprintf(&b, "; %d new accounts", r.AccountsCreated)
	}
	if r.DryRun {
		b.WriteString(" (dry run: nothing written)")
	}
	if r.RejectsFile != "" {
		fmt.Fprintf(&b, "\nrejected rows with their reasons: %s", r.RejectsFile)
	}
	_, err := fmt.Fprintln(stdout, b.String())
	return err
}

// waiting tells the user on stderr that the import waits for another.
func (e *env) waiting() func() {
	if isTerminal(e.stderr) {
		fmt.Fprint(e.stderr, "\r\x1b[K") // over the progress line
	}
	fmt.Fprintln(e.stderr, "vitalfew: another import is running; waiting for it to finish…")
	return nil
}

// openInput opens path, or stdin for "-"; size is -1 when unknown.
func (e *env) openInput(path string) (io.Reader, int64, func(), error) {
	if path == "-" {
		return e.stdin, -1, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, crm.Errorf(crm.EINVALID, "cannot read %s: %v", path, unwrapPathError(err))
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	return f, size, func() { f.Close() }, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func rejectsPath(path string) string {
	if path == "-" {
		return "stdin.rejects.csv"
	}
	return path + ".rejects.csv"
}

// writeFile writes a file atomically: a temporary file renamed into place.
func writeFile(name string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(dirOf(name), ".vitalfew-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

func dirOf(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[:i+1]
	}
	return "."
}

// profileList lists the tools' exports the import knows, by kind, in
// lines of at most 80 characters.
func profileList() string {
	var b strings.Builder
	var kind ingest.Kind
	width := 0
	for _, p := range ingest.Profiles() {
		if p.Kind != kind {
			if kind != "" {
				b.WriteString("\n")
			}
			kind = p.Kind
			n, _ := fmt.Fprintf(&b, "  %s:", kind)
			width = n
		}
		if width+1+len(p.Name) > 80 {
			b.WriteString("\n   ")
			width = 3
		}
		n, _ := fmt.Fprintf(&b, " %s", p.Name)
		width += n
	}
	return b.String()
}

// columnList names columns for a message: "column "id"", "columns "id",
// "domain" and 3 more".
func columnList(cols []string) string {
	const shown = 8
	q := make([]string, 0, shown)
	for _, c := range cols[:min(len(cols), shown)] {
		q = append(q, strconv.Quote(c))
	}
	s := strings.Join(q, ", ")
	if len(cols) > shown {
		s += fmt.Sprintf(" and %d more", len(cols)-shown)
	}
	if len(cols) == 1 {
		return "column " + s
	}
	return "columns " + s
}
