//! The adapter between the instrument (`tamiz-instrument`: questions, skip logic, answers → case
//! facts, result texts, referral directories) and the UI's view types. The widget holds no
//! questionnaire content or skip rule of its own: everything here is looked up in the instrument for
//! one role, country and language, and the view types only carry ready-to-show strings.

use std::rc::Rc;

use serde::Deserialize;
use tamiz_engine::{Answer, Assessment, CaseFacts, Evidence, Role, VecMap};
use tamiz_instrument::{
    AnswerOption, ContactKind, DirectoryOverride, Instrument, Lang as ILang, QuestionKind as IKind,
    Reply, Response, Responses,
};

use crate::config::{ConfigError, Lang, Options};

/// Question id → chosen option id (`yes`, `no`, `unknown`, `declined`) or the typed age in digits:
/// the in-memory answers of one session.
pub type Answers = VecMap<String, String>;
/// Question id → evidence source chosen by an official (`None`: chosen, then cleared; kept as an
/// entry so the widget needs no map removal code for it).
pub type EvidenceMap = VecMap<String, Option<Evidence>>;

/// One screen: a single question in self mode, a section in the professional modes.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Stable id (keys Back/Next positions even when skip logic changes the list).
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
    /// Radio options, or an age field with its radio options.
    pub kind: QuestionKind,
    /// Whether an official may record where the answer comes from.
    pub evidence: bool,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Radios: (option id, label).
    Choice(Vec<(String, String)>),
    /// Whole years in a text field (label given), or one of the radios ("I don't know", "Prefer
    /// not to say").
    Age {
        /// Label of the number field.
        label: String,
        /// The radios offered instead of a number.
        options: Vec<(String, String)>,
    },
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
    /// Empty when confirmed, otherwise "to be confirmed by your agency".
    pub status: String,
}

/// One referral step: a route and the institutions that serve it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralView {
    /// The route's title.
    pub title: String,
    /// What to do.
    pub action: String,
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
    /// Empty when confirmed, otherwise "to be confirmed by your agency".
    pub status: String,
    /// Contacts, each as one line of text with its own status.
    pub contacts: Vec<ContactLine>,
}

/// One way to reach an institution, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactLine {
    /// "Phone: 123 (hours)".
    pub text: String,
    /// Empty when confirmed, otherwise "to be confirmed by your agency".
    pub status: String,
}

/// The `config` property: host overrides. Unknown keys are refused so a typo is reported, not
/// silently ignored.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct HostConfig {
    /// The agency's own referral directory (the instrument's `agency.toml` shape, as JSON):
    /// `{agency, institution: [...], hide: [...]}`.
    #[serde(default)]
    pub directory: Option<DirectoryOverride>,
}

impl HostConfig {
    /// Checks the overrides with the instrument's own rules (the same as `tamiz content check`).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(directory) = &self.directory {
            tamiz_instrument::validate_override(directory).map_err(|problems| {
                ConfigError::new(
                    "invalid-config",
                    format!("`config.directory`: {}", problems.join("; ")),
                )
            })?;
        }
        Ok(())
    }
}

/// The instrument, narrowed to one session's role, country and language.
#[derive(Debug, Clone)]
pub struct Content {
    instrument: &'static Instrument,
    options: Options,
    config: Option<Rc<HostConfig>>,
}

impl PartialEq for Content {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.instrument, other.instrument)
            && self.options == other.options
            && self.config == other.config
    }
}

/// The instrument's language for the widget's (the widget's own `Lang` keeps `config` free of
/// instrument types).
pub(crate) fn ilang(lang: Lang) -> ILang {
    match lang {
        Lang::Es => ILang::Es,
        Lang::En => ILang::En,
    }
}

const OPTIONS: [(AnswerOption, &str); 4] = [
    (AnswerOption::Yes, "yes"),
    (AnswerOption::No, "no"),
    (AnswerOption::Unknown, "unknown"),
    (AnswerOption::Declined, "declined"),
];

impl Content {
    /// Content for the options (and the host's validated config, when given).
    pub fn new(
        instrument: &'static Instrument,
        options: &Options,
        config: Option<Rc<HostConfig>>,
    ) -> Content {
        Content {
            instrument,
            options: options.clone(),
            config,
        }
    }

    fn lang(&self) -> ILang {
        ilang(self.options.lang)
    }

    fn role(&self) -> Role {
        self.options.role
    }

    /// The introduction shown above the first question (consent, confidentiality).
    pub fn intro(&self) -> &str {
        self.instrument.intro(self.role(), self.lang())
    }

