//! One screening session as a pure state machine: where the person is, what they answered, and the
//! outcome once they ask for it. No JS and no rendering, so navigation (Back/Next keep answers, skip
//! logic, restart, wipe on exit) is testable natively and the UI stays a view of this state.

use std::rc::Rc;

use tamiz_engine::{Assessment, CaseFacts, Evidence};

use crate::content::{Answers, Content, EvidenceMap, QuestionKind, ResultView, Step};

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
            self.answers.remove(question);
        } else {
            self.answers.insert(question.to_owned(), value.to_owned());
        }
    }

    /// Records (or clears) where an answer comes from.
    pub fn set_evidence(&mut self, question: &str, source: Option<Evidence>) {
        match source {
            Some(e) => self.evidence.insert(question.to_owned(), e),
            None => self.evidence.remove(question),
        };
    }

    /// Questions of the current step that still need an answer (radios must be chosen; the age
    /// field may stay empty, which means unknown).
    pub fn missing(&self, content: &Content) -> Vec<String> {
        match self.screen(content) {
            Screen::Step { step, .. } => step
                .questions
                .iter()
                .filter(|q| {
                    matches!(q.kind, QuestionKind::Choice(_)) && !self.answers.contains_key(&q.id)
                })
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
        let view = content.result(&facts, &assessment);
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
