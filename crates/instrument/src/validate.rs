//! Parsing and validation of a content set. Serde checks shapes and closed vocabularies (with the
//! `toml` crate's spans for line numbers); the checks here cover what types cannot say: texts present
//! in both languages, ids unique, skip targets that exist, sources and dates on every fact, coverage.

#![cfg_attr(not(feature = "toml"), allow(dead_code, unused_imports))]

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use tamiz_engine::{
    Country, Dimension, Evidence, IloIndicator, Note, ObservationId, ReferralRoute, Role,
};

#[cfg(feature = "toml")]
use crate::error::{from_toml, locate};
use crate::error::{i, k, ContentError, ContentErrors, Problem, Seg};
use crate::model::{
    AnswerOption, Contact, ContactKind, CountryContent, DirectoryOverride, Institution, LegalRef,
    LegalTopic, OutcomeTexts, QuestionBank, QuestionKind, Results, Text, Vocabulary,
};
#[cfg(feature = "toml")]
use crate::BUILTIN;
use crate::{Instrument, AGENCY_FILE, CONTENT_FILES};

/// Collects problems under a path prefix.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, path: &[Seg], message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    fn text(&mut self, path: &[Seg], text: &Text) {
        for (lang, value, name) in [("es", &text.es, "Spanish"), ("en", &text.en, "English")] {
            if value.trim().is_empty() {
                let mut p = path.to_vec();
                p.push(k(lang));
                self.push(
                    &p,
                    format!("the {name} text is empty; every text needs both `es` and `en`"),
                );
            }
        }
    }

    fn source(&mut self, path: &[Seg], source: &str, checked: &str) {
        if !(source.starts_with("https://") || source.starts_with("http://"))
            || source.contains(char::is_whitespace)
        {
            self.push(
                &join(path, "source"),
                format!("`{source}` is not a URL; give the http(s) address of the page that states this fact"),
            );
        }
        if !is_date(checked) {
            self.push(
                &join(path, "checked"),
                format!(
                    "`{checked}` is not a date; give the day the source was checked as YYYY-MM-DD"
                ),
            );
        }
    }

    fn contact(&mut self, path: &[Seg], c: &Contact) {
        self.source(path, &c.source, &c.checked);
        if let Some(note) = &c.note {
            self.text(&join(path, "note"), note);
        }
        let value = c.value.trim();
        let ok = match c.kind {
            ContactKind::Phone | ContactKind::Whatsapp => {
                value.chars().any(|ch| ch.is_ascii_digit())
                    && value
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || " +()-.".contains(ch))
            }
            ContactKind::Email => value.contains('@') && !value.contains(' '),
            ContactKind::Web => {
                value.starts_with("https://")
                    || value.starts_with("http://")
                    || value.starts_with("www.")
            }
            ContactKind::App | ContactKind::InPerson => !value.is_empty(),
        };
        if !ok {
            let allowed = match c.kind {
                ContactKind::Phone | ContactKind::Whatsapp => "a number as dialled: digits, spaces, + ( ) - . (letters only for vanity numbers such as 1800 DELITO)",
                ContactKind::Email => "an e-mail address",
                ContactKind::Web => "a web address starting with https://, http:// or www.",
                ContactKind::App | ContactKind::InPerson => "a non-empty description",
            };
            self.push(
                &join(path, "value"),
                format!(
                    "`{}` is not valid for kind `{}`; give {allowed}",
                    c.value,
                    kind_str(c.kind)
                ),
            );
        }
    }

    fn institution(&mut self, path: &[Seg], inst: &Institution) {
        check_id(self, &join(path, "id"), &inst.id);
        self.text(&join(path, "name"), &inst.name);
        self.text(&join(path, "does"), &inst.does);
        self.source(path, &inst.source, &inst.checked);
        if inst.routes.is_empty() {
            self.push(
                &join(path, "routes"),
                format!("no route given; list one or more of {}", routes_list()),
            );
        }
        for (n, c) in inst.contacts.iter().enumerate() {
            let mut p = join(path, "contact");
            p.push(i(n));
            self.contact(&p, c);
        }
    }
}

