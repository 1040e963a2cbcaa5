//! Readers: CSV (comma or semicolon), XLSX and screening-record JSON lines, all feeding one row
//! visitor so counting never sees the format and rows are never collected.
//!
//! CSV and JSON lines are streamed record by record (memory does not grow with the file). XLSX is
//! read through `calamine`'s streaming cell reader: one row at a time, plus the workbook's
//! shared-string table (distinct texts only).

use std::io::{BufRead, BufReader, Read, Seek};

use serde_json::Value;
use tamiz_engine::{Answer, Assessment, IloIndicator};

/// A data input that cannot be used. Names the file, the line and the column to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.render())]
pub struct DataError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line (CSV, JSON lines) or sheet row (XLSX).
    pub line: u64,
    /// The column: its number and, when known, its name (e.g. `3 (gender)`, `C (gender)`).
    pub column: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl DataError {
    /// `file:line: column C: message`, leaving out the line or column when there is none
    /// (a whole-file problem such as a missing sheet).
    fn render(&self) -> String {
        match (self.line, self.column.as_str()) {
            (0, _) => format!("{}: {}", self.file, self.message),
            (l, "-") => format!("{}:{l}: {}", self.file, self.message),
            (l, c) => format!("{}:{l}: column {c}: {}", self.file, self.message),
        }
    }
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma- or semicolon-separated text with a header row (CTDC's global dataset).
    Csv,
    /// An Excel workbook; the first sheet unless one is named.
    Xlsx,
    /// JSON lines of `tamiz assess` output plus `country` and `date` (see [`JSONL_COLUMNS`]).
    Jsonl,
}

impl Format {
    /// Guesses the format from a file name: `.xlsx`, `.jsonl`/`.ndjson`, else CSV.
    pub fn from_name(name: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            Format::Xlsx
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Format::Jsonl
        } else {
            Format::Csv
        }
    }
}

/// Receives a table row by row. Returning an error stops the read.
pub trait RowVisitor {
    /// The header, once, before any row.
    fn header(&mut self, columns: &[String], file: &str) -> Result<(), DataError>;
    /// Which header columns [`RowVisitor::row`] reads (after `header`); readers may pass `""` for
    /// the others and skip decoding them. `None`: all.
    fn wanted(&self) -> Option<Vec<bool>> {
        None
    }
    /// One data row; `fields` has exactly one value per header column.
    fn row(
        &mut self,
        line: u64,
        fields: &[&str],
        column_label: &dyn Fn(usize) -> String,
    ) -> Result<(), DataError>;
}

pub(crate) fn err(
    file: &str,
    line: u64,
    column: impl Into<String>,
    message: impl Into<String>,
) -> DataError {
    DataError {
        file: file.to_string(),
        line,
        column: column.into(),
        message: message.into(),
    }
}

/// Picks the CSV separator from the header line: whichever of `,` and `;` occurs more often
/// outside quotes (CTDC exports use `;`, most tools `,`).
pub fn detect_separator(header_line: &[u8]) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0usize, 0usize, false);
    for &b in header_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas {
        b';'
    } else {
        b','
    }
}

/// The CSV reader settings every path uses: `sep`, ragged rows allowed (checked by us, with a
/// better message), no header handling (the header is read as the first record).
pub(crate) fn csv_builder(sep: u8) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.delimiter(sep)
        .flexible(true)
        .has_headers(false)
        .buffer_capacity(1 << 16);
    b
}

/// The header names from the first record: UTF-8, BOM and surrounding blanks removed.
pub(crate) fn header_names(rec: &csv::ByteRecord, file: &str) -> Result<Vec<String>, DataError> {
    let mut header = Vec::with_capacity(rec.len());
    for (i, f) in rec.iter().enumerate() {
        let s = std::str::from_utf8(f).map_err(|_| {
            err(
                file,
                1,
                (i + 1).to_string(),
                "header is not UTF-8; save the file as UTF-8",
            )
        })?;
        header.push(s.trim_start_matches('\u{feff}').trim().to_string());
    }
    Ok(header)
}

