//! Scoring: a perfect answer gets full marks, a miss is listed with its sentence, a wrong "yes" is
//! listed as wrongly marked, open facts closed too soon are called out, and sessions add up.

use tamiz_engine::{Answer, CaseFacts, Finding, ObservationId};
use tamiz_practice::{score, Bank, PracticeCase, SessionSummary, Verdict};

fn bank() -> &'static Bank {
    Bank::builtin().unwrap_or_else(|e| panic!("invalid built-in cases:\n{e}"))
}

fn case(id: &str) -> &'static PracticeCase {
    bank().case(id).unwrap_or_else(|| panic!("no case {id}"))
}

#[test]
fn a_perfect_answer_gets_full_score_on_every_case() {
    for case in &bank().cases {
        let feedback = score(case, &case.facts());
        assert!(feedback.score.perfect, "{}", case.id);
        assert_eq!(feedback.score.percent, 100, "{}", case.id);
        assert_eq!(
            feedback.score.indicators_correct,
            feedback.score.indicators_total
        );
        assert_eq!(
            feedback.score.indicators_total as usize,
            case.observations.len()
        );
        assert_eq!(feedback.missed().count(), 0);
        assert_eq!(feedback.wrongly_marked().count(), 0);
        assert_eq!(feedback.referral_routes, case.expected.referral_routes);
        assert_eq!(
            feedback.trainee_assessment.forced_labour,
            case.expected.forced_labour
        );
    }
}

#[test]
fn a_missed_indicator_is_listed_with_its_sentence_and_explanation() {
    let case = case("pe-restaurant-passport-debt");
    let mut facts = case.facts();
    facts
        .observations
        .remove(&ObservationId::CoeDocumentsRetained);
    let feedback = score(case, &facts);

    let missed: Vec<_> = feedback.missed().collect();
    assert_eq!(missed.len(), 1);
    let m = missed[0];
    assert_eq!(m.id, ObservationId::CoeDocumentsRetained);
    assert_eq!(m.expected, Some(Answer::Yes));
    assert_eq!(m.trainee, None);
    assert_eq!(m.icls, Some("C5"));
    assert_eq!(m.sentences.len(), 1);
    assert!(m.sentences[0].text.es.contains("pasaporte"));
    assert!(m.explanation.as_ref().is_some_and(|t| t.en.contains("C5")));
    assert!(!feedback.score.perfect);
    assert!(feedback.score.percent < 100);
    // The other indicators still carry the outcome here: forced labour stays "yes".
    assert!(feedback.outcomes.forced_labour.correct);
}

#[test]
fn missing_the_only_coercion_indicator_changes_the_outcome() {
    let case = case("co-flower-overtime");
    let mut facts = case.facts();
    facts
        .observations
        .insert(ObservationId::CoeThreatDenunciation, Answer::No);
    let feedback = score(case, &facts);
    assert_eq!(
        feedback.missed().map(|i| i.id).collect::<Vec<_>>(),
        [ObservationId::CoeThreatDenunciation]
    );
    assert_eq!(feedback.outcomes.forced_labour.expected, Finding::Yes);
    assert_eq!(feedback.outcomes.forced_labour.trainee, Finding::No);
    assert!(!feedback.outcomes.forced_labour.correct);
    assert!(feedback.score.outcomes_correct < feedback.score.outcomes_total);
}

#[test]
fn a_wrong_yes_is_listed_as_wrongly_marked() {
    let case = case("co-palm-passport-safekeeping");
    let mut facts = case.facts();
    facts
        .observations
        .insert(ObservationId::CoeDocumentsRetained, Answer::Yes);
    // An indicator the case does not address at all.
    facts
        .observations
        .insert(ObservationId::CoeIsolation, Answer::Yes);
    let feedback = score(case, &facts);
    let wrong: Vec<_> = feedback.wrongly_marked().collect();
    assert_eq!(wrong.len(), 2);
    let documents = wrong
        .iter()
        .find(|i| i.id == ObservationId::CoeDocumentsRetained)
        .expect("documents listed");
    assert!(
        !documents.sentences.is_empty(),
        "the ruling-out sentence is shown"
    );
    let isolation = wrong
        .iter()
        .find(|i| i.id == ObservationId::CoeIsolation)
        .expect("isolation listed");
    assert!(isolation.sentences.is_empty() && isolation.explanation.is_none());
    assert_eq!(
        feedback.score.indicators_total as usize,
        case.observations.len() + 1
    );
}