fn kind_str(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Phone => "phone",
        ContactKind::Whatsapp => "whatsapp",
        ContactKind::Email => "email",
        ContactKind::Web => "web",
        ContactKind::App => "app",
        ContactKind::InPerson => "in_person",
    }
}

fn routes_list() -> String {
    ReferralRoute::ALL
        .iter()
        .map(|r| format!("`{}`", r.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn join(path: &[Seg], key: &str) -> Vec<Seg> {
    let mut p = path.to_vec();
    p.push(k(key));
    p
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return false;
    }
    let num = |p: &str| p.parse::<u32>().ok();
    matches!(
        (num(parts[0]), num(parts[1]), num(parts[2])),
        (Some(y), Some(m), Some(d)) if (1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    )
}

fn check_id(c: &mut Checker, path: &[Seg], id: &str) {
    if id.is_empty()
        || !id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
    {
        c.push(
            path,
            format!("`{id}` is not a valid id; use lowercase letters, digits and `_`"),
        );
    }
}

#[cfg(feature = "toml")]
fn parse<T: DeserializeOwned>(file: &str, text: &str, errors: &mut Vec<ContentError>) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(from_toml(file, text, &e));
            None
        }
    }
}

fn check_vocabulary(v: &Vocabulary) -> Vec<Problem> {
    let mut c = Checker::default();
    for option in AnswerOption::ALL {
        let key = serde_key(&option);
        match v.answers.get(&option) {
            Some(t) => c.text(&[k("answers"), k(&key)], t),
            None => c.push(&[k("answers")], format!("missing `{key}`; the answers table needs `yes`, `no`, `unknown` and `declined`")),
        }
    }
    c.text(&[k("age_label")], &v.age_label);
    c.text(&[k("evidence_question")], &v.evidence_question);
    for e in [
        Evidence::WorkerStatement,
        Evidence::OfficialObservation,
        Evidence::Document,
        Evidence::ThirdPartyStatement,
    ] {
        let key = serde_key(&e);
        match v.evidence.get(&e) {
            Some(t) => c.text(&[k("evidence"), k(&key)], t),
            None => c.push(
                &[k("evidence")],
                format!("missing `{key}`; every evidence source needs a label"),
            ),
        }
    }
    for id in ObservationId::ALL {
        match v.observations.get(id) {
            Some(d) => {
                c.text(&[k("observations"), k(id.as_str()), k("name")], &d.name);
                c.text(
                    &[k("observations"), k(id.as_str()), k("description")],
                    &d.description,
                );
            }
            None => c.push(
                &[k("observations")],
                format!("missing `{id}`; every observation id needs a name and a description"),
            ),
        }
    }
    for ind in IloIndicator::ALL {
        match v.ilo.get(&ind) {
            Some(d) => {
                c.text(&[k("ilo"), k(ind.as_str()), k("name")], &d.name);
                c.text(
                    &[k("ilo"), k(ind.as_str()), k("description")],
                    &d.description,
                );
            }
            None => c.push(
                &[k("ilo")],
                format!(
                    "missing `{}`; every ILO indicator needs a name and a description",
                    ind.as_str()
                ),
            ),
        }
    }
    for (table, notes) in [("notes", &v.notes), ("self_notes", &v.self_notes)] {
        for note in Note::ALL {
            match notes.get(note.code()) {
                Some(t) => c.text(&[k(table), k(note.code())], t),
                None => c.push(
                    &[k(table)],
                    format!(
                        "missing `{}`; every engine note needs a translation",
                        note.code()
                    ),
                ),
            }
        }
        for code in notes.keys() {
            if !Note::ALL.iter().any(|n| n.code() == code) {
                let allowed = Note::ALL
                    .iter()
                    .map(|n| format!("`{}`", n.code()))
                    .collect::<Vec<_>>()
                    .join(", ");
                c.push(
                    &[k(table), k(code)],
                    format!("unknown note `{code}`; the notes are {allowed}"),
                );
            }
        }
    }
    for route in ReferralRoute::ALL {
        match v.routes.get(&route) {
            Some(t) => {
                c.text(&[k("routes"), k(route.as_str()), k("title")], &t.title);
                c.text(
                    &[k("routes"), k(route.as_str()), k("official")],
                    &t.official,
                );
                c.text(&[k("routes"), k(route.as_str()), k("self")], &t.self_check);
            }
            None => c.push(
                &[k("routes")],
                format!(
                    "missing `{}`; every referral route needs texts",
                    route.as_str()
                ),
            ),
        }
    }
    for topic in LegalTopic::ALL {
        match v.topics.get(&topic) {
            Some(t) => c.text(&[k("topics"), k(topic.as_str())], t),
            None => c.push(
                &[k("topics")],
                format!(
                    "missing `{}`; every legal topic needs a label",
                    topic.as_str()
                ),
            ),
        }
    }
    let labels = serde_texts(&v.labels);
    for (name, t) in labels {
        c.text(&[k("labels"), k(&name)], &t);
    }
    c.problems
}

