//! The `toml` crate's errors as the person fixing the file reads them: the line, the field path
//! and what to do, for each kind of error a content or practice file can have.

use serde::Deserialize;
use tamiz_locate::{from_toml, Located};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    id: String,
    title: Text,
    #[serde(default)]
    question: Vec<Question>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Text {
    es: String,
    en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Question {
    id: String,
    kind: Kind,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    YesNo,
    Scale,
}

const VALID: &str = r#"id = "case"
title = { es = "Caso", en = "Case" }

[[question]]
id = "q1"
kind = "yes_no"

[[question]]
id = "q2"
kind = "scale"
"#;

/// The error for `text`, which must not parse as a `Doc`.
fn located(text: &str) -> Located {
    match toml::from_str::<Doc>(text) {
        Ok(doc) => panic!("expected an error, parsed {doc:?}"),
        Err(e) => from_toml(text, &e),
    }
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    text[..at].matches('\n').count() + 1
}

#[test]
fn the_valid_document_parses() {
    assert!(toml::from_str::<Doc>(VALID).is_ok());
}

#[test]
fn text_that_is_not_toml_is_a_syntax_error_on_its_line() {
    let text = VALID.replacen("id = \"q2\"", "id = \"q2", 1);
    let e = located(&text);
    assert_eq!(e.field, "(syntax)");
    assert_eq!(e.line, line_of(&text, "id = \"q2"));
    assert!(
        e.message
            .ends_with("this is not valid TOML (see https://toml.io)"),
        "{e:?}"
    );
}

#[test]
fn a_missing_field_of_an_array_table_is_named_under_its_element() {
    let text = VALID.replacen("kind = \"scale\"\n", "", 1);
    let e = located(&text);
    assert_eq!(e.field, "question[1].kind");
    assert_eq!(e.line, line_of(&text, "[[question]]\nid = \"q2\""));
    assert_eq!(e.message, "this field is required here; add it");
}

#[test]
fn a_missing_field_of_an_inline_table_is_named_under_it() {
    let text = VALID.replacen(", en = \"Case\"", "", 1);
    let e = located(&text);
    assert_eq!(e.field, "title.en");
    assert_eq!(e.line, line_of(&text, "title ="));
    assert_eq!(e.message, "this field is required here; add it");
}

#[test]
fn a_missing_top_level_field_is_named_alone_not_under_the_first_key() {
    let text = VALID.replacen("id = \"case\"\n", "", 1);
    // The document now starts with a key whose value is a table; the field is not that table's.
    assert!(text.starts_with("title = {"));
    let e = located(&text);
    assert_eq!(e.field, "id", "{e:?}");
    assert_eq!(e.line, 1);
    assert_eq!(e.message, "this field is required here; add it");
}

#[test]
fn an_unknown_field_lists_the_allowed_ones() {
    let text = VALID.replacen("kind = \"yes_no\"", "kind = \"yes_no\"\nhlp = \"x\"", 1);
    let e = located(&text);
    assert_eq!(e.field, "question[0].hlp");
    assert_eq!(e.line, line_of(&text, "hlp ="));
    assert_eq!(
        e.message,
        "unknown field; check the spelling (allowed here: `id` or `kind`)"
    );
}

#[test]
fn an_unknown_enum_value_is_called_a_value_and_lists_the_allowed_ones() {
    let text = VALID.replacen("\"scale\"", "\"scales\"", 1);
    let e = located(&text);
    assert_eq!(e.field, "question[1].kind");
    assert_eq!(e.line, line_of(&text, "\"scales\""));
    assert!(e.message.starts_with("unknown value `scales`"), "{e:?}");
    assert!(e.message.contains("`yes_no`"), "{e:?}");
}

#[test]
fn a_value_of_the_wrong_type_is_named_where_it_is() {
    let text = VALID.replacen("id = \"q1\"", "id = 1", 1);
    let e = located(&text);
    assert_eq!(e.field, "question[0].id");
    assert_eq!(e.line, line_of(&text, "id = 1"));
    assert!(!e.message.is_empty());
}

/// An unknown key that is empty (`'' = ''`, found by the `practice_cases` fuzz target) is named
/// as the file writes it, not as an empty field or the top level.
#[test]
fn an_unknown_empty_key_is_named_quoted() {
    let text = format!("'' = ''\n{VALID}");
    let e = located(&text);
    assert_eq!(e.field, r#""""#);
    assert_eq!(e.line, 1);
    assert!(
        e.message.starts_with("unknown field; check the spelling"),
        "{e:?}"
    );
}
