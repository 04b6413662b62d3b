package ingest

import (
	"archive/zip"
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// testdata/xlsx/orders.xlsx is written by testdata/xlsx/make.py (see its
// comment for the cells), independently of the reader.
func TestReadOrdersWorkbook(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "xlsx/orders.xlsx"), Options{File: "orders.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	want := []crm.OrderRecord{
		{Line: 2, Account: crm.AccountRef{Name: "Müller GmbH"},
			Order: crm.Order{ExternalID: "R-1", OrderedAt: day(2024, 3, 5), Amount: cents(1234.5)}},
		{Line: 4, Account: crm.AccountRef{Name: "Weber KG"},
			Order: crm.Order{ExternalID: "R-2", OrderedAt: day(2024, 3, 12), Amount: cents(-120.25)}},
		{Line: 5, Account: crm.AccountRef{Name: "Müller GmbH"},
			Order: crm.Order{ExternalID: "R-3", OrderedAt: day(2024, 4, 2), Amount: cents(99.99)}},
	}
	if !reflect.DeepEqual(res.Records, want) {
		t.Errorf("records:\n got  %+v\n want %+v", res.Records, want)
	}

	// The second sheet, named in any case; its row 2 is line 2.
	res, err = ReadOrders(mustOpen(t, "xlsx/orders.xlsx"), Options{File: "orders.xlsx", Sheet: "notizen"})
	if err != nil {
		t.Fatal(err)
	}
	want = []crm.OrderRecord{{Line: 2, Account: crm.AccountRef{Name: "Other AG"},
		Order: crm.Order{ExternalID: res.Records[0].Order.ExternalID, OrderedAt: day(2024, 1, 1), Amount: cents(5)}}}
	if !reflect.DeepEqual(res.Records, want) {
		t.Errorf("sheet Notizen:\n got  %+v\n want %+v", res.Records, want)
	}
}

func TestReadWorkbookRefused(t *testing.T) {
	var notXLSX bytes.Buffer
	z := zip.NewWriter(&notXLSX)
	w, _ := z.Create("orders.csv")
	w.Write([]byte("customer,date,amount\nAcme,2024-01-01,5\n"))
	z.Close()
	tests := []struct {
		name string
		data []byte
		opt  Options
		want string
	}{
		{"unknown sheet", nil, Options{Sheet: "Tabelle3"}, `orders.xlsx: no sheet "Tabelle3"; its sheets: "Rechnungen", "Notizen"`},
		{"old .xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), Options{}, "orders.xlsx: an Excel 97–2003 workbook (.xls)"},
		{"a zipped CSV", notXLSX.Bytes(), Options{}, "orders.xlsx: a zip archive but not a readable .xlsx workbook"},
		{"a cut-off workbook", nil, Options{}, "orders.xlsx: a zip archive but not a readable .xlsx workbook"},
	}
	full, err := os.ReadFile("testdata/xlsx/orders.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			switch tt.name {
			case "unknown sheet":
				data = full
			case "a cut-off workbook":
				data = full[:len(full)/2]
			}
			tt.opt.File = "orders.xlsx"
			_, err := ReadOrders(bytes.NewReader(data), tt.opt)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("got %v, want an EINVALID error starting %q", err, tt.want)
			}
		})
	}
}
