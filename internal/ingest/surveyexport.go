package ingest

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Survey results exported by the survey tools people use, read into one
// shape: the questions (the columns that are not the tool's own) and, per
// response, who (an e-mail address, when the tool had one), when, whether
// it was finished, and the answer to each question. The layouts
// recognised:
//
//   - Typeform's CSV download: "#" (the response's token), a column per
//     question, hidden fields (email), then Response Type (completed,
//     partial), Start Date (UTC), Stage Date (UTC), Submit Date (UTC),
//     Network ID, Tags, Ending;
//   - SurveyMonkey's CSV export: two header rows — the first Respondent ID,
//     Collector ID, Start Date, End Date, IP Address, Email Address, First
//     Name, Last Name, Custom Data 1 and the questions, the second
//     "Response", "Open-Ended Response" or, under a question with several
//     boxes to tick, one option per column (the question's text only above
//     the first); dates 03/05/2024 10:15:32 AM;
//   - Google Forms' responses sheet downloaded as CSV: Timestamp (German:
//     Zeitstempel), Email Address (E-Mail-Adresse) when the form collected
//     it, Score, then a column per question; ticked boxes joined by ", ";
//   - LimeSurvey's response export: id, submitdate (empty when not
//     finished), lastpage, startlanguage, seed, token, startdate,
//     datestamp, ipaddr, refurl, the participant's firstname, lastname,
//     email (or First name, Last name, Email address) when exported with
//     them, then a column per question (its code or its text) and timings
//     (interviewtime, groupTime…, …Time), left out; comma or semicolon.
//
// UTF-8 with or without BOM, UTF-16 with BOM. Anything else with an
// e-mail column and question columns is read as a plain CSV ("csv").

// SurveyExport is a survey tool's export.
type SurveyExport struct {
	Tool      string   // typeform, surveymonkey, googleforms, limesurvey or csv
	Questions []string // the question columns' headings, in the file's order
	Rows      []SurveyExportRow
}

// SurveyExportRow is one response of an export.
type SurveyExportRow struct {
	Line        int    // of the file, 1-based, for messages
	ID          string // the tool's id of the response, when it has one
	Email       string // lower case; "" when the tool did not have it
	SubmittedAt time.Time
	Complete    bool
	// Answers holds one answer per question ("" when none); ticked boxes
	// of one question are joined by "; ".
	Answers []string
}

// MaxSurveyExportRows is the most responses one export may hold.
const MaxSurveyExportRows = 200_000

// surveyMeta are the columns of each tool that are not questions, by the
// role they play ("" for those only left out).
var surveyMeta = map[string]map[string]string{
	"typeform": {"#": "id", "response type": "status", "start date (utc)": "", "stage date (utc)": "", "submit date (utc)": "submitted",
		"network id": "", "tags": "", "ending": "", "email": "email", "e-mail": "email"},
	"surveymonkey": {"respondent id": "id", "collector id": "", "start date": "", "end date": "submitted", "ip address": "",
		"email address": "email", "first name": "", "last name": "", "custom data 1": ""},
	"googleforms": {"timestamp": "submitted", "zeitstempel": "submitted", "email address": "email", "e-mail-adresse": "email",
		"email": "email", "score": "", "punkte": "", "punktzahl": ""},
	"limesurvey": {"id": "id", "response id": "id", "submitdate": "submitted", "date submitted": "submitted", "lastpage": "", "last page": "",
		"startlanguage": "", "start language": "", "seed": "", "token": "", "startdate": "", "date started": "", "datestamp": "",
		"date last action": "", "ipaddr": "", "ip address": "", "refurl": "", "referrer url": "", "firstname": "", "first name": "",
		"lastname": "", "last name": "", "email": "email", "email address": "email", "interviewtime": "", "total time": ""},
}

// surveyTool tells the tool from the first header row.
func surveyTool(head []string) string {
	has := func(names ...string) bool {
		for _, n := range names {
			if !slices.Contains(head, n) {
				return false
			}
		}
		return true
	}
	switch {
	case has("respondent id", "collector id"):
		return "surveymonkey"
	case has("submit date (utc)") || (len(head) > 0 && head[0] == "#" && has("network id")):
		return "typeform"
	case has("submitdate", "lastpage") || has("startlanguage") || has("response id", "date submitted", "last page"):
		return "limesurvey"
	case len(head) > 0 && (head[0] == "timestamp" || head[0] == "zeitstempel"):
		return "googleforms"
	}
	return "csv"
}

