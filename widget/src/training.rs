//! Training mode (`mode="training"`, the training bundle only): the practice cases compiled in by
//! `build.rs`, the question banks they are screened with, and the feedback on a trainee's screening.
//! Pure Rust like [`crate::content`], so the whole training flow (a perfect screening of every case
//! scores 100) is tested natively.

use std::rc::Rc;

use tamiz_engine::{
    assess, Answer, Assessment, CaseFacts, Country, ObservationId, Person, ReferralRoute, Role,
};
use tamiz_instrument::{DefiniteAnswer, Instrument, Lang as ILang, Question, QuestionKind};
use tamiz_practice::{
    score_asked, Difficulty, Expected, Feedback, ObservationKey, PracticeCase, Sector, Sentence,
    Text,
};

use crate::config::{Lang, Options};
use crate::content::{Content, HostConfig};

/// One case as `build.rs` writes it: static strings and enum values, no parsing at runtime.
pub(crate) struct PCase {
    id: &'static str,
    country: Country,
    role: Role,
    sector: Sector,
    difficulty: Difficulty,
    title: [&'static str; 2],
    age: Option<u8>,
    minor: Option<bool>,
    learning: [&'static str; 2],
    /// `[id, es, en]` per sentence.
    narrative: &'static [[&'static str; 3]],
    keys: &'static [PKey],
}

/// One answer-key entry as `build.rs` writes it.
pub(crate) struct PKey {
    id: ObservationId,
    answer: Answer,
    sentences: &'static [&'static str],
    explanation: [&'static str; 2],
}

static CASES: &[PCase] = include!(concat!(env!("OUT_DIR"), "/practice.rs"));

fn text([es, en]: [&'static str; 2]) -> Text {
    Text {
        es: es.to_owned(),
        en: en.to_owned(),
    }
}

impl PCase {
    fn to_case(&self) -> PracticeCase {
        let mut facts = CaseFacts::new(self.country, self.role);
        facts.person = Person {
            age: self.age,
            minor: self.minor,
        };
        for k in self.keys {
            facts.observations.insert(k.id, k.answer);
        }
        PracticeCase {
            id: self.id.to_owned(),
            country: self.country,
            role: self.role,
            sector: self.sector,
            difficulty: self.difficulty,
            title: text(self.title),
            person: facts.person,
            narrative: self
                .narrative
                .iter()
                .map(|[id, es, en]| Sentence {
                    id: (*id).to_owned(),
                    text: text([es, en]),
                })
                .collect(),
            observations: self
                .keys
                .iter()
                .map(|k| ObservationKey {
                    id: k.id,
                    answer: k.answer,
                    sentences: k.sentences.iter().map(|s| (*s).to_owned()).collect(),
                    explanation: text(k.explanation),
                })
                .collect(),
            // Recomputed with the same engine: the build validated that it equals the case file's
            // expected assessment.
            expected: Expected::of(&assess(&facts)),
            learning_point: text(self.learning),
            file: String::new(),
        }
    }
}

/// The practice language for the widget language.
pub fn practice_lang(lang: Lang) -> tamiz_practice::Lang {
    match lang {
        Lang::Es => tamiz_practice::Lang::Es,
        Lang::En => tamiz_practice::Lang::En,
    }
}

/// The three professional roles a practice case can be screened as, in the order the picker lists
/// them.
pub const ROLES: [Role; 3] = [Role::Inspector, Role::Migration, Role::Prosecutor];

/// Everything a training session needs: the country's cases and, per role, the questionnaire they
/// are screened with (the same content as that role's screening mode).
#[derive(Debug, Clone)]
pub struct Practice {
    /// The cases of the widget's country, in bank order.
    pub cases: Vec<PracticeCase>,
    contents: Vec<(Role, Rc<Content>)>,
    instrument: &'static Instrument,
    /// The widget's language.
    pub lang: Lang,
    /// Where "random case" starts; the host passes a random number, so two trainees (or two
    /// sessions) do not meet the cases in the same order.
    pub seed: u64,
}

impl PartialEq for Practice {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.instrument, other.instrument)
            && self.lang == other.lang
            && self.cases == other.cases
    }
}

