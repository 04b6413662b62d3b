// Package demo generates a deterministic, realistic B2B customer base: an
// industrial supplier's accounts, contacts, five years of invoices with their
// lines, and the service and sales touchpoints around them. The data follows
// the patterns vitalfew is built to show: the top fifth of accounts bring
// about 80% of revenue, the small accounts eat most of the service effort,
// good customers lapse, some customers refer others.
//
// Generate emits records in chunks of accounts so that a million accounts
// can be written through the import path with bounded memory. The same
// Config always yields the same records, byte for byte.
package demo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Config steers one demo data set. Zero fields take their defaults.
type Config struct {
	Accounts      int       // number of accounts; default 500
	Seed          int64     // random seed; default 1
	AsOf          time.Time // the demo's "today"; default 2026-09-30 UTC
	Years         int       // history length in years; default 5
	ChunkAccounts int       // accounts per emitted batch; default 20000
}

// Defaults of Config.
const (
	DefaultAccounts      = 500
	DefaultSeed          = 1
	DefaultYears         = 5
	DefaultChunkAccounts = 20000
)

// DefaultAsOf is the demo's default "today", fixed so that the data is
// deterministic.
var DefaultAsOf = time.Date(2026, time.September, 30, 0, 0, 0, 0, time.UTC)

// WithDefaults returns c with its zero fields set to the defaults. It returns
// an EINVALID error for negative sizes.
func (c Config) WithDefaults() (Config, error) {
	if c.Accounts < 0 || c.Years < 0 || c.ChunkAccounts < 0 {
		return c, crm.Errorf(crm.EINVALID, "demo: accounts, years and chunk size must not be negative")
	}
	if c.Accounts == 0 {
		c.Accounts = DefaultAccounts
	}
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.AsOf.IsZero() {
		c.AsOf = DefaultAsOf
	}
	if c.Years == 0 {
		c.Years = DefaultYears
	}
	if c.ChunkAccounts == 0 {
		c.ChunkAccounts = DefaultChunkAccounts
	}
	return c, nil
}

// Batch is the records of one chunk of accounts, in import order: accounts
// first, then their contacts, orders, order lines and touchpoints.
type Batch struct {
	Accounts    []crm.AccountRecord
	Contacts    []crm.ContactRecord
	Orders      []crm.OrderRecord
	OrderLines  []crm.OrderLineRecord
	Touchpoints []crm.TouchpointRecord
	Mentions    []crm.MentionRecord // social media mentions of the half year before AsOf (mentions.go)
	// ActivityTouches tie the customers won in the year before AsOf to
	// the marketing activities of Activities (marketing.go).
	ActivityTouches []crm.ActivityTouchRecord
}

func (b *Batch) reset() {
	b.Accounts = b.Accounts[:0]
	b.Contacts = b.Contacts[:0]
	b.Orders = b.Orders[:0]
	b.OrderLines = b.OrderLines[:0]
	b.Touchpoints = b.Touchpoints[:0]
	b.Mentions = b.Mentions[:0]
	b.ActivityTouches = b.ActivityTouches[:0]
}

// Generate calls emit once per chunk of cfg.ChunkAccounts accounts, in
// account order. A batch references only accounts of its own or earlier
// batches: referrals always point to accounts acquired earlier. The same
// Config yields the same records; the chunk size does not change them.
//
// The batch and its slices are reused for the next chunk once emit returns:
// emit must copy what it wants to keep. An error from emit stops generation
// and is returned wrapped.
func Generate(cfg Config, emit func(*Batch) error) error {
	cfg, err := cfg.WithDefaults()
	if err != nil {
		return err
	}
	if emit == nil {
		return errors.New("demo: nil emit")
	}
	g := newGenerator(cfg)
	// Room for a chunk of average accounts, so that the slices rarely grow.
	n := min(cfg.ChunkAccounts, cfg.Accounts)
	b := Batch{
		Accounts:    make([]crm.AccountRecord, 0, n),
		Contacts:    make([]crm.ContactRecord, 0, n*5/2),
		Orders:      make([]crm.OrderRecord, 0, n*26),
		OrderLines:  make([]crm.OrderLineRecord, 0, n*72),
		Touchpoints: make([]crm.TouchpointRecord, 0, n*36),
	}
	for first := 0; first < cfg.Accounts; first += cfg.ChunkAccounts {
		last := min(first+cfg.ChunkAccounts, cfg.Accounts)
		b.reset()
		g.idents = g.idents[:0]
		for i := first; i < last; i++ {
			g.account(&b, i)
		}
		g.mentions(&b, first)
		if err := emit(&b); err != nil {
			return fmt.Errorf("demo: accounts %d–%d: %w", first+1, last, err)
		}
	}
	return nil
}

