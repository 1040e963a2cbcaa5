//! The streaming group-by: each row becomes one compact contribution per table (a cell index, or a
//! group and a flag mask), bounded per person, and added into count vectors. Rows are never kept.
//!
//! Person-level bounding: with a unit column, each person keeps a reservoir of at most
//! `max_records_per_person` contributions; a person's `i`-th record (i > k) replaces a random slot
//! with probability k/i, drawn from OpenDP's secure uniform sampler. So the kept records are a
//! uniform random subset of the person's records, and the excess is dropped at random. Persons are
//! keyed by a 64-bit hash of their id: a collision merges two persons into one bound, which can only
//! drop more records, never let a person contribute more.

use std::collections::hash_map::{DefaultHasher, Entry};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;

use crate::csv_blocks::SplitVisitor;
use crate::data::{DataError, RowVisitor};
use crate::spec::{normalise_value, ColumnKeys, KeyMode, Spec};

/// Most flags one flags table may have (the flag mask is 32 bits).
pub const MAX_FLAGS: usize = 32;
const NONE: u64 = u64::MAX;
const EMPTY: u32 = u32::MAX;

#[derive(Clone)]
enum Matcher {
    List(KeyList),
    Range(i64, i64),
    Any,
}

/// A column's listed keys, for finding a value's position fast: most values are a few bytes, so
/// each key is kept as its length and first 8 bytes, found through a small open-addressing table
/// hashed on those, and compared without a `memcmp` call (string compares in a scan of the list
/// were a fifth of a release's time, a linear scan of words still mispredicted often).
#[derive(Clone)]
struct KeyList {
    keys: Vec<String>,
    /// (length, first 8 bytes) of each key.
    packed: Vec<(usize, u64)>,
    /// Key position + 1, or 0 for an empty slot; a power of two at least twice the keys.
    table: Vec<u32>,
    /// `64 - log2(table.len())`.
    shift: u32,
}

