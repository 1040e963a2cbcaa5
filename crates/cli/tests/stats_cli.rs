//! `tamiz stats` and `tamiz synth` through the binary: the flow an analyst runs, refusals that spend
//! nothing, and input errors that exit 2 naming file, line and column. Statistical checks live in
//! the library's tests (no process spawns there).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;

fn tamiz() -> Command {
    Command::cargo_bin("tamiz").unwrap()
}

fn issue_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../stats/tests/data/issue5.toml")
}

fn synth(dir: &Path, name: &str, rows: u64, seed: u64, country: Option<&str>) -> PathBuf {
    let out = dir.join(name);
    let mut c = tamiz();
    c.args([
        "synth",
        "--rows",
        &rows.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
    ])
    .arg(&out);
    if let Some(k) = country {
        c.args(["--country", k]);
    }
    c.assert().success();
    out
}

fn init(dir: &Path, rho: &str) -> PathBuf {
    let l = dir.join("ledger.jsonl");
    tamiz()
        .args(["stats", "ledger", "init"])
        .arg(&l)
        .args(["--rho", rho])
        .assert()
        .success();
    l
}

fn release(spec: &Path, input: &Path, ledger: &Path, out: &Path) -> Command {
    let mut c = tamiz();
    c.args(["stats", "release", "--spec"])
        .arg(spec)
        .arg("--input")
        .arg(input)
        .arg("--ledger")
        .arg(ledger)
        .arg("--out")
        .arg(out);
    c
}

fn ledger_entries(l: &Path) -> usize {
    std::fs::read_to_string(l).unwrap().lines().count()
}

#[test]
fn plan_release_show_and_refuse_overspend() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    tamiz()
        .args(["stats", "plan", "--spec"])
        .arg(issue_spec())
        .assert()
        .success()
        .stdout(contains("by_country_year_gender"))
        .stdout(contains("±95%"));
    let data = synth(d, "syn.csv", 2000, 3, None);
    let l = init(d, "0.8");
    release(&issue_spec(), &data, &l, &d.join("r1"))
        .assert()
        .success()
        .stdout(contains("rho = 0.5"));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("r1/release.json")).unwrap()).unwrap();
    assert_eq!(r["tables"].as_array().unwrap().len(), 3);
    let cell = &r["tables"][0]["cells"][0];
    for k in ["key", "count", "ci_low", "ci_high"] {
        assert!(!cell[k].is_null(), "cell lacks {k}");
    }
    assert!(r["privacy"]["epsilon_at_delta"].as_f64().unwrap() > 0.0);
    assert_eq!(
        r["tables"][2]["cells"][0]["key"]["flag"],
        "meansOfControlDebtBondage"
    );
    for t in [
        "by_country_year_gender",
        "by_country_citizenship",
        "means_of_control",
    ] {
        assert!(d.join(format!("r1/{t}.csv")).exists());
    }
    // Second release would need 0.5 of the 0.3 left: refused, nothing written, nothing spent.
    release(&issue_spec(), &data, &l, &d.join("r2"))
        .assert()
        .code(1)
        .stderr(contains("refused"))
        .stderr(contains("no budget was spent"));
    assert!(!d.join("r2").exists());
    assert_eq!(ledger_entries(&l), 2);
    // A release directory is never overwritten.
    release(&issue_spec(), &data, &l, &d.join("r1"))
        .assert()
        .code(2)
        .stderr(contains("already holds a release"));
    tamiz()
        .args(["stats", "ledger", "show"])
        .arg(&l)
        .assert()
        .success()
        .stdout(contains("hash chain verified"))
        .stdout(contains("remaining 0.3"));
}

#[test]
fn tampered_ledger_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let l = init(d, "1");
    let text = std::fs::read_to_string(&l).unwrap();
    std::fs::write(&l, text.replace("\"amount\":1.0", "\"amount\":5.0")).unwrap();
    tamiz()
        .args(["stats", "ledger", "show"])
        .arg(&l)
        .assert()
        .code(1)
        .stderr(contains("refused"));
    let data = synth(d, "syn.csv", 100, 1, None);
    release(&issue_spec(), &data, &l, &d.join("r"))
        .assert()
        .code(1)
        .stderr(contains("hash chain"));
    assert!(!d.join("r").exists());
}