    fn labels(&self, options: &[AnswerOption]) -> Vec<(String, String)> {
        OPTIONS
            .iter()
            .filter(|(o, _)| options.contains(o))
            .map(|(o, id)| {
                (
                    (*id).to_owned(),
                    self.instrument.answer_label(*o, self.lang()).to_owned(),
                )
            })
            .collect()
    }

    fn question(&self, q: &tamiz_instrument::Question) -> Question {
        let lang = self.lang();
        let kind = match q.kind {
            IKind::YesNo => QuestionKind::Choice(self.labels(&AnswerOption::ALL)),
            IKind::Age => QuestionKind::Age {
                label: self.instrument.vocabulary.age_label.get(lang).to_owned(),
                options: self.labels(&[AnswerOption::Unknown, AnswerOption::Declined]),
            },
        };
        let help = q.help.get(lang);
        Question {
            id: q.id.clone(),
            text: q.text.get(lang).to_owned(),
            help: (!help.is_empty()).then(|| help.to_owned()),
            kind,
            evidence: q.evidence && self.role() != Role::SelfCheck,
        }
    }

    /// The screens to show for these answers, in order. Which questions are asked is the
    /// instrument's skip logic ([`Instrument::path`]); the widget only groups them: one per screen in
    /// self mode, by the instrument's sections in the professional modes.
    pub fn steps(&self, answers: &Answers) -> Vec<Step> {
        let role = self.role();
        let questions = self.instrument.questions(role);
        let path = self
            .instrument
            .path(role, &self.responses(answers, &EvidenceMap::new()));
        let self_mode = role == Role::SelfCheck;
        let bank = self.instrument.banks.get(&role);
        let mut steps: Vec<Step> = Vec::new();
        let mut current_section: Option<&str> = None;
        for (q, on) in questions.iter().zip(path) {
            let section = q.section.as_deref().unwrap_or("");
            // A new screen per question (self mode), or where the bank's section changes; sections
            // are keyed by bank order, so skipping questions never renames a screen.
            let new_screen = self_mode || steps.is_empty() || current_section != Some(section);
            if new_screen {
                current_section = Some(section);
                let title = if self_mode {
                    None
                } else {
                    bank.and_then(|b| b.sections.iter().find(|s| s.id == section))
                        .map(|s| s.title.get(self.lang()).to_owned())
                };
                steps.push(Step {
                    id: if self_mode {
                        q.id.clone()
                    } else {
                        format!("{section}#{}", q.id)
                    },
                    title: title.or_else(|| (!self_mode).then(String::new)),
                    questions: Vec::new(),
                });
            }
            if on {
                if let Some(step) = steps.last_mut() {
                    step.questions.push(self.question(q));
                }
            }
        }
        steps.retain(|s| !s.questions.is_empty());
        steps
    }

    /// The instrument's responses for the widget's answers (unparseable values are left out, so
    /// they count as unanswered, which the instrument reads as unknown, never as no).
    pub fn responses(&self, answers: &Answers, evidence: &EvidenceMap) -> Responses {
        self.responses_except(answers, evidence, &[])
    }

    /// [`Content::responses`] without the questions in `dropped`.
    fn responses_except(
        &self,
        answers: &Answers,
        evidence: &EvidenceMap,
        dropped: &[String],
    ) -> Responses {
        // Inserted one by one: the keys already come in order, so each insert is an append.
        let mut responses = Responses::new();
        for (q, a) in answers {
            if dropped.contains(q) {
                continue;
            }
            let reply = match a.as_str() {
                "yes" => Reply::Yes,
                "no" => Reply::No,
                "unknown" => Reply::Unknown,
                "declined" => Reply::Declined,
                digits => match digits.parse::<u16>() {
                    Ok(age) => Reply::Age(age.min(120) as u8),
                    Err(_) => continue,
                },
            };
            responses.insert(
                q.clone(),
                Response {
                    reply,
                    evidence: evidence.get(q).copied().flatten(),
                },
            );
        }
        responses
    }

