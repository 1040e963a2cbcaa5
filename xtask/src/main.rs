//! `cargo xtask`: the project's one entry point for everything beyond `cargo build`.
//!
//! - `cargo xtask test`  — every test the project has (native, wasm, browser, size gates).
//! - `cargo xtask serve` — build everything and serve the demo site on 127.0.0.1.
//! - `cargo xtask dist`  — build the npm-ready widget into `dist/widget/` and print its sizes.
//! - `cargo xtask bench` — side-by-side benchmarks (not part of the tests).
//! - `cargo xtask fuzz`  — long fuzzing runs (a short one is part of the tests).
//!
//! It is the only code that knows the tool chain (wasm target, wasm-bindgen, wasm-opt, Chromium, npm);
//! `setup` installs what is missing on a fresh Debian machine or stops with a clear message.

mod bench;
mod dist;
mod fuzz;
mod pages;
mod serve;
mod setup;
mod test;
mod util;

use anyhow::{bail, Result};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args) {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn run(args: &[String]) -> Result<()> {
    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => ("help", &[][..]),
    };
    match command {
        "test" => test::run(rest),
        "serve" => serve::run(rest),
        "dist" => dist::run(rest).map(|_| ()),
        "bench" => bench::run(rest),
        "fuzz" => fuzz::run(rest),
        "setup" => setup::run(rest),
        "help" | "--help" | "-h" => {
            println!("{}", HELP);
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{HELP}"),
    }
}

const HELP: &str = "usage: cargo xtask <command>

commands:
  test   [--quick]        run every test (installs missing tools on Debian)
  serve  [--port 8080]    build everything and serve the demo site on 127.0.0.1
  dist                    build dist/widget/ (npm-ready) and print sizes
  bench                   run the benchmarks and print the table
  fuzz   [--seconds N] [TARGET…]  long fuzzing runs (default 300 s a target)
         --until-plateau MIN [--max-minutes M] [--regions] [TARGET…]  optimised, until coverage stops growing
         regions TARGET DIR… [--baseline DIR… [--inputs]]  source coverage of the inputs (beyond a baseline)
         merge [TARGET…]  fold fuzz/corpus into fuzz/seeds, by edges and by source coverage
         smoke            the short run of every target that `test` makes
  setup                   install the tool chain only";
