//! `tamiz stats`: plan, release, ledger and combine differential-privacy releases (issue 5).
//!
//! Order of a release, so that no budget is spent on a failed release and no output appears without
//! its spend recorded: spec → mechanisms (OpenDP maps checked) → output directory checked → ledger
//! verified and balance checked → data read and counted → noise → files staged (temporary names,
//! fsync'd) → spend appended to the locked ledger → files renamed into place.

use std::fs::File;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use tamiz_stats::data::{self, Format};
use tamiz_stats::ledger::{self, LedgerError};
use tamiz_stats::release::{lower_bound_text, upper_bound_text, Plan, Release, DEFAULT_ALPHA};
use tamiz_stats::spec::Measure;
use tamiz_stats::{output, parse_spec, ReleaseError};

use crate::error::CliError;

/// Inputs bigger than this get a progress bar (on a terminal only).
const PROGRESS_BYTES: u64 = 32 << 20;

/// Arguments of `tamiz stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: StatsCommand,
}

#[derive(Debug, Subcommand)]
enum StatsCommand {
    /// Print each table's mechanism, scale and expected margin of error before any data is read.
    Plan {
        /// Release spec (TOML).
        #[arg(long)]
        spec: PathBuf,
        /// Interval level: 0.05 gives 95% margins.
        #[arg(long, default_value_t = DEFAULT_ALPHA)]
        alpha: f64,
    },
    /// Release the spec's tables from DATA, spending from the ledger, into DIR.
    Release {
        /// Release spec (TOML).
        #[arg(long)]
        spec: PathBuf,
        /// Data: .csv (comma or semicolon), .xlsx, or .jsonl screening records.
        #[arg(long)]
        input: PathBuf,
        /// Budget ledger (create it with `tamiz stats ledger init`).
        #[arg(long)]
        ledger: PathBuf,
        /// Output directory (must not already hold a release).
        #[arg(long)]
        out: PathBuf,
        /// Interval level: 0.05 gives 95% intervals.
        #[arg(long, default_value_t = DEFAULT_ALPHA)]
        alpha: f64,
        /// Worksheet of an .xlsx input (default: the first).
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Create or show a budget ledger.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Merge per-country releases made with the same spec.
    Combine {
        /// Release directories (each with release.json).
        #[arg(required = true, num_args = 2..)]
        dirs: Vec<PathBuf>,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// The custodians declare their populations disjoint (no person in two releases).
        #[arg(long)]
        disjoint: bool,
    },
}

#[derive(Debug, Subcommand)]
enum LedgerCommand {
    /// Create a ledger with a total budget (rho for zCDP or epsilon for pure DP).
    Init {
        /// Ledger file to create (never overwritten).
        path: PathBuf,
        /// Total rho (zCDP).
        #[arg(long, conflicts_with = "epsilon", required_unless_present = "epsilon")]
        rho: Option<f64>,
        /// Total epsilon (pure DP).
        #[arg(long)]
        epsilon: Option<f64>,
    },
    /// Print what was spent, when, and by which spec.
    Show {
        /// Ledger file.
        path: PathBuf,
    },
}

/// Runs `tamiz stats`.
pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        StatsCommand::Plan { spec, alpha } => plan(&spec, alpha),
        StatsCommand::Release {
            spec,
            input,
            ledger,
            out,
            alpha,
            sheet,
        } => release(&spec, &input, &ledger, &out, alpha, sheet.as_deref()),
        StatsCommand::Ledger(LedgerCommand::Init { path, rho, epsilon }) => {
            ledger_init(&path, rho, epsilon)
        }
        StatsCommand::Ledger(LedgerCommand::Show { path }) => ledger_show(&path),
        StatsCommand::Combine {
            dirs,
            out,
            disjoint,
        } => combine(&dirs, &out, disjoint),
    }
}

fn bad(e: impl std::fmt::Display) -> CliError {
    CliError::BadInput(e.to_string())
}

fn check_alpha(alpha: f64) -> Result<(), CliError> {
    if alpha > 0.0 && alpha < 0.5 {
        Ok(())
    } else {
        Err(bad(format!(
            "--alpha {alpha}: use a number between 0 and 0.5 (0.05 for 95% intervals)"
        )))
    }
}

