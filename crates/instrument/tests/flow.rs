//! Skip logic and answers → case facts: no dead ends, no skip target missing, and a missing or
//! declined answer is never read as "no".

use tamiz_engine::{Answer, Country, Evidence, Finding, ObservationId, Role};
use tamiz_instrument::{FlowError, Instrument, QuestionKind, Reply, Response, Responses};

fn instrument() -> &'static Instrument {
    Instrument::builtin().unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a whole interview, answering each question with `pick`; returns the ids asked, in order.
fn run(
    role: Role,
    mut pick: impl FnMut(&tamiz_instrument::Question) -> Reply,
) -> (Vec<String>, Responses) {
    let i = instrument();
    let mut answers = Responses::new();
    let mut asked = Vec::new();
    let limit = i.questions(role).len();
    while let Some(q) = i.next_question(role, &answers) {
        assert!(
            asked.len() < limit,
            "{role}: the flow does not end (asked {asked:?})"
        );
        assert!(!asked.contains(&q.id), "{role}: {} asked twice", q.id);
        asked.push(q.id.clone());
        answers.insert(q.id.clone(), pick(q).into());
    }
    assert_eq!(i.remaining(role, &answers), 0);
    (asked, answers)
}

fn reply_for(q: &tamiz_instrument::Question, reply: Reply, age: u8) -> Reply {
    if q.kind == QuestionKind::Age {
        Reply::Age(age)
    } else {
        reply
    }
}

#[test]
fn every_skip_target_is_an_earlier_question() {
    for role in Role::ALL {
        let questions = instrument().questions(role);
        for (n, q) in questions.iter().enumerate() {
            for rule in &q.skip_if {
                if let Some(target) = &rule.question {
                    assert!(
                        questions[..n].iter().any(|p| &p.id == target),
                        "{}: skip target {target} is missing or later",
                        q.id
                    );
                }
            }
        }
    }
}

#[test]
fn unknown_and_declined_answers_skip_nothing() {
    // With every answer uncertain (and the age unknown), every question is asked: no question is
    // unreachable, and "I don't know" never hides a question as "no" would.
    for role in Role::ALL {
        for reply in [Reply::Unknown, Reply::Declined] {
            let (asked, _) = run(role, |_| reply);
            assert_eq!(
                asked.len(),
                instrument().questions(role).len(),
                "{role} {reply:?}"
            );
        }
    }
}

#[test]
fn every_path_through_every_bank_ends() {
    // Fixed answer patterns plus a deterministic pseudo-random walk (no extra dependency).
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for role in Role::ALL {
        for (reply, age) in [
            (Reply::Yes, 30),
            (Reply::No, 30),
            (Reply::Yes, 15),
            (Reply::No, 15),
        ] {
            let (asked, answers) = run(role, |q| reply_for(q, reply, age));
            assert!(!asked.is_empty());
            instrument()
                .case_facts(Country::Colombia, role, &answers)
                .expect("answers from the flow are valid");
        }
        for _ in 0..300 {
            let (_, answers) = run(role, |q| {
                let choices = [Reply::Yes, Reply::No, Reply::Unknown, Reply::Declined];
                match q.kind {
                    QuestionKind::Age => [
                        Reply::Age(9),
                        Reply::Age(17),
                        Reply::Age(40),
                        Reply::Unknown,
                    ][next() % 4],
                    QuestionKind::YesNo => choices[next() % 4],
                }
            });
            instrument()
                .case_facts(Country::Peru, role, &answers)
                .unwrap();
        }
    }
}

#[test]
fn no_third_party_recruitment_skips_the_recruitment_questions() {
    let i = instrument();
    let mut answers = Responses::new();
    answers.insert("mig_job_offer".into(), Reply::No.into());
    assert!(i.is_skipped(Role::Migration, "mig_offer_deceptive", &answers));
    answers.insert("mig_job_offer".into(), Reply::Unknown.into());
    assert!(!i.is_skipped(Role::Migration, "mig_offer_deceptive", &answers));
    answers.insert("mig_job_offer".into(), Reply::Yes.into());
    assert!(!i.is_skipped(Role::Migration, "mig_offer_deceptive", &answers));
}

