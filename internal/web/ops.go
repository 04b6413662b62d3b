package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// This file is what operators watch: /healthz, /readyz and /metrics, and
// the server's shutdown, which lets running imports finish or rolls them
// back.

// healthz answers while the process serves HTTP; it touches no data.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

// readyz answers 200 when the database answers and its migrations are
// current, else 503 with the reason in JSON.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	unready := func(reason string) {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": reason})
	}
	if s.ops.shuttingDown.Load() {
		unready("shutting down")
		return
	}
	if err := s.st.Ping(ctx); err != nil {
		s.log.Warn("readyz: the database does not answer", slog.Any("err", err))
		unready("database: " + err.Error())
		return
	}
	cur, latest, err := s.st.MigrationStatus(ctx)
	if err != nil {
		unready("migrations: " + err.Error())
		return
	}
	if cur < latest {
		pending, _ := store.PendingMigrations(s.st.Dialect() == "postgres", cur)
		unready(fmt.Sprintf("migrations: %d pending (the database is at %d, this build at %d)", pending, cur, latest))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "migration": cur})
}

// ops is what the server keeps for operators: its Prometheus metrics, in
// a registry of its own, and the imports under way.
type ops struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec

	wg           sync.WaitGroup  // the imports under way
	ctx          context.Context // cancelled when shutdown stops waiting for them
	cancel       context.CancelFunc
	importing    atomic.Int64 // how many run
	shuttingDown atomic.Bool
}

func newOps(s *Server) *ops {
	m := &ops{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vitalfew_http_requests_total",
			Help: "HTTP requests served, by route pattern, method and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "vitalfew_http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
	}
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	snap := func() *snapshot {
		s.insight.mu.Lock()
		defer s.insight.mu.Unlock()
		return s.insight.cur
	}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	m.reg.MustRegister(
		m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		gauge("vitalfew_analytics_snapshot_age_seconds", "Seconds since the analytics snapshot the pages show was made; 0 before the first.", func() float64 {
			if c := snap(); c != nil {
				return time.Since(c.at).Seconds()
			}
			return 0
		}),
		gauge("vitalfew_analytics_last_rebuild_timestamp_seconds", "When the newest analytics snapshot was made (Unix time); 0 before the first.", func() float64 {
			if c := snap(); c != nil {
				return float64(c.at.UnixNano()) / 1e9
			}
			return 0
		}),
		gauge("vitalfew_analytics_last_rebuild_duration_seconds", "How long the newest analytics snapshot took to work out.", func() float64 {
			if c := snap(); c != nil {
				return c.took.Seconds()
			}
			return 0
		}),
		gauge("vitalfew_imports_running", "Web imports (and dry runs) under way.", func() float64 {
			return float64(m.importing.Load())
		}),
		gauge("vitalfew_outbox_waiting", "Mails in the outbox not sent yet (waiting for the SMTP server).", func() float64 {
			n, _, err := s.st.OutboxWaiting(m.ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}),
		gauge("vitalfew_outbox_given_up", "Mails the SMTP server did not take in all their attempts.", func() float64 {
			_, n, err := s.st.OutboxWaiting(m.ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}),
		dbStats{s},
	)
	return m
}

// dbStats reports the store's connection pools (sql.DB.Stats).
type dbStats struct{ s *Server }

var (
	dbOpenDesc  = prometheus.NewDesc("vitalfew_db_connections_open", "Connections open, by pool (read, write).", []string{"pool"}, nil)
	dbInUseDesc = prometheus.NewDesc("vitalfew_db_connections_in_use", "Connections in use, by pool.", []string{"pool"}, nil)
	dbIdleDesc  = prometheus.NewDesc("vitalfew_db_connections_idle", "Idle connections, by pool.", []string{"pool"}, nil)
	dbMaxDesc   = prometheus.NewDesc("vitalfew_db_connections_max_open", "The most connections the pool opens (0: no limit), by pool.", []string{"pool"}, nil)
	dbWaitDesc  = prometheus.NewDesc("vitalfew_db_wait_total", "Times a request waited for a connection, by pool.", []string{"pool"}, nil)
	dbWaitDur   = prometheus.NewDesc("vitalfew_db_wait_seconds_total", "Time spent waiting for a connection, by pool.", []string{"pool"}, nil)
)

func (dbStats) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{dbOpenDesc, dbInUseDesc, dbIdleDesc, dbMaxDesc, dbWaitDesc, dbWaitDur} {
		ch <- d
	}
}

func (d dbStats) Collect(ch chan<- prometheus.Metric) {
	read, write := d.s.st.DBStats()
	for pool, st := range map[string]struct {
		open, inUse, idle, max int
		waits                  int64
		waited                 time.Duration
	}{
		"read":  {read.OpenConnections, read.InUse, read.Idle, read.MaxOpenConnections, read.WaitCount, read.WaitDuration},
		"write": {write.OpenConnections, write.InUse, write.Idle, write.MaxOpenConnections, write.WaitCount, write.WaitDuration},
	} {
		ch <- prometheus.MustNewConstMetric(dbOpenDesc, prometheus.GaugeValue, float64(st.open), pool)
		ch <- prometheus.MustNewConstMetric(dbInUseDesc, prometheus.GaugeValue, float64(st.inUse), pool)
		ch <- prometheus.MustNewConstMetric(dbIdleDesc, prometheus.GaugeValue, float64(st.idle), pool)
		ch <- prometheus.MustNewConstMetric(dbMaxDesc, prometheus.GaugeValue, float64(st.max), pool)
		ch <- prometheus.MustNewConstMetric(dbWaitDesc, prometheus.CounterValue, float64(st.waits), pool)
		ch <- prometheus.MustNewConstMetric(dbWaitDur, prometheus.CounterValue, st.waited.Seconds(), pool)
	}
}

// MetricsHandler serves the metrics in Prometheus text format without
// authentication: for a listener of its own (serve --metrics-addr) that
// only the monitoring system reaches.
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.ops.reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)})
}

