//! The bad-input catalogue: every subcommand fed malformed and hostile input (empty files, binary
//! data, wrong encodings, huge numbers, 10 MB lines, ragged rows, unknown columns, negative budgets,
//! NaN). Each must exit 2 with a message naming the problem and where, never panic, and write nothing:
//! no output directory, no change to the ledger.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn tamiz() -> Command {
    Command::cargo_bin("tamiz").expect("the tamiz binary is built")
}

/// Runs `tamiz args…` and checks the catalogue's promises; returns stderr for further checks.
fn refuses(args: &[&str], stdin: Option<Vec<u8>>, must_mention: &[&str]) -> String {
    let mut cmd = tamiz();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().expect("tamiz runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "tamiz {args:?} should exit 2\nstderr: {stderr}\nstdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        !stderr.contains("panicked"),
        "tamiz {args:?} panicked: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "tamiz {args:?} printed output on failure"
    );
    assert!(stderr.trim().len() > 10, "tamiz {args:?}: no message");
    assert!(
        stderr.lines().count() <= 40,
        "tamiz {args:?}: message should be short, got {} lines",
        stderr.lines().count()
    );
    for needle in must_mention {
        assert!(
            stderr.contains(needle),
            "tamiz {args:?}: message should mention {needle:?}: {stderr}"
        );
    }
    stderr
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Hostile byte strings every text input is fed.
fn hostile_texts() -> Vec<(&'static str, Vec<u8>)> {
    let mut utf16 = vec![0xff, 0xfe];
    for u in "{\"country\":\"PE\"}".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    vec![
        ("empty", Vec::new()),
        ("binary", (0u8..=255).cycle().take(4096).collect()),
        ("utf16", utf16),
        ("latin1", b"pa\xeds = \"Per\xfa\"\n".to_vec()),
        ("ten-megabyte line", vec![b'x'; 10 * 1024 * 1024]),
    ]
}

// ---------------------------------------------------------------- assess

#[test]
fn assess_refuses_hostile_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in hostile_texts() {
        let p = write(
            dir.path(),
            &format!("{}.json", name.replace(' ', "-")),
            bytes,
        );
        refuses(&["assess", "--input", s(&p)], None, &[s(&p)]);
    }
}

#[test]
fn assess_refuses_huge_numbers_nan_and_deep_nesting() {
    for (input, mention) in [
        (
            r#"{"country":"PE","role":"self","person":{"age":1e308}}"#,
            "person.age",
        ),
        (
            r#"{"country":"PE","role":"self","person":{"age":99999999999999999999999}}"#,
            "person.age",
        ),
        (
            r#"{"country":"PE","role":"self","person":{"age":NaN}}"#,
            "malformed JSON",
        ),
        (
            r#"{"country":"PE","role":"self","observations":{"coe_threats":true}}"#,
            "observations.coe_threats",
        ),
    ] {
        refuses(&["assess"], Some(input.as_bytes().to_vec()), &[mention]);
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    refuses(&["assess"], Some(deep.into_bytes()), &["malformed JSON"]);
    let long_value = format!(
        r#"{{"country":"PE","role":"self","observations":{{"{}":"yes"}}}}"#,
        "a".repeat(10 * 1024 * 1024)
    );
    let err = refuses(
        &["assess"],
        Some(long_value.into_bytes()),
        &["unknown observation id"],
    );
    assert!(err.len() < 20_000, "the 10 MB id must not be echoed whole");
}

// ---------------------------------------------------------------- content

#[test]
fn content_check_refuses_hostile_files_naming_the_file() {
    for (name, bytes) in hostile_texts() {
        let dir = tempfile::tempdir().unwrap();
        let questions = dir.path().join("questions");
        std::fs::create_dir_all(&questions).unwrap();
        write(&questions, "self.toml", &bytes);
        let err = refuses(&["content", "check", s(dir.path())], None, &["self.toml"]);
        assert!(
            err.len() < 20_000,
            "{name}: message too long ({} bytes)",
            err.len()
        );
    }
}

#[test]
fn content_check_refuses_a_missing_directory() {
    refuses(
        &["content", "check", "/no/such/content/dir"],
        None,
        &["/no/such/content/dir"],
    );
}

// ---------------------------------------------------------------- stats

const SPEC: &str = r#"
[privacy]
unit = "personId"
max_records_per_person = 2
measure = "zcdp"
rho = 0.5
delta = 1e-9

[[table]]
name = "by_country_year"
group_by = ["CountryOfExploitation", "yearOfRegistration"]

[keys]
CountryOfExploitation = ["CO", "EC", "PE"]
yearOfRegistration = { range = [2015, 2024] }
"#;

const GOOD_CSV: &str = "personId,CountryOfExploitation,yearOfRegistration,gender\n\
                        1,CO,2019,Female\n2,PE,2020,Male\n3,EC,2021,Female\n";

struct StatsFixture {
    dir: tempfile::TempDir,
    spec: PathBuf,
    ledger: PathBuf,
}

impl StatsFixture {
    fn new() -> StatsFixture {
        let dir = tempfile::tempdir().unwrap();
        let spec = write(dir.path(), "spec.toml", SPEC);
        let ledger = dir.path().join("ledger.jsonl");
        tamiz()
            .args(["stats", "ledger", "init", s(&ledger), "--rho", "1"])
            .assert()
            .success();
        StatsFixture { dir, spec, ledger }
    }

    /// The ledger's files, byte for byte, to prove a refused release spent nothing.
    fn ledger_state(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains("ledger"))
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read(&p).unwrap_or_default(),
                )
            })
            .collect();
        files.sort();
        files
    }

    fn release_refused(&self, data_name: &str, data: &[u8], must_mention: &[&str]) {
        let input = write(self.dir.path(), data_name, data);
        let out = self.dir.path().join(format!("out-{data_name}"));
        let before = self.ledger_state();
        refuses(
            &[
                "stats",
                "release",
                "--spec",
                s(&self.spec),
                "--input",
                s(&input),
                "--ledger",
                s(&self.ledger),
                "--out",
                s(&out),
            ],
            None,
            must_mention,
        );
        assert!(!out.exists(), "{data_name}: output written on failure");
        assert_eq!(
            before,
            self.ledger_state(),
            "{data_name}: budget spent on failure"
        );
    }
}

