//! From an assessment to what a person reads: the outcome in words and the numbered referral steps
//! with institutions and contacts. Unconfirmed entries are always marked, never shown as fact.

use serde::Serialize;
use tamiz_engine::{Assessment, Category, Country, Finding, ReferralRoute, Role, Urgency};

use crate::model::{ContactKind, DirectoryOverride, Institution, Lang, LegalTopic};
use crate::validate;
use crate::Instrument;

/// A contact ready to show, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactView {
    /// Phone, e-mail, web…
    pub kind: ContactKind,
    /// The number or address.
    pub value: String,
    /// Hours, options, caveats (may be empty).
    pub note: String,
    /// `false`: show `status` next to it; never present it as fact.
    pub confirmed: bool,
    /// Empty when confirmed, otherwise "por confirmar por su institución" / "to be confirmed by your
    /// agency".
    pub status: String,
    /// URL of the source.
    pub source: String,
    /// Date the source was checked.
    pub checked: String,
}

/// An institution ready to show, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstitutionView {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it does for the person.
    pub does: String,
    /// Whether the institution and its role are confirmed.
    pub confirmed: bool,
    /// Empty when confirmed, otherwise the "to be confirmed" label.
    pub status: String,
    /// URL of the source.
    pub source: String,
    /// Date the source was checked.
    pub checked: String,
    /// How to reach it (confirmed contacts first).
    pub contacts: Vec<ContactView>,
}

/// One numbered step of the referral: a route, what to do, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralStep {
    /// 1-based step number.
    pub number: usize,
    /// The engine's route.
    pub route: ReferralRoute,
    /// A short title.
    pub title: String,
    /// What to do (professional for officials, plain for the self-check).
    pub action: String,
    /// Where.
    pub institutions: Vec<InstitutionView>,
}

/// The outcome of an assessment in words, for one role and language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultSummary {
    /// What the answers say about forced labour.
    pub forced_labour: String,
    /// What they say about trafficking.
    pub trafficking: String,
    /// The ILO category, when forced labour is not ruled out.
    pub category: Option<String>,
    /// Shown when the person is a child.
    pub child: Option<String>,
    /// How soon to act.
    pub urgency: String,
    /// A labour-rights concern, when there is one.
    pub labour_rights: Option<String>,
    /// The engine's notes, translated.
    pub notes: Vec<String>,
    /// The person's rights.
    pub rights: String,
    /// Closing words.
    pub closing: String,
}

/// Applies an agency override to one country's institutions: hidden ids go, entries with an existing
/// id replace it, new ones are appended. Pure, so the widget can call it with its host config.
pub fn merge_directory(
    base: &[Institution],
    country: Country,
    overrides: &DirectoryOverride,
) -> Vec<Institution> {
    let mut merged: Vec<Institution> = base
        .iter()
        .filter(|i| !overrides.hide.contains(&i.id))
        .cloned()
        .collect();
    for extra in overrides
        .institutions
        .iter()
        .filter(|i| i.country == Some(country))
    {
        match merged.iter_mut().find(|i| i.id == extra.id) {
            Some(slot) => *slot = extra.clone(),
            None => merged.push(extra.clone()),
        }
    }
    merged
}

/// Checks an agency override (e.g. from the widget's host config) and returns one message per
/// problem, each naming the field and what is allowed. An override is only applied when this passes.
pub fn validate_override(overrides: &DirectoryOverride) -> Result<(), Vec<String>> {
    let problems = validate::check_override(overrides);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems
            .into_iter()
            .map(|p| format!("{}: {}", crate::error::path_string(&p.path), p.message))
            .collect())
    }
}

fn finding_text<'a>(
    finding: Finding,
    yes: &'a crate::Text,
    no: &'a crate::Text,
    ind: &'a crate::Text,
) -> &'a crate::Text {
    match finding {
        Finding::Yes => yes,
        Finding::No => no,
        Finding::Indeterminate => ind,
    }
}

impl Instrument {
    /// The outcome in words: professional texts for officials, plain "signs, never a verdict" texts
    /// for the self-check.
    pub fn summary(&self, role: Role, assessment: &Assessment, lang: Lang) -> ResultSummary {
        let t = self.outcome_texts(role);
        let s = |text: &crate::Text| text.get(lang).to_owned();
        ResultSummary {
            forced_labour: s(finding_text(
                assessment.forced_labour,
                &t.forced_labour_yes,
                &t.forced_labour_no,
                &t.forced_labour_indeterminate,
            )),
            trafficking: s(finding_text(
                assessment.trafficking,
                &t.trafficking_yes,
                &t.trafficking_no,
                &t.trafficking_indeterminate,
            )),
            category: assessment.category.map(|c| {
                s(match c {
                    Category::PrivateEconomy => &t.category_private_economy,
                    Category::CommercialSexual => &t.category_commercial_sexual,
                    Category::StateImposed => &t.category_state_imposed,
                })
            }),
            child: (assessment.child == Some(true)).then(|| s(&t.child)),
            urgency: s(match assessment.urgency {
                Urgency::Immediate => &t.urgency_immediate,
                Urgency::Priority => &t.urgency_priority,
                Urgency::Routine => &t.urgency_routine,
            }),
            labour_rights: assessment
                .labour_rights_concern
                .then(|| s(&t.labour_rights_concern)),
            notes: assessment
                .notes
                .iter()
                .map(|n| self.note_text_for(role, *n, lang).to_owned())
                .collect(),
            rights: s(&t.rights),
            closing: s(&t.closing),
        }
    }

