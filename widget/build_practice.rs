//! The practice-case bank for the training bundle (`--features training`), compiled into static
//! tables of `&'static str` and enum values (`src/training/bank.rs` declares their types).
//!
//! Why not the practice crate's own loader: it parses TOML, which would put a TOML parser in the
//! wasm; and why not the packed format of the instrument: static tables need no reader at all. The
//! cases are validated here, natively, by `tamiz_practice::Bank::builtin()` (which also checks every
//! expected assessment against the engine), so a bad case file fails the build with its message.

use std::fmt::Write as _;
use std::path::Path;

use tamiz_practice::{Bank, PracticeCase};

fn text(es: &str, en: &str) -> String {
    format!("[{es:?}, {en:?}]")
}

fn case(out: &mut String, c: &PracticeCase) {
    let _ = write!(
        out,
        "PCase {{ id: {:?}, country: Country::{:?}, role: Role::{:?}, sector: Sector::{:?}, \
         difficulty: Difficulty::{:?}, title: {}, age: {:?}, minor: {:?}, learning: {}, narrative: &[",
        c.id,
        c.country,
        c.role,
        c.sector,
        c.difficulty,
        text(&c.title.es, &c.title.en),
        c.person.age,
        c.person.minor,
        text(&c.learning_point.es, &c.learning_point.en),
    );
    for s in &c.narrative {
        let _ = write!(out, "[{:?}, {:?}, {:?}],", s.id, s.text.es, s.text.en);
    }
    out.push_str("], keys: &[");
    for k in &c.observations {
        let _ = write!(
            out,
            "PKey {{ id: ObservationId::{:?}, answer: Answer::{:?}, sentences: &{:?}, explanation: {} }},",
            k.id,
            k.answer,
            k.sentences,
            text(&k.explanation.es, &k.explanation.en),
        );
    }
    out.push_str("] },\n");
}

/// Writes `practice.rs` (an expression of type `&[PCase]`) into `out_dir`, or stops the build with
/// the bank's validation errors.
pub fn write(out_dir: &Path) {
    println!("cargo:rerun-if-changed=build_practice.rs");
    let bank = match Bank::builtin() {
        Ok(bank) => bank,
        Err(e) => {
            eprintln!("the built-in practice cases are invalid:\n{e}");
            std::process::exit(1);
        }
    };
    let mut out = String::from("&[\n");
    for c in &bank.cases {
        case(&mut out, c);
    }
    out.push(']');
    let path = out_dir.join("practice.rs");
    if let Err(e) = std::fs::write(&path, out) {
        eprintln!("cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}
