//! The built-in bank: valid, large enough, complete in both languages, and teaching only outcomes the
//! engine gives.

use std::collections::BTreeSet;

use tamiz_engine::{assess, Answer, Country, Finding, Role};
use tamiz_practice::{validate_dir, Bank, Lang, BUILTIN};

fn bank() -> &'static Bank {
    match Bank::builtin() {
        Ok(bank) => bank,
        Err(e) => panic!("the built-in practice cases are invalid:\n{e}"),
    }
}

#[test]
fn builtin_bank_is_valid() {
    assert_eq!(bank().cases.len(), BUILTIN.len());
}

#[test]
fn every_case_file_in_the_directory_is_compiled_in() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/cases");
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir)
        .expect("cases directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    let compiled: BTreeSet<String> = BUILTIN.iter().map(|(n, _)| (*n).to_owned()).collect();
    assert_eq!(
        on_disk, compiled,
        "add new case files to `builtin_cases!` in lib.rs"
    );
}

#[test]
fn expected_assessment_equals_the_engine_for_every_case() {
    for case in &bank().cases {
        let got = assess(&case.facts());
        let e = &case.expected;
        assert_eq!(got.forced_labour, e.forced_labour, "{}", case.id);
        assert_eq!(got.trafficking, e.trafficking, "{}", case.id);
        assert_eq!(got.child, e.child, "{}", case.id);
        assert_eq!(got.category, e.category, "{}", case.id);
        assert_eq!(got.urgency, e.urgency, "{}", case.id);
        assert_eq!(got.referral_routes, e.referral_routes, "{}", case.id);
    }
}

#[test]
fn at_least_eight_cases_per_country_and_twenty_four_in_all() {
    for country in Country::ALL {
        let n = bank().cases(country).count();
        assert!(n >= 8, "{country} has only {n} cases");
    }
    assert!(bank().cases.len() >= 24);
}

#[test]
fn every_country_has_cases_for_every_official_role() {
    for country in Country::ALL {
        for role in [Role::Inspector, Role::Migration, Role::Prosecutor] {
            assert!(
                bank().cases_for(country, role).next().is_some(),
                "no {role} case for {country}"
            );
            let picked = bank().pick_for(country, role, 7).expect("a case");
            assert_eq!((picked.country, picked.role), (country, role));
        }
    }
}

#[test]
fn both_languages_are_complete() {
    for case in &bank().cases {
        let mut texts = vec![&case.title, &case.learning_point];
        texts.extend(case.narrative.iter().map(|s| &s.text));
        texts.extend(case.observations.iter().map(|o| &o.explanation));
        for t in texts {
            for lang in [Lang::Es, Lang::En] {
                assert!(
                    !t.get(lang).trim().is_empty(),
                    "{}: empty {lang:?}",
                    case.id
                );
            }
        }
    }
}

#[test]
fn narratives_are_short_and_realistic_in_length() {
    for case in &bank().cases {
        for lang in [Lang::Es, Lang::En] {
            let words = case.narrative_text(lang).split_whitespace().count();
            assert!(
                (120..=250).contains(&words),
                "{} ({lang:?}) has {words} words; keep narratives to 120-250",
                case.id
            );
        }
    }
}

#[test]
fn narratives_carry_no_phone_numbers() {
    for case in &bank().cases {
        for lang in [Lang::Es, Lang::En] {
            let text = case.narrative_text(lang);
            let mut run = 0;
            for ch in text.chars() {
                if ch.is_ascii_digit() {
                    run += 1;
                    assert!(
                        run < 6,
                        "{}: a long digit run looks like a phone number",
                        case.id
                    );
                } else if ch != ' ' && ch != '-' {
                    run = 0;
                }
            }
        }
    }
}

#[test]
fn every_observation_points_at_an_existing_sentence() {
    for case in &bank().cases {
        for key in &case.observations {
            assert!(!key.sentences.is_empty(), "{}: {}", case.id, key.id);
            for s in &key.sentences {
                assert!(case.sentence(s).is_some(), "{}: {} -> {s}", case.id, key.id);
            }
        }
    }
}

