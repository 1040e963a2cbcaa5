//! Cross-country combination: per-country releases of the same spec merged without raw records.
//!
//! Counts add (the raw noisy counts, then post-processed again), variances add, and intervals are
//! recomputed with a normal approximation (the sum of independent discrete noises). The privacy
//! statement is the sum of the budgets (basic composition: one person may appear in several
//! countries' data, e.g. CO→EC→PE routes), unless the custodians declare their populations
//! disjoint, when parallel composition gives the largest single budget.

use std::collections::BTreeMap;

use crate::mechanism::{normal_quantile, Spend};
use crate::release::{
    margins, post_note, statement_for, Combined, Release, TableRelease, RELEASE_FORMAT,
};
use crate::spec::Measure;

/// Why releases cannot be combined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CombineError {
    /// The releases do not match (spec, measure, tables, keys).
    #[error("cannot combine: {0}")]
    Mismatch(String),
    /// Fewer than two releases.
    #[error("combine needs at least two releases")]
    TooFew,
}

/// Merges releases made with the same spec. `names` label the inputs in messages.
pub fn combine(releases: &[(String, Release)], disjoint: bool) -> Result<Release, CombineError> {
    if releases.len() < 2 {
        return Err(CombineError::TooFew);
    }
    let (first_name, first) = &releases[0];
    for (name, r) in &releases[1..] {
        if r.format != RELEASE_FORMAT || first.format != RELEASE_FORMAT {
            return Err(CombineError::Mismatch(format!(
                "{name}: unknown release format {:?}",
                r.format
            )));
        }
        if r.spec_sha256 != first.spec_sha256 {
            return Err(CombineError::Mismatch(format!("{name} was made with a different spec than {first_name} (spec hashes differ); every country must use the same spec file")));
        }
        if r.privacy.measure != first.privacy.measure || r.tables.len() != first.tables.len() {
            return Err(CombineError::Mismatch(format!(
                "{name} and {first_name} differ in measure or tables"
            )));
        }
        if r.combined.is_some() || first.combined.is_some() {
            return Err(CombineError::Mismatch(format!(
                "{name}: already a combined release; combine the country releases directly"
            )));
        }
    }
    let alpha = first.alpha;
    let z = normal_quantile(1.0 - alpha / 2.0);
    let mut tables = Vec::new();
    let mut partial_keys = false;
    for (ti, t0) in first.tables.iter().enumerate() {
        let mut sums: BTreeMap<BTreeMap<String, String>, (i64, f64, usize)> = BTreeMap::new();
        let mut var_total = 0.0;
        for (name, r) in releases {
            let t = &r.tables[ti];
            if t.name != t0.name || t.group_by != t0.group_by || t.flags != t0.flags {
                return Err(CombineError::Mismatch(format!(
                    "{name}: table {} does not match {first_name}",
                    ti + 1
                )));
            }
            if t0.keys == "public" && t.cells.len() != t0.cells.len() {
                return Err(CombineError::Mismatch(format!(
                    "{name}: table {:?} has different cells",
                    t.name
                )));
            }
            var_total += t.variance;
            for c in &t.cells {
                let e = sums.entry(c.key.clone()).or_insert((0, 0.0, 0));
                e.0 += c.noisy;
                e.1 += c.variance.unwrap_or(t.variance);
                e.2 += 1;
            }
        }
        let mut cells = Vec::new();
        for (key, (noisy, var, n)) in sums {
            if n != releases.len() {
                if t0.keys == "public" {
                    return Err(CombineError::Mismatch(format!(
                        "table {:?}: a cell is missing from some releases",
                        t0.name
                    )));
                }
                partial_keys = true;
            }
            let h = (z * var.sqrt()).ceil() as i64;
            let mut c = crate::release::published(key, noisy, h, Some(var));
            if t0.keys == "public" {
                c.variance = None;
            }
            cells.push(c);
        }
        // Keep the first release's cell order for public tables.
        if t0.keys == "public" {
            let order: BTreeMap<&BTreeMap<String, String>, usize> = t0
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| (&c.key, i))
                .collect();
            cells.sort_by_key(|c| order.get(&c.key).copied().unwrap_or(usize::MAX));
        }
        let consistent = !t0.margins.is_empty();
        let m = if consistent {
            margins(&t0.group_by, !t0.flags.is_empty(), &cells, var_total, z)
        } else {
            Vec::new()
        };
        let spent = if disjoint {
            releases.iter().map(|(_, r)| r.tables[ti].spent).fold(
                Spend {
                    budget: 0.0,
                    delta: 0.0,
                },
                |a, b| Spend {
                    budget: a.budget.max(b.budget),
                    delta: a.delta.max(b.delta),
                },
            )
        } else {
            releases.iter().map(|(_, r)| r.tables[ti].spent).fold(
                Spend {
                    budget: 0.0,
                    delta: 0.0,
                },
                |a, b| Spend {
                    budget: a.budget + b.budget,
                    delta: a.delta + b.delta,
                },
            )
        };
        tables.push(TableRelease {
            name: t0.name.clone(),
            group_by: t0.group_by.clone(),
            flags: t0.flags.clone(),
            keys: t0.keys.clone(),
            mechanism: format!("sum of {} releases: {}", releases.len(), t0.mechanism),
            scale: var_total.sqrt(),
            variance: var_total,
            threshold: t0.threshold,
            sensitivity: t0.sensitivity,
            spent,
            ci_half_width: (z * var_total.sqrt()).ceil() as i64,
            cells,
            margins: m,
        });
    }
    let total = |f: &dyn Fn(&Release) -> f64| -> f64 {
        let v = releases.iter().map(|(_, r)| f(r));
        if disjoint {
            v.fold(0.0, f64::max)
        } else {
            v.sum()
        }
    };
    let budget = total(&|r| r.privacy.rho.or(r.privacy.epsilon).unwrap_or(0.0));
    let disc = total(&|r| r.tables.iter().map(|t| t.spent.delta).sum());
    let p0 = &first.privacy;
    let declared = if p0.measure == Measure::ZCdp && p0.epsilon_at_delta.is_some() {
        Some(p0.delta)
    } else {
        None
    };
    let prefix = if disjoint {
        format!("Combined over {} releases whose custodians declared their populations disjoint (parallel composition: the largest single budget holds): ", releases.len())
    } else {
        format!("Combined over {} releases (budgets add: a person may appear in several countries' data): ", releases.len())
    };
    let privacy = statement_for(
        p0.measure,
        &p0.unit,
        p0.max_records_per_person,
        declared,
        Spend {
            budget,
            delta: disc,
        },
        &prefix,
    )
    .map_err(|e| CombineError::Mismatch(e.to_string()))?;
    let mut post = post_note(first.post_processing.consistent);
    post.note.push_str(" Combined: raw noisy counts were summed, variances added, and intervals recomputed as sum ± z·sqrt(variance) (normal approximation).");
    if partial_keys {
        post.note.push_str(" Some discovered keys were released by only some countries; their sums cover only those countries and undercount.");
    }
    Ok(Release {
        format: RELEASE_FORMAT.into(),
        spec_sha256: first.spec_sha256.clone(),
        created: None,
        library_versions: crate::release::library_versions(),
        alpha,
        privacy,
        post_processing: post,
        tables,
        combined: Some(Combined {
            releases: releases.len(),
            disjoint,
        }),
    })
}