fn load_plan(path: &Path) -> Result<Plan, CliError> {
    let text = crate::input::read_text(Some(path))?;
    let spec = parse_spec(&text).map_err(|e| {
        bad(format!(
            "{}:{}:{}: {}: {}; fix the spec",
            path.display(),
            e.line,
            e.column,
            e.field,
            e.message
        ))
    })?;
    Plan::new(spec).map_err(|e| bad(format!("{}: {e}", path.display())))
}

fn plan(spec: &Path, alpha: f64) -> Result<(), CliError> {
    check_alpha(alpha)?;
    let plan = load_plan(spec)?;
    let rows = plan.rows(alpha).map_err(bad)?;
    let level = (1.0 - alpha) * 100.0;
    let measure = plan.spec.measure.budget_name();
    println!(
        "spec {} (sha256 {})",
        spec.display(),
        &plan.spec.sha256[..16]
    );
    println!(
        "{:<28} {:>8} {:>12} {:>12} {:>10} {:>10}  mechanism",
        "table",
        "cells",
        measure,
        "scale",
        format!("±{level:.0}%"),
        "threshold"
    );
    for r in rows {
        println!(
            "{:<28} {:>8} {:>12} {:>12.3} {:>10} {:>10}  {}",
            r.name,
            r.cells.map_or("discover".into(), |c| c.to_string()),
            upper_bound_text(r.share),
            r.scale,
            r.margin_of_error,
            r.threshold.map_or("-".into(), |t| t.to_string()),
            r.mechanism
        );
    }
    let st = plan.statement().map_err(bad)?;
    println!("total: {}", st.statement);
    println!("margins are the half-width of each cell's {level:.0}% interval (noisy count ± margin); no data was read.");
    Ok(())
}

