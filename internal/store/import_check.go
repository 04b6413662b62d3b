package store

import (
	"errors"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// checked applies the limits (crm's Check methods) to the records of an
// import before anything is written: a record that breaks one becomes a row
// error naming its field. Without opt.SkipInvalid the import fails with
// them; with it the rest go on and the rejects are counted in sum.
func checked[T any](recs []T, opt crm.ImportOptions, sum *crm.ImportSummary, check func(*T) (line int, err error)) ([]T, error) {
	var bad crm.RowErrors
	keep := recs[:0:0]
	for i := range recs {
		line, err := check(&recs[i])
		if err == nil {
			if bad != nil {
				keep = append(keep, recs[i])
			}
			continue
		}
		var fe *crm.FieldError
		if !errors.As(err, &fe) {
			return nil, err
		}
		if bad == nil {
			keep = append(keep, recs[:i]...)
		}
		bad = append(bad, crm.RowError{File: opt.File, Line: line, Field: fe.Field, Reason: fe.Reason.Error()})
	}
	if bad == nil {
		return recs, nil
	}
	if !opt.SkipInvalid {
		return nil, bad
	}
	sum.Rejected += len(bad)
	sum.Rejects = append(sum.Rejects, bad...)
	return keep, nil
}

// firstErr returns the first of errs that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
