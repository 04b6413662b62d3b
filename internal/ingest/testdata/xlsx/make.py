#!/usr/bin/env python3
"""Writes orders.xlsx, a workbook laid out as Excel saves one (shared
strings, a styles part with a built-in short date format 14, a custom
dd.mm.yyyy format and a currency format), with a second sheet. Written with
the standard library only, independently of the reader under test.

Sheet "Rechnungen" (the first):
  row 1: Kunde | Rechnungsnummer | Datum (format 14) | Betrag (#,##0.00) | Leistungsdatum (dd.mm.yyyy)
  row 2: Müller GmbH | R-1 | 2024-03-05 | 1234.5  | 2024-03-01
  row 3: (empty)
  row 4: Weber KG   | R-2 | 2024-03-12 | -120.25 | 2024-03-10
  row 5: Müller GmbH | R-3 | 2024-04-02 | 99.99  | 2024-03-30
Sheet "Notizen": row 1: customer | date | amount ; row 2: Other AG | 2024-01-01 | 5
"""
import datetime
import zipfile

def serial(d):
    return (d - datetime.date(1899, 12, 30)).days

strings = ["Kunde", "Rechnungsnummer", "Datum", "Betrag", "Leistungsdatum",
           "Müller GmbH", "R-1", "Weber KG", "R-2", "R-3",
           "customer", "date", "amount", "Other AG"]
S = {s: i for i, s in enumerate(strings)}

def s(ref, text):
    return f'<c r="{ref}" t="s"><v>{S[text]}</v></c>'

def n(ref, v, style=0):
    st = f' s="{style}"' if style else ''
    return f'<c r="{ref}"{st}><v>{v}</v></c>'

rows1 = [
    (1, [s("A1", "Kunde"), s("B1", "Rechnungsnummer"), s("C1", "Datum"), s("D1", "Betrag"), s("E1", "Leistungsdatum")]),
    (2, [s("A2", "Müller GmbH"), s("B2", "R-1"), n("C2", serial(datetime.date(2024, 3, 5)), 1), n("D2", 1234.5, 2), n("E2", serial(datetime.date(2024, 3, 1)), 3)]),
    (4, [s("A4", "Weber KG"), s("B4", "R-2"), n("C4", serial(datetime.date(2024, 3, 12)), 1), n("D4", -120.25, 2), n("E4", serial(datetime.date(2024, 3, 10)), 3)]),
    (5, [s("A5", "Müller GmbH"), s("B5", "R-3"), n("C5", serial(datetime.date(2024, 4, 2)), 1), n("D5", 99.99, 2), n("E5", serial(datetime.date(2024, 3, 30)), 3)]),
]
rows2 = [
    (1, [s("A1", "customer"), s("B1", "date"), s("C1", "amount")]),
    (2, [s("A2", "Other AG"), n("B2", serial(datetime.date(2024, 1, 1)), 1), n("C2", 5)]),
]

def sheet(rows):
    body = "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in rows)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{body}</sheetData></worksheet>')

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {NS} {RNS}><sheets>'
        '<sheet name="Rechnungen" sheetId="1" r:id="rId1"/><sheet name="Notizen" sheetId="2" r:id="rId2"/>'
        '</sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>',
    "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {NS}>'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '</styleSheet>',
    "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{x}</t></si>" for x in strings) + '</sst>',
    "xl/worksheets/sheet1.xml": sheet(rows1),
    "xl/worksheets/sheet2.xml": sheet(rows2),
}
with zipfile.ZipFile("orders.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, body in files.items():
        z.writestr(name, body.encode("utf-8"))
