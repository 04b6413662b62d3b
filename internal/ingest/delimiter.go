package ingest

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
