//! Skip logic and the step from answers to case facts, in one place so that no front end
//! reimplements them (and so no front end can get "missing answer means no" wrong).

use serde::{Deserialize, Serialize};
use tamiz_engine::{Answer, CaseFacts, Country, Evidence, Person, Role};

use crate::model::{DefiniteAnswer, Question, QuestionKind};
use crate::Instrument;

/// What the person (or the official) answered to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// Sí.
    Yes,
    /// No.
    No,
    /// No sé.
    Unknown,
    /// Prefiero no responder.
    Declined,
    /// An age in whole years (age questions only).
    Age(u8),
}

/// One answer with, for official roles, where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The answer.
    pub reply: Reply,
    /// The evidence source, when the question records one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl From<crate::model::AnswerOption> for Reply {
    fn from(option: crate::model::AnswerOption) -> Reply {
        match option {
            crate::model::AnswerOption::Yes => Reply::Yes,
            crate::model::AnswerOption::No => Reply::No,
            crate::model::AnswerOption::Unknown => Reply::Unknown,
            crate::model::AnswerOption::Declined => Reply::Declined,
        }
    }
}

impl From<Reply> for Response {
    fn from(reply: Reply) -> Response {
        Response {
            reply,
            evidence: None,
        }
    }
}

/// Answers so far, keyed by question id. Answers to questions that are now skipped (because an
/// earlier answer changed) are kept but ignored, so going back and forth loses nothing.
pub type Responses = tamiz_engine::VecMap<String, Response>;

/// Why answers could not be turned into case facts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    /// An answer names a question the role's bank does not have.
    #[error("no question `{question}` in the {role} bank; answer only questions from `questions({role})`")]
    UnknownQuestion {
        /// The id given.
        question: String,
        /// The role.
        role: Role,
    },
    /// An age given to a yes/no question, or a yes/no to an age question.
    #[error("question `{question}` does not take this answer: {allowed}")]
    WrongReply {
        /// The question.
        question: String,
        /// What it takes.
        allowed: &'static str,
    },
}

/// What is known about the person's age from the answers on the path so far.
fn minor_status(
    questions: &[Question],
    responses: &Responses,
    upto: usize,
    on_path: &[bool],
) -> Option<bool> {
    let mut status = None;
    for (q, _) in questions[..upto].iter().zip(on_path).filter(|(_, on)| **on) {
        match (q.kind, responses.get(&q.id).map(|r| r.reply)) {
            (QuestionKind::Age, Some(Reply::Age(age))) => status = Some(age < 18),
            (QuestionKind::YesNo, Some(Reply::Yes)) if q.sets_minor => status = Some(true),
            (QuestionKind::YesNo, Some(Reply::No)) if q.sets_minor => status = Some(false),
            _ => {}
        }
    }
    status
}

/// Whether question `index` is skipped, given the answers (only answers to questions on the path
/// count). Skip rules look only at earlier questions, so this terminates and never loops.
fn skipped(questions: &[Question], responses: &Responses, index: usize, on_path: &[bool]) -> bool {
    let q = &questions[index];
    q.skip_if.iter().any(|rule| {
        let minor = minor_status(questions, responses, index, on_path);
        if (rule.known_adult && minor == Some(false)) || (rule.known_minor && minor == Some(true)) {
            return true;
        }
        let Some(target) = &rule.question else {
            return false;
        };
        let Some(pos) = questions[..index].iter().position(|p| &p.id == target) else {
            return false;
        };
        if !on_path[pos] {
            // A skipped question's stale answer decides nothing.
            return false;
        }
        let definite = match responses.get(target).map(|r| r.reply) {
            Some(Reply::Yes) => DefiniteAnswer::Yes,
            Some(Reply::No) => DefiniteAnswer::No,
            _ => return false,
        };
        rule.answers.contains(&definite)
    })
}

impl Instrument {
    /// Which questions of `role` are on the path given the answers so far (`true` = to be asked).
    pub fn path(&self, role: Role, responses: &Responses) -> Vec<bool> {
        let questions = self.questions(role);
        let mut on_path = vec![false; questions.len()];
        for index in 0..questions.len() {
            on_path[index] = !skipped(questions, responses, index, &on_path);
        }
        on_path
    }

