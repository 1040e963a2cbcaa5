//! The shapes of the content files. Every type mirrors a TOML table one to one, so that the files can
//! be read and reviewed by translators and agencies, and `tamiz content dump` can print them as JSON.

use serde::{Deserialize, Serialize};
use tamiz_engine::{Country, Evidence, IloIndicator, ObservationId, ReferralRoute, Role, VecMap};

/// A language of the instrument. Spanish comes first: it is the language of the people screened and of
/// the officials; English is complete so that reviewers and funders can read every text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Spanish ("usted" throughout).
    Es,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Spanish first, for completeness checks.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The ISO 639-1 code (`es`, `en`) used in flags and attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// Parses `es` or `en` (a region suffix such as `es-CO` is accepted and ignored).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.split(['-', '_']).next().unwrap_or("") {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// One text in both languages. Both are required: a missing translation is a content error, never a
/// silent fallback, because an official must not get half a question in the other language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Spanish.
    pub es: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Sí / No / No sé / Prefiero no responder.
    #[default]
    YesNo,
    /// A number of years (sets `person.age`), or No sé / Prefiero no responder.
    Age,
}

/// The four answer options of a yes/no question, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerOption {
    /// Sí / Yes.
    Yes,
    /// No / No.
    No,
    /// No sé / I don't know.
    Unknown,
    /// Prefiero no responder / Prefer not to say.
    Declined,
}

impl AnswerOption {
    /// The options in display order.
    pub const ALL: [AnswerOption; 4] = [
        AnswerOption::Yes,
        AnswerOption::No,
        AnswerOption::Unknown,
        AnswerOption::Declined,
    ];

    /// The stable id (`yes`, `no`, `unknown`, `declined`), e.g. for radio values in a form.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerOption::Yes => "yes",
            AnswerOption::No => "no",
            AnswerOption::Unknown => "unknown",
            AnswerOption::Declined => "declined",
        }
    }

    /// Parses the stable id.
    pub fn from_id(id: &str) -> Option<AnswerOption> {
        AnswerOption::ALL.into_iter().find(|o| o.as_str() == id)
    }
}

/// A definite answer: skip logic may only depend on these, so that "I don't know" and "prefer not to
/// say" never hide a question (a missing answer must never act like "no").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefiniteAnswer {
    /// Sí.
    Yes,
    /// No.
    No,
}

/// When to skip a question. A question is skipped when any of its rules holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkipRule {
    /// An earlier question of the same bank whose answer decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The answers to `question` that make this question irrelevant (only `yes` or `no`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<DefiniteAnswer>,
    /// Skip when the person is known to be 18 or older (child-only questions).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub known_adult: bool,
    /// Skip when the person is known to be under 18 (e.g. an "under 18?" question after the age).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub known_minor: bool,
}

/// Which legal element a prosecutor question bears on, so the result can show the articles next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalElement {
    /// Trafficking act (recruitment, transport, transfer, harbouring, receipt).
    Act,
    /// Trafficking means (force, deception, abuse of vulnerability…).
    Means,
    /// Trafficking purpose (exploitation).
    Purpose,
    /// Forced labour under national law (involuntariness and coercion).
    ForcedLabour,
    /// Smuggling of migrants.
    Smuggling,
    /// The person's status as a victim (non-punishment, protection).
    Victim,
}

impl LegalElement {
    /// The legal topics whose articles this element bears on.
    pub fn topics(self) -> &'static [LegalTopic] {
        match self {
            LegalElement::Act | LegalElement::Means => &[LegalTopic::Trafficking],
            LegalElement::Purpose => &[LegalTopic::Trafficking, LegalTopic::ForcedLabour],
            LegalElement::ForcedLabour => &[LegalTopic::ForcedLabour],
            LegalElement::Smuggling => &[LegalTopic::Smuggling],
            LegalElement::Victim => &[LegalTopic::NonPunishment],
        }
    }
}

