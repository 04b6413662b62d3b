package analyze

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// profileHead is how much of a file is looked at to recognise a tool's
// export (its header may follow a preamble).
const profileHead = 1 << 20

// throughProfile reads r, when it is the export of a tool (see
// ingest.Profile) or opt.Profile names one, or when it is not a plain
// delimited file with its header on the first line (a workbook, a file
// separated by spaces, a report with a title block), with the importer's
// reader, so
// that analyze counts exactly the revenue import would: the rows the
// profile leaves out stay out, its amounts are what it says, the rows of
// one invoice are one order. The orders come back as a plain transactions
// file (customer key, name, ISO date, amount
// in units) for the one-pass analysis; opt is set to read it. Without a
// profile, r is returned as it is.
func throughProfile(r io.Reader, file string, opt *Options) (io.Reader, *ingest.ProfileUsed, []ingest.Tally, []Skipped, error) {
	br := bufio.NewReaderSize(r, profileHead)
	head, _ := br.Peek(profileHead)
	iopt := ingest.Options{File: file, Map: opt.Map, DateFormat: opt.DateFormat, Profile: opt.Profile, Sheet: opt.Sheet}
	if opt.Profile == "" && ingest.Sniff(head, ingest.KindOrders, iopt).Plain() {
		return br, nil, nil, nil, nil
	}
	res, err := ingest.ReadOrders(br, iopt)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var skipped []Skipped
	if len(res.Errors) > 0 {
		skipped = skippedOf(res.Errors)
		if !opt.SkipInvalid {
			total := 0
			for _, s := range skipped {
				total += s.Rows
			}
			return nil, nil, nil, nil, &BadRowsError{Rows: res.Errors[:min(len(res.Errors), crm.MaxShownErrors)], Total: total, By: skipped}
		}
	}
	// The rows of one invoice are one order, as the store keeps them.
	orders := make([]crm.OrderRecord, 0, len(res.Records))
	at := make(map[string]int, len(res.Records))
	for _, o := range res.Records {
		i, seen := at[o.Order.ExternalID]
		if !seen {
			at[o.Order.ExternalID] = len(orders)
			orders = append(orders, o)
			continue
		}
		sum, err := orders[i].Order.Amount.Add(o.Order.Amount)
		if err != nil {
			return nil, nil, nil, nil, crm.Errorf(crm.EINVALID, "%s:%d: invoice %s: %v", file, o.Line, o.Order.ExternalID, err)
		}
		orders[i].Order.Amount = sum
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"customer_id", "customer", "date", "amount"})
	for _, o := range orders {
		a := o.Account
		w.Write([]string{cmp.Or(a.ExternalID, a.Name, a.Email), a.Name, o.Order.OrderedAt.Format("2006-01-02"), o.Order.Amount.String()})
	}
	w.Flush()
	opt.Map, opt.DateFormat = nil, ingest.DateISO
	return &b, res.Profile, res.Tally, skipped, w.Error()
}

// skippedOf counts the rows errs name by the field at fault, most first.
func skippedOf(errs crm.RowErrors) []Skipped {
	by := map[string]int{}
	last := -1
	for _, e := range errs {
		if e.Line == last {
			continue // a row is counted once, under its first problem
		}
		last = e.Line
		by["with a bad "+cmp.Or(e.Field, "line")]++
	}
	var out []Skipped
	for what, n := range by {
		out = append(out, Skipped{Rows: n, Reason: what})
	}
	slices.SortFunc(out, func(a, b Skipped) int {
		return cmp.Or(cmp.Compare(b.Rows, a.Rows), strings.Compare(a.Reason, b.Reason))
	})
	return out
}