// Size classes.
const (
	small = iota
	medium
	large
	enterprise
	numSizes
)

var sizeNames = [numSizes]string{"Small", "Medium", "Large", "Enterprise"}

// sizeClass holds what differs between small and large customers.
type sizeClass struct {
	share       float64 // of accounts
	value       float64 // median annual revenue, EUR
	sigma       float64 // spread of log annual revenue
	orders      float64 // orders per year
	lines       [2]int  // lines per order, min and max
	contacts    [2]int  // contacts, min and max
	discount    float64 // off list price
	lifetime    float64 // mean years as a customer
	oneTime     float64 // chance of a single purchase
	handholding float64 // spread of the support-need factor
}

var sizes = [numSizes]sizeClass{
	small:      {share: 0.55, value: 4200, sigma: 0.75, orders: 5, lines: [2]int{1, 3}, contacts: [2]int{1, 2}, discount: 0, lifetime: 6, oneTime: 0.12, handholding: 0.6},
	medium:     {share: 0.28, value: 19000, sigma: 0.65, orders: 11, lines: [2]int{1, 4}, contacts: [2]int{2, 3}, discount: 0.05, lifetime: 8, oneTime: 0.05, handholding: 0.5},
	large:      {share: 0.13, value: 80000, sigma: 0.55, orders: 20, lines: [2]int{2, 5}, contacts: [2]int{3, 5}, discount: 0.10, lifetime: 10, oneTime: 0.01, handholding: 0.4},
	enterprise: {share: 0.04, value: 320000, sigma: 0.5, orders: 32, lines: [2]int{2, 5}, contacts: [2]int{4, 6}, discount: 0.15, lifetime: 14, oneTime: 0, handholding: 0.3},
}

// Touchpoint kinds.
type tpKind struct {
	kind, dept string
	minutes    float64 // median effort
	support    bool    // scaled by the account's need for handholding
	rate       [numSizes]float64
	de, en     []string // subjects
}

var tpKinds = []tpKind{
	{kind: "ticket", dept: "support", minutes: 45, support: true, rate: [numSizes]float64{5.5, 3, 3, 5},
		de: []string{"Maschine läuft nicht an", "Frage zur Rechnung", "Lieferung unvollständig", "Ersatzteil gesucht", "Fehlermeldung E-42 an der Steuerung", "Bitte um Rückruf", "Reklamation: Lager defekt", "Zugang zum Kundenportal", "Bedienungsanleitung fehlt", "Lieferverzug"},
		en: []string{"Machine does not start", "Question about invoice", "Delivery incomplete", "Looking for a spare part", "Error E-42 on the controller", "Please call back", "Complaint: faulty bearing", "Portal login", "Manual missing", "Delivery delay"}},
	{kind: "call", dept: "support", minutes: 15, support: true, rate: [numSizes]float64{2, 2, 2, 3},
		de: []string{"Rückfrage Bestellung", "Hilfe bei der Einrichtung", "Telefonischer Support", "Frage zu Wartungsintervallen"},
		en: []string{"Order query", "Help with setup", "Phone support", "Question about maintenance intervals"}},
	{kind: "email", dept: "support", minutes: 10, support: true, rate: [numSizes]float64{2, 2, 3, 5},
		de: []string{"Lieferschein angefordert", "Preisanfrage", "Datenblatt angefordert", "Adressänderung", "Rechnungskopie"},
		en: []string{"Delivery note requested", "Price enquiry", "Datasheet requested", "Change of address", "Invoice copy"}},
	{kind: "meeting", dept: "sales", minutes: 75, rate: [numSizes]float64{0.15, 0.8, 2.5, 5},
		de: []string{"Jahresgespräch", "Rahmenvertrag", "Vorstellung Neuheiten", "Quartalsgespräch", "Projektbesprechung Retrofit"},
		en: []string{"Annual review", "Framework agreement", "New product presentation", "Quarterly business review", "Retrofit project meeting"}},
	{kind: "call", dept: "sales", minutes: 20, rate: [numSizes]float64{0.3, 1.2, 3, 5},
		de: []string{"Angebot nachgefasst", "Bedarf abgefragt", "Preisverhandlung"},
		en: []string{"Quote follow-up", "Needs assessment", "Price negotiation"}},
	{kind: "training", dept: "support", minutes: 240, rate: [numSizes]float64{0.05, 0.2, 0.5, 1},
		de: []string{"Schulung Bedienpersonal", "Wartungsschulung"},
		en: []string{"Operator training", "Maintenance training"}},
	{kind: "webinar", dept: "marketing", minutes: 5, rate: [numSizes]float64{0.3, 0.4, 0.5, 0.6},
		de: []string{"Webinar: Vorausschauende Wartung", "Webinar: Energie sparen in der Fertigung"},
		en: []string{"Webinar: predictive maintenance", "Webinar: saving energy in production"}},
	{kind: "meeting", dept: "product", minutes: 45, rate: [numSizes]float64{0.05, 0.1, 0.3, 0.6},
		de: []string{"Feedback zur Steuerungssoftware", "Anwendertreffen"},
		en: []string{"Feedback on controller software", "User group meeting"}},
}

