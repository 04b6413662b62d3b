package sentiment_test

import (
	"fmt"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

func ExampleScore() {
	for _, text := range []string{
		"Die Lieferung kam super schnell, vielen Dank!",
		"Der Support ist nicht erreichbar, das ist eine Zumutung.",
		"The invoice is attached.",
	} {
		r := sentiment.Score(text)
		fmt.Println(r.Label, r.Lang)
	}
	// Output:
	// positive de
	// negative de
	// neutral en
}
