//! The adapter between the instrument (`tamiz-instrument`: questions, skip logic, result texts,
//! referral directories) and the UI's view types. The widget never holds questionnaire content or skip
//! rules of its own: everything here is looked up in the instrument for one role, country and language.
//!
//! PLACEHOLDER: until `tamiz-instrument` lands, this serves a three-step linear flow so the rest of the
//! widget can be built and tested.

use std::collections::BTreeMap;
use std::rc::Rc;

use tamiz_engine::{Answer, Assessment, CaseFacts, Evidence, ObservationId};

use crate::config::{ConfigError, Lang, Options};

/// Question id → chosen option id (or the typed age): the in-memory answers of one session.
pub type Answers = BTreeMap<String, String>;
/// Question id → evidence source chosen by an official.
pub type EvidenceMap = BTreeMap<String, Evidence>;

/// One screen: a single question in self mode, a section in the professional modes.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Stable id (keys Yew lists and Back/Next positions).
    pub id: String,
    /// Section title; `None` for the one-question screens of self mode.
    pub title: Option<String>,
    /// The questions shown together.
    pub questions: Vec<Question>,
}

/// One question as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Stable id from the instrument.
    pub id: String,
    /// The question in the session's language.
    pub text: String,
    /// "Why we ask", when there is one.
    pub help: Option<String>,
    /// Radio options, or a numeric age field.
    pub kind: QuestionKind,
    /// Whether an official may record where the answer comes from.
    pub evidence: bool,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Radios: (option id, label).
    Choice(Vec<(String, String)>),
    /// Whole years, 0–120; empty means unknown.
    Age,
}

/// Everything the result screen shows, already in the session's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultView {
    /// The outcome in words (one line).
    pub headline: String,
    /// Explanation paragraphs (professional or plain wording by role).
    pub paragraphs: Vec<String>,
    /// Indicators found, with the answer and evidence source.
    pub indicators: Vec<IndicatorView>,
    /// Legal references (prosecutor mode).
    pub legal: Vec<LegalView>,
    /// Numbered referral steps for the country.
    pub referral: Vec<ReferralView>,
}

/// One indicator line of the result.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorView {
    /// Indicator name in words.
    pub name: String,
    /// "Yes" / "I don't know" / "Prefer not to say" in words.
    pub answer: String,
    /// Where the answer came from, in words (professional modes).
    pub evidence: Option<String>,
}

/// One legal reference.
#[derive(Debug, Clone, PartialEq)]
pub struct LegalView {
    /// E.g. "Código Penal, art. 153".
    pub title: String,
    /// What it covers.
    pub text: String,
}

/// One referral step: a route and the institutions that serve it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralView {
    /// What to do, in words.
    pub title: String,
    /// Institutions for this route in the country.
    pub institutions: Vec<InstitutionView>,
}

/// One institution with its contacts.
#[derive(Debug, Clone, PartialEq)]
pub struct InstitutionView {
    /// Name.
    pub name: String,
    /// What it does for the person.
    pub what: String,
    /// Phone lines, addresses, web pages, as text.
    pub contacts: Vec<String>,
    /// `false` → shown "to be confirmed by your agency".
    pub confirmed: bool,
}

/// The `config` property: host overrides, validated before use (placeholder shape).
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostConfig {}

impl HostConfig {
    /// Checks the overrides against the instrument's rules.
    pub fn validate(&self) -> Result<(), ConfigError> {
        Ok(())
    }
}

/// The instrument, narrowed to one session's role, country and language.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    options: Options,
}

impl Content {
    /// Loads content for the options (and the host's directory override, when given).
    pub fn load(
        options: &Options,
        _config: Option<Rc<HostConfig>>,
    ) -> Result<Content, ConfigError> {
        Ok(Content {
            options: options.clone(),
        })
    }

    /// The session's language.
    pub fn lang(&self) -> Lang {
        self.options.lang
    }

    /// The screens to show for these answers, in order (skip logic applied by the instrument).
    pub fn steps(&self, _answers: &Answers) -> Vec<Step> {
        let en = self.options.lang == Lang::En;
        let yn = || {
            let labels = if en {
                ["Yes", "No", "I don't know", "Prefer not to say"]
            } else {
                ["Sí", "No", "No sé", "Prefiero no responder"]
            };
            ["yes", "no", "unknown", "declined"]
                .into_iter()
                .zip(labels)
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .collect()
        };
        let q = |id: &str, text: &str| Question {
            id: id.into(),
            text: text.into(),
            help: Some("Placeholder help".into()),
            kind: QuestionKind::Choice(yn()),
            evidence: self.options.role != tamiz_engine::Role::SelfCheck,
        };
        vec![
            Step {
                id: "a".into(),
                title: Some("Documents".into()),
                questions: vec![q("coe_documents_retained", "Documents kept?")],
            },
            Step {
                id: "b".into(),
                title: Some("Pay".into()),
                questions: vec![q("coe_wages_withheld", "Wages withheld?")],
            },
            Step {
                id: "c".into(),
                title: Some("Danger".into()),
                questions: vec![q("ctx_immediate_danger", "In danger now?")],
            },
        ]
    }

    /// The case facts these answers establish.
    pub fn facts(&self, answers: &Answers, evidence: &EvidenceMap) -> CaseFacts {
        let mut facts = CaseFacts::new(self.options.country, self.options.role);
        for (q, a) in answers {
            let Ok(id) = q.parse::<ObservationId>() else {
                continue;
            };
            let answer = match a.as_str() {
                "yes" => Answer::Yes,
                "no" => Answer::No,
                "unknown" => Answer::Unknown,
                _ => Answer::Declined,
            };
            facts.observations.insert(id, answer);
            if let Some(e) = evidence.get(q) {
                facts.evidence.insert(id, *e);
            }
        }
        facts
    }

    /// The result screen's texts for an assessment.
    pub fn result(&self, _facts: &CaseFacts, assessment: &Assessment) -> ResultView {
        ResultView {
            headline: format!("{:?}", assessment.forced_labour),
            ..ResultView::default()
        }
    }

    /// Evidence sources an official can pick, with labels.
    pub fn evidence_options(&self) -> Vec<(Evidence, String)> {
        vec![
            (Evidence::WorkerStatement, "Worker's statement".into()),
            (
                Evidence::OfficialObservation,
                "Official's observation".into(),
            ),
            (Evidence::Document, "Document".into()),
            (Evidence::ThirdPartyStatement, "Third party".into()),
        ]
    }
}
