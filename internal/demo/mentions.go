package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Social media mentions of the demo business over the half year before
// AsOf, in the pattern the listening reports are built to show: the small
// accounts and people who buy nothing talk most, the top accounts hardly at
// all (the listening gap); complaints, questions and praise in German and
// English; authors whose LinkedIn handle, email or company name matches
// the CRM, and some who match nothing; one day of an outage that spikes the
// volume; older complaints answered and resolved, recent ones open.

// mentionDays is how far back the demo's mentions go.
const mentionDays = 182

// spikeDaysAgo is the day of the demo's delivery outage.
const spikeDaysAgo = 41

// Mentions per account over the half year, by size class; and the public
// (non-customer) mentions each account's slot contributes.
var (
	mentionRate = [numSizes]float64{small: 0.55, medium: 0.35, large: 0.12, enterprise: 0.08}
	publicRate  = 0.6
	spikeShare  = 0.04 // accounts' slots that add a complaint on the outage day
)

// Texts by kind and language. %s is the company's name where a text
// names it.
type mentionKind int

const (
	complaint mentionKind = iota
	question
	praise
	remark
)

var mentionTexts = map[bool][4][]string{ // german → kind → texts
	true: {
		complaint: {"Die Lieferung kam schon wieder zu spät. Sehr ärgerlich!", "Seit zwei Wochen warte ich auf das Ersatzteil, niemand meldet sich.",
			"Die Hotline ist nie erreichbar. So verliert man Kunden.", "Rechnung falsch, Ware beschädigt – wirklich enttäuschend.",
			"Die neue Steuerung stürzt ständig ab. Katastrophe!", "Schlechter Service, keine Rückmeldung auf meine Reklamation.",
			"Leider wieder Lieferverzug, das bringt unsere Fertigung ins Stocken."},
		question: {"Weiß jemand, ob es das Lager auch in Edelstahl gibt?", "Gibt es für die Spindel einen Wartungsplan?",
			"Wann kommt die neue Software-Version?", "Liefert ihr auch nach Österreich?", "Wo finde ich das Datenblatt zur Pumpe?"},
		praise: {"Super Service, das Ersatzteil war am nächsten Tag da. Danke!", "Sehr kompetente Beratung, klare Empfehlung.",
			"Die Schulung war hervorragend, vielen Dank an das Team!", "Schnelle Lieferung und alles bestens verpackt. Top!"},
		remark: {"Heute die neue Maschine in Betrieb genommen.", "Messestand auf der Hannover Messe besucht.", "Neuer Katalog ist da."},
	},
	false: {
		complaint: {"Delivery late again. Really frustrating!", "Two weeks waiting for a spare part and nobody answers.",
			"The hotline is never reachable. Terrible service.", "Wrong invoice and a damaged part – very disappointing.",
			"The new controller keeps crashing. Awful!", "Still no reply to my complaint. Poor support.",
			"Another delay, our production line is stuck."},
		question: {"Does anyone know if the bearing comes in stainless steel?", "Is there a maintenance schedule for the spindle?",
			"When is the new software release due?", "Do you ship to Ireland?", "Where can I find the pump's datasheet?"},
		praise: {"Great service, the spare part arrived the next day. Thanks!", "Very helpful advice, highly recommended.",
			"Excellent training session, thank you to the team!", "Fast delivery and perfectly packed. Love it!"},
		remark: {"Commissioned the new machine today.", "Visited the stand at the trade fair.", "The new catalogue is out."},
	},
}

// Company-naming texts: matched to the account by its name in the text.
var namingTexts = map[bool][]string{
	true:  {"Bei %s läuft die Anlage jetzt mit euren Teilen – leider wieder Lieferverzug.", "Wir bei %s sind sehr zufrieden, danke!", "Frage von %s: gibt es Ersatzdichtungen?"},
	false: {"At %s we run your parts now – another delivery delay, though.", "Everyone at %s is very happy, thanks!", "Question from %s: are spare seals available?"},
}

