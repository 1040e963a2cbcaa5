//! The closed vocabulary of observations (case-facts contract, version 1).
//!
//! Every observation id is tied to the dimension the decision rules read it under, to the ICLS 2018
//! circumstance or element it restates (where one applies), and to the ILO's 11 indicators of forced
//! labour (where one applies). The table lives here, next to the rules, so that a rule can never read an
//! id the vocabulary does not know. Sources: `../shared/reference/screening-domain.md` and
//! `icls-2018-check.md`; the README reproduces the table.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The part of the legal definitions an observation gives evidence for. The rules combine
/// observations per dimension (INV, COE, ACT, MEANS, exploitation), so the dimension is part of an id's
/// meaning, not a presentation detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// ICLS 2018 "involuntary work": work without free and informed consent.
    Involuntary,
    /// ICLS 2018 "threat and menace of any penalty": the means that impose the work.
    Coercion,
    /// Palermo Protocol art. 3(a) act: recruitment, transport, transfer, harbouring, receipt.
    Act,
    /// Palermo Protocol art. 3(a) means (coercion observations count as means too).
    Means,
    /// Palermo Protocol art. 3(a) purposes other than forced labour.
    Exploitation,
    /// Circumstances that change which rule applies or how urgent the referral is.
    Context,
}

/// The ILO's 11 indicators of forced labour (SAP-FL booklet, 2012), the list front-line officials are
/// trained on; the result shows them so an official recognises the familiar wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IloIndicator {
    /// 1. Abuse of vulnerability.
    AbuseOfVulnerability,
    /// 2. Deception.
    Deception,
    /// 3. Restriction of movement.
    RestrictionOfMovement,
    /// 4. Isolation.
    Isolation,
    /// 5. Physical and sexual violence.
    PhysicalAndSexualViolence,
    /// 6. Intimidation and threats.
    IntimidationAndThreats,
    /// 7. Retention of identity documents.
    RetentionOfIdentityDocuments,
    /// 8. Withholding of wages.
    WithholdingOfWages,
    /// 9. Debt bondage.
    DebtBondage,
    /// 10. Abusive working and living conditions.
    AbusiveWorkingAndLivingConditions,
    /// 11. Excessive overtime.
    ExcessiveOvertime,
}

impl IloIndicator {
    /// All eleven, in the booklet's order, so content and tests can check they cover each one.
    pub const ALL: [IloIndicator; 11] = [
        IloIndicator::AbuseOfVulnerability,
        IloIndicator::Deception,
        IloIndicator::RestrictionOfMovement,
        IloIndicator::Isolation,
        IloIndicator::PhysicalAndSexualViolence,
        IloIndicator::IntimidationAndThreats,
        IloIndicator::RetentionOfIdentityDocuments,
        IloIndicator::WithholdingOfWages,
        IloIndicator::DebtBondage,
        IloIndicator::AbusiveWorkingAndLivingConditions,
        IloIndicator::ExcessiveOvertime,
    ];

    /// The indicator's number in the ILO booklet (1–11), as officials cite it.
    pub fn number(self) -> u8 {
        Self::ALL
            .iter()
            .position(|i| *i == self)
            .map_or(0, |p| p as u8 + 1)
    }

    /// The stable snake_case id used in JSON and content files.
    pub fn as_str(self) -> &'static str {
        match self {
            IloIndicator::AbuseOfVulnerability => "abuse_of_vulnerability",
            IloIndicator::Deception => "deception",
            IloIndicator::RestrictionOfMovement => "restriction_of_movement",
            IloIndicator::Isolation => "isolation",
            IloIndicator::PhysicalAndSexualViolence => "physical_and_sexual_violence",
            IloIndicator::IntimidationAndThreats => "intimidation_and_threats",
            IloIndicator::RetentionOfIdentityDocuments => "retention_of_identity_documents",
            IloIndicator::WithholdingOfWages => "withholding_of_wages",
            IloIndicator::DebtBondage => "debt_bondage",
            IloIndicator::AbusiveWorkingAndLivingConditions => {
                "abusive_working_and_living_conditions"
            }
            IloIndicator::ExcessiveOvertime => "excessive_overtime",
        }
    }
}