/// The snake_case id serde gives a unit variant.
fn serde_key<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Every `Text` field of a struct of texts, by field name (through serde, so new fields are covered).
fn serde_texts<T: serde::Serialize>(value: &T) -> Vec<(String, Text)> {
    let Ok(serde_json::Value::Object(table)) = serde_json::to_value(value) else {
        return Vec::new();
    };
    table
        .into_iter()
        .filter_map(|(key, v)| serde_json::from_value::<Text>(v).ok().map(|t| (key, t)))
        .collect()
}

fn check_results(r: &Results) -> Vec<Problem> {
    let mut c = Checker::default();
    for (section, texts) in [("official", &r.official), ("self", &r.self_check)] {
        for (name, t) in serde_texts::<OutcomeTexts>(texts) {
            c.text(&[k(section), k(&name)], &t);
        }
    }
    c.problems
}

/// The observation ids a role's bank must map to, and why (the coverage requirement).
pub(crate) fn required_coverage(role: Role) -> Vec<ObservationId> {
    use ObservationId as O;
    match role {
        Role::Inspector => ObservationId::ALL
            .iter()
            .copied()
            .filter(|id| {
                matches!(
                    id.dimension(),
                    Dimension::Involuntary
                        | Dimension::Coercion
                        | Dimension::Context
                        | Dimension::Act
                )
            })
            .collect(),
        Role::Migration => vec![
            O::ActRecruitment,
            O::ActTransport,
            O::CtxCrossedBorder,
            O::CtxSmuggled,
            O::CoeDocumentsRetained,
            O::CoeDebtBondage,
            O::CoeMovementRestricted,
            O::CoeThreats,
            O::MeansDeception,
            O::MeansAbuseOfVulnerability,
            O::InvJobDifferentFromPromised,
            O::CtxImmediateDanger,
        ],
        Role::Prosecutor => ObservationId::ALL
            .iter()
            .copied()
            .filter(|id| !matches!(id.dimension(), Dimension::Context))
            .chain([O::CtxImmediateDanger, O::CtxSmuggled, O::CtxStateImposed])
            .collect(),
        Role::SelfCheck => vec![
            O::InvJobDifferentFromPromised,
            O::InvUnagreedOvertime,
            O::InvVeryLowOrNoWages,
            O::InvCannotTerminate,
            O::InvDegradingLivingConditions,
            O::CoeThreats,
            O::CoeViolence,
            O::CoeMovementRestricted,
            O::CoeDocumentsRetained,
            O::CoeDebtBondage,
            O::CoeWagesWithheld,
            O::CoeThreatDenunciation,
            O::CtxImmediateDanger,
        ],
    }
}

/// How many questions the self-check may have: short enough to finish on a phone in a few minutes.
pub(crate) const SELF_CHECK_RANGE: std::ops::RangeInclusive<usize> = 12..=20;

