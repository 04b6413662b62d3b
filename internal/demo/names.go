package demo

import (
	"strconv"
	"strings"
)

// A nameGroup is one language area of the demo customer base: the stems of
// its company names, the words for its trades, its legal forms, cities and
// people.
type nameGroup struct {
	region    string
	german    bool     // trade words, titles and subjects in German
	stems     []string // surnames or brand words
	sons      string   // "& Söhne", "& Sons" …
	forms     []string // legal forms, small to large
	bigForm   string   // legal form of large companies
	tlds      []string // first is the most common
	cities    []string
	public    []string // public-sector name patterns, "%" is the city
	first     []string // people's first names
	last      []string // people's last names (nil: use stems)
	phoneCode string   // country calling code; nine digits follow
}

var groups = []nameGroup{
	{
		region: "DACH", german: true,
		stems: []string{
			"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
			"Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
			"Braun", "Krüger", "Hartmann", "Lange", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schulze",
			"Köhler", "Herrmann", "König", "Walter", "Huber", "Kaiser", "Fuchs", "Peters", "Scholz", "Möller",
			"Weiß", "Jung", "Hahn", "Vogel", "Friedrich", "Keller", "Günther", "Berger", "Winkler", "Roth",
			"Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Brandt", "Ludwig", "Böhm", "Winter", "Haas",
		},
		sons:    "& Söhne",
		forms:   []string{"GmbH", "GmbH", "GmbH", "GmbH & Co. KG", "KG", "e.K."},
		bigForm: "AG",
		tlds:    []string{"de", "de", "de", "de", "de", "de", "at", "ch"},
		cities: []string{"Augsburg", "Bielefeld", "Dortmund", "Freiburg", "Hannover", "Kassel", "Leipzig", "Mannheim",
			"Münster", "Nürnberg", "Regensburg", "Ulm", "Würzburg", "Koblenz", "Heilbronn", "Paderborn", "Wiesbaden", "Bremen"},
		public: []string{"Stadtwerke %", "Klinikum %", "Landratsamt %"},
		first: []string{"Jürgen", "Thomas", "Michael", "Andreas", "Stefan", "Markus", "Frank", "Tobias", "Jan", "Florian",
			"Uwe", "Klaus", "Matthias", "Sebastian", "Christian", "Sabine", "Claudia", "Petra", "Anja", "Katrin",
			"Julia", "Stefanie", "Nicole", "Birgit", "Monika", "Lena", "Sandra", "Heike", "Susanne", "Martina"},
		phoneCode: "+49",
	},
	{
		region: "UK",
		stems: []string{"Northwind", "Ashford", "Whitmore", "Redbridge", "Kingsley", "Harcourt", "Pennine", "Sterling",
			"Bramley", "Cavendish", "Hartley", "Fairfax", "Carlisle", "Dunmore", "Langford", "Oakridge", "Wexford",
			"Ellison", "Blackwood", "Thornbury"},
		sons:    "& Sons",
		forms:   []string{"Ltd", "Ltd", "Ltd", "Limited"},
		bigForm: "plc",
		tlds:    []string{"co.uk"},
		cities:  []string{"Leeds", "Bristol", "Sheffield", "Nottingham", "Glasgow", "Cardiff", "Reading", "Coventry", "York", "Derby"},
		public:  []string{"% City Council", "% NHS Trust"},
		first: []string{"James", "Oliver", "Harry", "George", "William", "Daniel", "Thomas", "Emily", "Charlotte", "Sophie",
			"Olivia", "Amelia", "Jessica", "Hannah", "Lucy"},
		last: []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
			"Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Clarke", "Hughes"},
		phoneCode: "+44",
	},
	{
		region: "US",
		stems: []string{"Summit", "Lakeshore", "Bluewater", "Redwood", "Ironclad", "Keystone", "Pioneer", "Granite",
			"Cascade", "Prairie", "Liberty", "Frontier", "Evergreen", "Silverline", "Meridian", "Atlas"},
		sons:    "& Sons",
		forms:   []string{"Inc.", "Inc.", "LLC", "LLC"},
		bigForm: "Corp.",
		tlds:    []string{"com"},
		cities:  []string{"Columbus", "Denver", "Austin", "Portland", "Madison", "Raleigh", "Tulsa", "Omaha", "Boise", "Dayton"},
		public:  []string{"City of %", "% County"},
		first: []string{"Michael", "David", "John", "Robert", "Chris", "Brian", "Kevin", "Jennifer", "Ashley", "Sarah",
			"Megan", "Emily", "Laura", "Rachel", "Amanda"},
		last: []string{"Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson", "Moore", "Jackson", "Lee", "Harris",
			"Clark", "Lewis", "Young", "Allen", "King", "Scott", "Baker", "Nelson", "Carter", "Mitchell"},
		phoneCode: "+13", // ten digits after the country code
	},
	{
		region: "Benelux",
		stems: []string{"Van Dijk", "De Vries", "Bakker", "Janssen", "Visser", "Smit", "Mulder", "De Boer", "Dekker",
			"Hendriks", "Van Leeuwen", "Brouwer"},
		sons:    "& Zonen",
		forms:   []string{"B.V.", "B.V.", "B.V.", "BV"},
		bigForm: "N.V.",
		tlds:    []string{"nl", "nl", "be"},
		cities:  []string{"Utrecht", "Eindhoven", "Antwerpen", "Gent", "Tilburg", "Breda", "Luxembourg", "Zwolle"},
		public:  []string{"Gemeente %"},
		first: []string{"Jeroen", "Pieter", "Bas", "Sander", "Ruben", "Thijs", "Anouk", "Sanne", "Lotte", "Eva",
			"Femke", "Marieke"},
		phoneCode: "+31",
	},
	{
		region: "Nordics",
		stems: []string{"Lindqvist", "Andersson", "Johansson", "Nyström", "Berglund", "Halvorsen", "Nordin", "Lundgren",
			"Virtanen", "Sandberg"},
		sons:    "& Söner",
		forms:   []string{"AB", "AB", "AS", "ApS", "Oy"},
		bigForm: "ASA",
		tlds:    []string{"se", "se", "dk", "no", "fi"},
		cities:  []string{"Malmö", "Göteborg", "Aarhus", "Bergen", "Tampere", "Uppsala", "Odense", "Turku"},
		public:  []string{"% kommun"},
		first: []string{"Erik", "Lars", "Anders", "Mikael", "Henrik", "Jonas", "Ingrid", "Astrid", "Karin", "Maja",
			"Sofia", "Elin"},
		phoneCode: "+46",
	},
	{
		region: "France",
		stems: []string{"Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
			"Rousseau", "Chevalier", "Garnier"},
		sons:    "& Fils",
		forms:   []string{"SARL", "SAS", "SAS"},
		bigForm: "SA",
		tlds:    []string{"fr"},
		cities:  []string{"Lyon", "Lille", "Nantes", "Toulouse", "Grenoble", "Rennes", "Dijon", "Reims"},
		public:  []string{"Ville de %", "Centre hospitalier de %"},
		first: []string{"Nicolas", "Julien", "Pierre", "Antoine", "Mathieu", "Thomas", "Camille", "Claire", "Julie",
			"Sophie", "Céline", "Élodie"},
		phoneCode: "+33",
	},
}

