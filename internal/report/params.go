package report

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ParseTiers parses "80,95" into the A and B cut-offs in percent, for the
// command line's --tiers and the API's tiers; name is used in messages.
func ParseTiers(name, v string) ([]float64, error) {
	var out []float64
	for _, p := range strings.Split(v, ",") {
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(p), "%"), 64)
		if err != nil || f <= 0 || f > 100 || (len(out) > 0 && f <= out[len(out)-1]) {
			return nil, crm.Errorf(crm.EINVALID, "%s: want rising percentages like 80,95, got %q", name, v)
		}
		out = append(out, f)
	}
	if len(out) != 2 {
		return nil, crm.Errorf(crm.EINVALID, "%s: want two percentages (A and B cut-offs) like 80,95, got %q", name, v)
	}
	return out, nil
}

// ParseSpan parses "730d", "104w", "2y" or a Go duration such as "36h",
// longer than nothing and at most maxSpan; name is used in messages.
func ParseSpan(name, v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	bad := crm.Errorf(crm.EINVALID, "%s: want a span like 730d, 104w or 2y, got %q", name, v)
	if n := len(v); n > 1 {
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}[v[n-1]]
		if unit != 0 {
			k, err := strconv.ParseFloat(v[:n-1], 64)
			switch {
			case err != nil && !errors.Is(err, strconv.ErrRange), !(k > 0):
				return 0, bad
			case k*float64(unit) > float64(maxSpan):
				return 0, crm.Errorf(crm.EINVALID, "%s: %s is longer than %dy, the span of the dates vitalfew keeps", name, v, maxSpan/(365*24*time.Hour))
			}
			return time.Duration(k * float64(unit)), nil
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, bad
	}
	if d > maxSpan {
		return 0, crm.Errorf(crm.EINVALID, "%s: %s is longer than %dy, the span of the dates vitalfew keeps", name, v, maxSpan/(365*24*time.Hour))
	}
	return d, nil
}

// maxSpan is the longest span ParseSpan takes: 201 years, from the first
// to the last day a date may have (crm.MinDate, crm.MaxDate).
const maxSpan = 201 * 365 * 24 * time.Hour
