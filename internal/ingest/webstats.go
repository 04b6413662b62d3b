package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Web statistics exported by other analytics tools, for
// `vitalfew import web-stats FILE`. The layout is told by the file:
//
//   - Plausible: the dashboard's export, a ZIP holding visitors.csv (date,
//     visitors, pageviews, …: one total a day), pages.csv, sources.csv and
//     utm_campaigns.csv (name, visitors, …: over the export's days); or one
//     of those files alone (a breakdown file takes its days from
//     WebStatsOptions).
//   - GoatCounter: the CSV export of pageviews, its header line starting
//     with the format version ("2Path,Title,Event,UserAgent,…" or
//     "2,Path,…"): counted per day, page and referrer; sessions are the
//     visitors, bots and events are left out.
//   - Matomo: a report exported as CSV (UTF-8 or the UTF-16 Matomo's pages
//     write), with the API's headers (label, nb_uniq_visitors, nb_visits,
//     nb_hits or nb_actions) or the translated ones (Label, Unique
//     visitors, Visits, Pageviews, Actions), and a date column when it
//     spans several days; the report (page, referrer, campaign) from
//     WebStatsOptions or the file name.

// WebStatsOptions steer ReadWebStats.
type WebStatsOptions struct {
	// From and To are the days of a file without dates (a Plausible
	// breakdown, a Matomo report of one period); default: today.
	From, To time.Time
	// Dimension is a Matomo report's: page, referrer or campaign; default
	// from the file name (…campaign…, …referr…/…source…, …page…/…url…).
	Dimension string
}

// MaxWebStatsRows is how many figures one file may hold.
const MaxWebStatsRows = 1_000_000

// ReadWebStats reads the export named name from b and returns its
// figures and the tool it is from (plausible, goatcounter, matomo).
func ReadWebStats(name string, b []byte, opt WebStatsOptions) ([]crm.WebImportedRecord, string, error) {
	if opt.From.IsZero() {
		opt.From = time.Now().UTC().Truncate(24 * time.Hour)
	}
	if opt.To.IsZero() || opt.To.Before(opt.From) {
		opt.To = opt.From
	}
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		recs, err := readPlausibleZip(name, b)
		return recs, "plausible", err
	}
	text, err := webText(b)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	first, _, _ := strings.Cut(text, "\n")
	first = strings.ToLower(strings.TrimSpace(first))
	switch {
	case strings.Contains(first, "path,title,event"):
		recs, err := readGoatCounter(name, text)
		return recs, "goatcounter", err
	case strings.Contains(first, "nb_visits") || strings.Contains(first, "label"):
		recs, err := readMatomo(name, text, opt)
		return recs, "matomo", err
	case strings.HasPrefix(first, "date,visitors") || strings.HasPrefix(first, "name,visitors"):
		recs, err := readPlausibleFile(name, path.Base(name), text, opt)
		return recs, "plausible", err
	}
	return nil, "", fmt.Errorf("%s: not an export of Plausible, Matomo or GoatCounter (first line %q)", name, cutText(first, 60))
}

func cutText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// webText is b as text: UTF-8 (a byte order mark dropped) or UTF-16 with
// its byte order mark.
func webText(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		little := b[0] == 0xFF
		b = b[2:]
		if len(b)%2 != 0 {
			return "", errors.New("UTF-16 text of an odd length")
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			if little {
				u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
			} else {
				u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
			}
		}
		return string(utf16.Decode(u)), nil
	}
	return string(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))), nil
}

// webTable reads CSV text into its header (lower case, trimmed) and rows.
func webTable(text string) (map[string]int, [][]string, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	if strings.Count(firstLine(text), "\t") > strings.Count(firstLine(text), ",") {
		r.Comma = '\t'
	}
	rows, err := r.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		return nil, nil, errors.New("empty file")
	}
	if len(rows) > MaxWebStatsRows {
		return nil, nil, fmt.Errorf("more than %d rows", MaxWebStatsRows)
	}
	head := map[string]int{}
	for i, h := range rows[0] {
		head[strings.ToLower(strings.TrimSpace(h))] = i
	}
	return head, rows[1:], nil
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

