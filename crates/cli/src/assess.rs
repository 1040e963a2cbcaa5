//! `tamiz assess`: case facts in, assessment out.

use std::path::PathBuf;

use crate::error::CliError;

/// Output format of `tamiz assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The `tamiz.assessment/1` JSON (the contract).
    Json,
    /// The human-readable result with referral steps, in `--lang`.
    Text,
}

/// Arguments of `tamiz assess`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case-facts JSON file; `-` or nothing reads standard input.
    #[arg(long, short)]
    input: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Language of the text output (`es` or `en`).
    #[arg(long, default_value = "es", value_parser = ["es", "en"])]
    lang: String,
}

/// Runs `tamiz assess`. Nothing is printed unless the whole assessment succeeded.
pub fn run(args: Args) -> Result<(), CliError> {
    let text = crate::input::read_text(args.input.as_deref())?;
    let source = args
        .input
        .as_ref()
        .map_or_else(|| "standard input".to_owned(), |p| p.display().to_string());
    let facts = tamiz_engine::CaseFacts::from_json(&text)
        .map_err(|e| CliError::BadInput(format!("{source}: {e}")))?;
    let assessment = tamiz_engine::assess(&facts);
    let out = match args.format {
        Format::Json => serde_json::to_string_pretty(&assessment)
            .map_err(|e| CliError::Failed(format!("cannot serialise the assessment: {e}")))?,
        Format::Text => crate::content::render_text(&facts, &assessment, &args.lang)?,
    };
    crate::content::print_out(&out)
}
