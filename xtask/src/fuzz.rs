//! Fuzzing with cargo-fuzz (libFuzzer) over every parser that takes outside input: case facts,
//! instrument content files, the widget's host config, CSV rows, XLSX workbooks, the release spec and
//! practice cases. Targets live in `fuzz/` (a workspace of its own); seeds in `fuzz/seeds/<target>`,
//! the growing corpus in `fuzz/corpus/<target>` (not committed).
//!
//! - `cargo xtask fuzz [--seconds N] [TARGET…]` — a long run (default 300 s a target).
//! - `cargo xtask test` runs [`smoke`]: every target for a few seconds from its seeds.
//!
//! The machine has one stable toolchain and no nightly; libFuzzer's instrumentation flags are
//! unstable, so runs set `RUSTC_BOOTSTRAP=1`, and use `-s none` (no sanitizer): the code under test is
//! safe Rust, and what we look for is panics, aborts, hangs and memory blow-ups.

use std::process::Command;

use anyhow::{Context, Result};

use crate::util::{self, cargo, have, root};

/// Every fuzz target (a `[[bin]]` of fuzz/Cargo.toml).
pub const TARGETS: &[&str] = &[
    "case_facts",
    "content_files",
    "host_config",
    "csv_rows",
    "xlsx",
    "release_spec",
    "practice_cases",
];

fn ensure_cargo_fuzz() -> Result<()> {
    if have("cargo-fuzz") {
        return Ok(());
    }
    util::run(cargo().args(["install", "cargo-fuzz", "--locked"]))
}

fn fuzz_cmd() -> Command {
    let mut cmd = cargo();
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env_remove("CARGO_TARGET_DIR")
        .current_dir(root());
    cmd
}

fn run_target(target: &str, seconds: u64) -> Result<()> {
    let corpus = root().join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&corpus).context("creating the corpus directory")?;
    let seeds = root().join("fuzz/seeds").join(target);
    util::run(
        fuzz_cmd()
            .args(["fuzz", "run", "--dev", "-s", "none", target])
            .arg(&corpus)
            .arg(&seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .args(["-rss_limit_mb=2048", "-timeout=10", "-max_len=65536", "-print_final_stats=1"]),
    )
    .with_context(|| {
        format!(
            "fuzz target `{target}` failed: if libFuzzer reported a crash above, the input is in \
             fuzz/artifacts/{target}/; reproduce with `RUSTC_BOOTSTRAP=1 cargo fuzz run --dev -s none \
             {target} <file>`, fix it and add the input as a regression test (otherwise read the \
             error above: the targets were already built, so it is the run itself, e.g. a full disk)"
        )
    })
}

/// Builds every target first, so a build failure is reported as one and not as a finding.
fn build_targets() -> Result<()> {
    util::run(fuzz_cmd().args(["fuzz", "build", "--dev", "-s", "none"]))
        .context("building the fuzz targets failed (see the compiler output above)")
}

/// The short run of every target inside `cargo xtask test`.
pub fn smoke() -> Result<()> {
    ensure_cargo_fuzz()?;
    build_targets()?;
    for target in TARGETS {
        run_target(target, 10)?;
    }
    Ok(())
}

/// `cargo xtask fuzz`: long runs.
pub fn run(args: &[String]) -> Result<()> {
    let mut seconds = 300;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seconds" {
            seconds = it
                .next()
                .and_then(|s| s.parse().ok())
                .context("--seconds takes a whole number")?;
        } else {
            targets.push(a.clone());
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    ensure_cargo_fuzz()?;
    build_targets()?;
    for target in &targets {
        run_target(target, seconds)?;
    }
    Ok(())
}
