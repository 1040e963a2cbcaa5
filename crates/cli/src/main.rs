//! `tamiz`: the command-line front end. Thin by design: argument parsing, file I/O and exit codes;
//! every rule lives in the library crates.

mod assess;
mod content;
mod error;
mod input;
mod stats;
mod synth;

use clap::{Parser, Subcommand};

/// Screening assessments, content checks and differential-privacy statistics for Tamiz.
#[derive(Debug, Parser)]
#[command(name = "tamiz", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Assess case facts (JSON) and print the assessment.
    Assess(assess::Args),
    /// Check or dump the screening instrument (questions, texts, referral directories).
    Content(content::Args),
    /// Differential-privacy statistics: plan, release, ledger, combine.
    Stats(stats::Args),
    /// Write synthetic CTDC-shaped records for demos, tests and benchmarks.
    Synth(synth::Args),
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with exit 0, usage errors to stderr with 2.
            let _ = e.print();
            std::process::exit(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Assess(args) => assess::run(args),
        Command::Content(args) => content::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Synth(args) => synth::run(args),
    };
    if let Err(e) = result {
        eprintln!("tamiz: error: {e}");
        std::process::exit(e.exit_code());
    }
}
