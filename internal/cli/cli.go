// Package cli is the vitalfew command line: one cobra command per file.
// Output goes to the writers it is given, so commands are testable by
// capturing them.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/store"
)

// env is what every command needs: its streams, the configuration and a
// logger. It is filled by Run and passed explicitly.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	db             string
	log            *slog.Logger
	// lang is the language of the readable tables (--lang); JSON and CSV
	// stay machine formats.
	lang *i18n.Lang
	// forceProgress shows progress on stderr even when it is no terminal
	// (tests).
	forceProgress bool
}

// Run runs the vitalfew command line with args (without the program name).
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := &cobra.Command{
		Use:   "vitalfew",
		Short: "The 80/20 customer system for B2B: who carries you, what serving them costs, who is slipping away",
		Long: `vitalfew reads the data a business already has — invoices, client lists, support
tickets, social media mentions — and shows which few accounts carry it, what
serving each one costs, which good customers have gone quiet and are worth
winning back, and whether its listening reaches the customers who matter.
Its customer portal gives the best customers private spaces of their own.

Start with "vitalfew demo" for a realistic example business served in the
browser, or "vitalfew analyze invoices.csv" on your own export (no database
needed). "vitalfew serve" runs the web application, the customer portal
(/portal) and the JSON API.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version(),
	}
	root.SetVersionTemplate("vitalfew {{.Version}}\n")
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	defDB := getenv("VITALFEW_DB")
	if defDB == "" {
		defDB = "vitalfew.db"
	}
	logLevel := getenv("VITALFEW_LOG_LEVEL")
	if logLevel == "" {
		logLevel = "warn"
	}
	root.PersistentFlags().StringVar(&e.db, "db", defDB, "database: a SQLite file path or a postgres:// URL (env VITALFEW_DB)")
	root.PersistentFlags().StringVar(&logLevel, "log-level", logLevel, "log level: debug, info, warn, error (env VITALFEW_LOG_LEVEL)")
	logFormat := getenv("VITALFEW_LOG_FORMAT")
	if logFormat == "" {
		logFormat = "text"
	}
	root.PersistentFlags().StringVar(&logFormat, "log-format", logFormat, "log format on stderr: text or json (one JSON object a line, for log collectors; env VITALFEW_LOG_FORMAT)")
	lang := i18n.FromEnv(getenv).Code
	root.PersistentFlags().StringVar(&lang, "lang", lang, "language of the readable tables' words and numbers: en or de (default from LC_ALL, LC_MESSAGES, LANG); --json and --csv stay as they are")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if e.lang = i18n.Get(lang); e.lang == nil {
			return crm.Errorf(crm.EINVALID, "--lang: %q is not one of en, de", lang)
		}
		var lvl slog.Level
		if err := lvl.UnmarshalText([]byte(logLevel)); err != nil {
			return crm.Errorf(crm.EINVALID, "--log-level: %v", err)
		}
		opts := &slog.HandlerOptions{Level: lvl}
		switch logFormat {
		case "text":
			e.log = slog.New(slog.NewTextHandler(stderr, opts))
		case "json":
			e.log = slog.New(slog.NewJSONHandler(stderr, opts))
		default:
			return crm.Errorf(crm.EINVALID, "--log-format: %q is not one of text, json", logFormat)
		}
		return nil
	}
	root.AddCommand(
		importCmd(e),
		reportCmd(e),
		analyzeCmd(e),
		fitCmd(e),
		demoCmd(e),
		settingsCmd(e),
		sentimentCmd(e),
		userCmd(e),
		serveCmd(e),
		portalCmd(e),
		spaceCmd(e),
		surveyCmd(e),
		backupCmd(e),
		restoreCmd(e),
		healthcheckCmd(e),
		doctorCmd(e),
		breakevenCmd(e),
	)
	return root.ExecuteContext(ctx)
}

// open opens the configured database.
// text is stdout for a readable table: it carries the language of --lang.
func (e *env) text() io.Writer { return i18n.Writer{Writer: e.stdout, Lang: e.lang} }

func (e *env) open(ctx context.Context) (*store.Store, error) {
	return store.Open(ctx, e.db, e.log)
}

// isTerminal reports whether w is a terminal (progress is shown only then).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// maxShownErrors caps the row errors printed for one input.
const maxShownErrors = crm.MaxShownErrors

// ExitCode prints err to stderr the way a user should read it and returns
// the process exit status: 0 on success, 2 for bad input or usage, 1 else.
func ExitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var rows crm.RowErrors
	if errors.As(err, &rows) {
		// A reader that stops keeping problems says how many there were.
		total := len(rows)
		var counted interface{ TotalRows() int }
		if errors.As(err, &counted) {
			total = counted.TotalRows()
		}
		for i, r := range rows {
			if i == maxShownErrors {
				break
			}
			fmt.Fprintln(stderr, r.Error())
		}
		if shown := min(len(rows), maxShownErrors); total > shown {
			fmt.Fprintf(stderr, "… and %d more problems\n", total-shown)
		}
		fmt.Fprintf(stderr, "vitalfew: %d problem(s) in the input; nothing was written\n", total)
		return 2
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "vitalfew") {
		msg = "vitalfew: " + msg
	}
	fmt.Fprintln(stderr, msg)
	if crm.ErrorCode(err) == crm.EINVALID || strings.Contains(err.Error(), "unknown command") ||
		strings.Contains(err.Error(), "flag") || strings.Contains(err.Error(), "arg(s)") {
		return 2
	}
	return 1
}
