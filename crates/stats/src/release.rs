//! A release: noisy tables with intervals, post-processing and a privacy statement, as written to
//! `release.json` and `<table>.csv`. Pure and in memory, so the browser runs the same code.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::count::{CountError, Counter, TableCounts};
use crate::data::{self, DataError, Format};
use crate::mechanism::{self, PrivacyError, Sensitivity, Spend, TableMechanism};
use crate::spec::{parse_spec, KeyMode, Measure, Spec, SpecError};

/// Identifies the layout of `release.json`.
pub const RELEASE_FORMAT: &str = "tamiz-stats-release/1";
/// The OpenDP version this crate is built against (kept in step with Cargo.toml).
pub const OPENDP_VERSION: &str = "0.16";
/// Default alpha: 95% intervals.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// Any failure of a release, by boundary.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    /// The spec is wrong.
    #[error("spec: {0}")]
    Spec(#[from] SpecError),
    /// The data is wrong.
    #[error("{0}")]
    Data(#[from] DataError),
    /// A mechanism could not be built or run.
    #[error("{0}")]
    Privacy(#[from] PrivacyError),
    /// The release would spend more than is left.
    #[error("refused: this release needs {measure} = {} but only {} is left; nothing was released and no budget was spent. Lower the spec's budget or start a new ledger period", upper_bound_text(*needed), lower_bound_text(*remaining))]
    Budget {
        /// ρ or ε.
        measure: &'static str,
        /// What the release would spend.
        needed: f64,
        /// What is left.
        remaining: f64,
    },
    /// The secure random source failed.
    #[error("secure randomness failed: {0}")]
    Random(String),
}

impl From<CountError> for ReleaseError {
    fn from(e: CountError) -> Self {
        match e {
            CountError::Data(d) => ReleaseError::Data(d),
            CountError::Random(r) => ReleaseError::Random(r),
        }
    }
}

/// One published cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Column → value (and `flag` → flag column for flags tables).
    pub key: BTreeMap<String, String>,
    /// Published count: the noisy count, post-processed to a non-negative integer.
    pub count: u64,
    /// The raw noisy count before post-processing (may be negative). Keep it: combining and
    /// re-estimating need it, and it costs no privacy.
    pub noisy: i64,
    /// Lower end of the (1 − alpha) interval for the true count.
    pub ci_low: u64,
    /// Upper end of the interval.
    pub ci_high: u64,
    /// Noise variance of this cell when it differs from the table's (margins, combined cells).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variance: Option<f64>,
}

/// One published table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRelease {
    /// Table name from the spec.
    pub name: String,
    /// Group columns.
    pub group_by: Vec<String>,
    /// Flag columns (flags tables).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    /// `public` or `discover`.
    pub keys: String,
    /// Mechanism used.
    pub mechanism: String,
    /// Noise scale.
    pub scale: f64,
    /// Noise variance of one cell.
    pub variance: f64,
    /// Release threshold (discovered keys only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<i64>,
    /// Sensitivity the privacy map was evaluated at.
    pub sensitivity: Sensitivity,
    /// What the table spent (OpenDP's map).
    pub spent: Spend,
    /// Half-width of each cell's interval, before clamping at zero.
    pub ci_half_width: i64,
    /// The cells.
    pub cells: Vec<Cell>,
    /// Margins (with `[post] consistent = true`): sums of published cells, so they add up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub margins: Vec<Cell>,
}

/// What the release as a whole guarantees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrivacyStatement {
    /// `zCDP` or `pureDP`.
    pub measure: Measure,
    /// The person column, or none (one record = one person).
    pub unit: Option<String>,
    /// Records kept per person.
    pub max_records_per_person: u32,
    /// ρ spent (zCDP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rho: Option<f64>,
    /// ε spent (pure DP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon: Option<f64>,
    /// δ: the total δ of the (ε, δ) statement (zCDP) or spent on key discovery (pure DP).
    pub delta: f64,
    /// ε of the (ε, δ)-DP statement at `delta` (zCDP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon_at_delta: Option<f64>,
    /// The guarantee in words.
    pub statement: String,
}

/// What post-processing did (it costs no privacy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostProcessing {
    /// Negative noisy counts published as 0.
    pub nonnegative: bool,
    /// Counts are integers (the noise is integer: no rounding needed).
    pub integer: bool,
    /// Margins published as sums of the published cells.
    pub consistent: bool,
    /// In words, including what it means for the intervals.
    pub note: String,
}

