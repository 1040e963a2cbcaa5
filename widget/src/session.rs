//! One screening session as a pure state machine: where the person is, what they answered, and the
//! outcome once they ask for it. No JS and no rendering, so navigation (Back/Next keep answers, skip
//! logic, restart, wipe on exit) is testable natively and the UI stays a view of this state.

use std::rc::Rc;

use tamiz_engine::{Assessment, CaseFacts, Evidence};

use crate::content::{Answers, Content, EvidenceMap, ResultView, Step};

/// The finished screening: facts, the engine's assessment and the texts to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// What the answers establish (the `tamiz assess` input).
    pub facts: CaseFacts,
    /// The engine's verdict on those facts (the `tamiz-complete` detail).
    pub assessment: Assessment,
    /// The result screen's texts.
    pub view: ResultView,
}

/// What to show now.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// A question screen: 1-based `index` of `total` visible steps.
    Step {
        /// Position, 1-based, as announced ("Question 3 of 12").
        index: usize,
        /// Number of steps the current answers lead through.
        total: usize,
        /// The step itself.
        step: Step,
    },
    /// The result.
    Result(Rc<Outcome>),
    /// Quick exit happened: nothing is shown and nothing is kept.
    Exited,
}

#[derive(Debug, Clone, PartialEq)]
enum Position {
    /// On the step with this id; `index` is where it was, used if skip logic removed it.
    Step {
        id: Option<String>,
        index: usize,
    },
    Result(Rc<Outcome>),
    Exited,
}

