//! Readers: CSV separators, CTDC conventions, XLSX sheets, screening-record JSON lines, and errors
//! that name file, line and column.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use tamiz_stats::data::Format;
use tamiz_stats::release::{count_bytes, release_from_bytes, ReleaseError};
use tamiz_stats::spec::parse_spec;

/// The action every "damaged workbook" message ends with (`XLSX_REMEDY` in `src/data.rs`).
const REMEDY: &str = "save it again as an Excel workbook (.xlsx), or export the sheet as CSV";

const ISSUE_SPEC: &str = include_str!("data/issue5.toml");

fn data_err(spec: &str, data: &str) -> tamiz_stats::DataError {
    let spec = parse_spec(spec).unwrap();
    match count_bytes(&spec, data.as_bytes(), Format::Csv, "d.csv", None) {
        Err(ReleaseError::Data(e)) => e,
        other => panic!("expected a data error, got {other:?}"),
    }
}

const SMALL: &str = "[privacy]\nrho = 1\n[[table]]\nname = \"t\"\ngroup_by = [\"year\", \"g\"]\n[[table]]\nname = \"f\"\ngroup_by = [\"g\"]\nflags = [\"x\"]\n[keys]\nyear = { range = [2015, 2016] }\ng = [\"F\", \"M\", \"\"]\n";

#[test]
fn comma_and_semicolon_ctdc_conventions() {
    let spec = parse_spec(SMALL).unwrap();
    // CTDC: semicolons, a first header cell that is a sentence, quoted `;` inside cells, -99 and blank.
    let semi = "\"Terms; of use\";year;g;x;other\n;2015;F;1;\"a;b\"\n;2016;-99;0;c\n;-99;M;1;d\n;2015;;-99;e\n";
    let comma = "year,g,x\n2015,F,1\n2016,,0\n,M,1\n2015,-99,\n";
    for text in [semi, comma] {
        let c = count_bytes(&spec, text.as_bytes(), Format::Csv, "d.csv", None).unwrap();
        // cells: (2015,F) (2015,M) (2015,"") (2016,F) (2016,M) (2016,"")
        assert_eq!(c[0].counts, vec![1, 0, 1, 0, 0, 1], "{text}");
        assert_eq!(c[1].counts, vec![1, 1, 0], "{text}");
    }
}

#[test]
fn errors_name_file_line_and_column() {
    let e = data_err(SMALL, "year,gender,x\n2015,F,1\n");
    assert_eq!(
        (e.file.as_str(), e.line, e.column.as_str()),
        ("d.csv", 1, "g")
    );
    assert!(e.message.contains("unknown column"), "{e}");

    let e = data_err(SMALL, "year,g,x\n2015,F,1\n20x6,F,1\n");
    assert_eq!((e.line, e.column.as_str()), (3, "1 (year)"));
    assert!(e.message.contains("bad number"), "{e}");

    let e = data_err(SMALL, "year,g,x\n2015,F,1\n2015,F,yes\n");
    assert_eq!((e.line, e.column.as_str()), (3, "3 (x)"));

    let e = data_err(SMALL, "year,g,x\n2015,F,1\n2015,F\n");
    assert_eq!((e.line, e.column.as_str()), (3, "3"));
    assert!(e.message.contains("ragged row"), "{e}");

    let e = data_err(
        &SMALL.replace("rho = 1", "unit = \"p\"\nrho = 1"),
        "p,year,g,x\na,2015,F,1\n,2015,F,1\n",
    );
    assert_eq!((e.line, e.column.as_str()), (3, "1 (p)"));
}