/// How errors name a CSV column: `3 (gender)`, or just `3` when the header cell is blank or long.
pub(crate) fn csv_column_label(header: &[String], i: usize) -> String {
    match header.get(i) {
        Some(h) if !h.is_empty() && h.len() <= 60 => format!("{} ({h})", i + 1),
        _ => (i + 1).to_string(),
    }
}

/// The ragged-row error for a record of `fields` fields under a header of `columns` columns.
pub(crate) fn ragged(file: &str, line: u64, fields: usize, columns: usize) -> DataError {
    err(
        file,
        line,
        (fields.min(columns) + 1).to_string(),
        format!("ragged row: {fields} fields where the header has {columns}; check quoting and separators on this line"),
    )
}

/// The not-UTF-8 error for column `i` of a data record.
pub(crate) fn not_utf8(file: &str, line: u64, label: String) -> DataError {
    err(file, line, label, "not UTF-8 text; save the file as UTF-8")
}

/// Hands one parsed CSV record (on `line`) to `visitor`: skips blank lines, checks the field count
/// and decodes the wanted fields. Returns whether the record was a row (not a blank line).
/// Shared by [`read_csv`] and the block reader, so both report exactly the same errors.
#[allow(clippy::too_many_arguments)]
pub(crate) fn visit_csv_record<'r>(
    rec: &'r csv::ByteRecord,
    line: u64,
    header: &[String],
    wanted: Option<&[bool]>,
    file: &str,
    fields: &mut Vec<&'r str>,
    label: &dyn Fn(usize) -> String,
    visitor: &mut dyn RowVisitor,
) -> Result<bool, DataError> {
    if rec.len() == 1 && rec.get(0).is_some_and(|f| f.is_empty()) {
        return Ok(false); // blank line
    }
    if rec.len() != header.len() {
        return Err(ragged(file, line, rec.len(), header.len()));
    }
    fields.clear();
    for (i, f) in rec.iter().enumerate() {
        if !wanted.is_none_or(|w| w.get(i).copied().unwrap_or(false)) {
            fields.push("");
            continue;
        }
        match std::str::from_utf8(f) {
            Ok(s) => fields.push(s),
            Err(_) => return Err(not_utf8(file, line, label(i))),
        }
    }
    visitor.row(line, fields, label)?;
    Ok(true)
}

/// Streams a CSV file into `visitor`, one record at a time on this thread, with the `csv` crate.
/// `progress` gets the bytes read so far, now and then.
///
/// This is the reference reader (and the browser's): [`crate::csv_blocks::read_csv_blocks`] is the
/// faster one for big files and must behave exactly like this.
pub fn read_csv<R: Read>(
    input: R,
    file: &str,
    visitor: &mut dyn RowVisitor,
    progress: &mut dyn FnMut(u64),
) -> Result<(), DataError> {
    let mut buffered = BufReader::with_capacity(1 << 16, input);
    let mut first = Vec::new();
    buffered
        .read_until(b'\n', &mut first)
        .map_err(|e| err(file, 1, "-", format!("cannot read: {e}")))?;
    if first.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(
            file,
            1,
            "-",
            "empty file: expected a header row naming the columns",
        ));
    }
    let sep = detect_separator(&first);
    let chained = std::io::Cursor::new(first).chain(buffered);
    let mut rdr = csv_builder(sep).from_reader(chained);
    let mut rec = csv::ByteRecord::new();
    let csv_err = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        err(file, line, "-", format!("not readable as CSV: {e}"))
    };
    if !rdr.read_byte_record(&mut rec).map_err(csv_err)? {
        return Err(err(file, 1, "-", "empty file: expected a header row"));
    }
    let header = header_names(&rec, file)?;
    visitor.header(&header, file)?;
    let wanted = visitor.wanted();
    let label = |i: usize| csv_column_label(&header, i);
    let mut n: u64 = 0;
    loop {
        let more = rdr.read_byte_record(&mut rec).map_err(csv_err)?;
        if !more {
            break;
        }
        let line = rec.position().map_or(0, |p| p.line());
        let mut fields = Vec::with_capacity(header.len());
        if !visit_csv_record(
            &rec,
            line,
            &header,
            wanted.as_deref(),
            file,
            &mut fields,
            &label,
            visitor,
        )? {
            continue;
        }
        n += 1;
        if n.is_multiple_of(65_536) {
            progress(rdr.position().byte());
        }
    }
    progress(rdr.position().byte());
    Ok(())
}

