//! The block CSV reader (`csv_blocks::read_csv_blocks`, parallel) must give exactly what the
//! sequential `csv`-crate reader (`data::read_csv`) gives: the same rows with the same line
//! numbers, the same first error, the same counts. Compared on generated files with quoted fields
//! (separators, doubled quotes and line breaks inside), stray quotes, CRLF and lone CR, blank
//! lines, BOMs, ragged rows and bad UTF-8, at block sizes from 1 byte up, on 1 to 3 threads.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tamiz_stats::count::Counter;
use tamiz_stats::csv_blocks::{read_csv_blocks, BlockOptions, SplitVisitor};
use tamiz_stats::data::{read_csv, DataError, RowVisitor};
use tamiz_stats::parse_spec;

/// Records every row it is given; fails on a field `FAIL` (a stand-in for a bad number).
#[derive(Default, Debug, PartialEq)]
struct Recorder {
    header: Vec<String>,
    wanted: Option<Vec<bool>>,
    rows: Vec<(u64, Vec<String>)>,
}

impl RowVisitor for Recorder {
    fn header(&mut self, columns: &[String], _file: &str) -> Result<(), DataError> {
        self.header = columns.to_vec();
        Ok(())
    }
    fn wanted(&self) -> Option<Vec<bool>> {
        self.wanted.clone()
    }
    fn row(
        &mut self,
        line: u64,
        fields: &[&str],
        label: &dyn Fn(usize) -> String,
    ) -> Result<(), DataError> {
        if let Some(i) = fields.iter().position(|f| *f == "FAIL") {
            return Err(DataError {
                file: "visitor".into(),
                line,
                column: label(i),
                message: "FAIL found".into(),
            });
        }
        self.rows
            .push((line, fields.iter().map(|f| f.to_string()).collect()));
        Ok(())
    }
}

impl SplitVisitor for Recorder {
    fn splittable(&self) -> bool {
        true
    }
    fn fork(&self) -> Self {
        Recorder {
            header: self.header.clone(),
            wanted: self.wanted.clone(),
            rows: Vec::new(),
        }
    }
    fn merge(&mut self, later: Self) -> Result<(), DataError> {
        self.rows.extend(later.rows);
        Ok(())
    }
}

/// One generated field.
fn field(rng: &mut ChaCha8Rng, sep: u8, hostile: bool) -> Vec<u8> {
    let word = |rng: &mut ChaCha8Rng| -> Vec<u8> {
        let pool: &[&[u8]] = &[
            b"CO",
            b"EC",
            b"PE",
            b"2019",
            b"-99",
            b"",
            b" x ",
            b"Female",
            b"\xc3\xa9",
        ];
        pool[rng.gen_range(0..pool.len())].to_vec()
    };
    let roll = rng.gen_range(0..100);
    let mut f = match roll {
        0..=69 => word(rng),
        70..=74 => {
            // Quoted, with a separator inside.
            let mut v = b"\"a".to_vec();
            v.push(sep);
            v.extend_from_slice(b"b\"");
            v
        }
        75..=78 => b"\"say \"\"hi\"\"\"".to_vec(),
        79..=82 => b"\"two\nlines\"".to_vec(),
        83..=84 => b"\"crlf\r\ninside\"".to_vec(),
        85..=86 => b"5\"".to_vec(),       // a literal quote mid-field
        87..=88 => b"\"a\"b\"c".to_vec(), // text after a closing quote
        89 => b"\"\"".to_vec(),           // quoted empty
        90 => b"\"unclosed, to the end".to_vec(), // rare: swallows the rest of the file
        91..=93 => b"\"\"\"\"".to_vec(),  // a lone literal quote, quoted
        _ => word(rng),
    };
    if roll == 90 && rng.gen_range(0..4) != 0 {
        f = word(rng);
    }
    if hostile && rng.gen_range(0..400) == 0 {
        f = b"FAIL".to_vec();
    }
    if hostile && rng.gen_range(0..600) == 0 {
        f = b"\xff\xfe".to_vec();
    }
    f
}

