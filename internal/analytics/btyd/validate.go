package btyd

import (
	"math"
	"slices"
	"strconv"
)

// FrequencyRow compares actual and predicted holdout purchases for the
// customers with one calibration frequency x (the last row is x ≥ its X).
type FrequencyRow struct {
	X         string  `json:"x"` // "0", "1", …, or "7+" for the last row
	Customers int     `json:"customers"`
	Actual    float64 `json:"actual"`    // mean holdout purchases
	Predicted float64 `json:"predicted"` // mean conditional expectation
}

// Holdout is the validation of a model on the holdout period.
type Holdout struct {
	Length      float64        `json:"length"` // in periods
	Customers   int            `json:"customers"`
	Actual      float64        `json:"actual"`    // total holdout repeat purchases
	Predicted   float64        `json:"predicted"` // sum of the conditional expectations
	Error       float64        `json:"error"`     // Predicted/Actual − 1
	MAE         float64        `json:"mae"`       // mean absolute error per customer
	Correlation float64        `json:"correlation"`
	ByFrequency []FrequencyRow `json:"by_frequency"`
}

// Validate compares each customer's holdout purchases (XStar) with the
// model's conditional expectation over length periods. Frequencies from
// maxX up are pooled into one row.
func Validate(m Model, cs []Customer, length float64, maxX int) Holdout {
	h := Holdout{Length: length, Customers: len(cs)}
	rows := make([]FrequencyRow, maxX+1)
	var sa, sp, saa, spp, sap float64
	for _, c := range cs {
		p := m.ConditionalExpected(c, length)
		a := float64(c.XStar)
		h.Actual += a
		h.Predicted += p
		h.MAE += math.Abs(a - p)
		sa, sp, saa, spp, sap = sa+a, sp+p, saa+a*a, spp+p*p, sap+a*p
		r := &rows[min(c.X, maxX)]
		r.Customers++
		r.Actual += a
		r.Predicted += p
	}
	n := float64(len(cs))
	if n > 0 {
		h.MAE /= n
		h.Correlation = (sap/n - sa/n*sp/n) / math.Sqrt((saa/n-sa/n*sa/n)*(spp/n-sp/n*sp/n))
	}
	if h.Actual > 0 {
		h.Error = h.Predicted/h.Actual - 1
	}
	for i := range rows {
		rows[i].X = strconv.Itoa(i)
		if i == maxX {
			rows[i].X += "+"
		}
		if rows[i].Customers > 0 {
			rows[i].Actual /= float64(rows[i].Customers)
			rows[i].Predicted /= float64(rows[i].Customers)
		}
	}
	h.ByFrequency = rows
	return h
}

// TrackPoint is one point of the cumulative tracking curve.
type TrackPoint struct {
	Period   int     `json:"period"`   // 1-based
	Actual   float64 `json:"actual"`   // cumulative repeat purchases through the period
	Expected float64 `json:"expected"` // Σ over customers of the unconditional E[X(age at the period's end)]
}

// Track is the cumulative tracking curve of a summary: actual repeat
// purchases against the model's unconditional expectation, each customer
// counted from their first purchase, period by period through the end of
// the summary (calibration and holdout).
func Track(m Model, s Summary) []TrackPoint {
	count := map[int32]float64{}
	for _, c := range s.Customers {
		count[c.First]++
	}
	days := make([]int32, 0, len(count))
	for d := range count {
		days = append(days, d)
	}
	slices.Sort(days) // a fixed order keeps the sums identical from run to run
	u := float64(s.Unit)
	pts := make([]TrackPoint, len(s.Repeats))
	var cum float64
	for k := range pts {
		cum += s.Repeats[k]
		end := float64(s.Start) + float64(k+1)*u // the day after the period
		var e float64
		for _, b := range days {
			if age := (end - float64(b)) / u; age > 0 {
				e += count[b] * m.Expected(age)
			}
		}
		pts[k] = TrackPoint{Period: k + 1, Actual: cum, Expected: e}
	}
	return pts
}
