package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Mapping maps our field names to column indices of a header row.
type Mapping map[string]int

// field is one of our field names with the headers that mean it, most
// preferred first (a file with both "Netto" and "Brutto" uses "Netto").
type field struct {
	name    string
	aliases []string
}

// requirement is a required field, or a group of which one is required; name
// is what messages call it.
type requirement struct {
	name  string
	anyOf []string
}

var (
	customerIDAliases = []string{"customer id", "customer number", "customer no", "customer nr", "client id",
		"client number", "account id", "account number", "Kundennummer", "Kunden-Nr", "Kundennr", "Kd-Nr",
		"Kdnr", "Kunden-ID", "Debitor", "Debitorennummer", "Debitorennr", "Debitorenkonto", "Debitor-Nr"}
	customerAliases = []string{"customer name", "client", "client name", "account", "account name", "company",
		"company name", "organisation", "organization", "Kunde", "Kundenname", "Firma", "Firmenname",
		"Unternehmen", "Debitorenname"}
	emailAliases   = []string{"e-mail", "mail", "email address", "e-mail address", "E-Mail-Adresse", "Mailadresse"}
	invoiceAliases = []string{"invoice", "invoice number", "invoice no", "invoice nr", "invoice id", "order id",
		"order number", "order no", "document number", "Rechnungsnummer", "Rechnungsnr", "Rechnungs-Nr",
		"Rechnung", "Belegnummer", "Belegnr", "Beleg", "Belegfeld 1", "Auftragsnummer", "Auftragsnr",
		"Auftrag", "Bestellnummer"}
)

func cat(lists ...[]string) []string { return slices.Concat(lists...) }

