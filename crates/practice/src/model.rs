//! The practice case as the rest of Tamiz sees it: validated, with no source positions left in it.

use serde::Serialize;
use tamiz_engine::{
    Answer, Assessment, CaseFacts, Category, Country, Finding, ObservationId, Person,
    ReferralRoute, Role, Urgency,
};

/// The two languages every practice case is written in. Spanish is the working language of the
/// officials; English serves trainers and reviewers from outside the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Spanish.
    Es,
    /// English.
    En,
}

impl Lang {
    /// Parses a `lang` attribute value (`es`, `en`); `None` for anything else, so the caller decides
    /// the fallback.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in both languages. Validation guarantees neither is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// The economic sector a case is set in, so a trainer can pick cases that match the trainees' work.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// Coffee farms.
    Coffee,
    /// Flower farms.
    Flowers,
    /// Oil-palm plantations.
    PalmOil,
    /// Banana plantations.
    Bananas,
    /// Shrimp farms.
    ShrimpFarming,
    /// Other agriculture.
    Agriculture,
    /// Mining, including informal and illegal gold mining.
    Mining,
    /// Domestic work.
    DomesticWork,
    /// Fishing at sea or on rivers.
    Fishing,
    /// Construction.
    Construction,
    /// Street vending.
    StreetVending,
    /// Restaurants, bars and hotels.
    Hospitality,
    /// Commercial sex, whether freely chosen or exploitation.
    CommercialSex,
    /// Begging.
    Begging,
    /// Textile and garment workshops.
    Textile,
    /// Brick kilns.
    BrickKilns,
    /// In transit: a border crossing or journey before any work has started.
    Transit,
    /// Anything else.
    Other,
}

impl Sector {
    /// The snake_case id used in case files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Coffee => "coffee",
            Sector::Flowers => "flowers",
            Sector::PalmOil => "palm_oil",
            Sector::Bananas => "bananas",
            Sector::ShrimpFarming => "shrimp_farming",
            Sector::Agriculture => "agriculture",
            Sector::Mining => "mining",
            Sector::DomesticWork => "domestic_work",
            Sector::Fishing => "fishing",
            Sector::Construction => "construction",
            Sector::StreetVending => "street_vending",
            Sector::Hospitality => "hospitality",
            Sector::CommercialSex => "commercial_sex",
            Sector::Begging => "begging",
            Sector::Textile => "textile",
            Sector::BrickKilns => "brick_kilns",
            Sector::Transit => "transit",
            Sector::Other => "other",
        }
    }

    /// A short label for pickers and filters, so the widget needs no text of its own for sectors.
    pub fn label(self, lang: Lang) -> &'static str {
        let (es, en) = match self {
            Sector::Coffee => ("Café", "Coffee"),
            Sector::Flowers => ("Flores", "Flowers"),
            Sector::PalmOil => ("Palma de aceite", "Oil palm"),
            Sector::Bananas => ("Banano", "Bananas"),
            Sector::ShrimpFarming => ("Camaroneras", "Shrimp farming"),
            Sector::Agriculture => ("Agricultura", "Agriculture"),
            Sector::Mining => ("Minería", "Mining"),
            Sector::DomesticWork => ("Trabajo del hogar", "Domestic work"),
            Sector::Fishing => ("Pesca", "Fishing"),
            Sector::Construction => ("Construcción", "Construction"),
            Sector::StreetVending => ("Venta ambulante", "Street vending"),
            Sector::Hospitality => ("Restaurantes y bares", "Restaurants and bars"),
            Sector::CommercialSex => ("Comercio sexual", "Commercial sex"),
            Sector::Begging => ("Mendicidad", "Begging"),
            Sector::Textile => ("Talleres textiles", "Textile workshops"),
            Sector::BrickKilns => ("Ladrilleras", "Brick kilns"),
            Sector::Transit => ("En tránsito", "In transit"),
            Sector::Other => ("Otro", "Other"),
        };
        pick(lang, es, en)
    }
}

fn pick(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// How hard a case is, so a course can start with clear cases and move to mixed or open ones.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    /// Clear indicators, one likely outcome.
    Basic,
    /// Some indicators are easy to miss or to over-read.
    Intermediate,
    /// Key facts are open, or the case tempts a wrong conclusion.
    Advanced,
}