/// A generated CSV file: `cols` columns, `rows` records, mixed terminators and blank lines.
fn file(rng: &mut ChaCha8Rng, hostile: bool, quotes: bool) -> Vec<u8> {
    let sep = if rng.gen_bool(0.5) { b',' } else { b';' };
    let cols: usize = rng.gen_range(1..7);
    let rows = rng.gen_range(0..60);
    let term: &[u8] = match rng.gen_range(0..4) {
        0 => b"\r\n",
        1 if rng.gen_bool(0.3) => b"\r",
        _ => b"\n",
    };
    let mut out = Vec::new();
    if rng.gen_bool(0.2) {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    for c in 0..cols {
        if c > 0 {
            out.push(sep);
        }
        if quotes && rng.gen_bool(0.1) {
            out.extend_from_slice(format!("\"col\n{c}\"").as_bytes());
        } else {
            out.extend_from_slice(format!("col{c}").as_bytes());
        }
    }
    out.extend_from_slice(term);
    for _ in 0..rows {
        if rng.gen_range(0..15) == 0 {
            out.extend_from_slice(term); // blank line
        }
        let mut n = cols;
        if hostile && rng.gen_range(0..80) == 0 {
            n = if rng.gen_bool(0.5) {
                cols + 1
            } else {
                cols.saturating_sub(1).max(1)
            };
        }
        for c in 0..n {
            if c > 0 {
                out.push(sep);
            }
            let mut f = field(rng, sep, hostile);
            if !quotes {
                f.retain(|b| *b != b'"');
                f.retain(|b| *b != b'\n' && *b != b'\r');
            }
            out.extend_from_slice(&f);
        }
        if rng.gen_range(0..10) != 0 {
            out.extend_from_slice(term);
        } else if rng.gen_bool(0.5) {
            out.extend_from_slice(b"\r\n"); // mixed terminators
        } else {
            out.push(b'\n');
        }
    }
    if rng.gen_bool(0.3) {
        out.truncate(out.len() - 1); // no final terminator
    }
    out
}

fn sequential(data: &[u8], wanted: Option<Vec<bool>>) -> Result<Recorder, DataError> {
    let mut r = Recorder {
        wanted,
        ..Recorder::default()
    };
    read_csv(data, "f.csv", &mut r, &mut |_| {})?;
    Ok(r)
}

fn blocks(
    data: &[u8],
    wanted: Option<Vec<bool>>,
    block_bytes: usize,
    threads: usize,
) -> Result<Recorder, DataError> {
    let mut r = Recorder {
        wanted,
        ..Recorder::default()
    };
    read_csv_blocks(
        data,
        "f.csv",
        &mut r,
        &mut |_| {},
        BlockOptions {
            block_bytes,
            threads,
        },
    )?;
    Ok(r)
}

#[test]
fn blocks_read_exactly_like_the_csv_crate() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (mut ok, mut failed) = (0, 0);
    for case in 0..600 {
        let hostile = case % 3 == 0;
        let quotes = case % 4 != 0;
        let data = file(&mut rng, hostile, quotes);
        let wanted = match case % 3 {
            0 => None,
            1 => Some(vec![false, true]),
            _ => Some(vec![true, false, false, true]),
        };
        let expected = sequential(&data, wanted.clone());
        match &expected {
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
        for block_bytes in [1, 2, 3, 5, 8, 13, 40, 1 << 20] {
            for threads in [1, 2, 3] {
                let got = blocks(&data, wanted.clone(), block_bytes, threads);
                assert_eq!(
                    got,
                    expected,
                    "case {case}, block {block_bytes}, threads {threads}, file {:?}",
                    String::from_utf8_lossy(&data)
                );
            }
        }
    }
    // The generator makes both kinds.
    assert!(ok > 200 && failed > 60, "ok {ok}, failed {failed}");
}

/// The block reader, with every block size from 1 to `max_block` bytes on one and two threads,
/// gives what the sequential reader gives: small blocks put a cut at every position.
fn agrees_in_small_blocks(data: &[u8], max_block: usize) {
    let expected = sequential(data, None);
    for block_bytes in 1..=max_block {
        for threads in [1, 2] {
            assert_eq!(
                blocks(data, None, block_bytes, threads),
                expected,
                "{:?} block {block_bytes}",
                String::from_utf8_lossy(data)
            );
        }
    }
}

#[test]
fn line_numbers_follow_the_csv_crate_on_crlf_and_blank_lines() {
    for data in [
        &b"a,b\r\n1,2\r\n\r\n3,4\r\n"[..],
        b"a,b\n\n\n1,2\n3,\"x\ny\"\n\n5,6",
        b"a,b\r1,2\r\r3,4",
        b"\xef\xbb\xbfa;b\n1;2\n1;2;3\n",
        b"\"a\nb\",c\n1,2\n",
        b"a,b\n1,2\n\"",
        b"a\n\"\"\n\n1\n",
    ] {
        agrees_in_small_blocks(data, 11);
    }
}

#[test]
fn empty_and_header_only_files() {
    for data in [&b""[..], b"\n", b"  \r\n", b"a,b", b"a,b\n", b"\"a\nb\",c"] {
        for block_bytes in [1, 2, 4096] {
            assert_eq!(
                blocks(data, None, block_bytes, 2),
                sequential(data, None),
                "{:?}",
                String::from_utf8_lossy(data)
            );
        }
    }
}

/// A byte-order mark on a line of its own: the `csv` crate drops it and skips the then-blank line,
/// so the header is on line 2. The block reader had read only that first line when it asked the
/// `csv` crate for the header, found none, and called the file empty (fuzz target `csv_rows`,
/// session 23: `fuzz/seeds/csv_rows/csv-bom-line-then-header-ragged-row.csv`, blocks of 2 bytes).
#[test]
fn a_byte_order_mark_on_its_own_line_is_not_an_empty_file() {
    for data in [
        &b"\xef\xbb\xbf\na,b\n1,2\n"[..],
        b"\xef\xbb\xbf\r\na,b\r\n1,2\r\n",
        b"\xef\xbb\xbf\n\n\na,b\n1,2,3\n",
        b"\xef\xbb\xbf\n",
        b"\xef\xbb\xbf",
    ] {
        agrees_in_small_blocks(data, 9);
    }
    let rows = sequential(b"\xef\xbb\xbf\na,b\n1,2\n", None).unwrap();
    assert_eq!(rows.header, ["a", "b"]);
}

/// Counts (not just rows) agree, for public, discovered-key and flags tables, on synthetic CTDC
/// data with quoted cells and multi-line records spliced in.
#[test]
fn counts_agree_with_the_sequential_reader() {
    let spec = parse_spec(
        r#"
[privacy]
measure = "zcdp"
rho = 1.0
delta = 1e-9

[[table]]
name = "country_year_gender"
group_by = ["CountryOfExploitation", "yearOfRegistration", "gender"]

[[table]]
name = "citizenship"
group_by = ["CountryOfExploitation", "citizenship"]
keys = "discover"

[[table]]
name = "means"
group_by = ["CountryOfExploitation"]
flags = ["meansOfControlDebtBondage", "meansOfControlThreats"]

[keys]
CountryOfExploitation = ["CO", "EC", "PE"]
yearOfRegistration = { range = [2015, 2024] }
gender = ["Female", "Male", "Transgender/NonConforming", ""]
"#,
    )
    .expect("spec");
    let mut csv = Vec::new();
    tamiz_stats::synth::write_synthetic(&mut csv, 20_000, 3, None).expect("synth");
    // Quote some cells (a separator and a line break inside) in some records.
    let text = String::from_utf8(csv).expect("utf8");
    let mut quoted = String::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i > 0 && i % 97 == 0 {
            quoted.push_str(
                &line
                    .replacen(",synthetic,", ",\"syn,\nthetic\",", 1)
                    .replacen(
                        "Synthetic (tamiz synth)",
                        "\"Synthetic \"\"tamiz\"\"\r\nsynth\"",
                        1,
                    ),
            );
        } else if i % 89 == 0 {
            quoted.push_str(&line.replace('\n', "\r\n"));
        } else {
            quoted.push_str(line);
        }
    }
    let data = quoted.into_bytes();
    let mut seq = Counter::new(&spec);
    read_csv(&data[..], "s.csv", &mut seq, &mut |_| {}).expect("sequential");
    let seq_rows = seq.rows();
    let seq = seq.finish();
    // And both agree with a group-by written out here, for the public table.
    let mut naive = vec![0i64; 3 * 10 * 4];
    let mut rdr = csv::ReaderBuilder::new().from_reader(&data[..]);
    let h = rdr.headers().expect("header").clone();
    let col = |name: &str| h.iter().position(|c| c == name).expect("column");
    let (c, y, g) = (
        col("CountryOfExploitation"),
        col("yearOfRegistration"),
        col("gender"),
    );
    for r in rdr.records() {
        let r = r.expect("record");
        let norm = |v: &str| {
            if v.trim() == "-99" {
                String::new()
            } else {
                v.trim().to_string()
            }
        };
        let ci = ["CO", "EC", "PE"].iter().position(|k| *k == norm(&r[c]));
        let yi = norm(&r[y])
            .parse::<i64>()
            .ok()
            .filter(|v| (2015..=2024).contains(v));
        let gi = ["Female", "Male", "Transgender/NonConforming", ""]
            .iter()
            .position(|k| *k == norm(&r[g]));
        if let (Some(ci), Some(yi), Some(gi)) = (ci, yi, gi) {
            naive[(ci * 10 + (yi - 2015) as usize) * 4 + gi] += 1;
        }
    }
    assert_eq!(seq[0].counts, naive);
    assert!(naive.iter().sum::<i64>() > 10_000);
    for (block_bytes, threads) in [(64, 2), (1000, 3), (4096, 2), (1 << 20, 2), (333, 1)] {
        let mut par = Counter::new(&spec);
        read_csv_blocks(
            &data[..],
            "s.csv",
            &mut par,
            &mut |_| {},
            BlockOptions {
                block_bytes,
                threads,
            },
        )
        .expect("blocks");
        assert_eq!(par.rows(), seq_rows);
        let par = par.finish();
        for (a, b) in par.iter().zip(&seq) {
            assert_eq!(a.counts, b.counts, "block {block_bytes}");
            assert_eq!(a.discovered, b.discovered, "block {block_bytes}");
        }
    }
}