#[test]
fn combine_country_releases() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let spec = d.join("spec.toml");
    std::fs::write(
        &spec,
        std::fs::read_to_string(issue_spec())
            .unwrap()
            .replace("[keys]", "[post]\nconsistent = true\n\n[keys]"),
    )
    .unwrap();
    let mut outs = Vec::new();
    for (i, c) in ["CO", "EC", "PE"].iter().enumerate() {
        let sub = d.join(c);
        std::fs::create_dir(&sub).unwrap();
        let data = synth(&sub, "data.csv", 1500, i as u64, Some(c));
        let l = init(&sub, "0.5");
        release(&spec, &data, &l, &sub.join("out"))
            .assert()
            .success();
        outs.push(sub.join("out"));
    }
    tamiz()
        .args(["stats", "combine"])
        .args(&outs)
        .arg("--out")
        .arg(d.join("all"))
        .assert()
        .success()
        .stdout(contains("budgets add"));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("all/release.json")).unwrap())
            .unwrap();
    assert!((r["privacy"]["rho"].as_f64().unwrap() - 1.5).abs() < 1e-6);
    assert_eq!(r["combined"]["releases"], 3);
    assert!(!r["tables"][0]["margins"].as_array().unwrap().is_empty());
    tamiz()
        .args(["stats", "combine"])
        .args(&outs)
        .arg("--out")
        .arg(d.join("disj"))
        .arg("--disjoint")
        .assert()
        .success();
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("disj/release.json")).unwrap())
            .unwrap();
    assert!((r["privacy"]["rho"].as_f64().unwrap() - 0.5).abs() < 1e-6);
    // A release of another spec does not combine.
    let other = d.join("other.toml");
    std::fs::write(
        &other,
        std::fs::read_to_string(issue_spec())
            .unwrap()
            .replace("rho = 0.5", "rho = 0.25"),
    )
    .unwrap();
    let l = d.join("CO/ledger.jsonl");
    std::fs::remove_file(&l).unwrap();
    std::fs::remove_file(d.join("CO/ledger.jsonl.head")).unwrap();
    init(&d.join("CO"), "1");
    release(&other, &d.join("CO/data.csv"), &l, &d.join("CO/o2"))
        .assert()
        .success();
    tamiz()
        .args(["stats", "combine"])
        .arg(&outs[1])
        .arg(d.join("CO/o2"))
        .arg("--out")
        .arg(d.join("bad"))
        .assert()
        .code(2)
        .stderr(contains("different spec"));
}

