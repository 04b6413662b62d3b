package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Reach and PR files, for `vitalfew import reach FILE` and
// `vitalfew import press FILE`: CSV (comma, semicolon or tab) with
// headers in English or German.

// reachCols and pressCols are the headers each field is read from.
var (
	reachCols = map[string][]string{
		"channel":   {"channel", "kanal", "network", "netzwerk", "platform", "plattform"},
		"date":      {"date", "day", "datum", "tag", "stichtag"},
		"followers": {"followers", "subscribers", "follower", "abonnenten", "fans", "empfänger", "recipients"},
		"forwards":  {"forwards", "shares", "weiterleitungen", "geteilt", "shared"},
	}
	pressCols = map[string][]string{
		"date":        {"date", "datum", "published", "veröffentlicht", "erschienen"},
		"outlet":      {"outlet", "medium", "publication", "zeitung", "zeitschrift", "sender", "quelle"},
		"title":       {"title", "headline", "titel", "überschrift", "schlagzeile"},
		"url":         {"url", "link"},
		"impressions": {"impressions", "reach", "circulation", "readers", "reichweite", "auflage", "leser"},
		"text":        {"text", "excerpt", "auszug", "inhalt", "body"},
		"key_message": {"key_message", "key message", "kernbotschaft", "botschaft"},
		"activity":    {"activity", "campaign", "code", "maßnahme", "kampagne"},
	}
)

// reachTable reads text into rows and the column of each field.
func reachTable(name, text string, cols map[string][]string, required ...string) (map[string]int, [][]string, error) {
	head, rows, err := webTable(sniffSemicolon(text))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	at := map[string]int{}
	for field, names := range cols {
		for _, n := range names {
			if i, ok := head[n]; ok {
				at[field] = i
				break
			}
		}
	}
	for _, f := range required {
		if _, ok := at[f]; !ok {
			return nil, nil, fmt.Errorf("%s: no column for %q (required)", name, f)
		}
	}
	return at, rows, nil
}

// sniffSemicolon turns a semicolon-separated file into a comma-separated
// one when its header has more semicolons than commas (German Excel).
func sniffSemicolon(text string) string {
	first := firstLine(text)
	if strings.Count(first, ";") <= strings.Count(first, ",") {
		return text
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		cells := strings.Split(strings.TrimRight(line, "\r\n"), ";")
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"") && !strings.HasPrefix(c, "\"") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		if strings.HasSuffix(line, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func reachCell(at map[string]int, row []string, field string) string {
	if i, ok := at[field]; ok && i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// reachDay reads a day: ISO or German (31.12.2026).
func reachDay(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("want a date like 2026-12-31 or 31.12.2026, got %q", s)
}

// ReadReach reads follower snapshots: channel, date, followers and,
// optionally, forwards.
func ReadReach(name string, b []byte) ([]crm.ReachSnapshot, error) {
	text, err := webText(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	at, rows, err := reachTable(name, text, reachCols, "channel", "date", "followers")
	if err != nil {
		return nil, err
	}
	out := make([]crm.ReachSnapshot, 0, len(rows))
	for i, row := range rows {
		line := i + 2
		r := crm.ReachSnapshot{Line: line, Channel: reachCell(at, row, "channel")}
		if r.Channel == "" {
			return nil, fmt.Errorf("%s:%d: channel: missing", name, line)
		}
		if r.Day, err = reachDay(reachCell(at, row, "date")); err != nil {
			return nil, fmt.Errorf("%s:%d: date: %w", name, line, err)
		}
		for _, f := range []struct {
			field string
			to    *int64
		}{{"followers", &r.Followers}, {"forwards", &r.Forwards}} {
			n, err := webCount(reachCell(at, row, f.field))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %s: %w", name, line, f.field, err)
			}
			*f.to = int64(n)
		}
		out = append(out, r)
	}
	return out, nil
}

// ReadPress reads press mentions: date, outlet, title, and optionally
// url, impressions, text, key_message (yes/no) and activity (a name or
// code). The caller scores the tone of title and text; the text is not
// kept.
// Without a key_message column, keyMessage (when not empty) came through
// when title or text contain it, whatever the case.
func ReadPress(name string, b []byte, keyMessage string) ([]crm.PressMention, error) {
	text, err := webText(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	at, rows, err := reachTable(name, text, pressCols, "date", "outlet", "title")
	if err != nil {
		return nil, err
	}
	_, hasKey := at["key_message"]
	out := make([]crm.PressMention, 0, len(rows))
	for i, row := range rows {
		line := i + 2
		m := crm.PressMention{Line: line, Outlet: reachCell(at, row, "outlet"), Title: reachCell(at, row, "title"), URL: reachCell(at, row, "url"),
			Activity: reachCell(at, row, "activity")}
		if m.Outlet == "" || m.Title == "" {
			return nil, fmt.Errorf("%s:%d: outlet and title: required", name, line)
		}
		if m.Day, err = reachDay(reachCell(at, row, "date")); err != nil {
			return nil, fmt.Errorf("%s:%d: date: %w", name, line, err)
		}
		n, err := webCount(reachCell(at, row, "impressions"))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: impressions: %w", name, line, err)
		}
		m.Impressions = int64(n)
		body := reachCell(at, row, "text")
		m.Text = body
		switch {
		case hasKey:
			v, ok := yesNo(reachCell(at, row, "key_message"), false)
			if !ok {
				return nil, fmt.Errorf("%s:%d: key_message: want yes or no, got %q", name, line, reachCell(at, row, "key_message"))
			}
			m.KeyMessage = v
		case keyMessage != "":
			k := strings.ToLower(keyMessage)
			m.KeyMessage = strings.Contains(strings.ToLower(m.Title), k) || strings.Contains(strings.ToLower(body), k)
		}
		out = append(out, m)
	}
	return out, nil
}
