//! `tamiz content dump`: the whole instrument as JSON, for review and translation.

use assert_cmd::Command;

fn dump() -> serde_json::Value {
    let out = Command::cargo_bin("tamiz")
        .unwrap()
        .args(["content", "dump"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("dump is JSON")
}

#[test]
fn dump_has_questions_with_roles_ids_and_both_languages() {
    let d = dump();
    assert_eq!(d["schema"], "tamiz.instrument/1");
    for role in ["inspector", "migration", "prosecutor", "self"] {
        let bank = &d["banks"][role];
        assert_eq!(bank["role"], role);
        let questions = bank["question"].as_array().unwrap();
        assert!(questions.len() >= 12, "{role}");
        for q in questions {
            assert!(q["text"]["es"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(q["text"]["en"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(q["help"]["en"].is_string());
        }
    }
    let danger = d["banks"]["self"]["question"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "self_danger")
        .unwrap();
    assert_eq!(
        danger["observations"],
        serde_json::json!(["ctx_immediate_danger"])
    );
}

#[test]
fn dump_has_directories_and_legal_references_with_sources() {
    let d = dump();
    for country in ["CO", "EC", "PE"] {
        let c = &d["countries"][country];
        assert!(c["law"].as_array().unwrap().len() >= 4, "{country}");
        for inst in c["institution"].as_array().unwrap() {
            assert!(inst["source"].as_str().unwrap().starts_with("http"));
            assert!(inst["checked"].is_string());
            assert!(inst["confirmed"].is_boolean());
        }
    }
    assert_eq!(
        d["vocabulary"]["answers"]["declined"]["es"],
        "Prefiero no responder"
    );
    assert_eq!(
        d["vocabulary"]["notes"]["coercion_declined"]["en"],
        "Questions about coercion were declined: offer a safe, private follow-up."
    );
}

#[test]
fn a_closed_pipe_does_not_panic() {
    // `tamiz content dump | head -1`: the reader goes away early; the command must end quietly.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tamiz"))
        .args(["content", "dump"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