#[test]
fn release_refuses_hostile_data_files_and_spends_nothing() {
    let f = StatsFixture::new();
    for (name, bytes) in hostile_texts() {
        f.release_refused(
            &format!("{}.csv", name.replace(' ', "-")),
            &bytes,
            &[".csv"],
        );
    }
    f.release_refused(
        "binary.xlsx",
        &[0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff],
        &["binary.xlsx", "save it again as an Excel workbook"],
    );
    f.release_refused(
        "text.xlsx",
        GOOD_CSV.as_bytes(),
        &["text.xlsx", "or export the sheet as CSV"],
    );
}

#[test]
fn release_names_file_line_and_column_for_bad_rows() {
    let f = StatsFixture::new();
    f.release_refused(
        "ragged.csv",
        b"personId,CountryOfExploitation,yearOfRegistration\n1,CO,2019\n2,PE\n",
        &["ragged.csv", "3"],
    );
    f.release_refused(
        "missing-column.csv",
        b"personId,CountryOfExploitation,gender\n1,CO,Female\n",
        &["missing-column.csv", "yearOfRegistration"],
    );
    f.release_refused(
        "huge-year.csv",
        b"personId,CountryOfExploitation,yearOfRegistration\n1,CO,99999999999999999999999\n",
        &["huge-year.csv", "2", "yearOfRegistration"],
    );
    f.release_refused(
        "nan-year.csv",
        b"personId,CountryOfExploitation,yearOfRegistration\n1,CO,NaN\n",
        &["nan-year.csv", "2", "yearOfRegistration"],
    );
}

#[test]
fn release_refuses_bad_specs_and_spends_nothing() {
    let f = StatsFixture::new();
    let data = write(f.dir.path(), "good.csv", GOOD_CSV);
    for (name, spec, mention) in [
        ("negative", SPEC.replace("rho = 0.5", "rho = -0.5"), "rho"),
        ("nan", SPEC.replace("rho = 0.5", "rho = nan"), "rho"),
        ("infinite", SPEC.replace("rho = 0.5", "rho = inf"), "rho"),
        ("huge", SPEC.replace("rho = 0.5", "rho = 1e308"), "rho"),
        // Found by the release_spec fuzz target: it used to hang in OpenDP's accuracy helper.
        (
            "tiny",
            SPEC.replace("rho = 0.5", "rho = 4e-90"),
            "raise rho",
        ),
        (
            "unknown-column",
            SPEC.replace("\"yearOfRegistration\"]", "\"yearOfBirth\"]"),
            "yearOfBirth",
        ),
        ("empty", String::new(), "spec"),
    ] {
        let spec = write(f.dir.path(), &format!("{name}.toml"), spec);
        let out = f.dir.path().join(format!("out-{name}"));
        let before = f.ledger_state();
        refuses(
            &[
                "stats",
                "release",
                "--spec",
                s(&spec),
                "--input",
                s(&data),
                "--ledger",
                s(&f.ledger),
                "--out",
                s(&out),
            ],
            None,
            &[mention],
        );
        assert!(!out.exists(), "{name}: output written");
        assert_eq!(before, f.ledger_state(), "{name}: budget spent");
    }
}

#[test]
fn plan_refuses_hostile_specs() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in hostile_texts() {
        let p = write(
            dir.path(),
            &format!("{}.toml", name.replace(' ', "-")),
            bytes,
        );
        refuses(&["stats", "plan", "--spec", s(&p)], None, &[s(&p)]);
    }
}

