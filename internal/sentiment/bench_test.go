package sentiment_test

import (
	"strings"
	"testing"
	"time"

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
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		a.Score(texts[i%len(texts)])
	}
	reportRates(b, cpu0)
}

// reportRates reports texts per wall second and per CPU second (user+sys of
// the process: on a busy shared machine the wall rate understates what a
// core does).
func reportRates(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "texts/cpu-s")
	}
}

// BenchmarkScoreParallel scores on every GOMAXPROCS goroutine at once:
// texts/s divided by -cpu is the per-core rate under contention.
func BenchmarkScoreParallel(b *testing.B) {
	texts := benchTexts(b)
	a := sentiment.Default()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			a.Score(texts[i%len(texts)])
			i++
		}
	})
	reportRates(b, cpu0)
}

// BenchmarkScoreLang scores with the language given (no detection), as the
// mention import does when a platform tells the language.
func BenchmarkScoreLang(b *testing.B) {
	for _, c := range []struct {
		name, file, lang string
		rules            bool // the rules alone, without the model
		src              sentiment.Source
	}{
		{"en-tweets", "tweets_GroundTruth.txt", sentiment.English, false, 0},
		{"de-comments", "de_test.tsv", sentiment.German, false, 0},
		// B2B texts: the model (model.go) applies to most of them.
		{"en-b2b", "b2b_en_dev.tsv", sentiment.English, false, 0},
		{"de-b2b", "b2b_de_dev.tsv", sentiment.German, false, 0},
		{"en-b2b-rules", "b2b_en_dev.tsv", sentiment.English, true, 0},
		{"de-b2b-rules", "b2b_de_dev.tsv", sentiment.German, true, 0},
		// As business text the model reads every text.
		{"en-b2b-business", "b2b_en_dev.tsv", sentiment.English, false, sentiment.Business},
		{"en-tweets-business", "tweets_GroundTruth.txt", sentiment.English, false, sentiment.Business},
	} {
		b.Run(c.name, func(b *testing.B) {
			var texts []string
			switch {
			case strings.HasPrefix(c.file, "b2b_"):
				for _, it := range b2bSet(b, c.file) {
					texts = append(texts, it.text)
				}
			case c.lang == sentiment.English:
				_, texts = groundTruth(b, c.file)
			default:
				for _, it := range labelled(b, c.file) {
					texts = append(texts, it.text)
				}
			}
			a := sentiment.Default()
			if c.rules {
				a = rulesOnly
			}
			b.ReportAllocs()
			cpu0 := cpuTime()
			for i := 0; b.Loop(); i++ {
				a.ScoreSource(texts[i%len(texts)], c.lang, c.src)
			}
			reportRates(b, cpu0)
		})
	}
}

// BenchmarkNew is the one-time cost of building the analyzer (parsing and
// expanding the embedded lexicons).
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		sentiment.New()
	}
}
