//! Result texts and referral steps: every outcome has words, unconfirmed entries are marked, the
//! self-check always shows where help is, and an agency override (as the widget's host config sends
//! it, JSON) is validated and merged.

use tamiz_engine::{assess, CaseFacts, Country, ReferralRoute, Role};
use tamiz_instrument::{merge_directory, validate_override, DirectoryOverride, Instrument, Lang};

fn instrument() -> &'static Instrument {
    Instrument::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn vignette(name: &str) -> CaseFacts {
    let path = format!(
        "{}/../engine/tests/vignettes/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    CaseFacts::from_value(value["input"].clone()).unwrap()
}

#[test]
fn every_vignette_gets_a_summary_and_numbered_steps_in_both_languages() {
    let dir = format!("{}/../engine/tests/vignettes", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let facts = vignette(&name);
        let assessment = assess(&facts);
        for lang in Lang::ALL {
            let summary = instrument().summary(facts.role, &assessment, lang);
            assert!(
                !summary.forced_labour.is_empty() && !summary.rights.is_empty(),
                "{name}"
            );
            let steps =
                instrument().referral_steps(facts.role, facts.country, &assessment, lang, None);
            for (n, step) in steps.iter().enumerate() {
                assert_eq!(step.number, n + 1);
                assert!(
                    !step.institutions.is_empty(),
                    "{name}: {:?} has no institution",
                    step.route
                );
                assert!(!step.title.is_empty() && !step.action.is_empty());
            }
            let routes: Vec<_> = steps.iter().map(|s| s.route).collect();
            if facts.role != Role::SelfCheck {
                assert_eq!(routes, assessment.referral_routes, "{name}");
            }
        }
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} vignettes");
}

#[test]
fn child_case_goes_to_child_protection_with_the_icbf_line() {
    let facts = vignette("co-brick-kiln-child");
    let assessment = assess(&facts);
    let steps = instrument().referral_steps(facts.role, facts.country, &assessment, Lang::Es, None);
    let child = steps
        .iter()
        .find(|s| s.route == ReferralRoute::ChildProtection)
        .expect("child route");
    let icbf = child
        .institutions
        .iter()
        .find(|i| i.id == "co_icbf")
        .expect("ICBF");
    assert!(icbf
        .contacts
        .iter()
        .any(|c| c.value == "141" && c.confirmed));
    let summary = instrument().summary(facts.role, &assessment, Lang::Es);
    assert!(summary.child.unwrap().contains("menor de 18"));
}

#[test]
fn unconfirmed_entries_are_marked_in_the_language_of_the_result() {
    let facts = vignette("ec-smuggled-family");
    let mut assessment = assess(&facts);
    assessment.referral_routes = vec![
        ReferralRoute::ChildProtection,
        ReferralRoute::MigrationProtection,
    ];
    for (lang, label) in [
        (Lang::Es, "por confirmar por su institución"),
        (Lang::En, "to be confirmed by your agency"),
    ] {
        let steps =
            instrument().referral_steps(Role::Inspector, Country::Ecuador, &assessment, lang, None);
        let dinapen = steps[0]
            .institutions
            .iter()
            .find(|i| i.id == "ec_dinapen")
            .expect("DINAPEN listed");
        assert!(!dinapen.confirmed);
        assert_eq!(dinapen.status, label);
        let oim = steps[1]
            .institutions
            .iter()
            .find(|i| i.id == "ec_oim")
            .unwrap();
        assert!(oim
            .contacts
            .iter()
            .all(|c| !c.confirmed && c.status == label));
        for inst in steps.iter().flat_map(|s| &s.institutions) {
            assert_eq!(inst.confirmed, inst.status.is_empty(), "{}", inst.id);
            for c in &inst.contacts {
                assert_eq!(c.confirmed, c.status.is_empty(), "{} {}", inst.id, c.value);
            }
        }
    }
}

#[test]
fn self_check_always_shows_emergency_and_help_in_plain_words() {
    let facts = vignette("co-self-check-declined-coercion");
    let assessment = assess(&facts);
    let steps =
        instrument().referral_steps(Role::SelfCheck, facts.country, &assessment, Lang::Es, None);
    let routes: Vec<_> = steps.iter().map(|s| s.route).collect();
    assert_eq!(routes.first(), Some(&ReferralRoute::Emergency));
    assert!(routes.contains(&ReferralRoute::VictimAssistance));
    // A worker only gets what a source confirms.
    for inst in steps.iter().flat_map(|s| &s.institutions) {
        assert!(inst.confirmed && !inst.contacts.is_empty(), "{}", inst.id);
        assert!(inst.contacts.iter().all(|c| c.confirmed), "{}", inst.id);
    }
    let ec = instrument().referral_steps(
        Role::SelfCheck,
        Country::Ecuador,
        &assessment,
        Lang::Es,
        None,
    );
    assert!(ec
        .iter()
        .flat_map(|s| &s.institutions)
        .all(|i| i.id != "ec_dinapen"));
    for (n, step) in ec.iter().enumerate() {
        assert_eq!(step.number, n + 1);
    }
    let official = instrument().summary(Role::Inspector, &assessment, Lang::Es);
    let plain = instrument().summary(Role::SelfCheck, &assessment, Lang::Es);
    assert_ne!(official.forced_labour, plain.forced_labour);
    // Signs, never a verdict: the self-check never says "forced labour" as a finding.
    for text in [&plain.forced_labour, &plain.trafficking, &plain.rights] {
        assert!(!text.to_lowercase().contains("trabajo forzoso"), "{text}");
    }
    assert!(plain.rights.contains("no se guardan"));
}

#[test]
fn every_outcome_has_a_text_for_both_audiences() {
    for role in [Role::Inspector, Role::SelfCheck] {
        let t = instrument().outcome_texts(role);
        let all = [
            &t.forced_labour_yes,
            &t.forced_labour_no,
            &t.forced_labour_indeterminate,
            &t.trafficking_yes,
            &t.trafficking_no,
            &t.trafficking_indeterminate,
            &t.child,
            &t.urgency_immediate,
            &t.urgency_priority,
            &t.urgency_routine,
            &t.labour_rights_concern,
            &t.category_private_economy,
            &t.category_commercial_sexual,
            &t.category_state_imposed,
        ];
        let distinct: std::collections::BTreeSet<_> = all.iter().map(|t| t.es.as_str()).collect();
        assert_eq!(
            distinct.len(),
            all.len(),
            "{role}: two outcomes share a text"
        );
    }
}

#[test]
fn host_config_override_is_validated_and_merged() {
    let json = r#"{
        "agency": "ONG Ejemplo",
        "hide": ["pe_oim"],
        "institution": [{
            "id": "pe_ong_ejemplo", "country": "PE", "routes": ["victim_assistance"],
            "name": {"es": "ONG Ejemplo", "en": "Example NGO"},
            "does": {"es": "Acompañamiento", "en": "Accompaniment"},
            "confirmed": true, "source": "https://ong.example/contacto", "checked": "2026-10-01",
            "contact": [{"kind": "phone", "value": "+51 1 000 0000", "confirmed": true,
                         "source": "https://ong.example/contacto", "checked": "2026-10-01"}]
        }]
    }"#;
    let o: DirectoryOverride = serde_json::from_str(json).unwrap();
    assert_eq!(validate_override(&o), Ok(()));
    let base = &instrument().countries[&Country::Peru].institutions;
    let merged = merge_directory(base, Country::Peru, &o);
    assert!(merged.iter().any(|i| i.id == "pe_ong_ejemplo"));
    assert!(!merged.iter().any(|i| i.id == "pe_oim"));
    assert_eq!(merged.len(), base.len());
    // Entries for another country do not leak in.
    let co = merge_directory(
        &instrument().countries[&Country::Colombia].institutions,
        Country::Colombia,
        &o,
    );
    assert!(!co.iter().any(|i| i.id == "pe_ong_ejemplo"));

    let facts = vignette("pe-restaurant-passport-debt");
    let steps = instrument().referral_steps(
        Role::Inspector,
        Country::Peru,
        &assess(&facts),
        Lang::En,
        Some(&o),
    );
    let va = steps
        .iter()
        .find(|s| s.route == ReferralRoute::VictimAssistance)
        .unwrap();
    assert!(va.institutions.iter().any(|i| i.name == "Example NGO"));

    let bad: DirectoryOverride = serde_json::from_str(
        r#"{"institution": [{"id": "X", "routes": [], "name": {"es": "", "en": "b"}, "does": {"es": "a", "en": "b"},
            "confirmed": false, "source": "intranet", "checked": "ayer"}]}"#,
    )
    .unwrap();
    assert_eq!(
        validate_override(&bad).unwrap_err(),
        [
            "institution[0].id: `X` is not a valid id; use lowercase letters, digits and `_`",
            "institution[0].name.es: the Spanish text is empty; every text needs both `es` and `en`",
            "institution[0].source: `intranet` is not a URL; give the http(s) address of the page that states this fact",
            "institution[0].checked: `ayer` is not a date; give the day the source was checked as YYYY-MM-DD",
            "institution[0].routes: no route given; list one or more of `emergency`, `child_protection`, `prosecutor`, `specialised_assessment`, `labour_inspection`, `victim_assistance`, `migration_protection`",
            "institution[0].country: an agency entry must say its country: `CO`, `EC` or `PE`",
        ]
    );
}

#[test]
fn every_vignette_can_be_expressed_with_its_role_bank() {
    // Each published scenario's observations must be askable in the role it was screened in. The
    // engine's `rule-*` cases exercise rule branches with whatever role, so they are not scenarios.
    let dir = format!("{}/../engine/tests/vignettes", env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("rule-"))
        {
            continue;
        }
        let facts = vignette(&path.file_stem().unwrap().to_string_lossy());
        let askable: std::collections::BTreeSet<_> = instrument()
            .questions(facts.role)
            .iter()
            .flat_map(|q| q.observations.iter().copied())
            .collect();
        for id in facts.observations.keys() {
            assert!(
                askable.contains(id),
                "{}: {id} cannot be asked in the {} bank",
                path.display(),
                facts.role
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} observations");
}
