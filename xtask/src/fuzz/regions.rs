//! Source-region coverage of a fuzz target's inputs: the plateau signal that does not wobble.
//!
//! libFuzzer's edge count ("cov") is what a run watches live, but for `xlsx` the same inputs reach
//! a different number of edges from one process to the next (4852–4859 over eight replays): the
//! paths through `hashbrown` depend on `std`'s random hash keys and those through `memchr` on heap
//! alignment, so a long run keeps "finding" edges that are only noise. Source-based coverage
//! (`-Cinstrument-coverage`; cargo-fuzz builds it, this module replays inputs through it) of the
//! same inputs covers the same set of source regions every time outside those crates
//! ([`ENVIRONMENT_DEPENDENT`]); only hit counts vary. So "the inputs a run added cover no source
//! region, outside those crates, that the inputs before it did not" is a sound reading of "the run
//! stopped finding new coverage", for every target.
//!
//! The first coverage build compiles every dependency again with the coverage flags (about 25
//! minutes at `nice 19` on the 2-core machine); later ones take seconds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::unreachable::{self, Unreachable};
use super::{coverage_dir, fuzz_cmd, release_binary, seeds_dir};
use crate::util::{self, root};

/// One code region of the source, or one outcome of a branch condition: file and start/end line
/// and column, as `llvm-cov export` reports them. A generic function's instantiations share their
/// regions, so the set counts source, not monomorphised copies. Branch outcomes matter because a
/// region only says a block ran: in session 12 a `content_files` run found no new region but two
/// new outcomes in Tamiz's own validation (a web contact starting `www.`, a date whose day is out of
/// range), which is what its new libFuzzer edges were.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Region {
    pub file: String,
    pub start: (u64, u64),
    pub end: (u64, u64),
    /// `None` for a code region; `Some(true)` or `Some(false)` for that outcome of a condition.
    pub branch: Option<bool>,
}

/// The covered regions of a target over some input directories, and how many regions its binary
/// has in all (to say "of N").
#[derive(Debug)]
pub struct Coverage {
    pub covered: BTreeSet<Region>,
    pub total: usize,
    /// Every region and branch outcome of the functions the inputs entered, closures and nested
    /// functions inside them included: what [`gaps`] compares `covered` with. A function the
    /// target never calls is no gap of its inputs (the `xlsx` target cannot reach the CSV reader),
    /// but an arm of a function it does call may be one. Each maps to the demangled names (without
    /// the hash) of the functions that hold it, which `fuzz/unreachable.toml` matches on: every
    /// instantiation of a generic function, since they share its regions, and an arm may name any
    /// one of them (`read_csv::<&[u8]>`) whatever order the export lists them in.
    pub entered: BTreeMap<Region, BTreeSet<String>>,
}

/// `llvm-cov`'s kind number for a plain code region (the others are expansions, skipped code,
/// gaps and branches, which either repeat a code region or are not code that runs).
const CODE_REGION: u64 = 0;