// A trade is what a customer does: the word in its name (German and
// English) and its segment and industry.
type trade struct {
	de, en   string
	segment  string
	industry string
}

var trades = []trade{
	{"Maschinenbau", "Engineering", "Manufacturing", "Industrial machinery"},
	{"Metallbau", "Metalworks", "Manufacturing", "Metal fabrication"},
	{"Kunststofftechnik", "Plastics", "Manufacturing", "Plastics processing"},
	{"Antriebstechnik", "Drives", "Manufacturing", "Drive technology"},
	{"Elektrotechnik", "Electrical", "Manufacturing", "Electrical equipment"},
	{"Feinmechanik", "Precision", "Manufacturing", "Precision parts"},
	{"Lebensmittel", "Foods", "Manufacturing", "Food production"},
	{"Verpackung", "Packaging", "Manufacturing", "Packaging"},
	{"Großhandel", "Wholesale", "Wholesale", "Industrial supplies"},
	{"Handelshaus", "Trading", "Wholesale", "Trading"},
	{"Technischer Handel", "Industrial Supply", "Wholesale", "Technical distribution"},
	{"Logistik", "Logistics", "Logistics", "Contract logistics"},
	{"Spedition", "Freight", "Logistics", "Road freight"},
	{"Lagertechnik", "Warehousing", "Logistics", "Warehousing"},
	{"Medizintechnik", "Medical", "Healthcare", "Medical devices"},
	{"Klinikbedarf", "Healthcare Supplies", "Healthcare", "Hospital supplies"},
	{"Labortechnik", "Laboratories", "Healthcare", "Laboratory equipment"},
	{"Pharma", "Pharma", "Healthcare", "Pharmaceuticals"},
	{"Software", "Software", "Software", "Business software"},
	{"Systemhaus", "Systems", "Software", "IT services"},
	{"Datentechnik", "Data", "Software", "Data services"},
	{"Fachmarkt", "Stores", "Retail", "Specialist retail"},
	{"Bürobedarf", "Office Supplies", "Retail", "Office supplies"},
	{"Baumarkt", "Home Centre", "Retail", "DIY retail"},
	{"Baustoffe", "Building Materials", "Construction", "Building materials"},
	{"Bau", "Construction", "Construction", "General construction"},
	{"Haustechnik", "Building Services", "Construction", "HVAC and plumbing"},
	{"Energietechnik", "Energy", "Energy", "Power engineering"},
	{"Solartechnik", "Solar", "Energy", "Renewable energy"},
	{"Ingenieurbüro", "Consulting", "Professional services", "Engineering consulting"},
}