/// Excel column letters for a 0-based index (0 → A, 26 → AA).
fn excel_col(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// What a user can do about a workbook Tamiz cannot read: damaged and non-Excel files are usually
/// mended by letting a spreadsheet program write them again, and CSV sidesteps the zip container.
const XLSX_REMEDY: &str =
    "open it in a spreadsheet program and save it again as an Excel workbook \
     (.xlsx), or export the sheet as CSV";

/// Reads the first sheet (or `sheet`) of an XLSX workbook into `visitor`, cell by cell (calamine's
/// streaming cell reader: one row in memory at a time, plus the workbook's shared-string table).
/// The first non-empty row is the header.
pub fn read_xlsx<R: Read + Seek>(
    input: R,
    file: &str,
    sheet: Option<&str>,
    visitor: &mut dyn RowVisitor,
) -> Result<(), DataError> {
    use calamine::{DataRef, Reader, Xlsx};
    let mut input = input;
    check_xlsx_refs(&mut input, file)?;
    input
        .seek(std::io::SeekFrom::Start(0))
        .map_err(|e| err(file, 0, "-", format!("cannot read the workbook: {e}")))?;
    let mut wb: Xlsx<_> = Xlsx::new(input).map_err(|e| {
        err(
            file,
            0,
            "-",
            format!("not a readable .xlsx workbook ({e}); {XLSX_REMEDY}"),
        )
    })?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => {
            if !names.iter().any(|n| n == s) {
                return Err(err(
                    file,
                    0,
                    "-",
                    format!("no sheet named {s:?}; the workbook has {names:?}"),
                ));
            }
            s.to_string()
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| err(file, 0, "-", "the workbook has no sheets"))?,
    };
    let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| {
        err(
            file,
            0,
            "-",
            format!("cannot read sheet {name:?} ({e}); {XLSX_REMEDY}"),
        )
    })?;
    let text = |d: &DataRef, line: u64, col: usize| -> Result<String, DataError> {
        Ok(match d {
            DataRef::Empty => String::new(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_string(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => format!("{}", *f as i64),
            DataRef::Float(f) => f.to_string(),
            DataRef::Bool(b) => {
                if *b {
                    "1".into()
                } else {
                    "0".into()
                }
            }
            DataRef::DateTime(dt) => dt.as_f64().to_string(),
            DataRef::Error(e) => {
                return Err(err(
                    file,
                    line,
                    excel_col(col),
                    format!(
                        "the cell holds an Excel error ({e}); fix the formula or clear the cell"
                    ),
                ))
            }
        })
    };
    let mut header: Option<(Vec<String>, usize)> = None;
    let mut row_cells: Vec<(usize, String)> = Vec::new();
    let mut current: Option<u32> = None;
    loop {
        let cell = cells.next_cell().map_err(|e| {
            err(
                file,
                current.map_or(0, |r| u64::from(r) + 1),
                "-",
                format!("cannot read sheet {name:?} ({e}); {XLSX_REMEDY}"),
            )
        })?;
        let row = cell.as_ref().map(|c| c.get_position().0);
        if let (Some(r), true) = (current, row != current) {
            flush_xlsx_row(file, u64::from(r) + 1, &mut header, &row_cells, visitor)?;
            row_cells.clear();
        }
        let Some(c) = cell else { break };
        let (r, col) = c.get_position();
        current = Some(r);
        row_cells.push((
            col as usize,
            text(c.get_value(), u64::from(r) + 1, col as usize)?,
        ));
    }
    if header.is_none() {
        return Err(err(
            file,
            1,
            "-",
            format!("sheet {name:?} is empty: expected a header row"),
        ));
    }
    Ok(())
}

/// Excel's last row and last column (XFD), 1-based.
const XLSX_MAX_ROW: u64 = 1_048_576;
const XLSX_MAX_COL: u64 = 16_384;

/// Checks the cell, row and dimension references of every part of an XLSX workbook before
/// `calamine` reads it. calamine (0.32, and still 0.38) turns a reference into a position with
/// unchecked `u32` arithmetic, so a reference such as `AAAAAAAA1` or `A99999999999`, or a dimension
/// that ends before it starts (`B2:A1`), overflows: a panic in debug builds, a wrong position in
/// release ones. Such a workbook is refused here, naming the part and the reference. Parts that are
/// not XML, or not readable, are left to calamine to report.
fn check_xlsx_refs<R: Read + Seek>(input: &mut R, file: &str) -> Result<(), DataError> {
    use quick_xml::events::Event;
    let Ok(mut zip) = zip::ZipArchive::new(input) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else { continue };
        if part.is_dir() {
            continue;
        }
        let Ok(name) = part.name().map(|n| n.into_owned()) else {
            continue;
        };
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
        // Parse as calamine does: it reads on past mismatched end tags and malformed comments.
        let config = xml.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.check_comments = false;
        config.expand_empty_elements = true;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let e = match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) => e,
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            // The attributes calamine's cell reader turns into positions. Every attribute of that
            // name is checked: calamine 0.38 scans attributes with its own lenient parser and takes
            // the first `r` of a row but the last `r` of a cell (it reads `s` and `t` in the same
            // pass), so checking only the one quick-xml finds first let a second `r` through.
            let kind = match e.local_name().as_ref() {
                "c" => XlsxRefKind::Cell,
                "row" => XlsxRefKind::Row,
                "dimension" => XlsxRefKind::Dimension,
                _ => continue,
            };
            for value in calamine_attr_values(e.attributes_raw().as_bytes(), kind.attribute()) {
                check_xlsx_ref(value, kind, &name, file)?;
            }
        }
    }
    Ok(())
}

