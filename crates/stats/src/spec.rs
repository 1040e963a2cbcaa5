//! The release spec: a TOML file saying what to count, how much budget to spend and with which keys.
//!
//! Parsing keeps TOML spans so that every error can name the line, column and field the analyst has
//! to fix. Validation happens here, before any data is read and long before any budget is spent.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

/// Most cells one public-key table may have: keeps memory bounded and catches key-range typos.
pub const MAX_CELLS_PER_TABLE: u64 = 5_000_000;

/// A spec that cannot be used. Carries the place in the spec file so the analyst can fix it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}, column {column}: {field}: {message}")]
pub struct SpecError {
    /// 1-based line in the spec text (1 when the whole file is at fault).
    pub line: usize,
    /// 1-based column in the spec text.
    pub column: usize,
    /// The field at fault, e.g. `privacy.rho` or `table[2].group_by`.
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// The privacy measure a release is accounted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Measure {
    /// ρ-zero-concentrated DP; discrete Gaussian noise. The default: composes tightly over tables.
    #[serde(rename = "zCDP")]
    ZCdp,
    /// Pure ε-DP; discrete Laplace noise. For custodians whose rules name ε only.
    #[serde(rename = "pureDP")]
    Pure,
}

impl Measure {
    /// The name of the budget parameter of this measure (`rho` or `epsilon`).
    pub fn budget_name(self) -> &'static str {
        match self {
            Measure::ZCdp => "rho",
            Measure::Pure => "epsilon",
        }
    }
}

/// The keys of one column: a public list of values, or an integer range (inclusive).
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnKeys {
    /// Exact values (after trimming; `""` is the missing value).
    List(Vec<String>),
    /// Every integer from `lo` to `hi` inclusive; values must parse as integers.
    Range(i64, i64),
}

impl ColumnKeys {
    /// Number of keys.
    pub fn len(&self) -> u64 {
        match self {
            ColumnKeys::List(v) => v.len() as u64,
            ColumnKeys::Range(lo, hi) => (hi - lo + 1) as u64,
        }
    }
    /// Whether there are no keys (never true for a validated spec).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The `i`-th key as text.
    pub fn key(&self, i: usize) -> String {
        match self {
            ColumnKeys::List(v) => v[i].clone(),
            ColumnKeys::Range(lo, _) => (lo + i as i64).to_string(),
        }
    }
}

/// How a table's keys are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyMode {
    /// All keys come from `[keys]`: every cell is released, even empty ones.
    Public,
    /// Keys are found in the data; only OpenDP's threshold measurement may reveal them.
    Discover,
}

/// One table to release.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    /// Name; also the CSV file name.
    pub name: String,
    /// Columns grouped by.
    pub group_by: Vec<String>,
    /// Flag columns (0/1): a flags table counts, per group, the records with each flag set.
    pub flags: Vec<String>,
    /// Public or discovered keys.
    pub keys: KeyMode,
    /// Relative share of the budget (default 1).
    pub weight: f64,
}

