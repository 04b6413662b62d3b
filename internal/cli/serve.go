package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/web"
)

type serveFlags struct {
	addr            string
	secure          bool
	maxUpload       string
	metricsAddr     string
	shutdownTimeout time.Duration
	smtpURL         string
	baseURL         string
}

func (f *serveFlags) register(cmd *cobra.Command, getenv func(string) string) {
	addr := getenv("VITALFEW_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	cmd.Flags().StringVar(&f.addr, "addr", addr, "address to listen on (env VITALFEW_ADDR)")
	cmd.Flags().BoolVar(&f.secure, "secure-cookies", getenv("VITALFEW_SECURE_COOKIES") == "1",
		"mark the session cookie Secure (behind a TLS proxy; env VITALFEW_SECURE_COOKIES=1)")
	maxUpload := getenv("VITALFEW_MAX_UPLOAD")
	if maxUpload == "" {
		maxUpload = "256MiB"
	}
	cmd.Flags().StringVar(&f.maxUpload, "max-upload", maxUpload, "the largest file the web import takes: 256MiB, 1GiB … (env VITALFEW_MAX_UPLOAD)")
	cmd.Flags().StringVar(&f.smtpURL, "smtp-url", getenv("VITALFEW_SMTP_URL"),
		"the SMTP server mail goes through: smtp://USER:PASSWORD@HOST:587?from=ADDRESS (env VITALFEW_SMTP_URL); without it, invitation links are shown to staff to pass on")
	cmd.Flags().StringVar(&f.baseURL, "base-url", getenv("VITALFEW_BASE_URL"), "the address people reach the server at, for links in mail: https://crm.example.com (env VITALFEW_BASE_URL)")
	cmd.Flags().StringVar(&f.metricsAddr, "metrics-addr", getenv("VITALFEW_METRICS_ADDR"),
		"serve /metrics (Prometheus) without authentication on this address of its own, e.g. 127.0.0.1:9090; keep it private (env VITALFEW_METRICS_ADDR). Without it, /metrics on --addr needs an admin's API token")
	cmd.Flags().DurationVar(&f.shutdownTimeout, "shutdown-timeout", 30*time.Second,
		"on SIGINT/SIGTERM, how long running imports may take to finish before they are cancelled and rolled back")
}

func serveCmd(e *env) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the web application and the JSON API",
		Long: `Serve the web application (dashboard, accounts, Account 360, import, settings,
users, audit log) and the JSON API under /api/v1 (bearer tokens from
"vitalfew user token EMAIL").

For operators: GET /healthz answers "ok" while the process serves (no
authentication, no data); GET /readyz answers 200 when the database answers
and its migrations are current, else 503 with the reason; GET /metrics is in
Prometheus text format, to an admin's API token or, with --metrics-addr, on
a listener of its own. On a SQLite database the server holds a shared lock
on DB-lock beside it, so "vitalfew restore" refuses while it runs.

Stop it with Ctrl-C or SIGTERM: it stops taking requests, lets running
imports finish for --shutdown-timeout, then cancels the rest (their
transactions roll back, nothing of them is written) and logs which.`,
		Example: `  vitalfew user add --email you@example.com --role admin
  vitalfew serve --addr 127.0.0.1:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			unlock, err := e.serverLock()
			if err != nil {
				return err
			}
			defer unlock()
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.UserCount(cmd.Context())
			if err != nil {
				return err
			}
			if n == 0 {
				fmt.Fprintln(e.stderr, "vitalfew: no users yet; create one with: vitalfew user add --email you@example.com --role admin")
			}
			return e.serve(cmd.Context(), st, f)
		},
	}
	f.register(cmd, e.getenv)
	return cmd
}

// serverLock takes the shared lock a server holds on a SQLite database
// while it runs, so that "vitalfew restore" refuses meanwhile.
func (e *env) serverLock() (unlock func(), err error) {
	if store.IsPostgres(e.db) {
		return func() {}, nil
	}
	return store.LockShared(e.db)
}

// serve runs the web application on st until ctx ends.
func (e *env) serve(ctx context.Context, st *store.Store, f serveFlags) error {
	maxUpload, err := parseSize("--max-upload", f.maxUpload)
	if err != nil {
		return err
	}
	cfg := web.Config{Store: st, Log: e.log, SecureCookies: f.secure, MaxUpload: maxUpload, BaseURL: f.baseURL, Version: Version()}
	if f.smtpURL != "" {
		sender, err := mail.Parse(f.smtpURL)
		if err != nil {
			return err
		}
		wake := make(chan struct{}, 1)
		cfg.MailWake = wake
		go mail.Run(ctx, st, sender, time.Minute, wake, e.log)
		if f.baseURL != "" {
			go mail.RunFinalInvoiceSurveys(crm.WithActor(ctx, crm.Rules), st, strings.TrimRight(f.baseURL, "/"), time.Minute, wake, e.log)
		} else {
			e.log.Warn("the survey with each final invoice needs --base-url for its links; it is not sent")
		}
	}
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	e.log.Info("vitalfew starting", slog.String("version", Version()), slog.String("addr", ln.Addr().String()), slog.String("database", st.Dialect()))
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(e.log.Handler(), slog.LevelWarn),
	}
	var ms *http.Server
	metricsAt := ""
	if f.metricsAddr != "" {
		mln, err := net.Listen("tcp", f.metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("serve: --metrics-addr: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", srv.MetricsHandler())
		ms = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := ms.Serve(mln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				e.log.Error("metrics listener", slog.Any("err", err))
			}
		}()
		metricsAt = mln.Addr().String()
	}
	go func() {
		if err := srv.Warm(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("computing the analytics", slog.Any("err", err))
		}
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		e.log.Info("shutting down: no new requests", slog.Duration("imports_timeout", f.shutdownTimeout))
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = hs.Shutdown(sctx)
		cancel()
		ictx, cancel := context.WithTimeout(context.Background(), f.shutdownTimeout)
		srv.Shutdown(ictx)
		cancel()
		if ms != nil {
			_ = ms.Close()
		}
		e.log.Info("stopped")
	}()
	fmt.Fprintf(e.stderr, "vitalfew %s: serving on http://%s (Ctrl-C stops)\n", Version(), ln.Addr())
	if metricsAt != "" {
		fmt.Fprintf(e.stderr, "vitalfew: metrics on http://%s/metrics\n", metricsAt)
	}
	err = hs.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return nil
	}
	if ms != nil {
		ms.Close()
	}
	return err
}
