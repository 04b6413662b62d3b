package ingest

import (
	"bytes"
	"slices"
)

// delimiters are the candidates SniffDelimiter picks from, in order of
// preference when the evidence ties.
var delimiters = [...]byte{',', ';', '\t'}

// sniffLines is how many lines of the sample SniffDelimiter looks at.
const sniffLines = 50

// SniffDelimiter picks ',' ';' or '\t' from a sample of a file's first lines.
// Delimiters inside quoted cells do not count. It prefers a delimiter that
// occurs the same number of times on every line (the most of them if several
// do); failing that, the one the first line has most of; failing that, ','.
// A last line without its newline is ignored unless it is the only one.
func SniffDelimiter(sample []byte) rune {
	var lines [][len(delimiters)]int
	var cur [len(delimiters)]int
	inQuote, content := false, false
	for _, c := range sample {
		if c == '"' {
			inQuote = !inQuote
			content = true
			continue
		}
		if inQuote {
			continue
		}
		switch c {
		case '\n':
			if content {
				lines = append(lines, cur)
				if len(lines) == sniffLines {
					return pickDelimiter(lines)
				}
			}
			cur, content = [len(delimiters)]int{}, false
			continue
		case ' ', '\r':
			continue
		}
		content = true
		for k, d := range delimiters {
			if c == d {
				cur[k]++
			}
		}
	}
	if len(lines) == 0 && content {
		lines = append(lines, cur)
	}
	return pickDelimiter(lines)
}

func pickDelimiter(lines [][len(delimiters)]int) rune {
	if len(lines) == 0 {
		return ','
	}
	best, bestN := -1, 0
	for k := range delimiters {
		n := lines[0][k]
		if n == 0 {
			continue
		}
		consistent := true
		for _, l := range lines[1:] {
			if l[k] != n {
				consistent = false
				break
			}
		}
		if consistent && n > bestN {
			best, bestN = k, n
		}
	}
	if best < 0 {
		for k := range delimiters {
			if n := lines[0][k]; n > bestN {
				best, bestN = k, n
			}
		}
	}
	if best < 0 {
		return ','
	}
	return rune(delimiters[best])
}

// SpaceSeparated reports whether a sample of a file's first lines is
// separated by runs of spaces (as CDNOW's published files are): no comma,
// semicolon, tab or quote anywhere, every line (up to sniffLines) cut by
// spaces into the same number of fields, at least two, and every line but
// the first (which may be a header) holding a number. A list of two-word
// names is not.
func SpaceSeparated(sample []byte) bool {
	if bytes.ContainsAny(sample, ",;\t\"") {
		return false
	}
	width, n := 0, 0
	for line := range bytes.Lines(sample) {
		if !bytes.HasSuffix(line, []byte("\n")) && n > 0 {
			break // a line cut off by the sample's end
		}
		fields := bytes.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if n == 0 {
			width = len(fields)
		}
		if len(fields) != width || width < 2 || n > 0 && !slices.ContainsFunc(fields, isNumber) {
			return false
		}
		if n++; n == sniffLines {
			break
		}
	}
	return n > 1
}

// isNumber reports whether b is a plain decimal number: "00001", "11.77".
func isNumber(b []byte) bool {
	digits := 0
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || (c == '-' && i == 0):
		default:
			return false
		}
	}
	return digits > 0
}

// spacesToTabs rewrites a space-separated file as a tab-separated one, line
// for line (so line numbers stay those of the file).
func spacesToTabs(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for line := range bytes.Lines(data) {
		for i, f := range bytes.Fields(line) {
			if i > 0 {
				out = append(out, '\t')
			}
			out = append(out, f...)
		}
		out = append(out, '\n')
	}
	return out
}
