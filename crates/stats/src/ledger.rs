//! The budget ledger: a custodian's total budget and every release that spent from it.
//!
//! One JSON object per line, append-only. Each entry carries the SHA-256 of the previous entry's
//! hash and its own content, so editing, reordering or dropping a line breaks the chain. A sidecar
//! `<ledger>.head` holds the number of entries and the last hash, so cutting entries off the end is
//! caught too (the head may lag the ledger by one entry after a crash between the two writes; that
//! is repaired, never the reverse). Every operation takes an exclusive lock on `<ledger>.lock`
//! (`fs4`), so two releases at once cannot both spend the last of the budget.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::spec::{hex, Measure};

/// Identifies the ledger layout.
pub const LEDGER_FORMAT: &str = "tamiz-stats-ledger/1";
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Ledger failures.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// File-system failure.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        message: String,
    },
    /// The ledger was altered, truncated or is not a ledger.
    #[error("{path}: refused: {message}. The ledger cannot be trusted; restore it from a backup, do not edit it")]
    Tampered {
        /// The file.
        path: String,
        /// What check failed, with the line.
        message: String,
    },
    /// The release would spend more than is left.
    #[error("refused: this release needs {measure} = {} but the ledger {path} has {} left of {total}; nothing was released and no budget was spent", crate::release::upper_bound_text(*needed), crate::release::lower_bound_text(*remaining))]
    Overspend {
        /// The ledger.
        path: String,
        /// `rho` or `epsilon`.
        measure: &'static str,
        /// What the release needs, in the ledger's measure.
        needed: f64,
        /// What is left.
        remaining: f64,
        /// The total.
        total: f64,
    },
    /// The release's measure cannot be accounted in this ledger.
    #[error("refused: {0}")]
    Measure(String),
    /// The ledger already exists (init).
    #[error(
        "{0} already exists; a ledger is never overwritten. Use a new file for a new budget period"
    )]
    Exists(String),
    /// Bad init parameter.
    #[error("{0}")]
    Parameter(String),
}

/// One ledger line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// 0 for the opening entry, then 1, 2, ….
    pub seq: u64,
    /// `init` or `spend`.
    pub kind: String,
    /// UTC time, RFC 3339.
    pub time: String,
    /// The ledger's measure (init) or the release's (spend).
    pub measure: Measure,
    /// Total budget (init) or amount spent (spend), in `measure`'s unit.
    pub amount: f64,
    /// The amount in the ledger's measure (spend; equals `amount` when measures match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charged: Option<f64>,
    /// δ spent by the release (key discovery).
    #[serde(default)]
    pub delta: f64,
    /// SHA-256 of the release spec (spend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_sha256: Option<String>,
    /// Free text: the spec and output paths (spend), the format (init).
    #[serde(default)]
    pub note: String,
    /// Hash of the previous entry.
    pub prev: String,
    /// SHA-256 over `prev` and this entry's content.
    pub hash: String,
}

impl Entry {
    fn compute_hash(&self) -> String {
        let mut e = self.clone();
        e.hash = String::new();
        let body = serde_json::to_string(&e).unwrap_or_default();
        hex(&Sha256::digest(
            format!("{}\n{}", self.prev, body).as_bytes(),
        ))
    }
}

/// A verified ledger's state.
#[derive(Debug, Clone)]
pub struct State {
    /// All entries, opening entry first.
    pub entries: Vec<Entry>,
}

impl State {
    /// The ledger's measure.
    pub fn measure(&self) -> Measure {
        self.entries[0].measure
    }
    /// Total budget.
    pub fn total(&self) -> f64 {
        self.entries[0].amount
    }
    /// Spent so far, in the ledger's measure.
    pub fn spent(&self) -> f64 {
        self.entries[1..]
            .iter()
            .map(|e| e.charged.unwrap_or(e.amount))
            .sum()
    }
    /// δ spent so far.
    pub fn delta_spent(&self) -> f64 {
        self.entries[1..].iter().map(|e| e.delta).sum()
    }
    /// Left to spend.
    pub fn remaining(&self) -> f64 {
        (self.total() - self.spent()).max(0.0)
    }