/// With a person unit, blocks are matched on all cores and bounded in file order when merged:
/// with a bound no person reaches, the counts are exactly the sequential reader's; with a bound of
/// one, the same records are read and the same number dropped.
#[test]
fn bounded_counts_agree_with_the_sequential_reader() {
    let mut csv = Vec::new();
    tamiz_stats::synth::write_synthetic(&mut csv, 30_000, 5, None).expect("synth");
    let text = String::from_utf8(csv).expect("utf8");
    // Quote a cell with a line break in some records, so quoted blocks take part too.
    let data: String = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i > 0 && i % 101 == 0 {
                l.replacen(",synthetic,", ",\"syn\nthetic\",", 1)
            } else {
                l.to_string()
            }
        })
        .collect();
    for k in [1000, 1] {
        let spec = parse_spec(&format!(
            r#"
[privacy]
unit = "personId"
max_records_per_person = {k}
measure = "zcdp"
rho = 1.0
delta = 1e-9

[[table]]
name = "country_gender"
group_by = ["CountryOfExploitation", "gender"]

[[table]]
name = "citizenship"
group_by = ["citizenship"]
keys = "discover"

[keys]
CountryOfExploitation = ["CO", "EC", "PE"]
gender = ["Female", "Male", "Transgender/NonConforming", ""]
"#
        ))
        .expect("spec");
        let mut seq = Counter::new(&spec);
        read_csv(data.as_bytes(), "s.csv", &mut seq, &mut |_| {}).expect("sequential");
        let (rows, dropped) = (seq.rows(), seq.dropped_by_bound());
        let seq = seq.finish();
        if k == 1 {
            assert!(dropped > 1000, "the synthetic data repeats persons");
        } else {
            assert_eq!(dropped, 0);
        }
        for (block_bytes, threads) in [(2000, 2), (50_000, 3), (1 << 20, 1)] {
            let mut par = Counter::new(&spec);
            read_csv_blocks(
                data.as_bytes(),
                "s.csv",
                &mut par,
                &mut |_| {},
                BlockOptions {
                    block_bytes,
                    threads,
                },
            )
            .expect("blocks");
            assert_eq!((par.rows(), par.dropped_by_bound()), (rows, dropped));
            let par = par.finish();
            for (a, b) in par.iter().zip(&seq) {
                assert_eq!(a.discovered, b.discovered, "k {k} block {block_bytes}");
                if k == 1000 {
                    assert_eq!(a.counts, b.counts, "k {k} block {block_bytes}");
                } else {
                    // One record kept per person: the same total, whichever record it is.
                    let total = |c: &[i64]| c.iter().sum::<i64>();
                    if a.discovered.is_empty() {
                        assert_eq!(total(&a.counts), total(&b.counts));
                    }
                }
            }
        }
    }
}