/// A complete release, as written to `release.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// [`RELEASE_FORMAT`].
    pub format: String,
    /// SHA-256 of the spec text.
    pub spec_sha256: String,
    /// When it was made (UTC, RFC 3339), if the caller has a clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Versions of tamiz-stats and OpenDP.
    pub library_versions: BTreeMap<String, String>,
    /// Interval level: intervals are (1 − alpha).
    pub alpha: f64,
    /// The privacy guarantee.
    pub privacy: PrivacyStatement,
    /// Post-processing applied.
    pub post_processing: PostProcessing,
    /// Tables in spec order.
    pub tables: Vec<TableRelease>,
    /// For combined releases: how many releases were merged, and under which assumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combined: Option<Combined>,
}

/// Provenance of a combined release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Combined {
    /// Number of releases merged.
    pub releases: usize,
    /// Whether the custodians declared their populations disjoint.
    pub disjoint: bool,
}

/// The library versions recorded in every output.
pub fn library_versions() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("tamiz-stats".into(), env!("CARGO_PKG_VERSION").into());
    m.insert("opendp".into(), OPENDP_VERSION.into());
    m
}

/// The spec's mechanisms, built and map-checked: the plan of a release, before any data.
pub struct Plan {
    /// The validated spec.
    pub spec: Spec,
    /// One mechanism per table, in spec order.
    pub mechanisms: Vec<TableMechanism>,
}

/// One table's line in `tamiz stats plan`.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    /// Table name.
    pub name: String,
    /// Mechanism.
    pub mechanism: String,
    /// Scale.
    pub scale: f64,
    /// Budget share (ρ or ε).
    pub share: f64,
    /// Expected margin of error: the interval half-width at the given alpha.
    pub margin_of_error: i64,
    /// Release threshold, for discovered keys.
    pub threshold: Option<i64>,
    /// Number of cells (public keys).
    pub cells: Option<u64>,
}

impl Plan {
    /// Builds every table's mechanism and checks OpenDP's map against its share. No data.
    pub fn new(spec: Spec) -> Result<Plan, PrivacyError> {
        let shares = mechanism::shares(&spec);
        let dshares = mechanism::delta_shares(&spec);
        let mut mechanisms = Vec::new();
        for ((t, s), d) in spec.tables.iter().zip(shares).zip(dshares) {
            mechanisms.push(TableMechanism::build(&spec, t, s, d)?);
        }
        let plan = Plan { spec, mechanisms };
        // Belt and braces: the composed spend (sum of OpenDP's maps) within the spec's budget.
        let total = plan.total_spend();
        if total.budget > plan.spec.budget {
            return Err(PrivacyError::OverBudget {
                table: "(all tables)".into(),
                spent: total.budget,
                share: plan.spec.budget,
            });
        }
        Ok(plan)
    }

    /// What the release spends in total (sum over tables of OpenDP's maps: basic composition).
    pub fn total_spend(&self) -> Spend {
        let mut s = Spend {
            budget: 0.0,
            delta: 0.0,
        };
        for m in &self.mechanisms {
            s.budget += m.spent.budget;
            s.delta += m.spent.delta;
        }
        s
    }

    /// Rows for `tamiz stats plan`.
    pub fn rows(&self, alpha: f64) -> Result<Vec<PlanRow>, PrivacyError> {
        let mut out = Vec::new();
        for (t, m) in self.spec.tables.iter().zip(&self.mechanisms) {
            let cells = (t.keys == KeyMode::Public).then(|| {
                t.group_by
                    .iter()
                    .map(|c| self.spec.keys.get(c).map_or(1, |k| k.len()))
                    .product::<u64>()
                    * t.flags.len().max(1) as u64
            });
            out.push(PlanRow {
                name: t.name.clone(),
                mechanism: m.mechanism.clone(),
                scale: m.scale,
                share: m.share.budget,
                margin_of_error: m.half_width(alpha)?,
                threshold: m.threshold,
                cells,
            });
        }
        Ok(out)
    }

    /// The privacy statement for this plan's spend.
    pub fn statement(&self) -> Result<PrivacyStatement, PrivacyError> {
        let s = &self.spec;
        statement_for(
            s.measure,
            &s.unit,
            s.max_records_per_person,
            s.delta,
            self.total_spend(),
            "",
        )
    }

