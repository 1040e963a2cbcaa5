//! `tamiz content`: check and dump the screening instrument. (Owned by the instrument work, issue 3.)

use crate::error::CliError;

/// Arguments of `tamiz content`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `tamiz content`.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::Failed("`tamiz content` is not built yet".into()))
}

/// Renders the human-readable result of `tamiz assess --format text`.
pub fn render_text(
    _facts: &tamiz_engine::CaseFacts,
    _assessment: &tamiz_engine::Assessment,
    _lang: &str,
) -> Result<String, CliError> {
    Err(CliError::Failed("`--format text` is not built yet".into()))
}
