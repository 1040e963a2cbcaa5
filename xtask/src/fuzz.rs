//! Fuzzing with cargo-fuzz (libFuzzer) over every parser that takes outside input: case facts,
//! instrument content files, the widget's host config, CSV rows, XLSX workbooks, screening records
//! (JSON lines), the release spec and practice cases. Targets live in `fuzz/` (a workspace of its
//! own); seeds in `fuzz/seeds/<target>`, the growing corpus in `fuzz/corpus/<target>` (not
//! committed).
//!
//! - `cargo xtask fuzz [--seconds N] [TARGET…]` — a long run (default 300 s a target).
//! - `cargo xtask fuzz --until-plateau MIN [--max-minutes M] [--regions] [TARGET…]` — optimised
//!   builds, each target until its edge coverage has not grown for MIN minutes; prints the table for
//!   `fuzz/README.md`. With `--regions`, also the code regions and branch outcomes the run's inputs
//!   cover beyond the inputs it started from (see [`regions`]: the signal that edge-count noise
//!   cannot fake).
//! - `cargo xtask fuzz regions TARGET DIR… [--baseline DIR… [--inputs]]` — the code regions and
//!   branch outcomes some inputs cover, what they cover beyond a baseline, and which inputs reach
//!   the new ones.
//! - `cargo xtask fuzz gaps TARGET [DIR…]` — the arms of Tamiz's own functions that the inputs
//!   (by default the seeds) enter but never run: what a plateau cannot show.
//! - `cargo xtask fuzz merge [TARGET…]` — fold the corpus into the committed seeds (see [`merge`]).
//! - `cargo xtask test` runs [`smoke`]: every target for a few seconds from its seeds.
//!
//! The machine has one stable toolchain and no nightly; libFuzzer's instrumentation flags are
//! unstable, so runs set `RUSTC_BOOTSTRAP=1`, and use `-s none` (no sanitizer): the code under test is
//! safe Rust, and what we look for is panics, aborts, hangs and memory blow-ups.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::util::{self, cargo, root};

mod regions;
mod unreachable;

/// Every fuzz target (a `[[bin]]` of fuzz/Cargo.toml).
pub const TARGETS: &[&str] = &[
    "case_facts",
    "content_files",
    "host_config",
    "csv_rows",
    "xlsx",
    "release_spec",
    "practice_cases",
    "screening_records",
];

/// `fuzz/seeds/<target>/`: the committed inputs every run starts from, and what `merge` keeps.
fn seeds_dir(target: &str) -> PathBuf {
    root().join("fuzz/seeds").join(target)
}

/// `fuzz/corpus/<target>/`: what runs grow (ignored by git; `merge` folds it into the seeds).
fn corpus_dir(target: &str) -> PathBuf {
    root().join("fuzz/corpus").join(target)
}

/// `fuzz/artifacts/<target>/`: where libFuzzer writes an input that crashed or hung.
fn artifacts_dir(target: &str) -> PathBuf {
    root().join("fuzz/artifacts").join(target)
}

/// `fuzz/coverage/<target>/`: the one folder of a target's coverage build, profiles, baseline
/// snapshot and locks, named here so the run and its measurements cannot disagree about it.
fn coverage_dir(target: &str) -> PathBuf {
    root().join("fuzz/coverage").join(target)
}

/// The optimised build of `target` (`cargo fuzz build`), which plateau runs and `merge` run.
fn release_binary(target: &str) -> PathBuf {
    root()
        .join("fuzz/target/x86_64-unknown-linux-gnu/release")
        .join(target)
}

/// The unoptimised build of `target` (`cargo fuzz build --dev`), which the short runs run.
fn dev_binary(target: &str) -> PathBuf {
    root()
        .join("fuzz/target/x86_64-unknown-linux-gnu/debug")
        .join(target)
}

/// The libFuzzer dictionary a target's runs use, if any: syntax tokens of the format it parses, so
/// the mutator can splice in a `"""` or a `<![CDATA[` instead of waiting to flip its way there. The
/// TOML and XML parsers' error paths were the long tail of the coverage runs (see fuzz/README.md).
fn dictionary(target: &str) -> Option<PathBuf> {
    let file = match target {
        "release_spec" | "content_files" | "practice_cases" => "toml.dict",
        "xlsx" => "xml.dict",
        "screening_records" => "json.dict",
        _ => return None,
    };
    Some(root().join("fuzz/dicts").join(file))
}