/// The answers and position of one person's screening. Lives in memory only.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    answers: Answers,
    evidence: EvidenceMap,
    position: Position,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    /// A fresh session on the first step.
    pub fn new() -> Session {
        Session {
            answers: Answers::new(),
            evidence: EvidenceMap::new(),
            position: Position::Step { id: None, index: 0 },
        }
    }

    /// The answers so far (question id → option id).
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    /// The evidence sources so far (question id → source).
    pub fn evidence(&self) -> &EvidenceMap {
        &self.evidence
    }

    fn locate(&self, steps: &[Step]) -> Option<usize> {
        let Position::Step { id, index } = &self.position else {
            return None;
        };
        let found = id
            .as_ref()
            .and_then(|id| steps.iter().position(|s| &s.id == id));
        Some(found.unwrap_or(*index).min(steps.len().saturating_sub(1)))
    }

    /// What to show, given the content (the visible steps depend on the answers).
    pub fn screen(&self, content: &Content) -> Screen {
        match &self.position {
            Position::Exited => Screen::Exited,
            Position::Result(o) => Screen::Result(Rc::clone(o)),
            Position::Step { .. } => {
                let mut steps = content.steps(&self.answers);
                let total = steps.len();
                match self.locate(&steps) {
                    Some(i) if i < total => Screen::Step {
                        index: i + 1,
                        total,
                        step: steps.swap_remove(i),
                    },
                    _ => Screen::Exited,
                }
            }
        }
    }

    /// Records an answer (replacing an earlier one).
    pub fn answer(&mut self, question: &str, value: &str) {
        if value.is_empty() {
            // Rebuilt without it rather than `remove`d: a few dozen entries at most, and the map's
            // removal code would be the only user of it in the wasm (≈1 KB gzip).
            let mut kept = Answers::new();
            for (q, a) in std::mem::take(&mut self.answers) {
                if q != question {
                    kept.insert(q, a);
                }
            }
            self.answers = kept;
        } else {
            self.answers.insert(question.to_owned(), value.to_owned());
        }
    }

    /// Records (or clears) where an answer comes from.
    pub fn set_evidence(&mut self, question: &str, source: Option<Evidence>) {
        self.evidence.insert(question.to_owned(), source);
    }

    /// Questions of the current step that still need an answer (a radio, or an age).
    pub fn missing(&self, content: &Content) -> Vec<String> {
        match self.screen(content) {
            Screen::Step { step, .. } => step
                .questions
                .iter()
                .filter(|q| !self.answers.contains_key(&q.id))
                .map(|q| q.id.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Goes to the next step, or to the result after the last one. Refuses (returning the unanswered
    /// question ids) while the current step is incomplete.
    pub fn next(&mut self, content: &Content) -> Result<(), Vec<String>> {
        let missing = self.missing(content);
        if !missing.is_empty() {
            return Err(missing);
        }
        let steps = content.steps(&self.answers);
        let Some(i) = self.locate(&steps) else {
            return Ok(());
        };
        if i + 1 < steps.len() {
            self.position = Position::Step {
                id: Some(steps[i + 1].id.clone()),
                index: i + 1,
            };
        } else {
            self.position = Position::Result(Rc::new(self.outcome(content)));
        }
        Ok(())
    }

    /// Goes back one step (from the result: to the last step), keeping every answer.
    pub fn back(&mut self, content: &Content) {
        let steps = content.steps(&self.answers);
        let i = match &self.position {
            Position::Result(_) => steps.len(),
            Position::Step { .. } => self.locate(&steps).unwrap_or(0),
            Position::Exited => return,
        };
        let j = i.saturating_sub(1);
        self.position = Position::Step {
            id: steps.get(j).map(|s| s.id.clone()),
            index: j,
        };
    }

    /// The facts, assessment and result texts for the answers so far.
    pub fn outcome(&self, content: &Content) -> Outcome {
        let facts = content.facts(&self.answers, &self.evidence);
        let assessment = tamiz_engine::assess(&facts);
        let view = content.result(&assessment);
        Outcome {
            facts,
            assessment,
            view,
        }
    }

    /// Starts again from the first step with no answers.
    pub fn restart(&mut self) {
        *self = Session::new();
    }

    /// Quick exit: forgets every answer and shows nothing from now on.
    pub fn exit(&mut self) {
        self.answers.clear();
        self.evidence.clear();
        self.position = Position::Exited;
    }

    /// Whether quick exit has happened.
    pub fn exited(&self) -> bool {
        self.position == Position::Exited
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use tamiz_engine::{Country, Role};

    use super::*;
    use crate::config::{Lang, RawOptions};
    use crate::content::QuestionKind;

    fn content(mode: &str, lang: &str) -> Content {
        let options = RawOptions {
            mode: Some(mode.into()),
            country: Some("PE".into()),
            lang: Some(lang.into()),
            ..RawOptions::default()
        }
        .validate()
        .unwrap();
        Content::new(
            crate::host::instrument(&options.content_key()).unwrap(),
            &options,
            None,
        )
    }

    fn first_option(q: &crate::content::Question) -> String {
        match &q.kind {
            QuestionKind::Choice(o) => o[0].0.clone(),
            QuestionKind::Age { .. } => "30".into(),
        }
    }

    /// Answers every screen with its first option until the result; returns the screens seen.
    fn walk(content: &Content, session: &mut Session) -> usize {
        let mut screens = 0;
        while let Screen::Step { step, .. } = session.screen(content) {
            screens += 1;
            assert!(screens < 200, "no end");
            assert_eq!(session.next(content), Err(session.missing(content)));
            for q in &step.questions {
                session.answer(&q.id, &first_option(q));
            }
            session.next(content).unwrap();
        }
        screens
    }

    #[test]
    fn every_role_reaches_a_result_in_both_languages() {
        for mode in ["inspector", "migration", "prosecutor", "self"] {
            for lang in ["es", "en"] {
                let content = content(mode, lang);
                let mut session = Session::new();
                let screens = walk(&content, &mut session);
                assert!(screens > 1, "{mode}");
                let Screen::Result(outcome) = session.screen(&content) else {
                    panic!("{mode}: no result");
                };
                assert_eq!(outcome.assessment, tamiz_engine::assess(&outcome.facts));
                assert!(!outcome.view.headline.is_empty());
                assert!(!outcome.view.referral.is_empty(), "{mode} {lang}");
                assert_eq!(outcome.facts.country, Country::Peru);
                assert_eq!(outcome.facts.role, Role::from_id(mode).unwrap());
            }
        }
    }

    #[test]
    fn self_mode_is_one_question_per_screen_and_professional_modes_have_sections() {
        let c = content("self", "en");
        assert!(c
            .steps(&Answers::new())
            .iter()
            .all(|s| s.questions.len() == 1 && s.title.is_none()));
        let c = content("inspector", "en");
        let steps = c.steps(&Answers::new());
        assert!(steps.iter().any(|s| s.questions.len() > 1));
        assert!(steps.iter().all(|s| s.title.is_some()));
    }

    #[test]
    fn english_labels_are_exact() {
        let c = content("self", "en");
        let steps = c.steps(&Answers::new());
        let QuestionKind::Choice(options) = &steps[0].questions[0].kind else {
            panic!("first self question is yes/no");
        };
        let labels: Vec<&str> = options.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Yes", "No", "I don't know", "Prefer not to say"]);
        assert_eq!(crate::ui::text::texts(Lang::En).see_result, "See result");
    }

    #[test]
    fn back_keeps_answers_and_exit_wipes_them() {
        let c = content("self", "es");
        let mut s = Session::new();
        let Screen::Step { step, .. } = s.screen(&c) else {
            panic!()
        };
        s.answer(&step.questions[0].id, "no");
        s.next(&c).unwrap();
        s.back(&c);
        assert_eq!(
            s.answers().get(&step.questions[0].id).map(String::as_str),
            Some("no")
        );
        assert!(matches!(s.screen(&c), Screen::Step { index: 1, .. }));
        s.exit();
        assert!(s.answers().is_empty());
        assert_eq!(s.screen(&c), Screen::Exited);
    }
}