impl KeyList {
    fn new(keys: &[String]) -> KeyList {
        let size = (keys.len() * 2).next_power_of_two().max(16);
        let shift = 64 - size.trailing_zeros();
        let mut list = KeyList {
            keys: keys.to_vec(),
            packed: keys
                .iter()
                .map(|k| (k.len(), prefix(k.as_bytes())))
                .collect(),
            table: vec![0; size],
            shift,
        };
        for (i, (len, pre)) in list.packed.iter().enumerate() {
            // Listed keys are distinct (a repeated key keeps its first position, as a scan would).
            if list.find_packed(keys[i].as_bytes(), *len, *pre).is_some() {
                continue;
            }
            let mut slot = list.slot(*len, *pre);
            while list.table[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            list.table[slot] = i as u32 + 1;
        }
        list
    }

    #[inline]
    fn slot(&self, len: usize, pre: u64) -> usize {
        ((pre ^ (len as u64).rotate_right(8)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift)
            as usize
    }

    #[inline]
    fn find_packed(&self, b: &[u8], len: usize, pre: u64) -> Option<u64> {
        let mask = self.table.len() - 1;
        let mut slot = self.slot(len, pre);
        loop {
            let i = self.table[slot] as usize;
            if i == 0 {
                return None;
            }
            let (l, p) = self.packed[i - 1];
            if l == len && p == pre && (len <= 8 || self.keys[i - 1].as_bytes()[8..] == b[8..]) {
                return Some(i as u64 - 1);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The position of `v` in the list.
    #[inline]
    fn find(&self, v: &str) -> Option<u64> {
        let b = v.as_bytes();
        self.find_packed(b, b.len(), prefix(b))
    }
}

/// The first 8 bytes of `b` (zero-padded) as one word.
#[inline]
fn prefix(b: &[u8]) -> u64 {
    let mut w = 0u64;
    for (i, x) in b.iter().take(8).enumerate() {
        w |= u64::from(*x) << (8 * i);
    }
    w
}

/// [`normalise_value`] without its Unicode-aware trim when there is nothing to trim (the value
/// starts and ends with a visible ASCII character), which is almost always.
#[inline]
fn normalise_fast(v: &str) -> &str {
    let plain = |b: u8| b.is_ascii() && !(b == b' ' || (b'\t'..=b'\r').contains(&b));
    match v.as_bytes() {
        [] => v,
        [f, .., l] | [f @ l] if plain(*f) && plain(*l) => {
            if v == "-99" {
                ""
            } else {
                v
            }
        }
        _ => normalise_value(v),
    }
}

#[derive(Clone)]
struct ColPlan {
    name: String,
    idx: usize,
    matcher: Matcher,
    /// Where this column's match is remembered during a row (shared by the tables that group by
    /// the same column with the same keys, so each value is matched once per row).
    slot: usize,
}

/// Row memo: not matched yet.
const UNSET: u64 = u64::MAX;
/// Row memo: outside the column's keys.
const MISS: u64 = u64::MAX - 1;

#[derive(Clone)]
struct TablePlan {
    mode: KeyMode,
    cols: Vec<ColPlan>,
    radices: Vec<u64>,
    flags: Vec<(String, usize)>,
    /// Discovered keys: joined key text → id, and ids → per-column values.
    discovered: HashMap<String, u32>,
    discovered_keys: Vec<Vec<String>>,
    counts: Vec<i64>,
}

/// The true counts of one table, ready for a mechanism.
#[derive(Debug, Clone)]
pub struct TableCounts {
    /// Public keys: one count per cell in key order (groups × flags, flags fastest).
    /// Discovered keys: one count per discovered key, in [`TableCounts::discovered`] order.
    pub counts: Vec<i64>,
    /// For discover tables, the values of each discovered key, by group column.
    pub discovered: Vec<Vec<String>>,
}

/// Counts a table source against a spec: implements [`RowVisitor`].
pub struct Counter<'a> {
    spec: &'a Spec,
    file: String,
    unit_idx: Option<usize>,
    tables: Vec<TablePlan>,
    // Person bounding state.
    /// Person (hashed id) → index into `seen` and `kept`.
    persons: FxHashMap<u64, u32>,
    /// Records seen per person.
    seen: Vec<u32>,
    /// `k` slots per person: kept contribution signatures (`EMPTY` when unused).
    kept: Vec<u32>,
    sigs: FxHashMap<Box<[u64]>, u32>,
    sig_list: Vec<Box<[u64]>>,
    hasher_key: (u64, u64),
    scratch: Vec<u64>,
    /// In a copy counting one block of a file with a person unit: each record's (person hash,
    /// contribution signature, line), bounded later, in file order, when the block is merged.
    deferred: Option<Vec<(u64, u32, u64)>>,
    /// Per row: each column slot's key position ([`UNSET`], [`MISS`] or the position).
    memo: Vec<u64>,
    rows: u64,
    dropped_by_bound: u64,
}

/// Failures while counting that are not the data's fault.
#[derive(Debug, thiserror::Error)]
pub enum CountError {
    /// The data is at fault.
    #[error(transparent)]
    Data(#[from] DataError),
    /// The secure random source failed.
    #[error("secure randomness failed: {0}")]
    Random(String),
}

impl<'a> Counter<'a> {
    /// A counter for `spec`. Nothing is read yet.
    pub fn new(spec: &'a Spec) -> Self {
        // Random hash keys so the person → slot map cannot be steered by crafted ids.
        let hasher_key = (
            random_u64().unwrap_or(0x9e37_79b9_7f4a_7c15),
            random_u64().unwrap_or(0x6a09_e667_f3bc_c908),
        );
        Counter {
            spec,
            file: String::new(),
            unit_idx: None,
            tables: Vec::new(),
            persons: FxHashMap::default(),
            seen: Vec::new(),
            kept: Vec::new(),
            sigs: FxHashMap::default(),
            sig_list: Vec::new(),
            hasher_key,
            scratch: Vec::new(),
            deferred: None,
            memo: Vec::new(),
            rows: 0,
            dropped_by_bound: 0,
        }
    }

    /// Rows read (not a published figure: the custodian's own diagnostics).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Records dropped by person-level bounding (custodian diagnostics only, never published).
    pub fn dropped_by_bound(&self) -> u64 {
        self.dropped_by_bound
    }

    /// Ends the read: applies each person's kept records and returns the true counts per table.
    pub fn finish(mut self) -> Vec<TableCounts> {
        if self.unit_idx.is_some() {
            self.persons = FxHashMap::default();
            let mut weight = vec![0i64; self.sig_list.len()];
            for sig in std::mem::take(&mut self.kept) {
                if sig != EMPTY {
                    weight[sig as usize] += 1;
                }
            }
            for (contrib, w) in self.sig_list.iter().zip(weight) {
                for (t, c) in self.tables.iter_mut().zip(contrib.iter()) {
                    apply(t, *c, w);
                }
            }
        }
        self.tables
            .into_iter()
            .map(|t| TableCounts {
                counts: t.counts,
                discovered: t.discovered_keys,
            })
            .collect()
    }

    fn contribution(
        &mut self,
        t: usize,
        line: u64,
        fields: &[&str],
        label: &dyn Fn(usize) -> String,
    ) -> Result<u64, DataError> {
        let plan = &mut self.tables[t];
        let mut cell: u64 = 0;
        let mut disc_key = String::new();
        for (ci, col) in plan.cols.iter().enumerate() {
            let raw = fields[col.idx];
            let v = normalise_fast(raw);
            let mut m = self.memo[col.slot];
            if m == UNSET {
                m = match &col.matcher {
                    Matcher::List(list) => list.find(v).unwrap_or(MISS),
                    Matcher::Range(lo, hi) => {
                        if v.is_empty() {
                            MISS
                        } else {
                            let n = parse_int(v).ok_or_else(|| DataError {
                                file: self.file.clone(),
                                line,
                                column: label(col.idx),
                                message: format!("bad number {raw:?}: {} must be a whole number (blank or -99 for missing)", col.name),
                            })?;
                            if n >= *lo && n <= *hi {
                                (n - lo) as u64
                            } else {
                                MISS
                            }
                        }
                    }
                    Matcher::Any => 0,
                };
                self.memo[col.slot] = m;
            }
            let idx = (m != MISS).then_some(m);
            match idx {
                // Out of the declared keys: this record is outside this table's scope.
                None => return Ok(NONE),
                Some(i) => cell = cell * plan.radices[ci] + i,
            }
            if plan.mode == KeyMode::Discover {
                if ci > 0 {
                    disc_key.push('\u{1f}');
                }
                disc_key.push_str(v);
            }
        }
        if plan.mode == KeyMode::Discover {
            let next = plan.discovered.len() as u32;
            let id = match plan.discovered.entry(disc_key) {
                Entry::Occupied(e) => *e.get(),
                Entry::Vacant(e) => {
                    let parts = e.key().split('\u{1f}').map(str::to_string).collect();
                    e.insert(next);
                    plan.discovered_keys.push(parts);
                    plan.counts.push(0);
                    next
                }
            };
            return Ok(id as u64);
        }
        if plan.flags.is_empty() {
            return Ok(cell);
        }
        let mut mask: u64 = 0;
        for (bit, (name, idx)) in plan.flags.iter().enumerate() {
            let raw = fields[*idx];
            match parse_flag(raw) {
                Some(true) => mask |= 1 << bit,
                Some(false) => {}
                None => {
                    return Err(DataError {
                        file: self.file.clone(),
                        line,
                        column: label(*idx),
                        message: format!(
                        "bad number {raw:?}: flag {name} must be 0 or 1 (blank or -99 for missing)"
                    ),
                    })
                }
            }
        }
        Ok(cell | (mask << 32))
    }

    fn person_hash(&self, id: &str) -> u64 {
        let mut h = DefaultHasher::new();
        self.hasher_key.hash(&mut h);
        id.hash(&mut h);
        h.finish()
    }
}

fn apply(t: &mut TablePlan, c: u64, w: i64) {
    if c == NONE {
        return;
    }
    if t.flags.is_empty() || t.mode == KeyMode::Discover {
        t.counts[c as usize] += w;
    } else {
        let group = (c & 0xffff_ffff) as usize;
        let mask = c >> 32;
        let m = t.flags.len();
        for f in 0..m {
            if mask & (1 << f) != 0 {
                t.counts[group * m + f] += w;
            }
        }
    }
}

/// Parses a whole number, accepting Excel's `2019.0`.
fn parse_int(v: &str) -> Option<i64> {
    v.parse::<i64>().ok().or_else(|| {
        let f: f64 = v.parse().ok()?;
        (f.fract() == 0.0 && f.abs() < 9e15).then_some(f as i64)
    })
}

/// Parses a 0/1 flag; blank and `-99` are missing, read as "not set".
fn parse_flag(v: &str) -> Option<bool> {
    match normalise_value(v) {
        "" | "0" | "0.0" | "false" | "FALSE" | "False" => Some(false),
        "1" | "1.0" | "true" | "TRUE" | "True" => Some(true),
        _ => None,
    }
}

/// A uniformly random `u64` from OpenDP's secure source (OpenSSL natively, the browser's crypto in wasm).
pub(crate) fn random_u64() -> Result<u64, CountError> {
    let mut b = [0u8; 8];
    opendp::traits::samplers::fill_bytes(&mut b).map_err(|e| CountError::Random(e.to_string()))?;
    Ok(u64::from_le_bytes(b))
}

/// Uniform integer in `[0, upper)` from OpenDP's secure sampler.
fn uniform_below(upper: u32) -> Result<u32, DataError> {
    opendp::traits::samplers::sample_uniform_uint_below::<u32, 4>(upper).map_err(|e| DataError {
        file: String::new(),
        line: 0,
        column: "-".into(),
        message: format!("secure randomness failed: {e}"),
    })
}

impl RowVisitor for Counter<'_> {
    fn wanted(&self) -> Option<Vec<bool>> {
        let mut idx: Vec<usize> = self.unit_idx.into_iter().collect();
        for t in &self.tables {
            idx.extend(t.cols.iter().map(|c| c.idx));
            idx.extend(t.flags.iter().map(|f| f.1));
        }
        let n = idx.iter().max().map_or(0, |m| m + 1);
        let mut w = vec![false; n];
        for i in idx {
            w[i] = true;
        }
        Some(w)
    }

    fn header(&mut self, columns: &[String], file: &str) -> Result<(), DataError> {
        self.file = file.to_string();
        let find = |name: &str, what: &str| -> Result<usize, DataError> {
            columns.iter().position(|c| c == name).ok_or_else(|| {
                let near: Vec<&String> = columns
                    .iter()
                    .filter(|c| c.eq_ignore_ascii_case(name))
                    .collect();
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {:?}? names are case-sensitive)", near[0])
                };
                DataError {
                    file: file.to_string(),
                    line: 1,
                    column: name.to_string(),
                    message: format!(
                        "unknown column {name:?} named by {what}: not in the header{hint}"
                    ),
                }
            })
        };
        if let Some(u) = &self.spec.unit {
            self.unit_idx = Some(find(u, "privacy.unit")?);
        }
        // Column slots of the row memo: (column, keys or any value).
        let mut slots: Vec<(usize, bool)> = Vec::new();
        for t in &self.spec.tables {
            let what = format!("table {:?}", t.name);
            let mut cols = Vec::new();
            let mut radices = Vec::new();
            for c in &t.group_by {
                let idx = find(c, &what)?;
                let (matcher, radix) = match (t.keys, self.spec.keys.get(c)) {
                    (_, Some(ColumnKeys::List(v))) => {
                        (Matcher::List(KeyList::new(v)), v.len() as u64)
                    }
                    (_, Some(ColumnKeys::Range(lo, hi))) => {
                        (Matcher::Range(*lo, *hi), (hi - lo + 1) as u64)
                    }
                    (KeyMode::Discover, None) => (Matcher::Any, 1),
                    (KeyMode::Public, None) => unreachable_public(),
                };
                radices.push(radix);
                let any = matches!(matcher, Matcher::Any);
                let slot = match slots.iter().position(|s| *s == (idx, any)) {
                    Some(s) => s,
                    None => {
                        slots.push((idx, any));
                        slots.len() - 1
                    }
                };
                cols.push(ColPlan {
                    name: c.clone(),
                    idx,
                    matcher,
                    slot,
                });
            }
            if t.keys == KeyMode::Discover {
                // Columns with listed keys still filter; the discovered key is made of all values
                // (the cell index is unused).
                for (cp, r) in cols.iter().zip(radices.iter_mut()) {
                    if !matches!(cp.matcher, Matcher::Any) {
                        *r = 1;
                    }
                }
            }
            let mut flags = Vec::new();
            for f in &t.flags {
                flags.push((f.clone(), find(f, &what)?));
            }
            let groups: u64 = if t.keys == KeyMode::Public {
                radices.iter().product()
            } else {
                0
            };
            let cells = groups * (flags.len().max(1) as u64);
            self.tables.push(TablePlan {
                mode: t.keys,
                cols,
                radices,
                flags,
                discovered: HashMap::new(),
                discovered_keys: Vec::new(),
                counts: vec![0; cells as usize],
            });
        }
        self.memo = vec![UNSET; slots.len()];
        Ok(())
    }

    fn row(
        &mut self,
        line: u64,
        fields: &[&str],
        label: &dyn Fn(usize) -> String,
    ) -> Result<(), DataError> {
        self.rows += 1;
        self.scratch.clear();
        self.memo.fill(UNSET);
        for t in 0..self.tables.len() {
            let c = self.contribution(t, line, fields, label)?;
            self.scratch.push(c);
        }
        let Some(ui) = self.unit_idx else {
            let contrib = std::mem::take(&mut self.scratch);
            for (t, c) in self.tables.iter_mut().zip(contrib.iter()) {
                apply(t, *c, 1);
            }
            self.scratch = contrib;
            return Ok(());
        };
        let pid = normalise_value(fields[ui]);
        if pid.is_empty() {
            return Err(DataError {
                file: self.file.clone(),
                line,
                column: label(ui),
                message:
                    "the person id is blank; every record needs one when [privacy] unit is set"
                        .into(),
            });
        }
        // A record that counts nowhere still takes part in the bound, so the kept subset stays a
        // uniform sample of the person's records.
        let sig = match self.sigs.get(self.scratch.as_slice()) {
            Some(s) => *s,
            None => {
                let s = self.sig_list.len() as u32;
                let boxed: Box<[u64]> = self.scratch.clone().into_boxed_slice();
                self.sigs.insert(boxed.clone(), s);
                self.sig_list.push(boxed);
                s
            }
        };
        let h = self.person_hash(pid);
        match &mut self.deferred {
            Some(d) => {
                d.push((h, sig, line));
                Ok(())
            }
            None => self.bound(h, sig, line),
        }
    }
}

impl Counter<'_> {
    /// Person-level bounding of one record: person `h`'s reservoir meets contribution `sig`.
    fn bound(&mut self, h: u64, sig: u32, line: u64) -> Result<(), DataError> {
        let k = self.spec.max_records_per_person;
        let next = self.seen.len() as u32;
        let p = *self.persons.entry(h).or_insert(next) as usize;
        if p == self.seen.len() {
            self.seen.push(0);
            self.kept.extend(std::iter::repeat_n(EMPTY, k as usize));
        }
        self.seen[p] += 1;
        let n = self.seen[p];
        let slots = &mut self.kept[p * k as usize..(p + 1) * k as usize];
        if n <= k {
            slots[n as usize - 1] = sig;
        } else {
            self.dropped_by_bound += 1;
            let j = uniform_below(n).map_err(|mut e| {
                e.file = self.file.clone();
                e.line = line;
                e
            })?;
            if j < k {
                slots[j as usize] = sig;
            }
        }
        Ok(())
    }
}

/// Without a person unit every record counts on its own, so blocks of rows are counted apart and
/// their counts added. With a unit, the per-person reservoir must see a person's records in file
/// order (and draw from the secure sampler in that order): a block's copy only matches values and
/// keeps each record's (person, contribution), and the reservoir takes them when the block is
/// merged, in file order — the same draws, in the same order, as one counter reading the file.
impl SplitVisitor for Counter<'_> {
    fn splittable(&self) -> bool {
        true
    }