/// The libFuzzer options every run of `target` shares (short and plateau runs alike): limits, and
/// `-dict=…` for the targets that have a dictionary.
fn shared_options(target: &str) -> Vec<String> {
    let mut options: Vec<String> = ["-rss_limit_mb=2048", "-timeout=10", "-max_len=65536"]
        .map(String::from)
        .to_vec();
    options.extend(dictionary(target).map(|d| format!("-dict={}", d.display())));
    options
}

fn fuzz_cmd() -> Command {
    let mut cmd = cargo();
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env_remove("CARGO_TARGET_DIR")
        .current_dir(root());
    cmd
}

/// `cargo xtask fuzz --seconds N`: the unoptimised build of `target` over its corpus and seeds for
/// `seconds`, through `cargo fuzz run`.
fn run_target(target: &str, seconds: u64) -> Result<()> {
    let corpus = corpus_dir(target);
    std::fs::create_dir_all(&corpus).context("creating the corpus directory")?;
    util::run(
        fuzz_cmd()
            .args(["fuzz", "run", "--dev", "-s", "none", target])
            .arg(&corpus)
            .arg(seeds_dir(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .args(shared_options(target))
            .arg("-print_final_stats=1"),
    )
    .with_context(|| {
        format!(
            "fuzz target `{target}` failed: if libFuzzer reported a crash above, the input is in \
             fuzz/artifacts/{target}/; reproduce with `{} <file>`, fix it and add the input as a \
             regression test (otherwise read the error above: the targets were already built, so \
             it is the run itself, e.g. a full disk)",
            dev_binary(target).display()
        )
    })
}

/// Builds every target first, so a build failure is reported as one and not as a finding.
fn build_targets() -> Result<()> {
    util::run(fuzz_cmd().args(["fuzz", "build", "--dev", "-s", "none"]))
        .context("building the fuzz targets failed (see the compiler output above)")
}

/// Mutation each target gets in [`smoke`], after its seeds and corpus have been replayed.
const SMOKE_MUTATION: Duration = Duration::from_secs(10);

/// The short run of every target inside `cargo xtask test`: a replay of its seeds and corpus (any
/// input that crashes fails the step), then [`SMOKE_MUTATION`] of mutation.
///
/// libFuzzer's `-max_total_time` counts from process start, replay included, and in the
/// unoptimised build replaying the ~1500 seeds of `xlsx` takes longer than the mutation time. The
/// run is therefore stopped [`SMOKE_MUTATION`] after libFuzzer reports the replay done (`INITED`),
/// however large the seed sets grow and however slow the machine, and each seed runs once.
pub fn smoke() -> Result<()> {
    crate::setup::cargo_fuzz()?;
    build_targets()?;
    let mut lines = Vec::new();
    for target in TARGETS {
        eprintln!("fuzz short run: {target}");
        let run = smoke_run(target)?;
        lines.push(format!(
            "{target:<15} seeds and corpus replayed in {:>5.1} s, then {:>4.1} s of mutation \
             ({} executions in all, {} edges)",
            run.replay.as_secs_f64(),
            run.mutation.as_secs_f64(),
            run.execs,
            run.cov
        ));
    }
    eprintln!("fuzz short runs:");
    for line in lines {
        eprintln!("  {line}");
    }
    Ok(())
}

/// What one target's short run did.
struct SmokeRun {
    /// Until libFuzzer reported its replay of the seeds and corpus done.
    replay: Duration,
    /// From then until it was stopped.
    mutation: Duration,
    /// Executions and edges at its last status line.
    execs: u64,
    cov: u64,
}

/// One target's short run (see [`smoke`]).
fn smoke_run(target: &str) -> Result<SmokeRun> {
    // A backstop only: the run is stopped long before, once the replay is done.
    let limit = Duration::from_secs(30 * 60);
    let mut fuzzer = Fuzzer::start(
        target,
        dev_binary(target),
        false,
        &[format!("-max_total_time={}", limit.as_secs())],
    )?;
    let start = Instant::now();
    let mut replay = None;
    let (mut execs, mut cov) = (0, 0);
    let mut stopped = false;
    loop {
        match fuzzer.next_line(Duration::from_millis(200)) {
            Next::Line(line) => {
                if let Some((e, c, _)) = parse_status(&line) {
                    (execs, cov) = (e, c);
                    if replay.is_none() && line.contains("INITED") {
                        replay = Some(start.elapsed());
                    }
                }
            }
            Next::Quiet => {}
            Next::Closed => break,
        }
        if !stopped && replay.is_some_and(|r| start.elapsed() >= r + SMOKE_MUTATION) {
            fuzzer.stop();
            stopped = true;
        }
    }
    let total = start.elapsed();
    fuzzer.finish(stopped)?;
    let replay = replay.with_context(|| {
        format!(
            "fuzz target `{target}` ended after {} without reporting that its replay was done \
             (libFuzzer's INITED line)",
            mmss(total)
        )
    })?;
    Ok(SmokeRun {
        replay,
        mutation: total.saturating_sub(replay),
        execs,
        cov,
    })
}

/// `cargo xtask fuzz`: long runs.
pub fn run(args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("regions") => return regions::run(&args[1..]),
        Some("gaps") => return regions::run_gaps(&args[1..]),
        Some("merge") => return merge(&args[1..]),
        Some("smoke") if args.len() == 1 => return smoke(),
        _ => {}
    }
    let mut seconds = 300;
    let mut plateau_minutes: Option<u64> = None;
    let mut max_minutes = 120;
    let mut with_regions = false;
    let mut targets = Vec::new();
    let mut it = args.iter();
    let number = |flag: &str, v: Option<&String>| -> Result<u64> {
        v.and_then(|s| s.parse().ok())
            .with_context(|| format!("{flag} takes a whole number"))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => seconds = number("--seconds", it.next())?,
            "--until-plateau" => plateau_minutes = Some(number("--until-plateau", it.next())?),
            "--max-minutes" => max_minutes = number("--max-minutes", it.next())?,
            "--regions" => with_regions = true,
            t if TARGETS.contains(&t) => targets.push(t.to_string()),
            other => bail!(
                "unknown fuzz target or flag `{other}`; targets: {}",
                TARGETS.join(", ")
            ),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    if with_regions && plateau_minutes.is_none() {
        bail!("--regions goes with --until-plateau (for other inputs: cargo xtask fuzz regions)");
    }
    crate::setup::cargo_fuzz()?;
    if let Some(minutes) = plateau_minutes {
        util::run(fuzz_cmd().args(["fuzz", "build", "-s", "none"])).context(
            "building the optimised fuzz targets failed (see the compiler output above)",
        )?;
        let plateau = Duration::from_secs(minutes * 60);
        let mut runs = Vec::new();
        for target in &targets {
            // The inputs the run starts from, and what they cover, are taken before it starts: the
            // coverage build (long the first time) then does not compete with the fuzzer, and
            // libFuzzer's deletions of replaced inputs cannot hide what the corpus covered.
            let seeds = seeds_dir(target);
            let corpus = corpus_dir(target);
            // Held until this target's run is measured, so a second `--regions` run of it
            // refuses to start instead of overwriting this one's `corpus-before-run/`.
            let coverage = coverage_dir(target);
            let _run_lock = with_regions
                .then(|| regions::lock_run(&coverage, target))
                .transpose()?;
            let baseline = if with_regions {
                let before = coverage.join("corpus-before-run");
                std::fs::create_dir_all(&corpus).context("creating the corpus directory")?;
                regions::snapshot(&corpus, &before)?;
                let replayer = regions::Replayer::new(target)?;
                let baseline = replayer.measure(&[seeds.clone(), before])?;
                Some((replayer, baseline))
            } else {
                None
            };
            let mut run =
                run_until_plateau(target, plateau, Duration::from_secs(max_minutes * 60))?;
            if let Some((replayer, baseline)) = baseline {
                let after = replayer.measure(&[seeds, corpus])?;
                run.regions = Some(regions::compare(target, &baseline, &after));
            }
            runs.push(run);
            print_plateau_table(&runs, plateau);
        }
        return Ok(());
    }
    build_targets()?;
    for target in &targets {
        run_target(target, seconds)?;
    }
    Ok(())
}

/// `cargo xtask fuzz merge [TARGET…]`: folds what runs left in `corpus/` into the committed
/// `seeds/`, in two steps. libFuzzer's merge (`-merge=1 -use_counters=0`) keeps every input that
/// adds an edge, ignoring hit counts, which keeps the seeds small. But edges of optimised code are
/// coarser than source coverage (a `match` that returns string constants becomes a table lookup
/// with no edge per arm), so that merge can drop the one input that covers a region; the second step
/// finds such inputs by source coverage and adds them too, so the seeds reach every region and
/// branch outcome the corpus does (outside the environment-dependent crates) and comparing two
/// commits' seeds compares what the fuzzing had reached.
fn merge(args: &[String]) -> Result<()> {
    let mut targets = Vec::new();
    for a in args {
        if !TARGETS.contains(&a.as_str()) {
            bail!(
                "unknown fuzz target `{a}`; targets: {}\nusage: cargo xtask fuzz merge [TARGET…]",
                TARGETS.join(", ")
            );
        }
        targets.push(a.as_str());
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    crate::setup::cargo_fuzz()?;
    util::run(fuzz_cmd().args(["fuzz", "build", "-s", "none"]))
        .context("building the optimised fuzz targets failed (see the compiler output above)")?;
    for target in targets {
        let seeds = seeds_dir(target);
        let corpus = corpus_dir(target);
        let corpus_inputs = if corpus.is_dir() {
            regions::inputs(std::slice::from_ref(&corpus))?
        } else {
            Vec::new()
        };
        if corpus_inputs.is_empty() {
            println!("{target}: no corpus to merge (fuzz/corpus/{target} is missing or empty)");
            continue;
        }
        let seeds_before = regions::inputs(std::slice::from_ref(&seeds))?.len();
        util::run(
            Command::new(release_binary(target))
                .args(["-merge=1", "-use_counters=0"])
                .args(shared_options(target))
                .arg(&seeds)
                .arg(&corpus),
        )
        .with_context(|| format!("libFuzzer's merge of `{target}` failed (see above)"))?;
        let by_edges = regions::inputs(std::slice::from_ref(&seeds))?.len() - seeds_before;
        let replayer = regions::Replayer::new(target)?;
        // Coverage is a union over inputs (a region or branch outcome is covered if any input
        // reaches it), so what the corpus adds is its own coverage less the seeds': each
        // directory is replayed once, not the seeds twice as in measuring seeds, then both.
        let in_seeds = replayer.measure(std::slice::from_ref(&seeds))?;
        let in_corpus = replayer.measure(std::slice::from_ref(&corpus))?;
        let wanted: std::collections::BTreeSet<_> = in_corpus
            .covered
            .difference(&in_seeds.covered)
            .filter(|r| !regions::environment_dependent(r))
            .cloned()
            .collect();
        let (found, got) = replayer.inputs_covering(&corpus_inputs, &wanted)?;
        for input in &found {
            let name = input.file_name().context("a corpus input without a name")?;
            std::fs::copy(input, seeds.join(name))
                .with_context(|| format!("copying {} into the seeds", input.display()))?;
        }
        println!(
            "{target}: +{by_edges} seeds by edges, +{} by source coverage (reaching {} of the {} \
             regions and branch outcomes the corpus reached and the seeds did not); seeds now {} \
             inputs",
            found.len(),
            got.len(),
            wanted.len(),
            seeds_before + by_edges + found.len()
        );
    }
    Ok(())
}

/// How a coverage run ended, for the table in `fuzz/README.md`.
struct PlateauRun {
    target: String,
    elapsed: Duration,
    execs: u64,
    cov: u64,
    ft: u64,
    last_new_cov: Duration,
    execs_at_last_cov: u64,
    cov_at_window_start: u64,
    outcome: &'static str,
    /// With `--regions`: what the run's inputs cover beyond those it started from.
    regions: Option<String>,
}

/// One libFuzzer status line (`#123 NEW cov: 45 ft: 67 …`): executions, edges, features.
fn parse_status(line: &str) -> Option<(u64, u64, u64)> {
    let rest = line.strip_prefix('#')?;
    let execs = rest.split_whitespace().next()?.parse().ok()?;
    let field = |name: &str| -> Option<u64> {
        let mut words = rest.split_whitespace();
        words.find(|w| *w == name)?;
        words.next()?.parse().ok()
    };
    Some((execs, field("cov:")?, field("ft:")?))
}

/// `--until-plateau MIN`: an optimised build (debug assertions on), one process a target, stopped
/// once its edge coverage has not grown for `plateau` *and* over at least as many executions as it
/// took to reach its last new edge (or at `max`). The second condition is what makes the first mean
/// something on a shared machine: a niced fuzzer starved by a build runs few executions in ten
/// minutes, and coverage grows roughly with the logarithm of executions, so "no new edge while the
/// work doubled" is the plateau. This is what "run until it stops
/// finding new coverage" means here, so the claim can be re-checked with one command.
fn run_until_plateau(target: &str, plateau: Duration, max: Duration) -> Result<PlateauRun> {
    let mut fuzzer = Fuzzer::start(
        target,
        release_binary(target),
        true,
        &[
            format!("-max_total_time={}", max.as_secs()),
            // One process per corpus, so nothing else adds to it: libFuzzer's default re-reads
            // the whole directory every few seconds for other processes' finds, and at some
            // 90,000 files that `stat` storm was 5 % of a run's time (perf, session 8).
            "-reload=0".to_string(),
        ],
    )?;
    let start = Instant::now();
    let (mut execs, mut cov, mut ft) = (0, 0, 0);
    let mut last_new_cov = Duration::ZERO;
    let mut execs_at_last_cov = 0;
    // Edge count at each minute, to report what the last plateau window gained.
    let mut per_minute: Vec<u64> = Vec::new();
    let mut stopped = false;
    loop {
        match fuzzer.next_line(Duration::from_secs(5)) {
            Next::Line(line) => {
                if let Some((e, c, f)) = parse_status(&line) {
                    execs = e;
                    ft = f;
                    if c > cov {
                        cov = c;
                        last_new_cov = start.elapsed();
                        execs_at_last_cov = e;
                    }
                }
            }
            Next::Quiet => {}
            Next::Closed => break,
        }
        let now = start.elapsed();
        while per_minute.len() as u64 <= now.as_secs() / 60 {
            per_minute.push(cov);
            eprintln!(
                "[{target} {:>3} min] cov {cov} ft {ft} execs {execs}; last new cov at {}",
                per_minute.len() - 1,
                mmss(last_new_cov)
            );
        }
        if !stopped
            && cov > 0
            && now.saturating_sub(last_new_cov) >= plateau
            && execs >= 2 * execs_at_last_cov
        {
            fuzzer.stop();
            stopped = true;
        }
    }
    let outcome = fuzzer.finish(stopped)?;
    let elapsed = start.elapsed();
    // The edge count at the first minute mark inside the last `plateau` of the run (rounding up,
    // so a gain just before the window does not count in it).
    let window_start = elapsed.saturating_sub(plateau).as_secs().div_ceil(60) as usize;
    let cov_at_window_start = per_minute.get(window_start).copied().unwrap_or(cov);
    Ok(PlateauRun {
        target: target.to_string(),
        elapsed,
        execs,
        cov,
        ft,
        last_new_cov,
        execs_at_last_cov,
        cov_at_window_start,
        outcome: match outcome {
            Ended::Stopped => "plateau",
            Ended::TimeLimit => "time limit",
            Ended::Interrupted => "interrupted",
        },
        regions: None,
    })
}

/// What [`Fuzzer::next_line`] saw.
enum Next {
    /// A line of the fuzzer's stderr.
    Line(String),
    /// Nothing within the wait: time for the runner to check its clock.
    Quiet,
    /// The fuzzer closed its stderr: it has ended.
    Closed,
}

/// How a fuzzer ended without finding anything.
enum Ended {
    /// Its runner stopped it ([`Fuzzer::stop`]).
    Stopped,
    /// It reached its `-max_total_time`.
    TimeLimit,
    /// Ctrl-C or a `kill -INT`: it writes no artifact, and what it reached so far is still a true
    /// measurement, so a plateau run goes into the table as what it was.
    Interrupted,
}

/// A running libFuzzer process over a target's corpus and seeds, its stderr read on a thread, so
/// that its runner can stop it on a condition of time and output (a plateau; the end of the
/// replay) and still tell a crash from its own stop.
struct Fuzzer {
    target: String,
    binary: PathBuf,
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    started: std::time::SystemTime,
    /// The last lines that were not status lines, for a failure's report.
    tail: Vec<String>,
}

impl Fuzzer {
    /// Starts `binary` on `target`'s corpus and seeds with the shared options and `extra` ones,
    /// crash inputs going to `fuzz/artifacts/<target>/`; under `nice -n19` if `niced` (the long
    /// runs, which share the machine).
    fn start(target: &str, binary: PathBuf, niced: bool, extra: &[String]) -> Result<Fuzzer> {
        let corpus = corpus_dir(target);
        let artifacts = artifacts_dir(target);
        std::fs::create_dir_all(&corpus).context("creating the corpus directory")?;
        std::fs::create_dir_all(&artifacts).context("creating the artifacts directory")?;
        let mut cmd = if niced {
            let mut nice = Command::new("nice");
            nice.arg("-n19").arg(&binary);
            nice
        } else {
            Command::new(&binary)
        };
        let mut child = cmd
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .args(extra)
            .args(shared_options(target))
            .arg(&corpus)
            .arg(seeds_dir(target))
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let stderr = child.stderr.take().context("no stderr from the fuzzer")?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Fuzzer {
            target: target.to_string(),
            binary,
            child,
            lines,
            started: std::time::SystemTime::now(),
            tail: Vec::new(),
        })
    }

    /// The next line of the fuzzer's stderr, waiting at most `wait`.
    fn next_line(&mut self, wait: Duration) -> Next {
        match self.lines.recv_timeout(wait) {
            Ok(line) => {
                if parse_status(&line).is_none() {
                    self.tail.push(line.clone());
                    if self.tail.len() > 40 {
                        self.tail.remove(0);
                    }
                }
                Next::Line(line)
            }
            Err(mpsc::RecvTimeoutError::Timeout) => Next::Quiet,
            Err(mpsc::RecvTimeoutError::Disconnected) => Next::Closed,
        }
    }

    /// Ends the run (its runner has what it wanted); [`Fuzzer::finish`] then reports `Stopped`.
    fn stop(&mut self) {
        let _ = self.child.kill();
    }

    /// Waits for the process to end, and tells how: an error names the crash input it wrote.
    /// `stopped` says whether the runner stopped it.
    fn finish(mut self, stopped: bool) -> Result<Ended> {
        let status = self.child.wait().context("waiting for the fuzzer")?;
        let target = &self.target;
        // A crash in the moment before a stop still counts: its input is on disk.
        let found = new_artifacts(&artifacts_dir(target), self.started);
        if found.is_empty() {
            if stopped {
                return Ok(Ended::Stopped);
            }
            if status.success() {
                return Ok(Ended::TimeLimit);
            }
            if self
                .tail
                .iter()
                .any(|l| l.contains("libFuzzer: run interrupted"))
            {
                return Ok(Ended::Interrupted);
            }
        }
        eprintln!("{}", self.tail.join("\n"));
        if found.is_empty() {
            bail!(
                "fuzz target `{target}` stopped with {status} and wrote no crash input (its last \
                 output is above); if it was killed from outside, run it again"
            );
        }
        bail!(
            "fuzz target `{target}` found a crash: {}; reproduce with `{} <file>`, fix it and add \
             the input as a regression test",
            found.join(", "),
            self.binary.display()
        );
    }
}

/// The files libFuzzer wrote into `dir` since `since` (crash-, leak-, timeout-, oom- inputs), so a
/// failed run names its input instead of pointing at a directory that may hold older ones.
fn new_artifacts(dir: &std::path::Path, since: std::time::SystemTime) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since)
        })
        .map(|e| e.path().display().to_string())
        .collect();
    found.sort();
    found
}