/// Everything the engine knows about one observation id; one row of the vocabulary table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObservationInfo {
    /// The id as written in case facts.
    pub id: &'static str,
    /// Which rule input it feeds.
    pub dimension: Dimension,
    /// ICLS 2018 code: `I1`–`I9` (involuntary work circumstances) or `C1`–`C6` (coercion elements),
    /// `None` where the guidelines name nothing that matches.
    pub icls: Option<&'static str>,
    /// The nearest of the ILO's 11 indicators, `None` where none fits.
    pub ilo: Option<IloIndicator>,
}

macro_rules! vocabulary {
    ($( $variant:ident => $id:literal, $dim:ident, $icls:expr, $ilo:expr; )*) => {
        /// One observation id of the closed vocabulary. Unknown ids are an input error, never ignored:
        /// a misspelt indicator silently dropped would turn a "yes" into "not observed".
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ObservationId {
            $(
                #[doc = concat!("`", $id, "`")]
                $variant,
            )*
        }

        impl ObservationId {
            /// Every id, in the vocabulary's order (the order results list indicators in).
            pub const ALL: &'static [ObservationId] = &[$(ObservationId::$variant),*];

            /// This id's row of the vocabulary table.
            pub fn info(self) -> ObservationInfo {
                match self {
                    $(ObservationId::$variant => ObservationInfo {
                        id: $id,
                        dimension: Dimension::$dim,
                        icls: $icls,
                        ilo: $ilo,
                    },)*
                }
            }
        }
    };
}

use IloIndicator as Ilo;

vocabulary! {
    InvUnfreeRecruitment => "inv_unfree_recruitment", Involuntary, Some("I1"), None;
    InvJobDifferentFromPromised => "inv_job_different_from_promised", Involuntary, Some("I2"), Some(Ilo::Deception);
    InvUnagreedOvertime => "inv_unagreed_overtime", Involuntary, Some("I3"), Some(Ilo::ExcessiveOvertime);
    InvHazardousWithoutConsent => "inv_hazardous_without_consent", Involuntary, Some("I4"), Some(Ilo::AbusiveWorkingAndLivingConditions);
    InvVeryLowOrNoWages => "inv_very_low_or_no_wages", Involuntary, Some("I5"), None;
    InvDegradingLivingConditions => "inv_degrading_living_conditions", Involuntary, Some("I6"), Some(Ilo::AbusiveWorkingAndLivingConditions);
    InvOtherEmployerThanAgreed => "inv_other_employer_than_agreed", Involuntary, Some("I7"), Some(Ilo::Deception);
    InvLongerPeriodThanAgreed => "inv_longer_period_than_agreed", Involuntary, Some("I8"), None;
    InvCannotTerminate => "inv_cannot_terminate", Involuntary, Some("I9"), None;
    CoeViolence => "coe_violence", Coercion, Some("C1"), Some(Ilo::PhysicalAndSexualViolence);
    CoeThreats => "coe_threats", Coercion, Some("C1"), Some(Ilo::IntimidationAndThreats);
    CoeMovementRestricted => "coe_movement_restricted", Coercion, Some("C2"), Some(Ilo::RestrictionOfMovement);
    CoeIsolation => "coe_isolation", Coercion, None, Some(Ilo::Isolation);
    CoeDebtBondage => "coe_debt_bondage", Coercion, Some("C3"), Some(Ilo::DebtBondage);
    CoeWagesWithheld => "coe_wages_withheld", Coercion, Some("C4"), Some(Ilo::WithholdingOfWages);
    CoeDocumentsRetained => "coe_documents_retained", Coercion, Some("C5"), Some(Ilo::RetentionOfIdentityDocuments);
    CoeThreatDenunciation => "coe_threat_denunciation", Coercion, Some("C6"), Some(Ilo::IntimidationAndThreats);
    ActRecruitment => "act_recruitment", Act, None, None;
    ActTransport => "act_transport", Act, None, None;
    ActTransfer => "act_transfer", Act, None, None;
    ActHarbouring => "act_harbouring", Act, None, None;
    ActReceipt => "act_receipt", Act, None, None;
    MeansForceOrThreat => "means_force_or_threat", Means, None, Some(Ilo::IntimidationAndThreats);
    MeansAbduction => "means_abduction", Means, None, None;
    MeansDeception => "means_deception", Means, None, Some(Ilo::Deception);
    MeansAbuseOfVulnerability => "means_abuse_of_vulnerability", Means, Some("C6"), Some(Ilo::AbuseOfVulnerability);
    MeansPaymentToController => "means_payment_to_controller", Means, None, None;
    ExpSexual => "exp_sexual", Exploitation, None, None;
    ExpBegging => "exp_begging", Exploitation, None, None;
    ExpIllicitActivities => "exp_illicit_activities", Exploitation, None, None;
    ExpServitudeSlavery => "exp_servitude_slavery", Exploitation, None, None;
    ExpServileMarriage => "exp_servile_marriage", Exploitation, None, None;
    ExpOrganRemoval => "exp_organ_removal", Exploitation, None, None;
    CtxStateImposed => "ctx_state_imposed", Context, None, None;
    CtxImmediateDanger => "ctx_immediate_danger", Context, None, None;
    CtxParentsInForcedLabour => "ctx_parents_in_forced_labour", Context, None, None;
    CtxHazardousChildWork => "ctx_hazardous_child_work", Context, None, None;
    CtxCrossedBorder => "ctx_crossed_border", Context, None, None;
    CtxSmuggled => "ctx_smuggled", Context, None, None;
}