// publicIndustry is the industry of a public-sector name pattern.
func publicIndustry(pattern string) string {
	switch {
	case strings.Contains(pattern, "Klinikum"), strings.Contains(pattern, "NHS"), strings.Contains(pattern, "hospitalier"):
		return "Hospital"
	case strings.Contains(pattern, "Stadtwerke"):
		return "Municipal utility"
	default:
		return "Local government"
	}
}

// A combo is one base company identity: a stem with a trade (or a city with
// a public-sector pattern) in one variant. Distinct combos have distinct
// normalised names and domain slugs.
type combo struct {
	group   int
	stem    int // index into stems, or into cities for public names
	trade   int // -1 for public names
	public  int // index into public patterns
	variant int // 0 plain, 1 "& Söhne"
}

// buildCombos lists every base company identity, in a fixed order.
func buildCombos() []combo {
	var cs []combo
	for g, grp := range groups {
		for s := range grp.stems {
			for t := range trades {
				cs = append(cs, combo{group: g, stem: s, trade: t})
				if (s+t)%4 == 0 {
					cs = append(cs, combo{group: g, stem: s, trade: t, variant: 1})
				}
			}
		}
		for p := range grp.public {
			for c := range grp.cities {
				cs = append(cs, combo{group: g, stem: c, trade: -1, public: p})
			}
		}
	}
	return cs
}

// company is the naming of one account.
type company struct {
	name, domain      string
	group             int
	segment, industry string
}