#[test]
fn child_questions_are_asked_for_children_and_unknown_ages_only() {
    let i = instrument();
    let mut answers = Responses::new();
    answers.insert("insp_age".into(), Reply::Age(34).into());
    assert!(i.is_skipped(Role::Inspector, "insp_child_hazard", &answers));
    assert!(i.is_skipped(Role::Inspector, "insp_minor", &answers));
    answers.insert("insp_age".into(), Reply::Age(12).into());
    assert!(!i.is_skipped(Role::Inspector, "insp_child_hazard", &answers));
    assert!(i.is_skipped(Role::Inspector, "insp_minor", &answers));
    answers.insert("insp_age".into(), Reply::Declined.into());
    assert!(!i.is_skipped(Role::Inspector, "insp_child_hazard", &answers));
    assert!(!i.is_skipped(Role::Inspector, "insp_minor", &answers));
}

#[test]
fn unanswered_questions_on_the_path_become_unknown_never_no() {
    let i = instrument();
    let mut answers = Responses::new();
    answers.insert("self_job_different".into(), Reply::Yes.into());
    answers.insert("self_hours".into(), Reply::Yes.into());
    let facts = i
        .case_facts(Country::Colombia, Role::SelfCheck, &answers)
        .unwrap();
    assert_eq!(
        facts.answer(ObservationId::InvJobDifferentFromPromised),
        Some(Answer::Yes)
    );
    assert_eq!(
        facts.answer(ObservationId::CoeThreats),
        Some(Answer::Unknown)
    );
    assert_eq!(
        facts.answer(ObservationId::CoeDocumentsRetained),
        Some(Answer::Unknown)
    );
    assert_eq!(facts.person.is_minor(), None);
    let result = tamiz_engine::assess(&facts);
    assert_eq!(result.forced_labour, Finding::Indeterminate);
}

#[test]
fn declined_coercion_is_indeterminate_like_the_vignette() {
    // shared/vignettes/co-self-check-declined-coercion.json, answered through the self-check.
    let i = instrument();
    let mut answers = Responses::new();
    for q in i.questions(Role::SelfCheck) {
        let reply = match q.id.as_str() {
            "self_job_different" | "self_hours" => Reply::Yes,
            "self_threats" | "self_documents" | "self_debt" | "self_go_out" => Reply::Declined,
            "self_minor" => Reply::Declined,
            // "No sign" is "yes" for the questions phrased the other way round.
            _ if q.inverted => Reply::Yes,
            _ => Reply::No,
        };
        answers.insert(q.id.clone(), reply.into());
    }
    let facts = i
        .case_facts(Country::Colombia, Role::SelfCheck, &answers)
        .unwrap();
    assert_eq!(
        facts.answer(ObservationId::CoeMovementRestricted),
        Some(Answer::Declined)
    );
    let result = tamiz_engine::assess(&facts);
    assert_eq!(result.forced_labour, Finding::Indeterminate);
    assert!(result.notes.contains(&tamiz_engine::Note::CoercionDeclined));
}

#[test]
fn inverted_questions_map_yes_to_absent() {
    let i = instrument();
    let mut answers = Responses::new();
    answers.insert("self_can_leave".into(), Reply::Yes.into());
    answers.insert("self_go_out".into(), Reply::No.into());
    let facts = i
        .case_facts(Country::Ecuador, Role::SelfCheck, &answers)
        .unwrap();
    assert_eq!(
        facts.answer(ObservationId::InvCannotTerminate),
        Some(Answer::No)
    );
    assert_eq!(
        facts.answer(ObservationId::CoeMovementRestricted),
        Some(Answer::Yes)
    );
}

#[test]
fn skipped_questions_set_nothing_and_stale_answers_are_ignored() {
    let i = instrument();
    let mut answers = Responses::new();
    answers.insert("insp_recruited".into(), Reply::No.into());
    // Answered before "recruited" was changed to no: now skipped, so ignored.
    answers.insert("insp_transport".into(), Reply::Yes.into());
    let facts = i
        .case_facts(Country::Peru, Role::Inspector, &answers)
        .unwrap();
    assert_eq!(
        facts.answer(ObservationId::ActRecruitment),
        Some(Answer::No)
    );
    assert_eq!(facts.answer(ObservationId::ActTransport), None);
}