/// Every input error exits 2, names file, line and column, writes nothing and spends nothing.
#[test]
fn input_errors_exit_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let l = init(d, "10");
    let header = "personId,yearOfRegistration,gender,CountryOfExploitation,citizenship,meansOfControlDebtBondage,meansOfControlThreats,meansOfControlWithholdsDocuments";
    let good = "p1,2019,Female,CO,VE,1,0,0";
    let cases: [(&str, String, &str, &str); 4] = [
        (
            "unknown column",
            format!("{}\n{good}\n", header.replace("gender", "sex")),
            ":1:",
            "gender",
        ),
        (
            "bad number",
            format!("{header}\n{good}\np2,20l9,Male,CO,VE,0,0,0\n"),
            ":3:",
            "2 (yearOfRegistration)",
        ),
        (
            "ragged row",
            format!("{header}\n{good}\n{good}\np3,2019,Male,CO\n"),
            ":4:",
            "column 5",
        ),
        (
            "bad number",
            format!("{header}\n{good}\np4,2019,Male,CO,VE,0,si,0\n"),
            ":3:",
            "7 (meansOfControlThreats)",
        ),
    ];
    for (i, (what, text, line, column)) in cases.iter().enumerate() {
        let input = d.join(format!("bad{i}.csv"));
        std::fs::write(&input, text).unwrap();
        let out = d.join(format!("out{i}"));
        release(&issue_spec(), &input, &l, &out)
            .assert()
            .code(2)
            .stderr(contains(*what))
            .stderr(contains(format!("bad{i}.csv{line}")))
            .stderr(contains(*column));
        assert!(!out.exists(), "{what}: output written");
    }
    // Missing key: a group_by column with no [keys] entry, reported in the spec.
    let spec = d.join("spec.toml");
    std::fs::write(
        &spec,
        std::fs::read_to_string(issue_spec()).unwrap().replace(
            "gender = [\"Female\", \"Male\", \"Transgender/NonConforming\", \"\"]\n",
            "",
        ),
    )
    .unwrap();
    let input = d.join("ok.csv");
    std::fs::write(&input, format!("{header}\n{good}\n")).unwrap();
    release(&spec, &input, &l, &d.join("o"))
        .assert()
        .code(2)
        .stderr(contains("spec.toml:10:"))
        .stderr(contains("missing key"))
        .stderr(contains("gender"));
    // Missing key in screening records (JSON lines).
    let sspec = d.join("s.toml");
    std::fs::write(&sspec, "[privacy]\nrho = 0.1\n[[table]]\nname = \"s\"\ngroup_by = [\"country\"]\n[keys]\ncountry = [\"CO\"]\n").unwrap();
    let jl = d.join("s.jsonl");
    std::fs::write(&jl, "{\"date\": \"2024-01-01\"}\n").unwrap();
    release(&sspec, &jl, &l, &d.join("o"))
        .assert()
        .code(2)
        .stderr(contains("s.jsonl:1: column country"))
        .stderr(contains("missing key"));
    // A bad spec: line and column of the offending value.
    std::fs::write(&spec, "[privacy]\nrho = \"lots\"\n").unwrap();
    release(&spec, &input, &l, &d.join("o"))
        .assert()
        .code(2)
        .stderr(contains("spec.toml:2:7"));
    tamiz()
        .args(["stats", "plan", "--spec"])
        .arg(&spec)
        .assert()
        .code(2);
    // Nothing was spent by any of these.
    assert_eq!(ledger_entries(&l), 1);
    // Bad flags.
    tamiz()
        .args(["stats", "release", "--spec"])
        .arg(issue_spec())
        .args(["--alpha", "2"])
        .arg("--input")
        .arg(&input)
        .arg("--ledger")
        .arg(&l)
        .arg("--out")
        .arg(d.join("o"))
        .assert()
        .code(2);
    tamiz()
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
        .arg(d.join("x.csv"))
        .assert()
        .code(2);
}

#[test]
fn xlsx_release_with_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let l = init(d, "2");
    let x = Path::new(env!("CARGO_MANIFEST_DIR")).join("../stats/tests/data/cases.xlsx");
    release(&issue_spec(), &x, &l, &d.join("o"))
        .arg("--sheet")
        .arg("Casos")
        .assert()
        .success();
    release(&issue_spec(), &x, &l, &d.join("o2"))
        .arg("--sheet")
        .arg("Errores")
        .assert()
        .code(2)
        .stderr(contains("cases.xlsx:2: column B (yearOfRegistration)"));
}

#[test]
fn synth_is_reproducible_marked_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let a = synth(dir.path(), "a.csv", 300, 5, Some("PE"));
    let b = synth(dir.path(), "b.csv", 300, 5, Some("PE"));
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    assert!(text.starts_with("SYNTHETIC,personId,"));
    assert_eq!(text.lines().count(), 301);
    assert!(text
        .lines()
        .skip(1)
        .all(|l| l.starts_with("synthetic,") && l.contains(",PE,")));
    tamiz()
        .args(["synth", "--rows", "5", "--seed", "1", "--out"])
        .arg(&a)
        .assert()
        .code(2)
        .stderr(contains("never overwrites"));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), text);
}