var onboardingDE = []string{"Onboarding und Ersteinweisung", "Inbetriebnahme begleitet"}
var onboardingEN = []string{"Onboarding and first steps", "Commissioning support"}

// Acquisition sources with weights; "referral" is set only with ReferredBy.
var acqSources = []struct {
	name   string
	weight float64
}{
	{"trade fair", 22}, {"website", 19}, {"cold call", 12}, {"partner", 10}, {"webinar", 8},
	{"search", 8}, {"linkedin", 7}, {"word of mouth", 6}, {"newsletter", 3}, {"unknown", 5},
}

// referralShare is the share of accounts referred by an earlier account.
const referralShare = 0.08

// preWindowShare is the share of accounts acquired before the history
// window; they were acquired up to preWindowYears before it.
const (
	preWindowShare = 0.22
	preWindowYears = 10
)

// inflation is the yearly log price increase: 3%.
var inflation = math.Log(1.03)

// prices are the catalogue's list prices, for product.
var prices = func() []float64 {
	ps := make([]float64, len(catalogue))
	for i, p := range catalogue {
		ps[i] = p.Price.Float()
	}
	return ps
}()

// creditShare is the share of orders that are credit notes.
const creditShare = 0.02

type generator struct {
	cfg       Config
	asOf      time.Time // midnight of cfg.AsOf
	window    float64   // history length in days
	combos    []combo
	permA     int
	permC     int
	src, ref  rand.PCG
	r, rr     *rand.Rand
	sizeCum   [numSizes]float64
	acqCum    []float64
	idents    []crm.Identity
	buf       []byte
	emails    []string
	arena     arena
	lineStart []int
}

