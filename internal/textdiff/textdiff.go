// Package textdiff compares two texts line by line: what a wiki page's
// revision removed and added (a longest common subsequence of lines).
package textdiff

import "strings"

// Op is what a line of a diff is.
type Op int

const (
	Same Op = iota
	Removed
	Added
)

// Line is one line of a diff.
type Line struct {
	Op   Op
	Text string
}

// MaxLines bounds the texts Lines compares in full (the table it builds is
// lines × lines); longer texts are compared as their first MaxLines lines
// and a last line saying the rest was not compared.
const MaxLines = 2000

// Lines returns the diff of a to b: every line of both, in order, marked
// same, removed (only in a) or added (only in b).
func Lines(a, b string) []Line {
	x, y := split(a), split(b)
	cut := len(x) > MaxLines || len(y) > MaxLines
	x, y = x[:min(len(x), MaxLines)], y[:min(len(y), MaxLines)]
	// lcs[i][j]: the longest common subsequence of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			out = append(out, Line{Same, x[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, Line{Removed, x[i]})
			i++
		default:
			out = append(out, Line{Added, y[j]})
			j++
		}
	}
	for ; i < len(x); i++ {
		out = append(out, Line{Removed, x[i]})
	}
	for ; j < len(y); j++ {
		out = append(out, Line{Added, y[j]})
	}
	if cut {
		out = append(out, Line{Same, "…"})
	}
	return out
}

func split(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