impl Practice {
    /// The cases of `options.country` and the questionnaires of the three professional roles, with
    /// the host's directory override (so feedback shows the agency's own referral contacts).
    pub fn new(
        instrument: &'static Instrument,
        options: &Options,
        config: Option<Rc<HostConfig>>,
        seed: u64,
    ) -> Practice {
        let cases = CASES
            .iter()
            .filter(|c| c.country == options.country)
            .map(PCase::to_case)
            .collect();
        let contents = ROLES
            .iter()
            .map(|&role| {
                let mut o = options.clone();
                o.role = role;
                (role, Rc::new(Content::new(instrument, &o, config.clone())))
            })
            .collect();
        Practice {
            cases,
            contents,
            instrument,
            lang: options.lang,
            seed,
        }
    }

    /// The questionnaire (and result texts) of `role` in the widget's language and country.
    pub fn content(&self, role: Role) -> Option<&Rc<Content>> {
        self.contents
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| c)
    }

    /// The feedback on a trainee's screening of `case`. An observation counts in the score only if
    /// one of the role's questions records it apart from what the case says of the others: a
    /// question that records two observations ("dangerous work or degrading living conditions?")
    /// cannot tell them apart when the case shows one and not the other. The rest are listed for
    /// learning, with sentence and explanation, so a perfect screening scores 100.
    pub fn feedback(&self, case: &PracticeCase, trainee: &CaseFacts) -> Feedback {
        let questions = self.instrument.questions(case.role);
        let key = |id: ObservationId| case.key(id).map_or(Answer::No, |k| k.answer);
        score_asked(case, trainee, |id| {
            questions.iter().any(|q| {
                q.observations.contains(&id) && q.observations.iter().all(|&o| key(o) == key(id))
            })
        })
    }

    /// The short title of a referral route ("Prosecutor's office"), as the referral steps use it.
    pub fn route_title(&self, route: ReferralRoute) -> &str {
        self.instrument
            .vocabulary
            .routes
            .get(&route)
            .map_or(route.as_str(), |r| r.title.get(self.ilang()))
    }

    fn ilang(&self) -> ILang {
        crate::content::ilang(self.lang)
    }

    /// The expected assessment of a case (its facts through the engine), for the referral route
    /// that should follow and the side-by-side outcome.
    pub fn expected(&self, case: &PracticeCase) -> Assessment {
        assess(&case.facts())
    }

    /// What an indicator is and the ILO indicator it corresponds to: the instrument's name and
    /// description of the observation, and the ILO indicator's name, in the widget's language.
    pub fn explain(&self, id: ObservationId) -> (&str, &str, Option<&str>) {
        let lang = self.ilang();
        let vocabulary = &self.instrument.vocabulary;
        let (name, description) = vocabulary
            .observations
            .get(&id)
            .map_or(("", ""), |d| (d.name.get(lang), d.description.get(lang)));
        let ilo = id
            .info()
            .ilo
            .and_then(|i| vocabulary.ilo.get(&i))
            .map(|d| d.name.get(lang))
            .filter(|n| !n.is_empty());
        (name, description, ilo)
    }
}