    /// Noises the true counts and builds the release. This is the moment privacy is spent: call it
    /// only after the ledger has recorded the spend.
    pub fn release(
        &self,
        counts: Vec<TableCounts>,
        alpha: f64,
        created: Option<String>,
    ) -> Result<Release, ReleaseError> {
        let spec = &self.spec;
        let z = mechanism::normal_quantile(1.0 - alpha / 2.0);
        let mut tables = Vec::new();
        for ((t, m), tc) in spec.tables.iter().zip(&self.mechanisms).zip(counts) {
            let h = m.half_width(alpha)?;
            let mut cells = Vec::new();
            match t.keys {
                KeyMode::Public => {
                    let noisy = m.noise_vector(&tc.counts)?;
                    let radices: Vec<u64> = t.group_by.iter().map(|c| spec.keys[c].len()).collect();
                    let nflags = t.flags.len();
                    for (i, v) in noisy.into_iter().enumerate() {
                        let (mut g, f) = if let Some(g) = i.checked_div(nflags) {
                            (g, Some(i % nflags))
                        } else {
                            (i, None)
                        };
                        let mut key = BTreeMap::new();
                        for (ci, c) in t.group_by.iter().enumerate().rev() {
                            let r = radices[ci] as usize;
                            key.insert(c.clone(), spec.keys[c].key(g % r));
                            g /= r;
                        }
                        if let Some(f) = f {
                            key.insert("flag".into(), t.flags[f].clone());
                        }
                        cells.push(published(key, v, h, None));
                    }
                }
                KeyMode::Discover => {
                    let input: HashMap<u32, i64> = tc
                        .counts
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (i as u32, *c))
                        .collect();
                    let kept = m.noise_threshold(&input)?;
                    let mut ids: Vec<(&u32, &i64)> = kept.iter().collect();
                    ids.sort_by(|a, b| {
                        tc.discovered[*a.0 as usize].cmp(&tc.discovered[*b.0 as usize])
                    });
                    for (id, v) in ids {
                        let vals = &tc.discovered[*id as usize];
                        let key = t
                            .group_by
                            .iter()
                            .cloned()
                            .zip(vals.iter().cloned())
                            .collect();
                        cells.push(published(key, *v, h, None));
                    }
                }
            }
            let margins = if spec.consistent && t.keys == KeyMode::Public {
                margins(&t.group_by, !t.flags.is_empty(), &cells, m.variance, z)
            } else {
                Vec::new()
            };
            tables.push(TableRelease {
                name: t.name.clone(),
                group_by: t.group_by.clone(),
                flags: t.flags.clone(),
                keys: match t.keys {
                    KeyMode::Public => "public".into(),
                    KeyMode::Discover => "discover".into(),
                },
                mechanism: m.mechanism.clone(),
                scale: m.scale,
                variance: m.variance,
                threshold: m.threshold,
                sensitivity: m.sensitivity,
                spent: m.spent,
                ci_half_width: h,
                cells,
                margins,
            });
        }
        Ok(Release {
            format: RELEASE_FORMAT.into(),
            spec_sha256: spec.sha256.clone(),
            created,
            library_versions: library_versions(),
            alpha,
            privacy: self.statement()?,
            post_processing: post_note(spec.consistent),
            tables,
            combined: None,
        })
    }
}

/// The post-processing record for a release.
pub fn post_note(consistent: bool) -> PostProcessing {
    let mut note = String::from(
        "Counts are the noisy counts (integer noise, so already integers) with negative values published as 0. \
         Intervals are noisy ± half-width from OpenDP's accuracy helpers, clamped at 0; clamping never removes the true count. \
         Cells of discovered-key tables are only those whose noisy count reached the threshold; their intervals ignore that selection. \
         `noisy` keeps the raw noisy count for re-estimation.",
    );
    if consistent {
        note.push_str(
            " Margins (per value of each group column, and the total) are sums of the published cells, so the table adds up exactly; \
             their intervals use the summed noise variance with a normal approximation and are approximate (clamping biases sums upwards).",
        );
    }
    PostProcessing {
        nonnegative: true,
        integer: true,
        consistent,
        note,
    }
}

pub(crate) fn published(
    key: BTreeMap<String, String>,
    noisy: i64,
    h: i64,
    variance: Option<f64>,
) -> Cell {
    Cell {
        key,
        count: noisy.max(0) as u64,
        noisy,
        ci_low: noisy.saturating_sub(h).max(0) as u64,
        ci_high: noisy.saturating_add(h).max(0) as u64,
        variance,
    }
}

