//! `tamiz synth`. (Owned by the statistics work, issue 5.)

use crate::error::CliError;

/// Arguments of `tamiz synth`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `tamiz synth`.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::Failed("`tamiz synth` is not built yet".into()))
}
