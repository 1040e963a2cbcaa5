//! # tamiz-instrument
//!
//! The screening instrument of Tamiz as *data*: the questions each role asks (Spanish first, English
//! complete), how every answer becomes an observation of the engine's case-facts vocabulary, the
//! result texts, the referral directories of Colombia, Ecuador and Peru and their legal references.
//!
//! The content lives in TOML files under `content/` so that translators, lawyers and agencies can
//! review and change it without touching code; the files are compiled in (`include_str!`) and parsed
//! once. The library does no file I/O, so the same code runs in the CLI and in the browser widget
//! (wasm32): an agency's customised files reach [`Instrument::from_sources`] as text, read by the
//! caller.
//!
//! **Features.** `toml` (default) adds [`Instrument::from_sources`]: parsing and validating content
//! files with errors that name file, line and field (used by `tamiz content check`). The widget should
//! depend on this crate with `default-features = false`: [`Instrument::builtin`] then loads the
//! built-in content from JSON that build.rs converted from the TOML files (serde_json is already in
//! the engine), which keeps a TOML parser out of the wasm bundle. Agency entries reach the widget as a
//! [`DirectoryOverride`] (JSON), checked by [`validate_override`] and applied by
//! [`Instrument::referral_steps`].
//!
//! ```
//! use tamiz_instrument::{Instrument, Lang, Reply, Responses};
//! use tamiz_engine::{Country, Role};
//!
//! let instrument = Instrument::builtin().expect("the built-in content is validated by tests");
//! let mut answers = Responses::new();
//! while let Some(question) = instrument.next_question(Role::SelfCheck, &answers) {
//!     // A real front end shows `question.text.get(Lang::Es)` and waits for the person.
//!     answers.insert(question.id.clone(), Reply::Unknown.into());
//! }
//! let facts = instrument.case_facts(Country::Peru, Role::SelfCheck, &answers).unwrap();
//! let assessment = tamiz_engine::assess(&facts);
//! // "I don't know" everywhere is never read as "no".
//! assert_ne!(assessment.forced_labour, tamiz_engine::Finding::No);
//! ```

mod error;
mod flow;
mod model;
mod referral;
mod validate;

use std::sync::OnceLock;

use serde::Serialize;
use tamiz_engine::{
    Country, Evidence, IloIndicator, Note, ObservationId, ReferralRoute, Role, VecMap,
};

pub use error::{ContentError, ContentErrors};
pub use flow::{FlowError, Reply, Response, Responses};
pub use model::{
    AnswerOption, Contact, ContactKind, CountryContent, DefiniteAnswer, Described,
    DirectoryOverride, Institution, Labels, Lang, LegalElement, LegalRef, LegalTopic, OutcomeTexts,
    Question, QuestionBank, QuestionKind, Results, RouteText, Section, SkipRule, Text, Vocabulary,
};
pub use referral::{
    merge_directory, validate_override, ContactView, InstitutionView, ReferralStep, ResultSummary,
};

/// The content files, by their path relative to the content directory, in the order they are
/// validated. An agency's content directory uses the same names; any file it lacks is taken from the
/// built-in content.
pub const CONTENT_FILES: [&str; 9] = [
    "vocabulary.toml",
    "results.toml",
    "questions/inspector.toml",
    "questions/migration.toml",
    "questions/prosecutor.toml",
    "questions/self.toml",
    "countries/co.toml",
    "countries/ec.toml",
    "countries/pe.toml",
];

/// The optional agency file in a content directory: a [`DirectoryOverride`] merged into the
/// directories.
pub const AGENCY_FILE: &str = "agency.toml";

/// The built-in content files as TOML text, compiled in (with the `toml` feature): the source of
/// truth, read by [`Instrument::from_sources`] for any file an agency does not replace.
#[cfg(feature = "toml")]
pub const BUILTIN: [(&str, &str); 9] = [
    (
        "vocabulary.toml",
        include_str!("../content/vocabulary.toml"),
    ),
    ("results.toml", include_str!("../content/results.toml")),
    (
        "questions/inspector.toml",
        include_str!("../content/questions/inspector.toml"),
    ),
    (
        "questions/migration.toml",
        include_str!("../content/questions/migration.toml"),
    ),
    (
        "questions/prosecutor.toml",
        include_str!("../content/questions/prosecutor.toml"),
    ),
    (
        "questions/self.toml",
        include_str!("../content/questions/self.toml"),
    ),
    (
        "countries/co.toml",
        include_str!("../content/countries/co.toml"),
    ),
    (
        "countries/ec.toml",
        include_str!("../content/countries/ec.toml"),
    ),
    (
        "countries/pe.toml",
        include_str!("../content/countries/pe.toml"),
    ),
];

