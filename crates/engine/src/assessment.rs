//! The output contract: `tamiz.assessment/1`. The same JSON leaves `tamiz assess` and the widget's
//! `tamiz-complete` event, so a case system can treat both alike.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::facts::{Answer, Evidence};
use crate::vocabulary::{Dimension, IloIndicator, ObservationId};

/// The schema tag written into every assessment, so readers can refuse versions they do not know.
pub const ASSESSMENT_SCHEMA: &str = "tamiz.assessment/1";

/// A three-valued finding. "Indeterminate" is the honest answer when an unknown or declined answer
/// could change the outcome: the tool never turns missing information into "no".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// The rule holds on the answers given.
    Yes,
    /// The rule fails whatever the unanswered questions would say.
    No,
    /// Unknown or declined answers decide it.
    Indeterminate,
}

/// The ILO's categories of forced labour, used in the global estimates and by statistics offices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Forced labour exploitation by private agents, other than commercial sex.
    PrivateEconomy,
    /// Forced commercial sexual exploitation.
    CommercialSexual,
    /// Imposed by state authorities.
    StateImposed,
}

/// The trafficking element "means", which a child's case does not need (Palermo art. 3(c)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeansElement {
    /// Means matter (adult or unknown age) and have this finding.
    Finding(Finding),
    /// The person is a child: means are not required.
    NotRequired,
}

impl Serialize for MeansElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            MeansElement::Finding(f) => f.serialize(serializer),
            MeansElement::NotRequired => serializer.serialize_str("not_required"),
        }
    }
}

impl<'de> Deserialize<'de> for MeansElement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.as_str() {
            "yes" => Ok(MeansElement::Finding(Finding::Yes)),
            "no" => Ok(MeansElement::Finding(Finding::No)),
            "indeterminate" => Ok(MeansElement::Finding(Finding::Indeterminate)),
            "not_required" => Ok(MeansElement::NotRequired),
            other => Err(serde::de::Error::custom(format!(
                "unknown value `{other}`, expected one of `yes`, `no`, `indeterminate`, `not_required`"
            ))),
        }
    }
}

/// The three elements of trafficking in persons (Palermo Protocol art. 3), each with its finding, so
/// a prosecutor sees which element is missing rather than only the overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TraffickingElements {
    /// Recruitment, transport, transfer, harbouring or receipt.
    pub act: Finding,
    /// Force, coercion, deception, abuse of vulnerability… (not required for a child).
    pub means: MeansElement,
    /// Exploitation: forced labour or another purpose.
    pub purpose: Finding,
}

/// How soon the case must be acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Danger now, or a child in forced labour or trafficking: act today.
    Immediate,
    /// Possible forced labour or trafficking: refer without delay.
    Priority,
    /// Nothing that needs the specialised routes.
    Routine,
}

/// A referral route; the instrument maps each to institutions per country. The declaration order is
/// the urgency order in which routes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralRoute {
    /// Police or emergency services: the person is in immediate danger.
    Emergency,
    /// Child protection authority.
    ChildProtection,
    /// The prosecutor's office (public ministry).
    Prosecutor,
    /// A specialised team that can establish the facts still unknown.
    SpecialisedAssessment,
    /// The labour inspectorate, for labour-rights violations.
    LabourInspection,
    /// Services for victims: shelter, health, legal aid.
    VictimAssistance,
    /// Migration authority and international protection.
    MigrationProtection,
}

impl ReferralRoute {
    /// Every route in urgency order, for coverage checks over referral directories.
    pub const ALL: [ReferralRoute; 7] = [
        ReferralRoute::Emergency,
        ReferralRoute::ChildProtection,
        ReferralRoute::Prosecutor,
        ReferralRoute::SpecialisedAssessment,
        ReferralRoute::LabourInspection,
        ReferralRoute::VictimAssistance,
        ReferralRoute::MigrationProtection,
    ];

    /// The snake_case id used in JSON and content files.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralRoute::Emergency => "emergency",
            ReferralRoute::ChildProtection => "child_protection",
            ReferralRoute::Prosecutor => "prosecutor",
            ReferralRoute::SpecialisedAssessment => "specialised_assessment",
            ReferralRoute::LabourInspection => "labour_inspection",
            ReferralRoute::VictimAssistance => "victim_assistance",
            ReferralRoute::MigrationProtection => "migration_protection",
        }
    }

    /// Parses the snake_case id.
    pub fn from_id(id: &str) -> Option<ReferralRoute> {
        ReferralRoute::ALL.into_iter().find(|r| r.as_str() == id)
    }
}