#[test]
fn closing_an_open_fact_as_no_is_called_out() {
    let case = case("co-farm-family-documents");
    let mut facts = case.facts();
    facts
        .observations
        .insert(ObservationId::InvCannotTerminate, Answer::No);
    facts
        .observations
        .insert(ObservationId::InvVeryLowOrNoWages, Answer::No);
    let feedback = score(case, &facts);
    assert_eq!(feedback.with(Verdict::RuledOutTooSoon).count(), 2);
    assert_eq!(
        feedback.outcomes.forced_labour.expected,
        Finding::Indeterminate
    );
    assert_eq!(feedback.outcomes.forced_labour.trainee, Finding::No);
}

#[test]
fn an_empty_answer_scores_low_but_gives_complete_feedback() {
    let case = case("ec-domestic-locked-in");
    let facts = CaseFacts::new(case.country, case.role);
    let feedback = score(case, &facts);
    let shown = case
        .observations
        .iter()
        .filter(|k| k.answer == Answer::Yes)
        .count();
    assert_eq!(feedback.missed().count(), shown);
    assert!(feedback.score.percent < 50);
}

#[test]
fn session_summary_counts_cases_and_ranks_missed_indicators() {
    let mut session = SessionSummary::new();
    assert_eq!(session.mean_percent(), None);
    for id in [
        "pe-restaurant-passport-debt",
        "ec-bar-girl",
        "co-gold-mine-debt",
    ] {
        let case = case(id);
        let mut facts = case.facts();
        facts
            .observations
            .remove(&ObservationId::CoeDocumentsRetained);
        facts.observations.remove(&ObservationId::CoeDebtBondage);
        session.add(&score(case, &facts));
    }
    let case = case("co-flower-overtime");
    session.add(&score(case, &case.facts()));

    assert_eq!(session.cases_done(), 4);
    let top = session.most_missed(2);
    assert_eq!(top[0], (ObservationId::CoeDebtBondage, 3));
    assert_eq!(top[1], (ObservationId::CoeDocumentsRetained, 2));
    assert!(session.cases[3].perfect);
    assert!(session.mean_percent().is_some_and(|p| p < 100));
}

#[test]
fn every_single_change_to_a_perfect_answer_scores_consistently() {
    let answers = [
        None,
        Some(Answer::Yes),
        Some(Answer::No),
        Some(Answer::Unknown),
        Some(Answer::Declined),
    ];
    let class = |a: Option<Answer>| match a {
        Some(Answer::Yes) => 2,
        Some(Answer::Unknown | Answer::Declined) => 1,
        _ => 0,
    };
    for case in &bank().cases {
        let perfect = case.facts();
        for &id in ObservationId::ALL {
            for answer in answers {
                let mut facts = perfect.clone();
                match answer {
                    Some(a) => facts.observations.insert(id, a),
                    None => facts.observations.remove(&id),
                };
                let feedback = score(case, &facts);
                let s = feedback.score;
                assert!(s.percent <= 100);
                assert_eq!(s.percent == 100, s.perfect, "{} {id}", case.id);
                // Not addressed by the case reads as "not observed", like `no`.
                let expected = case.key(id).map(|k| k.answer);
                let same = class(expected) == class(answer);
                if same {
                    assert!(s.perfect, "{} {id} {answer:?}", case.id);
                } else {
                    assert!(!s.perfect, "{} {id} {answer:?}", case.id);
                    assert!(feedback
                        .indicators
                        .iter()
                        .any(|i| i.id == id && !i.verdict.is_correct()));
                }
            }
        }
    }
}

#[test]
fn observations_the_role_cannot_ask_are_shown_but_not_scored() {
    let case = case("pe-restaurant-passport-debt");
    // A question set without the trafficking means: a trainee can never record them.
    let asked = |id: ObservationId| !id.as_str().starts_with("means_");
    let mut facts = case.facts();
    facts.observations.retain(|id, _| asked(*id));
    let feedback = tamiz_practice::score_asked(case, &facts, asked);
    let not_asked: Vec<_> = feedback.with(Verdict::NotAsked).collect();
    assert_eq!(not_asked.len(), 1);
    assert_eq!(not_asked[0].id, ObservationId::MeansDeception);
    assert!(!not_asked[0].sentences.is_empty());
    // The means do not decide this case (coercion counts as means), so full marks are reachable.
    assert!(feedback.score.perfect, "{:?}", feedback.score);
    assert_eq!(feedback.missed().count(), 0);
    // Plain `score` counts the same omission as a miss.
    assert!(!score(case, &facts).score.perfect);
}