/// Margins of a public table: per value of each group column (and per flag), plus the total.
pub(crate) fn margins(
    group_by: &[String],
    has_flags: bool,
    cells: &[Cell],
    var: f64,
    z: f64,
) -> Vec<Cell> {
    let mut groups: BTreeMap<Vec<(String, String)>, (u64, i64, u64)> = BTreeMap::new();
    let flag_key = if has_flags {
        Some("flag".to_string())
    } else {
        None
    };
    // Per-value margins of each group column (only informative with two or more columns), then
    // the total (per flag in flags tables).
    let mut dims: Vec<Option<&String>> = if group_by.len() >= 2 {
        group_by.iter().map(Some).collect()
    } else {
        Vec::new()
    };
    dims.push(None);
    for d in &dims {
        for c in cells {
            let mut k = Vec::new();
            if let Some(col) = d {
                k.push(((*col).clone(), c.key[*col].clone()));
            }
            if let Some(fk) = &flag_key {
                k.push((fk.clone(), c.key[fk].clone()));
            }
            let e = groups.entry(k).or_insert((0, 0, 0));
            e.0 += c.count;
            e.1 += c.noisy;
            e.2 += 1;
        }
    }
    groups
        .into_iter()
        .map(|(k, (count, noisy, n))| {
            let v = var * n as f64;
            let h = (z * v.sqrt()).ceil() as i64;
            let c = count as i64;
            Cell {
                key: k.into_iter().collect(),
                count,
                noisy,
                ci_low: c.saturating_sub(h).max(0) as u64,
                ci_high: c.saturating_add(h) as u64,
                variance: Some(v),
            }
        })
        .collect()
}

/// `x` in decimal with at most six significant digits, rounded *up*: the privacy statement says
/// "at most rho = …", and a budget printed rounded to nearest, or with a fixed six decimals
/// (`rho = 1e-8` printed as `0.000000`), would claim more privacy than the release has. Plain
/// decimals from 0.0001 to below 10^7, scientific notation outside.
pub fn upper_bound_text(x: f64) -> String {
    bound_text(x, true)
}

/// `x` like [`upper_bound_text`] but rounded *down*: for what is *left* of a budget, so a refusal
/// or a ledger listing never shows more remaining than there is (`needs 0.1 but 0.1 is left`).
pub fn lower_bound_text(x: f64) -> String {
    bound_text(x, false)
}

fn bound_text(x: f64, up: bool) -> String {
    if !(x.is_finite() && x > 0.0) {
        return x.to_string();
    }
    // Rust's `{:.5e}` is x correctly rounded to six significant digits: n · 10^exp.
    let nearest = format!("{x:.5e}");
    let (mantissa, exponent) = nearest.split_once('e').unwrap_or((&nearest, "0"));
    let mut n: u64 = mantissa.replace('.', "").parse().unwrap_or(0);
    let mut exp: i32 = exponent.parse::<i32>().unwrap_or(0) - 5;
    let printed = nearest.parse::<f64>().unwrap_or(x);
    if up && printed < x {
        n += 1;
        if n == 1_000_000 {
            n = 100_000;
            exp += 1;
        }
    } else if !up && printed > x {
        n -= 1;
        if n == 99_999 {
            n = 999_999;
            exp -= 1;
        }
    }
    let mut digits = n.to_string();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
        exp += 1;
    }
    let len = digits.len() as i32;
    if (1e-4..1e7).contains(&x) {
        if exp >= 0 {
            format!("{digits}{}", "0".repeat(exp as usize))
        } else if len + exp > 0 {
            let (int, frac) = digits.split_at((len + exp) as usize);
            format!("{int}.{frac}")
        } else {
            format!("0.{}{digits}", "0".repeat((-(len + exp)) as usize))
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() { "" } else { "." };
        format!("{first}{point}{rest}e{}", exp + len - 1)
    }
}