#[test]
fn issue_spec_counts_synthetic_data() {
    let mut buf = Vec::new();
    tamiz_stats::synth::write_synthetic(&mut buf, 3000, 7, None).unwrap();
    let spec = parse_spec(ISSUE_SPEC).unwrap();
    let c = count_bytes(&spec, &buf, Format::Csv, "syn.csv", None).unwrap();
    assert_eq!(c[0].counts.len(), 3 * 10 * 4);
    assert_eq!(c[2].counts.len(), 3 * 3);
    assert!(!c[1].discovered.is_empty());
    let r = release_from_bytes(ISSUE_SPEC, &buf, Format::Csv, 0.5, 0.05, None).unwrap();
    assert_eq!(r.tables.len(), 3);
    assert!(r.privacy.rho.unwrap() <= 0.5);
    assert!(r.privacy.epsilon_at_delta.is_some());
    // Same seed, same file: reproducible synthetic data.
    let mut again = Vec::new();
    tamiz_stats::synth::write_synthetic(&mut again, 3000, 7, None).unwrap();
    assert_eq!(buf, again);
    assert!(String::from_utf8(buf).unwrap().starts_with("SYNTHETIC,"));
}

#[test]
fn in_memory_release_refuses_more_than_the_balance() {
    let mut buf = Vec::new();
    tamiz_stats::synth::write_synthetic(&mut buf, 100, 1, Some("CO")).unwrap();
    match release_from_bytes(ISSUE_SPEC, &buf, Format::Csv, 0.4, 0.05, None) {
        Err(ReleaseError::Budget {
            needed, remaining, ..
        }) => assert!(needed > remaining),
        other => panic!("expected a budget refusal, got {other:?}"),
    }
}

#[test]
fn xlsx_first_sheet_named_sheet_and_errors() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases.xlsx")).unwrap();
    let spec = parse_spec(ISSUE_SPEC).unwrap();
    let c = count_bytes(&spec, &bytes, Format::Xlsx, "cases.xlsx", None).unwrap();
    // by_country_year_gender: CO-2019-Female, CO-2020-Male; PE-2021-"" ; EC -99 (out of range).
    assert_eq!(c[0].counts.iter().sum::<i64>(), 3);
    // means_of_control: CO debt 1, CO threats 1, CO docs 1, EC debt 1, EC threats 1.
    assert_eq!(c[2].counts, vec![1, 1, 1, 1, 1, 0, 0, 0, 0]);
    let c2 = count_bytes(&spec, &bytes, Format::Xlsx, "cases.xlsx", Some("Casos")).unwrap();
    assert_eq!(c[0].counts, c2[0].counts);
    match count_bytes(&spec, &bytes, Format::Xlsx, "cases.xlsx", Some("Errores")) {
        Err(ReleaseError::Data(e)) => {
            assert_eq!(
                (e.line, e.column.as_str()),
                (2, "B (yearOfRegistration)"),
                "{e}"
            );
        }
        other => panic!("expected a data error, got {other:?}"),
    }
    match count_bytes(&spec, &bytes, Format::Xlsx, "cases.xlsx", Some("Nope")) {
        Err(ReleaseError::Data(e)) => assert!(e.message.contains("Casos"), "{e}"),
        other => panic!("expected a data error, got {other:?}"),
    }
}

/// `cases.xlsx` with its first sheet's XML edited by `edit`.
fn cases_xlsx_with_sheet(edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases.xlsx")).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            text = edit(&text);
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(text.as_bytes()).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

fn xlsx_data_err(bytes: &[u8]) -> tamiz_stats::DataError {
    let spec = parse_spec(ISSUE_SPEC).unwrap();
    match count_bytes(&spec, bytes, Format::Xlsx, "cases.xlsx", None) {
        Err(ReleaseError::Data(e)) => e,
        other => panic!("expected a data error, got {other:?}"),
    }
}

/// Found by the `xlsx` fuzz target (session 7): a zip entry whose extended-timestamp extra field
/// (0x5455) is empty made zip 4.6 subtract past zero while reading the central directory (a panic in
/// debug builds). zip 9, which calamine 0.38 uses, refuses the field; the workbook is an error that
/// names the file, not a crash.
#[test]
fn xlsx_empty_extended_timestamp_is_an_error() {
    let fuzzed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/xlsx-empty-extended-timestamp.xlsx"),
    )
    .unwrap();
    let e = xlsx_data_err(&fuzzed);
    assert_eq!((e.file.as_str(), e.line), ("cases.xlsx", 0), "{e}");
    assert!(
        e.message.contains("not a readable .xlsx workbook")
            && e.message.contains("Extended timestamp field is empty"),
        "{e}"
    );
    // The message says what to do, not only what is wrong.
    assert!(e.message.contains(REMEDY), "{e}");
}