/// The same files as compact JSON, converted by build.rs: what [`Instrument::builtin`] loads, so the
/// widget needs no TOML parser.
const BUILTIN_JSON: [(&str, &str); 9] = [
    (
        "vocabulary.toml",
        include_str!(concat!(env!("OUT_DIR"), "/vocabulary.json")),
    ),
    (
        "results.toml",
        include_str!(concat!(env!("OUT_DIR"), "/results.json")),
    ),
    (
        "questions/inspector.toml",
        include_str!(concat!(env!("OUT_DIR"), "/questions__inspector.json")),
    ),
    (
        "questions/migration.toml",
        include_str!(concat!(env!("OUT_DIR"), "/questions__migration.json")),
    ),
    (
        "questions/prosecutor.toml",
        include_str!(concat!(env!("OUT_DIR"), "/questions__prosecutor.json")),
    ),
    (
        "questions/self.toml",
        include_str!(concat!(env!("OUT_DIR"), "/questions__self.json")),
    ),
    (
        "countries/co.toml",
        include_str!(concat!(env!("OUT_DIR"), "/countries__co.json")),
    ),
    (
        "countries/ec.toml",
        include_str!(concat!(env!("OUT_DIR"), "/countries__ec.json")),
    ),
    (
        "countries/pe.toml",
        include_str!(concat!(env!("OUT_DIR"), "/countries__pe.json")),
    ),
];

fn from_builtin_json() -> Result<Instrument, ContentErrors> {
    fn get<T: serde::de::DeserializeOwned>(
        name: &str,
        errors: &mut Vec<ContentError>,
    ) -> Option<T> {
        let text = BUILTIN_JSON
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, t)| *t);
        match serde_json::from_str(text) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push(ContentError::File {
                    file: name.to_owned(),
                    message: format!(
                        "the built-in content does not load ({e}); run `tamiz content check` for the exact line"
                    ),
                });
                None
            }
        }
    }
    let mut errors = Vec::new();
    let vocabulary = get::<Vocabulary>("vocabulary.toml", &mut errors);
    let results = get::<Results>("results.toml", &mut errors);
    let mut banks = VecMap::new();
    for role in Role::ALL {
        if let Some(bank) =
            get::<QuestionBank>(&format!("questions/{}.toml", role.as_str()), &mut errors)
        {
            banks.insert(role, bank);
        }
    }
    let mut countries = VecMap::new();
    for country in Country::ALL {
        let name = format!("countries/{}.toml", country.code().to_ascii_lowercase());
        if let Some(content) = get::<CountryContent>(&name, &mut errors) {
            countries.insert(country, content);
        }
    }
    match (vocabulary, results) {
        (Some(vocabulary), Some(results)) if errors.is_empty() => Ok(Instrument {
            vocabulary,
            results,
            banks,
            countries,
        }),
        _ => Err(ContentErrors(errors)),
    }
}

/// The whole instrument, parsed and validated. Serialises to the JSON of `tamiz content dump`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instrument {
    /// Shared vocabulary texts.
    pub vocabulary: Vocabulary,
    /// Result texts.
    pub results: Results,
    /// Question banks, one per role.
    pub banks: VecMap<Role, QuestionBank>,
    /// Law and referral directory, one per country (agency overrides already merged).
    pub countries: VecMap<Country, CountryContent>,
}

static BUILTIN_INSTRUMENT: OnceLock<Result<Instrument, ContentErrors>> = OnceLock::new();

impl Instrument {
    /// The built-in instrument, parsed once (from the JSON build.rs made of the TOML files). Returns
    /// an error instead of panicking. It is not re-validated at run time, to keep the widget small:
    /// the test suite validates the TOML and checks that this loads the very same instrument, so
    /// callers may treat an error as a build defect.
    pub fn builtin() -> Result<&'static Instrument, &'static ContentErrors> {
        BUILTIN_INSTRUMENT.get_or_init(from_builtin_json).as_ref()
    }

    /// Parses and validates a content set. `files` holds `(relative path, text)` pairs, e.g. read by
    /// the CLI from an agency's directory; files not given are the built-in content, taken already
    /// parsed from [`Instrument::builtin`] (pass [`Instrument::builtin_sources`] to check the built-in
    /// TOML itself), and an [`AGENCY_FILE`] is merged into the directories. Every problem is reported
    /// at once. Needs the `toml` feature (on by default).
    #[cfg(feature = "toml")]
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Instrument, ContentErrors> {
        validate::build(files)
    }

    /// The questions of `role`, in the order they are asked (empty if the role has no bank).
    pub fn questions(&self, role: Role) -> &[Question] {
        self.banks
            .get(&role)
            .map_or(&[], |b| b.questions.as_slice())
    }

