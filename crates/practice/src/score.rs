//! Feedback on a trainee's screening of a practice case, and a session summary over several cases.
//! Pure functions over owned data, so the widget can keep feedback in component state and the
//! `tamiz-complete` event can carry it as JSON.

use std::collections::BTreeMap;

use serde::Serialize;
use tamiz_engine::{
    assess, Answer, Assessment, CaseFacts, Category, Finding, IloIndicator, ObservationId,
    ReferralRoute, Urgency,
};

use crate::model::{Expected, Lang, PracticeCase, Sentence, Text};

/// How the trainee's answer for one observation compares with the answer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The case shows the indicator and the trainee marked it `yes`.
    Hit,
    /// The case shows the indicator (`yes`) and the trainee did not mark it `yes`.
    Missed,
    /// The trainee marked `yes` what the case does not show (key `no`, `unknown`, `declined` or
    /// not addressed).
    WronglyMarked,
    /// The case leaves the fact open (`unknown` / `declined`) and the trainee recorded `no` or
    /// nothing: treating an open fact as settled can turn an indeterminate result into "no".
    RuledOutTooSoon,
    /// The case rules the fact out (`no`) or does not show it, and the trainee left it `unknown` /
    /// `declined`: a safe error, but it can make a settled result indeterminate.
    LeftOpen,
    /// Both agree that the indicator is not present, or both leave it open.
    Correct,
    /// The trainee's question set cannot record this observation (see [`score_asked`]): shown
    /// with its sentence and explanation for learning, but left out of the score.
    NotAsked,
}

impl Verdict {
    /// Whether this verdict counts as a correct indicator in the score.
    pub fn is_correct(self) -> bool {
        matches!(self, Verdict::Hit | Verdict::Correct)
    }

    /// A short label for the feedback view, so the widget needs no text of its own for verdicts.
    pub fn label(self, lang: Lang) -> &'static str {
        let (es, en) = match self {
            Verdict::Hit => ("Identificado", "Identified"),
            Verdict::Missed => ("No identificado", "Missed"),
            Verdict::WronglyMarked => (
                "Marcado sin base en el caso",
                "Marked without basis in the case",
            ),
            Verdict::RuledOutTooSoon => ("Descartado sin saberlo", "Ruled out without knowing"),
            Verdict::LeftOpen => (
                "Dejado abierto; el caso lo descarta",
                "Left open; the case rules it out",
            ),
            Verdict::Correct => ("Correcto", "Correct"),
            Verdict::NotAsked => (
                "No preguntado por separado en este rol",
                "Not asked separately in this role",
            ),
        };
        match lang {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

/// Feedback on one observation: the verdict, with the narrative sentences and the explanation the
/// trainee needs to learn from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorFeedback {
    /// The observation.
    pub id: ObservationId,
    /// How the trainee did on it.
    pub verdict: Verdict,
    /// The answer key (`None`: the case does not address this observation).
    pub expected: Option<Answer>,
    /// What the trainee recorded (`None`: not recorded, which the engine reads as "no").
    pub trainee: Option<Answer>,
    /// The narrative sentences that show or rule out the indicator (empty when the case does not
    /// address it).
    pub sentences: Vec<Sentence>,
    /// Why those sentences show it, in ILO / ICLS terms (`None` when the case does not address it).
    pub explanation: Option<Text>,
    /// ICLS 2018 code (`I1`–`I9`, `C1`–`C6`), when one applies.
    pub icls: Option<&'static str>,
    /// The nearest of the ILO's 11 indicators, when one applies.
    pub ilo_indicator: Option<IloIndicator>,
}

/// An outcome as expected and as the trainee's answers give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison<T> {
    /// The expected value (the engine on the case's facts).
    pub expected: T,
    /// The value the engine gives on the trainee's facts.
    pub trainee: T,
    /// Whether they agree.
    pub correct: bool,
}

impl<T: PartialEq> Comparison<T> {
    fn new(expected: T, trainee: T) -> Comparison<T> {
        let correct = expected == trainee;
        Comparison {
            expected,
            trainee,
            correct,
        }
    }
}

/// The outcomes side by side, so feedback can show which conclusion went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Forced labour.
    pub forced_labour: Comparison<Finding>,
    /// Trafficking in persons.
    pub trafficking: Comparison<Finding>,
    /// Child or adult.
    pub child: Comparison<Option<bool>>,
    /// ILO category.
    pub category: Comparison<Option<Category>>,
    /// Urgency.
    pub urgency: Comparison<Urgency>,
    /// Referral routes.
    pub referral_routes: Comparison<Vec<ReferralRoute>>,
}

impl Outcomes {
    fn correct_count(&self) -> u32 {
        [
            self.forced_labour.correct,
            self.trafficking.correct,
            self.child.correct,
            self.category.correct,
            self.urgency.correct,
            self.referral_routes.correct,
        ]
        .into_iter()
        .map(u32::from)
        .sum()
    }

