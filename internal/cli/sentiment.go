package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/sentiment"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// maxSentimentLine caps one input line (one text).
const maxSentimentLine = 1 << 20

func sentimentCmd(e *env) *cobra.Command {
	var (
		lang, source string
		asJSON       bool
	)
	cmd := &cobra.Command{
		Use:   "sentiment",
		Short: "Score the sentiment of texts (English and German), one per line on stdin",
		Long: `Read one text per line from stdin (a mention, review, support message) and print
one result per line, in the same order, empty lines included: the label
(positive, negative or neutral), the compound score from -1 to +1, the
language, the intensity from 0 to 1 (how strongly the text feels:
strong words, exclamation marks, capitals, boosters) and the intent
(complaint, question, request, praise or other).

--source says where the texts come from: social (posts, reviews; the
default, scored as VADER would score tweets where no business reading
applies) or business (tickets, e-mails, chat, survey answers: read by the
B2B model throughout, which finds more of the complaints that don't
shout).

--json prints one object per line:
  {"compound":F,"label":"positive|negative|neutral","lang":"en|de","intensity":F,
   "intent":"complaint|question|request|praise|other"}
How scores are computed and how well they agree with people: docs/sentiment.md.`,
		Example: `  echo "Die Lieferung kam super schnell, danke!" | vitalfew sentiment
  vitalfew sentiment --json --lang de < mentions.txt
  vitalfew sentiment --source business < tickets.txt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := sentiment.ParseLang(lang)
			if err != nil {
				return crm.Errorf(crm.EINVALID, "--lang: %s is not a language: want auto, en or de", lang)
			}
			src, err := sentiment.ParseSource(source)
			if err != nil {
				return crm.Errorf(crm.EINVALID, "--source: %s is not a source: want social or business", source)
			}
			return scoreLines(e, l, src, asJSON)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&lang, "lang", "auto", "language of the texts: auto (detect per line), en or de")
	fl.StringVar(&source, "source", "social", "where the texts come from: social (posts, reviews) or business (tickets, e-mails, chat, survey answers)")
	fl.BoolVar(&asJSON, "json", false, "print one JSON object per line")
	return cmd
}

// sentimentJSON is the --json line; the field order is the documented one.
type sentimentJSON struct {
	Compound  float64 `json:"compound"`
	Label     string  `json:"label"`
	Lang      string  `json:"lang"`
	Intensity float64 `json:"intensity"`
	Intent    string  `json:"intent"`
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func scoreLines(e *env, lang string, src sentiment.Source, asJSON bool) error {
	a := sentiment.Default()
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64<<10), maxSentimentLine)
	out := bufio.NewWriter(e.stdout)
	enc := json.NewEncoder(out)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		r := a.ScoreSource(text, lang, src)
		if asJSON {
			if err := enc.Encode(sentimentJSON{round4(r.Compound), r.Label, r.Lang, round4(r.Intensity), r.Intent}); err != nil {
				return err
			}
			continue
		}
		if _, err := fmt.Fprintf(out, "%-8s %+.3f  %s  intensity %.2f  %-9s  %s\n", r.Label, r.Compound, r.Lang, r.Intensity,
			r.Intent, textfmt.Clip(textfmt.Clean(text), 70)); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return crm.Errorf(crm.EINVALID, "stdin:%d: text: longer than %d bytes", line+1, maxSentimentLine)
		}
		return fmt.Errorf("stdin:%d: %w", line+1, err)
	}
	return out.Flush()
}
