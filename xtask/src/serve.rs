//! `cargo xtask serve` (being built).

use anyhow::{bail, Result};

/// Runs `cargo xtask serve`.
pub fn run(_args: &[String]) -> Result<()> {
    bail!("`cargo xtask serve` is not built yet")
}

/// The site's test step in `cargo xtask test`: the end-to-end suite in Chromium.
pub fn test() -> Result<()> {
    eprintln!("site: not built yet (issue 6); nothing to test");
    Ok(())
}
