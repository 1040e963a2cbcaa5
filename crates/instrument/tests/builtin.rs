//! The built-in content: it parses, every question maps to known ids, each role covers what issue 3
//! requires, both languages are complete, and every fact has a source and a date.

use std::collections::BTreeSet;

use tamiz_engine::{Dimension, Note, ObservationId, ReferralRoute, Role};
use tamiz_instrument::{AnswerOption, ContactKind, Instrument, Lang, QuestionKind};

fn instrument() -> &'static Instrument {
    match Instrument::builtin() {
        Ok(i) => i,
        Err(e) => panic!("built-in content is invalid:\n{e}"),
    }
}

fn covered(role: Role) -> BTreeSet<ObservationId> {
    instrument()
        .questions(role)
        .iter()
        .flat_map(|q| q.observations.iter().copied())
        .collect()
}

fn assert_covers(role: Role, ids: impl IntoIterator<Item = ObservationId>) {
    let have = covered(role);
    let missing: Vec<_> = ids.into_iter().filter(|id| !have.contains(id)).collect();
    assert!(missing.is_empty(), "{role} bank does not cover {missing:?}");
}

#[test]
fn builtin_content_loads_every_file() {
    let i = instrument();
    assert_eq!(i.banks.len(), 4);
    assert_eq!(i.countries.len(), 3);
    assert_eq!(i.vocabulary.observations.len(), ObservationId::ALL.len());
    assert_eq!(i.vocabulary.ilo.len(), 11);
    assert_eq!(i.vocabulary.routes.len(), ReferralRoute::ALL.len());
}

#[test]
fn every_question_maps_to_known_ids_and_has_an_effect() {
    for role in Role::ALL {
        let questions = instrument().questions(role);
        assert!(!questions.is_empty(), "{role} has no questions");
        let mut ids = BTreeSet::new();
        for q in questions {
            assert!(ids.insert(q.id.as_str()), "duplicate id {}", q.id);
            for id in &q.observations {
                assert_eq!(id.as_str().parse::<ObservationId>().ok(), Some(*id));
            }
            match q.kind {
                QuestionKind::YesNo => assert!(
                    !q.observations.is_empty() || q.sets_minor,
                    "{} sets nothing",
                    q.id
                ),
                QuestionKind::Age => assert!(q.observations.is_empty(), "{}", q.id),
            }
        }
    }
}

#[test]
fn inspector_covers_every_inv_coe_ctx_and_act_id() {
    assert_covers(
        Role::Inspector,
        ObservationId::ALL.iter().copied().filter(|id| {
            matches!(
                id.dimension(),
                Dimension::Involuntary | Dimension::Coercion | Dimension::Context | Dimension::Act
            )
        }),
    );
    let q = instrument().questions(Role::Inspector);
    assert!(
        q.iter().any(|q| q.kind == QuestionKind::Age),
        "inspector asks the age"
    );
    assert!(
        q.iter()
            .filter(|q| !q.observations.is_empty())
            .all(|q| q.evidence),
        "every inspector observation records its evidence source"
    );
}

#[test]
fn migration_covers_journey_documents_companion_offer_and_control() {
    use ObservationId as O;
    assert_covers(
        Role::Migration,
        [
            O::ActTransport,   // who paid for and arranged the journey
            O::ActRecruitment, // promised job
            O::CtxCrossedBorder,
            O::CtxSmuggled,
            O::CoeDocumentsRetained,      // who holds the documents
            O::MeansAbuseOfVulnerability, // someone answers for the person
            O::MeansDeception,            // promised job and employer
            O::InvJobDifferentFromPromised,
            O::CoeMovementRestricted, // signs of control
            O::CoeThreats,
            O::CoeDebtBondage,
            O::CtxImmediateDanger,
        ],
    );
}

#[test]
fn prosecutor_covers_every_legal_element_with_evidence() {
    assert_covers(
        Role::Prosecutor,
        ObservationId::ALL
            .iter()
            .copied()
            .filter(|id| id.dimension() != Dimension::Context),
    );
    for q in instrument().questions(Role::Prosecutor) {
        assert!(q.evidence, "{} must record the strength of evidence", q.id);
        if !q.observations.is_empty() && q.id != "pro_danger" {
            assert!(q.element.is_some(), "{} names no legal element", q.id);
        }
    }
}