var outageTexts = map[bool][]string{
	true:  {"Bestellportal seit heute morgen down!!! Was ist da los?", "Kein Zugriff aufs Portal, Lieferstatus nicht abrufbar. Ärgerlich!", "Portal kaputt, Hotline überlastet. Unmöglich!"},
	false: {"Ordering portal down since this morning!!! What is going on?", "Can't reach the portal, no delivery status. Frustrating!", "Portal broken and the hotline overloaded. Unacceptable!"},
}

var publicHandles = []string{"maschinenfan", "cnc_jo", "werkstatt_mia", "prod_eng_sam", "maint_mike", "fab_lab_kai", "lean_lisa", "torque_tom",
	"hydraulik_hans", "ops_olivia", "shopfloor_ben", "retrofit_rita"}

var publicPlatforms = []string{crm.IdentityX, crm.IdentityX, crm.IdentityLinkedIn, crm.IdentityInstagram, crm.IdentityFacebook, crm.IdentityYouTube}

// mentions generates the mentions of the accounts from first on in b (their
// accounts and contacts are already in b).
func (g *generator) mentions(b *Batch, first int) {
	contacts := map[string][]*crm.ContactRecord{}
	for k := range b.Contacts {
		c := &b.Contacts[k]
		contacts[c.Account.ExternalID] = append(contacts[c.Account.ExternalID], c)
	}
	var src rand.PCG
	r := rand.New(&src)
	for k := range b.Accounts {
		i := first + k
		a := &b.Accounts[k].Account
		src.Seed(uint64(g.cfg.Seed)^0x6d656e74696f6e73, uint64(i)*0x9e3779b97f4a7c15+1)
		size := sizeOf(a.SizeClass)
		german := a.Region == "DACH"
		n := poisson(r, mentionRate[size])
		if a.Status == crm.AccountInactive {
			n = poisson(r, mentionRate[size]/3)
		}
		for j := range n {
			g.accountMention(b, r, a, contacts[a.ExternalID], german, i, j, kindFor(r, size), g.postedAt(r))
		}
		// Some of the biggest customers complained in the last days: the
		// queue's top, waiting.
		if size == enterprise && a.Status == crm.AccountActive && r.Float64() < 0.3 {
			g.accountMention(b, r, a, contacts[a.ExternalID], german, i, n, complaint, g.asOf.Add(-time.Duration(2+r.IntN(70))*time.Hour))
		}
		for j := range poisson(r, publicRate) {
			g.publicMention(b, r, i, j, r.Float64() < 0.5, "", time.Time{})
		}
		if r.Float64() < spikeShare {
			day := g.asOf.AddDate(0, 0, -spikeDaysAgo)
			g.publicMention(b, r, i, 99, german, pick(r, outageTexts[german]), day.Add(time.Duration(7*60+r.IntN(10*60))*time.Minute))
		}
	}
}

func sizeOf(class string) int {
	for s, n := range sizeNames {
		if n == class {
			return s
		}
	}
	return small
}

