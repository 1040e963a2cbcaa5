//! Compiles the instrument into the widget as JSON, pruned to what the widget shows.
//!
//! The instrument's own loader parses TOML and validates it with `file:line` messages: right for the
//! CLI and for agencies, but a TOML parser and the validator would add tens of KB to every phone
//! that loads the widget. So the build parses and validates the built-in content here, natively,
//! drops what the widget never displays (long descriptions, source URLs, check dates), and embeds the
//! rest as JSON that the browser's own `JSON.parse` reads at startup (`host::instrument`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use tamiz_engine::{Country, Role};
use tamiz_instrument::{CountryContent, Instrument, QuestionBank, Results, Text, Vocabulary};

/// The shape read back at runtime (`Instrument` itself is serialise-only).
#[derive(Deserialize)]
#[allow(dead_code)]
struct Parts {
    vocabulary: Vocabulary,
    results: Results,
    banks: BTreeMap<Role, QuestionBank>,
    countries: BTreeMap<Country, CountryContent>,
}

fn blank(t: &mut Text) {
    t.es.clear();
    t.en.clear();
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut instrument: Instrument = match Instrument::builtin() {
        Ok(i) => i.clone(),
        Err(e) => {
            eprintln!("the built-in instrument content is invalid:\n{e}");
            std::process::exit(1);
        }
    };
    for d in instrument.vocabulary.observations.values_mut() {
        blank(&mut d.description);
    }
    for d in instrument.vocabulary.ilo.values_mut() {
        blank(&mut d.description);
    }
    for c in instrument.countries.values_mut() {
        for l in &mut c.legal {
            l.source.clear();
            l.checked.clear();
            l.note = None;
        }
        for i in &mut c.institutions {
            i.source.clear();
            i.checked.clear();
            for contact in &mut i.contacts {
                contact.source.clear();
                contact.checked.clear();
            }
        }
    }
    let json = match serde_json::to_string(&instrument) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("cannot serialise the instrument: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = serde_json::from_str::<Parts>(&json) {
        eprintln!("the instrument JSON does not read back: {e}");
        std::process::exit(1);
    }
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("instrument.json");
    if let Err(e) = std::fs::write(&out, json) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