    fn fork(&self) -> Self {
        Counter {
            spec: self.spec,
            file: self.file.clone(),
            unit_idx: self.unit_idx,
            tables: self
                .tables
                .iter()
                .map(|t| TablePlan {
                    mode: t.mode,
                    cols: t.cols.clone(),
                    radices: t.radices.clone(),
                    flags: t.flags.clone(),
                    discovered: HashMap::new(),
                    discovered_keys: Vec::new(),
                    counts: if t.mode == KeyMode::Discover {
                        Vec::new()
                    } else {
                        vec![0; t.counts.len()]
                    },
                })
                .collect(),
            persons: FxHashMap::default(),
            seen: Vec::new(),
            kept: Vec::new(),
            sigs: FxHashMap::default(),
            sig_list: Vec::new(),
            hasher_key: self.hasher_key,
            scratch: Vec::new(),
            deferred: self.unit_idx.map(|_| Vec::new()),
            memo: self.memo.clone(),
            rows: 0,
            dropped_by_bound: 0,
        }
    }

    fn merge(&mut self, later: Self) -> Result<(), DataError> {
        self.rows += later.rows;
        self.dropped_by_bound += later.dropped_by_bound;
        // Per discover table: `later`'s key id → ours.
        let mut ids: Vec<Vec<u32>> = Vec::with_capacity(self.tables.len());
        for (t, l) in self.tables.iter_mut().zip(later.tables) {
            let mut map = Vec::new();
            if t.mode == KeyMode::Discover {
                // Keys new to `self` get the next ids in `later`'s order of first appearance,
                // which is the order a single counter would have met them in.
                for (parts, c) in l.discovered_keys.into_iter().zip(l.counts) {
                    let next = t.discovered.len() as u32;
                    let id = *t.discovered.entry(parts.join("\u{1f}")).or_insert(next);
                    if id == next {
                        t.discovered_keys.push(parts);
                        t.counts.push(0);
                    }
                    t.counts[id as usize] += c;
                    map.push(id);
                }
            } else {
                for (a, b) in t.counts.iter_mut().zip(l.counts) {
                    *a += b;
                }
            }
            ids.push(map);
        }
        let Some(deferred) = later.deferred else {
            return Ok(());
        };
        // `later`'s contribution signatures, in our key ids and signature numbers.
        let mut sigs = Vec::with_capacity(later.sig_list.len());
        for mut sig in later.sig_list {
            for ((c, t), map) in sig.iter_mut().zip(&self.tables).zip(&ids) {
                if t.mode == KeyMode::Discover && *c != NONE {
                    *c = u64::from(map[*c as usize]);
                }
            }
            let s = match self.sigs.get(&sig) {
                Some(s) => *s,
                None => {
                    let s = self.sig_list.len() as u32;
                    self.sigs.insert(sig.clone(), s);
                    self.sig_list.push(sig);
                    s
                }
            };
            sigs.push(s);
        }
        for (h, sig, line) in deferred {
            self.bound(h, sigs[sig as usize], line)?;
        }
        Ok(())
    }
}

