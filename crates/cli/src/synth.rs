//! `tamiz synth`: synthetic CTDC-shaped records for demos, tests and benchmarks (issue 5).
//! The file is written under a temporary name and renamed when complete: never a partial file.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use crate::error::CliError;

/// Arguments of `tamiz synth`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of records.
    #[arg(long)]
    rows: u64,
    /// Seed: the same seed gives the same file.
    #[arg(long)]
    seed: u64,
    /// Output CSV file.
    #[arg(long)]
    out: PathBuf,
    /// Fix CountryOfExploitation (e.g. CO for one custodian's file); default: CO, PE and EC mixed.
    #[arg(long)]
    country: Option<String>,
}

/// Runs `tamiz synth`.
pub fn run(args: Args) -> Result<(), CliError> {
    if let Some(c) = &args.country {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(CliError::BadInput(format!(
                "--country {c:?}: use a two-letter ISO 3166 code such as CO, EC or PE"
            )));
        }
    }
    if args.rows > 100_000_000 {
        return Err(CliError::BadInput("--rows: at most 100000000".into()));
    }
    if args.out.exists() {
        return Err(CliError::BadInput(format!(
            "{} already exists; choose another --out (synth never overwrites a file)",
            args.out.display()
        )));
    }
    let name = args
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = args
        .out
        .with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut w = BufWriter::with_capacity(1 << 16, f);
        tamiz_stats::synth::write_synthetic(&mut w, args.rows, args.seed, args.country.as_deref())?;
        w.flush()?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &args.out)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(CliError::BadInput(format!(
            "cannot write {}: {e}",
            args.out.display()
        )));
    }
    eprintln!(
        "wrote {} synthetic records to {} (seed {}); every record is marked synthetic",
        args.rows,
        args.out.display(),
        args.seed
    );
    Ok(())
}
