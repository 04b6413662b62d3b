package btyd_test

import (
	"bufio"
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

// CDNOW periods: calibration to 1997-09-30, holdout to 1998-06-30, weeks.
var (
	cdnowCalEnd  = btyd.DayOf(time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC))
	cdnowHoldEnd = btyd.DayOf(time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC))
)

// cdnowTxns reads testdata/CDNOW_sample.txt (master_id sample_id yyyymmdd
// cds dollars), with customer index sample_id−1.
func cdnowTxns(t testing.TB) []btyd.Txn {
	t.Helper()
	f, err := os.Open("testdata/CDNOW_sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var txns []btyd.Txn
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 5 {
			t.Fatalf("bad line %q", sc.Text())
		}
		id, err1 := strconv.Atoi(fs[1])
		d, err2 := time.Parse("20060102", fs[2])
		amt, err3 := strconv.ParseFloat(fs[4], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		txns = append(txns, btyd.Txn{Customer: int32(id - 1), Day: btyd.DayOf(d), Amount: amt})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return txns
}

// cdnowSummary summarises the CDNOW sample in weeks.
func cdnowSummary(t testing.TB) btyd.Summary {
	t.Helper()
	s, err := btyd.Summarize(cdnowTxns(t), btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: cdnowCalEnd, HoldoutEnd: cdnowHoldEnd})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

func atof(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// relClose reports whether got is within rel of want.
func relClose(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// gammaRand draws Gamma(shape, rate) (Marsaglia & Tsang; shape < 1 boosted).
func gammaRand(rng *rand.Rand, shape, rate float64) float64 {
	if shape < 1 {
		return gammaRand(rng, shape+1, rate) * math.Pow(rng.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v / rate
		}
	}
}

// simCohort draws each customer's age T (in weeks) from a 12-week
// acquisition window ending 39 weeks before the calibration end, as in CDNOW.
// Times are rounded to whole days, as dates make them.
func simAge(rng *rand.Rand) float64 { return float64(273-rng.IntN(84)) / 7 }

func dayRound(t float64) float64 { return math.Floor(t*7) / 7 }

// simBGNBD simulates n customers from the BG/NBD model.
func simBGNBD(n int, m btyd.BGNBD, seed uint64) []btyd.Customer {
	return simBGNBDWith(n, m, seed, simAge, dayRound)
}

// simBGNBDWith simulates with the given ages and time rounding.
func simBGNBDWith(n int, m btyd.BGNBD, seed uint64, age func(*rand.Rand) float64, dayRound func(float64) float64) []btyd.Customer {
	rng := rand.New(rand.NewPCG(seed, 1))
	cs := make([]btyd.Customer, n)
	for i := range cs {
		T := age(rng)
		lam := gammaRand(rng, m.R, m.Alpha)
		g1, g2 := gammaRand(rng, m.A, 1), gammaRand(rng, m.B, 1)
		p := g1 / (g1 + g2)
		c := btyd.Customer{ID: i, T: T}
		t := 0.0
		for {
			t += rng.ExpFloat64() / lam
			if dayRound(t) > T {
				break
			}
			c.X++
			c.Tx = dayRound(t)
			if rng.Float64() < p {
				break
			}
		}
		cs[i] = c
	}
	return cs
}

// simParetoNBD simulates n customers from the Pareto/NBD model.
func simParetoNBD(n int, m btyd.ParetoNBD, seed uint64) []btyd.Customer {
	rng := rand.New(rand.NewPCG(seed, 2))
	cs := make([]btyd.Customer, n)
	for i := range cs {
		T := simAge(rng)
		lam := gammaRand(rng, m.R, m.Alpha)
		mu := gammaRand(rng, m.S, m.Beta)
		life := rng.ExpFloat64() / mu
		c := btyd.Customer{ID: i, T: T}
		t := 0.0
		for {
			t += rng.ExpFloat64() / lam
			if t > life || dayRound(t) > T {
				break
			}
			c.X++
			c.Tx = dayRound(t)
		}
		cs[i] = c
	}
	return cs
}
