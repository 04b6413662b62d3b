package cli

import (
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
