//! The case-facts contract, version 1: what an interview or a case file establishes, and nothing else.
//!
//! Case facts carry no names, no free text and no identifiers, so that everything downstream of them
//! (events, records, statistics) is free of identifying data by construction.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::map::VecMap;
use crate::vocabulary::ObservationId;

/// The countries whose law and referral routes the instrument knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Country {
    /// Colombia.
    #[serde(rename = "CO")]
    Colombia,
    /// Ecuador.
    #[serde(rename = "EC")]
    Ecuador,
    /// Peru.
    #[serde(rename = "PE")]
    Peru,
}

impl Country {
    /// Every supported country, for coverage checks over content.
    pub const ALL: [Country; 3] = [Country::Colombia, Country::Ecuador, Country::Peru];

    /// The ISO 3166-1 alpha-2 code used in every file format.
    pub fn code(self) -> &'static str {
        match self {
            Country::Colombia => "CO",
            Country::Ecuador => "EC",
            Country::Peru => "PE",
        }
    }

    /// Parses an ISO code (`CO`, `EC`, `PE`), the spelling used by attributes and CLI flags.
    pub fn from_code(code: &str) -> Option<Country> {
        Country::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who is screening. The rules do not depend on it; the questions and the wording of results do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Labour inspector: workplace interview and inspection.
    Inspector,
    /// Migration officer: border or in-country control.
    Migration,
    /// Prosecutor: the legal elements of the offences.
    Prosecutor,
    /// A worker checking their own situation (the NGO self-check).
    #[serde(rename = "self")]
    SelfCheck,
}

impl Role {
    /// Every role, for coverage checks over content.
    pub const ALL: [Role; 4] = [
        Role::Inspector,
        Role::Migration,
        Role::Prosecutor,
        Role::SelfCheck,
    ];

    /// The id used in JSON, attributes and content files.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Inspector => "inspector",
            Role::Migration => "migration",
            Role::Prosecutor => "prosecutor",
            Role::SelfCheck => "self",
        }
    }

    /// Parses the id used in JSON and attributes.
    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == id)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One answer about one observation. `Unknown` and `Declined` are kept apart (the result says which)
/// but weigh the same in the rules: neither may ever be read as "no".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The fact is established.
    Yes,
    /// The fact was checked and is absent.
    No,
    /// Nobody could say.
    Unknown,
    /// The person preferred not to answer.
    Declined,
}

/// Where an observation comes from, so that an official's result shows how solid each indicator is.
/// Optional, and an extension of the version-1 contract: facts without it stay valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// What the worker said in the interview.
    WorkerStatement,
    /// What the official saw or verified.
    OfficialObservation,
    /// A document (contract, payslip, record, message).
    Document,
    /// What a third party (co-worker, relative, witness) said.
    ThirdPartyStatement,
}

/// What is known about the person's age: the only personal attribute the rules need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Age in whole years, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// Whether the person is under 18, when the exact age is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor: Option<bool>,
}

impl Person {
    /// `Some(true)` for a child (under 18), `Some(false)` for an adult, `None` when age is unknown.
    pub fn is_minor(&self) -> Option<bool> {
        match (self.age, self.minor) {
            (Some(age), _) => Some(age < 18),
            (None, minor) => minor,
        }
    }
}

/// The input of [`crate::assess`]: everything the rules read. Build it with [`CaseFacts::from_json`]
/// to get the contract's validation and error messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFacts {
    /// Where the case is screened; selects law and referral directory.
    pub country: Country,
    /// Who screens.
    pub role: Role,
    /// Age information.
    #[serde(default)]
    pub person: Person,
    /// Observation id → answer. An absent id means "not observed" (read as no).
    #[serde(default)]
    pub observations: VecMap<ObservationId, Answer>,
    /// Observation id → where the answer comes from (optional extension).
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    pub evidence: VecMap<ObservationId, Evidence>,
}

impl CaseFacts {
    /// Facts with no observations: the starting point of an interview.
    pub fn new(country: Country, role: Role) -> CaseFacts {
        CaseFacts {
            country,
            role,
            person: Person::default(),
            observations: VecMap::new(),
            evidence: VecMap::new(),
        }
    }

    /// The answer recorded for `id`, `None` when not observed.
    pub fn answer(&self, id: ObservationId) -> Option<Answer> {
        self.observations.get(&id).copied()
    }

    /// Parses and validates case-facts JSON. Every error names the field and the allowed values.
    pub fn from_json(text: &str) -> Result<CaseFacts, FactsError> {
        if text.trim().is_empty() {
            return Err(FactsError::Empty);
        }
        let raw: serde_json::Value =
            serde_json::from_str(text).map_err(|e| FactsError::Syntax {
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            })?;
        Self::from_value(raw)
    }

    /// Validates an already-parsed JSON value (the widget and the records reader hold values).
    pub fn from_value(raw: serde_json::Value) -> Result<CaseFacts, FactsError> {
        if !raw.is_object() {
            return Err(FactsError::Invalid {
                field: "(top level)".into(),
                message:
                    "expected a JSON object with `country`, `role`, `person` and `observations`"
                        .into(),
            });
        }
        check_age(&raw)?;
        let facts: CaseFacts = serde_path_to_error::deserialize(raw).map_err(|e| {
            let field = e.path().to_string();
            FactsError::Invalid {
                field: if field == "." {
                    "(top level)".into()
                } else {
                    crate::vocabulary::shorten(&field)
                },
                message: explain(e.inner().to_string()),
            }
        })?;
        if let (Some(age), Some(minor)) = (facts.person.age, facts.person.minor) {
            if (age < 18) != minor {
                return Err(FactsError::Invalid {
                    field: "person".into(),
                    message: format!(
                        "`age` {age} and `minor` {minor} contradict each other; give one of them"
                    ),
                });
            }
        }
        Ok(facts)
    }
}

/// Why case facts were refused. Each message says which field, what was wrong and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FactsError {
    /// No input at all (an empty file or stream).
    #[error("the input is empty; expected a case-facts JSON object")]
    Empty,
    /// Not JSON.
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser expected.
        message: String,
    },
    /// JSON, but not valid case facts.
    #[error("invalid field `{field}`: {message}")]
    Invalid {
        /// Dotted path of the offending field, e.g. `observations.coe_foo` or `person.age`.
        field: String,
        /// What is wrong and what is allowed.
        message: String,
    },
}

fn check_age(raw: &serde_json::Value) -> Result<(), FactsError> {
    let Some(age) = raw.get("person").and_then(|p| p.get("age")) else {
        return Ok(());
    };
    let ok = age.as_u64().is_some_and(|a| a <= 120);
    if ok || age.is_null() {
        return Ok(());
    }
    Err(FactsError::Invalid {
        field: "person.age".into(),
        message: format!(
            "{age} is not an age; give whole years from 0 to 120, or leave `age` out when unknown"
        ),
    })
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Rewrites serde's terse messages into ones that list the allowed values in the contract's words.
fn explain(message: String) -> String {
    let message = strip_position(&message);
    if message.starts_with("unknown variant") {
        // serde already lists the allowed variants: "unknown variant `X`, expected one of `a`, `b`".
        return message.replacen("unknown variant", "unknown value", 1);
    }
    message
}