impl ObservationId {
    /// The id as written in case facts and content files.
    pub fn as_str(self) -> &'static str {
        self.info().id
    }

    /// The rule input this id feeds.
    pub fn dimension(self) -> Dimension {
        self.info().dimension
    }

    /// All ids of one dimension, in vocabulary order (used by rules and coverage checks).
    pub fn of_dimension(dimension: Dimension) -> impl Iterator<Item = ObservationId> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |id| id.dimension() == dimension)
    }
}

impl fmt::Display for ObservationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An id that is not in the vocabulary. Carries the offending text so the message can quote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown observation id `{shown}`; the allowed ids are {allowed}", shown = shorten(&self.0), allowed = allowed_ids())]
pub struct UnknownObservationId(pub String);

/// Quotes at most 80 characters of hostile input, so a 10 MB "id" gives a readable message.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
        None => text.to_owned(),
    }
}

/// The allowed ids as one comma-separated line, for error messages.
pub fn allowed_ids() -> String {
    ObservationId::ALL
        .iter()
        .map(|id| id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for ObservationId {
    type Err = UnknownObservationId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ObservationId::ALL
            .iter()
            .copied()
            .find(|id| id.as_str() == s)
            .ok_or_else(|| UnknownObservationId(s.to_owned()))
    }
}

impl Serialize for ObservationId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ObservationId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips_through_its_text() {
        for id in ObservationId::ALL {
            assert_eq!(id.as_str().parse::<ObservationId>(), Ok(*id));
        }
    }

    #[test]
    fn vocabulary_has_the_contract_size_per_dimension() {
        let count = |d| ObservationId::of_dimension(d).count();
        assert_eq!(count(Dimension::Involuntary), 9);
        assert_eq!(count(Dimension::Coercion), 8);
        assert_eq!(count(Dimension::Act), 5);
        assert_eq!(count(Dimension::Means), 5);
        assert_eq!(count(Dimension::Exploitation), 6);
        assert_eq!(count(Dimension::Context), 6);
    }

    #[test]
    fn id_prefix_matches_dimension() {
        for id in ObservationId::ALL {
            let prefix = match id.dimension() {
                Dimension::Involuntary => "inv_",
                Dimension::Coercion => "coe_",
                Dimension::Act => "act_",
                Dimension::Means => "means_",
                Dimension::Exploitation => "exp_",
                Dimension::Context => "ctx_",
            };
            assert!(id.as_str().starts_with(prefix), "{id}");
        }
    }

    #[test]
    fn involuntary_ids_carry_icls_codes_i1_to_i9_in_order() {
        let codes: Vec<_> = ObservationId::of_dimension(Dimension::Involuntary)
            .map(|id| id.info().icls.unwrap_or("-"))
            .collect();
        assert_eq!(
            codes,
            ["I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9"]
        );
    }

    #[test]
    fn every_ilo_indicator_is_reachable_from_some_id() {
        for indicator in IloIndicator::ALL {
            assert!(
                ObservationId::ALL
                    .iter()
                    .any(|id| id.info().ilo == Some(indicator)),
                "{indicator:?} has no observation"
            );
        }
        assert_eq!(IloIndicator::ExcessiveOvertime.number(), 11);
    }
}