    /// How many outcomes are compared.
    pub const TOTAL: u32 = 6;
}

/// The numeric score: indicators and outcomes weigh half each, so recognising the signs and
/// drawing the right conclusion both count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Indicators with a correct verdict ([`Verdict::is_correct`]).
    pub indicators_correct: u32,
    /// Indicators compared: every observation of the answer key plus every observation outside it
    /// that the trainee marked `yes`, `unknown` or `declined`.
    pub indicators_total: u32,
    /// Outcomes that agree (forced labour, trafficking, child, category, urgency, referral routes).
    pub outcomes_correct: u32,
    /// Outcomes compared ([`Outcomes::TOTAL`]).
    pub outcomes_total: u32,
    /// 0–100; 100 only for a perfect answer.
    pub percent: u8,
    /// Every indicator and every outcome correct.
    pub perfect: bool,
}

/// Everything the training view shows after a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    /// The case this feedback is for.
    pub case_id: String,
    /// One entry per compared observation, in vocabulary order.
    pub indicators: Vec<IndicatorFeedback>,
    /// The engine's assessment of the trainee's facts.
    pub trainee_assessment: Assessment,
    /// The expected assessment.
    pub expected: Expected,
    /// The outcomes side by side.
    pub outcomes: Outcomes,
    /// The score.
    pub score: Score,
    /// The referral routes that should follow (the expected ones), most urgent first.
    pub referral_routes: Vec<ReferralRoute>,
    /// What the case teaches.
    pub learning_point: Text,
}

impl Feedback {
    /// The observations the trainee missed.
    pub fn missed(&self) -> impl Iterator<Item = &IndicatorFeedback> {
        self.with(Verdict::Missed)
    }

    /// The observations the trainee marked `yes` wrongly.
    pub fn wrongly_marked(&self) -> impl Iterator<Item = &IndicatorFeedback> {
        self.with(Verdict::WronglyMarked)
    }

    /// The observations with one verdict.
    pub fn with(&self, verdict: Verdict) -> impl Iterator<Item = &IndicatorFeedback> {
        self.indicators.iter().filter(move |i| i.verdict == verdict)
    }
}

fn is_open(a: Option<Answer>) -> bool {
    matches!(a, Some(Answer::Unknown | Answer::Declined))
}

fn verdict(expected: Option<Answer>, trainee: Option<Answer>) -> Verdict {
    let e_yes = expected == Some(Answer::Yes);
    let t_yes = trainee == Some(Answer::Yes);
    match (e_yes, t_yes) {
        (true, true) => Verdict::Hit,
        (true, false) => Verdict::Missed,
        (false, true) => Verdict::WronglyMarked,
        (false, false) => match (is_open(expected), is_open(trainee)) {
            (true, false) => Verdict::RuledOutTooSoon,
            (false, true) => Verdict::LeftOpen,
            _ => Verdict::Correct,
        },
    }
}

/// Compares a trainee's screening of `case` with the answer key: per indicator hit, missed or
/// wrongly marked (with the sentence and explanation), the trainee's assessment next to the
/// expected one, a score and the referral routes that should follow. Total: any facts give feedback.
pub fn score(case: &PracticeCase, trainee_facts: &CaseFacts) -> Feedback {
    score_asked(case, trainee_facts, |_| true)
}

