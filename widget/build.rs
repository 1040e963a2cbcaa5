//! Compiles the instrument into the widget, pruned to what the widget shows, in the compact format
//! of `src/packed.rs`.
//!
//! The instrument's own loader parses TOML and validates it with `file:line` messages: right for the
//! CLI and for agencies, but a TOML parser and the validator would add tens of KB to every phone
//! that loads the widget. So the build parses and validates the built-in content here, natively,
//! drops what the widget never displays (long descriptions, source URLs, check dates), packs the rest
//! and checks that it reads back equal; the widget unpacks it at startup (`host::instrument`).

use std::path::PathBuf;

use serde::Deserialize;

#[path = "build_practice.rs"]
mod practice;

#[path = "src/packed.rs"]
#[allow(dead_code)]
mod packed;
use tamiz_engine::{Country, Role};
use tamiz_instrument::{CountryContent, Instrument, QuestionBank, Results, Text, Vocabulary};

/// The shape read back at runtime (`Instrument` itself is serialise-only).
#[derive(Deserialize)]
struct Parts {
    vocabulary: Vocabulary,
    results: Results,
    banks: tamiz_engine::VecMap<Role, QuestionBank>,
    countries: tamiz_engine::VecMap<Country, CountryContent>,
}

fn blank(t: &mut Text) {
    t.es.clear();
    t.en.clear();
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/packed.rs");
    let mut instrument: Instrument = match Instrument::builtin() {
        Ok(i) => i.clone(),
        Err(e) => {
            eprintln!("the built-in instrument content is invalid:\n{e}");
            std::process::exit(1);
        }
    };
    // The training bundle explains each indicator in its feedback (the observation's description
    // and the ILO indicator's name); the screening bundle never shows them.
    let training = std::env::var_os("CARGO_FEATURE_TRAINING").is_some();
    if !training {
        for d in instrument.vocabulary.observations.values_mut() {
            blank(&mut d.description);
        }
    }
    // Neither the ILO indicators' names nor the legal topics' titles are shown by the screening
    // widget (the CLI's reports and training mode use them).
    for d in instrument.vocabulary.ilo.values_mut() {
        if !training {
            blank(&mut d.name);
        }
        blank(&mut d.description);
    }
    for t in instrument.vocabulary.topics.values_mut() {
        blank(t);
    }
    // Of the shared labels the widget shows only these (its own interface texts are in
    // `src/ui/text.rs`); the others serve the CLI's printed reports.
    let l = &mut instrument.vocabulary.labels;
    for t in [
        &mut l.result,
        &mut l.forced_labour,
        &mut l.trafficking,
        &mut l.urgency,
        &mut l.indicators,
        &mut l.uncertain,
        &mut l.evidence,
        &mut l.notes,
        &mut l.legal,
        &mut l.referral,
        &mut l.source,
        &mut l.checked,
        &mut l.elements,
        &mut l.act,
        &mut l.means,
        &mut l.purpose,
        &mut l.not_required,
        &mut l.finding_yes,
        &mut l.finding_no,
        &mut l.finding_indeterminate,
        &mut l.no_contact,
        &mut l.ilo,
        &mut l.country_co,
        &mut l.country_ec,
        &mut l.country_pe,
        &mut l.role_inspector,
        &mut l.role_migration,
        &mut l.role_prosecutor,
        &mut l.role_self,
        &mut l.rights,
        &mut l.evidence_by_element,
        &mut l.signs,
    ] {
        blank(t);
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
    let bytes = match packed::to_bytes(&instrument) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot pack the instrument: {e}");
            std::process::exit(1);
        }
    };
    match packed::from_bytes::<Parts>(&bytes) {
        Ok(parts) => {
            let back = Instrument {
                vocabulary: parts.vocabulary,
                results: parts.results,
                banks: parts.banks,
                countries: parts.countries,
            };
            if back != instrument {
                eprintln!("the packed instrument does not read back equal");
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("the packed instrument does not read back: {e}");
            std::process::exit(1);
        }
    }
    if packed::read_instrument(&bytes).as_ref() != Some(&instrument) {
        eprintln!("the packed instrument does not read back equal through the widget's reader");
        std::process::exit(1);
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if training {
        practice::write(&out_dir);
    }
    let out = out_dir.join("instrument.bin");
    if let Err(e) = std::fs::write(&out, bytes) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
