package crm

import (
	"errors"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"legal forms and punctuation", NormalizeName("ACME GmbH & Co. KG"), "acme"},
		{"accents", NormalizeName("Müller Maschinenbau AG"), "muller maschinenbau"},
		{"eszett", NormalizeName("Großhandel Süd"), "grosshandel sud"},
		{"only a legal form stays", NormalizeName("GmbH"), "gmbh"},
		{"english forms", NormalizeName("The Northwind Trading Co., Ltd."), "northwind trading"},
		{"fold", Fold("  ÄrgerLICH "), "argerlich"},
		{"email", NormalizeEmail(" Mailto:Eva.Klein@Brandt.DE "), "eva.klein@brandt.de"},
		{"not an email", NormalizeEmail("eva at brandt"), ""},
		{"email domain", EmailDomain("eva@brandt.de"), "brandt.de"},
		{"url to domain", NormalizeDomain("https://www.Acme.de/kontakt?x=1"), "acme.de"},
		{"email to domain", NormalizeDomain("info@acme.de"), "acme.de"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if !IsFreeMail("GMX.de") || IsFreeMail("brandt.de") {
		t.Error("IsFreeMail: gmx.de is free mail, brandt.de is not")
	}
}

func TestRowErrors(t *testing.T) {
	errs := RowErrors{{File: "a.csv", Line: 3, Field: "amount", Reason: "not a number"}, {Line: 4, Reason: "row has 2 cells"}}
	if got, want := errs[0].Error(), "a.csv:3: amount: not a number"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := errs[1].Error(), "-:4: row has 2 cells"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := errs.Error(), "a.csv:3: amount: not a number (and 1 more)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if ErrorCode(Errorf(ENOTFOUND, "x")) != ENOTFOUND || ErrorCode(errs) != EINVALID || ErrorCode(errors.New("boom")) != EINTERNAL || ErrorCode(nil) != "" {
		t.Error("ErrorCode")
	}
}