#[test]
fn age_evidence_and_merging() {
    let i = instrument();
    let mut answers = Responses::new();
    answers.insert("mig_age".into(), Reply::Age(16).into());
    answers.insert(
        "mig_documents".into(),
        Response {
            reply: Reply::Yes,
            evidence: Some(Evidence::OfficialObservation),
        },
    );
    // Two questions feed means_abuse_of_vulnerability: yes wins over no.
    answers.insert("mig_answers_for".into(), Reply::No.into());
    answers.insert("mig_vulnerability".into(), Reply::Yes.into());
    let facts = i
        .case_facts(Country::Ecuador, Role::Migration, &answers)
        .unwrap();
    assert_eq!(facts.person.age, Some(16));
    assert_eq!(
        facts.evidence.get(&ObservationId::CoeDocumentsRetained),
        Some(&Evidence::OfficialObservation)
    );
    assert_eq!(
        facts.answer(ObservationId::MeansAbuseOfVulnerability),
        Some(Answer::Yes)
    );
    // The facts pass the engine's own contract validation.
    let json = serde_json::to_value(&facts).unwrap();
    assert_eq!(tamiz_engine::CaseFacts::from_value(json).unwrap(), facts);
}

#[test]
fn wrong_answers_are_refused_with_a_reason() {
    let i = instrument();
    let mut answers = Responses::new();
    answers.insert("nope".into(), Reply::Yes.into());
    assert!(matches!(
        i.case_facts(Country::Peru, Role::SelfCheck, &answers),
        Err(FlowError::UnknownQuestion { .. })
    ));
    let mut answers = Responses::new();
    answers.insert("insp_age".into(), Reply::Yes.into());
    let err = i
        .case_facts(Country::Peru, Role::Inspector, &answers)
        .unwrap_err();
    assert!(err.to_string().contains("an age in years"), "{err}");
}

#[test]
fn answer_option_ids_and_labels_round_trip_for_forms() {
    let i = instrument();
    let options = i.answer_options(tamiz_instrument::Lang::En);
    assert_eq!(options.len(), 4);
    for (option, label) in options {
        assert!(!label.is_empty());
        assert_eq!(
            tamiz_instrument::AnswerOption::from_id(option.as_str()),
            Some(option)
        );
    }
    assert_eq!(
        Reply::from(tamiz_instrument::AnswerOption::Declined),
        Reply::Declined
    );
    let evidence = i.evidence_options(tamiz_instrument::Lang::Es);
    assert_eq!(evidence[0].1, "Declaración del trabajador o la trabajadora");
    assert_eq!(evidence.len(), 4);
}

#[test]
fn question_effects_agree_with_case_facts() {
    // What training mode shows for an answer is what case_facts records.
    let i = instrument();
    for role in Role::ALL {
        for q in i
            .questions(role)
            .iter()
            .filter(|q| q.kind == QuestionKind::YesNo)
        {
            for option in tamiz_instrument::AnswerOption::ALL {
                let mut answers = Responses::new();
                answers.insert(q.id.clone(), Reply::from(option).into());
                let facts = i.case_facts(Country::Colombia, role, &answers).unwrap();
                for (id, answer) in q.effects(option) {
                    let recorded = facts.answer(id).unwrap();
                    // Another question on the path may feed the same id as unknown; yes/declined win.
                    assert!(
                        recorded == answer || (answer == Answer::No && recorded == Answer::Unknown),
                        "{role} {} {option:?}: {id} = {recorded:?}, effects say {answer:?}",
                        q.id
                    );
                }
            }
        }
    }
    let q = i.question(Role::SelfCheck, "self_can_leave").unwrap();
    assert_eq!(
        q.effects(tamiz_instrument::AnswerOption::Yes),
        [(ObservationId::InvCannotTerminate, Answer::No)]
    );
    assert_eq!(
        q.text(tamiz_instrument::Lang::En),
        "Could you leave this job if you wanted to, without anything bad happening to you?"
    );
}