/// The values of every attribute named `key` in an element's raw attribute text, scanned as
/// calamine 0.38's `RawAttrIter` scans it (`attrs.rs`): a key runs up to `=` (trailing whitespace
/// trimmed), the value is quoted, and nothing requires whitespace between attributes; the scan
/// stops at the first malformed attribute, where calamine stops with an error. Kept in step with
/// calamine by hand: its scanner is private. Values are raw, not unescaped, as calamine reads them.
fn calamine_attr_values<'a>(raw: &'a [u8], key: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut pos = 0;
    std::iter::from_fn(move || loop {
        while raw.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        if pos >= raw.len() {
            return None;
        }
        let key_start = pos;
        let eq = pos + raw[pos..].iter().position(|&b| b == b'=')?;
        let name = raw[key_start..eq].trim_ascii_end();
        pos = eq + 1;
        while raw.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        let quote = *raw.get(pos).filter(|q| **q == b'"' || **q == b'\'')?;
        pos += 1;
        let start = pos;
        while raw.get(pos).is_some_and(|b| *b != quote) {
            pos += 1;
        }
        let value = &raw[start..pos];
        pos = (pos + 1).min(raw.len());
        if name == key.as_bytes() {
            return Some(value);
        }
    })
}

/// The sheet attributes calamine turns into positions. Named so that the check's logic (which of
/// them is an ordered range) and its messages come from one place, not from comparing message text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum XlsxRefKind {
    /// `<c r="B2">`: one cell.
    Cell,
    /// `<row r="2">`: a row number, no column.
    Row,
    /// `<dimension ref="A1:C9">`: the sheet's used range, which calamine sizes its grid from.
    Dimension,
}

impl XlsxRefKind {
    /// The attribute that holds the reference.
    fn attribute(self) -> &'static str {
        match self {
            Self::Cell | Self::Row => "r",
            Self::Dimension => "ref",
        }
    }

    /// What the user reads in a message: the sheet's own term for the value.
    fn label(self) -> &'static str {
        match self {
            Self::Cell => "cell reference",
            Self::Row => "row number",
            Self::Dimension => "sheet dimension",
        }
    }

    /// Only the dimension is a start:end range calamine subtracts, so only it must not run
    /// backwards.
    fn is_ordered_range(self) -> bool {
        self == Self::Dimension
    }
}

