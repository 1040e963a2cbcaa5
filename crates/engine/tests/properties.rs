//! Property tests of the rules: missing information can only ever make a result indeterminate, and
//! never flips a settled one; the engine is deterministic and total.

use tamiz_engine::VecMap;

use proptest::prelude::*;
use tamiz_engine::{
    assess, Answer, Assessment, CaseFacts, Country, Finding, ObservationId, Person, Role,
};

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        Just(Answer::Yes),
        Just(Answer::No),
        Just(Answer::Unknown),
        Just(Answer::Declined)
    ]
}

fn person() -> impl Strategy<Value = Person> {
    prop_oneof![
        Just(Person::default()),
        (0u8..=90).prop_map(|age| Person {
            age: Some(age),
            minor: None
        }),
        any::<bool>().prop_map(|minor| Person {
            age: None,
            minor: Some(minor)
        }),
    ]
}

fn facts() -> impl Strategy<Value = CaseFacts> {
    let ids =
        proptest::sample::subsequence(ObservationId::ALL.to_vec(), 0..=ObservationId::ALL.len());
    (
        proptest::sample::select(Country::ALL.to_vec()),
        proptest::sample::select(Role::ALL.to_vec()),
        person(),
        ids.prop_flat_map(|ids| {
            let n = ids.len();
            (Just(ids), proptest::collection::vec(answer(), n))
        }),
    )
        .prop_map(|(country, role, person, (ids, answers))| {
            let mut facts = CaseFacts::new(country, role);
            facts.person = person;
            facts.observations = ids.into_iter().zip(answers).collect::<VecMap<_, _>>();
            facts
        })
}

fn settled(f: Finding) -> bool {
    f != Finding::Indeterminate
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn resolving_an_uncertain_answer_never_changes_a_settled_result(
        facts in facts(),
        pick in any::<proptest::sample::Index>(),
        resolve_to_yes in any::<bool>(),
    ) {
        let uncertain: Vec<_> = facts.observations.iter()
            .filter(|(_, a)| matches!(a, Answer::Unknown | Answer::Declined))
            .map(|(id, _)| *id)
            .collect();
        prop_assume!(!uncertain.is_empty());
        let id = uncertain[pick.index(uncertain.len())];
        let before = assess(&facts);
        let mut resolved = facts.clone();
        resolved.observations.insert(id, if resolve_to_yes { Answer::Yes } else { Answer::No });
        let after = assess(&resolved);
        if settled(before.forced_labour) {
            prop_assert_eq!(before.forced_labour, after.forced_labour, "forced labour flipped by {}", id);
        }
        if settled(before.trafficking) {
            prop_assert_eq!(before.trafficking, after.trafficking, "trafficking flipped by {}", id);
        }
    }

    #[test]
    fn indeterminate_means_some_resolution_gives_yes_and_another_gives_no(facts in facts()) {
        // The converse: "indeterminate" is only said when the unanswered questions really decide it.
        let uncertain: Vec<_> = facts.observations.iter()
            .filter(|(_, a)| matches!(a, Answer::Unknown | Answer::Declined))
            .map(|(id, _)| *id)
            .collect();
        let before = assess(&facts);
        let all = |value: Answer| {
            let mut f = facts.clone();
            for id in &uncertain { f.observations.insert(*id, value); }
            assess(&f)
        };
        let (all_yes, all_no) = (all(Answer::Yes), all(Answer::No));
        for (name, b, y, n) in [
            ("forced labour", before.forced_labour, all_yes.forced_labour, all_no.forced_labour),
            ("trafficking", before.trafficking, all_yes.trafficking, all_no.trafficking),
        ] {
            if b == Finding::Indeterminate {
                // The rules are monotone in every observation, so all-yes and all-no are the extremes.
                prop_assert_eq!(y, Finding::Yes, "{} indeterminate but all-yes is {:?}", name, y);
                prop_assert_eq!(n, Finding::No, "{} indeterminate but all-no is {:?}", name, n);
            }
        }
    }

    #[test]
    fn output_is_deterministic_and_complete(facts in facts()) {
        let a = assess(&facts);
        let b = assess(&facts);
        prop_assert_eq!(&a, &b);
        let json = serde_json::to_string(&a).unwrap();
        prop_assert_eq!(&json, &serde_json::to_string(&b).unwrap());
        let back: Assessment = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &a);
        prop_assert_eq!(a.schema.as_str(), tamiz_engine::ASSESSMENT_SCHEMA);
        // Routes are listed most urgent first, without repeats.
        let mut sorted = a.referral_routes.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(&sorted, &a.referral_routes);
        // Category exists exactly when forced labour is not "no".
        prop_assert_eq!(a.category.is_some(), a.forced_labour != Finding::No);
        // Indicators never show a "no", and each one was observed.
        for i in &a.indicators {
            prop_assert!(i.value != Answer::No);
            prop_assert_eq!(facts.answer(i.id), Some(i.value));
        }
    }

    #[test]
    fn case_facts_survive_a_json_round_trip(facts in facts()) {
        let json = serde_json::to_string(&facts).unwrap();
        prop_assert_eq!(CaseFacts::from_json(&json).unwrap(), facts);
    }
}