    /// The charge of a release if it fits in what is left, else [`LedgerError::Overspend`].
    pub fn fits(
        &self,
        path: &Path,
        measure: Measure,
        amount: f64,
        delta: f64,
    ) -> Result<f64, LedgerError> {
        let charged = self.charge(measure, amount, delta)?;
        let remaining = self.total() - self.spent();
        if charged > remaining {
            return Err(LedgerError::Overspend {
                path: path.display().to_string(),
                measure: self.measure().budget_name(),
                needed: charged,
                remaining: remaining.max(0.0),
                total: self.total(),
            });
        }
        Ok(charged)
    }

    /// What a release of `amount` in `measure` costs in this ledger's measure.
    /// `delta` is the release's δ: approximate pure DP, (ε, δ) with δ > 0, has no zCDP equivalent.
    pub fn charge(&self, measure: Measure, amount: f64, delta: f64) -> Result<f64, LedgerError> {
        match (self.measure(), measure) {
            (a, b) if a == b => Ok(amount),
            (Measure::ZCdp, Measure::Pure) if delta > 0.0 => Err(LedgerError::Measure(
                "this ledger counts zCDP rho; a pure-DP release with key discovery is (epsilon, delta)-DP and has no rho. Use measure = \"zcdp\" in the spec, or an epsilon ledger".into(),
            )),
            // ε-DP implies (ε²/2)-zCDP (OpenDP's make_pureDP_to_zCDP).
            (Measure::ZCdp, Measure::Pure) => Ok(amount * amount / 2.0),
            (Measure::Pure, Measure::ZCdp) => Err(LedgerError::Measure(
                "this ledger counts pure-DP epsilon; a zCDP release cannot be charged to it. Use measure = \"pure\" in the spec, or a rho ledger".into(),
            )),
            _ => Err(LedgerError::Measure("unsupported measure".into())),
        }
    }
}

fn io(path: &Path, e: impl std::fmt::Display) -> LedgerError {
    LedgerError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

fn side(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(ext);
    PathBuf::from(s)
}

/// UTC now as RFC 3339 (seconds).
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Holds the ledger's lock for as long as it lives.
pub struct Locked {
    path: PathBuf,
    _lock: File,
    /// The verified state at the time the lock was taken.
    pub state: State,
}

fn lock(path: &Path) -> Result<File, LedgerError> {
    let lp = side(path, ".lock");
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lp)
        .map_err(|e| io(&lp, e))?;
    FileExt::lock_exclusive(&f).map_err(|e| io(&lp, format!("cannot lock: {e}")))?;
    Ok(f)
}

/// Creates a new ledger with a total budget. Refuses to overwrite.
pub fn init(path: &Path, measure: Measure, total: f64) -> Result<State, LedgerError> {
    if !(total.is_finite() && total > 0.0) {
        return Err(LedgerError::Parameter(format!(
            "the total budget must be a positive number, not {total}"
        )));
    }
    let _l = lock(path)?;
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                LedgerError::Exists(path.display().to_string())
            } else {
                io(path, e)
            }
        })?;
    let mut e = Entry {
        seq: 0,
        kind: "init".into(),
        time: now_rfc3339(),
        measure,
        amount: total,
        charged: None,
        delta: 0.0,
        spec_sha256: None,
        note: LEDGER_FORMAT.into(),
        prev: GENESIS.into(),
        hash: String::new(),
    };
    e.hash = e.compute_hash();
    let line = serde_json::to_string(&e).map_err(|x| io(path, x))? + "\n";
    f.write_all(line.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|x| io(path, x))?;
    write_head(path, 1, &e.hash)?;
    Ok(State { entries: vec![e] })
}

fn write_head(path: &Path, n: usize, hash: &str) -> Result<(), LedgerError> {
    let hp = side(path, ".head");
    crate::output::write_atomic(&hp, format!("{n} {hash}\n").as_bytes()).map_err(|e| io(&hp, e))
}

