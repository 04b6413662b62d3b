// Package crm holds vitalfew's domain: the entity types, their validation and
// the application error type whose codes every edge (CLI, HTTP) maps to a
// response. It imports nothing but the standard library.
package crm

import (
	"errors"
	"fmt"
)

// Error codes. Every error that leaves the store or the importers carries one
// of these; anything else is treated as EINTERNAL.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
)

// Error is an application error with a machine code and a message fit for
// users.
type Error struct {
	Code    string
	Message string // in English
	// Format and Args are what Message was written from: the format is a
	// key of the message catalogue, so pages can say it in the reader's
	// language.
	Format string
	Args   []any
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// ErrorCode returns the code of the first *Error in err's chain, EINVALID
// for row and field errors, EINTERNAL for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var rows RowErrors
	var field *FieldError
	if errors.As(err, &rows) || errors.As(err, &field) {
		return EINVALID
	}
	return EINTERNAL
}

// RowError is one problem with one input row: FILE:LINE: field: reason.
type RowError struct {
	File   string
	Line   int
	Field  string
	Reason string // in English
	// Format and Args, when set, are what Reason was written from: the
	// format is a key of the message catalogue, so pages can say it in
	// the reader's language.
	Format string `json:"-"`
	Args   []any  `json:"-"`
}

func (e RowError) Error() string {
	file := e.File
	if file == "" {
		file = "-"
	}
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", file, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s:%d: %s: %s", file, e.Line, e.Field, e.Reason)
}

// RowErrors is the list of every problem found in one input; an import that
// returns it has written nothing.
type RowErrors []RowError

func (es RowErrors) Error() string {
	if len(es) == 0 {
		return "no errors"
	}
	msg := es[0].Error()
	if len(es) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(es)-1)
	}
	return msg
}