    /// Whether question `id` is skipped under the current answers.
    pub fn is_skipped(&self, role: Role, id: &str, responses: &Responses) -> bool {
        let questions = self.questions(role);
        match questions.iter().position(|q| q.id == id) {
            Some(pos) => !self.path(role, responses)[pos],
            None => true,
        }
    }

    /// The next question to ask: the first one on the path without an answer, `None` when the
    /// interview is complete. The widget calls this after every answer.
    pub fn next_question(&self, role: Role, responses: &Responses) -> Option<&Question> {
        let path = self.path(role, responses);
        self.questions(role)
            .iter()
            .zip(path)
            .find(|(q, on)| *on && !responses.contains_key(&q.id))
            .map(|(q, _)| q)
    }

    /// The questions still to ask, in order (for a progress indicator).
    pub fn remaining(&self, role: Role, responses: &Responses) -> usize {
        let path = self.path(role, responses);
        self.questions(role)
            .iter()
            .zip(path)
            .filter(|(q, on)| *on && !responses.contains_key(&q.id))
            .count()
    }

    /// Turns the answers into the engine's case facts. Questions on the path that were not answered
    /// become `unknown` (never `no`); skipped questions set nothing. When several questions feed the
    /// same observation, `yes` wins over `declined`, `declined` over `unknown`, `unknown` over `no`.
    pub fn case_facts(
        &self,
        country: Country,
        role: Role,
        responses: &Responses,
    ) -> Result<CaseFacts, FlowError> {
        let questions = self.questions(role);
        for id in responses.keys() {
            if !questions.iter().any(|q| &q.id == id) {
                return Err(FlowError::UnknownQuestion {
                    question: id.clone(),
                    role,
                });
            }
        }
        let path = self.path(role, responses);
        let mut facts = CaseFacts::new(country, role);
        let mut person = Person::default();
        for (q, on) in questions.iter().zip(path) {
            if !on {
                continue;
            }
            let response = responses.get(&q.id);
            let reply = response.map_or(Reply::Unknown, |r| r.reply);
            let answer = match (q.kind, reply) {
                (QuestionKind::Age, Reply::Age(age)) => {
                    person.age = Some(age.min(120));
                    person.minor = None;
                    continue;
                }
                (QuestionKind::Age, Reply::Unknown | Reply::Declined) => continue,
                (QuestionKind::Age, _) => {
                    return Err(FlowError::WrongReply {
                        question: q.id.clone(),
                        allowed: "an age in years, unknown or declined",
                    })
                }
                (QuestionKind::YesNo, Reply::Age(_)) => {
                    return Err(FlowError::WrongReply {
                        question: q.id.clone(),
                        allowed: "yes, no, unknown or declined",
                    })
                }
                (QuestionKind::YesNo, Reply::Yes) => {
                    if q.inverted {
                        Answer::No
                    } else {
                        Answer::Yes
                    }
                }
                (QuestionKind::YesNo, Reply::No) => {
                    if q.inverted {
                        Answer::Yes
                    } else {
                        Answer::No
                    }
                }
                (QuestionKind::YesNo, Reply::Unknown) => Answer::Unknown,
                (QuestionKind::YesNo, Reply::Declined) => Answer::Declined,
            };
            if q.sets_minor && person.age.is_none() {
                match reply {
                    Reply::Yes => person.minor = Some(true),
                    Reply::No => person.minor = Some(false),
                    _ => {}
                }
            }
            for id in &q.observations {
                let merged = match facts.observations.get(id) {
                    Some(previous) => stronger(*previous, answer),
                    None => answer,
                };
                facts.observations.insert(*id, merged);
                if let Some(evidence) = response.and_then(|r| r.evidence) {
                    if q.evidence && merged == answer {
                        facts.evidence.insert(*id, evidence);
                    }
                }
            }
        }
        facts.person = person;
        Ok(facts)
    }
}

/// Combines two answers about one observation: any `yes` establishes it; otherwise any uncertainty
/// keeps it open; only `no` everywhere rules it out.
fn stronger(a: Answer, b: Answer) -> Answer {
    fn rank(a: Answer) -> u8 {
        match a {
            Answer::No => 0,
            Answer::Unknown => 1,
            Answer::Declined => 2,
            Answer::Yes => 3,
        }
    }
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}
