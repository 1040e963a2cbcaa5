//! `tamiz content check [DIR]`: an agency's customised content directory is validated; errors are
//! printed as `file:line: field: message` with exit code 2 (golden messages).

use std::path::Path;

use assert_cmd::Command;
use tamiz_instrument::Instrument;

fn builtin(name: &str) -> String {
    Instrument::builtin_sources()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_owned())
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn check(dir: &Path) -> (i32, String, String) {
    let out = Command::cargo_bin("tamiz")
        .unwrap()
        .args(["content", "check"])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn builtin_content_checks_clean() {
    let out = Command::cargo_bin("tamiz")
        .unwrap()
        .args(["content", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("content OK (built-in content): "),
        "{stdout}"
    );
}

#[test]
fn an_unchanged_copy_and_a_valid_agency_file_pass() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "countries/co.toml",
        &builtin("countries/co.toml"),
    );
    write(
        dir.path(),
        "agency.toml",
        "agency = \"Dirección Territorial\"\n\n[[institution]]\nid = \"co_dt_norte\"\ncountry = \"CO\"\nroutes = [\"labour_inspection\"]\nname = { es = \"Dirección Territorial Norte\", en = \"Northern Territorial Office\" }\ndoes = { es = \"Inspección\", en = \"Inspection\" }\nconfirmed = true\nsource = \"https://intranet.example/dt-norte\"\nchecked = \"2026-11-20\"\n",
    );
    write(dir.path(), "notes.txt", "not content: ignored");
    let (code, stdout, stderr) = check(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("2 file(s) from"), "{stdout}");
    let builtin_count: usize = Instrument::builtin()
        .unwrap()
        .countries
        .values()
        .map(|c| c.institutions.len())
        .sum();
    // The agency's new entry is added to the built-in directory.
    assert!(
        stdout.contains(&format!("{} institutions", builtin_count + 1)),
        "{stdout}"
    );
}

#[test]
fn broken_copies_give_file_line_field_and_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let self_bank = builtin("questions/self.toml");
    let broken_self = self_bank.replacen(
        "observations = [\"coe_violence\"]",
        "observations = [\"coe_violencia\"]",
        1,
    );
    write(dir.path(), "questions/self.toml", &broken_self);
    let co = builtin("countries/co.toml");
    let broken_co = co
        .replacen("value = \"141\"", "value = \"ciento cuarenta y uno\"", 1)
        .replacen("checked = \"2026-11-28\"", "checked = \"2026-28-11\"", 1);
    write(dir.path(), "countries/co.toml", &broken_co);
    write(dir.path(), "agency.toml", "hide = [\"co_icbf_typo\"]\n");

    let (code, stdout, stderr) = check(dir.path());
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "tamiz: error: content check failed with 4 problems:"
    );
    assert!(
        lines[1].starts_with(&format!(
            "questions/self.toml:{}: question[15].observations: unknown observation id `coe_violencia`; the allowed ids are ",
            line_of(&self_bank, "observations = [\"coe_violence\"]")
        )),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        format!("countries/co.toml:{}: law[0].checked: `2026-28-11` is not a date; give the day the source was checked as YYYY-MM-DD", line_of(&co, "checked = \"2026-11-28\""))
    );
    assert_eq!(
        lines[3],
        format!("countries/co.toml:{}: institution[1].contact[0].value: `ciento cuarenta y uno` is not valid for kind `phone`; give a number as dialled: digits, spaces, + ( ) - . (letters only for vanity numbers such as 1800 DELITO)", line_of(&co, "value = \"141\""))
    );
    assert_eq!(
        lines[4],
        "agency.toml:1: hide[0]: `co_icbf_typo` is not a built-in institution id; `hide` takes ids from the country files"
    );
    assert_eq!(lines.len(), 5);
}

#[test]
fn a_missing_translation_and_an_unknown_file_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let results = builtin("results.toml");
    write(dir.path(), "results.toml", &results.replacen("en = \"The person is under 18: child protection rules apply and the best interests of the child guide every step.\"", "en = \" \"", 1));
    write(dir.path(), "questions/extra.toml", "role = \"self\"\n");
    let (code, _, stderr) = check(dir.path());
    assert_eq!(code, 2);
    assert!(
        stderr
            .contains("questions/extra.toml: not a content file; the files are vocabulary.toml, "),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "results.toml:{}: official.child.en: the English text is empty",
            line_of(&results, "child = { es")
        )),
        "{stderr}"
    );
}

#[test]
fn not_a_directory_is_a_usage_error() {
    let (code, _, stderr) = check(Path::new("/nonexistent/tamiz-content"));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("/nonexistent/tamiz-content: not a directory; give the content directory"),
        "{stderr}"
    );
}
