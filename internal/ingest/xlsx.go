package ingest

import (
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// maxUnzipped bounds what a workbook may unpack to: an upload's limit many
// times over, never a zip bomb's.
const maxUnzipped = 2 << 30

// IsWorkbook reports whether a file that begins with head is an Excel
// workbook: an .xlsx (a zip archive) or an old .xls.
func IsWorkbook(head []byte) bool {
	return bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0"))
}

// workbookCSV reads one sheet of an .xlsx workbook (the first, or the one
// named sheet) as CSV, row for row, so that line N of the CSV is row N of
// the sheet. Cells read as Excel shows them, except that dates in the
// short date format read as 2024-03-05, whatever the workbook's locale.
func workbookCSV(data []byte, sheet, file string) (out []byte, err error) {
	defer func() {
		// The workbook is the user's, perhaps hostile: a reader that
		// panics on it fails the read, not the process.
		if p := recover(); p != nil {
			out, err = nil, crm.Errorf(crm.EINVALID, "%s: cannot read the workbook (%v); export the sheet as CSV", file, p)
		}
	}()
	if bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")) {
		return nil, crm.Errorf(crm.EINVALID, "%s: an Excel 97–2003 workbook (.xls) or another old Office file: save it as .xlsx or CSV and import that", file)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipped, ShortDatePattern: "yyyy-mm-dd", LongDatePattern: "yyyy-mm-dd"})
	if err != nil {
		return nil, crm.Errorf(crm.EINVALID, "%s: a zip archive but not a readable .xlsx workbook (%v); export the sheet as CSV, or unzip the archive and import the file inside", file, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, crm.Errorf(crm.EINVALID, "%s: the workbook has no sheets", file)
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if i := indexFold(sheets, sheet); i >= 0 {
		sheet = sheets[i]
	} else {
		return nil, crm.Errorf(crm.EINVALID, "%s: no sheet %q; its sheets: %s", file, sheet, quoteList(sheets))
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, crm.Errorf(crm.EINVALID, "%s: sheet %q: %v", file, sheet, err)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, row := range rows {
		if len(row) == 0 {
			row = []string{""} // an empty row keeps its line
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// indexFold returns the index of the name in names that equals name in any
// case, or -1.
func indexFold(names []string, name string) int {
	for i, n := range names {
		if strings.EqualFold(n, name) {
			return i
		}
	}
	return -1
}
