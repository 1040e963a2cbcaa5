//! The browser build: a whole in-memory release (spec, CSV, OpenDP noise, thresholding) runs under
//! wasm32 with the browser's secure randomness. Run with
//! `cargo test --target wasm32-unknown-unknown -p tamiz-stats --test wasm` (Node).
#![cfg(target_arch = "wasm32")]

use tamiz_stats::data::Format;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn release_from_bytes_draws_noise_in_wasm() {
    let mut data = Vec::new();
    tamiz_stats::synth::write_synthetic(&mut data, 500, 9, None).unwrap();
    let spec = include_str!("data/issue5.toml");
    let r = tamiz_stats::release_from_bytes(spec, &data, Format::Csv, 0.5, 0.05, None).unwrap();
    assert_eq!(r.tables.len(), 3);
    assert!(r.tables[0].cells.iter().any(|c| c.noisy != 0));
    let pure = spec
        .replace("measure = \"zcdp\"", "measure = \"pure\"")
        .replace("rho = 0.5", "epsilon = 1.0");
    let r = tamiz_stats::release_from_bytes(&pure, &data, Format::Csv, 1.0, 0.05, None).unwrap();
    assert_eq!(r.tables.len(), 3);
}