/// One question of a role's bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, unique in the bank (answers are keyed by it).
    pub id: String,
    /// How it is answered (default: yes/no).
    #[serde(default)]
    pub kind: QuestionKind,
    /// The question as asked.
    pub text: Text,
    /// "Why we ask": shown on request, so the person understands and can choose to answer.
    pub help: Text,
    /// The observations the answer establishes: Sí → `yes` for each, No → `no`, No sé → `unknown`,
    /// Prefiero no responder → `declined` (see `inverted`).
    #[serde(default)]
    pub observations: Vec<ObservationId>,
    /// `true` when the question is phrased so that "Sí" means the sign is absent (e.g. "¿Puede
    /// usted irse cuando quiera?"): Sí → `no`, No → `yes`. Unknown and declined are unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inverted: bool,
    /// `true` when "Sí" means the person is under 18 (sets `person.minor`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sets_minor: bool,
    /// `true` when the official records where the answer comes from (worker, own observation,
    /// document, third party), which the result then shows next to each indicator.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub evidence: bool,
    /// When to skip the question (any rule suffices). Rules only look back, so every path ends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip_if: Vec<SkipRule>,
    /// The legal element the question bears on (prosecutor bank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<LegalElement>,
    /// The section it belongs to (an id of the bank's `section` list), so professional modes can
    /// show related questions together on one screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl Question {
    /// The question in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }

    /// The "why we ask" help in `lang`.
    pub fn help(&self, lang: Lang) -> &str {
        self.help.get(lang)
    }

    /// What an answer option records for each observation of this question (training mode shows
    /// it: "Sí here means coe_documents_retained = yes"). Applies `inverted`.
    pub fn effects(&self, option: AnswerOption) -> Vec<(ObservationId, tamiz_engine::Answer)> {
        use tamiz_engine::Answer;
        let answer = match (option, self.inverted) {
            (AnswerOption::Yes, false) | (AnswerOption::No, true) => Answer::Yes,
            (AnswerOption::No, false) | (AnswerOption::Yes, true) => Answer::No,
            (AnswerOption::Unknown, _) => Answer::Unknown,
            (AnswerOption::Declined, _) => Answer::Declined,
        };
        self.observations.iter().map(|id| (*id, answer)).collect()
    }
}

/// A group of related questions, shown on one screen in the professional modes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id, referenced by questions.
    pub id: String,
    /// Its title.
    pub title: Text,
}

/// The questions of one role, in the order they are asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionBank {
    /// The role the bank is for.
    pub role: Role,
    /// An introduction read before the first question (consent, confidentiality, right to stop).
    pub intro: Text,
    /// Sections (optional; the self-check asks one question per screen and has none).
    #[serde(default, rename = "section", skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// The questions in order.
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
}

/// The kind of a legal provision, so the result can group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalTopic {
    /// Trafficking in persons.
    Trafficking,
    /// Forced labour (and slavery, servitude).
    ForcedLabour,
    /// Smuggling of migrants.
    Smuggling,
    /// Non-punishment and protection of victims.
    NonPunishment,
}

impl LegalTopic {
    /// Every topic, for coverage checks (each country must say something about each).
    pub const ALL: [LegalTopic; 4] = [
        LegalTopic::Trafficking,
        LegalTopic::ForcedLabour,
        LegalTopic::Smuggling,
        LegalTopic::NonPunishment,
    ];

    /// The snake_case id.
    pub fn as_str(self) -> &'static str {
        match self {
            LegalTopic::Trafficking => "trafficking",
            LegalTopic::ForcedLabour => "forced_labour",
            LegalTopic::Smuggling => "smuggling",
            LegalTopic::NonPunishment => "non_punishment",
        }
    }
}