    /// The case facts these answers establish ([`Instrument::case_facts`]). Answers that do not fit
    /// their question are dropped and the rest retried, so a stale answer can never block a result.
    pub fn facts(&self, answers: &Answers, evidence: &EvidenceMap) -> CaseFacts {
        let (country, role) = (self.options.country, self.role());
        // Rebuilt without the offending answers rather than removed from: no map removal code.
        let mut dropped = Vec::new();
        loop {
            let responses = self.responses_except(answers, evidence, &dropped);
            match self.instrument.case_facts(country, role, &responses) {
                Ok(facts) => return facts,
                Err(tamiz_instrument::FlowError::UnknownQuestion { question, .. })
                | Err(tamiz_instrument::FlowError::WrongReply { question, .. }) => {
                    if !responses.contains_key(&question) {
                        return CaseFacts::new(country, role);
                    }
                    dropped.push(question);
                }
            }
        }
    }

    /// The result screen's texts for an assessment.
    pub fn result(&self, assessment: &Assessment) -> ResultView {
        let (i, lang, role, country) = (
            self.instrument,
            self.lang(),
            self.role(),
            self.options.country,
        );
        let summary = i.summary(role, assessment, lang);
        let mut paragraphs = vec![summary.trafficking];
        paragraphs.extend(summary.category);
        paragraphs.extend(summary.child);
        paragraphs.push(summary.urgency);
        paragraphs.extend(summary.labour_rights);
        paragraphs.extend(summary.notes);
        paragraphs.push(summary.rights);
        paragraphs.push(summary.closing);
        paragraphs.retain(|p| !p.is_empty());

        let indicators = assessment
            .indicators
            .iter()
            .map(|ind| {
                let option = match ind.value {
                    Answer::Yes => AnswerOption::Yes,
                    Answer::No => AnswerOption::No,
                    Answer::Unknown => AnswerOption::Unknown,
                    Answer::Declined => AnswerOption::Declined,
                };
                IndicatorView {
                    name: i.observation(ind.id).map_or_else(
                        || ind.id.as_str().to_owned(),
                        |d| d.name.get(lang).to_owned(),
                    ),
                    answer: i.answer_label(option, lang).to_owned(),
                    evidence: ind
                        .evidence
                        .filter(|_| role != Role::SelfCheck)
                        .map(|e| i.evidence_label(e, lang).to_owned()),
                }
            })
            .collect();

        let unconfirmed = i.vocabulary.labels.unconfirmed.get(lang);
        let legal = if role == Role::Prosecutor {
            i.relevant_topics(assessment)
                .into_iter()
                .flat_map(|topic| i.legal_refs_on(country, topic))
                .map(|r| LegalView {
                    title: r.article.get(lang).to_owned(),
                    text: r.summary.get(lang).to_owned(),
                    status: if r.confirmed {
                        String::new()
                    } else {
                        unconfirmed.to_owned()
                    },
                })
                .collect()
        } else {
            Vec::new()
        };

        let directory = self.config.as_ref().and_then(|c| c.directory.as_ref());
        let referral = i
            .referral_steps(role, country, assessment, lang, directory)
            .into_iter()
            .map(|step| ReferralView {
                title: step.title,
                action: step.action,
                institutions: step
                    .institutions
                    .into_iter()
                    .map(|inst| InstitutionView {
                        name: inst.name,
                        what: inst.does,
                        status: inst.status,
                        contacts: inst
                            .contacts
                            .into_iter()
                            .map(|c| {
                                let mut text =
                                    format!("{}: {}", self.contact_kind(c.kind), c.value);
                                if !c.note.is_empty() {
                                    text.push_str(" — ");
                                    text.push_str(&c.note);
                                }
                                ContactLine {
                                    text,
                                    status: c.status,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();

        ResultView {
            headline: summary.forced_labour,
            paragraphs,
            indicators,
            legal,
            referral,
        }
    }

    fn contact_kind(&self, kind: ContactKind) -> &str {
        let l = &self.instrument.vocabulary.labels;
        let text = match kind {
            ContactKind::Phone => &l.contact_phone,
            ContactKind::Whatsapp => &l.contact_whatsapp,
            ContactKind::Email => &l.contact_email,
            ContactKind::Web => &l.contact_web,
            ContactKind::App => &l.contact_app,
            ContactKind::InPerson => &l.contact_in_person,
        };
        text.get(self.lang())
    }

    /// The question an official answers about the source ("Where does this answer come from?").
    pub fn evidence_question(&self) -> &str {
        self.instrument
            .vocabulary
            .evidence_question
            .get(self.lang())
    }

    /// Evidence sources an official can pick, with labels (the instrument's order).
    pub fn evidence_options(&self) -> Vec<(Evidence, String)> {
        self.instrument
            .evidence_options(self.lang())
            .into_iter()
            .map(|(e, label)| (e, label.to_owned()))
            .collect()
    }
}
