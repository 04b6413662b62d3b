package crm_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

func TestNormalizeIdentity(t *testing.T) {
	tests := []struct {
		kind, in, want string // want "" = invalid
	}{
		{"email", " Jo@ACME.de ", "jo@acme.de"},
		{"email", "mailto:jo@acme.de", "jo@acme.de"},
		{"email", "jo@", ""},
		{"phone", "+49 (0) 89 123-45", "+498912345"},
		{"phone", "089 / 123 45", "08912345"},
		{"phone", "n/a", ""},
		{"phone", "12", ""},
		{"linkedin", "https://www.linkedin.com/in/Jane-Doe/", "jane-doe"},
		{"linkedin", "de.linkedin.com/in/jane-doe?trk=x", "jane-doe"},
		{"linkedin", "jane-doe", "jane-doe"},
		{"linkedin", "  ", ""},
		{"x", "@JaneDoe", "janedoe"},
		{"x", "https://twitter.com/JaneDoe", "janedoe"},
		{"x", "https://x.com/janedoe/status/1?s=20", "janedoe"},
		{"instagram", "https://www.instagram.com/Acme.Shop/", "acme.shop"},
		{"youtube", "jane doe", ""},
		{"fax", "123", ""},
	}
	for _, tc := range tests {
		got, err := crm.NormalizeIdentity(tc.kind, tc.in)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("NormalizeIdentity(%q, %q) = %q, %v; want %q", tc.kind, tc.in, got, err, tc.want)
		}
		if err != nil && crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("NormalizeIdentity(%q, %q): error code %s, want invalid", tc.kind, tc.in, crm.ErrorCode(err))
		}
	}
}

// TestNormalizeIdentityAsTheImporter: an identity typed into the API is
// stored as the contact importer stores the same cell, so that an import
// and the API recognise the same person.
func TestNormalizeIdentityAsTheImporter(t *testing.T) {
	cells := []struct{ email, phone, linkedin, x string }{
		{" Jo@ACME.de", "+49 (0) 89 123-45", "https://www.linkedin.com/in/Jo-Acme/", "@JoAcme"},
		{"ann@brandt.de", "0049 89 / 55 66", "de.linkedin.com/in/ann-b?trk=x", "https://twitter.com/AnnB"},
	}
	var csv strings.Builder
	csv.WriteString("customer,name,email,phone,linkedin,x\n")
	for i, c := range cells {
		fmt.Fprintf(&csv, "Acme,P%d,%s,%s,%s,%s\n", i, c.email, c.phone, c.linkedin, c.x)
	}
	res, err := ingest.ReadContacts(strings.NewReader(csv.String()), ingest.Options{File: "contacts.csv"})
	if err != nil || len(res.Errors) > 0 || len(res.Records) != len(cells) {
		t.Fatalf("import: %v %v %d records", err, res.Errors, len(res.Records))
	}
	for i, c := range cells {
		imported := map[string]string{}
		for _, idn := range res.Records[i].Contact.Identities {
			imported[idn.Kind] = idn.Value
		}
		for kind, raw := range map[string]string{"email": c.email, "phone": c.phone, "linkedin": c.linkedin, "x": c.x} {
			got, err := crm.NormalizeIdentity(kind, raw)
			if err != nil || got != imported[kind] {
				t.Errorf("%s %q: NormalizeIdentity gives %q (%v), the importer %q", kind, raw, got, err, imported[kind])
			}
		}
	}
}
