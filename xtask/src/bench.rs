//! `cargo xtask bench`: side-by-side benchmarks, printed as a table (not part of the tests).
//!
//! Statistics: 1,000,000 synthetic rows (`tamiz synth`), three public-key tables under zCDP (rho 0.5,
//! one record per person), released by `tamiz stats release`, by OpenDP's Python Context API on
//! Polars, and — as the floor — by a plain Polars read + group-by count with no privacy. Runs
//! alternate between the three so that machine noise hits all alike; medians, ratios and peak memory
//! (RSS, from GNU time) are printed.
//!
//! Widget: raw and gzip size of each shipped file, time from inserting `<tamiz-screening>` to
//! `tamiz-ready` in headless Chromium (median of 20 after a warm-up), and heap with 10 instances.
//!
//! Options: `--rows N` (default 1000000), `--runs N` (default 5), `--skip-widget`, `--skip-stats`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::{self, cargo, root};

const PY_PACKAGES: &[&str] = &["opendp==0.16.0", "polars==1.36.1", "pyarrow"];

/// Runs the benchmarks.
pub fn run(args: &[String]) -> Result<()> {
    let rows = flag(args, "--rows").unwrap_or(1_000_000);
    let runs = flag(args, "--runs").unwrap_or(5);
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir)?;
    println!("machine: {}", machine());
    if !args.iter().any(|a| a == "--skip-stats") {
        stats(&dir, rows, runs)?;
    }
    if !args.iter().any(|a| a == "--skip-widget") {
        widget(&dir)?;
    }
    Ok(())
}

fn flag(args: &[String], name: &str) -> Option<usize> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.replace('_', "").parse().ok()
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or("?".into(), |kb| format!("{:.0} GiB", kb as f64 / 1048576.0));
    format!("{cpu}, {cores} cores, {mem}")
}

/// A Python virtual environment with the pinned OpenDP and Polars (made once under target/bench).
fn python(dir: &Path) -> Result<PathBuf> {
    let venv = dir.join("venv");
    let py = venv.join("bin/python");
    let stamp = venv.join(".tamiz-packages");
    if stamp.exists() && std::fs::read_to_string(&stamp)? == PY_PACKAGES.join(" ") {
        return Ok(py);
    }
    util::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    util::run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(PY_PACKAGES),
    )?;
    std::fs::write(&stamp, PY_PACKAGES.join(" "))?;
    Ok(py)
}

/// One timed process: wall seconds and peak resident memory in MiB.
#[derive(Debug, Clone, Copy)]
struct Sample {
    seconds: f64,
    peak_mib: f64,
}

