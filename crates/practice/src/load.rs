//! Parsing and validation of practice-case files. Serde checks shapes and closed vocabularies; the
//! checks here cover what types cannot say: both languages present, ids unique, sentence references
//! that exist, every observation explained, and the expected assessment equal to the engine's.
//! Raw types keep `toml` spans so each problem carries its line; the public types carry none.

use std::collections::BTreeSet;

use serde::Deserialize;
use tamiz_engine::{
    assess, Answer, Category, Country, Finding, ObservationId, Person, ReferralRoute, Role, Urgency,
};
use toml::Spanned;

use crate::error::{from_toml, CaseError, Collector, PracticeError};
use crate::model::{Difficulty, Expected, ObservationKey, PracticeCase, Sector, Sentence, Text};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    es: Option<Spanned<String>>,
    en: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSentence {
    id: Spanned<String>,
    es: Option<Spanned<String>>,
    en: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObservation {
    id: Spanned<String>,
    answer: Spanned<Answer>,
    sentences: Spanned<Vec<Spanned<String>>>,
    explanation: Spanned<RawText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpected {
    forced_labour: Spanned<Finding>,
    trafficking: Spanned<Finding>,
    child: Option<Spanned<bool>>,
    category: Option<Spanned<Category>>,
    urgency: Spanned<Urgency>,
    referral_routes: Spanned<Vec<ReferralRoute>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    id: Spanned<String>,
    country: Spanned<String>,
    role: Spanned<String>,
    sector: Sector,
    difficulty: Difficulty,
    title: Spanned<RawText>,
    person: Option<Spanned<Person>>,
    sentence: Spanned<Vec<Spanned<RawSentence>>>,
    observation: Spanned<Vec<Spanned<RawObservation>>>,
    expected: Spanned<RawExpected>,
    learning_point: Spanned<RawText>,
}

const ROLES: &str = "`inspector`, `migration`, `prosecutor`";

fn text(c: &mut Collector<'_>, raw: &Spanned<RawText>, field: &str) -> Text {
    let inner = raw.get_ref();
    Text {
        es: lang(c, raw.span(), inner.es.as_ref(), field, "es", "Spanish"),
        en: lang(c, raw.span(), inner.en.as_ref(), field, "en", "English"),
    }
}

fn lang(
    c: &mut Collector<'_>,
    table: std::ops::Range<usize>,
    value: Option<&Spanned<String>>,
    field: &str,
    code: &str,
    name: &str,
) -> String {
    match value {
        Some(v) if !v.get_ref().trim().is_empty() => v.get_ref().trim().to_owned(),
        Some(v) => {
            c.on(
                v,
                format!("{field}.{code}"),
                format!("the {name} text is empty; every text needs both `es` and `en`"),
            );
            String::new()
        }
        None => {
            c.at(
                table,
                format!("{field}.{code}"),
                format!("the {name} text is missing; every text needs both `es` and `en`"),
            );
            String::new()
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
}

/// Parses and validates one file; `None` with errors recorded when the file cannot become a case.
fn parse_case(file: &str, src: &str, errors: &mut Vec<CaseError>) -> Option<PracticeCase> {
    let raw: RawCase = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(e) => {
            errors.push(from_toml(file, src, &e));
            return None;
        }
    };
    let mut c = Collector::new(file, src);

    let id = raw.id.get_ref().clone();
    if !valid_id(&id) {
        c.on(
            &raw.id,
            "id",
            format!("`{id}` is not a valid case id; use lowercase letters, digits, `-` and `_`"),
        );
    }
    let country = Country::from_code(raw.country.get_ref());
    if country.is_none() {
        c.on(
            &raw.country,
            "country",
            format!(
                "unknown country `{}`; allowed: `CO`, `EC`, `PE`",
                raw.country.get_ref()
            ),
        );
    }
    let role = match Role::from_id(raw.role.get_ref()) {
        Some(Role::SelfCheck) | None => {
            c.on(
                &raw.role,
                "role",
                format!(
                    "`{}` is not a role for practice cases; allowed: {ROLES}",
                    raw.role.get_ref()
                ),
            );
            None
        }
        Some(role) => Some(role),
    };
    if let Some(p) = &raw.person {
        if let (Some(age), Some(minor)) = (p.get_ref().age, p.get_ref().minor) {
            if (age < 18) != minor {
                c.on(
                    p,
                    "person",
                    format!(
                        "`age` {age} and `minor` {minor} contradict each other; give one of them"
                    ),
                );
            }
        }
        if p.get_ref().age.is_some_and(|a| a > 120) {
            c.on(
                p,
                "person.age",
                "not an age; give whole years from 0 to 120, or leave `age` out when unknown",
            );
        }
    }
    let title = text(&mut c, &raw.title, "title");
    let learning_point = text(&mut c, &raw.learning_point, "learning_point");

    let mut narrative = Vec::new();
    let mut sentence_ids = BTreeSet::new();
    if raw.sentence.get_ref().is_empty() {
        c.on(
            &raw.sentence,
            "sentence",
            "the narrative has no sentences; add `[[sentence]]` tables",
        );
    }
    for (n, s) in raw.sentence.get_ref().iter().enumerate() {
        let field = format!("sentence[{n}]");
        let inner = s.get_ref();
        let sid = inner.id.get_ref().clone();
        if !valid_id(&sid) {
            c.on(
                &inner.id,
                format!("{field}.id"),
                format!("`{sid}` is not a valid sentence id; use lowercase letters and digits, e.g. `s1`"),
            );
        } else if !sentence_ids.insert(sid.clone()) {
            c.on(
                &inner.id,
                format!("{field}.id"),
                format!("sentence id `{sid}` is used twice in this case; ids must be unique"),
            );
        }
        let text = Text {
            es: lang(&mut c, s.span(), inner.es.as_ref(), &field, "es", "Spanish"),
            en: lang(&mut c, s.span(), inner.en.as_ref(), &field, "en", "English"),
        };
        narrative.push(Sentence { id: sid, text });
    }

    let mut observations = Vec::new();
    let mut seen = BTreeSet::new();
    if raw.observation.get_ref().is_empty() {
        c.on(
            &raw.observation,
            "observation",
            "the case has no observations; add `[[observation]]` tables for the facts the narrative shows",
        );
    }
    for (n, o) in raw.observation.get_ref().iter().enumerate() {
        let field = format!("observation[{n}]");
        let inner = o.get_ref();
        let obs_id = match inner.id.get_ref().parse::<ObservationId>() {
            Ok(id) => {
                if !seen.insert(id) {
                    c.on(
                        &inner.id,
                        format!("{field}.id"),
                        format!("observation `{id}` is listed twice; give each observation once"),
                    );
                }
                Some(id)
            }
            Err(e) => {
                c.on(&inner.id, format!("{field}.id"), e.to_string());
                None
            }
        };
        if inner.sentences.get_ref().is_empty() {
            c.on(
                &inner.sentences,
                format!("{field}.sentences"),
                "no sentence given; name the sentence id(s) that show (or rule out) this observation",
            );
        }
        for r in inner.sentences.get_ref() {
            if !sentence_ids.contains(r.get_ref()) {
                let known = sentence_ids.iter().cloned().collect::<Vec<_>>().join(", ");
                c.on(
                    r,
                    format!("{field}.sentences"),
                    format!(
                        "sentence `{}` does not exist in this case; the sentence ids are {known}",
                        r.get_ref()
                    ),
                );
            }
        }
        let explanation = text(&mut c, &inner.explanation, &format!("{field}.explanation"));
        if let Some(id) = obs_id {
            observations.push(ObservationKey {
                id,
                answer: *inner.answer.get_ref(),
                sentences: inner
                    .sentences
                    .get_ref()
                    .iter()
                    .map(|s| s.get_ref().clone())
                    .collect(),
                explanation,
            });
        }
    }

    let e = raw.expected.get_ref();
    let expected = Expected {
        forced_labour: *e.forced_labour.get_ref(),
        trafficking: *e.trafficking.get_ref(),
        child: e.child.as_ref().map(|v| *v.get_ref()),
        category: e.category.as_ref().map(|v| *v.get_ref()),
        urgency: *e.urgency.get_ref(),
        referral_routes: e.referral_routes.get_ref().clone(),
    };

    let (Some(country), Some(role)) = (country, role) else {
        errors.append(&mut c.errors);
        return None;
    };
    let case = PracticeCase {
        id,
        country,
        role,
        sector: raw.sector,
        difficulty: raw.difficulty,
        title,
        person: raw
            .person
            .as_ref()
            .map(|p| *p.get_ref())
            .unwrap_or_default(),
        narrative,
        observations,
        expected,
        learning_point,
        file: file.to_owned(),
    };
    if c.errors.is_empty() {
        check_expected(&mut c, &raw, &case);
    }
    let ok = c.errors.is_empty();
    errors.append(&mut c.errors);
    ok.then_some(case)
}

/// Compares the file's expected assessment with the engine's, field by field, so an author sees
/// exactly which outcome to correct and what the engine gives.
fn check_expected(c: &mut Collector<'_>, raw: &RawCase, case: &PracticeCase) {
    let got = assess(&case.facts());
    let e = raw.expected.get_ref();
    let mut mismatch = |span: std::ops::Range<usize>,
                        field: &str,
                        file_says: String,
                        engine: String| {
        c.at(
            span,
            format!("expected.{field}"),
            format!("this file says {file_says} but the engine gives {engine} for the case's observations; correct the expected value or the observations"),
        );
    };
    if got.forced_labour != case.expected.forced_labour {
        mismatch(
            e.forced_labour.span(),
            "forced_labour",
            finding(case.expected.forced_labour),
            finding(got.forced_labour),
        );
    }
    if got.trafficking != case.expected.trafficking {
        mismatch(
            e.trafficking.span(),
            "trafficking",
            finding(case.expected.trafficking),
            finding(got.trafficking),
        );
    }
    if got.child != case.expected.child {
        let span = e.child.as_ref().map_or(raw.expected.span(), |v| v.span());
        mismatch(
            span,
            "child",
            opt_bool(case.expected.child),
            opt_bool(got.child),
        );
    }
    if got.category != case.expected.category {
        let span = e
            .category
            .as_ref()
            .map_or(raw.expected.span(), |v| v.span());
        mismatch(
            span,
            "category",
            category(case.expected.category),
            category(got.category),
        );
    }
    if got.urgency != case.expected.urgency {
        mismatch(
            e.urgency.span(),
            "urgency",
            format!("`{}`", urgency(case.expected.urgency)),
            format!("`{}`", urgency(got.urgency)),
        );
    }
    if got.referral_routes != case.expected.referral_routes {
        let list = |r: &[ReferralRoute]| {
            format!(
                "[{}]",
                r.iter()
                    .map(|r| format!("\"{}\"", r.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        mismatch(
            e.referral_routes.span(),
            "referral_routes",
            list(&case.expected.referral_routes),
            list(&got.referral_routes),
        );
    }
}

fn finding(f: Finding) -> String {
    match f {
        Finding::Yes => "`yes`",
        Finding::No => "`no`",
        Finding::Indeterminate => "`indeterminate`",
    }
    .to_owned()
}

fn opt_bool(v: Option<bool>) -> String {
    match v {
        Some(true) => "`true`".to_owned(),
        Some(false) => "`false`".to_owned(),
        None => "nothing (age unknown: leave `child` out)".to_owned(),
    }
}

fn category(v: Option<Category>) -> String {
    match v {
        Some(Category::PrivateEconomy) => "`private_economy`".to_owned(),
        Some(Category::CommercialSexual) => "`commercial_sexual`".to_owned(),
        Some(Category::StateImposed) => "`state_imposed`".to_owned(),
        None => "nothing (no forced labour: leave `category` out)".to_owned(),
    }
}

pub(crate) fn urgency(u: Urgency) -> &'static str {
    match u {
        Urgency::Immediate => "immediate",
        Urgency::Priority => "priority",
        Urgency::Routine => "routine",
    }
}

/// Parses and validates a set of case files; every problem in every file is reported at once.
pub(crate) fn build(files: &[(&str, &str)]) -> Result<Vec<PracticeCase>, PracticeError> {
    if files.is_empty() {
        return Err(PracticeError::Empty);
    }
    let mut errors = Vec::new();
    let mut cases: Vec<PracticeCase> = Vec::new();
    for (file, src) in files {
        if let Some(case) = parse_case(file, src, &mut errors) {
            if let Some(other) = cases.iter().find(|c| c.id == case.id) {
                errors.push(CaseError {
                    file: (*file).to_owned(),
                    line: id_line(src),
                    field: "id".to_owned(),
                    message: format!(
                        "case id `{}` is already used by {}; case ids must be unique",
                        case.id, other.file
                    ),
                });
            } else {
                cases.push(case);
            }
        }
    }
    if errors.is_empty() {
        Ok(cases)
    } else {
        Err(PracticeError::Invalid(errors))
    }
}

fn id_line(src: &str) -> usize {
    src.lines()
        .position(|l| l.trim_start().starts_with("id"))
        .map_or(1, |p| p + 1)
}
