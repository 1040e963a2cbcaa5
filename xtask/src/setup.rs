//! Installs what the build and the tests need on a fresh Debian machine (as root), or stops with a
//! message saying exactly what to install. Every step checks first, so a prepared machine pays nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::{self, have, output, root};

/// `cargo xtask setup`: everything at once.
pub fn run(_args: &[String]) -> Result<()> {
    wasm_target()?;
    rust_src()?;
    wasm_bindgen()?;
    chromium()?;
    wasm_opt()?;
    Ok(())
}

/// The `wasm32-unknown-unknown` standard library.
pub fn wasm_target() -> Result<()> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    if !have("rustup") {
        bail!("the wasm32-unknown-unknown target is missing and rustup is not on PATH; install it with `rustup target add wasm32-unknown-unknown`");
    }
    util::run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The standard library's sources (rustup's `rust-src`), which the widget's size build compiles
/// std from (`dist::SIZE_BUILD_ARGS`).
pub fn rust_src() -> Result<()> {
    let sysroot = output(Command::new("rustc").args(["--print", "sysroot"])).unwrap_or_default();
    let library = std::path::Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library");
    if library.join("std").exists() {
        return Ok(());
    }
    if !have("rustup") {
        bail!(
            "the standard library's sources are missing ({}) and rustup is not on PATH; install \
             them with `rustup component add rust-src`",
            library.display()
        );
    }
    util::run(Command::new("rustup").args(["component", "add", "rust-src"]))
}

/// The wasm-bindgen version pinned in Cargo.lock: the CLI must match the library exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_owned());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package; run `cargo generate-lockfile` first")
}

/// `wasm-bindgen` and `wasm-bindgen-test-runner` at the locked version.
pub fn wasm_bindgen() -> Result<()> {
    let want = locked_wasm_bindgen_version()?;
    let have_version = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have_version.split_whitespace().nth(1) == Some(want.as_str())
        && have("wasm-bindgen-test-runner")
    {
        return Ok(());
    }
    eprintln!("installing wasm-bindgen-cli {want} (matches Cargo.lock; takes a few minutes once)");
    // `--locked` fails for some versions (a locked dependency was yanked), so resolve afresh.
    util::run(util::cargo().args(["install", "wasm-bindgen-cli", "--version", &want, "--force"]))
}

/// cargo-fuzz, which builds and runs the fuzz targets (`cargo xtask fuzz` and the short runs in
/// `cargo xtask test`).
pub fn cargo_fuzz() -> Result<()> {
    install_until(
        "cargo-fuzz",
        || have("cargo-fuzz"),
        || {
            let mut cmd = util::cargo();
            cmd.args(["install", "cargo-fuzz", "--locked"]);
            cmd
        },
    )
}

/// `llvm-cov` and `llvm-profdata` from rustup's `llvm-tools` component, which the fuzz coverage
/// measurements (`cargo xtask fuzz regions`, `gaps`, `--regions`) read profiles with; `tools` are
/// the paths they must end up at.
pub fn llvm_tools(tools: &[&Path]) -> Result<()> {
    if !have("rustup") && !tools.iter().all(|t| t.exists()) {
        bail!(
            "source coverage needs llvm-cov and llvm-profdata from the `llvm-tools` component, \
             and rustup is not on PATH; install the component with `rustup component add llvm-tools`"
        );
    }
    install_until(
        "the llvm-tools component",
        || tools.iter().all(|t| t.exists()),
        || {
            let mut cmd = Command::new("rustup");
            cmd.args(["component", "add", "llvm-tools"]);
            cmd
        },
    )?;
    for tool in tools {
        if !tool.exists() {
            bail!(
                "`rustup component add llvm-tools` ran but {} is still missing",
                tool.display()
            );
        }
    }
    Ok(())
}

/// Runs `install()` until `present()` holds, at most three times, 20 s apart. Two fuzz runs started
/// together on a fresh machine both install the same tool, and the second can fail on the first's
/// lock or download folder (seen in session 23, where one run was lost): a little later the first
/// has usually finished, and `present()` then holds without a further attempt.
fn install_until(
    what: &str,
    present: impl Fn() -> bool,
    install: impl Fn() -> Command,
) -> Result<()> {
    const ATTEMPTS: u32 = 3;
    let mut attempt = 1;
    while !present() {
        match util::run(&mut install()) {
            Ok(()) => break,
            Err(_) if attempt < ATTEMPTS => {
                attempt += 1;
                eprintln!("installing {what} failed; trying again in 20 s (attempt {attempt} of {ATTEMPTS})");
                std::thread::sleep(std::time::Duration::from_secs(20));
            }
            Err(e) => return Err(e.context(format!("installing {what} failed {ATTEMPTS} times"))),
        }
    }
    Ok(())
}

/// Debian's Chromium and ChromeDriver (never a downloaded browser build).
pub fn chromium() -> Result<()> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    if !have("apt-get") {
        bail!("Chromium is missing: install Debian's `chromium` and `chromium-driver` packages (/usr/bin/chromium, /usr/bin/chromedriver)");
    }
    let root_user = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    if !root_user {
        bail!("Chromium is missing: run `sudo apt-get install chromium chromium-driver`, then try again");
    }
    util::run(Command::new("apt-get").args(["update", "-qq"]))?;
    util::run(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Installs the npm packages of `dir` (its package.json and package-lock.json) if `node_modules` is
/// missing or older than the lock file.
pub fn npm_packages(dir: &Path) -> Result<()> {
    if !have("npm") {
        bail!("npm is missing: install Node.js 20 or newer with npm (Debian: `apt-get install nodejs npm`)");
    }
    let lock = dir.join("package-lock.json");
    let modules = dir.join("node_modules");
    let stale = match (mtime(&lock), mtime(&modules.join(".package-lock.json"))) {
        (Some(l), Some(m)) => l > m,
        _ => true,
    };
    if !stale {
        return Ok(());
    }
    let verb = if lock.exists() { "ci" } else { "install" };
    util::run(
        Command::new("npm")
            .args([verb, "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir),
    )
}

fn mtime(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// `wasm-opt` from the npm `binaryen` package (Debian's is too old for current rustc output).
pub fn wasm_opt() -> Result<PathBuf> {
    let dir = root().join("tools");
    npm_packages(&dir)?;
    let bin = dir.join("node_modules/.bin/wasm-opt");
    if !bin.exists() {
        bail!("{} is missing after `npm ci` in tools/", bin.display());
    }
    Ok(bin)
}

/// `esbuild` from npm, to minify the widget's wasm-bindgen glue.
pub fn esbuild() -> Result<PathBuf> {
    let dir = root().join("tools");
    npm_packages(&dir)?;
    let bin = dir.join("node_modules/.bin/esbuild");
    if !bin.exists() {
        bail!("{} is missing after `npm ci` in tools/", bin.display());
    }
    Ok(bin)
}

/// The flags rustc's current wasm output needs from wasm-opt.
pub const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-multivalue",
    "--enable-reference-types",
];