/// Reads `llvm-cov export` JSON: every code region and both outcomes of every branch condition of
/// every function, covered if any instantiation of it ran (or took that outcome).
pub fn parse_export(json: &str) -> Result<Coverage> {
    let doc: serde_json::Value =
        serde_json::from_str(json).context("llvm-cov export did not print JSON")?;
    let functions = doc["data"][0]["functions"]
        .as_array()
        .context("llvm-cov export JSON has no data[0].functions")?;
    let mut all = BTreeSet::new();
    let mut covered = BTreeSet::new();
    // Each function's regions, whether it ran, and its span in its own file, for `entered`.
    let mut bodies: Vec<(Vec<Region>, bool, Option<Region>, String)> =
        Vec::with_capacity(functions.len());
    for (i, function) in functions.iter().enumerate() {
        let mut body = Vec::new();
        let files = function["filenames"]
            .as_array()
            .with_context(|| format!("function {i} of the export has no filenames"))?;
        // One code region or branch outcome: its file looked up by index, counted, and covered
        // if it ran.
        let mut record = |what: &str, file: u64, span: [u64; 4], branch, count: u64| {
            let file = files
                .get(file as usize)
                .and_then(serde_json::Value::as_str)
                .with_context(|| format!("function {i}: {what} names file {file}, not listed"))?;
            let region = Region {
                file: file.to_string(),
                start: (span[0], span[1]),
                end: (span[2], span[3]),
                branch,
            };
            if count > 0 {
                covered.insert(region.clone());
            }
            body.push(region.clone());
            all.insert(region);
            anyhow::Ok(())
        };
        let regions = function["regions"]
            .as_array()
            .with_context(|| format!("function {i} of the export has no regions"))?;
        for region in regions {
            let n = |k: usize| region.get(k).and_then(serde_json::Value::as_u64);
            let (Some(l1), Some(c1), Some(l2), Some(c2), Some(count), Some(file), Some(kind)) =
                (n(0), n(1), n(2), n(3), n(4), n(5), n(7))
            else {
                bail!("function {i} of the export has a region that is not 8 numbers: {region}");
            };
            if kind != CODE_REGION {
                continue;
            }
            record("region", file, [l1, c1, l2, c2], None, count)?;
        }
        // Present when the build had `-Zcoverage-options=branch`:
        // [line, col, end line, end col, true count, false count, file, expanded file, kind].
        let branches = function["branches"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        for branch in branches {
            let n = |k: usize| branch.get(k).and_then(serde_json::Value::as_u64);
            let (Some(l1), Some(c1), Some(l2), Some(c2), Some(taken), Some(not_taken), Some(file)) =
                (n(0), n(1), n(2), n(3), n(4), n(5), n(6))
            else {
                bail!("function {i} of the export has a branch that is not 9 numbers: {branch}");
            };
            for (outcome, count) in [(true, taken), (false, not_taken)] {
                record("branch", file, [l1, c1, l2, c2], Some(outcome), count)?;
            }
        }
        let ran = function["count"].as_u64().is_some_and(|n| n > 0);
        let span = span_of(&body);
        let name = function["name"]
            .as_str()
            .map_or_else(String::new, |mangled| {
                format!("{:#}", rustc_demangle::demangle(mangled))
            });
        bodies.push((body, ran, span, name));
    }
    // A closure or nested function is a function of its own in the export: one that never ran
    // inside a function that did (an error path's `map_err(|e| …)`) is a gap of the enclosing one.
    // Spans of the functions that ran, by file (an export has tens of thousands of functions).
    let mut spans: BTreeMap<&str, Vec<&Region>> = BTreeMap::new();
    for (_, _, span, _) in bodies.iter().filter(|(_, ran, _, _)| *ran) {
        if let Some(span) = span {
            spans.entry(span.file.as_str()).or_default().push(span);
        }
    }
    let inside_one_that_ran = |span: &Option<Region>| {
        span.as_ref().is_some_and(|s| {
            spans
                .get(s.file.as_str())
                .is_some_and(|ran| ran.iter().any(|o| o.start <= s.start && s.end <= o.end))
        })
    };
    let mut entered = BTreeMap::new();
    for (body, _, _, name) in bodies
        .iter()
        .filter(|(_, ran, span, _)| *ran || inside_one_that_ran(span))
    {
        for region in body {
            entered
                .entry(region.clone())
                .or_insert_with(BTreeSet::new)
                .insert(name.clone());
        }
    }
    Ok(Coverage {
        covered,
        total: all.len(),
        entered,
    })
}

/// From a function's first region's file, the smallest span holding all its regions in that file.
fn span_of(body: &[Region]) -> Option<Region> {
    let file = &body.first()?.file;
    let in_file = body.iter().filter(|r| &r.file == file);
    Some(Region {
        file: file.clone(),
        start: in_file.clone().map(|r| r.start).min()?,
        end: in_file.map(|r| r.end).max()?,
        branch: None,
    })
}

/// The LLVM tools that read coverage profiles (`llvm-cov`, `llvm-profdata`), from the
/// `llvm-tools` rustup component, which this installs if it is missing.
struct LlvmTools {
    cov: PathBuf,
    profdata: PathBuf,
}

fn llvm_tools() -> Result<LlvmTools> {
    let sysroot = util::output(Command::new("rustc").args(["--print", "sysroot"]))
        .context("cannot run `rustc --print sysroot`")?;
    let host = util::output(Command::new("rustc").arg("-vV"))
        .and_then(|v| {
            v.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        })
        .context("cannot read the host triple from `rustc -vV`")?;
    let bin = Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(host)
        .join("bin");
    let tools = LlvmTools {
        cov: bin.join("llvm-cov"),
        profdata: bin.join("llvm-profdata"),
    };
    crate::setup::llvm_tools(&[&tools.cov, &tools.profdata])?;
    Ok(tools)
}

/// A target's coverage build and the tools to read what it records.
pub struct Replayer {
    target: String,
    binary: PathBuf,
    tools: LlvmTools,
    /// This process's own folder for the replay's profiles and logs (`replay-<pid>`), so that a
    /// `cargo xtask fuzz regions` and a `--regions` run of the same target can measure at the same
    /// time without mixing their profiles, as one shared folder did. Removed on drop; one left by
    /// a killed process is removed by the next `Replayer::new` of the target.
    scratch: PathBuf,
}

impl Drop for Replayer {
    fn drop(&mut self) {
        // Best effort: a folder that cannot be removed costs disk space, not a wrong measurement.
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// Takes `target`'s run lock (`run.lock` in its folder `out` under `fuzz/coverage/`) for a
/// `--regions` run, or says that another holds it: the run's baseline is the one
/// `corpus-before-run/` snapshot of the target, which a second run started beside it would
/// overwrite. Released when the returned file is dropped or the process dies.
pub fn lock_run(out: &Path, target: &str) -> Result<std::fs::File> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let path = out.join("run.lock");
    let file =
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another `--regions` run of `{target}` is running (it holds {}), and a second one \
             would overwrite its `corpus-before-run/` baseline: wait for it to finish, or fuzz \
             beside it without `--regions` and measure afterwards with `cargo xtask fuzz regions`",
            path.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", path.display()))
        }
    }
}