func newGenerator(cfg Config) *generator {
	g := &generator{cfg: cfg}
	y, m, d := cfg.AsOf.UTC().Date()
	g.asOf = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	g.window = float64(cfg.Years) * 365.25
	g.r = rand.New(&g.src)
	g.rr = rand.New(&g.ref)
	g.combos = buildCombos()
	// A permutation of the base names, so that neighbouring accounts do
	// not share a stem: i → (a·i + c) mod n with a coprime to n.
	n := len(g.combos)
	g.src.Seed(uint64(cfg.Seed), 0x6e616d6573)
	g.permA = 1 + int(g.r.Int64N(int64(n-1)))
	for gcd(g.permA, n) != 1 {
		g.permA++
	}
	g.permC = int(g.r.Int64N(int64(n)))
	cum := 0.0
	for s := range numSizes {
		cum += sizes[s].share
		g.sizeCum[s] = cum
	}
	cum = 0
	for _, a := range acqSources {
		cum += a.weight
		g.acqCum = append(g.acqCum, cum)
	}
	return g
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// seed positions src on account i's own stream, so that every account's
// draws are independent of chunking and of the other accounts.
func seed(src *rand.PCG, s int64, i int) {
	src.Seed(uint64(s)^0x9e3779b97f4a7c15, uint64(i)*0xbf58476d1ce4e5b9+0x94d049bb133111eb)
}

// profile is the first thing drawn for an account: what a referral needs to
// know about its referrer.
type profile struct {
	size  int
	value float64 // annual revenue at its peak (now, or when it lapsed)
}

func (g *generator) drawProfile(r *rand.Rand) profile {
	u := r.Float64()
	s := 0
	for s < numSizes-1 && u >= g.sizeCum[s] {
		s++
	}
	sc := &sizes[s]
	return profile{size: s, value: sc.value * math.Exp(sc.sigma*r.NormFloat64())}
}

// acquiredDaysAgo spreads acquisitions over time in account order, so that
// customer numbers ascend with the acquisition date: a share before the
// window, the rest over the window with growing intake.
func (g *generator) acquiredDaysAgo(i int, jitter float64) float64 {
	u := (float64(i) + jitter) / float64(g.cfg.Accounts)
	if u < preWindowShare {
		return g.window + (1-u/preWindowShare)*preWindowYears*365.25
	}
	v := (u - preWindowShare) / (1 - preWindowShare)
	x := -1 + math.Sqrt(1+3*v) // density ∝ 1+x on [0,1]
	return 7 + (g.window-7)*(1-x)
}

// date returns the midnight d days before AsOf (UTC, so days are 24 hours).
func (g *generator) date(d float64) time.Time {
	return g.asOf.Add(-time.Duration(int(d)) * 24 * time.Hour)
}

// workday moves a weekend date to the Friday before.
func workday(t time.Time) time.Time {
	switch t.Weekday() {
	case time.Saturday:
		return t.Add(-24 * time.Hour)
	case time.Sunday:
		return t.Add(-48 * time.Hour)
	}
	return t
}

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

// id returns prefix followed by n zero-padded to width digits.
func (g *generator) id(prefix string, n int, width int) string {
	g.buf = append(g.buf[:0], prefix...)
	for w := len(strconv.Itoa(n)); w < width; w++ {
		g.buf = append(g.buf, '0')
	}
	g.buf = strconv.AppendInt(g.buf, int64(n), 10)
	return string(g.buf)
}

// arena collects the many short strings of one account (invoice and
// touchpoint numbers) and turns them into substrings of one allocation.
type arena struct {
	buf  []byte
	ends []int
	str  string
}

func (a *arena) reset() { a.buf, a.ends = a.buf[:0], a.ends[:0] }

// pad appends n zero-padded to width digits.
func (a *arena) pad(n int, width int) {
	for w := len(strconv.Itoa(n)); w < width; w++ {
		a.buf = append(a.buf, '0')
	}
	a.buf = strconv.AppendInt(a.buf, int64(n), 10)
}

// end closes the string being written.
func (a *arena) end() { a.ends = append(a.ends, len(a.buf)) }

// freeze makes the strings available to get.
func (a *arena) freeze() { a.str = string(a.buf) }

// get returns the k-th string.
func (a *arena) get(k int) string {
	from := 0
	if k > 0 {
		from = a.ends[k-1]
	}
	return a.str[from:a.ends[k]]
}

// account generates account i and everything belonging to it into b.
func (g *generator) account(b *Batch, i int) {
	seed(&g.src, g.cfg.Seed, i)
	r := g.r
	p := g.drawProfile(r)
	sc := &sizes[p.size]
	acqDays := g.acquiredDaysAgo(i, r.Float64())

	// Name and place.
	n := len(g.combos)
	tier := i / n
	c := g.combos[(g.permA*(i%n)+g.permC)%n]
	co := nameCompany(c, tier, r.Float64(), p.size == enterprise || (p.size == large && r.Float64() < 0.3), r.Float64())
	grp := &groups[co.group]
	ext := "K-" + strconv.Itoa(100000+i+1)

	// Lifecycle: start and end of buying, in days before AsOf (end 0:
	// still buying).
	start := min(acqDays, g.window)
	oneTime := acqDays < g.window && r.Float64() < sc.oneTime
	end := 0.0
	life := r.ExpFloat64() * sc.lifetime * 365.25
	if !oneTime {
		end = max(start-life, 0)
		if end > start-30 {
			end = max(start-30, 0)
		}
	}
	rate := sc.orders * math.Exp(0.35*r.NormFloat64())
	trend := 0.03 + 0.15*r.NormFloat64()

	acct := crm.Account{
		ExternalID: ext,
		Name:       co.name,
		Domain:     co.domain,
		Segment:    co.segment,
		Industry:   co.industry,
		SizeClass:  sizeNames[p.size],
		Region:     grp.region,
		AcquiredAt: g.date(acqDays),
		Status:     crm.AccountActive,
	}
	own := owners[co.group]
	if p.size >= large {
		acct.Owner = own[0]
	} else {
		acct.Owner = own[r.IntN(len(own))]
	}
	rec := crm.AccountRecord{Account: acct, Email: "info@" + co.domain}
	if i > 0 && r.Float64() < referralShare {
		rec.ReferredBy = crm.AccountRef{ExternalID: "K-" + strconv.Itoa(100000+g.referrer(i)+1)}
		rec.Account.AcquisitionSource = "referral"
	} else {
		u := r.Float64() * g.acqCum[len(g.acqCum)-1]
		k, _ := slices.BinarySearch(g.acqCum, u)
		rec.Account.AcquisitionSource = acqSources[min(k, len(acqSources)-1)].name
	}
	if end > 3*365 && p.size == small && r.Float64() < 0.5 {
		rec.Account.Status = crm.AccountInactive
	}
	b.Accounts = append(b.Accounts, rec)

	ref := crm.AccountRef{ExternalID: ext}
	g.contacts(b, i, ref, grp, p, acqDays, co.domain)
	firstOrder := len(b.Orders)
	g.orders(b, ref, i, p, start, end, oneTime, rate, trend)
	var first time.Time
	for _, o := range b.Orders[firstOrder:] {
		if o.Order.Amount > 0 && (first.IsZero() || o.Order.OrderedAt.Before(first)) {
			first = o.Order.OrderedAt
		}
	}
	g.marketingTouches(b, i, ext, rec.Account.AcquisitionSource, first)
	g.touchpoints(b, ref, i, p, acqDays, start, end, grp.region == "DACH")
}

// referrer picks the account that referred account i: the best of three
// earlier accounts, since advocates tend to be good customers.
func (g *generator) referrer(i int) int {
	best, bestValue := 0, -1.0
	for range 3 {
		j := g.r.IntN(i)
		seed(&g.ref, g.cfg.Seed, j)
		if v := g.drawProfile(g.rr).value; v > bestValue {
			best, bestValue = j, v
		}
	}
	return best
}

func (g *generator) contacts(b *Batch, i int, ref crm.AccountRef, grp *nameGroup, p profile, acqDays float64, domain string) {
	r := g.r
	sc := &sizes[p.size]
	nc := sc.contacts[0] + r.IntN(sc.contacts[1]-sc.contacts[0]+1)
	last := grp.last
	if last == nil {
		last = grp.stems
	}
	titles := titlesEN
	if grp.german {
		titles = titlesDE
	}
	g.emails = g.emails[:0]
	for k := range nc {
		uid := (i+1)*8 + k // unique per contact
		first, fam := g.pick(grp.first), g.pick(last)
		title := g.pick(titles)
		if k == 0 {
			title = titles[0] // the managing director
			if p.size >= medium {
				title = titles[1] // head of purchasing
			}
		}
		var local string
		if r.Float64() < 0.8 {
			local = asciiLocal(first) + "." + asciiLocal(fam)
		} else {
			local = asciiLocal(first)[:1] + "." + asciiLocal(fam)
		}
		for _, e := range g.emails {
			if e == local {
				local += strconv.Itoa(k + 1)
				break
			}
		}
		g.emails = append(g.emails, local)
		email := local + "@" + domain
		from := len(g.idents)
		g.idents = append(g.idents, crm.Identity{Kind: crm.IdentityEmail, Value: email})
		if r.Float64() < 0.6 {
			g.buf = append(g.buf[:0], grp.phoneCode...)
			// A bijection of the contact's number onto nine digits keeps
			// phone numbers unique.
			g.buf = strconv.AppendInt(g.buf, 100000000+(int64(uid)*738290411+123456789)%900000000, 10)
			g.idents = append(g.idents, crm.Identity{Kind: crm.IdentityPhone, Value: string(g.buf)})
		}
		if r.Float64() < 0.35 {
			g.buf = append(g.buf[:0], slugify(first)...)
			g.buf = append(g.buf, '-')
			g.buf = append(g.buf, slugify(fam)...)
			g.buf = append(g.buf, '-')
			g.buf = strconv.AppendUint(g.buf, uint64(uint32(uid)*0x9e3779b1), 16)
			g.idents = append(g.idents, crm.Identity{Kind: crm.IdentityLinkedIn, Value: string(g.buf)})
		}
		status := crm.ContactActive
		verified := r.ExpFloat64() * 220
		if r.Float64() < 0.10 {
			status = crm.ContactLeft
			verified = 300 + r.Float64()*900
		}
		verified = min(verified, acqDays)
		b.Contacts = append(b.Contacts, crm.ContactRecord{
			Account: ref,
			Contact: crm.Contact{
				ExternalID:     g.id("P-"+ref.ExternalID[2:]+"-", k+1, 1),
				Name:           first + " " + fam,
				Title:          title,
				Status:         status,
				LastVerifiedAt: g.date(verified),
				Identities:     g.idents[from:len(g.idents):len(g.idents)],
			},
		})
	}
}

func (g *generator) orders(b *Batch, ref crm.AccountRef, i int, p profile, start, end float64, oneTime bool, rate, trend float64) {
	r := g.r
	sc := &sizes[p.size]
	year, seq := 0, 0
	a := &g.arena
	a.reset()
	firstOrder := len(b.Orders)
	g.lineStart = append(g.lineStart[:0], len(b.OrderLines))
	d := start - 1 - r.Float64()*14 // the first order follows the acquisition
	if start >= g.window {
		d = start - r.ExpFloat64()*365.25/rate
	}
	for ; d > end && d >= 0; d -= r.ExpFloat64() * 365.25 / rate {
		t := workday(g.date(d))
		if y := t.Year(); y != year {
			year, seq = y, 0
		}
		if seq++; seq > 99 {
			continue // invoice numbers hold 99 per account and year
		}
		credit := seq > 1 && r.Float64() < creditShare
		prefix := "RE-"
		if credit {
			prefix = "GS-"
		}
		a.buf = append(a.buf, prefix...)
		a.buf = strconv.AppendInt(a.buf, int64(year), 10)
		a.buf = append(a.buf, '-')
		a.pad((i+1)*100+seq, 6)
		a.end()

		value := p.value * math.Exp(-trend*(d-end)/365.25)
		target := value / rate * math.Exp(0.45*r.NormFloat64()-0.1)
		if oneTime {
			target = value * 0.3 * math.Exp(0.5*r.NormFloat64())
		}
		yearsAgo := d / 365.25
		priceIndex := math.Exp(-yearsAgo*inflation) * (1 - sc.discount)
		var total int64
		if credit {
			total = g.creditLine(b, target, priceIndex)
		} else {
			total = g.orderLines(b, target, priceIndex, sc)
		}
		g.lineStart = append(g.lineStart, len(b.OrderLines))
		b.Orders = append(b.Orders, crm.OrderRecord{
			Account: ref,
			Order: crm.Order{
				OrderedAt: t,
				Amount:    crm.Money(total),
				Currency:  "EUR",
			},
		})
		if oneTime {
			break
		}
	}
	a.freeze()
	for k := range b.Orders[firstOrder:] {
		inv := a.get(k)
		b.Orders[firstOrder+k].Order.ExternalID = inv
		for l := g.lineStart[k]; l < g.lineStart[k+1]; l++ {
			b.OrderLines[l].OrderExternalID = inv
		}
	}
}

// orderLines writes 1–5 lines worth about target EUR and returns their sum
// in cents.
func (g *generator) orderLines(b *Batch, target, priceIndex float64, sc *sizeClass) int64 {
	r := g.r
	k := sc.lines[0] + r.IntN(sc.lines[1]-sc.lines[0]+1)
	var total int64
	rest := 1.0
	for l := range k {
		share := rest
		if l < k-1 {
			share = rest * (0.3 + 0.5*r.Float64())
		}
		rest -= share
		t := target * share
		pi := g.product(t / priceIndex)
		prod := &catalogue[pi]
		unit := int64(math.Round(prod.Price.Float() * priceIndex * (1 + 0.04*(r.Float64()-0.5)) * 100))
		qty := max(int64(math.Round(t*100/float64(unit))), 1)
		amount := qty * unit
		total += amount
		b.OrderLines = append(b.OrderLines, crm.OrderLineRecord{
			SKU:         prod.SKU,
			ProductName: prod.Name,
			UnitCost:    prod.UnitCost,
			HasUnitCost: true,
			OrderLine: crm.OrderLine{
				LineNo:    l + 1,
				Quantity:  float64(qty),
				UnitPrice: crm.Money(unit),
				Amount:    crm.Money(amount),
			},
		})
	}
	return total
}

// creditLine writes the single line of a credit note: a small return.
func (g *generator) creditLine(b *Batch, target, priceIndex float64) int64 {
	r := g.r
	pi := g.product(target * (0.05 + 0.25*r.Float64()) / priceIndex)
	prod := &catalogue[pi]
	unit := int64(math.Round(prod.Price.Float() * priceIndex * 100))
	qty := int64(1 + r.IntN(2))
	amount := -qty * unit
	b.OrderLines = append(b.OrderLines, crm.OrderLineRecord{
		SKU:         prod.SKU,
		ProductName: prod.Name,
		UnitCost:    prod.UnitCost,
		HasUnitCost: true,
		OrderLine: crm.OrderLine{
			LineNo:    1,
			Quantity:  float64(-qty),
			UnitPrice: crm.Money(unit),
			Amount:    crm.Money(amount),
		},
	})
	return amount
}

// product picks a catalogue product for a line worth about t at list
// prices: one priced between t/120 and t, so that quantities stay
// plausible; the cheapest when t is below every price.
func (g *generator) product(t float64) int {
	hi, _ := slices.BinarySearch(prices, t) // the first priced at or above t
	lo, _ := slices.BinarySearch(prices, t/120)
	if hi == 0 {
		return 0
	}
	if lo >= hi {
		return hi - 1
	}
	return lo + g.r.IntN(hi-lo)
}

func (g *generator) touchpoints(b *Batch, ref crm.AccountRef, i int, p profile, acqDays, start, end float64, german bool) {
	r := g.r
	sc := &sizes[p.size]
	// The need for handholding: wide within a class, and greater the less
	// the customer buys.
	need := math.Exp(sc.handholding*r.NormFloat64()) * math.Pow(p.value/sc.value, -0.6)
	var rates [16]float64
	total := 0.0
	for k, tk := range tpKinds {
		rt := tk.rate[p.size]
		if tk.support {
			rt *= need
		}
		total += rt
		rates[k] = total
	}
	contacts := b.Contacts[len(b.Contacts)-len(g.emails):]
	a := &g.arena
	a.reset()
	firstTP := len(b.Touchpoints)
	seq := 0
	add := func(d float64, tk *tpKind, subjects []string, minutes float64) {
		seq++
		if seq > 9999 {
			return
		}
		t := workday(g.date(max(d, 1))).Add(time.Duration(8*60+r.IntN(600)) * time.Minute)
		a.buf = append(a.buf, "T-"...)
		a.pad((i+1)*10000+seq, 8)
		a.end()
		tp := crm.TouchpointRecord{
			Account: ref,
			Touchpoint: crm.Touchpoint{
				Kind:          tk.kind,
				Department:    tk.dept,
				OccurredAt:    t,
				EffortMinutes: max(math.Round(minutes*math.Exp(0.5*r.NormFloat64()-0.125)), 1),
				Subject:       subjects[r.IntN(len(subjects))],
			},
		}
		if r.Float64() < 0.7 {
			tp.ContactEmail = contacts[r.IntN(len(contacts))].Contact.Identities[0].Value
		}
		b.Touchpoints = append(b.Touchpoints, tp)
	}
	if acqDays < g.window {
		subjects := onboardingEN
		if german {
			subjects = onboardingDE
		}
		onboarding := tpKind{kind: "onboarding", dept: "support"}
		add(acqDays-1-r.Float64()*10, &onboarding, subjects, 150*math.Sqrt(need))
	}
	// Service continues a few months after the last order.
	stop := max(end-120, 0)
	for d := start - r.ExpFloat64()*365.25/total; d > stop && d >= 0; d -= r.ExpFloat64() * 365.25 / total {
		u := r.Float64() * total
		k := 0
		for k < len(tpKinds)-1 && u >= rates[k] {
			k++
		}
		tk := &tpKinds[k]
		subjects := tk.en
		if german {
			subjects = tk.de
		}
		add(d, tk, subjects, tk.minutes)
	}
	a.freeze()
	for k := range b.Touchpoints[firstTP:] {
		b.Touchpoints[firstTP+k].Touchpoint.ExternalID = a.get(k)
	}
}