#[test]
fn self_check_is_short_plain_and_asks_nothing_identifying() {
    let q = instrument().questions(Role::SelfCheck);
    assert!((12..=20).contains(&q.len()), "{} questions", q.len());
    assert!(q.iter().any(|q| q.sets_minor), "asks whether under 18");
    for q in q {
        assert_ne!(q.kind, QuestionKind::Age, "{}: no exact age", q.id);
        assert!(!q.evidence, "{}: no evidence source in self mode", q.id);
        let es = q.text.get(Lang::Es).to_lowercase();
        for identifying in [
            "nombre",
            "nacionalidad",
            "dirección",
            "teléfono",
            "documento número",
            "empleador se llama",
        ] {
            assert!(
                !es.contains(identifying),
                "{}: identifying question ({identifying})",
                q.id
            );
        }
        // Short: a worker reads it on a phone.
        assert!(q.text.es.chars().count() <= 130, "{} is too long", q.id);
        assert!(q.text.es.starts_with('¿'), "{} is not a question", q.id);
    }
}

#[test]
fn answer_options_have_the_exact_labels() {
    let i = instrument();
    let es: Vec<_> = AnswerOption::ALL
        .iter()
        .map(|o| i.answer_label(*o, Lang::Es))
        .collect();
    let en: Vec<_> = AnswerOption::ALL
        .iter()
        .map(|o| i.answer_label(*o, Lang::En))
        .collect();
    assert_eq!(es, ["Sí", "No", "No sé", "Prefiero no responder"]);
    assert_eq!(en, ["Yes", "No", "I don't know", "Prefer not to say"]);
}

/// Walks the dump JSON and checks every `{es, en}` text.
fn check_texts(value: &serde_json::Value, path: &str, count: &mut usize) {
    match value {
        serde_json::Value::Object(map) => {
            let keys: BTreeSet<_> = map.keys().map(String::as_str).collect();
            if keys == BTreeSet::from(["es", "en"]) {
                *count += 1;
                for lang in ["es", "en"] {
                    let text = map[lang].as_str().unwrap_or("");
                    assert!(!text.trim().is_empty(), "{path}.{lang} is empty");
                }
                return;
            }
            for (k, v) in map {
                check_texts(v, &format!("{path}.{k}"), count);
            }
        }
        serde_json::Value::Array(items) => {
            for (n, v) in items.iter().enumerate() {
                check_texts(v, &format!("{path}[{n}]"), count);
            }
        }
        _ => {}
    }
}

#[test]
fn both_languages_are_complete_for_every_text() {
    let value = serde_json::to_value(instrument()).unwrap();
    let mut count = 0;
    check_texts(&value, "", &mut count);
    assert!(
        count > 500,
        "only {count} texts found: the walk missed the content"
    );
    // Questions are really translated, not copied.
    for role in Role::ALL {
        for q in instrument().questions(role) {
            assert_ne!(q.text.es, q.text.en, "{} is not translated", q.id);
            assert_ne!(q.help.es, q.help.en, "{} help is not translated", q.id);
        }
    }
}

#[test]
fn every_note_observation_and_indicator_is_named_in_both_languages() {
    let i = instrument();
    for note in Note::ALL {
        let es = i.note_text(note, Lang::Es);
        let en = i.note_text(note, Lang::En);
        assert_ne!(es, en, "{}", note.code());
        assert_ne!(
            i.note_text_for(Role::SelfCheck, note, Lang::Es),
            es,
            "{}: the self-check needs its own plain wording",
            note.code()
        );
        assert!(!es.is_empty() && !en.is_empty());
    }
    for id in ObservationId::ALL {
        let d = i.observation(*id).unwrap_or_else(|| panic!("{id} unnamed"));
        assert!(!d.name.es.is_empty() && d.name.es != d.name.en, "{id}");
        assert!(
            !d.description.es.is_empty() && !d.description.en.is_empty(),
            "{id}"
        );
    }
    for ind in tamiz_engine::IloIndicator::ALL {
        assert!(i.ilo_indicator(ind).is_some(), "{ind:?}");
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(n, c)| n == 4 || n == 7 || c.is_ascii_digit())
}

