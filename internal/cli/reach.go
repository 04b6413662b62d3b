package cli

import (
	"context"
	"encoding/json"
	"io"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// maxReachFile is the largest reach or press file import reads.
const maxReachFile = 64 << 20

// importReach imports follower snapshots (kind "reach") or press
// mentions (kind "press", their tone scored by the sentiment engine).
func (e *env) importReach(ctx context.Context, kind, path string, f importFlags) error {
	in, _, closeIn, err := e.openInput(path)
	if err != nil {
		return err
	}
	defer closeIn()
	data, err := io.ReadAll(io.LimitReader(in, maxReachFile+1))
	if err != nil {
		return err
	}
	if len(data) > maxReachFile {
		return crm.Errorf(crm.EINVALID, "%s: larger than %d MiB", path, maxReachFile>>20)
	}
	st, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := crm.ImportOptions{File: path, DryRun: f.dryRun, Waiting: e.waiting}
	var sum crm.ImportSummary
	if kind == "reach" {
		recs, err := ingest.ReadReach(path, data)
		if err != nil {
			return crm.Errorf(crm.EINVALID, "%v", err)
		}
		sum, err = st.ImportReach(operator(ctx), recs, opt)
		if err != nil {
			return err
		}
	} else {
		recs, err := ingest.ReadPress(path, data, f.keyMessage)
		if err != nil {
			return crm.Errorf(crm.EINVALID, "%v", err)
		}
		for i := range recs {
			res := sentiment.Score(recs[i].Title + ". " + recs[i].Text)
			recs[i].Tone, recs[i].ToneLabel = res.Compound, res.Label
		}
		if sum, err = st.ImportPress(operator(ctx), recs, opt); err != nil {
			return err
		}
	}
	rep := importReport{ImportSummary: sum, File: path, Kind: kind, DryRun: f.dryRun}
	if f.json {
		return json.NewEncoder(e.stdout).Encode(rep)
	}
	return rep.writeText(e.stdout, e.stderr)
}