/// Refuses one reference (or `A1:B2` range) that calamine would turn into an overflowing position.
fn check_xlsx_ref(
    value: &[u8],
    kind: XlsxRefKind,
    name: &str,
    file: &str,
) -> Result<(), DataError> {
    let what = kind.label();
    let mut ends = Vec::new();
    for r in value.split(|b| *b == b':') {
        match xlsx_ref_position(r) {
            XlsxRef::Beyond => {
                return Err(err(
                    file,
                    0,
                    "-",
                    format!(
                        "{what} {:?} in {name} is beyond Excel's last row ({XLSX_MAX_ROW}) \
                         or column (XFD); the workbook is damaged: {XLSX_REMEDY}",
                        String::from_utf8_lossy(value)
                    ),
                ))
            }
            XlsxRef::At(row, col) => ends.push((row, col)),
            XlsxRef::Malformed => {}
        }
    }
    if let [(r0, c0), (r1, c1)] = ends[..] {
        if kind.is_ordered_range() && (r1 < r0 || c1 < c0) {
            return Err(err(
                file,
                0,
                "-",
                format!(
                    "{what} {:?} in {name} ends before it starts; the workbook is \
                     damaged: {XLSX_REMEDY}",
                    String::from_utf8_lossy(value)
                ),
            ));
        }
    }
    Ok(())
}

/// A reference as calamine 0.38 reads it (`get_row_and_optional_column`): forwards, column letters
/// first, then row digits, each accumulated in a `u32` with unchecked arithmetic. (calamine 0.32
/// read backwards, row digits first, and refused a reference without digits before touching its
/// letters; 0.38 multiplies through the letters first, so seven letters overflow whatever follows.)
#[derive(Debug, PartialEq)]
enum XlsxRef {
    /// 1-based row and column (0: no column letters).
    At(u64, u64),
    /// Past Excel's last row or column at some point of the scan: calamine's arithmetic may
    /// overflow there, before it reaches anything it would refuse.
    Beyond,
    /// Anything else calamine refuses by itself, without overflowing (no row, a stray character).
    Malformed,
}

/// Classifies one reference, scanning as calamine does and stopping as soon as the running column
/// or row passes Excel's last, since calamine's overflow happens on the way, not at the end.
fn xlsx_ref_position(r: &[u8]) -> XlsxRef {
    let (mut row, mut col) = (0u64, 0u64);
    let mut rest = r.iter();
    for &c in rest.by_ref() {
        match c {
            b'A'..=b'Z' | b'a'..=b'z' => {
                col = col * 26 + u64::from(c.to_ascii_uppercase() - b'A' + 1);
                if col > XLSX_MAX_COL {
                    return XlsxRef::Beyond;
                }
            }
            b'0'..=b'9' => {
                row = u64::from(c - b'0');
                break;
            }
            _ => return XlsxRef::Malformed,
        }
    }
    for &c in rest {
        match c {
            b'0'..=b'9' => {
                row = row * 10 + u64::from(c - b'0');
                if row > XLSX_MAX_ROW {
                    return XlsxRef::Beyond;
                }
            }
            _ => return XlsxRef::Malformed,
        }
    }
    // The digit loop returns as soon as the row passes Excel's last, so a row here is in range.
    if row == 0 {
        XlsxRef::Malformed
    } else {
        XlsxRef::At(row, col)
    }
}

/// One sheet row: the header if there is none yet, else a data row for `visitor`.
fn flush_xlsx_row(
    file: &str,
    line: u64,
    header: &mut Option<(Vec<String>, usize)>,
    cells: &[(usize, String)],
    visitor: &mut dyn RowVisitor,
) -> Result<(), DataError> {
    if cells.iter().all(|(_, t)| t.trim().is_empty()) {
        return Ok(());
    }
    let Some((names, col0)) = header.as_ref() else {
        let col0 = cells.iter().map(|c| c.0).min().unwrap_or(0);
        let width = cells.iter().map(|c| c.0).max().unwrap_or(0) + 1 - col0;
        let mut names = vec![String::new(); width];
        for (c, t) in cells {
            names[c - col0] = t.trim().to_string();
        }
        while names.last().is_some_and(|h| h.is_empty()) {
            names.pop();
        }
        visitor.header(&names, file)?;
        *header = Some((names, col0));
        return Ok(());
    };
    let col0 = *col0;
    let label = |i: usize| match names.get(i) {
        Some(h) if !h.is_empty() => format!("{} ({h})", excel_col(col0 + i)),
        _ => excel_col(col0 + i),
    };
    let mut owned = vec![String::new(); names.len()];
    for (c, t) in cells {
        match c.checked_sub(col0).filter(|i| *i < names.len()) {
            Some(i) => owned[i].clone_from(t),
            None if t.trim().is_empty() => {}
            None => return Err(err(
                file,
                line,
                excel_col(*c),
                "ragged row: a value outside the named columns; name the column or clear the cell",
            )),
        }
    }
    let fields: Vec<&str> = owned.iter().map(String::as_str).collect();
    visitor.row(line, &fields, &label)
}

