#!/usr/bin/env python3
"""Writes the crafted `xlsx` seeds, `seeds/xlsx/xlsx-crafted-*.xlsx` (session 22; fuzz/README.md).

Usage: python3 fuzz/craft_xlsx_seeds.py fuzz/seeds/xlsx/cases.xlsx fuzz/seeds/xlsx

Each seed is `cases.xlsx` with one change the fuzzer had not reached in about 100 M executions:
numbers the float and integer parsers find hard, a rich `styles.xml` and theme, zip extra fields
with correct lengths and CRCs, cell kinds (shared strings, booleans, Excel errors, ISO dates,
formulas), and workbook layouts calamine supports. The output is deterministic (fixed timestamps),
so running it again rewrites the same files. Hand-written zip variants (data descriptors, stored
entries, each deflate strategy, a comment, bytes before the archive, directory entries, the
encryption flag, a repeated or non-UTF-8 name) were tried too and reached nothing the seeds did
not, so they are not written.
"""
import struct
import sys
import zipfile
import zlib
from pathlib import Path

BASE = Path(sys.argv[1])  # cases.xlsx
OUT = Path(sys.argv[2])
OUT.mkdir(parents=True, exist_ok=True)

with zipfile.ZipFile(BASE) as z:
    PARTS = {i.filename: z.read(i.filename) for i in z.infolist()}

SHEET_HEAD, SHEET_TAIL = PARTS["xl/worksheets/sheet1.xml"].decode().split("</sheetData>")


def sheet_with_rows(rows_xml):
    return (SHEET_HEAD + rows_xml + "</sheetData>" + SHEET_TAIL).encode()


def write(name, parts, extra=None, force_zip64=False, names=None):
    """parts: dict name -> bytes; extra: dict name -> extra bytes (local and central)."""
    path = OUT / f"xlsx-crafted-{name}.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            info = zipfile.ZipInfo((names or {}).get(part, part), date_time=(2026, 12, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if extra and part in extra:
                info.extra = extra[part]
            with z.open(info, "w", force_zip64=force_zip64) as f:
                f.write(data)
    print(path.name, path.stat().st_size)


def number_rows(values, start=6, typed=False):
    out = []
    for i, v in enumerate(values):
        r = start + i
        t = ' t="n"' if typed and i % 2 else ""
        out.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>q{r}</t></is></c>'
            f'<c r="B{r}"{t}><v>{v}</v></c><c r="F{r}"><v>{v}</v></c></row>'
        )
    return "".join(out)