/// Reads and verifies a ledger (chain and head). Does not lock: use [`open_locked`] to spend.
pub fn read(path: &Path) -> Result<State, LedgerError> {
    let tampered = |m: String| LedgerError::Tampered {
        path: path.display().to_string(),
        message: m,
    };
    let text = std::fs::read(path).map_err(|e| io(path, format!("cannot read the ledger: {e}")))?;
    let text = String::from_utf8(text).map_err(|_| tampered("not UTF-8".into()))?;
    if !text.ends_with('\n') {
        return Err(tampered("the last line is cut off (truncated file)".into()));
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut prev = GENESIS.to_string();
    for (i, line) in text.lines().enumerate() {
        let e: Entry = serde_json::from_str(line)
            .map_err(|x| tampered(format!("line {}: not a ledger entry ({x})", i + 1)))?;
        if e.seq != i as u64 || e.prev != prev || e.compute_hash() != e.hash {
            return Err(tampered(format!(
                "line {}: the hash chain is broken (entry altered, removed or reordered)",
                i + 1
            )));
        }
        if (i == 0) != (e.kind == "init") || !(e.amount.is_finite() && e.amount >= 0.0) {
            return Err(tampered(format!("line {}: unexpected entry", i + 1)));
        }
        prev = e.hash.clone();
        entries.push(e);
    }
    if entries.is_empty() {
        return Err(tampered("empty ledger".into()));
    }
    let hp = side(path, ".head");
    let head = std::fs::read_to_string(&hp)
        .map_err(|_| tampered(format!("{} is missing", hp.display())))?;
    let mut it = head.split_whitespace();
    let n: usize = it
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| tampered("unreadable head file".into()))?;
    let h = it.next().unwrap_or("");
    let ok = (n == entries.len() && h == entries[n - 1].hash)
        || (n + 1 == entries.len() && n > 0 && h == entries[n - 1].hash);
    if !ok {
        return Err(tampered(format!(
            "the head file records {n} entries but the ledger has {} (truncated or replaced)",
            entries.len()
        )));
    }
    Ok(State { entries })
}

/// Locks the ledger and verifies it. Keep the returned guard until the release is finished.
pub fn open_locked(path: &Path) -> Result<Locked, LedgerError> {
    let l = lock(path)?;
    let state = read(path)?;
    if state.entries.len() > 1 {
        // Repair a head that lags by one entry (crash between append and head write).
        let last = &state.entries[state.entries.len() - 1];
        write_head(path, state.entries.len(), &last.hash)?;
    }
    Ok(Locked {
        path: path.to_path_buf(),
        _lock: l,
        state,
    })
}

impl Locked {
    /// What a release costs in this ledger's measure; see [`State::charge`].
    pub fn charge(&self, measure: Measure, amount: f64, delta: f64) -> Result<f64, LedgerError> {
        self.state.charge(measure, amount, delta)
    }

    /// Refuses if `amount` (release measure) does not fit; else appends the spend (fsync'd) and
    /// returns the new entry. Call this before any output is made visible.
    pub fn spend(
        &mut self,
        measure: Measure,
        amount: f64,
        delta: f64,
        spec_sha256: &str,
        note: &str,
    ) -> Result<Entry, LedgerError> {
        let charged = self.state.fits(&self.path, measure, amount, delta)?;
        let last = &self.state.entries[self.state.entries.len() - 1];
        let mut e = Entry {
            seq: last.seq + 1,
            kind: "spend".into(),
            time: now_rfc3339(),
            measure,
            amount,
            charged: (measure != self.state.measure()).then_some(charged),
            delta,
            spec_sha256: Some(spec_sha256.to_string()),
            note: note.to_string(),
            prev: last.hash.clone(),
            hash: String::new(),
        };
        e.hash = e.compute_hash();
        let line = serde_json::to_string(&e).map_err(|x| io(&self.path, x))? + "\n";
        let mut f = OpenOptions::new()
            .append(true)
            .open(&self.path)
            .map_err(|x| io(&self.path, x))?;
        f.write_all(line.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|x| io(&self.path, x))?;
        self.state.entries.push(e.clone());
        write_head(&self.path, self.state.entries.len(), &e.hash)?;
        Ok(e)
    }
}