#[test]
fn every_institution_contact_and_article_has_a_source_and_a_date() {
    let mut checked = 0;
    for content in instrument().countries.values() {
        for r in &content.legal {
            assert!(r.source.starts_with("http"), "{}", r.id);
            assert!(is_date(&r.checked), "{}: {}", r.id, r.checked);
            checked += 1;
        }
        for inst in &content.institutions {
            assert!(inst.source.starts_with("http"), "{}", inst.id);
            assert!(is_date(&inst.checked), "{}", inst.id);
            checked += 1;
            for c in &inst.contacts {
                assert!(c.source.starts_with("http"), "{} {}", inst.id, c.value);
                assert!(is_date(&c.checked), "{} {}", inst.id, c.value);
                checked += 1;
            }
        }
    }
    assert!(checked > 80, "only {checked} facts checked");
}

#[test]
fn every_country_serves_every_route() {
    let i = instrument();
    for country in tamiz_engine::Country::ALL {
        for route in ReferralRoute::ALL {
            assert!(
                !i.institutions(country, route).is_empty(),
                "{country} {route:?}"
            );
        }
    }
}

/// The digits of a number, for comparing spellings ("01 8000 52 20 20" = "018000522020").
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

#[test]
fn no_phone_number_is_invented() {
    // Every number must appear in the project's research note (the source record for the directory).
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/referral-contacts.md"
    );
    let note = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let note_digits: Vec<String> = note
        .split(|c: char| !(c.is_ascii_digit() || " -().".contains(c)))
        .map(digits)
        .filter(|d| !d.is_empty())
        .collect();
    let mut numbers = 0;
    for content in instrument().countries.values() {
        for inst in &content.institutions {
            for c in &inst.contacts {
                if matches!(c.kind, ContactKind::Phone | ContactKind::Whatsapp) {
                    numbers += 1;
                    let d = digits(&c.value);
                    assert!(
                        note_digits.iter().any(|n| n.contains(&d)),
                        "{}: {} is not in the research note",
                        inst.id,
                        c.value
                    );
                }
            }
        }
    }
    assert!(numbers >= 15, "only {numbers} numbers");
}

#[test]
fn peru_does_not_offer_911_and_uses_no_obsolete_line() {
    let pe = &instrument().countries[&tamiz_engine::Country::Peru];
    for inst in &pe.institutions {
        for c in &inst.contacts {
            assert_ne!(digits(&c.value), "911", "911 is not operational in Peru");
            assert_ne!(
                digits(&c.value),
                "080023232",
                "0800-2-3232 is superseded by 1818"
            );
        }
    }
}

#[test]
fn the_builtin_json_is_the_validated_toml() {
    // `builtin()` loads the JSON that build.rs converts, without re-validating (to keep the widget
    // small); this proves it is exactly the instrument the TOML validation accepts.
    // Every file is given, so every file is parsed and checked (files not given come from the JSON).
    let validated =
        Instrument::from_sources(Instrument::builtin_sources()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&validated, instrument());
}

#[test]
fn a_file_not_given_is_the_builtin_one_already_parsed() {
    // `from_sources` parses only the files it is given; the rest come from the built-in JSON. Giving
    // one built-in file as text or leaving it out must build the same instrument.
    let (name, text) = Instrument::builtin_sources()[6];
    assert_eq!(name, "countries/co.toml");
    let given = Instrument::from_sources(&[(name, text)]).unwrap_or_else(|e| panic!("{e}"));
    let not_given = Instrument::from_sources(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(given, not_given);
    assert_eq!(&not_given, instrument());
    // A given file is still checked: a broken copy of it is refused, naming it.
    let broken = text.replacen("[[law]]", "[[law]]\nbogus = 1", 1);
    let errors = Instrument::from_sources(&[(name, &broken)]).unwrap_err();
    assert!(errors.to_string().contains("countries/co.toml"), "{errors}");
}
