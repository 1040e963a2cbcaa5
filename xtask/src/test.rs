//! `cargo xtask test`: every test the project has, in order of cost, stopping at the first failure.
//!
//! `--quick` runs only the native checks (format, lints, unit and integration tests);
//! `--full-audit` runs the full privacy audit (`crates/stats/tests/privacy_audit.rs`).

use std::process::Command;

use anyhow::Result;

use crate::setup;
use crate::util::{self, cargo};

/// Crates that must build for the browser: the engine and instrument (widget), stats (analyst page).
const WASM_CRATES: &[&str] = &[
    "tamiz-engine",
    "tamiz-instrument",
    "tamiz-practice",
    "tamiz-stats",
];

/// Runs the whole suite.
pub fn run(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    if args.iter().any(|a| a == "--full-audit") {
        // The privacy audit's full version: 25× the trials of the reduced one (minutes, not seconds).
        std::env::set_var("TAMIZ_FULL_PRIVACY_AUDIT", "1");
    }
    let started = std::time::Instant::now();

    step("format", || {
        util::run(cargo().args(["fmt", "--all", "--", "--check"]))
    })?;
    step("lints", || {
        util::run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))?;
        // The widget's training bundle is a feature the workspace build leaves off.
        util::run(cargo().args([
            "clippy",
            "-p",
            "tamiz-widget",
            "--features",
            "training",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))?;
        // The fuzz targets are a workspace of their own (fuzz/), which `--workspace` leaves out.
        util::run(cargo().env_remove("CARGO_TARGET_DIR").args([
            "clippy",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("native tests", || {
        util::run(cargo().args(["test", "--workspace", "--quiet"]))?;
        util::run(cargo().args([
            "test",
            "-p",
            "tamiz-widget",
            "--features",
            "training",
            "--lib",
            "--quiet",
        ]))
    })?;
    if !quick {
        step("wasm32 builds and the stats wasm test", || {
            setup::wasm_target()?;
            let mut cmd = cargo();
            cmd.args(["build", "--quiet", "--target", "wasm32-unknown-unknown"]);
            for c in WASM_CRATES {
                cmd.args(["-p", c]);
            }
            util::run(&mut cmd)?;
            // The analyst page's release path, run in Node: proves OpenDP draws its noise from the
            // browser's secure random source instead of panicking on the first draw.
            setup::wasm_bindgen()?;
            // No `--quiet`: cargo passes it on to wasm-bindgen-test-runner, which refuses it.
            util::run(cargo().args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "tamiz-stats",
                "--test",
                "wasm",
            ]))
        })?;
        step("widget (wasm-bindgen-test in Chromium, size gate)", || {
            crate::dist::test()
        })?;
        step("site (end-to-end in Chromium)", crate::serve::test)?;
        step("fuzzing (a short run of every target)", crate::fuzz::smoke)?;
    }
    eprintln!(
        "\nxtask: all test steps passed in {:.0?}",
        started.elapsed()
    );
    Ok(())
}

fn step(name: &str, f: impl FnOnce() -> Result<()>) -> Result<()> {
    eprintln!("\n== {name}");
    let t = std::time::Instant::now();
    let r = f();
    eprintln!(
        "== {name}: {} in {:.1?}",
        if r.is_ok() { "ok" } else { "FAILED" },
        t.elapsed()
    );
    r.map_err(|e| e.context(format!("test step `{name}` failed")))
}

/// Runs a Command in the workspace root (re-export for steps that build their own).
#[allow(dead_code)]
pub fn sh(cmd: &mut Command) -> Result<()> {
    util::run(cmd)
}
