package cli

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// maxWebExport is the largest web analytics export import reads.
const maxWebExport = 256 << 20

// importWebStats imports a Plausible, Matomo or GoatCounter export
// (ingest.ReadWebStats tells which).
func (e *env) importWebStats(ctx context.Context, path string, f importFlags) error {
	var opt ingest.WebStatsOptions
	for _, d := range []struct {
		flag, v string
		to      *time.Time
	}{{"--from", f.webFrom, &opt.From}, {"--to", f.webTo, &opt.To}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.v)
		if err != nil {
			return crm.Errorf(crm.EINVALID, "%s: want a date like 2026-11-30, got %q", d.flag, d.v)
		}
		*d.to = t
	}
	opt.Dimension = f.webDimension
	in, _, closeIn, err := e.openInput(path)
	if err != nil {
		return err
	}
	defer closeIn()
	data, err := io.ReadAll(io.LimitReader(in, maxWebExport+1))
	if err != nil {
		return err
	}
	if len(data) > maxWebExport {
		return crm.Errorf(crm.EINVALID, "%s: larger than %d MiB", path, maxWebExport>>20)
	}
	recs, tool, err := ingest.ReadWebStats(path, data, opt)
	if err != nil {
		return crm.Errorf(crm.EINVALID, "%v", err)
	}
	st, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := st.ImportWebStats(operator(ctx), recs, crm.ImportOptions{File: path, Source: tool, DryRun: f.dryRun, Waiting: e.waiting})
	if err != nil {
		return err
	}
	rep := importReport{ImportSummary: sum, File: path, Kind: "web-stats", DryRun: f.dryRun}
	if f.json {
		return json.NewEncoder(e.stdout).Encode(struct {
			importReport
			Tool string `json:"tool"`
		}{rep, tool})
	}
	return rep.writeText(e.stdout, e.stderr)
}
