package ingest

import (
	"io"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
)

// rejectColumn is the column WriteRejects adds.
const rejectColumn = "reject_reason"

// WriteRejects writes a rejects CSV: the original header plus a
// "reject_reason" column, then one row per rejected line, in line order,
// with its raw cells (see Options.KeepRaw; empty cells when raw lacks the
// line) and its reasons ("field: reason; field: reason"), every cell
// defused against formula injection (csvout). A header that
// already has a reject_reason column (a rejects file read back) keeps it and
// gets the new reasons there.
func WriteRejects(w io.Writer, header []string, raw map[int][]string, errs crm.RowErrors) error {
	col := slices.Index(header, rejectColumn)
	added := col < 0
	out := slices.Clone(header)
	if added {
		col = len(header)
		out = append(out, rejectColumn)
	}
	cw := csvout.New(w)
	if err := cw.Write(out...); err != nil {
		return err
	}

	reasons := make(map[int][]string)
	var lines []int
	for _, e := range errs {
		if _, ok := reasons[e.Line]; !ok {
			lines = append(lines, e.Line)
		}
		r := e.Reason
		if e.Field != "" {
			r = e.Field + ": " + r
		}
		reasons[e.Line] = append(reasons[e.Line], r)
	}
	slices.Sort(lines)
	for _, line := range lines {
		cells := raw[line]
		reason := strings.Join(reasons[line], "; ")
		var row []string
		if added {
			// cells past the header keep their order after the reason
			row = make([]string, col, len(out)+max(0, len(cells)-col))
			copy(row, cells)
			row = append(row, reason)
			if len(cells) > col {
				row = append(row, cells[col:]...)
			}
		} else {
			row = make([]string, max(len(header), len(cells)))
			copy(row, cells)
			row[col] = reason
		}
		if err := cw.Write(row...); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteRejects writes the rejected rows of r (see the function WriteRejects);
// it needs a read with Options.KeepRaw to carry the rows' cells.
func (r *Result[T]) WriteRejects(w io.Writer) error {
	return WriteRejects(w, r.Header, r.Raw, r.Errors)
}