/// Like [`score`], for a trainee who screens with a question set that can record only some
/// observations (`asked` says which, e.g. the ids a role's question bank produces). Observations
/// outside it get [`Verdict::NotAsked`], whatever the trainee recorded: they are still listed, with
/// sentence and explanation, but do not count in the score, so a perfect screening with those
/// questions can reach 100 whenever the unasked observations do not change the outcome. A caller
/// whose questions record some observations only together (one question, two observations) leaves
/// those out of `asked` for a case whose key tells them apart: the trainee cannot.
pub fn score_asked(
    case: &PracticeCase,
    trainee_facts: &CaseFacts,
    asked: impl Fn(ObservationId) -> bool,
) -> Feedback {
    let mut indicators = Vec::new();
    for &id in ObservationId::ALL {
        let key = case.key(id);
        let expected = key.map(|k| k.answer);
        let trainee = trainee_facts.answer(id);
        // Observations the case does not address are compared only when the trainee recorded
        // something the engine reads differently from "not observed" (yes, unknown, declined).
        if key.is_none() && matches!(trainee, None | Some(Answer::No)) {
            continue;
        }
        let info = id.info();
        indicators.push(IndicatorFeedback {
            id,
            verdict: if asked(id) {
                verdict(expected, trainee)
            } else {
                Verdict::NotAsked
            },
            expected,
            trainee,
            sentences: key
                .map(|k| {
                    k.sentences
                        .iter()
                        .filter_map(|s| case.sentence(s).cloned())
                        .collect()
                })
                .unwrap_or_default(),
            explanation: key.map(|k| k.explanation.clone()),
            icls: info.icls,
            ilo_indicator: info.ilo,
        });
    }

    let trainee_assessment = assess(trainee_facts);
    let e = &case.expected;
    let t = &trainee_assessment;
    let outcomes = Outcomes {
        forced_labour: Comparison::new(e.forced_labour, t.forced_labour),
        trafficking: Comparison::new(e.trafficking, t.trafficking),
        child: Comparison::new(e.child, t.child),
        category: Comparison::new(e.category, t.category),
        urgency: Comparison::new(e.urgency, t.urgency),
        referral_routes: Comparison::new(e.referral_routes.clone(), t.referral_routes.clone()),
    };

    let scored = || indicators.iter().filter(|i| i.verdict != Verdict::NotAsked);
    let indicators_total = scored().count() as u32;
    let indicators_correct = scored().filter(|i| i.verdict.is_correct()).count() as u32;
    let outcomes_correct = outcomes.correct_count();
    let perfect = indicators_correct == indicators_total && outcomes_correct == Outcomes::TOTAL;
    let percent = percent(
        indicators_correct,
        indicators_total,
        outcomes_correct,
        Outcomes::TOTAL,
        perfect,
    );

    Feedback {
        case_id: case.id.clone(),
        indicators,
        trainee_assessment,
        expected: case.expected.clone(),
        outcomes,
        score: Score {
            indicators_correct,
            indicators_total,
            outcomes_correct,
            outcomes_total: Outcomes::TOTAL,
            percent,
            perfect,
        },
        referral_routes: case.expected.referral_routes.clone(),
        learning_point: case.learning_point.clone(),
    }
}

fn percent(ic: u32, it: u32, oc: u32, ot: u32, perfect: bool) -> u8 {
    if perfect {
        return 100;
    }
    let part = |c: u32, t: u32| {
        if t == 0 {
            1.0
        } else {
            f64::from(c) / f64::from(t)
        }
    };
    let value = (50.0 * part(ic, it) + 50.0 * part(oc, ot)).round();
    // Never show 100 for an imperfect answer, however small the slip.
    value.clamp(0.0, 99.0) as u8
}

/// A running summary of a training session: cases done and the indicators most often missed. Held
/// in memory only; nothing is stored beyond the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SessionSummary {
    /// One entry per case done, in order.
    pub cases: Vec<CaseResult>,
    /// Observation → how many times it was missed.
    pub missed: BTreeMap<ObservationId, u32>,
    /// Observation → how many times it was wrongly marked `yes`.
    pub wrongly_marked: BTreeMap<ObservationId, u32>,
}

/// One case of a session, as the summary remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// The case.
    pub case_id: String,
    /// Its score (0–100).
    pub percent: u8,
    /// Whether the answer was perfect.
    pub perfect: bool,
    /// Whether forced labour and trafficking were both concluded correctly.
    pub outcome_correct: bool,
}

impl SessionSummary {
    /// An empty session.
    pub fn new() -> SessionSummary {
        SessionSummary::default()
    }

    /// Adds the feedback of one case.
    pub fn add(&mut self, feedback: &Feedback) {
        self.cases.push(CaseResult {
            case_id: feedback.case_id.clone(),
            percent: feedback.score.percent,
            perfect: feedback.score.perfect,
            outcome_correct: feedback.outcomes.forced_labour.correct
                && feedback.outcomes.trafficking.correct,
        });
        for i in feedback.missed() {
            *self.missed.entry(i.id).or_default() += 1;
        }
        for i in feedback.wrongly_marked() {
            *self.wrongly_marked.entry(i.id).or_default() += 1;
        }
    }

    /// How many cases were done.
    pub fn cases_done(&self) -> usize {
        self.cases.len()
    }

    /// The mean score (0–100), `None` before the first case.
    pub fn mean_percent(&self) -> Option<u8> {
        if self.cases.is_empty() {
            return None;
        }
        let sum: u32 = self.cases.iter().map(|c| u32::from(c.percent)).sum();
        Some((f64::from(sum) / self.cases.len() as f64).round() as u8)
    }

    /// The `limit` observations most often missed, most frequent first (ties in vocabulary order).
    pub fn most_missed(&self, limit: usize) -> Vec<(ObservationId, u32)> {
        top(&self.missed, limit)
    }

    /// The `limit` observations most often wrongly marked, most frequent first.
    pub fn most_wrongly_marked(&self, limit: usize) -> Vec<(ObservationId, u32)> {
        top(&self.wrongly_marked, limit)
    }
}

fn top(counts: &BTreeMap<ObservationId, u32>, limit: usize) -> Vec<(ObservationId, u32)> {
    let mut list: Vec<_> = counts.iter().map(|(id, n)| (*id, *n)).collect();
    // Stable sort keeps the map's vocabulary order among ties.
    list.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    list.truncate(limit);
    list
}