fn check_bank(bank: &QuestionBank, expected: Role) -> Vec<Problem> {
    let mut c = Checker::default();
    if bank.role != expected {
        c.push(
            &[k("role")],
            format!(
                "this file is for role `{}`, but says `{}`",
                expected.as_str(),
                bank.role.as_str()
            ),
        );
    }
    c.text(&[k("intro")], &bank.intro);
    let mut section_ids: BTreeSet<&str> = BTreeSet::new();
    for (n, section) in bank.sections.iter().enumerate() {
        check_id(&mut c, &[k("section"), i(n), k("id")], &section.id);
        c.text(&[k("section"), i(n), k("title")], &section.title);
        if !section_ids.insert(&section.id) {
            c.push(
                &[k("section"), i(n), k("id")],
                format!("`{}` is used twice; section ids must be unique", section.id),
            );
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (n, q) in bank.questions.iter().enumerate() {
        let path = [k("question"), i(n)];
        check_id(&mut c, &join(&path, "id"), &q.id);
        if !seen.insert(&q.id) {
            c.push(
                &join(&path, "id"),
                format!(
                    "`{}` is used by an earlier question; question ids must be unique in a bank",
                    q.id
                ),
            );
        }
        c.text(&join(&path, "text"), &q.text);
        c.text(&join(&path, "help"), &q.help);
        if let Some(section) = &q.section {
            if !section_ids.contains(section.as_str()) {
                let allowed = if section_ids.is_empty() {
                    "none are defined; add a [[section]] table".to_owned()
                } else {
                    section_ids
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                c.push(
                    &join(&path, "section"),
                    format!(
                        "`{section}` is not a section of this bank; the sections are {allowed}"
                    ),
                );
            }
        }
        match q.kind {
            QuestionKind::YesNo => {
                if q.observations.is_empty() && !q.sets_minor {
                    c.push(&join(&path, "observations"), "a yes/no question must map to at least one observation id (or set `sets_minor = true`)");
                }
            }
            QuestionKind::Age => {
                if !q.observations.is_empty() || q.inverted || q.sets_minor {
                    c.push(&join(&path, "kind"), "an `age` question sets `person.age` only; remove `observations`, `inverted` and `sets_minor`");
                }
                if expected == Role::SelfCheck {
                    c.push(&join(&path, "kind"), "the self-check asks no exact age (it could identify the person); use a yes/no question with `sets_minor = true`");
                }
            }
        }
        if q.evidence && expected == Role::SelfCheck {
            c.push(
                &join(&path, "evidence"),
                "the self-check records no evidence source; remove `evidence`",
            );
        }
        let earlier: Vec<&str> = bank.questions[..n].iter().map(|p| p.id.as_str()).collect();
        for (r, rule) in q.skip_if.iter().enumerate() {
            let rp = [k("question"), i(n), k("skip_if"), i(r)];
            match (&rule.question, rule.known_adult || rule.known_minor) {
                (Some(target), false) => {
                    if !earlier.contains(&target.as_str()) {
                        let allowed = if earlier.is_empty() { "none (this is the first question)".to_owned() } else { earlier.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ") };
                        c.push(&join(&rp, "question"), format!("`{target}` is not an earlier question of this bank; skip rules may only name earlier questions: {allowed}"));
                    } else if let Some(t) = bank.questions.iter().find(|p| &p.id == target) {
                        if t.kind != QuestionKind::YesNo {
                            c.push(&join(&rp, "question"), format!("`{target}` is not a yes/no question; use `known_adult = true` to skip on age"));
                        }
                    }
                    if rule.answers.is_empty() {
                        c.push(&join(&rp, "answers"), "no answers given; list the answers that skip this question: `yes`, `no` or both");
                    }
                }
                (None, true) => {
                    if !rule.answers.is_empty() {
                        c.push(&join(&rp, "answers"), "`answers` goes with `question`, not with `known_adult` or `known_minor`; remove it");
                    }
                }
                _ => c.push(&rp, "a skip rule needs either `question` (with `answers`) or `known_adult = true` / `known_minor = true`, not both or neither"),
            }
        }
    }
    // Coverage.
    let covered: BTreeSet<ObservationId> = bank
        .questions
        .iter()
        .flat_map(|q| q.observations.iter().copied())
        .collect();
    let missing: Vec<String> = required_coverage(expected)
        .into_iter()
        .filter(|id| !covered.contains(id))
        .map(|id| format!("`{id}`"))
        .collect();
    if !missing.is_empty() {
        c.push(
            &[k("question")],
            format!(
                "no question maps to {}; the {} bank must cover them",
                missing.join(", "),
                expected.as_str()
            ),
        );
    }
    if expected == Role::SelfCheck {
        let count = bank.questions.len();
        if !SELF_CHECK_RANGE.contains(&count) {
            c.push(
                &[k("question")],
                format!(
                    "the self-check has {count} questions; it must have from {} to {}",
                    SELF_CHECK_RANGE.start(),
                    SELF_CHECK_RANGE.end()
                ),
            );
        }
        if !bank.questions.iter().any(|q| q.sets_minor) {
            c.push(&[k("question")], "the self-check must ask whether the person is under 18 (`sets_minor = true`): child rules differ");
        }
    }
    c.problems
}

fn check_legal(c: &mut Checker, n: usize, l: &LegalRef) {
    let path = [k("law"), i(n)];
    check_id(c, &join(&path, "id"), &l.id);
    c.text(&join(&path, "article"), &l.article);
    c.text(&join(&path, "summary"), &l.summary);
    c.source(&path, &l.source, &l.checked);
    if let Some(note) = &l.note {
        c.text(&join(&path, "note"), note);
    }
}

fn check_country(content: &CountryContent, expected: Country) -> Vec<Problem> {
    let mut c = Checker::default();
    if content.country != expected {
        c.push(
            &[k("country")],
            format!(
                "this file is for `{}`, but says `{}`",
                expected.code(),
                content.country.code()
            ),
        );
    }
    let mut ids = BTreeSet::new();
    for (n, l) in content.legal.iter().enumerate() {
        check_legal(&mut c, n, l);
        if !ids.insert(l.id.as_str()) {
            c.push(
                &[k("law"), i(n), k("id")],
                format!(
                    "`{}` is used twice; ids must be unique in a country file",
                    l.id
                ),
            );
        }
    }
    for topic in LegalTopic::ALL {
        if !content.legal.iter().any(|l| l.topic == topic) {
            c.push(&[k("law")], format!("no legal reference on `{}`; every country needs at least one (mark it `confirmed = false` if none was found)", topic.as_str()));
        }
    }
    for (n, inst) in content.institutions.iter().enumerate() {
        let path = [k("institution"), i(n)];
        c.institution(&path, inst);
        if let Some(country) = inst.country {
            if country != expected {
                c.push(
                    &join(&path, "country"),
                    format!(
                        "`{}` in the file for `{}`; remove `country` or move the entry",
                        country.code(),
                        expected.code()
                    ),
                );
            }
        }
        if !ids.insert(inst.id.as_str()) {
            c.push(
                &join(&path, "id"),
                format!(
                    "`{}` is used twice; ids must be unique in a country file",
                    inst.id
                ),
            );
        }
    }
    for route in ReferralRoute::ALL {
        if !content
            .institutions
            .iter()
            .any(|inst| inst.routes.contains(&route))
        {
            c.push(
                &[k("institution")],
                format!(
                    "no institution serves route `{}`; every route needs at least one",
                    route.as_str()
                ),
            );
        }
    }
    c.problems
}

pub(crate) fn check_override(o: &DirectoryOverride) -> Vec<Problem> {
    let mut c = Checker::default();
    for (n, inst) in o.institutions.iter().enumerate() {
        let path = [k("institution"), i(n)];
        c.institution(&path, inst);
        if inst.country.is_none() {
            c.push(
                &join(&path, "country"),
                "an agency entry must say its country: `CO`, `EC` or `PE`",
            );
        }
    }
    c.problems
}

/// One file of the content set: a clone of the `prebuilt` built-in part when `files` has no text
/// for `name`, else that text (or the built-in TOML, if the built-in JSON did not load) parsed and
/// checked, its problems located in `errors`.
#[cfg(feature = "toml")]
fn part<T: DeserializeOwned + Clone>(
    name: &str,
    files: &[(&str, &str)],
    prebuilt: Option<&T>,
    check: impl FnOnce(&T) -> Vec<Problem>,
    errors: &mut Vec<ContentError>,
) -> Option<T> {
    let given = files.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
    if let (None, Some(prebuilt)) = (given, prebuilt) {
        return Some(prebuilt.clone());
    }
    let text = given.unwrap_or_else(|| {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, t)| *t)
    });
    let value = parse::<T>(name, text, errors)?;
    errors.extend(locate(name, text, check(&value)));
    Some(value)
}

/// Parses and validates a full content set (see [`Instrument::from_sources`]).
#[cfg(feature = "toml")]
pub(crate) fn build(files: &[(&str, &str)]) -> Result<Instrument, ContentErrors> {
    let mut errors = Vec::new();
    for (name, _) in files {
        if *name != AGENCY_FILE && !CONTENT_FILES.contains(name) {
            errors.push(ContentError::File {
                file: (*name).to_owned(),
                message: format!(
                    "not a content file; the files are {} and {AGENCY_FILE}",
                    CONTENT_FILES.join(", ")
                ),
            });
        }
    }
    // A file the caller does not give is the built-in one: take it from `Instrument::builtin()`,
    // already parsed (the test `the_builtin_json_is_the_validated_toml` proves it equals the
    // validated TOML), instead of parsing and checking it again. An agency directory usually holds
    // one or two files, and the `content_files` fuzz target replaces one file per run: parsing
    // the other eight was nine tenths of the work. Should the built-in JSON ever fail to load,
    // the built-in TOML is parsed as before.
    let builtin = Instrument::builtin().ok();

    let vocabulary: Option<Vocabulary> = part(
        "vocabulary.toml",
        files,
        builtin.map(|b| &b.vocabulary),
        check_vocabulary,
        &mut errors,
    );
    let results: Option<Results> = part(
        "results.toml",
        files,
        builtin.map(|b| &b.results),
        check_results,
        &mut errors,
    );
    let mut banks = tamiz_engine::VecMap::new();
    for role in Role::ALL {
        let name = format!("questions/{}.toml", role.as_str());
        if let Some(bank) = part(
            &name,
            files,
            builtin.and_then(|b| b.banks.get(&role)),
            |bank| check_bank(bank, role),
            &mut errors,
        ) {
            banks.insert(role, bank);
        }
    }
    let mut countries = tamiz_engine::VecMap::new();
    for country in Country::ALL {
        let name = format!("countries/{}.toml", country.code().to_ascii_lowercase());
        if let Some(content) = part(
            &name,
            files,
            builtin.and_then(|b| b.countries.get(&country)),
            |content| check_country(content, country),
            &mut errors,
        ) {
            countries.insert(country, content);
        }
    }
    if let Some((_, text)) = files.iter().find(|(n, _)| *n == AGENCY_FILE) {
        if let Some(o) = parse::<DirectoryOverride>(AGENCY_FILE, text, &mut errors) {
            let mut problems = check_override(&o);
            let known: BTreeSet<&str> = countries
                .values()
                .flat_map(|c: &CountryContent| c.institutions.iter().map(|i| i.id.as_str()))
                .collect();
            for (n, id) in o.hide.iter().enumerate() {
                if !known.contains(id.as_str()) {
                    problems.push(Problem::new(&[k("hide"), i(n)], format!("`{id}` is not a built-in institution id; `hide` takes ids from the country files")));
                }
            }
            let had_problems = !problems.is_empty();
            errors.extend(locate(AGENCY_FILE, text, problems));
            if !had_problems {
                for (country, content) in countries.iter_mut() {
                    content.institutions =
                        crate::merge_directory(&content.institutions, *country, &o);
                }
            }
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
