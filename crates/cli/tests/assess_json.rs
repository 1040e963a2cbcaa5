//! `tamiz assess` as a user runs it: the JSON contract on stdout, exit 2 with one clear message on bad
//! input, nothing on stdout unless the assessment is complete.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn tamiz() -> Command {
    Command::cargo_bin("tamiz").expect("the tamiz binary is built")
}

fn vignette_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/vignettes")
}

#[test]
fn assess_prints_the_engine_assessment_for_every_golden_case() {
    let mut checked = 0;
    for entry in std::fs::read_dir(vignette_dir()).unwrap() {
        let path = entry.unwrap().path();
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let input = serde_json::to_string(&case["input"]).unwrap();
        let out = tamiz()
            .arg("assess")
            .write_stdin(input.clone())
            .assert()
            .success();
        let printed: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        let direct = serde_json::to_value(tamiz_engine::assess_json(&input).unwrap()).unwrap();
        assert_eq!(printed, direct, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 10);
}

#[test]
fn assess_reads_a_file_and_prints_exactly_the_contract_fields() {
    let file = vignette_dir().join("pe-restaurant-passport-debt.json");
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("facts.json");
    std::fs::write(&input, serde_json::to_string(&case["input"]).unwrap()).unwrap();
    let out = tamiz()
        .args(["assess", "--input"])
        .arg(&input)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "category",
            "child",
            "forced_labour",
            "indicators",
            "labour_rights_concern",
            "notes",
            "referral_routes",
            "schema",
            "trafficking",
            "trafficking_elements",
            "urgency"
        ]
    );
    assert_eq!(v["schema"], "tamiz.assessment/1");
    assert_eq!(v["forced_labour"], "yes");
}

fn refused(input: &str, expected: &str) {
    tamiz()
        .arg("assess")
        .write_stdin(input.to_owned())
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(expected))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn bad_input_exits_2_naming_the_field_and_allowed_values() {
    refused("{\"country\": ", "malformed JSON at line 1");
    refused("", "the input is empty");
    refused(
        r#"{"country":"PE","role":"self","observations":{"coe_passport":"yes"}}"#,
        "unknown observation id `coe_passport`",
    );
    refused(
        r#"{"country":"PE","role":"self","observations":{"coe_threats":"si"}}"#,
        "`observations.coe_threats`: unknown value `si`, expected one of `yes`, `no`, `unknown`, `declined`",
    );
    refused(
        r#"{"country":"BR","role":"self"}"#,
        "`country`: unknown value `BR`, expected one of `CO`, `EC`, `PE`",
    );
    refused(
        r#"{"country":"CO","role":"police"}"#,
        "expected one of `inspector`, `migration`, `prosecutor`, `self`",
    );
    refused(
        r#"{"country":"CO","role":"self","person":{"age":-1}}"#,
        "`person.age`: -1 is not an age",
    );
}

#[test]
fn binary_and_non_utf8_input_is_refused_cleanly() {
    tamiz()
        .arg("assess")
        .write_stdin(vec![0xff, 0xfe, 0x00, 0x41])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("not UTF-8"));
}

#[test]
fn a_missing_file_is_named() {
    tamiz()
        .args(["assess", "--input", "/no/such/facts.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/facts.json"));
}

#[test]
fn unknown_flags_are_usage_errors() {
    tamiz().args(["assess", "--bogus"]).assert().code(2);
}
