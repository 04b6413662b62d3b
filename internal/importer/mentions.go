package importer

import (
	"context"
	"runtime"
	"sync"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/sentiment"
	"github.com/vitalfew/vitalfew/internal/store"
)

// WriteMentions scores the mentions' sentiment (language, compound, label,
// intensity; see ScoreMentions) and writes them with st.ImportMentions,
// which matches them to contacts and accounts: the one way mentions get in,
// from files, the API and the demo.
func WriteMentions(ctx context.Context, st *store.Store, recs []crm.MentionRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	ScoreMentions(recs)
	return st.ImportMentions(ctx, recs, opt)
}

// scoreChunk is how many mentions one worker scores at a time.
const scoreChunk = 4096

// ScoreMentions sets Lang, Compound, Label and Intensity of every mention,
// and the record's Intent, with the default sentiment analyzer, on all
// cores.
func ScoreMentions(recs []crm.MentionRecord) {
	a := sentiment.Default()
	workers := min(runtime.GOMAXPROCS(0), (len(recs)+scoreChunk-1)/scoreChunk)
	if workers <= 1 {
		score(a, recs)
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Go(func() {
			for from := range next {
				score(a, recs[from:min(from+scoreChunk, len(recs))])
			}
		})
	}
	for from := 0; from < len(recs); from += scoreChunk {
		next <- from
	}
	close(next)
	wg.Wait()
}

func score(a *sentiment.Analyzer, recs []crm.MentionRecord) {
	for i := range recs {
		m := &recs[i].Mention
		r := a.ScoreSource(m.Text, sentiment.Auto, sentiment.PlatformSource(m.Platform))
		m.Lang, m.Compound, m.Label, m.Intensity = r.Lang, r.Compound, r.Label, r.Intensity
		recs[i].Intent = r.Intent
	}
}