    /// One question by id.
    pub fn question(&self, role: Role, id: &str) -> Option<&Question> {
        self.questions(role).iter().find(|q| q.id == id)
    }

    /// The introduction read before the first question of `role` (consent, confidentiality).
    pub fn intro(&self, role: Role, lang: Lang) -> &str {
        self.banks.get(&role).map_or("", |b| b.intro.get(lang))
    }

    /// The label of an answer option: exactly Sí / No / No sé / Prefiero no responder in Spanish and
    /// Yes / No / I don't know / Prefer not to say in English.
    pub fn answer_label(&self, option: AnswerOption, lang: Lang) -> &str {
        self.vocabulary
            .answers
            .get(&option)
            .map_or("", |t| t.get(lang))
    }

    /// The four answer options with their labels, in display order (Sí, No, No sé, Prefiero no
    /// responder). Age questions offer a number field plus the last two.
    pub fn answer_options(&self, lang: Lang) -> Vec<(AnswerOption, &str)> {
        AnswerOption::ALL
            .into_iter()
            .map(|o| (o, self.answer_label(o, lang)))
            .collect()
    }

    /// The evidence sources with their labels, for the official's "where does this come from?"
    /// choice on questions with `evidence = true`.
    pub fn evidence_options(&self, lang: Lang) -> Vec<(Evidence, &str)> {
        [
            Evidence::WorkerStatement,
            Evidence::OfficialObservation,
            Evidence::Document,
            Evidence::ThirdPartyStatement,
        ]
        .into_iter()
        .map(|e| (e, self.evidence_label(e, lang)))
        .collect()
    }

    /// The label of an evidence source, for the inspector's "where does this come from?" choice.
    pub fn evidence_label(&self, evidence: Evidence, lang: Lang) -> &str {
        self.vocabulary
            .evidence
            .get(&evidence)
            .map_or("", |t| t.get(lang))
    }

    /// Name and description of an observation id (the widget and training mode show them).
    pub fn observation(&self, id: ObservationId) -> Option<&Described> {
        self.vocabulary.observations.get(&id)
    }

    /// Name and description of one of the ILO's 11 indicators.
    pub fn ilo_indicator(&self, indicator: IloIndicator) -> Option<&Described> {
        self.vocabulary.ilo.get(&indicator)
    }

    /// The translation of an engine note.
    pub fn note_text(&self, note: Note, lang: Lang) -> &str {
        self.vocabulary
            .notes
            .get(note.code())
            .map_or(note.text(), |t| t.get(lang))
    }

    /// The translation of an engine note for `role`: plain words for the self-check, the official
    /// wording otherwise.
    pub fn note_text_for(&self, role: Role, note: Note, lang: Lang) -> &str {
        if role == Role::SelfCheck {
            if let Some(t) = self.vocabulary.self_notes.get(note.code()) {
                return t.get(lang);
            }
        }
        self.note_text(note, lang)
    }

    /// The sections of `role`'s bank (empty for the self-check, which shows one question per
    /// screen).
    pub fn sections(&self, role: Role) -> &[Section] {
        self.banks.get(&role).map_or(&[], |b| b.sections.as_slice())
    }

    /// Texts of a referral route.
    pub fn route_text(&self, route: ReferralRoute) -> Option<&RouteText> {
        self.vocabulary.routes.get(&route)
    }

    /// The result texts for `role`: plain ones for the self-check, professional ones otherwise.
    pub fn outcome_texts(&self, role: Role) -> &OutcomeTexts {
        if role == Role::SelfCheck {
            &self.results.self_check
        } else {
            &self.results.official
        }
    }

    /// The legal references of `country`, in file order.
    pub fn legal_refs(&self, country: Country) -> &[LegalRef] {
        self.countries
            .get(&country)
            .map_or(&[], |c| c.legal.as_slice())
    }

    /// The legal references of `country` on one topic.
    pub fn legal_refs_on(&self, country: Country, topic: LegalTopic) -> Vec<&LegalRef> {
        self.legal_refs(country)
            .iter()
            .filter(|r| r.topic == topic)
            .collect()
    }

    /// The institutions of `country` serving `route`, in file order.
    pub fn institutions(&self, country: Country, route: ReferralRoute) -> Vec<&Institution> {
        self.countries.get(&country).map_or_else(Vec::new, |c| {
            c.institutions
                .iter()
                .filter(|i| i.routes.contains(&route))
                .collect()
        })
    }

    /// The built-in text of every content file, e.g. to seed an agency's customised directory.
    #[cfg(feature = "toml")]
    pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
        &BUILTIN
    }
}
