package sentiment_test

import (
	"testing"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// benchTexts are tweet-length texts: the VADER tweets (English) and our
// German test comments, interleaved.
func benchTexts(b *testing.B) []string {
	_, en := groundTruth(b, "tweets_GroundTruth.txt")
	var out []string
	de := labelled(b, "de_test.tsv")
	for i := range max(len(en), len(de)) {
		if i < len(en) {
			out = append(out, en[i])
		}
		if i < len(de) {
			out = append(out, de[i].text)
		}
	}
	return out
}

// BenchmarkScore measures texts scored per second on one goroutine, with
// language detection (run with -cpu 1 for the per-core figure).
func BenchmarkScore(b *testing.B) {
	texts := benchTexts(b)
	a := sentiment.Default()
	var bytes int
	for _, t := range texts {
		bytes += len(t)
	}
	b.SetBytes(int64(bytes / len(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a.Score(texts[i%len(texts)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
}

// BenchmarkScoreParallel scores on every GOMAXPROCS goroutine at once:
// texts/s divided by -cpu is the per-core rate under contention.
func BenchmarkScoreParallel(b *testing.B) {
	texts := benchTexts(b)
	a := sentiment.Default()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			a.Score(texts[i%len(texts)])
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
}
