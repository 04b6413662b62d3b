// Package maturity sets a business's claimed stage of social business
// maturity — familiar, present, enabled, integrated — against the stage
// its data shows. Pure: figures in, stages out.
package maturity

// Stages are the four stages, in order.
var Stages = []string{"familiar", "present", "enabled", "integrated"}

// Questions are the self-assessment, one per stage: a stage is claimed
// when it and every stage before it are answered yes.
var Questions = []string{
	"We know which social platforms our customers talk on.",
	"We are there: we post and answer on them.",
	"We answer customers there reliably: someone is responsible, with a target time.",
	"What customers say there reaches account views, sales and support, for our best customers too.",
}

// Evidence is what the data shows of the window.
type Evidence struct {
	Platforms  []string `json:"platforms"` // with mentions in the window
	Mentions   int      `json:"mentions"`
	Matched    int      `json:"matched"`     // mentions matched to an account
	NeedAnswer int      `json:"need_answer"` // complaints, questions, requests
	Answered   int      `json:"answered"`    // of them, with a first response
	// MedianResponseHours is the median time to the first response, nil
	// without answered mentions.
	MedianResponseHours *float64 `json:"median_response_hours"`
	AAccounts           int      `json:"a_accounts"`
	AHeard              int      `json:"a_heard"` // A accounts with a mention in the window
}

// Check is one stage's measured test and whether the evidence meets it.
type Check struct {
	Stage string `json:"stage"`
	Test  string `json:"test"`
	Met   bool   `json:"met"`
}

// The thresholds of the measured stages.
const (
	AnsweredShare    = 0.8 // enabled: of the mentions that needed an answer
	ResponseHours    = 24  // enabled: median first response at most
	MatchedShare     = 0.5 // integrated: of all mentions
	AHeardShare      = 0.5 // integrated: of the A accounts
	presentAnswerMin = 1
)

// Claimed is the stage the answers claim: the last of the unbroken run of
// yes from the first; "" when the first is no.
func Claimed(answers [4]bool) string {
	stage := ""
	for i, yes := range answers {
		if !yes {
			break
		}
		stage = Stages[i]
	}
	return stage
}

// Measured is the stage the evidence shows — the last of the unbroken run
// of met tests — with each stage's test.
func Measured(e Evidence) (string, []Check) {
	share := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return float64(n) / float64(d)
	}
	checks := []Check{
		{"familiar", "mentions from at least one platform", len(e.Platforms) > 0},
		{"present", "at least one mention answered", e.Answered >= presentAnswerMin},
		{"enabled", "at least four in five of the mentions that needed an answer answered, the median first response within 24 hours",
			e.NeedAnswer > 0 && share(e.Answered, e.NeedAnswer) >= AnsweredShare && e.MedianResponseHours != nil && *e.MedianResponseHours <= ResponseHours},
		{"integrated", "at least half of the mentions matched to accounts, and at least half of the A accounts heard",
			share(e.Matched, e.Mentions) >= MatchedShare && e.AAccounts > 0 && share(e.AHeard, e.AAccounts) >= AHeardShare},
	}
	stage := ""
	for _, c := range checks {
		if !c.Met {
			break
		}
		stage = c.Stage
	}
	return stage, checks
}