// poisson draws a Poisson count with mean lambda (small lambdas).
func poisson(r *rand.Rand, lambda float64) int {
	n := 0
	for t := r.ExpFloat64(); t < lambda; t += r.ExpFloat64() {
		n++
	}
	return n
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// kindFor draws what a mention says: small customers complain and ask
// most; big ones rarely post, and then mostly praise.
func kindFor(r *rand.Rand, size int) mentionKind {
	u := r.Float64()
	switch {
	case size >= large && u < 0.35, size < large && u < 0.4:
		return complaint
	case u < 0.65:
		return question
	case u < 0.9:
		return praise
	}
	return remark
}

// postedAt draws a time in the half year before AsOf, in working hours.
func (g *generator) postedAt(r *rand.Rand) time.Time {
	d := g.asOf.AddDate(0, 0, -1-r.IntN(mentionDays))
	return d.Add(time.Duration(6*60+r.IntN(14*60)) * time.Minute)
}

func (g *generator) accountMention(b *Batch, r *rand.Rand, a *crm.Account, cs []*crm.ContactRecord, german bool, i, j int,
	kind mentionKind, at time.Time) {
	m := crm.Mention{ExternalID: "demo-a" + strconv.Itoa(i) + "-" + strconv.Itoa(j), PostedAt: at}
	m.Text = pick(r, mentionTexts[german][kind])
	var c *crm.ContactRecord
	if len(cs) > 0 {
		c = cs[r.IntN(len(cs))]
	}
	var linkedin, email string
	if c != nil {
		m.AuthorName = c.Contact.Name
		for _, id := range c.Contact.Identities {
			switch id.Kind {
			case crm.IdentityLinkedIn:
				linkedin = id.Value
			case crm.IdentityEmail:
				email = id.Value
			}
		}
	}
	switch u := r.Float64(); {
	case linkedin != "" && u < 0.7: // matched by handle
		m.Platform, m.AuthorHandle = crm.IdentityLinkedIn, linkedin
	case email != "" && u < 0.5: // a review form with the email: matched by email
		m.Platform, m.AuthorEmail = "trustpilot", email
	case u < 0.75: // names the company: matched by its name in the text
		m.Platform = crm.IdentityX
		m.AuthorHandle = "user" + strconv.FormatUint(uint64(uint32(i*31+j)*0x9e3779b1), 36)
		m.Text = strings.Replace(pick(r, namingTexts[german]), "%s", a.Name, 1)
	default: // a handle nobody knows: left to match by hand
		m.Platform = crm.IdentityX
		m.AuthorHandle = slugify(m.AuthorName) + strconv.Itoa(r.IntN(90)+10)
		if m.AuthorName == "" {
			m.AuthorHandle = "anon" + strconv.Itoa(i)
		}
	}
	g.careHistory(r, &m)
	b.Mentions = append(b.Mentions, crm.MentionRecord{Mention: m})
}

func (g *generator) publicMention(b *Batch, r *rand.Rand, i, j int, german bool, text string, at time.Time) {
	m := crm.Mention{ExternalID: "demo-p" + strconv.Itoa(i) + "-" + strconv.Itoa(j), Platform: pick(r, publicPlatforms)}
	m.AuthorHandle = pick(r, publicHandles) + strconv.Itoa(i%997)
	if text == "" {
		text = pick(r, mentionTexts[german][kindFor(r, small)])
	}
	m.Text = text
	m.PostedAt = at
	if at.IsZero() {
		m.PostedAt = g.postedAt(r)
	}
	g.careHistory(r, &m)
	b.Mentions = append(b.Mentions, crm.MentionRecord{Mention: m})
}

// careHistory answers and resolves most mentions that need an answer and
// are older than ten days, after a response time that does not depend on
// who wrote: nobody answers the vital few first yet.
func (g *generator) careHistory(r *rand.Rand, m *crm.Mention) {
	if !crm.NeedsAnswer(m.Text, mentionLabel(m.Text), "") {
		return
	}
	m.Care = crm.CareOpen
	if g.asOf.Sub(m.PostedAt) < 10*24*time.Hour || r.Float64() < 0.15 {
		return
	}
	respond := time.Duration((2 + r.ExpFloat64()*30) * float64(time.Hour))
	m.RespondedAt = m.PostedAt.Add(respond).Truncate(time.Second)
	m.ResolvedAt = m.RespondedAt.Add(time.Duration(r.IntN(48)) * time.Hour)
	m.ReplyNote = "Answered on the platform."
	m.Care = crm.CareResolved
}

// mentionLabel is the demo's own idea of whether a text is a complaint:
// the texts it writes are few and known, so it needs no sentiment engine.
func mentionLabel(text string) string {
	for _, german := range []bool{true, false} {
		for _, t := range append(mentionTexts[german][complaint], outageTexts[german]...) {
			if t == text {
				return "negative"
			}
		}
		if strings.Contains(text, "Lieferverzug") || strings.Contains(text, "delivery delay") {
			return "negative"
		}
	}
	return ""
}
