//! Broken copies of a real case file: every error names the file, the line and the field, and
//! says what is allowed. Nothing panics.

use tamiz_practice::{validate_dir, CaseError, PracticeError, BUILTIN};

const FILE: &str = "co-flower-overtime.toml";

fn original() -> &'static str {
    BUILTIN
        .iter()
        .find(|(name, _)| *name == FILE)
        .map(|(_, text)| *text)
        .expect("the case is built in")
}

/// 1-based line of the first occurrence of `needle` in the original file.
fn line_of(needle: &str) -> usize {
    let text = original();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in file"));
    text[..at].matches('\n').count() + 1
}

fn broken(from: &str, to: &str) -> String {
    assert!(original().contains(from), "`{from}` not in file");
    original().replacen(from, to, 1)
}

fn errors(text: &str) -> Vec<CaseError> {
    match validate_dir(&[("agency/my-case.toml", text)]) {
        Ok(_) => panic!("expected errors"),
        Err(e) => {
            // Display is one `file:line: field: message` per error.
            for (line, err) in e.to_string().lines().zip(e.errors()) {
                assert_eq!(line, err.to_string());
                assert!(line.starts_with("agency/my-case.toml:"), "{line}");
            }
            e.errors().to_vec()
        }
    }
}

fn only(text: &str) -> CaseError {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn the_original_is_valid() {
    assert!(validate_dir(&[(FILE, original())]).is_ok());
}

#[test]
fn unknown_observation_id() {
    let e = only(&broken(
        "id = \"coe_threat_denunciation\"",
        "id = \"coe_threat_of_dismissal\"",
    ));
    assert_eq!(e.line, line_of("id = \"coe_threat_denunciation\""));
    assert_eq!(e.field, "observation[1].id");
    assert!(e
        .message
        .contains("unknown observation id `coe_threat_of_dismissal`"));
    assert!(
        e.message.contains("coe_threat_denunciation"),
        "lists allowed ids"
    );
}

#[test]
fn sentence_reference_that_does_not_exist() {
    let e = only(&broken("sentences = [\"s5\"]", "sentences = [\"s9\"]"));
    assert_eq!(e.line, line_of("sentences = [\"s5\"]"));
    assert_eq!(e.field, "observation[1].sentences");
    assert!(e.message.contains("`s9` does not exist"));
    assert!(e.message.contains("s1, s2"));
}

#[test]
fn observation_without_sentences() {
    let e = only(&broken("sentences = [\"s6\"]", "sentences = []"));
    assert_eq!(e.line, line_of("sentences = [\"s6\"]"));
    assert_eq!(e.field, "observation[2].sentences");
}

#[test]
fn missing_language() {
    let text = broken(
        "en = \"She says she never agreed to those hours and that they do not appear on her payslips.\"\n",
        "",
    );
    let e = only(&text);
    assert_eq!(e.field, "sentence[3].en");
    assert_eq!(
        e.line,
        line_of("id = \"s4\"") - 1,
        "the sentence table's line"
    );
    assert!(e.message.contains("English text is missing"));
}

#[test]
fn empty_language() {
    let e = only(&broken(
        "title.es = \"Temporada alta en una finca de flores\"",
        "title.es = \"  \"",
    ));
    assert_eq!(e.field, "title.es");
    assert_eq!(e.line, line_of("title.es"));
}

#[test]
fn expected_assessment_that_differs_from_the_engine() {
    let e = only(&broken("trafficking = \"no\"", "trafficking = \"yes\""));
    assert_eq!(e.field, "expected.trafficking");
    assert_eq!(e.line, line_of("trafficking = \"no\""));
    assert!(e.message.contains("engine gives `no`"), "{}", e.message);
}

#[test]
fn expected_routes_that_differ_from_the_engine() {
    let e = only(&broken(
        "referral_routes = [\"prosecutor\", \"labour_inspection\", \"victim_assistance\"]",
        "referral_routes = [\"labour_inspection\"]",
    ));
    assert_eq!(e.field, "expected.referral_routes");
    assert!(e.message.contains("\"prosecutor\""));
}

#[test]
fn invalid_country_and_role_are_both_reported() {
    let text = broken("country = \"CO\"", "country = \"VE\"").replacen(
        "role = \"inspector\"",
        "role = \"self\"",
        1,
    );
    let errors = errors(&text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].field, "country");
    assert_eq!(errors[0].line, line_of("country ="));
    assert!(errors[0].message.contains("`CO`, `EC`, `PE`"));
    assert_eq!(errors[1].field, "role");
    assert_eq!(errors[1].line, line_of("role ="));
    assert!(errors[1]
        .message
        .contains("`inspector`, `migration`, `prosecutor`"));
}

#[test]
fn unknown_field_and_unknown_value() {
    let e = only(&broken("difficulty = \"basic\"", "dificulty = \"basic\""));
    assert_eq!(e.line, line_of("difficulty"));
    assert!(
        e.field.contains("dificulty") || e.message.contains("dificulty"),
        "{e}"
    );

    let e = only(&broken("answer = \"yes\"", "answer = \"maybe\""));
    assert_eq!(e.line, line_of("answer = \"yes\""));
    assert_eq!(e.field, "observation[0].answer");
    assert!(e.message.contains("unknown value `maybe`"), "{}", e.message);
}

#[test]
fn toml_syntax_error() {
    let e = only(&broken("sector = \"flowers\"", "sector = \"flowers"));
    assert_eq!(e.line, line_of("sector ="));
    assert_eq!(e.field, "(syntax)");
}

#[test]
fn missing_required_table() {
    let start = original().find("[expected]").expect("expected table");
    let e = only(&original()[..start]);
    assert_eq!(e.field, "expected");
    assert!(e.message.contains("required"));
}

#[test]
fn duplicate_ids_across_files() {
    let result = validate_dir(&[("a.toml", original()), ("b.toml", original())]);
    let Err(PracticeError::Invalid(errors)) = result else {
        panic!("expected a duplicate-id error");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "b.toml");
    assert_eq!(errors[0].field, "id");
    assert_eq!(errors[0].line, 1);
    assert!(errors[0].message.contains("already used by a.toml"));
}

#[test]
fn empty_set_and_garbage_do_not_panic() {
    assert_eq!(validate_dir(&[]), Err(PracticeError::Empty));
    for text in [
        "",
        "\u{0}",
        "[[[",
        "id = 3",
        "sentence = 1\nobservation = 2",
    ] {
        let _ = errors(text);
    }
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let text = broken("sentences = [\"s5\"]", "sentences = [\"s9\"]")
        .replacen(
            "title.es = \"Temporada alta en una finca de flores\"",
            "title.es = \"\"",
            1,
        )
        .replacen("id = \"s2\"", "id = \"s1\"", 1);
    let errors = errors(&text);
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"title.es"), "{fields:?}");
    assert!(fields.contains(&"sentence[1].id"), "{fields:?}");
    assert!(fields.contains(&"observation[1].sentences"), "{fields:?}");
}

/// Shape errors are worded as content-file errors are (both come from `tamiz-locate`): the
/// misspelt field is named in the path and the allowed ones are listed.
#[test]
fn misspelt_field_in_a_table_lists_the_allowed_fields() {
    let e = only(&broken("title.es = ", "title.sp = "));
    assert_eq!(e.field, "title.sp");
    assert_eq!(e.line, line_of("title.es = "));
    assert_eq!(
        e.message,
        "unknown field; check the spelling (allowed here: `es` or `en`)"
    );
}
