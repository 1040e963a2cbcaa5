//! Compiles the instrument into the widget, pruned to what the widget shows, in the compact format
//! of `src/packed.rs`.
//!
//! The instrument's own loader parses TOML and validates it with `file:line` messages: right for the
//! CLI and for agencies, but a TOML parser and the validator would add tens of KB to every phone
//! that loads the widget. So the build parses and validates the built-in content here, natively,
//! drops what the widget never displays (long descriptions, source URLs, check dates), packs the rest
//! and checks that it reads back equal. It is written as one pack per screening a page can show
//! (`es-pe-self.bin`: language, country, role; `es-pe.bin` for training), which `cargo xtask dist`
//! ships next to the wasm and the loader fetches: a page downloads only the texts it can show
//! (`host::instrument`).

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
    // One pack per screening a page can show (language, country, role; for training: language,
    // country, every role), which the loader fetches next to the wasm. Each must read back through
    // the widget's reader and pack again to the same bytes. The table of their fingerprints is
    // compiled in, so the wasm refuses a pack from another build; the test table lets the browser
    // tests add packs without the loader.
    let mut fingerprints = String::from(
        "/// Every content pack of this bundle: its key and the fingerprint of its bytes.\n\
         pub const PACKS: &[(&str, u64)] = &[\n",
    );
    let mut for_tests = String::from(
        "/// Every content pack of this bundle, for tests that mount without the loader.\n\
         pub const PACK_FILES: &[(&str, &[u8])] = &[\n",
    );
    for (key, pruned) in packs(&instrument, training) {
        let lang = &key[..2];
        let pack = match packed::to_bytes_in(&pruned, lang) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("cannot pack the instrument for `{key}`: {e}");
                std::process::exit(1);
            }
        };
        let again = packed::read_instrument(&pack).map(|i| packed::to_bytes_in(&i, lang));
        if !matches!(again, Some(Ok(ref b)) if *b == pack) {
            eprintln!("the `{key}` pack does not read back equal through the widget's reader");
            std::process::exit(1);
        }
        let out = out_dir.join(format!("{key}.bin"));
        if let Err(e) = std::fs::write(&out, &pack) {
            eprintln!("cannot write {}: {e}", out.display());
            std::process::exit(1);
        }
        fingerprints.push_str(&format!(
            "    ({key:?}, {:#x}),\n",
            packed::fingerprint(&pack)
        ));
        for_tests.push_str(&format!(
            "    ({key:?}, include_bytes!({:?})),\n",
            out.display().to_string()
        ));
    }
    fingerprints.push_str("];\n");
    for_tests.push_str("];\n");
    let out = out_dir.join("pack_files.rs");
    if let Err(e) = std::fs::write(&out, for_tests) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
    let out = out_dir.join("fingerprints.rs");
    if let Err(e) = std::fs::write(&out, fingerprints) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}

/// The content packs of this bundle and what each keeps: `es-pe-self` keeps Peru and the self-check
/// bank (and every shared part); training's `es-pe` keeps Peru and every bank. The language is
/// chosen when packing. Keys are those of `Options::content_key`.
fn packs(instrument: &Instrument, training: bool) -> Vec<(String, Instrument)> {
    let mut packs = Vec::new();
    for lang in ["es", "en"] {
        for country in Country::ALL {
            let c = country.code().to_ascii_lowercase();
            let mut one_country = instrument.clone();
            one_country.countries.retain(|k, _| *k == country);
            if training {
                packs.push((format!("{lang}-{c}"), one_country));
                continue;
            }
            for role in Role::ALL {
                let mut one = one_country.clone();
                one.banks.retain(|k, _| *k == role);
                packs.push((format!("{lang}-{c}-{}", role.as_str()), one));
            }
        }
    }
    packs
}