// webCell is row's cell of the first column of names that the header has.
func webCell(head map[string]int, row []string, names ...string) (string, bool) {
	for _, n := range names {
		if i, ok := head[n]; ok && i < len(row) {
			return strings.TrimSpace(row[i]), true
		}
	}
	return "", false
}

// webCount reads a whole number ("1,234" and "1.234" as thousands too).
func webCount(s string) (int, error) {
	s = strings.NewReplacer(",", "", ".", "", " ", "", "\u00a0", "").Replace(strings.TrimSpace(s))
	if s == "" || s == "-" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a count, got %q", s)
	}
	return n, nil
}

// readPlausibleZip reads the dashboard export's files.
func readPlausibleZip(name string, b []byte) ([]crm.WebImportedRecord, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	files := map[string]string{}
	for _, f := range z.File {
		base := path.Base(f.Name)
		if !slicesContains([]string{"visitors.csv", "pages.csv", "sources.csv", "utm_campaigns.csv"}, base) {
			continue
		}
		if f.UncompressedSize64 > 64<<20 {
			return nil, fmt.Errorf("%s: %s is larger than 64 MiB", name, f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, f.Name, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, 64<<20))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, f.Name, err)
		}
		files[base] = string(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))
	}
	v, ok := files["visitors.csv"]
	if !ok {
		return nil, fmt.Errorf("%s: no visitors.csv in the ZIP: not a Plausible export", name)
	}
	recs, err := readPlausibleFile(name+":visitors.csv", "visitors.csv", v, WebStatsOptions{})
	if err != nil {
		return nil, err
	}
	// The breakdowns cover the export's days: those of visitors.csv.
	var opt WebStatsOptions
	for _, r := range recs {
		if opt.From.IsZero() || r.From.Before(opt.From) {
			opt.From = r.From
		}
		if r.To.After(opt.To) {
			opt.To = r.To
		}
	}
	for _, f := range []string{"pages.csv", "sources.csv", "utm_campaigns.csv"} {
		if text, ok := files[f]; ok {
			more, err := readPlausibleFile(name+":"+f, f, text, opt)
			if err != nil {
				return nil, err
			}
			recs = append(recs, more...)
		}
	}
	return recs, nil
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readPlausibleFile reads one file of a Plausible export: visitors.csv
// (a total a day) or a breakdown (pages, sources, utm_campaigns) over
// opt's days.
func readPlausibleFile(name, base, text string, opt WebStatsOptions) ([]crm.WebImportedRecord, error) {
	head, rows, err := webTable(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	dim := map[string]string{"pages.csv": "page", "sources.csv": "referrer", "utm_campaigns.csv": "campaign"}[base]
	_, dated := head["date"]
	if !dated && dim == "" {
		return nil, fmt.Errorf("%s: a Plausible breakdown without dates is read by its file name: pages.csv, sources.csv or utm_campaigns.csv", name)
	}
	var recs []crm.WebImportedRecord
	for i, row := range rows {
		line := i + 2
		w := crm.WebImported{Source: "plausible", From: opt.From, To: opt.To, Dimension: dim}
		if dated {
			d, _ := webCell(head, row, "date")
			t, err := time.Parse(time.DateOnly, d)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: date: want YYYY-MM-DD, got %q", name, line, d)
			}
			w.From, w.To, w.Dimension = t, t, "total"
		} else {
			w.Value, _ = webCell(head, row, "name")
		}
		for _, c := range []struct {
			col string
			to  *int
		}{{"visitors", &w.Visitors}, {"visits", &w.Visits}, {"pageviews", &w.Pageviews}} {
			v, _ := webCell(head, row, c.col)
			n, err := webCount(v)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %s: %w", name, line, c.col, err)
			}
			*c.to = n
		}
		recs = append(recs, crm.WebImportedRecord{Line: line, WebImported: w})
	}
	return recs, nil
}