/// A legal provision of one country, with its source. Unconfirmed provisions are shown as "to be
/// confirmed by your agency", never as the law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalRef {
    /// Stable id, unique in the country file.
    pub id: String,
    /// What the provision is about.
    pub topic: LegalTopic,
    /// The citation, e.g. "Código Penal, art. 188A".
    pub article: Text,
    /// What it says, in a sentence an official can use.
    pub summary: Text,
    /// Whether the research confirmed it from a source that states it.
    pub confirmed: bool,
    /// URL of the source read.
    pub source: String,
    /// Date (YYYY-MM-DD) the source was checked.
    pub checked: String,
    /// A caveat (old source, reform under way…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// How to reach an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// A telephone number.
    Phone,
    /// A WhatsApp number.
    Whatsapp,
    /// An e-mail address.
    Email,
    /// A web page or online form.
    Web,
    /// An app.
    App,
    /// In person (offices).
    InPerson,
}

/// One way to reach an institution, with its own source: numbers change and each is checked alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Phone, e-mail, web…
    pub kind: ContactKind,
    /// The number, address or URL exactly as dialled or typed.
    pub value: String,
    /// Hours, options, caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Whether a source that states it was read. `false` is shown as "to be confirmed by your agency".
    pub confirmed: bool,
    /// URL of the source.
    pub source: String,
    /// Date (YYYY-MM-DD) the source was checked.
    pub checked: String,
}

/// An institution of a referral directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// Stable id (an agency override with the same id replaces this entry).
    pub id: String,
    /// The country; required in an agency override, optional in a country file (must match it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The referral routes it serves.
    pub routes: Vec<ReferralRoute>,
    /// Its name.
    pub name: Text,
    /// What it does for the person.
    pub does: Text,
    /// Whether the research confirmed the institution and its role.
    pub confirmed: bool,
    /// URL of the source.
    pub source: String,
    /// Date (YYYY-MM-DD) the source was checked.
    pub checked: String,
    /// How to reach it.
    #[serde(default, rename = "contact")]
    pub contacts: Vec<Contact>,
}

/// One country's law and referral directory (`countries/co.toml` …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryContent {
    /// The country.
    pub country: Country,
    /// Legal references.
    #[serde(rename = "law")]
    pub legal: Vec<LegalRef>,
    /// Institutions.
    #[serde(rename = "institution")]
    pub institutions: Vec<Institution>,
}

/// An agency's own additions to the referral directories: its offices, phone lines, hours. Read from
/// `agency.toml` by the CLI, or from the widget's host config (JSON) — the same shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryOverride {
    /// The agency's name, shown as the author of its entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Institutions to add; one whose `id` exists in the built-in directory replaces it.
    #[serde(default, rename = "institution")]
    pub institutions: Vec<Institution>,
    /// Ids of built-in institutions to hide (e.g. replaced by a local office).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hide: Vec<String>,
}

/// Name and description of an observation or indicator, for the widget and training mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Described {
    /// A short name.
    pub name: Text,
    /// One or two sentences.
    pub description: Text,
}

/// Texts of a referral route: its title and why it is suggested, for officials and for the self-check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteText {
    /// A short title.
    pub title: Text,
    /// What to do, for officials.
    pub official: Text,
    /// What the person can do, in plain words.
    #[serde(rename = "self")]
    pub self_check: Text,
}

