package crm

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s and strips accents and surrounding space: "Müller " → "muller".
// German umlauts fold to their base letter so that "Mueller" and "Müller" do
// not match, but header and name matching is accent-insensitive.
func Fold(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == 'ß' {
			b.WriteString("ss")
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// legalForms are company suffixes ignored when names are compared.
var legalForms = map[string]bool{
	"gmbh": true, "ag": true, "kg": true, "ohg": true, "ug": true, "ev": true, "co": true,
	"inc": true, "llc": true, "ltd": true, "limited": true, "corp": true, "corporation": true,
	"plc": true, "sa": true, "sarl": true, "bv": true, "nv": true, "srl": true, "spa": true,
	"kgaa": true, "se": true, "mbh": true, "company": true, "the": true,
}

// NormalizeName reduces a company name to a comparison key: folded, without
// punctuation or legal forms. "ACME GmbH & Co. KG" → "acme".
func NormalizeName(name string) string {
	f := Fold(name)
	words := strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	kept := words[:0]
	for _, w := range words {
		if !legalForms[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return strings.Join(words, " ")
	}
	return strings.Join(kept, " ")
}

// NormalizeEmail lower-cases and trims an email address; "" if it has no @.
func NormalizeEmail(email string) string {
	e := strings.ToLower(strings.TrimSpace(email))
	e = strings.TrimPrefix(e, "mailto:")
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || at == len(e)-1 {
		return ""
	}
	return e
}

// EmailDomain returns the domain of an email address, "" if there is none.
func EmailDomain(email string) string {
	e := NormalizeEmail(email)
	if e == "" {
		return ""
	}
	return e[strings.LastIndexByte(e, '@')+1:]
}

// NormalizeDomain reduces a web address or domain to its host: "https://www.Acme.de/" → "acme.de".
func NormalizeDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	if i := strings.Index(d, "://"); i >= 0 {
		d = d[i+3:]
	}
	if i := strings.IndexAny(d, "/?#"); i >= 0 {
		d = d[:i]
	}
	if at := strings.LastIndexByte(d, '@'); at >= 0 {
		d = d[at+1:]
	}
	return strings.TrimPrefix(d, "www.")
}

var freeMail = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "yahoo.com": true, "yahoo.de": true, "hotmail.com": true,
	"hotmail.de": true, "outlook.com": true, "outlook.de": true, "live.com": true, "live.de": true,
	"msn.com": true, "icloud.com": true, "me.com": true, "mac.com": true, "aol.com": true,
	"gmx.de": true, "gmx.net": true, "gmx.at": true, "gmx.ch": true, "web.de": true, "t-online.de": true,
	"freenet.de": true, "posteo.de": true, "mailbox.org": true, "protonmail.com": true, "proton.me": true,
	"yandex.com": true, "mail.com": true, "zoho.com": true, "arcor.de": true, "bluewin.ch": true,
}

// IsFreeMail reports whether domain belongs to a free-mail provider, whose
// addresses say nothing about the company.
func IsFreeMail(domain string) bool { return freeMail[strings.ToLower(domain)] }