/// Found by the `xlsx` fuzz target (session 8), after the move to calamine 0.38: the reference
/// check still modelled calamine 0.32, which read a reference backwards and refused one without row
/// digits before touching its letters. 0.38 reads forwards, multiplying through the letters first,
/// so a cell `r` of seven or more letters and no digits (`ElineStr` in the fuzzed sheet) overflowed
/// (a panic in debug builds). 0.38 also reads attributes with its own scanner, which takes a cell's
/// last `r` and needs no space between attributes. The check now follows both.
#[test]
fn xlsx_references_are_checked_as_calamine_reads_them() {
    let fuzzed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/xlsx-letters-only-cell-reference.xlsx"),
    )
    .unwrap();
    let e = xlsx_data_err(&fuzzed);
    assert_eq!((e.file.as_str(), e.line), ("cases.xlsx", 0), "{e}");
    assert!(e.message.contains("beyond Excel's last row"), "{e}");
    assert!(e.message.contains(REMEDY), "{e}");
    // In a well-formed workbook: a letters-only reference, a duplicate `r`, an `r` with no space
    // before it (calamine's scanner needs none; quick-xml's stops there), spaces around `=`.
    for to in [
        r#"<c r="AAAAAAAA""#,
        r#"<c r="B2" r="AAAAAAAA2""#,
        r#"<c t="n"r="AAAAAAAA2""#,
        r#"<c r = "AAAAAAAA2""#,
    ] {
        let e = xlsx_data_err(&cases_xlsx_with_sheet(|x| {
            x.replacen(r#"<c r="B2""#, to, 1)
        }));
        assert!(
            e.message.contains("cell reference \"AAAAAAAA")
                && e.message.contains("beyond Excel's last row"),
            "{to}: {e}"
        );
    }
}