// readGoatCounter counts GoatCounter's exported pageviews per day: the
// total, each page and each referrer (campaigns for the referrer scheme
// c), visitors as distinct sessions.
func readGoatCounter(name, text string) ([]crm.WebImportedRecord, error) {
	// The first line starts with the format version: "2Path,…" or "2,Path,…".
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimLeft(first, "0123456789")
	first = strings.TrimPrefix(first, ",")
	head, rows, err := webTable(first + "\n" + rest)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, c := range []string{"path", "session", "date"} {
		if _, ok := head[c]; !ok {
			return nil, fmt.Errorf("%s: no column %q: not a GoatCounter export", name, c)
		}
	}
	type key struct{ day, dim, value string }
	type agg struct {
		pageviews int
		sessions  map[string]bool
		line      int
	}
	sums := map[key]*agg{}
	var order []key
	add := func(k key, session string, line int) {
		a := sums[k]
		if a == nil {
			a = &agg{sessions: map[string]bool{}, line: line}
			sums[k] = a
			order = append(order, k)
		}
		a.pageviews++
		if session != "" {
			a.sessions[session] = true
		}
	}
	for i, row := range rows {
		line := i + 2
		if bot, _ := webCell(head, row, "bot"); bot != "" && bot != "0" {
			continue
		}
		if ev, _ := webCell(head, row, "event"); strings.EqualFold(ev, "true") {
			continue
		}
		d, _ := webCell(head, row, "date")
		t, err := time.Parse(time.RFC3339, d)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: Date: want a time like 2026-07-09T01:00:00Z, got %q", name, line, d)
		}
		day := t.UTC().Format(time.DateOnly)
		p, _ := webCell(head, row, "path")
		session, _ := webCell(head, row, "session")
		add(key{day, "total", ""}, session, line)
		add(key{day, "page", p}, session, line)
		if ref, _ := webCell(head, row, "referrer"); ref != "" {
			dim := "referrer"
			if scheme, _ := webCell(head, row, "referrer scheme"); scheme == "c" {
				dim = "campaign"
			}
			add(key{day, dim, ref}, session, line)
		}
	}
	recs := make([]crm.WebImportedRecord, 0, len(order))
	for _, k := range order {
		a := sums[k]
		t, _ := time.Parse(time.DateOnly, k.day)
		visitors := len(a.sessions)
		recs = append(recs, crm.WebImportedRecord{Line: a.line, WebImported: crm.WebImported{Source: "goatcounter", From: t, To: t, Dimension: k.dim,
			Value: k.value, Visitors: visitors, Pageviews: a.pageviews}})
	}
	return recs, nil
}

// readMatomo reads one Matomo report.
func readMatomo(name, text string, opt WebStatsOptions) ([]crm.WebImportedRecord, error) {
	head, rows, err := webTable(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	dim := opt.Dimension
	if dim == "" {
		base := strings.ToLower(path.Base(name))
		switch {
		case strings.Contains(base, "campaign"):
			dim = "campaign"
		case strings.Contains(base, "referr"), strings.Contains(base, "source"), strings.Contains(base, "website"):
			dim = "referrer"
		case strings.Contains(base, "page"), strings.Contains(base, "url"):
			dim = "page"
		default:
			return nil, fmt.Errorf("%s: which Matomo report is it? Name it (--dimension page, referrer or campaign)", name)
		}
	}
	if !slicesContains([]string{"page", "referrer", "campaign"}, dim) {
		return nil, fmt.Errorf("--dimension: want page, referrer or campaign, got %q", dim)
	}
	var recs []crm.WebImportedRecord
	for i, row := range rows {
		line := i + 2
		w := crm.WebImported{Source: "matomo", From: opt.From, To: opt.To, Dimension: dim}
		w.Value, _ = webCell(head, row, "label")
		if d, ok := webCell(head, row, "date"); ok && d != "" {
			t, err := time.Parse(time.DateOnly, d)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: date: want YYYY-MM-DD, got %q", name, line, d)
			}
			w.From, w.To = t, t
		}
		for _, c := range []struct {
			cols []string
			to   *int
		}{
			{[]string{"nb_uniq_visitors", "unique visitors"}, &w.Visitors},
			{[]string{"nb_visits", "visits", "unique pageviews"}, &w.Visits},
			{[]string{"nb_hits", "pageviews", "nb_actions", "actions"}, &w.Pageviews},
		} {
			v, _ := webCell(head, row, c.cols...)
			n, err := webCount(v)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %s: %w", name, line, c.cols[0], err)
			}
			*c.to = n
		}
		recs = append(recs, crm.WebImportedRecord{Line: line, WebImported: w})
	}
	return recs, nil
}
