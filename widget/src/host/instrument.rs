//! The instrument at runtime. In the browser it is what `build.rs` packed (`crate::packed`: no TOML
//! parser, validator or JSON reader in the wasm); natively (tests, tools) it is the instrument's own
//! `Instrument::builtin()`.

use tamiz_instrument::Instrument;

#[cfg(target_arch = "wasm32")]
fn load() -> Result<Instrument, String> {
    static PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/instrument.bin"));
    crate::packed::read_instrument(PACKED)
        .ok_or_else(|| "the embedded instrument does not read back".to_owned())
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