// nameCompany names the combo for suffix tier tier (0: the base name, 1…:
// with a location, and beyond the cities a number). form and tldPick (in
// [0,1)) pick the legal form and the top-level domain; big selects the
// large-company form.
func nameCompany(c combo, tier int, form float64, big bool, tldPick float64) company {
	g := &groups[c.group]
	var name, slug strings.Builder
	co := company{group: c.group}
	if c.trade < 0 {
		pat := g.public[c.public]
		city := g.cities[c.stem]
		name.WriteString(strings.ReplaceAll(pat, "%", city))
		slug.WriteString(slugify(strings.ReplaceAll(pat, "%", city)))
		if tier > 0 {
			name.WriteString(" " + strconv.Itoa(tier+1))
			slug.WriteString("-" + strconv.Itoa(tier+1))
		}
		co.segment, co.industry = "Public sector", publicIndustry(pat)
		co.name = name.String()
		co.domain = slug.String() + "." + g.tlds[0]
		return co
	}
	tr := trades[c.trade]
	word := tr.en
	if g.german {
		word = tr.de
	}
	stem := g.stems[c.stem]
	name.WriteString(stem)
	slug.WriteString(slugify(stem))
	if c.variant == 1 {
		name.WriteString(" " + g.sons)
		slug.WriteString("-" + slugify(strings.TrimPrefix(g.sons, "& ")))
	}
	name.WriteString(" " + word)
	slug.WriteString("-" + slugify(word))
	if tier > 0 {
		city := g.cities[(tier-1)%len(g.cities)]
		name.WriteString(" " + city)
		slug.WriteString("-" + slugify(city))
		if n := (tier - 1) / len(g.cities); n > 0 {
			name.WriteString(" " + strconv.Itoa(n+1))
			slug.WriteString("-" + strconv.Itoa(n+1))
		}
	}
	switch {
	case c.variant == 1 && g.german:
		name.WriteString(" KG")
	case big:
		name.WriteString(" " + g.bigForm)
	default:
		name.WriteString(" " + g.forms[int(form*float64(len(g.forms)))])
	}
	co.name = name.String()
	co.domain = slug.String() + "." + g.tlds[int(tldPick*float64(len(g.tlds)))]
	co.segment, co.industry = tr.segment, tr.industry
	return co
}

// slugify turns a name into a domain label: "Müller & Söhne" → "mueller-soehne".
func slugify(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	dash := false
	for _, r := range s {
		var rep string
		switch r {
		case 'ä', 'Ä':
			rep = "ae"
		case 'ö', 'Ö':
			rep = "oe"
		case 'ü', 'Ü':
			rep = "ue"
		case 'ß':
			rep = "ss"
		case 'é', 'è', 'ê', 'É':
			rep = "e"
		case 'à', 'â':
			rep = "a"
		case 'ç':
			rep = "c"
		case 'å', 'Å':
			rep = "a"
		case 'ø':
			rep = "o"
		default:
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				rep = string(r)
			case r >= 'A' && r <= 'Z':
				rep = string(r + 'a' - 'A')
			}
		}
		if rep == "" {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(rep)
	}
	return b.String()
}

// Sales reps by group; the first ones own the larger accounts.
var owners = [][]string{
	{"Anna Becker", "Thomas Wagner", "Michael Hoffmann", "Laura Schulz"},
	{"James Whitfield", "Emily Carter"},
	{"Emily Carter", "James Whitfield"},
	{"Sophie Martin", "Thomas Wagner"},
	{"Sophie Martin", "Anna Becker"},
	{"Sophie Martin"},
}

var titlesDE = []string{
	"Geschäftsführer", "Leitung Einkauf", "Einkauf", "Technischer Leiter", "Werksleiter",
	"Leiter Instandhaltung", "Kaufmännische Leitung", "Buchhaltung", "IT-Leiter", "Assistenz der Geschäftsführung",
	"Einkauf", "Produktionsleitung",
}

var titlesEN = []string{
	"Managing Director", "Purchasing Manager", "Buyer", "Head of Operations", "Plant Manager",
	"Maintenance Manager", "CFO", "Accounts Payable", "IT Director", "Office Manager",
	"Procurement Lead", "Production Manager",
}

// asciiLocal turns a person's name part into an email local part.
func asciiLocal(s string) string { return strings.ReplaceAll(slugify(s), "-", "") }