    /// The numbered referral steps for an assessment: one per route the engine chose, in its order,
    /// each with the country's institutions (after applying `overrides`). For the self-check, the
    /// emergency and victim-assistance routes are always included, because a person checking their
    /// own situation must always see where help is, whatever the answers; and only confirmed
    /// institutions and contacts are shown to a worker (officials see unconfirmed ones, marked "to be
    /// confirmed by your agency").
    pub fn referral_steps(
        &self,
        role: Role,
        country: Country,
        assessment: &Assessment,
        lang: Lang,
        overrides: Option<&DirectoryOverride>,
    ) -> Vec<ReferralStep> {
        let mut routes = assessment.referral_routes.clone();
        if role == Role::SelfCheck {
            for always in [ReferralRoute::Emergency, ReferralRoute::VictimAssistance] {
                if !routes.contains(&always) {
                    routes.push(always);
                }
            }
            // An insertion sort: a handful of routes, and `sort()` would link a whole stable sort
            // into the widget for them.
            for i in 1..routes.len() {
                let mut j = i;
                while j > 0 && routes[j - 1] > routes[j] {
                    routes.swap(j - 1, j);
                    j -= 1;
                }
            }
        }
        let base = self
            .countries
            .get(&country)
            .map_or(&[][..], |c| c.institutions.as_slice());
        let directory = match overrides {
            Some(o) => merge_directory(base, country, o),
            None => base.to_vec(),
        };
        let unconfirmed = self.vocabulary.labels.unconfirmed.get(lang).to_owned();
        routes
            .iter()
            .filter_map(|route| {
                let text = self.route_text(*route);
                let mut institutions: Vec<InstitutionView> = directory
                    .iter()
                    .filter(|i| i.routes.contains(route))
                    .map(|i| self.institution_view(i, lang, &unconfirmed))
                    .collect();
                if role == Role::SelfCheck {
                    // A worker gets only what a source confirms: an unconfirmed number could put
                    // them in touch with the wrong people, and they have no agency to check it.
                    for inst in &mut institutions {
                        inst.contacts.retain(|c| c.confirmed);
                    }
                    institutions.retain(|i| i.confirmed && !i.contacts.is_empty());
                    if institutions.is_empty() {
                        return None;
                    }
                }
                Some((*route, text, institutions))
            })
            .enumerate()
            .map(|(n, (route, text, institutions))| {
                let route = &route;
                ReferralStep {
                    number: n + 1,
                    route: *route,
                    title: text.map_or(route.as_str().to_owned(), |t| t.title.get(lang).to_owned()),
                    action: text.map_or(String::new(), |t| {
                        if role == Role::SelfCheck {
                            t.self_check.get(lang).to_owned()
                        } else {
                            t.official.get(lang).to_owned()
                        }
                    }),
                    institutions,
                }
            })
            .collect()
    }

    fn institution_view(&self, i: &Institution, lang: Lang, unconfirmed: &str) -> InstitutionView {
        let contacts: Vec<ContactView> = i
            .contacts
            .iter()
            .map(|c| ContactView {
                kind: c.kind,
                value: c.value.clone(),
                note: c
                    .note
                    .as_ref()
                    .map_or(String::new(), |n| n.get(lang).to_owned()),
                confirmed: c.confirmed,
                status: if c.confirmed {
                    String::new()
                } else {
                    unconfirmed.to_owned()
                },
                source: c.source.clone(),
                checked: c.checked.clone(),
            })
            .collect();
        // Confirmed contacts first, each group in its original order (a stable partition, which
        // is what `sort_by_key(|c| !c.confirmed)` did, without linking a sort into the widget).
        let (mut contacts, to_confirm): (Vec<_>, Vec<_>) =
            contacts.into_iter().partition(|c| c.confirmed);
        contacts.extend(to_confirm);
        InstitutionView {
            id: i.id.clone(),
            name: i.name.get(lang).to_owned(),
            does: i.does.get(lang).to_owned(),
            confirmed: i.confirmed,
            status: if i.confirmed {
                String::new()
            } else {
                unconfirmed.to_owned()
            },
            source: i.source.clone(),
            checked: i.checked.clone(),
            contacts,
        }
    }

    /// The legal topics relevant to an assessment, for the referral summary and prosecutor mode:
    /// trafficking and forced labour when not ruled out, smuggling when the person was smuggled,
    /// non-punishment whenever trafficking or forced labour is possible.
    pub fn relevant_topics(&self, assessment: &Assessment) -> Vec<LegalTopic> {
        let mut topics = Vec::new();
        if assessment.trafficking != Finding::No {
            topics.push(LegalTopic::Trafficking);
        }
        if assessment.forced_labour != Finding::No {
            topics.push(LegalTopic::ForcedLabour);
        }
        if assessment
            .indicators
            .iter()
            .any(|i| i.id == tamiz_engine::ObservationId::CtxSmuggled)
        {
            topics.push(LegalTopic::Smuggling);
        }
        if assessment.trafficking != Finding::No || assessment.forced_labour != Finding::No {
            topics.push(LegalTopic::NonPunishment);
        }
        topics
    }
}