fn release(
    spec_path: &Path,
    input: &Path,
    ledger_path: &Path,
    out: &Path,
    alpha: f64,
    sheet: Option<&str>,
) -> Result<(), CliError> {
    check_alpha(alpha)?;
    let plan = load_plan(spec_path)?;
    let spend = plan.total_spend();
    let measure = plan.spec.measure;
    // Checks that cost nothing, before reading a possibly large input.
    if out.join("release.json").exists() {
        return Err(bad(format!("{} already holds a release; choose a new --out directory (a release is never overwritten)", out.display())));
    }
    let state = ledger::read(ledger_path).map_err(ledger_err)?;
    state
        .fits(ledger_path, measure, spend.budget, spend.delta)
        .map_err(ledger_err)?;

    let format = Format::from_name(&input.to_string_lossy());
    let file_label = input.display().to_string();
    let f = File::open(input).map_err(|e| bad(format!("cannot read {file_label}: {e}")))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = (std::io::stderr().is_terminal() && size > PROGRESS_BYTES).then(|| {
        let b = indicatif::ProgressBar::new(size);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} reading {bytes}/{total_bytes} {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let mut progress = |n: u64| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    };
    let mut counter = tamiz_stats::count::Counter::new(&plan.spec);
    let read = match format {
        // Blocks on every core; same rows, line numbers and errors as `data::read_csv`.
        Format::Csv => tamiz_stats::csv_blocks::read_csv_blocks(
            f,
            &file_label,
            &mut counter,
            &mut progress,
            tamiz_stats::csv_blocks::BlockOptions::default(),
        ),
        Format::Jsonl => data::read_jsonl(f, &file_label, &mut counter, &mut progress),
        Format::Xlsx => {
            data::read_xlsx(std::io::BufReader::new(f), &file_label, sheet, &mut counter)
        }
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    read.map_err(|e| bad(format!("{e}; nothing was released and no budget was spent")))?;
    let rows = counter.rows();
    let dropped = counter.dropped_by_bound();
    let counts = counter.finish();

    // Lock, re-verify, and fail early if the balance does not cover the release.
    let mut locked = ledger::open_locked(ledger_path).map_err(ledger_err)?;
    locked
        .state
        .fits(ledger_path, measure, spend.budget, spend.delta)
        .map_err(ledger_err)?;
    let release = plan
        .release(counts, alpha, Some(ledger::now_rfc3339()))
        .map_err(|e| match e {
            ReleaseError::Data(_) | ReleaseError::Spec(_) => bad(e),
            other => CliError::Failed(format!(
                "{other}; nothing was released and no budget was spent"
            )),
        })?;
    output::prepare_dir(out).map_err(|e| bad(format!("{}: {e}", out.display())))?;
    let staged = output::stage(out, &release).map_err(|e| {
        CliError::Failed(format!(
            "cannot write to {}: {e}; nothing was released and no budget was spent",
            out.display()
        ))
    })?;
    let note = format!(
        "spec {} input {} out {}",
        spec_path.display(),
        input.display(),
        out.display()
    );
    locked
        .spend(measure, spend.budget, spend.delta, &plan.spec.sha256, &note)
        .map_err(ledger_err)?;
    staged.commit().map_err(|e| {
        CliError::Failed(format!(
            "the spend was recorded in {} but moving the files into {} failed: {e}. The staged files are removed; the budget is spent",
            ledger_path.display(),
            out.display()
        ))
    })?;
    drop(locked);
    eprintln!("read {rows} records; {dropped} dropped by the per-person bound (custodian diagnostics: not published)");
    println!(
        "released {} tables into {}",
        release.tables.len(),
        out.display()
    );
    println!("{}", release.privacy.statement);
    Ok(())
}

fn ledger_err(e: LedgerError) -> CliError {
    match e {
        LedgerError::Io { .. } | LedgerError::Parameter(_) | LedgerError::Exists(_) => {
            CliError::BadInput(e.to_string())
        }
        other => CliError::Failed(other.to_string()),
    }
}

fn ledger_init(path: &Path, rho: Option<f64>, epsilon: Option<f64>) -> Result<(), CliError> {
    let (measure, total) = match (rho, epsilon) {
        (Some(r), None) => (Measure::ZCdp, r),
        (None, Some(e)) => (Measure::Pure, e),
        _ => return Err(bad("give exactly one of --rho or --epsilon")),
    };
    ledger::init(path, measure, total).map_err(ledger_err)?;
    println!(
        "created ledger {} with {} = {total}",
        path.display(),
        measure.budget_name()
    );
    Ok(())
}

fn ledger_show(path: &Path) -> Result<(), CliError> {
    let state = ledger::read(path).map_err(ledger_err)?;
    let m = state.measure().budget_name();
    println!(
        "ledger {} ({} total = {}), hash chain verified",
        path.display(),
        m,
        state.total()
    );
    println!(
        "{:>4}  {:<20}  {:<6}  {:>12}  {:>10}  {:<16}  note",
        "seq", "time (UTC)", "kind", m, "delta", "spec sha256"
    );
    for e in &state.entries {
        let amount = if e.kind == "init" {
            e.amount
        } else {
            e.charged.unwrap_or(e.amount)
        };
        println!(
            "{:>4}  {:<20}  {:<6}  {:>12}  {:>10.3e}  {:<16}  {}",
            e.seq,
            e.time,
            e.kind,
            upper_bound_text(amount),
            e.delta,
            e.spec_sha256
                .as_deref()
                .map_or("-", |s| &s[..16.min(s.len())]),
            e.note
        );
    }
    println!(
        "spent {m} = {} of {}; remaining {}; delta spent {:.3e}",
        upper_bound_text(state.spent()),
        state.total(),
        lower_bound_text(state.remaining()),
        state.delta_spent()
    );
    Ok(())
}

fn combine(dirs: &[PathBuf], out: &Path, disjoint: bool) -> Result<(), CliError> {
    let mut releases = Vec::new();
    for d in dirs {
        let p = d.join("release.json");
        let text = crate::input::read_text(Some(&p))?;
        let r: Release = serde_json::from_str(&text).map_err(|e| {
            bad(format!(
                "{}:{}:{}: not a tamiz release: {e}",
                p.display(),
                e.line(),
                e.column()
            ))
        })?;
        releases.push((d.display().to_string(), r));
    }
    let mut combined = tamiz_stats::combine::combine(&releases, disjoint).map_err(bad)?;
    combined.created = Some(ledger::now_rfc3339());
    output::write_release(out, &combined).map_err(|e| bad(format!("{}: {e}", out.display())))?;
    println!(
        "combined {} releases into {}",
        releases.len(),
        out.display()
    );
    println!("{}", combined.privacy.statement);
    Ok(())
}