fn timed(cmd: &mut Command) -> Result<Sample> {
    let report = tempfile_path("time");
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .args(["-f", "%e %M", "-o"])
        .arg(&report)
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .current_dir(root());
    let out = wrapped
        .output()
        .context("running /usr/bin/time (Debian package `time`)")?;
    if !out.status.success() {
        bail!(
            "benchmark command failed: {:?}\n{}",
            cmd,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = std::fs::read_to_string(&report)?;
    let last = text.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    let seconds: f64 = parts.next().unwrap_or("0").parse()?;
    let kib: f64 = parts.next().unwrap_or("0").parse()?;
    Ok(Sample {
        seconds,
        peak_mib: kib / 1024.0,
    })
}

fn tempfile_path(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("tamiz-bench-{tag}-{}", std::process::id()))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

const TABLES: &[&[&str]] = &[
    &["CountryOfExploitation", "yearOfRegistration", "gender"],
    &["CountryOfExploitation", "citizenship"],
    &["CountryOfExploitation", "ageBroad"],
];

fn stats(dir: &Path, rows: usize, runs: usize) -> Result<()> {
    util::run(cargo().args([
        "build",
        "--quiet",
        "--profile",
        "release-native",
        "-p",
        "tamiz-cli",
    ]))?;
    let tamiz = target_dir().join("release-native/tamiz");
    let data = dir.join(format!("synth-{rows}.csv"));
    if !data.exists() {
        util::run(
            Command::new(&tamiz)
                .args([
                    "synth",
                    "--rows",
                    &rows.to_string(),
                    "--seed",
                    "42",
                    "--out",
                ])
                .arg(&data),
        )?;
    }
    let py = python(dir)?;

    // Public keys: the generator's domain, read once outside the timed region and given to both sides.
    let keys = dir.join("keys.json");
    util::run(Command::new(&py).arg("-c").arg(format!(
        "import json, polars as pl\n\
         cols = {cols:?}\n\
         df = pl.read_csv({data:?}, infer_schema=False, missing_utf8_is_empty_string=True, columns=cols)\n\
         json.dump({{c: sorted(df[c].unique().to_list()) for c in cols}}, open({keys:?}, 'w'))",
        cols = ["CountryOfExploitation", "yearOfRegistration", "gender", "citizenship", "ageBroad"],
        data = data.display().to_string(),
        keys = keys.display().to_string(),
    )))?;
    let key_values: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(&std::fs::read_to_string(&keys)?)?;
    let spec = dir.join("bench-spec.toml");
    std::fs::write(&spec, bench_spec(&key_values))?;

    let bench_py = root().join("bench");
    let mut samples: [Vec<Sample>; 3] = [vec![], vec![], vec![]];
    for run in 0..=runs {
        // Run 0 is a warm-up (page cache, Python bytecode); it is not counted.
        let out = dir.join(format!("release-{run}"));
        let _ = std::fs::remove_dir_all(&out);
        let ledger = dir.join(format!("ledger-{run}.json"));
        let _ = std::fs::remove_file(&ledger);
        util::run(
            Command::new(&tamiz)
                .args(["stats", "ledger", "init"])
                .arg(&ledger)
                .args(["--rho", "1000"]),
        )?;
        let ours = timed(
            Command::new(&tamiz)
                .args(["stats", "release", "--spec"])
                .arg(&spec)
                .arg("--input")
                .arg(&data)
                .arg("--ledger")
                .arg(&ledger)
                .arg("--out")
                .arg(&out),
        )?;
        let opendp = timed(
            Command::new(&py)
                .arg(bench_py.join("opendp_release.py"))
                .arg(&data)
                .arg(&keys)
                .arg("0.5")
                .arg(dir.join("opendp-out.json")),
        )?;
        let floor = timed(
            Command::new(&py)
                .arg(bench_py.join("polars_count.py"))
                .arg(&data)
                .arg(dir.join("polars-out.json")),
        )?;
        eprintln!(
            "run {run}: tamiz {:.2}s, opendp-python {:.2}s, polars {:.2}s",
            ours.seconds, opendp.seconds, floor.seconds
        );
        if run > 0 {
            samples[0].push(ours);
            samples[1].push(opendp);
            samples[2].push(floor);
        }
    }
    let med = |s: &Vec<Sample>| {
        (
            median(s.iter().map(|x| x.seconds).collect()),
            median(s.iter().map(|x| x.peak_mib).collect()),
        )
    };
    let (t_ours, m_ours) = med(&samples[0]);
    let (t_opendp, m_opendp) = med(&samples[1]);
    let (t_polars, m_polars) = med(&samples[2]);
    println!("\nStatistics release, {rows} rows, 3 tables, zCDP rho 0.5, median of {runs} alternating runs (process wall time, includes reading the CSV)\n");
    println!("| tool | median s | peak RSS MiB | tamiz speed-up |");
    println!("|---|---:|---:|---:|");
    println!("| tamiz stats release | {t_ours:.2} | {m_ours:.0} | 1.0× |");
    println!(
        "| OpenDP 0.16 Python Context on Polars | {t_opendp:.2} | {m_opendp:.0} | {:.1}× |",
        t_opendp / t_ours
    );
    println!(
        "| Polars read + group-by count (no privacy) | {t_polars:.2} | {m_polars:.0} | {:.2}× |",
        t_polars / t_ours
    );
    println!(
        "\nbudgets: ≥10× faster than OpenDP Python: {} ({:.1}×); ≤0.6× plain Polars time: {} ({:.2}×); peak ≤64 MB: {} ({m_ours:.0} MiB)",
        verdict(t_opendp / t_ours >= 10.0),
        t_opendp / t_ours,
        verdict(t_ours / t_polars <= 0.6),
        t_ours / t_polars,
        verdict(m_ours <= 64.0),
    );
    Ok(())
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn bench_spec(keys: &std::collections::BTreeMap<String, Vec<String>>) -> String {
    let mut s = String::from(
        "# Written by `cargo xtask bench`: the three benchmark tables with public keys.\n\
         [privacy]\nmax_records_per_person = 1\nmeasure = \"zcdp\"\nrho = 0.5\ndelta = 1e-9\n\n",
    );
    for (i, table) in TABLES.iter().enumerate() {
        s.push_str(&format!(
            "[[table]]\nname = \"t{i}_{}\"\ngroup_by = [{}]\n\n",
            table.join("_x_"),
            table
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    s.push_str("[keys]\n");
    for (column, values) in keys {
        let list = values
            .iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        s.push_str(&format!("{column} = [{list}]\n"));
    }
    s
}

fn widget(dir: &Path) -> Result<()> {
    let dist = crate::dist::run(&[])?;
    let _ = dir;
    crate::serve::bench_widget(&dist)
}
