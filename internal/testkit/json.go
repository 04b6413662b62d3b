package testkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ObjectKeys returns the top-level keys of a JSON object in document order.
func ObjectKeys(tb testing.TB, doc []byte) []string {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		tb.Fatalf("not a JSON object: %s", doc)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			tb.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			tb.Fatal(err)
		}
	}
	return keys
}

// SameJSON returns nil when two JSON documents are equal, numbers within a
// relative 1e-9 (SQLite and PostgreSQL may sum floats in another order),
// else an error naming the first difference by its path.
func SameJSON(a, b []byte) error {
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &y); err != nil {
		return err
	}
	return sameValue("$", x, y)
}

func sameValue(path string, x, y any) error {
	switch xv := x.(type) {
	case float64:
		yv, ok := y.(float64)
		if !ok || math.Abs(xv-yv) > 1e-9*math.Max(1, math.Abs(xv)) {
			return fmt.Errorf("%s: %v vs %v", path, x, y)
		}
	case map[string]any:
		yv, ok := y.(map[string]any)
		if !ok || len(xv) != len(yv) {
			return fmt.Errorf("%s: %v vs %v", path, x, y)
		}
		for k := range xv {
			if err := sameValue(path+"."+k, xv[k], yv[k]); err != nil {
				return err
			}
		}
	case []any:
		yv, ok := y.([]any)
		if !ok || len(xv) != len(yv) {
			return fmt.Errorf("%s: %v vs %v", path, x, y)
		}
		for i := range xv {
			if err := sameValue(fmt.Sprintf("%s[%d]", path, i), xv[i], yv[i]); err != nil {
				return err
			}
		}
	default:
		if !reflect.DeepEqual(x, y) {
			return fmt.Errorf("%s: %v vs %v", path, x, y)
		}
	}
	return nil
}

// Cents is v units of a currency as crm.Money, for test tables written in
// units (1234.56); it panics on an amount Money cannot hold.
func Cents(v float64) crm.Money {
	m, err := crm.MoneyFromFloat(v)
	if err != nil {
		panic(err)
	}
	return m
}

// Day is the date s (YYYY-MM-DD) at midnight UTC; it panics on a bad date.
func Day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