// kindFields lists every field of every kind, in the order Fields returns.
var kindFields = map[Kind][]field{
	KindAccounts: {
		{"customer_id", cat([]string{"id", "customer number"}, customerIDAliases, []string{"external id", "number", "Nummer", "Nr"})},
		{"name", []string{"customer", "customer name", "client", "client name", "account", "account name", "company",
			"company name", "organisation", "organization", "Kunde", "Kundenname", "Firma", "Firmenname", "Unternehmen"}},
		{"domain", []string{"website", "web", "url", "homepage", "web site", "Webseite", "Internetseite", "Internet", "Domäne"}},
		{"email", emailAliases},
		{"segment", []string{"tier", "customer segment", "customer group", "Kundensegment", "Kundengruppe", "Kundenklasse"}},
		{"industry", []string{"sector", "vertical", "Branche", "Sektor", "Wirtschaftszweig"}},
		{"size_class", []string{"size", "company size", "size class", "Größe", "Unternehmensgröße", "Größenklasse", "Firmengröße"}},
		{"region", []string{"country", "territory", "area", "Land", "Gebiet", "Bundesland", "Vertriebsgebiet"}},
		{"owner", []string{"account owner", "account manager", "key account manager", "sales rep", "rep",
			"Betreuer", "Kundenbetreuer", "Vertriebler", "Verkäufer", "Außendienst", "Zuständig"}},
		{"acquired_at", []string{"acquired", "customer since", "since", "created", "created at", "first order",
			"first order date", "Kunde seit", "seit", "angelegt", "angelegt am", "erstellt", "erstellt am", "Erstauftrag"}},
		{"acquisition_source", []string{"source", "lead source", "acquisition channel", "Quelle", "Herkunft", "Leadquelle", "Akquisequelle"}},
		{"heard_about", []string{"how did you hear", "how did you hear about us", "how_did_you_hear", "heard about us", "heard from",
			"Wie haben Sie von uns erfahren", "wie auf uns aufmerksam", "Wie sind Sie auf uns aufmerksam geworden", "aufmerksam geworden durch"}},
		{"referred_by", []string{"referrer", "referred by", "referral", "empfohlen von", "Empfehlung von", "Empfehler", "Empfehlung"}},
		{"referral_code", []string{"referral code", "ref code", "Empfehlungscode", "Werbecode"}},
		{"status", []string{"account status", "customer status", "Kundenstatus", "Zustand"}},
	},
	KindContacts: {
		{"customer_id", customerIDAliases},
		{"customer", customerAliases},
		{"contact_id", []string{"contact id", "id", "person id", "contact number", "Kontakt-ID", "Kontaktnummer",
			"Ansprechpartner-Nr", "Ansprechpartner-ID"}},
		{"name", []string{"full name", "contact", "contact name", "person", "Ansprechpartner", "Kontakt", "vollständiger Name"}},
		{"first_name", []string{"first name", "firstname", "given name", "forename", "Vorname"}},
		{"last_name", []string{"last name", "lastname", "surname", "family name", "Nachname", "Familienname", "Zuname"}},
		{"email", emailAliases},
		{"phone", []string{"telephone", "phone number", "mobile", "mobile phone", "cell", "cell phone",
			"Telefon", "Telefonnummer", "Tel", "Tel.-Nr", "Handy", "Mobil", "Mobilnummer", "Mobiltelefon"}},
		{"linkedin", []string{"linkedin url", "linkedin profile", "linked in"}},
		{"x", []string{"twitter", "twitter handle", "x handle", "x twitter", "twitter url"}},
		{"title", []string{"job title", "position", "role", "job", "Funktion", "Rolle", "Berufsbezeichnung", "Stellenbezeichnung"}},
		{"status", []string{"contact status", "Kontaktstatus"}},
		{"last_verified_at", []string{"verified", "verified at", "last verified", "last verified at",
			"geprüft", "geprüft am", "zuletzt geprüft", "verifiziert", "verifiziert am"}},
	},
	KindOrders: {
		{"customer_id", cat(customerIDAliases, []string{"Konto"})},
		{"customer", cat([]string{"name"}, customerAliases)},
		{"email", emailAliases},
		{"invoice_id", invoiceAliases},
		{"date", []string{"invoice date", "order date", "ordered at", "ordered_at", "document date", "Datum",
			"Rechnungsdatum", "Belegdatum", "Auftragsdatum", "Bestelldatum", "Leistungsdatum"}},
		{"amount", []string{"net amount", "net", "amount net", "net total", "Nettobetrag", "Netto", "Nettoumsatz",
			"Nettosumme", "Betrag netto", "Umsatz netto", "Summe netto", "revenue", "sales", "Umsatz", "Umsatz (ohne Soll/Haben-Kz)", "Betrag", "total",
			"value", "Summe", "Rechnungsbetrag", "Betrag (EUR)", "Betrag in EUR", "Gesamtbetrag", "subtotal", "gross", "gross amount", "Brutto", "Bruttobetrag",
			"Betrag brutto"}},
		{"currency", []string{"cur", "ccy", "currency code", "Währung", "WKZ", "WKZ Umsatz"}},
		// The final invoice of a project, and the invoice's contact: the
		// survey with the final invoice (docs/surveys.md).
		{"final", []string{"final invoice", "project closed", "project complete", "project completed", "last invoice",
			"Schlussrechnung", "Endrechnung", "Projekt abgeschlossen", "Projektabschluss", "Abschlussrechnung"}},
		{"code", []string{"offer code", "promo code", "promotion code", "coupon", "coupon code", "discount code", "voucher", "voucher code",
			"tracking code", "campaign code", "Gutscheincode", "Gutschein", "Aktionscode", "Rabattcode", "Angebotscode"}},
		{"contact_email", []string{"contact email", "contact e-mail", "invoice contact", "billing contact", "billing email",
			"Ansprechpartner E-Mail", "E-Mail Ansprechpartner", "Rechnungsempfänger E-Mail", "Kontakt E-Mail"}},
		// Line-level exports without an amount column: the amount is
		// quantity × unit price, and the rows of one invoice are summed.
		{"quantity", quantityAliases},
		{"unit_price", unitPriceAliases},
	},
	KindOrderLines: {
		{"invoice_id", invoiceAliases},
		{"line", []string{"line no", "line number", "line nr", "position", "pos", "Positionsnummer", "Posnr", "Zeile"}},
		{"sku", []string{"product id", "product code", "product number", "article", "article number", "item",
			"item number", "item code", "part number", "stock code", "Artikelnummer", "Art-Nr", "Artikel-Nr", "Artnr",
			"Materialnummer", "Material"}},
		{"product", []string{"product name", "description", "item name", "item description", "name",
			"Artikel", "Bezeichnung", "Artikelbezeichnung", "Produkt", "Leistung", "Beschreibung"}},
		{"quantity", quantityAliases},
		{"unit_price", unitPriceAliases},
		{"amount", []string{"line total", "line amount", "total", "net", "net amount", "Gesamt", "Gesamtpreis",
			"Positionsbetrag", "Betrag", "Summe", "Netto"}},
		{"unit_cost", []string{"cost", "unit cost", "cogs", "Einstandspreis", "EK", "Einkaufspreis", "Kosten"}},
	},
	KindTouchpoints: {
		{"id", []string{"ticket id", "ticket", "ticket number", "ticket no", "case id", "case number",
			"activity id", "external id", "Ticketnummer", "Ticket-Nr", "Vorgangsnummer", "Vorgang"}},
		{"customer_id", customerIDAliases},
		{"customer", customerAliases},
		{"email", cat(emailAliases, []string{"contact email", "requester", "requester email", "Kontakt-E-Mail"})},
		{"kind", []string{"type", "channel", "activity type", "ticket type", "Art", "Typ", "Kanal"}},
		{"department", []string{"team", "group", "Abteilung", "Bereich", "Team"}},
		{"date", []string{"occurred_at", "occurred at", "created", "created at", "opened", "opened at",
			"Datum", "erstellt", "erstellt am", "Eingang"}},
		{"effort_minutes", []string{"effort", "minutes", "duration", "time spent", "time spent minutes",
			"time spent (min)", "effort (min)", "Minuten", "Dauer", "Aufwand", "Aufwand (min)", "Zeitaufwand"}},
		{"effort_hours", []string{"hours", "time spent hours", "time spent (h)", "effort (h)", "Stunden",
			"Aufwand (h)", "Aufwand Stunden"}},
		{"subject", []string{"title", "summary", "topic", "Betreff", "Titel", "Thema"}},
	},
	KindMentions: mentionFields,
	// Shop fulfilments (Shopify: Name, Tracking Company, Tracking Number,
	// Tracking URL, Fulfilled at; WooCommerce Shipment Tracking: order_id,
	// tracking_provider, tracking_number, date_shipped) and carriers'
	// shipment lists (DHL, DPD, UPS: Sendungsnummer, Referenz,
	// Versanddatum, Zustelldatum, Status).
	KindShipments: {
		{"invoice_id", cat(invoiceAliases, []string{"name", "order name", "order", "order reference", "reference",
			"customer reference", "Referenz", "Kundenreferenz", "Sendungsreferenz", "Referenznummer", "Bestellung", "Bestell-Nr"})},
		{"tracking_number", []string{"tracking number", "tracking no", "tracking nr", "tracking id", "tracking code",
			"tracking", "parcel number", "consignment number", "waybill", "waybill number", "air waybill", "awb",
			"shipment number", "Sendungsnummer", "Sendungs-Nr", "Sendungsnr", "Paketnummer", "Paket-Nr",
			"Trackingnummer", "Tracking-Nummer", "Sendungsverfolgungsnummer", "Paketscheinnummer", "Frachtbriefnummer"}},
		{"shipment_id", []string{"shipment id", "fulfillment id", "fulfilment id", "delivery id", "Lieferungs-ID",
			"Versand-ID", "Lieferscheinnummer", "Lieferschein-Nr", "Lieferschein"}},
		{"carrier", []string{"tracking company", "tracking provider", "shipping carrier", "shipping company",
			"shipping provider", "courier", "carrier name", "Versanddienstleister", "Paketdienst", "Paketdienstleister",
			"Spediteur", "Frachtführer", "Transporteur", "Zusteller", "Versandart"}},
		{"tracking_url", []string{"tracking url", "tracking link", "custom tracking link", "tracking page",
			"Sendungsverfolgung", "Sendungsverfolgungslink", "Tracking-Link", "Link zur Sendungsverfolgung"}},
		{"shipped", []string{"shipped at", "shipped on", "date shipped", "ship date", "shipping date", "shipment date",
			"fulfilled at", "fulfilled on", "fulfillment date", "fulfilment date", "dispatched at", "dispatched on", "dispatch date",
			"Versanddatum", "versendet am", "Versandtag", "Einlieferungsdatum", "Einlieferung", "Abholdatum"}},
		{"delivered", []string{"delivered at", "delivered on", "date delivered", "delivery date", "Zustelldatum",
			"zugestellt am", "ausgeliefert am", "Auslieferungsdatum"}},
		{"status", []string{"shipment status", "delivery status", "tracking status", "fulfillment status",
			"fulfilment status", "Sendungsstatus", "Zustellstatus", "Lieferstatus", "Versandstatus"}},
	},
	// Marketing activities (campaigns) and the customers who met them.
	KindActivities: {
		{"activity", cat([]string{"name"}, activityAliases)},
		{"kind", []string{"type", "activity type", "campaign type", "Art", "Typ", "Maßnahmenart"}},
		{"channel", []string{"medium", "utm medium", "Kanal", "Medium"}},
		{"cost", []string{"costs", "actual cost", "spend", "amount", "Kosten", "Ist-Kosten", "Betrag", "Ausgaben"}},
		{"start", []string{"start date", "starts on", "begin", "from", "Beginn", "Startdatum", "Start", "von", "ab"}},
		{"end", []string{"end date", "ends on", "until", "to", "Ende", "Enddatum", "bis"}},
		{"code", codeAliases},
		{"marketing", []string{"is marketing", "counts as marketing", "Marketing ja/nein", "Marketing?", "ist Marketing"}},
		{"status", []string{"state", "campaign status", "Status", "Zustand", "Stand"}},
		{"objective", []string{"goal", "aim", "purpose", "Ziel", "Zielsetzung", "Zweck"}},
		{"intended_result", []string{"intended result", "expected result", "result", "desired result", "Ergebnis", "erwartetes Ergebnis", "gewünschtes Ergebnis"}},
		{"target", []string{"target value", "goal value", "Zielwert", "Zielgröße", "Soll"}},
		{"hours", []string{"time", "time spent", "hours spent", "effort hours", "Stunden", "Zeitaufwand", "Aufwand (h)", "Arbeitsstunden"}},
		{"hourly_rate", []string{"rate", "hourly rate", "rate per hour", "Stundensatz", "Stundenlohn"}},
	},
	KindActivityTouches: {
		{"customer_id", customerIDAliases},
		{"activity", activityAliases},
		{"code", codeAliases},
		{"date", []string{"touched on", "touch date", "day", "Datum", "Tag"}},
		{"method", []string{"tracking method", "how", "Methode", "Verfolgung", "Erfassung"}},
	},
}

