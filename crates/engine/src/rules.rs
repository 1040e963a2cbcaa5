//! The decision rules, version 1, in Kleene's three-valued logic: `yes` is true, `no` or absent is
//! false, `unknown` or `declined` is unknown. A rule is "indeterminate" exactly when the unanswered
//! questions could still turn it either way, which is what makes missing answers safe.

use crate::assessment::{
    Assessment, Category, Finding, Indicator, MeansElement, Note, ReferralRoute,
    TraffickingElements, Urgency, ASSESSMENT_SCHEMA,
};
use crate::facts::{Answer, CaseFacts};
use crate::vocabulary::{Dimension, ObservationId as Id};

/// Kleene's strong three-valued logic. Kept private: the public face is [`Finding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::False,
        }
    }

    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::True,
        }
    }

    fn any(values: impl IntoIterator<Item = Tri>) -> Tri {
        values.into_iter().fold(Tri::False, Tri::or)
    }

    fn is_true(self) -> bool {
        self == Tri::True
    }

    fn finding(self) -> Finding {
        match self {
            Tri::True => Finding::Yes,
            Tri::False => Finding::No,
            Tri::Unknown => Finding::Indeterminate,
        }
    }
}

fn value(facts: &CaseFacts, id: Id) -> Tri {
    match facts.answer(id) {
        Some(Answer::Yes) => Tri::True,
        Some(Answer::No) | None => Tri::False,
        Some(Answer::Unknown) | Some(Answer::Declined) => Tri::Unknown,
    }
}

fn any_of(facts: &CaseFacts, dimension: Dimension) -> Tri {
    Tri::any(Id::of_dimension(dimension).map(|id| value(facts, id)))
}

/// Turns case facts into an assessment. Pure and total: every valid [`CaseFacts`] gives a full
/// assessment, the same one every time.
pub fn assess(facts: &CaseFacts) -> Assessment {
    let child = facts.person.is_minor();
    let minor = child == Some(true);
    let yes = |id| value(facts, id).is_true();

    let involuntary = any_of(facts, Dimension::Involuntary);
    let coercion = any_of(facts, Dimension::Coercion);
    let forced_labour = if minor {
        Tri::any([
            coercion,
            value(facts, Id::CtxParentsInForcedLabour),
            value(facts, Id::ExpSexual),
            value(facts, Id::ExpIllicitActivities),
            value(facts, Id::ExpServitudeSlavery),
        ])
    } else {
        involuntary.and(coercion)
    };

    let category = (forced_labour != Tri::False).then(|| {
        if yes(Id::ExpSexual) {
            Category::CommercialSexual
        } else if yes(Id::CtxStateImposed) {
            Category::StateImposed
        } else {
            Category::PrivateEconomy
        }
    });

    let act = any_of(facts, Dimension::Act);
    let means = any_of(facts, Dimension::Means).or(coercion);
    let purpose = forced_labour.or(any_of(facts, Dimension::Exploitation));
    let trafficking = if minor {
        act.and(purpose)
    } else {
        act.and(means).and(purpose)
    };

    let hazardous_child_work = minor && yes(Id::CtxHazardousChildWork);
    let immediate_danger = yes(Id::CtxImmediateDanger);
    let either_yes = forced_labour.is_true() || trafficking.is_true();
    let either_uncertain = forced_labour == Tri::Unknown || trafficking == Tri::Unknown;

    let urgency = if immediate_danger || (minor && either_yes) {
        Urgency::Immediate
    } else if either_yes || either_uncertain || hazardous_child_work {
        Urgency::Priority
    } else {
        Urgency::Routine
    };

    let labour_rights_concern = Id::ALL.iter().any(|&id| {
        matches!(id.dimension(), Dimension::Involuntary | Dimension::Coercion) && yes(id)
    }) || hazardous_child_work;

    let mut referral_routes = Vec::new();
    let mut route = |on: bool, r: ReferralRoute| {
        if on {
            referral_routes.push(r);
        }
    };
    let either_not_no = forced_labour != Tri::False || trafficking != Tri::False;
    route(immediate_danger, ReferralRoute::Emergency);
    route(
        minor && (either_not_no || hazardous_child_work),
        ReferralRoute::ChildProtection,
    );
    route(either_yes, ReferralRoute::Prosecutor);
    route(either_uncertain, ReferralRoute::SpecialisedAssessment);
    route(labour_rights_concern, ReferralRoute::LabourInspection);
    route(either_yes, ReferralRoute::VictimAssistance);
    route(
        yes(Id::CtxCrossedBorder) || yes(Id::CtxSmuggled),
        ReferralRoute::MigrationProtection,
    );

    let indicators = Id::ALL
        .iter()
        .filter_map(|&id| {
            let answer = facts.answer(id)?;
            if answer == Answer::No {
                return None;
            }
            let info = id.info();
            Some(Indicator {
                id,
                value: answer,
                dimension: info.dimension,
                icls: info.icls.map(str::to_owned),
                ilo_indicator: info.ilo,
                evidence: facts.evidence.get(&id).copied(),
            })
        })
        .collect();

    let mut notes = Vec::new();
    match child {
        None => notes.push(Note::AgeUnknownAdultRules),
        Some(true) => notes.push(Note::ChildRulesApplied),
        Some(false) => {}
    }
    if either_uncertain {
        notes.push(Note::UncertainAnswersDecide);
    }
    if yes(Id::CtxSmuggled) && trafficking == Tri::False && forced_labour == Tri::False {
        notes.push(Note::SmugglingIsNotTrafficking);
    }
    if Id::of_dimension(Dimension::Coercion).any(|id| facts.answer(id) == Some(Answer::Declined)) {
        notes.push(Note::CoercionDeclined);
    }

    Assessment {
        schema: ASSESSMENT_SCHEMA.to_owned(),
        forced_labour: forced_labour.finding(),
        category,
        child,
        trafficking: trafficking.finding(),
        trafficking_elements: TraffickingElements {
            act: act.finding(),
            means: if minor {
                MeansElement::NotRequired
            } else {
                MeansElement::Finding(means.finding())
            },
            purpose: purpose.finding(),
        },
        urgency,
        labour_rights_concern,
        referral_routes,
        indicators,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::Tri::{self, False as F, True as T, Unknown as U};

    #[test]
    fn kleene_truth_tables() {
        let all = [T, F, U];
        let or = [[T, T, T], [T, F, U], [T, U, U]];
        let and = [[T, F, U], [F, F, F], [U, F, U]];
        for (i, a) in all.iter().enumerate() {
            for (j, b) in all.iter().enumerate() {
                assert_eq!(a.or(*b), or[i][j], "{a:?} or {b:?}");
                assert_eq!(a.and(*b), and[i][j], "{a:?} and {b:?}");
            }
        }
        assert_eq!(Tri::any([]), F);
    }
}