/// Removes the `replay-<pid>` folders under `out` whose process no longer runs (killed before its
/// `Drop`), so that the profiles and logs of interrupted measurements do not pile up.
/// A live process's folder is kept: `/proc/<pid>` tells which (fuzzing needs Linux anyway). Best
/// effort, like `Drop`: a folder that stays costs disk space, not a wrong measurement.
fn remove_dead_replays(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("replay-"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Replayer {
    /// Builds `target` with `-Cinstrument-coverage -Zcoverage-options=branch` through `cargo fuzz
    /// coverage` (cargo-fuzz has no build-only form of it; it also replays the seeds, which costs
    /// seconds), in a target directory of its own so the flag does not rebuild anything else.
    pub fn new(target: &str) -> Result<Self> {
        let tools = llvm_tools()?;
        let out = coverage_dir(target);
        std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
        // `cargo fuzz coverage` always writes `raw/` and `coverage.profdata` of this folder, so two
        // processes building at once would clear each other's profiles: the second waits here
        // (for seconds once the build is cached) until the first has finished. The lock goes
        // with the file handle at the end of this function, or when the process dies.
        let lock_path = out.join("build.lock");
        let lock = std::fs::File::create(&lock_path)
            .with_context(|| format!("creating {}", lock_path.display()))?;
        lock.lock()
            .with_context(|| format!("locking {}", lock_path.display()))?;
        remove_dead_replays(&out);
        // cargo-fuzz merges every `raw/batch-N.profraw` it finds, stale ones included.
        let raw = out.join("raw");
        if raw.exists() {
            std::fs::remove_dir_all(&raw).with_context(|| format!("clearing {}", raw.display()))?;
        }
        let seeds = seeds_dir(target);
        let target_dir = root().join("target/fuzz-coverage");
        util::run(
            fuzz_cmd()
                // cargo-fuzz appends its own flags to these.
                .env("RUSTFLAGS", "-Zcoverage-options=branch")
                .args(["fuzz", "coverage", "-s", "none", "--target-dir"])
                .arg(&target_dir)
                .arg(target)
                .arg(&seeds),
        )
        .with_context(|| {
            format!(
                "building `{target}` for source coverage and replaying its seeds failed (see above)"
            )
        })?;
        Ok(Replayer {
            target: target.to_string(),
            binary: target_dir
                .join("x86_64-unknown-linux-gnu/release")
                .join(target),
            tools,
            scratch: out.join(format!("replay-{}", std::process::id())),
        })
    }

    /// The regions `files` cover, replayed through the coverage build (in chunks, one process per
    /// core at a time) and read with `llvm-cov export`; with `sources`, only regions in those
    /// source files (much faster to export, for the top-up search).
    pub fn covered(&self, files: &[PathBuf], sources: &[String]) -> Result<Coverage> {
        if files.is_empty() {
            return Ok(Coverage {
                covered: BTreeSet::new(),
                total: 0,
                entered: BTreeMap::new(),
            });
        }
        if self.scratch.exists() {
            std::fs::remove_dir_all(&self.scratch)
                .with_context(|| format!("clearing {}", self.scratch.display()))?;
        }
        std::fs::create_dir_all(&self.scratch)
            .with_context(|| format!("creating {}", self.scratch.display()))?;
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let chunk = files.len().div_ceil(cores).clamp(1, 2000);
        let mut running: Vec<(usize, std::process::Child)> = Vec::new();
        let wait = |(i, mut child): (usize, std::process::Child)| -> Result<()> {
            let status = child.wait().context("waiting for the coverage replay")?;
            if !status.success() {
                let log = std::fs::read_to_string(self.scratch.join(format!("chunk-{i}.log")))
                    .unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(15).collect();
                bail!(
                    "replaying inputs through `{}`'s coverage build failed ({status}); an input \
                     that crashes it is a finding: reproduce it with {} <file>. Its last \
                     output:\n{}",
                    self.target,
                    release_binary(&self.target).display(),
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
            Ok(())
        };
        for (i, part) in files.chunks(chunk).enumerate() {
            if running.len() == cores {
                wait(running.remove(0))?;
            }
            let log = std::fs::File::create(self.scratch.join(format!("chunk-{i}.log")))
                .context("creating a replay log")?;
            let child = Command::new(&self.binary)
                .env(
                    "LLVM_PROFILE_FILE",
                    self.scratch.join(format!("chunk-{i}.profraw")),
                )
                .args(part)
                .stdout(std::process::Stdio::null())
                .stderr(log)
                .spawn()
                .with_context(|| format!("cannot start {}", self.binary.display()))?;
            running.push((i, child));
        }
        for child in running {
            wait(child)?;
        }
        let profile = self.scratch.join("merged.profdata");
        let chunks = files.len().div_ceil(chunk);
        let merged = Command::new(&self.tools.profdata)
            .args(["merge", "-sparse"])
            .args((0..chunks).map(|i| self.scratch.join(format!("chunk-{i}.profraw"))))
            .arg("-o")
            .arg(&profile)
            .output()
            .context("cannot run llvm-profdata")?;
        if !merged.status.success() {
            bail!(
                "`llvm-profdata merge` failed: {}",
                String::from_utf8_lossy(&merged.stderr).trim()
            );
        }
        let output = Command::new(&self.tools.cov)
            .arg("export")
            .arg(format!("-instr-profile={}", profile.display()))
            .arg(&self.binary)
            .args(sources)
            .output()
            .with_context(|| format!("cannot run {}", self.tools.cov.display()))?;
        if !output.status.success() {
            bail!(
                "`llvm-cov export` of {} failed: {}",
                self.binary.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        parse_export(&String::from_utf8_lossy(&output.stdout))
    }

    /// The regions every input file in `dirs` covers together.
    pub fn measure(&self, dirs: &[PathBuf]) -> Result<Coverage> {
        self.covered(&inputs(dirs)?, &[])
    }

    /// A few inputs out of `files` that together cover every region of `wanted` that `files`
    /// cover: group testing, halving the files and replaying each half only while it still
    /// covers some wanted region, so k regions cost about 2·k·log₂(n) replays of shrinking halves
    /// instead of n replays of one input each.
    pub fn inputs_covering(
        &self,
        files: &[PathBuf],
        wanted: &BTreeSet<Region>,
    ) -> Result<(Vec<PathBuf>, BTreeSet<Region>)> {
        if files.is_empty() || wanted.is_empty() {
            return Ok((Vec::new(), BTreeSet::new()));
        }
        let sources: Vec<String> = wanted
            .iter()
            .map(|r| r.file.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let here: BTreeSet<Region> = self
            .covered(files, &sources)?
            .covered
            .intersection(wanted)
            .cloned()
            .collect();
        if here.is_empty() {
            return Ok((Vec::new(), here));
        }
        if files.len() == 1 {
            return Ok((files.to_vec(), here));
        }
        let (left, right) = files.split_at(files.len() / 2);
        let (mut found, mut got) = self.inputs_covering(left, &here)?;
        let rest: BTreeSet<Region> = here.difference(&got).cloned().collect();
        let (more, more_got) = self.inputs_covering(right, &rest)?;
        found.extend(more);
        got.extend(more_got);
        Ok((found, got))
    }
}

/// The input files in `dirs` (not recursing; libFuzzer's corpora are flat), sorted.
pub fn inputs(dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Where a region's file comes from, for the per-crate count: a registry crate with its version,
/// `std`'s library, or a path in this repository.
fn origin(file: &str) -> String {
    if let Some((_, rest)) = file.split_once("/registry/src/") {
        // `index.crates.io-<hash>/<crate>-<version>/src/…`
        return rest.split('/').nth(1).unwrap_or(rest).to_string();
    }
    if let Some((_, rest)) = file.split_once("/library/") {
        return format!("rust library {}", rest.split('/').next().unwrap_or(rest));
    }
    let root = root();
    let root = root.to_string_lossy();
    let local = file
        .strip_prefix(root.as_ref())
        .map(|p| p.trim_start_matches('/'))
        .unwrap_or(file);
    local.split('/').take(2).collect::<Vec<_>>().join("/")
}

/// A source file's path with the registry or checkout prefix cut, so a line stays readable.
fn short_file(file: &str) -> String {
    let file = file
        .split_once("/registry/src/")
        .and_then(|(_, rest)| rest.split_once('/').map(|(_, r)| r))
        .unwrap_or(file);
    let root = root();
    file.strip_prefix(root.to_string_lossy().as_ref())
        .map(|p| p.trim_start_matches('/'))
        .unwrap_or(file)
        .to_string()
}

#[cfg(test)]
fn short(region: &Region) -> String {
    format!(
        "{}:{}:{}",
        short_file(&region.file),
        region.start.0,
        region.start.1
    )
}

/// Crates whose covered regions depend on more than the input, so a region of theirs can come and
/// go between replays of the same inputs: `hashbrown` (and `indexmap` and `equivalent` over it)
/// probe along paths set by `std`'s random per-process hash keys, and `memchr`'s vector loops
/// branch on where the heap put the haystack. Measured: session 11 found the hit counts of these
/// crates' functions, and only theirs, varying over five replays of the `xlsx` seeds; in session 12
/// the same `host_config` seeds covered 2795 regions or 2774 depending on nothing but the length of
/// the profile file's name (`0.profraw` or `chunk-0.profraw`, which moves later heap allocations),
/// all 26 differences in `memchr`'s vector loop, and one replay in fourteen through cargo-fuzz,
/// under the same names, missed five `memchr` regions the others covered. Their new regions are
/// reported but do not count against a plateau.
const ENVIRONMENT_DEPENDENT: &[&str] = &["hashbrown", "indexmap", "equivalent", "memchr"];

/// Whether a region's crate is one of [`ENVIRONMENT_DEPENDENT`] (its origin is `name-version`).
pub fn environment_dependent(region: &Region) -> bool {
    let origin = origin(&region.file);
    ENVIRONMENT_DEPENDENT.iter().any(|name| {
        origin
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// What `after` covers that `baseline` does not, and the other way round, in words for the
/// terminal and fuzz/README.md: totals, new regions by origin, and the first few new regions.
pub fn compare(target: &str, baseline: &Coverage, after: &Coverage) -> String {
    let new: Vec<&Region> = after.covered.difference(&baseline.covered).collect();
    let lost: Vec<&Region> = baseline.covered.difference(&after.covered).collect();
    let mut text = format!(
        "{target}: regions and branch outcomes covered (of {}): baseline {}, now {}: {} new, {} lost\n",
        after.total,
        baseline.covered.len(),
        after.covered.len(),
        new.len(),
        lost.len()
    );
    let by_origin = |regions: &[&Region]| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for r in regions {
            *counts.entry(origin(&r.file)).or_default() += 1;
        }
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
            .iter()
            .map(|(o, n)| format!("{o} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !new.is_empty() {
        text += &format!("  new, by origin: {}\n", by_origin(&new));
        // By file, most first, with the lines they span: enough to open the code and see what the
        // new inputs reach (a parser's error path, a compression mode) without a wall of regions.
        let mut by_file: BTreeMap<String, (usize, u64, u64)> = BTreeMap::new();
        for r in &new {
            let e = by_file
                .entry(short_file(&r.file))
                .or_insert((0, u64::MAX, 0));
            *e = (e.0 + 1, e.1.min(r.start.0), e.2.max(r.end.0));
        }
        let mut by_file: Vec<_> = by_file.into_iter().collect();
        by_file.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        for (file, (n, first, last)) in by_file.iter().take(12) {
            text += &format!("    {file}: {n} (lines {first}–{last})\n");
        }
        if by_file.len() > 12 {
            text += &format!("    … and {} more files\n", by_file.len() - 12);
        }
    }
    let real = new.iter().filter(|r| !environment_dependent(r)).count();
    text += &if real == 0 {
        format!(
            "  verdict: nothing new outside {}: source coverage has stopped growing\n",
            ENVIRONMENT_DEPENDENT.join(", ")
        )
    } else {
        format!(
            "  verdict: {real} new outside {}: source coverage is still growing\n",
            ENVIRONMENT_DEPENDENT.join(", ")
        )
    };
    if !lost.is_empty() {
        text += &format!(
            "  lost, by origin: {} (the inputs after the run miss these: libFuzzer deletes an \
             input it has replaced by a smaller one with the same edges, and edges of optimised \
             code are coarser than source regions)\n",
            by_origin(&lost)
        );
    }
    text
}

/// The regions and branch outcomes of Tamiz's own code (`crates/`) inside functions the inputs
/// entered but that no input ran, split into those `fuzz/unreachable.toml` explains (counted by
/// explanation) and those it does not (by file and function, with each first line's source text),
/// and the explanations for `target` that matched nothing. The plateau rule cannot see these: a run
/// that finds nothing new says the fuzzer is stuck, not that the code it reaches is covered. In
/// session 22 this showed that no `xlsx` input had ever made `read_xlsx` convert a shared string, a
/// boolean or an Excel error cell.
pub fn gaps(target: &str, coverage: &Coverage, unreachable: &Unreachable) -> String {
    let mut sources: BTreeMap<String, Vec<String>> = BTreeMap::new();
    gaps_with(target, coverage, unreachable, |file, line| {
        let lines = sources.entry(file.to_string()).or_insert_with(|| {
            std::fs::read_to_string(root().join(file))
                .map(|text| text.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        lines
            .get(line.saturating_sub(1) as usize)
            .cloned()
            .unwrap_or_default()
    })
}

/// [`gaps`], with the source lines from `source_line(file, line)`.
fn gaps_with(
    target: &str,
    coverage: &Coverage,
    unreachable: &Unreachable,
    mut source_line: impl FnMut(&str, u64) -> String,
) -> String {
    let own = root().join("crates");
    let own = own.to_string_lossy();
    let mut explained = vec![0usize; unreachable.arms.len()];
    let mut open: BTreeMap<(String, String), Vec<(&Region, String)>> = BTreeMap::new();
    for (region, functions) in &coverage.entered {
        if coverage.covered.contains(region) || !region.file.starts_with(own.as_ref()) {
            continue;
        }
        let file = short_file(&region.file);
        let text = source_line(&file, region.start.0);
        let mut source = |n: u64| source_line(&file, n);
        match unreachable.explain(target, &file, functions, region.start.0, &mut source) {
            Some(arm) => explained[arm] += 1,
            // Listed under the first of its names, in sorted order, so the report is the same
            // whatever order the export lists instantiations in.
            None => open
                .entry((file, functions.first().cloned().unwrap_or_default()))
                .or_default()
                .push((region, text)),
        }
    }
    let n_explained: usize = explained.iter().sum();
    let n_open: usize = open.values().map(Vec::len).sum();
    let mut text = format!(
        "{target}: {} regions and branch outcomes of Tamiz's code that the inputs enter but never \
         run: {n_explained} explained in fuzz/unreachable.toml, {n_open} not\n",
        n_explained + n_open
    );
    if n_open > 0 {
        text += "  not explained (reach them with a seed, or say in fuzz/unreachable.toml why the \
                 target cannot):\n";
    }
    for ((file, function), regions) in &open {
        let mut lines: Vec<(u64, u64)> =
            regions.iter().map(|(r, _)| (r.start.0, r.end.0)).collect();
        lines.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::new();
        for (first, last) in lines {
            match merged.last_mut() {
                Some(prev) if first <= prev.1 + 1 => prev.1 = prev.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        let ranges: Vec<String> = merged
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect();
        text += &format!(
            "    {file} `{function}`: {} (lines {})\n",
            regions.len(),
            ranges.join(", ")
        );
        let mut first_lines: BTreeMap<u64, &str> = BTreeMap::new();
        for (region, line) in regions {
            first_lines.insert(region.start.0, line.trim());
        }
        const SHOWN: usize = 6;
        for (line, source) in first_lines.iter().take(SHOWN) {
            let source: String = source.chars().take(100).collect();
            text += &format!("      {line}: {source}\n");
        }
        if first_lines.len() > SHOWN {
            text += &format!("      … and {} more lines\n", first_lines.len() - SHOWN);
        }
    }
    let mut stale = Vec::new();
    for (i, arm) in unreachable.arms.iter().enumerate() {
        if !arm.targets.iter().any(|t| t == target) {
            continue;
        }
        let lines = match (&arm.line, &arm.through) {
            (Some(l), Some(t)) => format!("lines from `{l}` through `{t}`"),
            (Some(l), None) => format!("line with `{l}`"),
            (None, _) => String::new(),
        };
        let what = match (&arm.function, lines.is_empty()) {
            (Some(f), false) => format!("{} `{f}`, {lines}", arm.file),
            (Some(f), true) => format!("{} `{f}`", arm.file),
            (None, false) => format!("{}, {lines}", arm.file),
            (None, true) => arm.file.clone(),
        };
        if explained[i] == 0 {
            stale.push(what);
        } else {
            if explained[..i].iter().all(|&n| n == 0) {
                text += "  explained:\n";
            }
            text += &format!("    {}: {what}: {}\n", explained[i], arm.reason.trim());
        }
    }
    if !stale.is_empty() {
        text += &format!(
            "  in fuzz/unreachable.toml for {target} but matching no gap of these inputs (the \
             inputs now reach it, or the code moved; remove or correct it): {}\n",
            stale.join("; ")
        );
    }
    text += &if n_open == 0 {
        format!("  verdict: every gap of {target} is explained\n")
    } else {
        format!(
            "  verdict: {n_open} gaps of {target} not explained: by the stop rule, {target} has \
             not stopped\n"
        )
    };
    text
}

/// Hard-links every file of `corpus` into `snapshot` (emptied first), so the regions the corpus
/// covered before a run can be measured after it, although libFuzzer adds and deletes files.
pub fn snapshot(corpus: &Path, snapshot: &Path) -> Result<()> {
    if snapshot.exists() {
        std::fs::remove_dir_all(snapshot)
            .with_context(|| format!("clearing {}", snapshot.display()))?;
    }
    std::fs::create_dir_all(snapshot)
        .with_context(|| format!("creating {}", snapshot.display()))?;
    for entry in
        std::fs::read_dir(corpus).with_context(|| format!("reading {}", corpus.display()))?
    {
        let path = entry?.path();
        if path.is_file() {
            let dest = snapshot.join(path.file_name().context("a corpus file without a name")?);
            std::fs::hard_link(&path, &dest)
                .or_else(|_| std::fs::copy(&path, &dest).map(|_| ()))
                .with_context(|| format!("linking {} into the snapshot", path.display()))?;
        }
    }
    Ok(())
}

/// `cargo xtask fuzz gaps TARGET [DIR…]`: the arms of Tamiz's own functions that the inputs in the
/// DIRs (by default the target's seeds) enter but never run; see [`gaps`].
pub fn run_gaps(args: &[String]) -> Result<()> {
    let usage = "usage: cargo xtask fuzz gaps TARGET [DIR…]";
    let (target, dirs) = args.split_first().context(usage)?;
    let target = known_target(target, usage)?;
    let dirs = if dirs.is_empty() {
        vec![seeds_dir(target)]
    } else {
        directories(dirs, usage)?
    };
    crate::setup::cargo_fuzz()?;
    let unreachable = Unreachable::load(&unreachable::default_path())?;
    let coverage = Replayer::new(target)?.measure(&dirs)?;
    print!("{}", gaps(target, &coverage, &unreachable));
    Ok(())
}

/// `target` if it is one of [`super::TARGETS`], else an error listing them.
fn known_target<'a>(target: &'a str, usage: &str) -> Result<&'a str> {
    if !super::TARGETS.contains(&target) {
        bail!(
            "unknown fuzz target `{target}`; targets: {}\n{usage}",
            super::TARGETS.join(", ")
        );
    }
    Ok(target)
}

/// The DIRs of a command line as paths, each checked to be a directory.
fn directories(dirs: &[String], usage: &str) -> Result<Vec<PathBuf>> {
    if dirs.is_empty() {
        bail!("no input directory given\n{usage}");
    }
    dirs.iter()
        .map(|d| {
            let p = PathBuf::from(d);
            if p.is_dir() {
                Ok(p)
            } else {
                bail!("`{d}` is not a directory of inputs\n{usage}")
            }
        })
        .collect()
}

/// `cargo xtask fuzz regions TARGET DIR… [--baseline DIR…] [--inputs]`: the regions the inputs in
/// the DIRs cover, and with a baseline, what they cover beyond it; with `--inputs`, also a few of
/// the inputs that reach those new regions (outside the environment-dependent crates), to read
/// what a run found.
pub fn run(args: &[String]) -> Result<()> {
    let usage = "usage: cargo xtask fuzz regions TARGET DIR… [--baseline DIR…] [--inputs]";
    let (target, rest) = args.split_first().context(usage)?;
    let target = known_target(target, usage)?;
    let list_inputs = rest.iter().any(|a| a == "--inputs");
    let rest: Vec<String> = rest.iter().filter(|a| *a != "--inputs").cloned().collect();
    let (dirs, baseline) = match rest.iter().position(|a| a == "--baseline") {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (&rest[..], None),
    };
    let paths = |dirs: &[String]| directories(dirs, usage);
    let dirs = paths(dirs)?;
    let baseline = baseline.map(paths).transpose()?;
    if list_inputs && baseline.is_none() {
        bail!("--inputs lists the inputs behind new regions, so it needs --baseline\n{usage}");
    }
    crate::setup::cargo_fuzz()?;
    let replayer = Replayer::new(target)?;
    let after = replayer.measure(&dirs)?;
    let Some(baseline) = baseline else {
        println!(
            "{target}: {} of {} regions and branch outcomes covered",
            after.covered.len(),
            after.total
        );
        return Ok(());
    };
    let before = replayer.measure(&baseline)?;
    print!("{}", compare(target, &before, &after));
    if list_inputs {
        let wanted: BTreeSet<Region> = after
            .covered
            .difference(&before.covered)
            .filter(|r| !environment_dependent(r))
            .cloned()
            .collect();
        let (found, got) = replayer.inputs_covering(&inputs(&dirs)?, &wanted)?;
        println!(
            "  inputs reaching the {} new ones (outside {}):",
            got.len(),
            ENVIRONMENT_DEPENDENT.join(", ")
        );
        for input in found {
            println!("    {}", input.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two functions over two files, one of them generic with two instantiations that share a
    /// region: covered if either instantiation ran, counted once.
    fn export() -> String {
        EXPORT.replace("ROOT", &root().to_string_lossy())
    }

    const EXPORT: &str = r#"{"type":"llvm.coverage.json.export","version":"3.1.0","data":[{"functions":[
      {"name":"a","filenames":["ROOT/crates/stats/src/data.rs"],"regions":[
        [10,1,12,2,5,0,0,0],[11,5,11,9,0,0,0,0],[13,1,13,4,0,0,0,3]]},
      {"name":"g<u8>","filenames":["/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/zip-2.4.2/src/read.rs"],"regions":[
        [100,1,101,1,0,0,0,0]]},
      {"name":"g<u16>","filenames":["/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/zip-2.4.2/src/read.rs"],"regions":[
        [100,1,101,1,7,0,0,0]]}]}]}"#;

    #[test]
    fn export_counts_code_regions_once_and_covered_if_any_instantiation_ran() {
        let coverage = parse_export(&export()).unwrap();
        assert_eq!(coverage.total, 3, "the gap region is not code");
        let mut covered: Vec<_> = coverage.covered.iter().map(short).collect();
        covered.sort();
        assert_eq!(
            covered,
            [
                "crates/stats/src/data.rs:10:1",
                "zip-2.4.2/src/read.rs:100:1"
            ]
        );
    }

    /// Gaps are the uncovered arms of Tamiz functions that ran, with a never-called closure inside
    /// one counted as its arm; a Tamiz function that never ran, and any registry code, is not a gap.
    #[test]
    fn gaps_are_uncovered_arms_of_own_functions_that_ran() {
        let json = r#"{"data":[{"functions":[
          {"name":"read","count":3,"filenames":["ROOT/crates/stats/src/data.rs"],
           "regions":[[10,1,40,2,3,0,0,0],[12,5,14,6,0,0,0,0],[20,5,20,9,0,0,0,0],[21,1,22,1,0,0,0,0]],
           "branches":[[30,8,30,20,3,0,0,0,4]]},
          {"name":"read::{closure}","count":0,"filenames":["ROOT/crates/stats/src/data.rs"],
           "regions":[[35,10,35,30,0,0,0,0]]},
          {"name":"never","count":0,"filenames":["ROOT/crates/stats/src/data.rs"],
           "regions":[[50,1,60,2,0,0,0,0]]},
          {"name":"dep","count":1,"filenames":["/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/zip-2.4.2/src/read.rs"],
           "regions":[[1,1,9,1,1,0,0,0],[2,1,3,1,0,0,0,0]]}]}]}"#
            .replace("ROOT", &root().to_string_lossy());
        let coverage = parse_export(&json).unwrap();
        let source = |_: &str, line: u64| format!("source of line {line}");
        let text = gaps_with("xlsx", &coverage, &Unreachable::default(), source);
        assert_eq!(
            text,
            "xlsx: 5 regions and branch outcomes of Tamiz's code that the inputs enter but never \
             run: 0 explained in fuzz/unreachable.toml, 5 not\n  \
             not explained (reach them with a seed, or say in fuzz/unreachable.toml why the target \
             cannot):\n    \
             crates/stats/src/data.rs `read`: 4 (lines 12–14, 20–22, 30)\n      \
             12: source of line 12\n      20: source of line 20\n      21: source of line 21\n      \
             30: source of line 30\n    \
             crates/stats/src/data.rs `read::{closure}`: 1 (lines 35)\n      \
             35: source of line 35\n  \
             verdict: 5 gaps of xlsx not explained: by the stop rule, xlsx has not stopped\n",
        );
        // An explanation of the closure and one of line 20 leave three; one that matches
        // nothing is named as stale.
        let unreachable = Unreachable::parse(
            r#"
            [[arm]]
            targets = ["xlsx"]
            file = "crates/stats/src/data.rs"
            function = "read::{closure}"
            reason = "the closure maps an error the target cannot cause"
            [[arm]]
            targets = ["xlsx", "csv_rows"]
            file = "crates/stats/src/data.rs"
            line = "line 20"
            reason = "two"
            [[arm]]
            targets = ["xlsx"]
            file = "crates/stats/src/count.rs"
            line = "gone"
            reason = "three"
            "#,
            "u.toml",
        )
        .unwrap();
        let text = gaps_with("xlsx", &coverage, &unreachable, source);
        assert!(
            text.starts_with(
                "xlsx: 5 regions and branch outcomes of Tamiz's code that the inputs enter but \
                 never run: 2 explained in fuzz/unreachable.toml, 3 not\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("`read`: 3 (lines 12–14, 21–22, 30)"),
            "{text}"
        );
        assert!(!text.contains("`read::{closure}`: 1"), "{text}");
        assert!(
            text.contains(
                "  explained:\n    1: crates/stats/src/data.rs `read::{closure}`: the closure maps \
                 an error the target cannot cause\n    1: crates/stats/src/data.rs, line with \
                 `line 20`: two\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("matching no gap of these inputs")
                && text.contains("count.rs, line with `gone`"),
            "{text}"
        );
        let none = parse_export(r#"{"data":[{"functions":[]}]}"#).unwrap();
        assert_eq!(
            gaps_with("xlsx", &none, &Unreachable::default(), source),
            "xlsx: 0 regions and branch outcomes of Tamiz's code that the inputs enter but never \
             run: 0 explained in fuzz/unreachable.toml, 0 not\n  verdict: every gap of xlsx is \
             explained\n"
        );
    }

    /// A branch condition is two outcomes: one taken, one not, gives one covered of two.
    #[test]
    fn export_counts_each_branch_outcome() {
        let json = r#"{"data":[{"functions":[{"filenames":["f.rs"],
          "regions":[[1,1,3,1,4,0,0,0]],
          "branches":[[2,8,2,20,4,0,0,0,4]]}]}]}"#;
        let coverage = parse_export(json).unwrap();
        assert_eq!(coverage.total, 3);
        let outcomes: Vec<_> = coverage.covered.iter().map(|r| r.branch).collect();
        assert_eq!(outcomes, [None, Some(true)]);
        let short_branch = r#"{"data":[{"functions":[{"filenames":["f"],"regions":[],
          "branches":[[2,8,2,20,4]]}]}]}"#;
        let err = parse_export(short_branch).unwrap_err().to_string();
        assert!(err.contains("not 9 numbers"), "{err}");
    }

    /// A region that two instantiations of a generic Tamiz function share keeps both names, so an
    /// arm naming the instantiation the export lists second still explains it.
    #[test]
    fn a_shared_region_keeps_every_instantiations_name() {
        let json = r#"{"data":[{"functions":[
          {"name":"tamiz_stats::data::read::<a>","count":1,"filenames":["ROOT/crates/stats/src/data.rs"],
           "regions":[[10,1,20,2,1,0,0,0],[12,5,14,6,0,0,0,0]]},
          {"name":"tamiz_stats::data::read::<b>","count":2,"filenames":["ROOT/crates/stats/src/data.rs"],
           "regions":[[10,1,20,2,2,0,0,0],[12,5,14,6,0,0,0,0]]}]}]}"#
            .replace("ROOT", &root().to_string_lossy());
        let coverage = parse_export(&json).unwrap();
        let gap = coverage
            .entered
            .iter()
            .find(|(r, _)| r.start == (12, 5))
            .map(|(_, names)| names.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            gap,
            Some(vec![
                "tamiz_stats::data::read::<a>",
                "tamiz_stats::data::read::<b>"
            ])
        );
        let unreachable = Unreachable::parse(
            r#"
            [[arm]]
            targets = ["xlsx"]
            file = "crates/stats/src/data.rs"
            function = "read::<b>"
            reason = "b"
            "#,
            "u.toml",
        )
        .unwrap();
        let text = gaps_with("xlsx", &coverage, &unreachable, |_, _| String::new());
        assert!(
            text.starts_with(
                "xlsx: 1 regions and branch outcomes of Tamiz's code that the inputs enter but \
                 never run: 1 explained in fuzz/unreachable.toml, 0 not\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn comparison_names_new_and_lost_regions_by_origin() {
        let after = parse_export(&export()).unwrap();
        let mut before = parse_export(&export()).unwrap();
        let zip = before
            .covered
            .iter()
            .find(|r| r.file.contains("zip"))
            .cloned()
            .unwrap();
        before.covered.remove(&zip);
        before.covered.insert(Region {
            file: format!("{}/crates/stats/src/data.rs", root().display()),
            start: (11, 5),
            end: (11, 9),
            branch: None,
        });
        let text = compare("xlsx", &before, &after);
        assert!(
            text.starts_with(
                "xlsx: regions and branch outcomes covered (of 3): baseline 2, now 2: 1 new, 1 lost\n"
            ),
            "{text}"
        );
        assert!(text.contains("new, by origin: zip-2.4.2 1\n"), "{text}");
        assert!(
            text.contains("    zip-2.4.2/src/read.rs: 1 (lines 100–101)\n"),
            "{text}"
        );
        assert!(text.contains("lost, by origin: crates/stats 1"), "{text}");
        assert!(
            text.contains("verdict: 1 new outside hashbrown, indexmap, equivalent, memchr"),
            "{text}"
        );
    }

    /// A region of `memchr` (whose vector loops branch on heap alignment) or `hashbrown` (on hash
    /// keys) is listed but does not make a run "still growing"; a crate merely named like one does.
    #[test]
    fn regions_of_environment_dependent_crates_do_not_count_against_a_plateau() {
        let registry = "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f";
        let region = |krate: &str| Region {
            file: format!("{registry}/{krate}/src/lib.rs"),
            start: (1, 1),
            end: (2, 1),
            branch: None,
        };
        let baseline = Coverage {
            covered: BTreeSet::new(),
            total: 3,
            entered: BTreeMap::new(),
        };
        let after = Coverage {
            covered: [region("memchr-2.8.3"), region("hashbrown-0.17.2")].into(),
            total: 3,
            entered: BTreeMap::new(),
        };
        let text = compare("host_config", &baseline, &after);
        assert!(text.contains("2 new, 0 lost"), "{text}");
        assert!(
            text.contains("source coverage has stopped growing"),
            "{text}"
        );
        let mut after = after;
        after.covered.insert(region("memchr-extra-1.0.0"));
        let text = compare("host_config", &baseline, &after);
        assert!(text.contains("verdict: 1 new outside"), "{text}");
    }

    #[test]
    fn malformed_export_is_an_error_not_a_panic() {
        assert!(parse_export("not json").is_err());
        assert!(parse_export(r#"{"data":[{}]}"#).is_err());
        let short_region = r#"{"data":[{"functions":[{"filenames":["f"],"regions":[[1,2,3]]}]}]}"#;
        let err = parse_export(short_region).unwrap_err().to_string();
        assert!(err.contains("not 8 numbers"), "{err}");
        let bad_file =
            r#"{"data":[{"functions":[{"filenames":[],"regions":[[1,1,1,2,1,0,0,0]]}]}]}"#;
        let err = parse_export(bad_file).unwrap_err().to_string();
        assert!(err.contains("names file 0"), "{err}");
    }

    /// A killed measurement's folder goes; a live process's folder and anything not named
    /// `replay-<pid>` stay.
    #[test]
    fn dead_replay_folders_are_removed_and_live_ones_kept() {
        let out = std::env::temp_dir().join(format!("xtask-replays-{}", std::process::id()));
        let live = out.join(format!("replay-{}", std::process::id()));
        // Above Linux's largest pid (2^22), so never a running process.
        let dead = out.join(format!("replay-{}", u32::MAX));
        let other = out.join("replay-notes");
        for dir in [&live, &dead, &other] {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join("batch-0.profraw"), b"x").unwrap();
        }
        remove_dead_replays(&out);
        let (live_kept, dead_kept, other_kept) = (live.exists(), dead.exists(), other.exists());
        std::fs::remove_dir_all(&out).unwrap();
        assert!(
            live_kept && other_kept,
            "live {live_kept}, other {other_kept}"
        );
        assert!(!dead_kept, "the dead process's folder stayed");
    }

    /// The second `--regions` run of a target is refused while the first holds the lock, with a
    /// message saying what to do, and may start once the first has ended.
    #[test]
    fn a_second_regions_run_of_a_target_is_refused_until_the_first_ends() {
        let out = std::env::temp_dir().join(format!("xtask-run-lock-{}", std::process::id()));
        let first = lock_run(&out, "xlsx").unwrap();
        let refused = lock_run(&out, "xlsx").map(drop).unwrap_err().to_string();
        drop(first);
        let after = lock_run(&out, "xlsx").map(drop);
        std::fs::remove_dir_all(&out).unwrap();
        assert!(
            refused.contains("another `--regions` run of `xlsx` is running"),
            "{refused}"
        );
        assert!(after.is_ok(), "{after:?}");
    }
}
