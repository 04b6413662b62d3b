package ingest

import (
	"io"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ReadAccounts reads an accounts (customers) file. Each row needs a name;
// a customer id, when given, must be unique in the file. A referrer is read
// as the customer id of another row of the file, an email, a bare number
// (an id) or else a name. Status defaults to active.
func ReadAccounts(r io.Reader, opt Options) (*Result[crm.AccountRecord], error) {
	t, b, err := open(r, KindAccounts, opt)
	if err != nil {
		return nil, err
	}
	var (
		cID       = t.slot("customer_id")
		cName     = t.slot("name")
		cDomain   = t.slot("domain")
		cEmail    = t.slot("email")
		cSegment  = t.slot("segment")
		cIndustry = t.slot("industry")
		cSize     = t.slot("size_class")
		cRegion   = t.slot("region")
		cOwner    = t.slot("owner")
		cSource   = t.slot("acquisition_source")
		cHeard    = t.slot("heard_about")
		cReferrer = t.slot("referred_by")
		cCode     = t.slot("referral_code")
		cStatus   = t.slot("status")
		acquired  = b.dateCol("acquired_at")
		firstLine = make(map[string]int)
	)
	if cID >= 0 {
		for i := range t.rows() {
			if id := t.cell(i, cID); id != "" {
				if _, ok := firstLine[id]; !ok {
					firstLine[id] = t.lines[i]
				}
			}
		}
	}
	recs := make([]crm.AccountRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		id := b.cell(cID)
		if l := firstLine[id]; id != "" && l != b.line {
			b.fail("customer_id", "duplicate %q (first on line %d)", id, l)
		}
		name := b.cell(cName)
		if name == "" {
			b.fail("name", "missing")
		}
		var domain string
		if s := b.cell(cDomain); s != "" {
			domain = crm.NormalizeDomain(s)
			if !strings.Contains(domain, ".") || strings.ContainsAny(domain, " ,;") {
				b.fail("domain", "not a domain: %q", s)
			}
		}
		email := b.email(cEmail, "email")
		status := crm.AccountActive
		if s := b.cell(cStatus); s != "" {
			var ok bool
			if status, ok = accountStatus(s); !ok {
				b.fail("status", "unknown %q (want active or inactive)", s)
			}
		}
		at := b.date(acquired, "acquired_at", false)
		referrer := referrerRef(b.cell(cReferrer), firstLine)
		code := b.cell(cCode)
		if code != "" && crm.NormalizeReferralCode(code) == "" {
			b.fail("referral_code", "not a referral code: %q", code)
		}
		if !b.ok {
			continue
		}
		recs = append(recs, crm.AccountRecord{
			Line: b.line,
			Account: crm.Account{
				ExternalID:        id,
				Name:              name,
				Domain:            domain,
				Segment:           b.cell(cSegment),
				Industry:          b.cell(cIndustry),
				SizeClass:         b.cell(cSize),
				Region:            b.cell(cRegion),
				Owner:             b.cell(cOwner),
				AcquiredAt:        at,
				AcquisitionSource: b.cell(cSource),
				HeardAbout:        b.cell(cHeard),
				Status:            status,
			},
			Email:        email,
			ReferredBy:   referrer,
			ReferralCode: code,
		})
	}
	return finish(b, recs), nil
}

// accountStatus reads an account status in English or German.
func accountStatus(s string) (string, bool) {
	switch headerKey(s) {
	case "active", "aktiv", "current", "customer", "kunde", "yes", "ja", "true", "1":
		return crm.AccountActive, true
	case "inactive", "inaktiv", "churned", "lost", "former", "formercustomer", "ehemalig", "ehemaligerkunde",
		"gekundigt", "closed", "cancelled", "canceled", "lapsed", "dormant", "no", "nein", "false", "0":
		return crm.AccountInactive, true
	}
	return "", false
}

// referrerRef reads who referred an account: a customer id of the file, an
// email, a value without letters (an id), or a name.
func referrerRef(s string, ids map[string]int) crm.AccountRef {
	switch {
	case s == "":
		return crm.AccountRef{}
	case ids[s] > 0:
		return crm.AccountRef{ExternalID: s}
	case strings.Contains(s, "@"):
		if e := crm.NormalizeEmail(s); e != "" {
			return crm.AccountRef{Email: e}
		}
	case !strings.ContainsFunc(s, func(r rune) bool { return r > 0x7f || isLetter(byte(r)) }):
		return crm.AccountRef{ExternalID: s}
	}
	return crm.AccountRef{Name: s}
}