// activityAliases name a marketing activity in both of its kinds of file,
// codeAliases its tracking code.
var (
	activityAliases = []string{"activity name", "campaign", "campaign name", "marketing activity", "Aktivität", "Maßnahme",
		"Marketingmaßnahme", "Kampagne", "Kampagnenname", "Aktion"}
	codeAliases = []string{"tracking code", "offer code", "promo code", "coupon", "utm campaign", "utm_campaign", "Code",
		"Gutscheincode", "Aktionscode", "Rabattcode"}
)

var (
	quantityAliases  = []string{"qty", "quantity ordered", "units", "Menge", "Anzahl", "Stück", "Stückzahl"}
	unitPriceAliases = []string{"price", "unit price", "price per unit", "Einzelpreis", "Preis", "Stückpreis", "VK", "Verkaufspreis"}
)

var customerGroup = requirement{"customer", []string{"customer_id", "customer", "email"}}

// kindRequired lists what each kind needs. A group is named by its first
// field in messages ("customer" stands for customer_id, customer or email).
var kindRequired = map[Kind][]requirement{
	KindAccounts:    {{"name", []string{"name"}}},
	KindContacts:    {customerGroup},
	KindOrders:      {customerGroup, {"date", []string{"date"}}, {"amount", []string{"amount", "unit_price"}}},
	KindOrderLines:  {{"invoice_id", []string{"invoice_id"}}, {"product", []string{"sku", "product"}}},
	KindTouchpoints: {customerGroup, {"date", []string{"date"}}},
	KindMentions:    mentionRequired,
	KindShipments:   {{"invoice_id", []string{"invoice_id"}}, {"shipped", []string{"shipped"}}},
	KindActivities:  {{"activity", []string{"activity"}}},
	KindActivityTouches: {{"customer_id", []string{"customer_id"}}, {"activity", []string{"activity", "code"}},
		{"date", []string{"date"}}, {"method", []string{"method"}}},
}

