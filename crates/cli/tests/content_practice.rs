//! Practice cases (training mode) are part of the content: `tamiz content check` validates them
//! (built-in, or an agency's own under `practice/`), and `tamiz content dump` lists them.

use assert_cmd::Command;
use predicates::prelude::*;

fn tamiz() -> Command {
    Command::cargo_bin("tamiz").expect("the tamiz binary is built")
}

const CASE: &str = include_str!("../../practice/cases/pe-restaurant-passport-debt.toml");

#[test]
fn check_counts_the_builtin_practice_cases() {
    tamiz()
        .args(["content", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("27 practice cases"));
}

#[test]
fn check_validates_an_agencys_own_practice_cases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("practice")).unwrap();
    std::fs::write(dir.path().join("practice/own.toml"), CASE).unwrap();
    tamiz()
        .args(["content", "check"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("1 practice cases"));
}

#[test]
fn a_broken_practice_case_is_named_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("practice")).unwrap();
    let broken = CASE.replacen("answer = \"yes\"", "answer = \"perhaps\"", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("perhaps"))
        .expect("the edit landed")
        + 1;
    std::fs::write(dir.path().join("practice/broken.toml"), broken).unwrap();
    tamiz()
        .args(["content", "check"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "practice/broken.toml:{line}: observation[0].answer: unknown value `perhaps`"
        )));
}

#[test]
fn a_practice_case_whose_expected_result_is_wrong_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("practice")).unwrap();
    let wrong = CASE.replacen("forced_labour = \"yes\"", "forced_labour = \"no\"", 1);
    assert_ne!(wrong, CASE, "the edit landed");
    std::fs::write(dir.path().join("practice/wrong.toml"), wrong).unwrap();
    tamiz()
        .args(["content", "check"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("practice/wrong.toml"))
        .stderr(predicate::str::contains("forced_labour"));
}

#[test]
fn dump_lists_the_practice_cases_in_both_languages() {
    let out = tamiz().args(["content", "dump"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let cases = v["practice_cases"].as_array().expect("practice_cases");
    assert_eq!(cases.len(), 27);
    for c in cases {
        assert!(c["narrative"][0]["text"]["es"].is_string(), "{}", c["id"]);
        assert!(c["narrative"][0]["text"]["en"].is_string(), "{}", c["id"]);
    }
}
