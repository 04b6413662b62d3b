package analyze

// TEMPORARY: stands in for package internal/ingest (being written in
// parallel) with the same names and signatures. Delete this file and import
// internal/ingest once it lands.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

type shimKind int

type shimMapping map[string]int

type ingestShim struct{ KindOrders shimKind }

var ingest = ingestShim{KindOrders: 1}

var shimAliases = map[string][]string{
	"customer_id": {"customer_id", "customerid", "cust_id", "client_id", "account_id", "cust", "id"},
	"customer":    {"customer", "customer_name", "name", "company", "account", "client"},
	"date":        {"date", "order_date", "invoice_date"},
	"amount":      {"amount", "sales", "revenue", "total", "price", "value"},
	"invoice_id":  {"invoice_id", "invoice", "order_id"},
	"currency":    {"currency"},
	"email":       {"email"},
}

func (ingestShim) MapHeader(kind shimKind, header []string, overrides map[string]string, file string) (shimMapping, error) {
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	m := shimMapping{}
	for field, names := range shimAliases {
		for _, n := range names {
			if i, ok := col[n]; ok {
				m[field] = i
				break
			}
		}
	}
	for k, v := range overrides {
		field, column := k, v
		if _, ok := shimAliases[k]; !ok {
			field, column = v, k
		}
		i, ok := col[strings.ToLower(column)]
		if !ok {
			return nil, fmt.Errorf("%s: no column %q", file, column)
		}
		m[field] = i
	}
	_, id := m["customer_id"]
	_, name := m["customer"]
	if !id && !name {
		return nil, fmt.Errorf("%s: no customer column", file)
	}
	for _, f := range []string{"date", "amount"} {
		if _, ok := m[f]; !ok {
			return nil, fmt.Errorf("%s: no %s column", file, f)
		}
	}
	return m, nil
}

func (ingestShim) SniffDelimiter(sample []byte) rune {
	line := string(sample)
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	best, n := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		if c := strings.Count(line, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}

func (ingestShim) ParseAmount(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty amount")
	}
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case dot >= 0 && comma >= 0 && comma > dot:
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case dot >= 0 && comma >= 0:
		s = strings.ReplaceAll(s, ",", "")
	case comma >= 0 && len(s)-comma-1 != 3:
		s = strings.Replace(s, ",", ".", 1)
	case comma >= 0:
		s = strings.ReplaceAll(s, ",", "")
	case dot >= 0 && strings.Count(s, ".") > 1:
		s = strings.ReplaceAll(s, ".", "")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return f, nil
}

var shimLayouts = []string{"2006-01-02", "20060102", "02.01.2006", "01/02/2006", "02/01/2006", "2006/01/02", "2006-01-02 15:04:05", time.RFC3339}

func (ingestShim) DetectDateLayout(values []string) (string, error) {
	var ok []string
	for _, l := range shimLayouts {
		good := true
		for _, v := range values {
			if _, err := time.Parse(l, strings.TrimSpace(v)); err != nil {
				good = false
				break
			}
		}
		if good {
			ok = append(ok, l)
		}
	}
	switch len(ok) {
	case 0:
		return "", errors.New("unknown date format")
	case 1:
		return ok[0], nil
	}
	return "", fmt.Errorf("ambiguous date format: %s", strings.Join(ok, " or "))
}

func (ingestShim) ParseDate(s, layout string) (time.Time, error) {
	return time.Parse(layout, strings.TrimSpace(s))
}