# Decimal strings near a halfway point between two doubles, or with more than 19 significant
# digits: the cases where the fast (Clinger, Eisel-Lemire) algorithms give up and the slow,
# big-decimal path decides.
HALFWAY = [
    "9007199254740993", "9007199254740992.5", "7.2057594037927933e16",
    "1.00000000000000011102230246251565404236316680908203125",
    "1.00000000000000011102230246251565404236316680908203124",
    "1.00000000000000011102230246251565404236316680908203126",
    "1e23", "8.589973e9", "2.2250738585072011e-308", "2.2250738585072012e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "1.7976931348623158e308", "1.7976931348623157e308", "179769313486231580793728971405301e276",
    "0.1000000000000000055511151231257827021181583404541015625",
    "123456789012345678901234567890", "12345678901234567890.123456789e-5",
    "9999999999999999999", "18446744073709551616", "3.14159265358979323846264338327950288419716939937510",
]
SUBNORMAL = [
    "1e-400", "1e-324", "5e-324", "1e-320", "1e-310", "2e-308", "1e308", "1e309", "1e400",
    "1E-0000000000000000000000308", "1e+00000000000000000001", "0e999999999", "0.0e-999999999",
    "-1e-400", "-1e400", "4.940656458412465441765687928682213723651e-324",
    "1.797693134862315807937289714053034150799341327710e308",
    "0.000000000000000000000000000000000000000000000000000000000000000000000000000001",
    "100000000000000000000000000000000000000000000000000000000000000000000000000000e-78",
]
LONG = [
    "1." + "0" * 800 + "1",
    "0." + "0" * 340 + "4940656458412465441765687928682213723650598026143247644255856825006755",
    "9" * 780,
    "1" + "0" * 790 + "e-790",
    "2." + "2250738585072011360574097967091319759348195463516456480234261" * 14 + "e-308",
    "7.2057594037927932" + "0" * 700 + "1e16",
]
SPECIAL = [
    "inf", "-inf", "+inf", "infinity", "-Infinity", "INF", "nan", "NaN", "-nan", "+NAN",
    "infinit", "na", ".5", "5.", "-.5e-3", "+.e1", ".", "-", "+", "1e", "1e+", "1e-", "e5",
    "0x10", "1_000", "1,5", " 1", "1 ", "00000000000000000000001.5", "-0", "+0", "-0.0e-0",
    "1.5E+3", "1.5e+03", "1d3", "١٢", "1.2.3", "--1", "0.", "000", "1e0000000000000000000001",
]
INTS = [str(10 ** n - 1) for n in range(1, 23)] + [str(10 ** n) for n in range(1, 23)] + [
    "+1", "-1", "+0", "-0", "0001", "-9223372036854775808", "9223372036854775807",
    "18446744073709551615", "18446744073709551616", "99999999999999999999999",
    "+18446744073709551615", "0000000000000000000000000000001", "12a", "+", "-",
]


def int_rows(start=6):
    """Integers of every length 1 to 23 where calamine parses them with atoi_simd: row numbers,
    style indexes and shared-string indexes."""
    out = []
    for i, v in enumerate(INTS):
        r = start + i
        out.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>i{r}</t></is></c>'
            f'<c r="B{r}" s="{v}"><v>{v}</v></c><c r="C{r}" t="s"><v>{v}</v></c></row>'
        )
    return "".join(out)


def with_sheet(rows):
    parts = dict(PARTS)
    parts["xl/worksheets/sheet1.xml"] = sheet_with_rows(rows)
    return parts


write("float-halfway", with_sheet(number_rows(HALFWAY)))
write("float-subnormal-overflow", with_sheet(number_rows(SUBNORMAL, typed=True)))
write("float-long-mantissa", with_sheet(number_rows(LONG)))
write("float-special", with_sheet(number_rows(SPECIAL)))

# Shared strings, so `t="s"` indexes resolve (and some do not).
SST = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
       'spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>Female</t></si>'
       '<si><r><t>Ma</t></r><r><rPr><b/></rPr><t>le</t></r></si><si><t xml:space="preserve"> CO </t></si></sst>')
