package ingest

import (
	"bytes"
	"testing"
)

// TestTemplatesReadClean: every kind has a template in both languages
// whose every column the import recognises and whose rows read without a
// problem.
func TestTemplatesReadClean(t *testing.T) {
	for _, kind := range Kinds() {
		for _, german := range []bool{false, true} {
			var b bytes.Buffer
			if err := WriteTemplate(&b, kind, german); err != nil {
				t.Fatalf("%s (german %v): %v", kind, german, err)
			}
			s, err := Preview(b.Bytes(), kind, Options{File: "template.csv"}, 10)
			if err != nil || s.MapErr != nil || s.Profile != nil {
				t.Fatalf("%s (german %v): %v %v %v", kind, german, err, s.MapErr, s.Profile)
			}
			if len(s.Mapping) != len(s.Header) {
				t.Errorf("%s (german %v): %d of %d columns recognised: %v of %q", kind, german, len(s.Mapping), len(s.Header), s.Mapping, s.Header)
			}
			if len(s.Errors) > 0 || len(s.Rows) != 2 {
				t.Errorf("%s (german %v): %d rows, problems %v", kind, german, len(s.Rows), s.Errors)
			}
		}
	}
}
