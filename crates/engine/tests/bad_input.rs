//! Every way case facts can be wrong gets an error that names the field and what is allowed.

use tamiz_engine::{CaseFacts, FactsError};

fn error(text: &str) -> String {
    match CaseFacts::from_json(text) {
        Ok(f) => panic!("accepted bad input {text}: {f:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn malformed_json_names_line_and_column() {
    let e = error("{\n  \"country\": \"PE\",\n  \"role\" \"self\"\n}");
    assert!(e.contains("malformed JSON at line 3"), "{e}");
}

#[test]
fn empty_input_says_what_is_expected() {
    assert_eq!(CaseFacts::from_json("  \n"), Err(FactsError::Empty));
}

#[test]
fn unknown_observation_id_lists_the_allowed_ids() {
    let e = error(r#"{"country":"PE","role":"self","observations":{"coe_passport":"yes"}}"#);
    assert!(e.contains("observations"), "{e}");
    assert!(e.contains("unknown observation id `coe_passport`"), "{e}");
    assert!(e.contains("coe_documents_retained"), "{e}");
}

#[test]
fn bad_answer_value_lists_the_allowed_answers() {
    let e = error(r#"{"country":"PE","role":"self","observations":{"coe_threats":"maybe"}}"#);
    assert!(e.contains("observations.coe_threats"), "{e}");
    assert!(e.contains("`maybe`") && e.contains("`declined`"), "{e}");
}

#[test]
fn bad_country_lists_the_countries() {
    let e = error(r#"{"country":"VE","role":"self"}"#);
    assert!(e.contains("`country`"), "{e}");
    assert!(
        e.contains("`CO`") && e.contains("`EC`") && e.contains("`PE`"),
        "{e}"
    );
}

#[test]
fn bad_role_lists_the_roles() {
    let e = error(r#"{"country":"CO","role":"judge"}"#);
    assert!(e.contains("`role`"), "{e}");
    assert!(e.contains("`inspector`") && e.contains("`self`"), "{e}");
}

#[test]
fn negative_fractional_or_absurd_ages_are_refused() {
    for age in ["-3", "12.5", "400", "\"ten\""] {
        let e = error(&format!(
            r#"{{"country":"CO","role":"self","person":{{"age":{age}}}}}"#
        ));
        assert!(
            e.contains("`person.age`") && e.contains("0 to 120"),
            "{age}: {e}"
        );
    }
}

#[test]
fn contradicting_age_and_minor_are_refused() {
    let e = error(r#"{"country":"CO","role":"self","person":{"age":30,"minor":true}}"#);
    assert!(e.contains("contradict"), "{e}");
}

#[test]
fn unknown_fields_are_refused_not_ignored() {
    let e = error(r#"{"country":"CO","role":"self","name":"Ana"}"#);
    assert!(e.contains("unknown field `name`"), "{e}");
    let e = error(r#"{"country":"CO","role":"self","person":{"nationality":"VE"}}"#);
    assert!(e.contains("person") && e.contains("`nationality`"), "{e}");
}

#[test]
fn missing_country_or_role_is_named() {
    assert!(error(r#"{"role":"self"}"#).contains("missing field `country`"));
    assert!(error(r#"{"country":"PE"}"#).contains("missing field `role`"));
}

#[test]
fn top_level_must_be_an_object() {
    assert!(error("[1,2]").contains("expected a JSON object"));
}