// aliasHit is where a header key leads.
type aliasHit struct {
	field string
	rank  int
}

// aliasIndex maps, per kind, header keys (see headerKey) to fields.
var aliasIndex = buildAliasIndex()

func buildAliasIndex() map[Kind]map[string]aliasHit {
	idx := make(map[Kind]map[string]aliasHit, len(kindFields))
	for kind, fields := range kindFields {
		m := make(map[string]aliasHit)
		for _, f := range fields {
			for rank, a := range append([]string{f.name}, f.aliases...) {
				k := headerKey(a)
				if _, dup := m[k]; !dup {
					m[k] = aliasHit{f.name, rank}
				}
			}
		}
		idx[kind] = m
	}
	return idx
}

// headerKey reduces a header to what matching compares: folded (lower case,
// no accents) and without anything but letters and digits.
func headerKey(s string) string {
	f := crm.Fold(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, f)
}

// Fields returns the field names of a kind, and which are required. A
// required name may stand for a group: "customer" means one of customer_id,
// customer or email; for order-lines "product" means sku or product.
func Fields(kind Kind) (all []string, required []string) {
	for _, f := range kindFields[kind] {
		all = append(all, f.name)
	}
	for _, r := range kindRequired[kind] {
		required = append(required, r.name)
	}
	return all, required
}