fn unreachable_public() -> (Matcher, u64) {
    // parse_spec rejects public tables whose group_by columns have no keys.
    (Matcher::List(KeyList::new(&[])), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lists_find_exactly_the_listed_values() {
        let keys: Vec<String> = [
            "",
            "CO",
            "Transgender/NonConforming",
            "Transgender/Other",
            "Transgend",
            "12345678",
            "123456789",
            "é",
        ]
        .map(String::from)
        .to_vec();
        let list = KeyList::new(&keys);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(list.find(k), Some(i as u64), "{k:?}");
        }
        for v in [
            "C",
            "CO ",
            "co",
            "Transgender/NonConformin",
            "1234567",
            "123456780",
            "e",
        ] {
            assert_eq!(list.find(v), None, "{v:?}");
        }
        let long: Vec<String> = (0..40).map(|i| format!("value-{i}")).collect();
        let list = KeyList::new(&long);
        assert_eq!(list.find("value-17"), Some(17));
        assert_eq!(list.find("value-40"), None);
    }

    #[test]
    fn fast_normalising_is_normalising() {
        for v in [
            "",
            " ",
            "-99",
            " -99",
            "-99\t",
            "CO",
            " CO",
            "CO\u{a0}",
            "\u{2003}x",
            "é",
            "a b",
            "\u{b}x",
            "x\u{c}",
            "-9",
            "-990",
        ] {
            assert_eq!(normalise_fast(v), normalise_value(v), "{v:?}");
        }
    }
}
