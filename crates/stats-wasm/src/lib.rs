//! # tamiz-stats-wasm
//!
//! The analyst page's front end to `tamiz-stats`, compiled to WebAssembly: the page reads the file
//! the analyst chose into memory and hands the bytes here, so a ministry's records are released with
//! differential privacy without ever leaving the analyst's machine. Deliberately thin: every rule
//! (spec parsing, budget checks, OpenDP mechanisms, intervals, CSV layout) lives in `tamiz-stats`;
//! this crate only converts between JavaScript values and that crate's in-memory release API
//! ([`tamiz_stats::release_from_bytes`]), so the page and `tamiz stats release` cannot drift apart.
//!
//! It compiles natively too (the workspace lints and tests run natively); only the browser build is
//! served. There is no ledger in the browser: the page keeps the session's remaining budget and
//! passes it in, and `tamiz-stats` refuses a release that would exceed it.

use tamiz_stats::release::{table_csv, Release};
use tamiz_stats::Format;
use wasm_bindgen::prelude::*;

/// The release spec the page offers as "built-in example": the one issue 5 says must be accepted as
/// written, so the page demonstrates exactly what an analyst would start from.
pub const EXAMPLE_SPEC: &str = include_str!("example-spec.toml");

/// Returns [`EXAMPLE_SPEC`], so the page shows and releases with the same text.
#[wasm_bindgen(js_name = exampleSpec)]
pub fn example_spec() -> String {
    EXAMPLE_SPEC.to_owned()
}

/// This crate's version, so the page can say what ran next to a release.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Releases `data` (the bytes of a CSV or XLSX file; `file_name` says which by its extension) under
/// the TOML `spec` and returns `release.json` as text, the document `tamiz stats release` writes.
/// `remaining` is the session's budget left in the spec's measure (ρ or ε); `alpha` the intervals'
/// complement (0.05 for 95%). Every error is a message for the analyst, thrown as a JS `Error`.
#[wasm_bindgen]
pub fn release(
    spec: &str,
    data: &[u8],
    file_name: &str,
    remaining: f64,
    alpha: f64,
) -> Result<String, JsError> {
    release_json(spec, data, file_name, remaining, alpha).map_err(|e| JsError::new(&e))
}

/// The CSV of every table of a release (as returned by [`release`]), in table order: the same bytes
/// `tamiz stats release` writes to `<table>.csv`.
#[wasm_bindgen(js_name = tableCsvs)]
pub fn table_csvs(release_json: &str) -> Result<Vec<String>, JsError> {
    csvs(release_json).map_err(|e| JsError::new(&e))
}

/// The natively callable core of [`release`] (unit-testable without a browser).
pub fn release_json(
    spec: &str,
    data: &[u8],
    file_name: &str,
    remaining: f64,
    alpha: f64,
) -> Result<String, String> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(format!(
            "alpha {alpha} is not between 0 and 1 (0.05 gives 95% intervals)"
        ));
    }
    let format = Format::from_name(file_name);
    let release = tamiz_stats::release_from_bytes(spec, data, format, remaining, alpha, None)
        .map_err(|e| format!("{file_name}: {e}"))?;
    serde_json::to_string_pretty(&release).map_err(|e| format!("cannot write release.json: {e}"))
}

/// The natively callable core of [`table_csvs`].
pub fn csvs(release_json: &str) -> Result<Vec<String>, String> {
    let release: Release =
        serde_json::from_str(release_json).map_err(|e| format!("not a release.json: {e}"))?;
    Ok(release
        .tables
        .iter()
        .map(|t| String::from_utf8_lossy(&table_csv(t)).into_owned())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = "personId,CountryOfExploitation,yearOfRegistration,gender,citizenship,\
meansOfControlDebtBondage,meansOfControlThreats,meansOfControlWithholdsDocuments\n\
1,CO,2019,Female,VE,1,0,1\n2,PE,2020,Male,PE,0,1,0\n3,EC,2021,Female,CO,0,0,0\n";

    #[test]
    fn the_example_spec_releases_the_three_tables_with_csvs() {
        let json = release_json(EXAMPLE_SPEC, DATA.as_bytes(), "sample.csv", 1.0, 0.05).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let names: Vec<&str> = value["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "by_country_year_gender",
                "by_country_citizenship",
                "means_of_control"
            ]
        );
        let csvs = csvs(&json).unwrap();
        assert_eq!(csvs.len(), 3);
        assert!(csvs[0].starts_with("CountryOfExploitation,yearOfRegistration,gender,count"));
    }

    #[test]
    fn a_release_over_the_remaining_budget_is_refused() {
        let err = release_json(EXAMPLE_SPEC, DATA.as_bytes(), "sample.csv", 0.1, 0.05).unwrap_err();
        assert!(err.contains("refused"), "{err}");
    }

    #[test]
    fn bad_alpha_is_refused() {
        assert!(release_json(EXAMPLE_SPEC, DATA.as_bytes(), "x.csv", 1.0, 1.5).is_err());
    }
}
