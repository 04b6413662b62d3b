package sentiment_test

import (
	"testing"

	"github.com/vitalfew/vitalfew/internal/sentiment"
)

// TestB2BRules: one or two texts per B2B rule (b2b.go), in both languages,
// with the label and intent each should get. The texts are the examples of
// issue 19 and texts of the dev sets; none is from the frozen test sets.
func TestB2BRules(t *testing.T) {
	modelWrong := 0
	for _, c := range []struct {
		rule, lang, text, label, intent string
	}{
		// Unmet promises and waiting.
		{"still not", "en", "The bearings we ordered in March still haven't shipped.", "negative", "complaint"},
		{"noch immer nichts", "de", "Drei Mails und immer noch nichts.", "negative", "complaint"},
		{"zugesagt … aber", "de", "Der Support ruft nie zurück, obwohl man uns das dreimal zugesagt hat.", "negative", "complaint"},
		{"still open", "en", "Our claim from August is still open and nobody seems responsible.", "negative", "complaint"},
		{"elapsed", "en", "Hello, any news on our warranty case? It has been a month.", "negative", "complaint"},
		// Repetition.
		{"again", "en", "Support closed my ticket without fixing anything. Again.", "negative", "complaint"},
		{"schon wieder", "de", "Schon wieder kein Lieferschein im Karton.", "negative", "complaint"},
		{"ordinal", "en", "This is the fourth ticket I open for the same issue.", "negative", "complaint"},
		// Absence and failure.
		{"never arrived", "en", "The spare part never arrived.", "negative", "complaint"},
		{"kein Rückruf", "de", "Kein Rückruf.", "negative", "complaint"},
		{"kam nie", "de", "Ihr Kollege wollte die korrigierte Rechnung schicken, sie kam aber nie.", "negative", "complaint"},
		{"scope ends", "en", "Your technician was friendly, but he left without fixing the fault.", "negative", "complaint"},
		{"separable", "de", "Die VPN-Verbindung bricht jeden Morgen ab.", "negative", "complaint"},
		// Time against expectation.
		{"twice as long", "en", "It took twice as long as promised.", "negative", "complaint"},
		{"24h ticket", "de", "Vier Tage für ein 24-Stunden-Ticket.", "negative", "complaint"},
		// Business impact.
		{"line down", "en", "We ordered the replacement bearings in March and they still haven't shipped. Our line is down.", "negative", "complaint"},
		{"Produktion steht", "de", "Die Produktion steht.", "negative", "complaint"},
		// Sarcasm.
		{"sarcasm", "en", "Love how the promised 24h response time turned into 6 days. Fantastic service.", "negative", "complaint"},
		{"just great", "en", "Great, just great. The delivery is late again.", "negative", "complaint"},
		{"sarcasm de", "de", "Toller Service, man wartet ja nur sechs Tage auf eine Antwort.", "negative", "complaint"},
		{"eye roll", "en", "Oh wonderful, another price increase 🙄", "negative", "complaint"},
		// Politeness around a complaint.
		{"polite", "en", "Sorry to bother you again, but the credit note you promised in January has still not arrived.", "negative", "complaint"},
		{"polite de", "de", "Danke für Ihre Geduld, eine Lösung haben wir aber noch immer nicht.", "negative", "complaint"},
		// Contrast, both ways.
		{"contrast +", "en", "I was sceptical about the price increase, but the new features more than justify it.", "positive", "praise"},
		{"contrast −", "en", "The price was attractive, but the quality is poor.", "negative", "complaint"},
		// Neutral questions with problem words, and evaluative ones.
		{"question", "en", "How do I report a defective part through the portal?", "neutral", "question"},
		{"question", "en", "What does error code E-402 mean?", "neutral", "question"},
		{"Frage", "de", "Gilt die angekündigte Preiserhöhung auch für bestehende Rahmenverträge?", "neutral", "question"},
		{"evaluative", "en", "Why do we always have to chase you for updates?", "negative", "complaint"},
		// Requests and notices with problem words.
		{"request", "en", "Please send a replacement for the damaged unit from order 4471.", "neutral", "request"},
		{"Bitte", "de", "Bitte veranlassen Sie die Abholung der kaputten Paletten.", "neutral", "request"},
		{"notice", "en", "The defect report for lot 4412 is attached.", "neutral", "other"},
		// Praise without adjectives.
		{"plain praise", "de", "Teile am Montag bestellt, am Mittwoch eingebaut. So muss das laufen!", "positive", "praise"},
		{"can't fault", "en", "Can't fault the service engineer.", "positive", "praise"},
		{"zero", "en", "Twelve months, zero unplanned stops.", "positive", "praise"},
		// Facts that need a little domain knowledge (second round).
		{"N of M", "en", "We received 300 of the 500 units ordered.", "negative", "complaint"},
		{"N von M", "de", "Von 500 bestellten Stück haben wir 300 bekommen.", "negative", "complaint"},
		{"ordered, fewer came", "de", "Von den 60 bestellten Fässern wurden 45 geliefert.", "negative", "complaint"},
		{"not N of M", "en", "One of the three best things about the trip.", "positive", "praise"},
		{"only half", "en", "Only half of the spare kits had the O-rings in them.", "negative", "complaint"},
		{"currency", "en", "The quote was in euros, the invoice in Swiss francs.", "negative", "complaint"},
		{"Währung", "de", "Das Angebot war in Euro, die Rechnung in Franken.", "negative", "complaint"},
		{"instead of", "en", "We were sent the 230 V version instead of the 110 V one.", "negative", "complaint"},
		{"statt", "de", "Entschuldigung, dass ich nochmal schreibe, aber wir haben 20 statt 25 Kartons bekommen.", "negative", "complaint"},
		{"instead, a question", "en", "Can we get the 110 V version instead of the 230 V one?", "neutral", "question"},
		{"instead, a choice", "en", "Buy this instead of an iPod.", "neutral", "other"},
		{"had to", "en", "We had to fly the parts in from Asia at our own cost because your stock was empty.", "negative", "complaint"},
		{"mussten", "de", "Unsere Nachtschicht musste die gemischten Paletten von Hand sortieren.", "negative", "complaint"},
		{"had to, no cost", "en", "We had to move the meeting to Thursday.", "neutral", "other"},
		{"over plan", "en", "The installation was planned for one day and took four days.", "negative", "complaint"},
		{"über Plan", "de", "Für die Reparatur waren zwei Tage angesetzt; die Maschine kam nach fünf Wochen zurück.", "negative", "complaint"},
		{"another supplier", "en", "We are looking at alternative suppliers for the coming year.", "negative", "complaint"},
		{"eskalieren", "de", "Ich eskaliere das an unseren Einkaufsleiter.", "negative", "complaint"},
		{"escalate, a question", "en", "Who do I escalate to if the hotline cannot help?", "neutral", "question"},
		{"kündigen, eine Frage", "de", "Wie kündigen wir den Rahmenvertrag, falls unsere Mengen sinken?", "neutral", "question"},
		{"unfortunately", "en", "Thanks for the quick dispatch; unfortunately the wrong article number was picked.", "negative", "complaint"},
		{"what a surprise", "de", "Welch Überraschung, das Lieferfenster wurde wieder verschoben, ohne uns zu fragen.", "negative", "complaint"},
		{"late point", "en", "You confirmed delivery for week 14. We are in week 17.", "negative", "complaint"},
		{"späterer Tag", "de", "Der für Montag versprochene Fix kam am Donnerstag.", "negative", "complaint"},
		{"ohne … zu", "de", "Er ist gegangen, ohne den Fehler zu beheben.", "negative", "complaint"},
		{"too short", "de", "Die Schläuche sind 10 cm zu kurz.", "negative", "complaint"},
		{"by hand", "en", "Our night shift had to sort the mixed pallets by hand.", "negative", "complaint"},
		{"document vs box", "en", "The packing slip lists 30 valves, the box held 24.", "negative", "complaint"},
		{"Lieferschein", "de", "Auf dem Lieferschein stehen 30 Ventile, im Karton waren 24.", "negative", "complaint"},
		{"another, ironic", "en", "Great, another \"minor\" update that resets all our settings.", "negative", "complaint"},
		{"another, glad", "en", "Great, another successful year with you.", "positive", "praise"},
		{"instead, a plan", "en", "We will take 500 units instead of 400 next month.", "neutral", "other"},
		{"promised within", "en", "Your hotline promised a callback within the hour; it came the next afternoon.", "negative", "complaint"},
		{"turnaround", "de", "Reklamation am Montag eingereicht, Gutschrift am Mittwoch.", "positive", "praise"},
		{"nobody seems", "en", "Good people, but nobody seems to know what the other department is doing.", "negative", "complaint"},
		{"Werktage", "de", "Drei Werktage, um einen einzigen Servicetermin zu buchen.", "negative", "complaint"},
		{"lief glatt", "de", "Vor dem Umstellungswochenende waren wir nervös, aber alles lief glatt.", "positive", "praise"},
		{"improvement", "en", "Our scrap rate fell from 3% to 0.5% in two months.", "positive", "praise"},
		{"improvement, cut", "en", "Your app has cut our order time in half.", "positive", "praise"},
		{"Verbesserung", "de", "Nach der Schulung hat sich unsere Fehlerquote halbiert.", "positive", "praise"},
		{"no improvement", "en", "Spotted it on tv and now I am having a hard time getting up to cut the grass.", "negative", "complaint"},
		{"hours", "de", "Problem um 8 gemeldet, um 10 war der Techniker vor Ort.", "positive", "praise"},
		{"hypothetical", "en", "Which form do we use when the delivered article does not match the order?", "neutral", "question"},
		{"problem gone", "de", "Ein Besuch Ihres Technikers, und der Fehler war weg.", "positive", "praise"},
		{"dropped to nothing", "en", "Since we switched to your pallets, breakage has dropped to almost nothing.", "positive", "praise"},
		{"stimmt nicht", "de", "Danke für die rasche Rückmeldung, aber der Betrag auf der Rechnung stimmt immer noch nicht.", "negative", "complaint"},
		{"in no time", "en", "That was sorted in no time, thank you!", "positive", "praise"},
		{"since August", "en", "Our credit application has been sitting with your finance team since August.", "negative", "complaint"},
		{"seit August", "de", "Unser Kreditantrag liegt seit August bei Ihrer Finanzabteilung.", "negative", "complaint"},
		{"nichts geändert", "de", "Danke für das Telefonat gestern; leider hat sich seitdem nichts geändert.", "negative", "complaint"},
		{"question word later", "en", "Up to what point can an order still be cancelled online?", "neutral", "question"},
		{"Vertrag beenden", "de", "Wenn das noch einmal passiert, beenden wir den Vertrag.", "negative", "complaint"},
		{"not a scratch", "en", "Not a scratch on any of the 40 crates.", "positive", "praise"},
		{"faster than", "en", "Since the new software went live, our month-end closing takes one day instead of three.", "positive", "praise"},
		{"endlich zu", "de", "Mit freundlichen Grüßen und der dringenden Bitte, die Gutschrift endlich zu korrigieren.", "negative", "complaint"},
		{"7 of 50 replaced", "en", "Of the 50 sensors we installed last month, 7 have already been replaced.", "negative", "complaint"},
		{"es satt", "de", "Wir haben es satt, jeder einzelnen Lieferung hinterherzulaufen.", "negative", "complaint"},
		{"tweet question", "en", "@anonymous what was ur fav part?", "positive", "question"},
		{"all delivered", "en", "All 60 drums delivered, batch numbers on every one.", "positive", "praise"},
		// Not every "again" or question is a complaint.
		{"again praise", "en", "Would order from you again.", "positive", "praise"},
		{"thanks request", "en", "Thanks for the great demo, please send us the offer.", "positive", "request"},
	} {
		r := rulesOnly.ScoreLang(c.text, c.lang)
		if r.Label != c.label || r.Intent != c.intent {
			t.Errorf("%s: %q = %s %+.3f %s, want %s %s", c.rule, c.text, r.Label, r.Compound, r.Intent, c.label, c.intent)
		}
		if m := sentiment.ScoreLang(c.text, c.lang); m.Label != c.label || m.Intent != c.intent {
			modelWrong++
			t.Logf("with the model: %s: %q = %s %+.3f %s, want %s %s", c.rule, c.text, m.Label, m.Compound, m.Intent, c.label, c.intent)
		}
	}
	// The model turns two of these (docs/sentiment.md): "Buy this instead
	// of an iPod.", and "Thanks for the great demo, please send us the
	// offer.", positive, is praise with it (since the sixth round the label
	// and the intent are chosen together: positive goes with praise).
	if modelWrong > 2 {
		t.Errorf("with the model %d cases wrong, want ≤ 2", modelWrong)
	}
}