/// One observation that is present (`yes`) or uncertain (`unknown`, `declined`), with what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// The observation id.
    pub id: ObservationId,
    /// The answer given: never `no` here.
    pub value: Answer,
    /// The rule input it feeds.
    pub dimension: Dimension,
    /// ICLS 2018 code, when one applies.
    pub icls: Option<String>,
    /// The nearest of the ILO's 11 indicators, when one applies.
    pub ilo_indicator: Option<IloIndicator>,
    /// Where the answer comes from, when the interviewer recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// A remark on how the rules were applied. Serialised as an English sentence; the code lets the
/// instrument translate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Note {
    /// Age unknown: adult rules (involuntariness and coercion; means required) were applied.
    AgeUnknownAdultRules,
    /// Child: forced labour does not require involuntariness, trafficking does not require means.
    ChildRulesApplied,
    /// Some answers were unknown or declined and decide an outcome.
    UncertainAnswersDecide,
    /// Smuggling without signs of exploitation is not trafficking, but the person may need protection.
    SmugglingIsNotTrafficking,
    /// Coercion was declined: a sign to offer a safe, private follow-up, not a "no".
    CoercionDeclined,
}

impl Note {
    /// Every note, for translation coverage checks.
    pub const ALL: [Note; 5] = [
        Note::AgeUnknownAdultRules,
        Note::ChildRulesApplied,
        Note::UncertainAnswersDecide,
        Note::SmugglingIsNotTrafficking,
        Note::CoercionDeclined,
    ];

    /// Stable id for content files (translations).
    pub fn code(self) -> &'static str {
        match self {
            Note::AgeUnknownAdultRules => "age_unknown_adult_rules",
            Note::ChildRulesApplied => "child_rules_applied",
            Note::UncertainAnswersDecide => "uncertain_answers_decide",
            Note::SmugglingIsNotTrafficking => "smuggling_is_not_trafficking",
            Note::CoercionDeclined => "coercion_declined",
        }
    }

    /// The English sentence written into the assessment JSON.
    pub fn text(self) -> &'static str {
        match self {
            Note::AgeUnknownAdultRules => "age unknown: adult rules applied",
            Note::ChildRulesApplied => {
                "child: forced labour does not require involuntariness; trafficking does not require means"
            }
            Note::UncertainAnswersDecide => {
                "unknown or declined answers decide at least one outcome: establish them before closing the case"
            }
            Note::SmugglingIsNotTrafficking => {
                "smuggling of migrants without signs of exploitation is not trafficking; the person may still need protection"
            }
            Note::CoercionDeclined => {
                "questions about coercion were declined: offer a safe, private follow-up"
            }
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

impl FromStr for Note {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Note::ALL
            .into_iter()
            .find(|n| n.text() == s || n.code() == s)
            .ok_or_else(|| format!("unknown note `{s}`"))
    }
}

impl Serialize for Note {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.text())
    }
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The result of screening one case (`tamiz.assessment/1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Always [`ASSESSMENT_SCHEMA`].
    pub schema: String,
    /// Forced labour (ICLS 2018; children by the ILO operational definition).
    pub forced_labour: Finding,
    /// The ILO category; `None` when forced labour is "no".
    pub category: Option<Category>,
    /// `true` for a child, `false` for an adult, `None` when age is unknown.
    pub child: Option<bool>,
    /// Trafficking in persons (Palermo Protocol art. 3).
    pub trafficking: Finding,
    /// The three elements behind `trafficking`.
    pub trafficking_elements: TraffickingElements,
    /// How soon to act.
    pub urgency: Urgency,
    /// A labour-rights violation to refer even where forced labour is "no".
    pub labour_rights_concern: bool,
    /// Where to refer, most urgent first.
    pub referral_routes: Vec<ReferralRoute>,
    /// The present or uncertain observations, in vocabulary order.
    pub indicators: Vec<Indicator>,
    /// How the rules were applied.
    pub notes: Vec<Note>,
}