fn mmss(d: Duration) -> String {
    format!("{}:{:02}", d.as_secs() / 60, d.as_secs() % 60)
}

fn print_plateau_table(runs: &[PlateauRun], plateau: Duration) {
    println!(
        "| target | duration | execs | execs/s | final cov / ft | last new cov (time, execs) | cov gained in last {} min | stopped by |",
        plateau.as_secs() / 60
    );
    println!("|---|---|---:|---:|---|---|---:|---|");
    for r in runs {
        let rate = r.execs as f64 / r.elapsed.as_secs_f64().max(1.0);
        println!(
            "| `{}` | {} | {} | {:.0} | {} / {} | {}, {} | +{} | {} |",
            r.target,
            mmss(r.elapsed),
            r.execs,
            rate,
            r.cov,
            r.ft,
            mmss(r.last_new_cov),
            r.execs_at_last_cov,
            r.cov.saturating_sub(r.cov_at_window_start),
            r.outcome
        );
    }
    for r in runs {
        if let Some(text) = &r.regions {
            print!("{text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dictionary a target names but the checkout lacks would make libFuzzer refuse to start,
    /// and the smoke run would report it as a fuzzing failure; catch it here by name instead.
    #[test]
    fn every_named_dictionary_exists_and_has_entries() {
        let named: Vec<_> = TARGETS.iter().filter_map(|t| dictionary(t)).collect();
        assert!(
            named.len() >= 4,
            "the TOML and XML targets name a dictionary"
        );
        for path in named {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let entries = text
                .lines()
                .filter(|l| l.trim_start().starts_with('"') && l.trim_end().ends_with('"'))
                .count();
            assert!(entries >= 20, "{} has {entries} entries", path.display());
        }
    }
}
