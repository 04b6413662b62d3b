package crm

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Money is an amount in hundredths of its currency's unit (cents), exact:
// sums of money are sums of integers, so a customer whose orders were
// credited in full has exactly zero, and the same rows give the same
// figures whichever way they are added. Floating point is used only in the
// models (shares, the customer-base model, cost estimates), on sums already
// made. Currencies with three decimals are kept to two.
type Money int64

// MaxMoney bounds an amount: MaxAmount (10¹²) in cents.
const MaxMoney Money = MaxAmount * 100

// Cents is m in hundredths, as a plain integer.
func (m Money) Cents() int64 { return int64(m) }

// Float is m in units of its currency, for the models and for display.
func (m Money) Float() float64 { return float64(m) / 100 }

// String writes m as a plain decimal with two places: "1234.50", "-0.05".
func (m Money) String() string {
	neg := m < 0
	u := uint64(m)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u/100, 10) + "." + fmt.Sprintf("%02d", u%100)
	if neg {
		return "-" + s
	}
	return s
}

// MarshalJSON writes m as a JSON number in units: 1234.5, -0.05, 12.
func (m Money) MarshalJSON() ([]byte, error) {
	s := strings.TrimRight(strings.TrimRight(m.String(), "0"), ".")
	if s == "" || s == "-" {
		s = "0"
	}
	return []byte(s), nil
}

// UnmarshalJSON reads a JSON number in units, exactly: 1234.5 is 123450
// cents. A number with more than two decimals, or beyond MaxMoney, is a
// *json.UnmarshalTypeError, which the decoder gives the field's name.
func (m *Money) UnmarshalJSON(b []byte) error {
	v, err := ParseMoney(string(b))
	if err != nil || (len(b) > 0 && b[0] == '"') {
		return &json.UnmarshalTypeError{Value: "number " + string(b), Type: reflect.TypeFor[Money]()}
	}
	*m = v
	return nil
}

// ParseMoney reads a plain decimal ("-1234.5", "12", "0.05", "1e3") as
// Money, exactly; more than two decimals that are not zeros, or an amount
// beyond MaxMoney, are errors.
func ParseMoney(s string) (Money, error) {
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if digits == "" || strings.ContainsAny(digits, "eE") {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, Errorf(EINVALID, "not a number: %q", s)
		}
		return MoneyFromFloat(v)
	}
	whole, frac, _ := strings.Cut(digits, ".")
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 2 {
		return 0, fmt.Errorf("%s has more than two decimals", s)
	}
	frac += "00"[len(frac):]
	if whole == "" {
		whole = "0"
	}
	if len(whole) > 13 {
		return 0, fmt.Errorf("%s is beyond the limit of ±1,000,000,000,000", s)
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 {
		return 0, Errorf(EINVALID, "not a number: %q", s)
	}
	v := Money(w*100 + f)
	if neg {
		v = -v
	}
	return v, CheckMoney(v)
}

// MoneyFromFloat rounds v (units of a currency) to the nearest cent, halves
// to even; an amount that is not finite or beyond the limit is an error.
func MoneyFromFloat(v float64) (Money, error) {
	if err := CheckAmount(v); err != nil {
		return 0, err
	}
	return Money(math.RoundToEven(v * 100)), nil
}

// CheckMoney says why m is beyond the limit (MaxMoney), or nil.
func CheckMoney(m Money) error {
	if m > MaxMoney || m < -MaxMoney {
		return fmt.Errorf("%s is beyond the limit of ±1,000,000,000,000", m)
	}
	return nil
}

// ErrMoneyOverflow is the error of a sum of money too large for 64 bits
// (more than 92 quadrillion units): such a sum is refused, never wrapped.
var ErrMoneyOverflow = errors.New("a sum of money exceeds what 64 bits hold")

// Add returns m + n, or ErrMoneyOverflow.
func (m Money) Add(n Money) (Money, error) {
	s := m + n // wraps on overflow, which the comparison sees
	if (n > 0 && s < m) || (n < 0 && s > m) {
		return 0, ErrMoneyOverflow
	}
	return s, nil
}

// Sum adds up amounts exactly, or returns ErrMoneyOverflow.
func Sum(amounts ...Money) (Money, error) {
	var total Money
	for _, a := range amounts {
		var err error
		if total, err = total.Add(a); err != nil {
			return 0, err
		}
	}
	return total, nil
}