/// Labels used by the human-readable result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// "Result".
    pub result: Text,
    /// "Forced labour".
    pub forced_labour: Text,
    /// "Trafficking in persons".
    pub trafficking: Text,
    /// "Urgency".
    pub urgency: Text,
    /// "Indicators found".
    pub indicators: Text,
    /// "Uncertain (not answered)".
    pub uncertain: Text,
    /// "Source".
    pub evidence: Text,
    /// "Notes".
    pub notes: Text,
    /// "Legal references".
    pub legal: Text,
    /// "Referral steps".
    pub referral: Text,
    /// "To be confirmed by your agency".
    pub unconfirmed: Text,
    /// "Source".
    pub source: Text,
    /// "checked".
    pub checked: Text,
    /// "Act", "Means", "Purpose" heading.
    pub elements: Text,
    /// "Act".
    pub act: Text,
    /// "Means".
    pub means: Text,
    /// "Purpose".
    pub purpose: Text,
    /// "not required (child)".
    pub not_required: Text,
    /// "Yes" as a finding.
    pub finding_yes: Text,
    /// "No" as a finding.
    pub finding_no: Text,
    /// "Indeterminate" as a finding.
    pub finding_indeterminate: Text,
    /// "No contact confirmed…".
    pub no_contact: Text,
    /// "ILO indicator".
    pub ilo: Text,
    /// "Phone".
    pub contact_phone: Text,
    /// "WhatsApp".
    pub contact_whatsapp: Text,
    /// "E-mail".
    pub contact_email: Text,
    /// "Web".
    pub contact_web: Text,
    /// "App".
    pub contact_app: Text,
    /// "In person".
    pub contact_in_person: Text,
    /// "Colombia".
    pub country_co: Text,
    /// "Ecuador".
    pub country_ec: Text,
    /// "Peru".
    pub country_pe: Text,
    /// "Labour inspection" (role name).
    pub role_inspector: Text,
    /// "Migration control" (role name).
    pub role_migration: Text,
    /// "Prosecution" (role name).
    pub role_prosecutor: Text,
    /// "Self-check" (role name).
    pub role_self: Text,
    /// "Your rights".
    pub rights: Text,
    /// "Evidence per element" heading for the prosecutor.
    pub evidence_by_element: Text,
    /// "Signs in what you told us": the self-check's heading for indicators.
    pub signs: Text,
}

/// Shared vocabulary texts (`vocabulary.toml`): answer labels, evidence sources, observation and
/// indicator names, note translations, route texts and result labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Labels of the four answer options.
    pub answers: VecMap<AnswerOption, Text>,
    /// Label of the age question's number field.
    pub age_label: Text,
    /// Labels of the evidence sources.
    pub evidence: VecMap<Evidence, Text>,
    /// Question asking the official where the answer comes from.
    pub evidence_question: Text,
    /// Name and description of each observation id.
    pub observations: VecMap<ObservationId, Described>,
    /// Name and description of each of the ILO's 11 indicators.
    pub ilo: VecMap<IloIndicator, Described>,
    /// Translation of each engine note, keyed by `Note::code()` (for officials).
    pub notes: VecMap<String, Text>,
    /// The same notes in plain words for the self-check, keyed by `Note::code()`: the official
    /// wording ("establish them before closing the case") is not addressed to the worker.
    pub self_notes: VecMap<String, Text>,
    /// Texts of each referral route.
    pub routes: VecMap<ReferralRoute, RouteText>,
    /// Labels of the legal topics.
    pub topics: VecMap<LegalTopic, Text>,
    /// Labels used by the text result.
    pub labels: Labels,
}

/// Result texts for one audience. Every outcome has a text, so no result is ever shown without words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeTexts {
    /// Forced labour: yes.
    pub forced_labour_yes: Text,
    /// Forced labour: no.
    pub forced_labour_no: Text,
    /// Forced labour: indeterminate.
    pub forced_labour_indeterminate: Text,
    /// Trafficking: yes.
    pub trafficking_yes: Text,
    /// Trafficking: no.
    pub trafficking_no: Text,
    /// Trafficking: indeterminate.
    pub trafficking_indeterminate: Text,
    /// The person is a child.
    pub child: Text,
    /// Urgency: immediate.
    pub urgency_immediate: Text,
    /// Urgency: priority.
    pub urgency_priority: Text,
    /// Urgency: routine.
    pub urgency_routine: Text,
    /// A labour-rights concern without forced labour.
    pub labour_rights_concern: Text,
    /// ILO category: private economy.
    pub category_private_economy: Text,
    /// ILO category: commercial sexual exploitation.
    pub category_commercial_sexual: Text,
    /// ILO category: state-imposed.
    pub category_state_imposed: Text,
    /// Rights of the person (always shown in the self-check; a reminder for officials).
    pub rights: Text,
    /// Closing words.
    pub closing: Text,
}

/// Result texts (`results.toml`): professional for the three official roles, plain for `self`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Results {
    /// For inspector, migration and prosecutor.
    pub official: OutcomeTexts,
    /// For the worker's self-check: signs, never a verdict.
    #[serde(rename = "self")]
    pub self_check: OutcomeTexts,
}