impl Difficulty {
    /// A short label for pickers, so the widget needs no text of its own for difficulty.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Difficulty::Basic => pick(lang, "Básico", "Basic"),
            Difficulty::Intermediate => pick(lang, "Intermedio", "Intermediate"),
            Difficulty::Advanced => pick(lang, "Avanzado", "Advanced"),
        }
    }
}

/// One sentence of a narrative. Sentences have ids so that feedback can point at the exact words
/// that show an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Unique within the case, e.g. `s3`.
    pub id: String,
    /// The sentence in both languages.
    pub text: Text,
}

/// The answer key for one observation of the case: what the narrative establishes, where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObservationKey {
    /// The observation (the engine's closed vocabulary).
    pub id: ObservationId,
    /// What the narrative establishes: `yes`, `no` (ruled out), `unknown` or `declined`.
    pub answer: Answer,
    /// Ids of the sentences that show it (at least one, all existing).
    pub sentences: Vec<String>,
    /// Why those sentences show (or rule out) the indicator, in ILO / ICLS terms.
    pub explanation: Text,
}

/// The assessment the case should lead to. Validation checks it equals `tamiz_engine::assess` on the
/// case's facts, so the bank can never teach an outcome the tool would not give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// Forced labour.
    pub forced_labour: Finding,
    /// Trafficking in persons.
    pub trafficking: Finding,
    /// `Some(true)` child, `Some(false)` adult, `None` age unknown.
    pub child: Option<bool>,
    /// The ILO category; `None` when forced labour is "no".
    pub category: Option<Category>,
    /// How soon to act.
    pub urgency: Urgency,
    /// The referral routes that should follow, most urgent first.
    pub referral_routes: Vec<ReferralRoute>,
}

impl Expected {
    /// The outcomes of an assessment, in the answer key's shape. A bank compiled into a binary (the
    /// widget's training bundle) stores only the facts and recomputes the expected outcome with the
    /// same engine, instead of carrying a second copy that could drift from it.
    pub fn of(assessment: &Assessment) -> Expected {
        Expected {
            forced_labour: assessment.forced_labour,
            trafficking: assessment.trafficking,
            child: assessment.child,
            category: assessment.category,
            urgency: assessment.urgency,
            referral_routes: assessment.referral_routes.clone(),
        }
    }
}

/// One practice case: a narrative as the official meets it, the facts it embodies, the answer key
/// and the expected assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeCase {
    /// Unique id, e.g. `co-flower-overtime`; stable, so a session can name cases.
    pub id: String,
    /// The country whose law and referral routes apply.
    pub country: Country,
    /// The role whose questions the trainee screens with (inspector, migration or prosecutor).
    pub role: Role,
    /// The sector.
    pub sector: Sector,
    /// The difficulty.
    pub difficulty: Difficulty,
    /// A short title.
    pub title: Text,
    /// Age information, as the narrative gives it.
    pub person: Person,
    /// The narrative, sentence by sentence, in reading order.
    pub narrative: Vec<Sentence>,
    /// The answer key, one entry per observation of the case facts.
    pub observations: Vec<ObservationKey>,
    /// The expected assessment.
    pub expected: Expected,
    /// What the case teaches, one paragraph.
    pub learning_point: Text,
    /// The file the case came from, for messages.
    pub file: String,
}

impl PracticeCase {
    /// The case facts the narrative embodies, in the same contract as `tamiz assess` input: the
    /// input of the expected assessment, and what a perfect trainee would record.
    pub fn facts(&self) -> CaseFacts {
        let mut facts = CaseFacts::new(self.country, self.role);
        facts.person = self.person;
        for key in &self.observations {
            facts.observations.insert(key.id, key.answer);
        }
        facts
    }

    /// One sentence by id.
    pub fn sentence(&self, id: &str) -> Option<&Sentence> {
        self.narrative.iter().find(|s| s.id == id)
    }

    /// The answer-key entry of one observation, `None` when the case does not address it.
    pub fn key(&self, id: ObservationId) -> Option<&ObservationKey> {
        self.observations.iter().find(|k| k.id == id)
    }

    /// The whole narrative in one language, sentences joined by spaces, for reading.
    pub fn narrative_text(&self, lang: Lang) -> String {
        self.narrative
            .iter()
            .map(|s| s.text.get(lang))
            .collect::<Vec<_>>()
            .join(" ")
    }
}
