//! Reading the input of a command: a file, or standard input for `-`.

use std::io::Read;
use std::path::Path;

use crate::error::CliError;

/// Reads a whole text input. `None` or `-` is standard input. Errors name the file and what to do.
pub fn read_text(path: Option<&Path>) -> Result<String, CliError> {
    match path {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => {
            let bytes = std::fs::read(p)
                .map_err(|e| CliError::BadInput(format!("cannot read {}: {e}", p.display())))?;
            String::from_utf8(bytes).map_err(|e| {
                CliError::BadInput(format!(
                    "{}: not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
                    p.display(),
                    e.utf8_error().valid_up_to()
                ))
            })
        }
    }
}

fn read_stdin() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::BadInput(format!("cannot read standard input: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::BadInput(format!(
            "standard input: not UTF-8 text (invalid byte at offset {}); send UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}
