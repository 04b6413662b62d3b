// Package importer runs one import: it reads a file with internal/ingest and
// writes it with internal/store, the same way for the command line and the
// web application.
package importer

import (
	"context"
	"io"
	"sort"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Result is what one import did, with the rejected rows when
// ImportOptions.SkipInvalid was set.
type Result struct {
	crm.ImportSummary
	Header  []string         // the file's header, for a rejects file
	Raw     map[int][]string // raw cells by line (with ingest.Options.KeepRaw)
	Rejects crm.RowErrors    // every rejected row, by line
	// Profile is the export the file was read as (nil for none); Tally
	// says what it left out or changed ("3 lost deals not counted").
	Profile *ingest.ProfileUsed
	Tally   []ingest.Tally
	Unread  []string // the file's columns that nothing reads
}

// Run reads in as kind and writes the valid rows to st in one transaction.
// Without SkipInvalid any problem fails the whole import with crm.RowErrors
// and nothing is written. writing, when not nil, is called once the file is
// read, with the number of rows about to be written; the function it
// returns is called when the database is done.
func Run(ctx context.Context, st *store.Store, kind ingest.Kind, in io.Reader, opt ingest.Options, iopt crm.ImportOptions,
	writing func(rows int) (done func())) (Result, error) {
	if writing == nil {
		writing = func(int) func() { return func() {} }
	}
	switch kind {
	case ingest.KindAccounts:
		return run(ctx, in, opt, iopt, writing, ingest.ReadAccounts, st.ImportAccounts)
	case ingest.KindContacts:
		return run(ctx, in, opt, iopt, writing, ingest.ReadContacts, st.ImportContacts)
	case ingest.KindOrders:
		return run(ctx, in, opt, iopt, writing, ingest.ReadOrders, st.ImportOrders)
	case ingest.KindOrderLines:
		return run(ctx, in, opt, iopt, writing, ingest.ReadOrderLines, st.ImportOrderLines)
	case ingest.KindTouchpoints:
		return run(ctx, in, opt, iopt, writing, ingest.ReadTouchpoints, st.ImportTouchpoints)
	case ingest.KindShipments:
		return run(ctx, in, opt, iopt, writing, ingest.ReadShipments, st.ImportShipments)
	case ingest.KindActivities:
		return run(ctx, in, opt, iopt, writing, ingest.ReadActivities, st.ImportActivities)
	case ingest.KindActivityTouches:
		return run(ctx, in, opt, iopt, writing, ingest.ReadActivityTouches, st.ImportActivityTouches)
	case ingest.KindMentions:
		return run(ctx, in, opt, iopt, writing, ingest.ReadMentions, func(ctx context.Context, recs []crm.MentionRecord, iopt crm.ImportOptions) (crm.ImportSummary, error) {
			return WriteMentions(ctx, st, recs, iopt)
		})
	}
	_, err := ingest.ParseKind(string(kind))
	return Result{}, err
}

func run[T any](ctx context.Context, in io.Reader, opt ingest.Options, iopt crm.ImportOptions, writing func(rows int) (done func()),
	read func(io.Reader, ingest.Options) (*ingest.Result[T], error),
	write func(context.Context, []T, crm.ImportOptions) (crm.ImportSummary, error)) (Result, error) {
	res, err := read(in, opt)
	if err != nil {
		return Result{}, err
	}
	if len(res.Errors) > 0 && !iopt.SkipInvalid {
		return Result{}, res.Errors
	}
	iopt.ReadRejected = rowsOf(res.Errors)
	done := writing(len(res.Records))
	sum, err := write(ctx, res.Records, iopt)
	done()
	if err != nil {
		return Result{}, err
	}
	rejects := append(append(crm.RowErrors{}, res.Errors...), sum.Rejects...)
	sort.SliceStable(rejects, func(i, j int) bool { return rejects[i].Line < rejects[j].Line })
	sum.Rejected = rowsOf(rejects)
	return Result{ImportSummary: sum, Header: res.Header, Raw: res.Raw, Rejects: rejects, Profile: res.Profile, Tally: res.Tally,
		Unread: res.Unread}, nil
}

// rowsOf counts the rows that errs (in line order) name: rows are counted,
// not problems, as a row may have several.
func rowsOf(errs crm.RowErrors) int {
	n := 0
	for i := range errs {
		if i == 0 || errs[i].Line != errs[i-1].Line {
			n++
		}
	}
	return n
}
