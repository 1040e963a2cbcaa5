//! The instrument at runtime. In the browser it is the JSON that `build.rs` embedded, read with the
//! browser's `JSON.parse` (no TOML parser or validator in the wasm); natively (tests, tools) it is
//! the instrument's own `Instrument::builtin()`.

use tamiz_instrument::Instrument;

#[cfg(target_arch = "wasm32")]
fn load() -> Result<Instrument, String> {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use tamiz_engine::{Country, Role};
    use tamiz_instrument::{CountryContent, QuestionBank, Results, Vocabulary};

    #[derive(Deserialize)]
    struct Parts {
        vocabulary: Vocabulary,
        results: Results,
        banks: BTreeMap<Role, QuestionBank>,
        countries: BTreeMap<Country, CountryContent>,
    }
    const JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/instrument.json"));
    let value = js_sys::JSON::parse(JSON).map_err(|_| "the embedded instrument is not JSON")?;
    let parts: Parts = serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())?;
    Ok(Instrument {
        vocabulary: parts.vocabulary,
        results: parts.results,
        banks: parts.banks,
        countries: parts.countries,
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn load() -> Result<Instrument, String> {
    Instrument::builtin().cloned().map_err(|e| e.to_string())
}

thread_local! {
    static INSTRUMENT: std::cell::OnceCell<Result<&'static Instrument, String>> =
        const { std::cell::OnceCell::new() };
}

/// The instrument, loaded once per page (all widgets share it; it lives as long as the page).
pub fn instrument() -> Result<&'static Instrument, String> {
    INSTRUMENT.with(|cell| {
        cell.get_or_init(|| load().map(|i| &*Box::leak(Box::new(i))))
            .clone()
    })
}
