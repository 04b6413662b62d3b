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

// parseSize parses a size in bytes: a whole number with an optional unit
// KiB, MiB, GiB (or K, M, G, KB, MB, GB, all binary), at least 1 MiB and at
// most 64 GiB.
func parseSize(name, v string) (int64, error) {
	s := strings.ToUpper(strings.TrimSpace(v))
	unit := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, unit = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (64<<30)/unit || n*unit < 1<<20 {
		return 0, crm.Errorf(crm.EINVALID, "%s: want a size from 1MiB to 64GiB like 256MiB or 1GiB, got %q", name, v)
	}
	return n * unit, nil
}