// ParseSurveyExport reads a survey tool's export (see above). It names
// the line of what it cannot read.
func ParseSurveyExport(data []byte) (SurveyExport, error) {
	text, err := decodeText(data)
	if err != nil {
		return SurveyExport{}, err
	}
	sample := text[:min(len(text), 64<<10)]
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = SniffDelimiter([]byte(sample))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	records, err := cr.ReadAll()
	if err != nil {
		return SurveyExport{}, crm.Errorf(crm.EINVALID, "not a CSV file: %v", err)
	}
	if len(records) == 0 {
		return SurveyExport{}, crm.Errorf(crm.EINVALID, "the file is empty")
	}
	head := make([]string, len(records[0]))
	for i, h := range records[0] {
		head[i] = strings.ToLower(strings.TrimSpace(h))
	}
	ex := SurveyExport{Tool: surveyTool(head)}
	meta := surveyMeta[ex.Tool]
	if ex.Tool == "csv" {
		meta = map[string]string{"email": "email", "e-mail": "email", "email address": "email", "e-mail-adresse": "email",
			"submitted": "submitted", "date": "submitted", "datum": "submitted", "id": "id"}
	}
	first := 1 // the first row of answers
	// A question's columns: one, or (SurveyMonkey) one per option.
	type question struct {
		cols    []int
		options []string // SurveyMonkey: the option of each column
	}
	var questions []question
	role := map[string]int{}
	for i, h := range head {
		if r, ok := meta[h]; ok {
			if _, seen := role[r]; r != "" && !seen {
				role[r] = i
			}
			continue
		}
		if ex.Tool == "limesurvey" && (h == "" || strings.HasPrefix(h, "grouptime") || strings.HasSuffix(h, "time") && !strings.Contains(h, " ")) {
			continue // timings
		}
		if h == "" && len(questions) > 0 && ex.Tool == "surveymonkey" {
			q := &questions[len(questions)-1]
			q.cols = append(q.cols, i)
			continue
		}
		questions = append(questions, question{cols: []int{i}})
		ex.Questions = append(ex.Questions, strings.TrimSpace(records[0][i]))
	}
	if ex.Tool == "surveymonkey" && len(records) > 1 {
		first = 2
		sub := records[1]
		for qi := range questions {
			q := &questions[qi]
			if len(q.cols) < 2 {
				continue
			}
			for _, c := range q.cols {
				if c < len(sub) {
					q.options = append(q.options, strings.TrimSpace(sub[c]))
				} else {
					q.options = append(q.options, "")
				}
			}
		}
	}
	if len(questions) == 0 {
		return ex, crm.Errorf(crm.EINVALID, "no question columns: the file has only %s", strings.Join(records[0], ", "))
	}
	if ex.Tool == "csv" {
		if _, ok := role["email"]; !ok {
			return ex, crm.Errorf(crm.EINVALID, "no e-mail column: export the responses of Typeform, SurveyMonkey, Google Forms or LimeSurvey, or give a CSV with an email column and a column per question")
		}
	}
	if len(records)-first > MaxSurveyExportRows {
		return ex, crm.Errorf(crm.EINVALID, "more than %d responses in one file", MaxSurveyExportRows)
	}
	cell := func(rec []string, i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	col := func(r string) int {
		if i, ok := role[r]; ok {
			return i
		}
		return -1
	}
	// Dates: the layout of the whole column, as the other readers decide it.
	var dates DateDetector
	for _, rec := range records[first:] {
		dates.Add(dateOnly(cell(rec, col("submitted"))))
	}
	layout, _ := dates.Result()
	for n, rec := range records[first:] {
		line := first + n + 1
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		row := SurveyExportRow{Line: line, ID: cell(rec, col("id")), Email: strings.ToLower(cell(rec, col("email")))}
		if s := cell(rec, col("submitted")); s != "" {
			t, err := ParseDate(dateOnly(s), layout)
			if err != nil {
				return ex, crm.Errorf(crm.EINVALID, "line %d: %s: %v", line, records[0][col("submitted")], err)
			}
			row.SubmittedAt, row.Complete = t, true
		}
		if i := col("status"); i >= 0 { // Typeform: partial responses have a submit date too
			row.Complete = row.Complete && !strings.EqualFold(cell(rec, i), "partial")
		}
		if ex.Tool == "csv" || ex.Tool == "googleforms" {
			row.Complete = true
		}
		for _, q := range questions {
			if q.options == nil {
				row.Answers = append(row.Answers, cell(rec, q.cols[0]))
				continue
			}
			var ticked []string
			for k, c := range q.cols {
				if v := cell(rec, c); v != "" {
					if q.options[k] != "" && !strings.EqualFold(q.options[k], "other (please specify)") {
						ticked = append(ticked, q.options[k])
					} else {
						ticked = append(ticked, v)
					}
				}
			}
			row.Answers = append(row.Answers, strings.Join(ticked, "; "))
		}
		ex.Rows = append(ex.Rows, row)
	}
	return ex, nil
}

// dateOnly is the date part of a time stamp such as "2024/03/05 10:15:32
// AM GMT+1" or "2024-03-05T10:15:32Z".
func dateOnly(s string) string {
	if i := strings.IndexAny(s, " T"); i > 0 {
		return s[:i]
	}
	return s
}

// SurveyAnswerKind guesses the kind of question from its heading and its
// answers: nps (whole numbers 0–10 and a heading about recommending),
// rating (1–5), yesno, multi (several of a few recurring options in one
// answer), choice (few distinct answers), else text.
func SurveyAnswerKind(heading string, answers []string) string {
	h := strings.ToLower(heading)
	var vals []string
	distinct := map[string]bool{}
	for _, a := range answers {
		if a = strings.TrimSpace(a); a != "" {
			vals = append(vals, a)
			distinct[strings.ToLower(a)] = true
		}
	}
	if len(vals) == 0 {
		return "text"
	}
	lo, hi, whole := 100, -1, true
	for _, v := range vals {
		n, err := strconv.Atoi(v)
		if err != nil {
			whole = false
			break
		}
		lo, hi = min(lo, n), max(hi, n)
	}
	recommend := strings.Contains(h, "recommend") || strings.Contains(h, "empfehl") || strings.Contains(h, "nps")
	switch {
	case whole && lo >= 0 && hi <= 10 && (recommend || hi > 5 || lo == 0):
		return "nps"
	case whole && lo >= 1 && hi <= 5:
		return "rating"
	}
	yesno := true
	for v := range distinct {
		if !slices.Contains([]string{"yes", "no", "ja", "nein"}, v) {
			yesno = false
		}
	}
	if yesno {
		return "yesno"
	}
	// Ticked boxes: answers of several options (joined by "; ", or by
	// ", " from Google Forms) drawn from a few options that recur.
	parts, several := map[string]int{}, false
	for _, v := range vals {
		if strings.Contains(v, "; ") {
			return "multi" // the export joined the ticked boxes so
		}
		ps := SplitMulti(v)
		several = several || len(ps) > 1
		for _, p := range ps {
			parts[strings.ToLower(p)]++
		}
	}
	total := 0
	for _, n := range parts {
		total += n
	}
	if several && len(parts) <= 12 && total >= 2*len(parts) {
		return "multi"
	}
	if len(distinct) >= 2 && len(distinct) <= max(2, len(vals)/2) && len(distinct) <= 12 {
		return "choice"
	}
	return "text"
}

// SplitMulti splits the ticked boxes of one answer: by "; " when it has
// one, else by ", " (Google Forms).
func SplitMulti(a string) []string {
	sep := "; "
	if !strings.Contains(a, sep) {
		sep = ", "
	}
	var out []string
	for _, p := range strings.Split(a, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// String names an export for messages: the tool and its size.
func (ex SurveyExport) String() string {
	return fmt.Sprintf("%s export, %d questions, %d responses", ex.Tool, len(ex.Questions), len(ex.Rows))
}