/// The columns a screening-records file offers to a spec, in order.
///
/// Schema of one line (one JSON object): every field of `tamiz assess` output
/// ([`tamiz_engine::Assessment`]) plus `country` (`"CO"`, `"EC"` or `"PE"`), `date` (`YYYY-MM-DD`,
/// the screening date) and, optionally, `person_id` (text; needed when the spec's unit is
/// `person_id`). Derived columns: `year` (from `date`), the findings as text
/// (`forced_labour`, `trafficking`: yes/no/indeterminate; `category`; `urgency`; `child`:
/// true/false/blank; `labour_rights_concern`: true/false) and one 0/1 flag per ILO indicator,
/// `ilo_<indicator>`, set when an indicator with that ILO indicator was answered yes.
pub fn jsonl_columns() -> Vec<String> {
    let mut cols: Vec<String> = JSONL_COLUMNS.iter().map(|s| s.to_string()).collect();
    for ind in IloIndicator::ALL {
        cols.push(format!(
            "ilo_{}",
            json_text(&serde_json::to_value(ind).unwrap_or(Value::Null))
        ));
    }
    cols
}

/// The fixed (non-flag) columns of screening records; see [`jsonl_columns`].
pub const JSONL_COLUMNS: [&str; 10] = [
    "country",
    "date",
    "year",
    "person_id",
    "forced_labour",
    "category",
    "child",
    "trafficking",
    "urgency",
    "labour_rights_concern",
];

fn json_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Streams screening records (JSON lines) into `visitor`; see [`jsonl_columns`] for the schema.
pub fn read_jsonl<R: Read>(
    input: R,
    file: &str,
    visitor: &mut dyn RowVisitor,
    progress: &mut dyn FnMut(u64),
) -> Result<(), DataError> {
    let header = jsonl_columns();
    visitor.header(&header, file)?;
    let label = |i: usize| {
        header
            .get(i)
            .cloned()
            .unwrap_or_else(|| (i + 1).to_string())
    };
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut buf = String::new();
    let (mut line, mut bytes) = (0u64, 0u64);
    let ilo_names: Vec<String> = header[JSONL_COLUMNS.len()..]
        .iter()
        .map(|s| s["ilo_".len()..].to_string())
        .collect();
    loop {
        buf.clear();
        let n = reader.read_line(&mut buf).map_err(|e| {
            err(
                file,
                line + 1,
                "-",
                format!("cannot read (is it UTF-8?): {e}"),
            )
        })?;
        if n == 0 {
            break;
        }
        line += 1;
        bytes += n as u64;
        if buf.trim().is_empty() {
            continue;
        }
        let mut obj: serde_json::Map<String, Value> = serde_json::from_str(&buf).map_err(|e| {
            err(
                file,
                line,
                e.column().to_string(),
                format!("not a JSON object: {e}"),
            )
        })?;
        let mut take = |key: &str, required: bool| -> Result<String, DataError> {
            match obj.remove(key) {
                Some(Value::String(s)) => Ok(s),
                None | Some(Value::Null) if !required => Ok(String::new()),
                None | Some(Value::Null) => Err(err(file, line, key, format!("missing key {key:?}: each record needs `country` and `date` beside the assessment"))),
                Some(other) => Err(err(file, line, key, format!("{key:?} must be text, found {other}"))),
            }
        };
        let country = take("country", true)?;
        let date = take("date", true)?;
        let person = take("person_id", false)?;
        let year = parse_date_year(&date).ok_or_else(|| {
            err(
                file,
                line,
                "date",
                format!("bad date {date:?}: write it as YYYY-MM-DD"),
            )
        })?;
        let value = Value::Object(obj);
        let a: Assessment = serde_path_to_error::deserialize(&value).map_err(|e| {
            let path = e.path().to_string();
            err(
                file,
                line,
                path,
                format!("not a `tamiz assess` result: {}", e.inner()),
            )
        })?;
        let f = |x: &dyn erased::Ser| json_text(&x.to_json());
        let mut row: Vec<String> = vec![
            country,
            date,
            year.to_string(),
            person,
            f(&a.forced_labour),
            f(&a.category),
            f(&a.child),
            f(&a.trafficking),
            f(&a.urgency),
            a.labour_rights_concern.to_string(),
        ];
        for name in &ilo_names {
            let set = a.indicators.iter().any(|i| {
                i.value == Answer::Yes
                    && i.ilo_indicator.is_some_and(|k| {
                        json_text(&serde_json::to_value(k).unwrap_or(Value::Null)) == *name
                    })
            });
            row.push(if set { "1".into() } else { "0".into() });
        }
        let fields: Vec<&str> = row.iter().map(String::as_str).collect();
        visitor.row(line, &fields, &label)?;
        if line.is_multiple_of(65_536) {
            progress(bytes);
        }
    }
    progress(bytes);
    Ok(())
}