ints = with_sheet(int_rows())
ints["xl/sharedStrings.xml"] = SST.encode()
write("integers-every-length", ints)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}>
<numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="[h]:mm:ss"/><numFmt numFmtId="166" formatCode="0.00%"/><numFmt numFmtId="167" formatCode="&quot;R$&quot;#,##0.00"/></numFmts>
<fonts count="4"><font><b/><i val="0"/><u val="double"/><strike/><sz val="11.5"/><color rgb="FF112233"/><name val="Calibri"/><family val="2"/><scheme val="minor"/><vertAlign val="superscript"/></font>
<font><b val="false"/><i val="true"/><u/><sz val="1e1"/><color theme="1" tint="-0.249977111117893"/><family val="300"/></font>
<font><u val="singleAccounting"/><sz val="x"/><color indexed="64"/><outline/><shadow/><condense/><extend/></font>
<font><u val="doubleAccounting"/><color theme="255" tint="0.5"/><color auto="1"/></font></fonts>
<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFFF0000"/><bgColor indexed="65"/></patternFill></fill>
<fill><patternFill patternType="darkTrellis"><fgColor theme="4" tint="0.3999755851924192"/><bgColor rgb="ZZ"/></patternFill></fill>
<fill><gradientFill degree="90"><stop position="0"><color theme="0"/></stop><stop position="1"><color theme="4"/></stop></gradientFill></fill></fills>
<borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border>
<border diagonalUp="1" diagonalDown="1"><left style="thin"><color indexed="64"/></left><right style="mediumDashDotDot"><color auto="1"/></right><top style="double"><color rgb="FF00FF00"/></top><bottom style="hair"><color theme="3"/></bottom><diagonal style="slantDashDot"/></border>
<border><left style="dashDot"/><right style="thick"/><top style="medium"/><bottom style="dotted"/><start style="dashed"/><end style="mediumDashed"/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1" applyProtection="1"><alignment horizontal="centerContinuous" vertical="distributed" textRotation="255" wrapText="1" indent="3" shrinkToFit="true" readingOrder="2"/><protection locked="0" hidden="1"/></xf>
<xf numFmtId="164" fontId="2" fillId="3" borderId="2"><alignment horizontal="justify" vertical="top" textRotation="90" indent="300"/></xf>
<xf numFmtId="165" fontId="3" fillId="4" borderId="0"><alignment horizontal="fill" vertical="justify" textRotation="-1"/><protection locked="false"/></xf>
<xf numFmtId="166" fontId="9" fillId="9" borderId="9"><alignment horizontal="left" vertical="center"/></xf>
<xf numFmtId="167"><alignment horizontal="right" vertical="bottom"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/></styleSheet>"""
THEME = """<?xml version="1.0" encoding="UTF-8"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="T"><a:themeElements><a:clrScheme name="Office">
<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1>
<a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="XYZ"/></a:accent4>
<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>
</a:clrScheme></a:themeElements></a:theme>"""
styled_rows = "".join(
    f'<row r="{r}" s="{r % 6}" customFormat="1"><c r="A{r}" s="{r % 6}" t="inlineStr"><is><t>s{r}</t></is></c>'
    f'<c r="B{r}" s="{(r + 1) % 6}"><v>{45000 + r}.25</v></c><c r="C{r}" s="{(r + 2) % 6}"><v>0.5</v></c></row>'
    for r in range(6, 14)
)
styled = with_sheet(styled_rows)
styled["xl/styles.xml"] = STYLES.encode()
styled["xl/theme/theme1.xml"] = THEME.encode()
write("styles-and-theme", styled)


def field(tag, data):
    return struct.pack("<HH", tag, len(data)) + data


T = 1764576000  # 2025-12-01
EXT_TS = {
    "full": field(0x5455, struct.pack("<BIII", 7, T, T + 1, T + 2)),
    "mtime": field(0x5455, struct.pack("<BI", 1, T)),
    "flags-only": field(0x5455, struct.pack("<B", 7)),
    "atime-ctime": field(0x5455, struct.pack("<BII", 6, T, T)),
}
for label, extra in EXT_TS.items():
    write(f"extended-timestamp-{label}", dict(PARTS), extra={p: extra for p in PARTS})

ntfs = field(0x000A, struct.pack("<IHHQQQ", 0, 1, 24, 133000000000000000, 133000000000000001, 133000000000000002))
ntfs_other_tag = field(0x000A, struct.pack("<IHH", 0, 2, 4) + b"abcd")
write("ntfs-times", dict(PARTS), extra={p: ntfs for p in PARTS})
write("ntfs-other-attribute", dict(PARTS), extra={p: ntfs_other_tag for p in PARTS})

# Info-ZIP Unicode path: the header names a part under another name, and the extra field (with the
# CRC of that header name, as the spec asks) gives the real one; a wrong CRC must be ignored.
rename = {"xl/worksheets/sheet1.xml": "xl/worksheets/SHEET-CP437.xml"}
upath = {
    "xl/worksheets/sheet1.xml": field(
        0x7075, struct.pack("<BI", 1, zlib.crc32(rename["xl/worksheets/sheet1.xml"].encode()))
        + b"xl/worksheets/sheet1.xml"),
}
write("unicode-path", dict(PARTS), extra=upath, names=rename)
bad = {"xl/worksheets/sheet1.xml": field(0x7075, struct.pack("<BI", 1, 0xDEADBEEF) + "xl/hoja.xml".encode())}
write("unicode-path-bad-crc", dict(PARTS), extra=bad)
ucom = {p: field(0x6375, struct.pack("<BI", 1, zlib.crc32(b"")) + "comentario ñ".encode()) for p in PARTS}
write("unicode-comment", dict(PARTS), extra=ucom)

align = {p: field(0xA11E, struct.pack("<H", 16) + b"\0\0") for p in PARTS}
write("data-stream-alignment", dict(PARTS), extra=align)
android = {p: field(0xD935, struct.pack("<H", 4) + b"\0\0\0\0") for p in PARTS}
write("android-alignment", dict(PARTS), extra=android)
write("zip64-entries", dict(PARTS), force_zip64=True)
odd = {p: field(0x4242, b"xyz") + field(0x5455, struct.pack("<BI", 1, T)) for p in PARTS}
write("unknown-then-timestamp", dict(PARTS), extra=odd)


# Cell kinds that reach arms of Tamiz's own cell-to-text conversion (`read_xlsx` in
# crates/stats/src/data.rs) which no seed and no fuzzing run had reached: shared strings, booleans,
# Excel errors, ISO dates and formulas with cached values.
import re

sheet = PARTS["xl/worksheets/sheet1.xml"].decode()
strings = []


def to_shared(m):
    text = m.group(2)
    if text not in strings:
        strings.append(text)
    return f'<c r="{m.group(1)}" t="s"><v>{strings.index(text)}</v></c>'


shared_sheet = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', to_shared, sheet)
sis = "".join(
    f"<si><t>{s}</t></si>" if i % 3 else f"<si><r><rPr><b/><sz val=\"11\"/></rPr><t>{s[:1]}</t></r><r><t>{s[1:]}</t></r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si>"
    for i, s in enumerate(strings)
)
sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(strings)}" '
       f'uniqueCount="{len(strings)}">{sis}</sst>').encode()
shared = dict(PARTS)
shared["xl/worksheets/sheet1.xml"] = shared_sheet.encode()
shared["xl/sharedStrings.xml"] = sst
write("shared-strings", shared)

# Booleans in the means-of-control columns (F to H hold 0 or 1).
bools = re.sub(r'<c r="([F-H][0-9]+)"><v>([01])</v></c>', r'<c r="\1" t="b"><v>\2</v></c>', sheet)
b = dict(PARTS)
b["xl/worksheets/sheet1.xml"] = bools.encode()
write("booleans", b)

for i, code in enumerate(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#BOGUS"]):
    e = dict(PARTS)
    e["xl/worksheets/sheet1.xml"] = sheet.replace(
        '<c r="B3"><v>2020.0</v></c>', f'<c r="B3" t="e"><f>1/0</f><v>{code}</v></c>').encode()
    write(f"error-cell-{i}", e)

dates = dict(PARTS)
dates["xl/worksheets/sheet1.xml"] = (
    sheet.replace('<c r="B2"><v>2019</v></c>', '<c r="B2" t="d"><v>2019-06-30T00:00:00</v></c>')
    .replace('<c r="B4"><v>2021</v></c>', '<c r="B4" t="d"><v>PT36H</v></c>')
    .replace('<c r="B3"><v>2020.0</v></c>', '<c r="B3" t="str"><f>TEXT(2020,"0")</f><v>2020</v></c>')
    .replace('<c r="B5"><v>-99</v></c>', '<c r="B5" t="n"><f>2000+21</f><v>2021</v></c>')
).encode()
write("dates-and-formulas", dates)


# Workbook layouts calamine supports and no seed had: the workbook in another folder with absolute
# targets, 1904 dates, sheet states and kinds, defined names, other encodings, cells and rows
# without references, rich inline strings.
def replace_part(parts, name, old, new):
    text = parts[name].decode()
    assert old in text, (name, old)
    parts[name] = text.replace(old, new).encode()


REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
moved = {
    "[Content_Types].xml": PARTS["[Content_Types].xml"],
    "_rels/.rels": PARTS["_rels/.rels"].replace(b'Target="xl/workbook.xml"', b'Target="/libro/Libro.xml"'),
    "libro/Libro.xml": PARTS["xl/workbook.xml"],
    "libro/_rels/Libro.xml.rels": PARTS["xl/_rels/workbook.xml.rels"]
    .replace(b'Target="worksheets/sheet1.xml"', b'Target="/libro/hojas/casos.xml"')
    .replace(b'Target="worksheets/sheet2.xml"', b'Target="hojas/errores.xml"'),
    "libro/hojas/casos.xml": PARTS["xl/worksheets/sheet1.xml"],
    "libro/hojas/errores.xml": PARTS["xl/worksheets/sheet2.xml"],
}
write("workbook-elsewhere", moved)

d1904 = dict(PARTS)
replace_part(d1904, "xl/workbook.xml", "<sheets>",
             '<workbookPr date1904="1"/><bookViews><workbookView/></bookViews><sheets>')
replace_part(d1904, "xl/workbook.xml", "</sheets>",
             '</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Casos!$A$1:$H$5</definedName>'
             '<definedName name="Pa&#237;s&amp;A&lt;">&quot;CO&quot;&amp;&#x41;</definedName><definedName>sin nombre</definedName></definedNames>'
             '<extLst><ext uri="{x}"><x15:workbookPr xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" chartTrackingRefBase="1"/></ext></extLst>')
d1904["xl/styles.xml"] = STYLES.encode()
replace_part(d1904, "xl/worksheets/sheet1.xml", '<c r="B2"><v>2019</v></c>', '<c r="B2" s="1"><v>42000.5</v></c>')
replace_part(d1904, "xl/worksheets/sheet1.xml", '<c r="B4"><v>2021</v></c>', '<c r="B4" s="3"><v>1.25</v></c>')
write("date1904-defined-names", d1904)

for label, state, kind in [("hidden", "hidden", "worksheet"), ("very-hidden", "veryHidden", "worksheet"),
                           ("bogus-state", "closed", "worksheet"), ("chartsheet", "visible", "chartsheet"),
                           ("dialogsheet", "visible", "dialogsheet"), ("bogus-kind", "visible", "pivotTable")]:
    p = dict(PARTS)
    replace_part(p, "xl/workbook.xml", 'sheetId="1" r:id="rId1"/>', f'sheetId="1" state="{state}" r:id="rId1"/>')
    replace_part(p, "xl/_rels/workbook.xml.rels", "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"",
                 f"relationships/{kind}\" Target=\"worksheets/sheet1.xml\"")
    write(f"sheet-{label}", p)

# The first sheet in UTF-16 (little- and big-endian, with a byte-order mark) and in windows-1252.
text = PARTS["xl/worksheets/sheet1.xml"].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
text = text.replace("<t>Female</t>", "<t>Mujer ñandú</t>")
for label, data in [("utf16le", b"\xff\xfe" + text.encode("utf-16-le")),
                    ("utf16be", b"\xfe\xff" + text.encode("utf-16-be")),
                    ("windows1252", text.replace('encoding="UTF-16"', 'encoding="windows-1252"').encode("cp1252")),
                    ("utf8-bom", b"\xef\xbb\xbf" + text.replace('encoding="UTF-16"', 'encoding="UTF-8"').encode())]:
    p = dict(PARTS)
    p["xl/worksheets/sheet1.xml"] = data
    write(f"sheet-encoding-{label}", p)

noref = dict(PARTS)
noref["xl/worksheets/sheet1.xml"] = re.sub(r' r="[A-Z]*[0-9]+"', "", sheet).replace(
    "<t>p2</t>", '<t xml:space="preserve"> p2 </t>').replace(
    "<is><t>PE</t></is>", "<is><r><rPr><i/></rPr><t>P</t></r><r><t>E</t></r><rPh><t>x</t></rPh></is>").replace(
    "<sheetData>", '<dimension ref="A1:H5"/><sheetViews><sheetView workbookViewId="0"><selection activeCell="A1"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="8" width="12" customWidth="1"/></cols><sheetData>').replace(
    "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A10:B11"/></mergeCells>'
    '<hyperlinks><hyperlink ref="A2" r:id="rId9" xmlns:r="' + REL_NS + '"/></hyperlinks><pageMargins left="0.7"/>')
write("cells-without-references", {**PARTS, "xl/worksheets/sheet1.xml": noref["xl/worksheets/sheet1.xml"].encode()})


# Found with `cargo xtask fuzz gaps xlsx` (session 22): a value as long as a listed key and
# sharing its first bytes, but not it (the key list's probe compares the rest).
near = dict(PARTS)
replace_part(near, "xl/worksheets/sheet1.xml", "<t>Male</t>", "<t>Transgender/NonConformiXX</t>")
replace_part(near, "xl/worksheets/sheet1.xml", "<t>p4</t></is></c><c r=\"B5\"><v>-99</v></c><c r=\"C5\" t=\"inlineStr\"><is><t>Female</t>",
             "<t>p4</t></is></c><c r=\"B5\"><v>-99</v></c><c r=\"C5\" t=\"inlineStr\"><is><t>Transgender/NonConforminG</t>")
write("key-near-a-listed-one", near)


# Session 26: `integers-every-length` puts each integer in the year column too, so the reader
# refuses its first row (year 9) and calamine never parses the others: atoi_simd's paths for more
# than 16 digits (all zeros, leading zeros, 17 to 20 digits, overflow, too long) stayed unreached.
# Here every row is valid and the long integers sit where calamine reads them without failing: the
# style index `s` of each cell (an unknown style is ignored), shared-string indexes written with
# up to 30 leading zeros (they still name string 0 or 1), and the table's `uniqueCount`.
LONG_INTS = ["0" * n for n in (16, 17, 20, 21, 30)] + ["0" * n + "1" for n in (15, 16, 19, 25)] + [
    "1234567890123456", "12345678901234567", "1234567890123456789", "12345678901234567890",
    "18446744073709551615", "18446744073709551616", "99999999999999999999", "123456789012345678901",
    "0000000000000000123456789012345678", "1234567890123456x", "12345678901234567x",
]


def valid_rows_with_long_ints(start=6):
    out = []
    for i, v in enumerate(LONG_INTS):
        r = start + i
        index = "0" * (i % 31) + str(i % 2)  # string 0 (Female) or 1 (Male)
        out.append(
            f'<row r="{r}"><c r="A{r}" s="{v}" t="inlineStr"><is><t>L{r}</t></is></c>'
            f'<c r="B{r}" s="{v}"><v>2020</v></c><c r="C{r}" s="{v}" t="s"><v>{index}</v></c>'
            f'<c r="D{r}" t="inlineStr"><is><t>PE</t></is></c><c r="E{r}" t="inlineStr"><is><t>VE</t></is></c>'
            f'<c r="F{r}" s="{v}"><v>1</v></c><c r="G{r}"><v>0</v></c><c r="H{r}"><v>0</v></c></row>'
        )
    return "".join(out)


long_ints = with_sheet(valid_rows_with_long_ints())
long_ints["xl/sharedStrings.xml"] = SST.replace('uniqueCount="3"', 'uniqueCount="00000000000000000000000000003"').encode()
write("long-integers-in-valid-rows", long_ints)