// resolveField finds our field for a name given on the command line: a field
// name or any alias of one.
func resolveField(kind Kind, name string) (string, bool) {
	hit, ok := aliasIndex[kind][headerKey(name)]
	return hit.field, ok
}

// findHeader returns the column of a header named on the command line: an
// exact match first, then one that matches after folding.
func findHeader(header []string, name string) int {
	if i := slices.Index(header, name); i >= 0 {
		return i
	}
	k := headerKey(name)
	for i, h := range header {
		if headerKey(h) == k {
			return i
		}
	}
	return -1
}

// MapHeader maps a header row for a kind using aliases (English and German,
// case- and accent-insensitive, ignoring spaces and punctuation) and
// overrides (header as in the file → field; field "" or "-" ignores the
// column). A missing required field, an unknown override field or an
// override naming no column is an *crm.Error with code crm.EINVALID, e.g.
//
//	orders.csv: no column for "customer" (required); headers found: "Datum", "Betrag", "Beleg". Use --map HEADER=customer.
func MapHeader(kind Kind, header []string, overrides map[string]string, file string) (Mapping, error) {
	return mapHeader(kind, header, overrides, file, false)
}

// mapHeader is MapHeader; form words the advice for the web import form.
func mapHeader(kind Kind, header []string, overrides map[string]string, file string, form bool) (Mapping, error) {
	file = fileName(file)
	idx, ok := aliasIndex[kind]
	if !ok {
		return nil, crm.Errorf(crm.EINVALID, "unknown kind %q (want accounts, contacts, orders, order-lines, touchpoints or mentions)", kind)
	}
	m := make(Mapping)
	taken := make([]bool, len(header))
	fixed := make(map[string]bool)

	hs := make([]string, 0, len(overrides))
	for h := range overrides {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	for _, h := range hs {
		f := overrides[h]
		col := findHeader(header, h)
		if col < 0 {
			return nil, overrideError(form, file, h, f, "no column %q; headers found: %s", h, foundList(header))
		}
		taken[col] = true
		if f = strings.TrimSpace(f); f == "" || f == "-" {
			continue
		}
		name, ok := resolveField(kind, f)
		if !ok {
			all, _ := Fields(kind)
			return nil, overrideError(form, file, h, f, "unknown field %q for %s; fields: %s", f, kind, strings.Join(all, ", "))
		}
		m[name] = col
		fixed[name] = true
	}

	rank := make(map[string]int)
	for i, h := range header {
		if taken[i] {
			continue
		}
		hit, ok := idx[headerKey(h)]
		if !ok || fixed[hit.field] {
			continue
		}
		if r, seen := rank[hit.field]; seen && r <= hit.rank {
			continue
		}
		m[hit.field] = i
		rank[hit.field] = hit.rank
	}

	if err := requireFields(kind, m, nil, header, file, form); err != nil {
		return nil, err
	}
	return m, nil
}

// requireFields checks that m (with the fields a profile sets) has every
// field kind requires.
func requireFields(kind Kind, m Mapping, sets []string, header []string, file string, form bool) error {
	var missing []string
	for _, r := range kindRequired[kind] {
		if !slices.ContainsFunc(r.anyOf, func(f string) bool { _, ok := m[f]; return ok || slices.Contains(sets, f) }) {
			missing = append(missing, r.name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	hint := "FIELD"
	if len(missing) == 1 {
		hint = missing[0]
	}
	advice := "Use --map HEADER=" + hint + "."
	if form {
		advice = "Choose its column in the mapping."
	}
	return &MissingColumnError{
		err: crm.Errorf(crm.EINVALID, "%s: no column for %s (required); headers found: %s. %s",
			file, quoteList(missing), foundList(header), advice),
		Missing: missing, Header: header, Mapping: maps.Clone(m)}
}

// MissingColumnError is the error of a header that has no column for a
// field the kind requires. It keeps what was recognised, so that a form
// can ask for the missing field alone. Its code is crm.EINVALID.
type MissingColumnError struct {
	err *crm.Error
	// Missing names the required fields without a column, a group by the
	// name Fields returns for it ("customer", "amount").
	Missing []string
	Header  []string
	Mapping Mapping // the columns that were recognised
}

func (e *MissingColumnError) Error() string { return e.err.Error() }
func (e *MissingColumnError) Unwrap() error { return e.err }

// foundList lists the non-empty headers for a message.
func foundList(header []string) string {
	var hs []string
	for _, h := range header {
		if h != "" {
			hs = append(hs, h)
		}
	}
	if len(hs) == 0 {
		return "none"
	}
	return quoteList(hs)
}

// overrideError is the error of the mapping of header h to field f: named
// as the command line's --map, or for the web form as the column's choice.
func overrideError(form bool, file, h, f, format string, args ...any) error {
	what := fmt.Sprintf("--map %s=%s", h, f)
	if form {
		what = fmt.Sprintf("the column %q as %q", h, f)
	}
	return crm.Errorf(crm.EINVALID, "%s: %s: %s", file, what, fmt.Sprintf(format, args...))
}
