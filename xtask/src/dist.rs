//! `cargo xtask dist`: the npm-ready widget in `dist/widget/` (owned by the widget work, issue 4).

use std::path::PathBuf;

use anyhow::{bail, Result};

/// Builds `dist/widget/` and returns its path.
pub fn run(_args: &[String]) -> Result<PathBuf> {
    bail!("`cargo xtask dist` is not built yet")
}

/// The widget's test step in `cargo xtask test`: wasm-bindgen-test in Chromium and the size gate.
pub fn test() -> Result<()> {
    eprintln!("widget: not built yet (issue 4); nothing to test");
    Ok(())
}