// adminMetrics serves the metrics on the main listener to an admin's API
// token (Authorization: Bearer …).
func (s *Server) adminMetrics(w http.ResponseWriter, r *http.Request) {
	u, err := s.authenticate(r, true)
	if err == nil && !u.Role.Includes(crm.RoleAdmin) {
		err = crm.Errorf(crm.EFORBIDDEN, "the metrics need an admin's API token")
	}
	if err != nil {
		s.fail(w, r, true, err)
		return
	}
	s.MetricsHandler().ServeHTTP(w, r)
}

// instrument counts h's requests by route and status and times them.
func (s *Server) instrument(route string, h http.Handler) http.Handler {
	lat := s.ops.latency.WithLabelValues(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		lat.Observe(time.Since(start).Seconds())
		code := sw.code
		if code == 0 {
			code = http.StatusOK
		}
		s.ops.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	})
}

// statusWriter keeps the status code written through it.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Shutdown stops taking imports and waits for those under way until ctx
// ends; then it cancels the rest, whose transactions roll back, and waits
// for them to return. Each import says in the log whether it finished or
// was rolled back. Call it after the HTTP server has shut down and before
// Close.
func (s *Server) Shutdown(ctx context.Context) {
	s.ops.shuttingDown.Store(true)
	if n := s.ops.importing.Load(); n > 0 {
		s.log.Info("waiting for imports to finish", slog.Int64("running", n))
	}
	done := make(chan struct{})
	go func() {
		s.ops.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		s.log.Warn("imports still running at the shutdown timeout: cancelling them; they roll back", slog.Int64("running", s.ops.importing.Load()))
		s.ops.cancel()
		<-done
	}
}

// startImport runs an import in the background, tracked for shutdown:
// its context keeps the request's values, outlives the request and ends
// when shutdown stops waiting.
func (s *Server) startImport(r *http.Request, f func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	stop := context.AfterFunc(s.ops.ctx, cancel)
	s.ops.wg.Add(1)
	s.ops.importing.Add(1)
	go func() {
		defer s.ops.wg.Done()
		defer s.ops.importing.Add(-1)
		defer cancel()
		defer stop()
		f(ctx)
	}()
}

// logImportEnd says, during a shutdown, what became of an import.
func (s *Server) logImportEnd(ctx context.Context, file string, dryRun bool, err error) {
	if !s.ops.shuttingDown.Load() {
		return
	}
	switch {
	case err == nil:
		s.log.Info("import finished during shutdown", slog.String("file", file), slog.Bool("dry_run", dryRun))
	case ctx.Err() != nil:
		s.log.Warn("import cancelled by shutdown and rolled back: nothing of it was written", slog.String("file", file), slog.Bool("dry_run", dryRun))
	default:
		s.log.Warn("import failed during shutdown: nothing of it was written", slog.String("file", file), slog.Any("err", err))
	}
}
