package cli

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

// BenchmarkFitLog times `vitalfew fit --model bgnbd` on the transaction log
// named by VITALFEW_FIT_LOG (bench/fit/run.sh writes one of 1M customers)
// by phase: reading to the purchase log, summarising, fitting.
func BenchmarkFitLog(b *testing.B) {
	path := os.Getenv("VITALFEW_FIT_LOG")
	if path == "" {
		b.Skip("VITALFEW_FIT_LOG names no log (bench/fit/run.sh)")
	}
	var read, sum, fit, readCPU, sumCPU, fitCPU time.Duration
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		t0, c0 := time.Now(), processCPU()
		l, err := readFitLog(f, path, nil, "")
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		t1, c1 := time.Now(), processCPU()
		s, err := btyd.Summarize(l.txns, btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: l.last})
		if err != nil {
			b.Fatal(err)
		}
		t2, c2 := time.Now(), processCPU()
		if _, err := btyd.FitBGNBD(s.Customers); err != nil {
			b.Fatal(err)
		}
		read, sum, fit = read+t1.Sub(t0), sum+t2.Sub(t1), fit+time.Since(t2)
		readCPU, sumCPU, fitCPU = readCPU+c1-c0, sumCPU+c2-c1, fitCPU+processCPU()-c2
	}
	n := float64(b.N)
	b.ReportMetric(read.Seconds()/n, "read-s/op")
	b.ReportMetric(sum.Seconds()/n, "summarise-s/op")
	b.ReportMetric(fit.Seconds()/n, "fit-s/op")
	b.ReportMetric(readCPU.Seconds()/n, "read-cpu-s/op")
	b.ReportMetric(sumCPU.Seconds()/n, "summarise-cpu-s/op")
	b.ReportMetric(fitCPU.Seconds()/n, "fit-cpu-s/op")
}

// processCPU is the user+sys CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