/// The privacy statement for `spent`, for `n` releases (combine) or one.
pub(crate) fn statement_for(
    measure: Measure,
    unit_col: &Option<String>,
    k: u32,
    declared_delta: Option<f64>,
    spent: Spend,
    prefix: &str,
) -> Result<PrivacyStatement, PrivacyError> {
    let unit = match unit_col {
        Some(u) => format!("a person (column {u:?}) with up to {k} records"),
        None => "one record (each record is taken to be a different person)".to_string(),
    };
    Ok(match measure {
        Measure::ZCdp => {
            let (delta, eps) = match declared_delta {
                Some(d) => {
                    let conv = (d - spent.delta).max(d / 2.0);
                    (
                        spent.delta + conv,
                        Some(mechanism::epsilon_at_delta(spent.budget, conv)?),
                    )
                }
                None => (spent.delta, None),
            };
            let mut s = format!("{prefix}adding or removing {unit} changes the output distribution by at most rho = {} in zero-concentrated DP", upper_bound_text(spent.budget));
            if spent.delta > 0.0 {
                s.push_str(&format!(
                    ", except with probability delta = {:.3e} from key discovery",
                    spent.delta
                ));
            }
            if let Some(e) = eps {
                s.push_str(&format!(
                    "; this implies (epsilon = {}, delta = {delta:.3e})-DP",
                    upper_bound_text(e)
                ));
            }
            s.push('.');
            PrivacyStatement {
                measure,
                unit: unit_col.clone(),
                max_records_per_person: k,
                rho: Some(spent.budget),
                epsilon: None,
                delta,
                epsilon_at_delta: eps,
                statement: s,
            }
        }
        Measure::Pure => {
            let s = format!("{prefix}adding or removing {unit} changes the probability of any output by at most a factor e^{} (epsilon-DP){}.", upper_bound_text(spent.budget), if spent.delta > 0.0 { format!(", plus delta = {:.3e} from key discovery", spent.delta) } else { String::new() });
            PrivacyStatement {
                measure,
                unit: unit_col.clone(),
                max_records_per_person: k,
                rho: None,
                epsilon: Some(spent.budget),
                delta: spent.delta,
                epsilon_at_delta: None,
                statement: s,
            }
        }
    })
}

/// Counts `data` (any format, in memory) against `spec`.
pub fn count_bytes(
    spec: &Spec,
    data: &[u8],
    format: Format,
    file: &str,
    sheet: Option<&str>,
) -> Result<Vec<TableCounts>, ReleaseError> {
    let mut counter = Counter::new(spec);
    data::read_bytes(format, data, file, sheet, &mut counter)?;
    Ok(counter.finish())
}

/// The whole release in memory, for the analyst page (wasm): parse the spec, count the data, build
/// and check mechanisms, refuse if the release would spend more than `remaining` (the caller's
/// ledger balance, in the spec's measure), then noise. Everything is validated before any noise.
pub fn release_from_bytes(
    spec_text: &str,
    data: &[u8],
    format: Format,
    remaining: f64,
    alpha: f64,
    sheet: Option<&str>,
) -> Result<Release, ReleaseError> {
    let spec = parse_spec(spec_text)?;
    let plan = Plan::new(spec)?;
    let counts = count_bytes(&plan.spec, data, format, "input", sheet)?;
    let needed = plan.total_spend().budget;
    if needed > remaining {
        return Err(ReleaseError::Budget {
            measure: plan.spec.measure.budget_name(),
            needed,
            remaining,
        });
    }
    plan.release(counts, alpha, None)
}

/// [`release_from_bytes`] for a JavaScript caller: the format from `file_name`'s extension, the
/// result as `release.json` text, and any error as the message to show the analyst.
pub fn release_json_from_bytes(
    spec_text: &str,
    data: &[u8],
    file_name: &str,
    remaining: f64,
    alpha: f64,
    sheet: Option<&str>,
) -> Result<String, String> {
    let format = Format::from_name(file_name);
    let release = release_from_bytes(spec_text, data, format, remaining, alpha, sheet).map_err(
        |e| match e {
            ReleaseError::Data(mut d) => {
                d.file = file_name.to_string();
                d.to_string()
            }
            other => other.to_string(),
        },
    )?;
    serde_json::to_string_pretty(&release).map_err(|e| e.to_string())
}

/// The CSV of one table: group columns, `flag` (flags tables), count, ci_low, ci_high.
pub fn table_csv(t: &TableRelease) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = t.group_by.clone();
    if !t.flags.is_empty() {
        header.push("flag".into());
    }
    header.extend(["count", "ci_low", "ci_high"].map(String::from));
    let _ = w.write_record(&header);
    for c in &t.cells {
        let mut row: Vec<String> = t
            .group_by
            .iter()
            .map(|g| c.key.get(g).cloned().unwrap_or_default())
            .collect();
        if !t.flags.is_empty() {
            row.push(c.key.get("flag").cloned().unwrap_or_default());
        }
        row.extend([
            c.count.to_string(),
            c.ci_low.to_string(),
            c.ci_high.to_string(),
        ]);
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}
