//! The ledger and the outputs under faults, with real processes: many `tamiz stats release` at once
//! on one ledger never overspend it, and a release killed at any moment leaves a valid ledger and no
//! partial output (either a complete release or none).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn tamiz_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("tamiz")
}

fn tamiz() -> Command {
    Command::new(tamiz_path())
}

const SPEC: &str = r#"
[privacy]
unit = "personId"
max_records_per_person = 2
measure = "zcdp"
rho = 0.3
delta = 1e-9

[[table]]
name = "by_country_year_gender"
group_by = ["CountryOfExploitation", "yearOfRegistration", "gender"]

[[table]]
name = "means_of_control"
flags = ["meansOfControlDebtBondage", "meansOfControlThreats"]
group_by = ["CountryOfExploitation"]

[keys]
CountryOfExploitation = ["CO", "EC", "PE"]
yearOfRegistration = { range = [2015, 2024] }
gender = ["Female", "Male", "Transgender/NonConforming", ""]
"#;

fn setup(dir: &Path, rows: u32, budget: &str) -> (PathBuf, PathBuf, PathBuf) {
    let spec = dir.join("spec.toml");
    std::fs::write(&spec, SPEC).unwrap();
    let data = dir.join("data.csv");
    let ok = tamiz()
        .args(["synth", "--rows", &rows.to_string(), "--seed", "3", "--out"])
        .arg(&data)
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok, "synth failed");
    let ledger = dir.join("ledger.jsonl");
    let ok = tamiz()
        .args(["stats", "ledger", "init"])
        .arg(&ledger)
        .args(["--rho", budget])
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok, "ledger init failed");
    (spec, data, ledger)
}

fn release(spec: &Path, data: &Path, ledger: &Path, out: &Path) -> Command {
    let mut cmd = tamiz();
    cmd.args(["stats", "release", "--spec"])
        .arg(spec)
        .arg("--input")
        .arg(data)
        .arg("--ledger")
        .arg(ledger)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// `ledger show` must accept the ledger (hash chain intact) — returns its text.
fn ledger_is_valid(ledger: &Path) -> String {
    let out = tamiz()
        .args(["stats", "ledger", "show"])
        .arg(ledger)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "ledger refused after a fault: {stderr}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether a release wrote its output: true if the directory is complete (release.json parses and
/// every table's CSV is there), false if it holds no visible output (absent, empty, or only hidden
/// staging files left by a kill). Anything in between, a partial output, fails the test.
fn wrote_complete_output(out: &Path) -> bool {
    if !out.exists() {
        return false;
    }
    let visible: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    if !visible.iter().any(|n| n == "release.json") {
        // release.json is renamed into place last: without it, nothing visible may exist.
        assert!(
            visible.is_empty(),
            "{}: partial output without release.json: {visible:?}",
            out.display()
        );
        return false;
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("release.json")).unwrap())
            .expect("release.json is complete JSON");
    for t in json["tables"].as_array().expect("tables") {
        let name = t["name"].as_str().expect("table name");
        assert!(
            out.join(format!("{name}.csv")).exists(),
            "{}: release.json without {name}.csv",
            out.display()
        );
    }
    true
}

#[test]
fn concurrent_release_processes_never_overspend_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    // Budget for exactly three releases of rho 0.3.
    let (spec, data, ledger) = setup(dir.path(), 2_000, "1.0");
    let children: Vec<_> = (0..8)
        .map(|i| {
            release(&spec, &data, &ledger, &dir.path().join(format!("out{i}")))
                .spawn()
                .unwrap()
        })
        .collect();
    let mut succeeded = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        if out.status.success() {
            succeeded += 1;
        } else {
            assert!(stderr.contains("refused"), "unexpected failure: {stderr}");
        }
    }
    assert_eq!(
        succeeded, 3,
        "exactly the affordable number of releases succeed"
    );
    let outputs = (0..8)
        .filter(|i| wrote_complete_output(&dir.path().join(format!("out{i}"))))
        .count();
    assert_eq!(outputs, 3, "only the paid-for releases wrote output");
    let shown = ledger_is_valid(&ledger);
    assert!(!shown.is_empty());
}

#[test]
fn a_release_killed_at_any_moment_leaves_a_valid_ledger_and_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, data, ledger) = setup(dir.path(), 150_000, "100");
    // Time one full release, then kill others at spread-out fractions of that time.
    let started = std::time::Instant::now();
    let status = release(&spec, &data, &ledger, &dir.path().join("timed"))
        .status()
        .unwrap();
    assert!(status.success());
    let full = started.elapsed();
    // Starts a release, kills it after `delay`, checks the ledger and the output; true if the
    // release completed before the kill.
    let mut runs = 0;
    let mut kill_after = |delay: Duration| {
        let out = dir.path().join(format!("killed{runs}"));
        runs += 1;
        let mut child = release(&spec, &data, &ledger, &out).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL: no cleanup code runs.
        let _ = child.wait();
        ledger_is_valid(&ledger);
        wrote_complete_output(&out)
    };
    let mut complete = 0;
    let mut killed_before_output = 0;
    // From 0 to 2× the measured time, so that kills land early, mid-write and after completion.
    for i in 0..12u32 {
        if kill_after(full.mul_f64(f64::from(i) / 5.5) + Duration::from_millis(1)) {
            complete += 1;
        } else {
            killed_before_output += 1;
        }
    }
    // On a loaded machine every later release may take over twice the measured time; wait longer
    // (doubling, up to 64×) until one completes, rather than depend on the machine's speed.
    let mut delay = full * 4;
    while complete == 0 && delay <= full * 64 {
        if kill_after(delay) {
            complete += 1;
        }
        delay *= 2;
    }
    // The kills must have landed both before and after completion for the test to mean anything.
    assert!(killed_before_output > 0, "no kill interrupted a release");
    assert!(
        complete > 0,
        "no release completed before its kill, even at 64× the {full:?} of the timed one"
    );
    // A new release on the same ledger still works after all that.
    let ok = release(&spec, &data, &ledger, &dir.path().join("after"))
        .status()
        .unwrap()
        .success();
    assert!(ok, "the ledger is usable after the kills");
}