#[test]
fn the_bank_covers_the_outcomes_trainees_must_tell_apart() {
    let cases = &bank().cases;
    let has = |pred: &dyn Fn(&tamiz_practice::PracticeCase) -> bool| cases.iter().any(pred);
    assert!(
        has(&|c| c.expected.forced_labour == Finding::No),
        "no case without forced labour"
    );
    assert!(
        has(&|c| c.expected.forced_labour == Finding::Indeterminate),
        "no indeterminate case"
    );
    assert!(
        has(&|c| c.expected.forced_labour == Finding::Yes),
        "no forced-labour case"
    );
    assert!(
        has(&|c| c.expected.trafficking == Finding::Yes),
        "no trafficking case"
    );
    assert!(has(&|c| c.expected.child == Some(true)), "no child case");
    assert!(
        has(&|c| c.expected.child == Some(true) && c.expected.forced_labour == Finding::No),
        "no child case that is child labour but not forced labour"
    );
    assert!(
        has(
            &|c| c.facts().answer(tamiz_engine::ObservationId::CtxSmuggled) == Some(Answer::Yes)
                && c.expected.trafficking == Finding::No
        ),
        "no smuggling-without-exploitation case"
    );
    assert!(
        has(&|c| c.observations.iter().any(|k| k.answer == Answer::Declined)),
        "no case with a declined answer"
    );
}

#[test]
fn case_ids_are_unique_and_match_their_file_and_country() {
    let mut ids = BTreeSet::new();
    for case in &bank().cases {
        assert!(ids.insert(case.id.clone()), "duplicate {}", case.id);
        assert_eq!(format!("{}.toml", case.id), case.file);
        let prefix = format!("{}-", case.country.code().to_lowercase());
        assert!(
            case.id.starts_with(&prefix),
            "{} should start with {prefix}",
            case.id
        );
    }
}

#[test]
fn builtin_files_revalidate_through_the_public_function() {
    let bank = validate_dir(BUILTIN).expect("valid");
    assert_eq!(&bank, self::bank());
}

#[test]
fn pick_is_deterministic_and_stays_in_the_country() {
    for country in Country::ALL {
        for seed in 0..50u64 {
            let a = bank().pick(country, seed).expect("a case");
            assert_eq!(a.country, country);
            assert_eq!(bank().pick(country, seed).map(|c| &c.id), Some(&a.id));
        }
    }
}

/// Codes quoted in an explanation: ICLS codes (`I1`–`I9`, `C1`–`C6`) and ILO indicator numbers
/// ("ILO indicator 7" / "indicador OIT 7").
fn quoted_codes(text: &str) -> (Vec<String>, Vec<u8>) {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let icls = words
        .iter()
        .filter(|w| {
            let mut chars = w.chars();
            matches!(chars.next(), Some('I' | 'C'))
                && w.len() == 2
                && chars.all(|c| c.is_ascii_digit())
        })
        .map(|w| (*w).to_owned())
        .collect();
    let ilo = words
        .windows(3)
        .filter(|w| {
            (w[0] == "ILO" && w[1] == "indicator") || (w[0] == "indicador" && w[1] == "OIT")
        })
        .filter_map(|w| w[2].parse().ok())
        .collect();
    (icls, ilo)
}

#[test]
fn explanations_quote_the_vocabulary_mapping_of_their_observation() {
    for case in &bank().cases {
        for key in &case.observations {
            let info = key.id.info();
            let (icls, ilo) = quoted_codes(&key.explanation.en);
            let (icls_es, ilo_es) = quoted_codes(&key.explanation.es);
            assert_eq!(
                icls, icls_es,
                "{}: {}: es and en quote different codes",
                case.id, key.id
            );
            assert_eq!(
                ilo, ilo_es,
                "{}: {}: es and en quote different indicators",
                case.id, key.id
            );
            for code in icls {
                assert_eq!(Some(code.as_str()), info.icls, "{}: {}", case.id, key.id);
            }
            for number in ilo {
                assert_eq!(
                    info.ilo.map(|i| i.number()),
                    Some(number),
                    "{}: {}",
                    case.id,
                    key.id
                );
            }
        }
    }
}

/// The widget's training bundle stores only the facts and recomputes the expected outcome with
/// `Expected::of`; that must give exactly the expected assessment each case file states.
#[test]
fn expected_of_the_engine_assessment_equals_every_case_file() {
    let bank = tamiz_practice::Bank::builtin().unwrap();
    for case in &bank.cases {
        let of = tamiz_practice::Expected::of(&tamiz_engine::assess(&case.facts()));
        assert_eq!(of, case.expected, "{}", case.id);
    }
}