/// The answer a trainee who read `case` perfectly gives to `question` (an option id, or an age):
/// the answer key through the question's wording (inverted questions flip yes and no), "no" for
/// what the case does not address (the engine reads nothing recorded as no). Tests use it to play a
/// perfect trainee; a trainer can use it to check that a new case fits a role's questions.
pub fn model_answer(case: &PracticeCase, question: &Question, bank: &[Question]) -> String {
    if question.kind == QuestionKind::Age {
        return match case.person.age {
            Some(age) => age.to_string(),
            None => "unknown".to_owned(),
        };
    }
    if question.sets_minor {
        return match case.person.is_minor() {
            Some(true) => "yes",
            Some(false) => "no",
            None => "unknown",
        }
        .to_owned();
    }
    if question.observations.is_empty() {
        // A gate ("Does the employer provide housing?"): "yes" when a question it opens records
        // something the case shows or leaves open, so those questions are asked.
        let opens_something = bank.iter().any(|q| {
            q.skip_if.iter().any(|rule| {
                rule.question.as_deref() == Some(question.id.as_str())
                    && rule.answers.contains(&DefiniteAnswer::No)
            }) && q
                .observations
                .iter()
                .any(|&id| case.key(id).is_some_and(|k| k.answer != Answer::No))
        });
        return if opens_something { "yes" } else { "no" }.to_owned();
    }
    let answers: Vec<Answer> = question
        .observations
        .iter()
        .filter_map(|&id| case.key(id).map(|k| k.answer))
        .collect();
    // One question can record several observations; the strongest answer wins, so a sign the case
    // shows is never hidden behind one it does not.
    let answer = [Answer::Yes, Answer::Unknown, Answer::Declined]
        .into_iter()
        .find(|a| answers.contains(a))
        .unwrap_or(Answer::No);
    let id = match (answer, question.inverted) {
        (Answer::Yes, false) | (Answer::No, true) => "yes",
        (Answer::No, false) | (Answer::Yes, true) => "no",
        (Answer::Unknown, _) => "unknown",
        (Answer::Declined, _) => "declined",
    };
    id.to_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::RawOptions;
    use crate::session::{Screen, Session};
    use tamiz_practice::Verdict;

    fn practice(country: &str, lang: &str) -> Practice {
        let options = RawOptions {
            mode: Some("training".into()),
            country: Some(country.into()),
            lang: Some(lang.into()),
            ..RawOptions::default()
        }
        .validate()
        .unwrap();
        Practice::new(
            crate::host::instrument(&options.content_key()).unwrap(),
            &options,
            None,
            7,
        )
    }

    /// Screens `case` through the widget's session with `answer` for each question; returns the
    /// facts the widget records.
    fn screen(
        p: &Practice,
        case: &PracticeCase,
        answer: impl Fn(&Question, &[Question]) -> String,
    ) -> CaseFacts {
        let content = p.content(case.role).unwrap();
        let questions = crate::host::instrument("es-pe")
            .unwrap()
            .questions(case.role);
        let mut session = Session::new();
        let mut screens = 0;
        while let Screen::Step { step, .. } = session.screen(content) {
            screens += 1;
            assert!(screens < 100, "{}: no end", case.id);
            for q in &step.questions {
                let iq = questions.iter().find(|iq| iq.id == q.id).unwrap();
                session.answer(&q.id, &answer(iq, questions));
            }
            session.next(content).unwrap();
        }
        let Screen::Result(outcome) = session.screen(content) else {
            panic!("{}: no result", case.id)
        };
        outcome.facts.clone()
    }

    #[test]
    fn the_compiled_bank_is_the_practice_crate_bank() {
        let bank = tamiz_practice::Bank::builtin().unwrap();
        let compiled: Vec<PracticeCase> = CASES.iter().map(PCase::to_case).collect();
        assert_eq!(compiled.len(), bank.cases.len());
        for (c, b) in compiled.iter().zip(&bank.cases) {
            let mut b = b.clone();
            b.file.clear();
            assert_eq!(c, &b, "{}", c.id);
        }
    }

    #[test]
    fn every_country_has_cases_for_every_role() {
        for country in ["CO", "EC", "PE"] {
            let p = practice(country, "es");
            assert!(p.cases.len() >= 8, "{country}");
            for role in ROLES {
                assert!(p.content(role).is_some());
            }
        }
    }

    #[test]
    fn a_perfect_screening_of_every_case_scores_100() {
        for country in ["CO", "EC", "PE"] {
            let p = practice(country, "en");
            for case in &p.cases {
                let facts = screen(&p, case, |q, bank| model_answer(case, q, bank));
                let feedback = p.feedback(case, &facts);
                assert!(
                    feedback.score.perfect && feedback.score.percent == 100,
                    "{}: {:?}",
                    case.id,
                    feedback
                        .indicators
                        .iter()
                        .filter(|i| !i.verdict.is_correct() && i.verdict != Verdict::NotAsked)
                        .map(|i| (i.id, i.verdict))
                        .collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn answering_no_to_a_shown_indicator_lists_it_as_missed() {
        let p = practice("PE", "es");
        let case = p
            .cases
            .iter()
            .find(|c| c.observations.iter().any(|k| k.answer == Answer::Yes))
            .unwrap();
        let facts = screen(&p, case, |q, bank| {
            let a = model_answer(case, q, bank);
            let shows = q
                .observations
                .iter()
                .any(|&id| case.key(id).is_some_and(|k| k.answer == Answer::Yes));
            match (shows, a.as_str(), q.inverted) {
                (true, "yes", false) => "no".to_owned(),
                (true, "no", true) => "yes".to_owned(),
                _ => a,
            }
        });
        let feedback = p.feedback(case, &facts);
        assert!(!feedback.score.perfect);
        let missed: Vec<_> = feedback.missed().collect();
        assert!(!missed.is_empty());
        assert!(missed.iter().all(|m| !m.sentences.is_empty()));
    }

    #[test]
    fn every_indicator_has_an_explanation_in_the_training_bundle() {
        let p = practice("CO", "en");
        for &id in ObservationId::ALL {
            let (name, description, _) = p.explain(id);
            assert!(!name.is_empty() && !description.is_empty(), "{id:?}");
        }
    }
}