mod erased {
    /// Object-safe serialisation to a JSON value, for the derived text columns.
    pub trait Ser {
        fn to_json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// The year of a `YYYY-MM-DD` date, if the date is valid.
fn parse_date_year(d: &str) -> Option<i32> {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = d[0..4].parse().ok()?;
    let m: u32 = d[5..7].parse().ok()?;
    let day: u32 = d[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m).then_some(())?;
    (1..=dim[m as usize - 1]).contains(&day).then_some(y)
}

/// Reads any supported format from bytes in memory (the browser's path: no files).
pub fn read_bytes(
    format: Format,
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
    visitor: &mut dyn RowVisitor,
) -> Result<(), DataError> {
    match format {
        Format::Csv => read_csv(bytes, file, visitor, &mut |_| {}),
        Format::Jsonl => read_jsonl(bytes, file, visitor, &mut |_| {}),
        Format::Xlsx => read_xlsx(std::io::Cursor::new(bytes), file, sheet, visitor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_columns() {
        assert_eq!(detect_separator(b"a;b;\"c,d\"\n"), b';');
        assert_eq!(detect_separator(b"a,b;c,d\n"), b',');
        assert_eq!(excel_col(0), "A");
        assert_eq!(excel_col(27), "AB");
        assert_eq!(parse_date_year("2024-02-29"), Some(2024));
        assert_eq!(parse_date_year("2023-02-29"), None);
    }

    #[test]
    fn xlsx_references_within_excel_limits() {
        use XlsxRef::*;
        assert_eq!(xlsx_ref_position(b"A1"), At(1, 1));
        assert_eq!(xlsx_ref_position(b"xfd1048576"), At(1_048_576, 16_384));
        assert_eq!(xlsx_ref_position(b"7"), At(7, 0));
        assert_eq!(xlsx_ref_position(b"XFE1"), Beyond);
        assert_eq!(xlsx_ref_position(b"A1048577"), Beyond);
        assert_eq!(xlsx_ref_position(b"A99999999999"), Beyond);
        // calamine 0.38 multiplies through the letters before it looks for a row, and through
        // the digits before it looks at what follows them (the `xlsx` fuzz target, session 8).
        assert_eq!(xlsx_ref_position(b"ElineStr"), Beyond);
        assert_eq!(xlsx_ref_position(b"AAAAAAAA\""), Beyond);
        assert_eq!(xlsx_ref_position(b"A99999999999x"), Beyond);
        // A stray character before any overflow stops calamine with an error of its own.
        for bad in [
            &b""[..],
            b"A",
            b"A0",
            b"1A",
            b"A$1",
            b"$AAAAAAAA1",
            b"\xc3\xa91",
        ] {
            assert_eq!(xlsx_ref_position(bad), Malformed, "{bad:?}");
        }
    }
}