/// Found by the `xlsx` fuzz target: calamine computes a cell's position from its reference with
/// unchecked arithmetic, so an over-long reference panicked (debug) or misplaced the cell (release).
/// Such workbooks are refused with an error naming the part and the reference.
#[test]
fn xlsx_cell_reference_overflow_is_an_error() {
    // The second input hides the reference after a mismatched end tag, which calamine reads past.
    for input in [
        "xlsx-cell-reference-overflow.xlsx",
        "xlsx-cell-reference-overflow-mismatched-tags.xlsx",
    ] {
        let fuzzed = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data")
                .join(input),
        )
        .unwrap();
        // zip 9 (since calamine 0.38) already refuses these two fuzzed archives for their damaged
        // sizes and deflate streams, before any reference is read; the edited workbooks below
        // reach the reference check itself.
        let e = xlsx_data_err(&fuzzed);
        assert_eq!((e.file.as_str(), e.line), ("cases.xlsx", 0), "{input}: {e}");
        assert!(
            e.message.contains("not a readable .xlsx workbook")
                || e.message.contains("cannot read sheet \"Casos\""),
            "{input}: {e}"
        );
        assert!(e.message.contains(REMEDY), "{input}: {e}");
    }

    for (from, to) in [
        (r#"<c r="B2""#, r#"<c r="AAAAAAAA2""#),
        (r#"<c r="B2""#, r#"<c r="B99999999999""#),
        (r#"<c r="B2""#, r#"<c r="XFE2""#),
        (r#"<row r="2""#, r#"<row r="1048577""#),
    ] {
        let e = xlsx_data_err(&cases_xlsx_with_sheet(|x| x.replacen(from, to, 1)));
        let reference = to.split('"').nth(1).unwrap();
        assert!(e.message.contains(&format!("{reference:?}")), "{to}: {e}");
        assert!(e.message.contains("beyond Excel's last row"), "{to}: {e}");
        assert!(e.message.contains(REMEDY), "{to}: {e}");
    }
    // A dimension that ends before it starts (calamine subtracts its ends): rows and columns, or
    // either alone, since each subtraction overflows on its own.
    for range in ["H9:A1", "H1:A9", "A9:H1"] {
        let e = xlsx_data_err(&cases_xlsx_with_sheet(|x| {
            x.replacen(
                "<sheetData>",
                &format!(r#"<dimension ref="{range}"></dimension><sheetData>"#),
                1,
            )
        }));
        assert!(
            e.message.contains(&format!(
                "{range:?} in xl/worksheets/sheet1.xml ends before it starts"
            )),
            "{range}: {e}"
        );
        assert!(e.message.contains(REMEDY), "{range}: {e}");
    }
    // The last cell Excel allows is still read.
    let spec = parse_spec(ISSUE_SPEC).unwrap();
    let edge = cases_xlsx_with_sheet(|x| {
        x.replacen(
            "<sheetData>",
            r#"<dimension ref="A1:XFD1048576"></dimension><sheetData>"#,
            1,
        )
    });
    count_bytes(&spec, &edge, Format::Xlsx, "cases.xlsx", None).unwrap();
}

fn screening_lines() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/vignettes");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut out = String::new();
    for (i, p) in paths.iter().take(6).enumerate() {
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let input = serde_json::to_string(&case["input"]).unwrap();
        let a = tamiz_engine::assess_json(&input).unwrap();
        let mut v = serde_json::to_value(a).unwrap();
        v["country"] = ["CO", "EC", "PE"][i % 3].into();
        v["date"] = "2024-05-17".into();
        v["person_id"] = format!("s{}", i / 2).into();
        out.push_str(&serde_json::to_string(&v).unwrap());
        out.push('\n');
    }
    out
}

#[test]
fn screening_records_jsonl() {
    let lines = screening_lines();
    let spec_text = "[privacy]\nunit = \"person_id\"\nrho = 0.5\n[[table]]\nname = \"s\"\ngroup_by = [\"country\", \"year\", \"forced_labour\"]\n[[table]]\nname = \"ilo\"\ngroup_by = [\"country\"]\nflags = [\"ilo_debt_bondage\", \"ilo_deception\"]\n[keys]\ncountry = [\"CO\", \"EC\", \"PE\"]\nyear = { range = [2024, 2024] }\nforced_labour = [\"yes\", \"no\", \"indeterminate\"]\n";
    let spec = parse_spec(spec_text).unwrap();
    let c = count_bytes(&spec, lines.as_bytes(), Format::Jsonl, "s.jsonl", None).unwrap();
    // 6 records, 3 persons with 2 each, bound 1: 3 counted.
    assert_eq!(c[0].counts.iter().sum::<i64>(), 3);

    // A record without `country`: missing key, named with line and column.
    let mut bad: Vec<String> = lines.lines().map(str::to_string).collect();
    let mut v: serde_json::Value = serde_json::from_str(&bad[1]).unwrap();
    v.as_object_mut().unwrap().remove("country");
    bad[1] = v.to_string();
    match count_bytes(
        &spec,
        bad.join("\n").as_bytes(),
        Format::Jsonl,
        "s.jsonl",
        None,
    ) {
        Err(ReleaseError::Data(e)) => {
            assert_eq!((e.line, e.column.as_str()), (2, "country"), "{e}");
            assert!(e.message.contains("missing key"), "{e}");
        }
        other => panic!("expected a data error, got {other:?}"),
    }
}
