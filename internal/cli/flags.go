package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// windowFlags are the --since/--until/--as-of flags of every windowed report.
type windowFlags struct {
	since, until, asOf string
	tiers              string
}

func (w *windowFlags) dates() (since, until, asOf time.Time, err error) {
	if since, err = flagDate("--since", w.since); err != nil {
		return
	}
	if until, err = flagDate("--until", w.until); err != nil {
		return
	}
	asOf, err = flagDate("--as-of", w.asOf)
	return
}

// flagDate parses an ISO date flag; "" is the zero time.
func flagDate(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return t, crm.Errorf(crm.EINVALID, "%s: want a date like 2024-12-31, got %q", name, v)
	}
	return t, nil
}

// parseTiers parses "80,95" into ABC thresholds in percent.
func parseTiers(v string) ([]float64, error) {
	var out []float64
	for _, p := range strings.Split(v, ",") {
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(p), "%"), 64)
		if err != nil || f <= 0 || f > 100 || (len(out) > 0 && f <= out[len(out)-1]) {
			return nil, crm.Errorf(crm.EINVALID, "--tiers: want rising percentages like 80,95, got %q", v)
		}
		out = append(out, f)
	}
	if len(out) != 2 {
		return nil, crm.Errorf(crm.EINVALID, "--tiers: want two percentages (A and B cut-offs) like 80,95, got %q", v)
	}
	return out, nil
}

// parseSpan parses "730d", "104w", "2y" or a Go duration such as "36h".
func parseSpan(name, v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if n := len(v); n > 1 {
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}[v[n-1]]
		if unit != 0 {
			if k, err := strconv.ParseFloat(v[:n-1], 64); err == nil && k > 0 {
				return time.Duration(k * float64(unit)), nil
			}
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, crm.Errorf(crm.EINVALID, "%s: want a span like 730d, 104w or 2y, got %q", name, v)
	}
	return d, nil
}

// parseMap parses repeated --map HEADER=field flags.
func parseMap(pairs []string) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	m := make(map[string]string, len(pairs))
	for _, p := range pairs {
		h, f, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(h) == "" || strings.TrimSpace(f) == "" {
			return nil, crm.Errorf(crm.EINVALID, "--map: want HEADER=field, got %q", p)
		}
		m[strings.TrimSpace(h)] = strings.TrimSpace(f)
	}
	return m, nil
}
