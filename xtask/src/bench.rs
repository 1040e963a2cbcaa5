//! `cargo xtask bench` (being built).

use anyhow::{bail, Result};

/// Runs `cargo xtask bench`.
pub fn run(_args: &[String]) -> Result<()> {
    bail!("`cargo xtask bench` is not built yet")
}