#[test]
fn ledger_init_refuses_bad_budgets_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for budget in ["-1", "0", "NaN", "inf", "1e400", "abc"] {
        let ledger = dir.path().join(format!("ledger-{budget}.jsonl"));
        let out = tamiz()
            .args(["stats", "ledger", "init", s(&ledger), "--rho", budget])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--rho {budget}: {stderr}");
        assert!(!stderr.contains("panicked"));
        assert!(!ledger.exists(), "--rho {budget}: ledger written");
    }
}

#[test]
fn ledger_show_refuses_hostile_ledgers() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in hostile_texts() {
        let p = write(
            dir.path(),
            &format!("{}.jsonl", name.replace(' ', "-")),
            bytes,
        );
        let out = tamiz()
            .args(["stats", "ledger", "show", s(&p)])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(1) | Some(2)),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(stderr.contains(s(&p)), "{name}: {stderr}");
    }
}

#[test]
fn combine_refuses_broken_release_directories() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let broken = dir.path().join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    write(&broken, "release.json", b"{\"tables\": [");
    let out = dir.path().join("combined");
    refuses(
        &["stats", "combine", s(&empty), s(&broken), "--out", s(&out)],
        None,
        &["release.json"],
    );
    assert!(!out.exists());
}

// ---------------------------------------------------------------- synth

#[test]
fn synth_refuses_absurd_row_counts_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for rows in ["-5", "abc", "99999999999999999999999"] {
        let out = dir.path().join(format!("synth{rows}.csv"));
        let o = tamiz()
            .args(["synth", "--rows", rows, "--seed", "1", "--out", s(&out)])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "--rows {rows}");
        assert!(!out.exists());
    }
    let o = tamiz()
        .args([
            "synth",
            "--rows",
            "10",
            "--seed",
            "1",
            "--country",
            "Colombia",
            "--out",
        ])
        .arg(dir.path().join("country.csv"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "a country that is not an ISO code must be refused"
    );
    assert!(!dir.path().join("country.csv").exists());
}

/// A CSV of several blocks (the release reads 2 MiB blocks on every core): quoted cells with line
/// breaks shift line numbers, and a bad value near the end must still be reported at its own line,
/// with nothing released and nothing spent. The same file without the bad value is released whole.
#[test]
fn release_of_a_multi_block_file_reports_a_late_bad_row_and_spends_nothing() {
    let spec = "[privacy]\nmeasure = \"zcdp\"\nrho = 0.5\n\n[[table]]\nname = \"t\"\n\
                group_by = [\"CountryOfExploitation\", \"yearOfRegistration\"]\n\n[keys]\n\
                CountryOfExploitation = [\"CO\", \"EC\", \"PE\"]\n\
                yearOfRegistration = { range = [2015, 2024] }\n";
    let rows = 300_000;
    let bad_row = rows - 17;
    let mut good = String::from("note,CountryOfExploitation,yearOfRegistration,gender\n");
    let mut bad = good.clone();
    let mut bad_line = 0;
    for i in 0..rows {
        let note = if i % 1000 == 7 {
            "\"two\nlines, quoted\""
        } else {
            "plain"
        };
        let country = ["CO", "EC", "PE"][i % 3];
        let row = format!("{note},{country},{},Female\n", 2015 + i % 10);
        if i == bad_row {
            bad_line = bad.matches('\n').count() + 1;
            bad.push_str(&format!("{note},{country},20x9,Female\n"));
        } else {
            bad.push_str(&row);
        }
        good.push_str(&row);
    }
    assert!(good.len() > 6 << 20, "at least two blocks");
    let f = StatsFixture::new();
    let spec_path = write(f.dir.path(), "big-spec.toml", spec);
    let bad_path = write(f.dir.path(), "big-bad.csv", &bad);
    let before = f.ledger_state();
    let out = f.dir.path().join("out-big-bad");
    let stderr = refuses(
        &[
            "stats",
            "release",
            "--spec",
            s(&spec_path),
            "--input",
            s(&bad_path),
            "--ledger",
            s(&f.ledger),
            "--out",
            s(&out),
        ],
        None,
        &[&format!(
            "big-bad.csv:{bad_line}: column 3 (yearOfRegistration): bad number \"20x9\""
        )],
    );
    assert!(stderr.contains("no budget was spent"), "{stderr}");
    assert!(!out.exists());
    assert_eq!(before, f.ledger_state(), "budget spent on failure");

    let good_path = write(f.dir.path(), "big-good.csv", &good);
    let out = f.dir.path().join("out-big-good");
    let done = tamiz()
        .args([
            "stats",
            "release",
            "--spec",
            s(&spec_path),
            "--input",
            s(&good_path),
            "--ledger",
            s(&f.ledger),
            "--out",
            s(&out),
        ])
        .output()
        .expect("tamiz runs");
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("read {rows} records")), "{stderr}");
    assert!(out.join("release.json").exists());
}