/// A validated release spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Column naming the person (privacy unit); `None`: one record is one person.
    pub unit: Option<String>,
    /// Most records one person may contribute; the excess is dropped at random.
    pub max_records_per_person: u32,
    /// Measure of the release.
    pub measure: Measure,
    /// Total budget of the release, in the measure's unit (ρ or ε).
    pub budget: f64,
    /// δ for the (ε, δ) statement and for key discovery.
    pub delta: Option<f64>,
    /// Tables, in spec order.
    pub tables: Vec<TableSpec>,
    /// Public keys by column.
    pub keys: BTreeMap<String, ColumnKeys>,
    /// `[post] consistent`: publish margins that add up exactly.
    pub consistent: bool,
    /// SHA-256 of the spec text (hex): ties every output to the exact spec.
    pub sha256: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    privacy: Spanned<RawPrivacy>,
    #[serde(default)]
    table: Vec<Spanned<RawTable>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<RawKeys>>,
    post: Option<RawPost>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    unit: Option<Spanned<String>>,
    max_records_per_person: Option<Spanned<i64>>,
    measure: Option<Spanned<String>>,
    rho: Option<Spanned<f64>>,
    epsilon: Option<Spanned<f64>>,
    delta: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    name: Spanned<String>,
    #[serde(default)]
    group_by: Vec<Spanned<String>>,
    #[serde(default)]
    flags: Vec<Spanned<String>>,
    keys: Option<Spanned<String>>,
    weight: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawKeys {
    List(Vec<toml::Value>),
    Range { range: Vec<i64> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPost {
    consistent: Option<bool>,
}

/// Turns a byte span of `text` into a 1-based (line, column).
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

struct Ctx<'a> {
    text: &'a str,
}

impl Ctx<'_> {
    fn err(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> SpecError {
        let (line, column) = line_col(self.text, span.start);
        SpecError {
            line,
            column,
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Parses and validates a spec. Every problem comes back as a [`SpecError`] with its place.
pub fn parse_spec(text: &str) -> Result<Spec, SpecError> {
    let cx = Ctx { text };
    let raw: RawSpec = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        SpecError {
            line,
            column,
            field: "spec".into(),
            message: e.message().trim().to_string(),
        }
    })?;
    let p_span = raw.privacy.span();
    let p = raw.privacy.into_inner();

    let unit = match p.unit {
        Some(u) if u.get_ref().trim().is_empty() => {
            return Err(cx.err(
                u.span(),
                "privacy.unit",
                "must name a column, or be left out",
            ));
        }
        Some(u) => Some(u.into_inner().trim().to_string()),
        None => None,
    };
    let max_records_per_person = match p.max_records_per_person {
        None => 1,
        Some(m) => {
            let v = *m.get_ref();
            if !(1..=1000).contains(&v) {
                return Err(cx.err(
                    m.span(),
                    "privacy.max_records_per_person",
                    format!("{v} is out of range; use a whole number from 1 to 1000"),
                ));
            }
            v as u32
        }
    };
    let measure = match &p.measure {
        None => Measure::ZCdp,
        Some(m) => match m.get_ref().to_ascii_lowercase().as_str() {
            "zcdp" => Measure::ZCdp,
            "pure" | "puredp" => Measure::Pure,
            other => {
                return Err(cx.err(
                    m.span(),
                    "privacy.measure",
                    format!(
                    "unknown measure {other:?}; use \"zcdp\" (with rho) or \"pure\" (with epsilon)"
                ),
                ))
            }
        },
    };
    let positive = |v: &Spanned<f64>, field: &str| -> Result<f64, SpecError> {
        let x = *v.get_ref();
        if x.is_finite() && x > 0.0 && x <= 1e6 {
            Ok(x)
        } else {
            Err(cx.err(
                v.span(),
                field,
                format!("{x} is not a usable budget; give a positive number"),
            ))
        }
    };
    let budget =
        match (measure, &p.rho, &p.epsilon) {
            (Measure::ZCdp, Some(r), None) => positive(r, "privacy.rho")?,
            (Measure::Pure, None, Some(e)) => positive(e, "privacy.epsilon")?,
            (Measure::ZCdp, _, Some(e)) => return Err(cx.err(
                e.span(),
                "privacy.epsilon",
                "measure \"zcdp\" takes rho, not epsilon; remove epsilon or set measure = \"pure\"",
            )),
            (Measure::Pure, Some(r), _) => {
                return Err(cx.err(
                    r.span(),
                    "privacy.rho",
                    "measure \"pure\" takes epsilon, not rho; remove rho or set measure = \"zcdp\"",
                ))
            }
            (m, None, None) => {
                return Err(cx.err(
                    p_span,
                    format!("privacy.{}", m.budget_name()),
                    format!("missing; add `{} = ...` to [privacy]", m.budget_name()),
                ))
            }
        };
    let delta = match &p.delta {
        None => None,
        Some(d) => {
            let x = *d.get_ref();
            if !(x > 0.0 && x < 1e-3) {
                return Err(cx.err(
                    d.span(),
                    "privacy.delta",
                    format!(
                        "{x} is out of range; use a small positive number below 0.001, e.g. 1e-9"
                    ),
                ));
            }
            Some(x)
        }
    };

    let mut keys = BTreeMap::new();
    for (name, value) in raw.keys {
        let field = format!("keys.{}", name.get_ref());
        let span = value.span();
        let k = match value.into_inner() {
            RawKeys::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut seen = std::collections::HashSet::new();
                for item in items {
                    let s = match item {
                        toml::Value::String(s) => normalise_value(&s).to_string(),
                        toml::Value::Integer(i) => i.to_string(),
                        other => {
                            return Err(cx.err(
                                span,
                                field,
                                format!("key {other} is neither text nor a whole number"),
                            ))
                        }
                    };
                    if !seen.insert(s.clone()) {
                        return Err(cx.err(
                            span,
                            field,
                            format!(
                                "key {s:?} is listed twice (blank and \"-99\" both mean missing)"
                            ),
                        ));
                    }
                    out.push(s);
                }
                if out.is_empty() {
                    return Err(cx.err(span, field, "lists no keys"));
                }
                ColumnKeys::List(out)
            }
            RawKeys::Range { range } => match range.as_slice() {
                [lo, hi] if lo <= hi && (hi - lo) < 1_000_000 => ColumnKeys::Range(*lo, *hi),
                _ => {
                    return Err(cx.err(
                        span,
                        field,
                        "range must be [low, high] with low <= high (at most a million values)",
                    ))
                }
            },
        };
        keys.insert(name.into_inner(), k);
    }

    let consistent = raw.post.and_then(|p| p.consistent).unwrap_or(false);

    if raw.table.is_empty() {
        return Err(SpecError {
            line: 1,
            column: 1,
            field: "table".into(),
            message: "no [[table]]; add at least one".into(),
        });
    }
    let mut tables = Vec::new();
    let mut names = HashMap::new();
    for (i, t) in raw.table.into_iter().enumerate() {
        let t_span = t.span();
        let t = t.into_inner();
        let tf = |f: &str| format!("table[{}].{f}", i + 1);
        let name = t.name.get_ref().clone();
        if name.is_empty()
            || name.len() > 64
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || name == "release"
        {
            return Err(cx.err(t.name.span(), tf("name"), format!("{name:?} is not usable as a file name; use letters, digits, _ and - (not \"release\")")));
        }
        if names.insert(name.clone(), i).is_some() {
            return Err(cx.err(
                t.name.span(),
                tf("name"),
                format!("table {name:?} is defined twice"),
            ));
        }
        let key_mode = match &t.keys {
            None => KeyMode::Public,
            Some(k) => match k.get_ref().as_str() {
                "public" => KeyMode::Public,
                "discover" => KeyMode::Discover,
                other => {
                    return Err(cx.err(
                        k.span(),
                        tf("keys"),
                        format!("{other:?}: use \"public\" or \"discover\""),
                    ))
                }
            },
        };
        let mut cols = std::collections::HashSet::new();
        for c in t.group_by.iter().chain(t.flags.iter()) {
            if c.get_ref().trim().is_empty() || !cols.insert(c.get_ref().clone()) {
                return Err(cx.err(
                    c.span(),
                    tf("group_by"),
                    format!("column {:?} is blank or named twice", c.get_ref()),
                ));
            }
            if Some(c.get_ref()) == unit.as_ref() {
                return Err(cx.err(
                    c.span(),
                    tf("group_by"),
                    "the person column cannot be counted by: it identifies people",
                ));
            }
        }
        if t.group_by.is_empty() && t.flags.is_empty() {
            return Err(cx.err(
                t_span,
                tf("group_by"),
                "missing; a table needs group_by, flags or both",
            ));
        }
        if key_mode == KeyMode::Discover && !t.flags.is_empty() {
            return Err(cx.err(
                t_span,
                tf("keys"),
                "a flags table needs public keys; remove keys = \"discover\"",
            ));
        }
        if key_mode == KeyMode::Discover && delta.is_none() {
            return Err(cx.err(
                t_span,
                tf("keys"),
                "key discovery needs privacy.delta (e.g. delta = 1e-9)",
            ));
        }
        let mut cells: u64 = t.flags.len().max(1) as u64;
        for c in &t.group_by {
            match keys.get(c.get_ref()) {
                Some(k) => cells = cells.saturating_mul(k.len()),
                None if key_mode == KeyMode::Public => {
                    return Err(cx.err(c.span(), tf("group_by"), format!("missing key: column {:?} has no [keys] entry; list its values under [keys], or set keys = \"discover\"", c.get_ref())));
                }
                None => {}
            }
        }
        if key_mode == KeyMode::Public && cells > MAX_CELLS_PER_TABLE {
            return Err(cx.err(
                t_span,
                tf("group_by"),
                format!("{cells} cells is too many (limit {MAX_CELLS_PER_TABLE}); narrow the keys"),
            ));
        }
        let weight = match &t.weight {
            None => 1.0,
            Some(w) => {
                let x = *w.get_ref();
                if !(x.is_finite() && x > 0.0 && x <= 1e6) {
                    return Err(cx.err(
                        w.span(),
                        tf("weight"),
                        format!("{x}: use a positive number"),
                    ));
                }
                x
            }
        };
        tables.push(TableSpec {
            name,
            group_by: t.group_by.into_iter().map(|s| s.into_inner()).collect(),
            flags: t.flags.into_iter().map(|s| s.into_inner()).collect(),
            keys: key_mode,
            weight,
        });
    }

    let sha256 = hex(&Sha256::digest(text.as_bytes()));
    Ok(Spec {
        unit,
        max_records_per_person,
        measure,
        budget,
        delta,
        tables,
        keys,
        consistent,
        sha256,
    })
}

/// Lower-case hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The canonical form of a data value: trimmed, and blank or `-99` (CTDC's old code) as missing `""`.
pub fn normalise_value(v: &str) -> &str {
    let t = v.trim();
    if t == "-99" {
        ""
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUE_SPEC: &str = include_str!("../tests/data/issue5.toml");

    #[test]
    fn issue_spec_is_accepted() {
        let s = parse_spec(ISSUE_SPEC).unwrap();
        assert_eq!(s.unit.as_deref(), Some("personId"));
        assert_eq!(s.max_records_per_person, 2);
        assert_eq!(s.measure, Measure::ZCdp);
        assert_eq!(s.tables.len(), 3);
        assert_eq!(s.tables[1].keys, KeyMode::Discover);
        assert_eq!(s.keys["yearOfRegistration"], ColumnKeys::Range(2015, 2024));
    }

    #[test]
    fn errors_name_line_and_field() {
        let e =
            parse_spec("[privacy]\nrho = -1\n[[table]]\nname='a'\ngroup_by=['x']\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (2, "privacy.rho"));
        let e =
            parse_spec("[privacy]\nrho = 1\n[[table]]\nname='a'\ngroup_by=['x']\n").unwrap_err();
        assert_eq!(e.line, 5);
        assert!(e.message.contains("missing key"), "{e}");
        let e = parse_spec("[privacy]\nrho = 1\nbogus = 2\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }
}
