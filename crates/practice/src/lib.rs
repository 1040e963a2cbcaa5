//! # tamiz-practice
//!
//! The practice-case bank of Tamiz's training mode (issue 9). Labour inspectors, migration officers
//! and prosecutors learn the indicators of forced labour and trafficking best on realistic cases with
//! feedback; this crate holds those cases and scores a trainee's screening of them.
//!
//! Each case is a short narrative, sentence by sentence, in Spanish and English, as the official
//! meets it (an inspection visit, a border interview, a case file), with the case facts it embodies
//! (the same contract as `tamiz assess` input), an answer key that ties every observation to the
//! sentences that show it and explains why in ILO / ICLS terms, the expected assessment (checked to
//! equal [`tamiz_engine::assess`] on the facts) and a learning point.
//!
//! Cases are TOML files under `cases/`, compiled in with `include_str!` and parsed once. The library
//! does no I/O, so the same code runs in the CLI and in the browser widget (wasm32); an agency's own
//! cases reach [`validate_dir`] as text read by the caller.
//!
//! ```
//! use tamiz_engine::{Answer, Country};
//! use tamiz_practice::{score, Bank, SessionSummary};
//!
//! let bank = Bank::builtin().expect("the built-in cases are validated by tests");
//! let case = bank.cases(Country::Peru).next().expect("Peru has cases");
//!
//! // A trainee who records exactly the case's facts gets full marks.
//! let perfect = score(case, &case.facts());
//! assert_eq!(perfect.score.percent, 100);
//!
//! // A trainee who misses an indicator sees it listed, with the sentence that shows it.
//! let mut facts = case.facts();
//! let shown = case.observations.iter().find(|k| k.answer == Answer::Yes).unwrap().id;
//! facts.observations.remove(&shown);
//! let feedback = score(case, &facts);
//! let missed = feedback.missed().next().unwrap();
//! assert_eq!(missed.id, shown);
//! assert!(!missed.sentences.is_empty());
//!
//! let mut session = SessionSummary::new();
//! session.add(&perfect);
//! session.add(&feedback);
//! assert_eq!(session.most_missed(3)[0].0, shown);
//! ```

mod error;
mod load;
mod model;
mod score;

use std::sync::OnceLock;

use serde::Serialize;
use tamiz_engine::{Country, Role};

pub use error::{CaseError, PracticeError};
pub use model::{Difficulty, Expected, Lang, ObservationKey, PracticeCase, Sector, Sentence, Text};
pub use score::{
    score, score_asked, CaseResult, Comparison, Feedback, IndicatorFeedback, Outcomes, Score,
    SessionSummary, Verdict,
};

macro_rules! builtin_cases {
    ($($name:literal),* $(,)?) => {
        /// The built-in case files as `(file name, TOML text)`, compiled in. `tamiz content dump` can
        /// list them and `tamiz content check` validates them like an agency's files.
        pub const BUILTIN: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../cases/", $name)))),*
        ];
    };
}

builtin_cases![
    "co-flower-overtime.toml",
    "co-coffee-low-wage.toml",
    "co-palm-passport-safekeeping.toml",
    "co-bus-sweets-boy.toml",
    "co-gold-mine-debt.toml",
    "co-modelling-offer.toml",
    "co-border-smuggled.toml",
    "co-farm-family-documents.toml",
    "co-construction-unpaid.toml",
    "ec-domestic-locked-in.toml",
    "ec-shrimp-bunkhouse.toml",
    "ec-border-companion.toml",
    "ec-banana-teen-spraying.toml",
    "ec-children-begging.toml",
    "ec-mine-statement.toml",
    "ec-garment-workshop.toml",
    "ec-bar-girl.toml",
    "ec-palm-refugee-debt.toml",
    "pe-restaurant-passport-debt.toml",
    "pe-independent-sex-worker.toml",
    "pe-kiln-family-free.toml",
    "pe-gold-mine-guards.toml",
    "pe-fishing-crew.toml",
    "pe-recruiter-fee.toml",
    "pe-domestic-girl.toml",
    "pe-agro-export-declined.toml",
    "pe-candy-with-mother.toml",
];

/// A validated set of practice cases. Serialises to the JSON of `tamiz content dump`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bank {
    /// The cases, in file order.
    pub cases: Vec<PracticeCase>,
}

static BUILTIN_BANK: OnceLock<Result<Bank, PracticeError>> = OnceLock::new();

impl Bank {
    /// The built-in bank, parsed and validated once. Returns an error instead of panicking; the test
    /// suite guarantees the built-in cases are valid, so a caller may treat an error as a build defect.
    pub fn builtin() -> Result<&'static Bank, PracticeError> {
        BUILTIN_BANK
            .get_or_init(|| validate_dir(BUILTIN))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The cases of one country, in file order.
    pub fn cases(&self, country: Country) -> impl Iterator<Item = &PracticeCase> {
        self.cases.iter().filter(move |c| c.country == country)
    }

    /// The cases of one country for one role, for a trainee who screens with that role's questions.
    pub fn cases_for(&self, country: Country, role: Role) -> impl Iterator<Item = &PracticeCase> {
        self.cases(country).filter(move |c| c.role == role)
    }

    /// One case by id.
    pub fn case(&self, id: &str) -> Option<&PracticeCase> {
        self.cases.iter().find(|c| c.id == id)
    }

    /// A case of `country` chosen by `seed` (the widget's "random" button passes any number it has,
    /// e.g. a timestamp; the crate itself has no source of randomness, so results are reproducible).
    pub fn pick(&self, country: Country, seed: u64) -> Option<&PracticeCase> {
        pick_from(self.cases(country), seed)
    }

    /// Like [`Bank::pick`], among the cases of one role, for a widget whose `role` attribute fixes
    /// the questions the trainee screens with.
    pub fn pick_for(&self, country: Country, role: Role, seed: u64) -> Option<&PracticeCase> {
        pick_from(self.cases_for(country, role), seed)
    }
}

fn pick_from<'a>(
    cases: impl Iterator<Item = &'a PracticeCase>,
    seed: u64,
) -> Option<&'a PracticeCase> {
    let cases: Vec<_> = cases.collect();
    if cases.is_empty() {
        return None;
    }
    pick_index(cases.len(), seed).and_then(|i| cases.get(i).copied())
}

/// Which of `count` cases `seed` chooses (`None` when there are none): the choice behind
/// [`Bank::pick`], for a caller that filters the cases itself (the widget's role filter).
pub fn pick_index(count: usize, seed: u64) -> Option<usize> {
    // A multiplicative hash spreads consecutive seeds over the cases.
    (count > 0).then(|| (seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % count)
}

/// Parses and validates practice-case files given as `(file name, TOML text)` pairs, e.g. read by
/// `tamiz content check` from an agency's directory. Every problem in every file is reported at once,
/// each as `file:line: field: message`: TOML syntax, unknown fields or values, unknown observation
/// ids, sentence references that do not exist, a missing or empty language, a country or role that
/// is not allowed, duplicate ids, and an expected assessment that differs from the engine's.
pub fn validate_dir(files: &[(&str, &str)]) -> Result<Bank, PracticeError> {
    load::build(files).map(|cases| Bank { cases })
}
