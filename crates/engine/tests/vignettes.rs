//! Golden cases: every file in `tests/vignettes/` holds case facts and the fields of the assessment
//! they must produce. The shared example cases are copied in unchanged; the `rule-*` files add one case
//! per branch of the decision rules.

use std::path::Path;

use serde_json::Value;

fn vignettes() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vignettes");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("tests/vignettes exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable vignette");
            let value: Value = serde_json::from_str(&text).expect("vignette is JSON");
            (p.file_name().unwrap().to_string_lossy().into_owned(), value)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_vignette_gives_its_expected_assessment() {
    let cases = vignettes();
    assert!(
        cases.len() >= 29,
        "expected all golden cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for (file, case) in &cases {
        let input = serde_json::to_string(&case["input"]).unwrap();
        let assessment = tamiz_engine::assess_json(&input)
            .unwrap_or_else(|e| panic!("{file}: input refused: {e}"));
        let actual = serde_json::to_value(&assessment).unwrap();
        let expect = case["expect"].as_object().expect("expect is an object");
        for (field, want) in expect {
            let got = &actual[field.as_str()];
            if got != want {
                failures.push(format!("{file}: `{field}` is {got}, expected {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_branch_has_a_golden_case() {
    // Each outcome value must appear in at least one golden case, so no branch goes untested.
    let cases = vignettes();
    let seen = |field: &str, value: Value| {
        cases.iter().any(|(_, c)| {
            let input = serde_json::to_string(&c["input"]).unwrap();
            let a = serde_json::to_value(tamiz_engine::assess_json(&input).unwrap()).unwrap();
            match &a[field] {
                Value::Array(items) => items.contains(&value),
                other => *other == value,
            }
        })
    };
    for v in ["yes", "no", "indeterminate"] {
        assert!(seen("forced_labour", v.into()), "forced_labour {v}");
        assert!(seen("trafficking", v.into()), "trafficking {v}");
    }
    for v in ["private_economy", "commercial_sexual", "state_imposed"] {
        assert!(seen("category", v.into()), "category {v}");
    }
    for v in ["immediate", "priority", "routine"] {
        assert!(seen("urgency", v.into()), "urgency {v}");
    }
    for r in tamiz_engine::ReferralRoute::ALL {
        assert!(
            seen("referral_routes", r.as_str().into()),
            "route {}",
            r.as_str()
        );
    }
    for n in tamiz_engine::Note::ALL {
        assert!(seen("notes", n.text().into()), "note {}", n.code());
    }
}
