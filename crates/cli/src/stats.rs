//! `tamiz stats`. (Owned by the statistics work, issue 5.)

use crate::error::CliError;

/// Arguments of `tamiz stats`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `tamiz stats`.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::Failed("`tamiz stats` is not built yet".into()))
}
