//! The instrument at runtime. In the browser it arrives as content packs (`crate::packed`: no TOML
//! parser, validator or JSON reader in the wasm), one per screening a page can show, which the
//! loader fetches next to the wasm and hands over with [`add_content`] before mounting; natively
//! (tests, tools) it is the instrument's own `Instrument::builtin()`, whole.
//!
//! Why packs and not bytes inside the wasm: the texts were a third of what a page downloaded, and a
//! screening shows one language, one country's law and directory, and one role's questions. A
//! page now loads about a third of them; a host that switches `lang` (the answers stay: the
//! instrument's ids are the same in every pack), `mode` or `country` makes the loader fetch the
//! pack the new options need ([`crate::config::Options::content_key`]).

use std::cell::RefCell;

use tamiz_instrument::Instrument;

#[cfg(target_arch = "wasm32")]
mod fingerprints {
    include!(concat!(env!("OUT_DIR"), "/fingerprints.rs"));
}

thread_local! {
    /// The packs added so far, by key; each lives as long as the page and is shared by every
    /// widget on it (a page adds one or two).
    static PACKS: RefCell<Vec<(String, &'static Instrument)>> = const { RefCell::new(Vec::new()) };
}

/// Adds the pack `key` (the bytes of `{bundle}_{key}.bin`); adding one twice is a no-op. Refuses a
/// key this bundle has no pack for, and bytes from another build or damaged ones, naming the file,
/// so the loader reports `tamiz-error` instead of showing a screening with misplaced texts.
#[cfg(target_arch = "wasm32")]
pub fn add_content(key: &str, bytes: &[u8]) -> Result<(), String> {
    let Some(&(_, expected)) = fingerprints::PACKS.iter().find(|(k, _)| *k == key) else {
        return Err(format!("this bundle has no content pack `{key}`"));
    };
    let refused = || {
        format!(
            "the content pack `{key}` does not belong to this build of the widget (a file cached \
             from another release, or damaged); serve the .bin files of the same release as the wasm"
        )
    };
    if crate::packed::fingerprint(bytes) != expected {
        return Err(refused());
    }
    if PACKS.with(|packs| packs.borrow().iter().any(|(k, _)| k == key)) {
        return Ok(());
    }
    let instrument = crate::packed::read_instrument(bytes).ok_or_else(refused)?;
    let instrument: &'static Instrument = Box::leak(Box::new(instrument));
    PACKS.with(|packs| packs.borrow_mut().push((key.to_owned(), instrument)));
    Ok(())
}

/// The instrument for the content `key` (`Options::content_key`): its pack if added (in the
/// browser), the whole built-in instrument natively.
pub fn instrument(key: &str) -> Result<&'static Instrument, String> {
    if let Some(found) = PACKS.with(|packs| {
        packs
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, i)| *i)
    }) {
        return Ok(found);
    }
    #[cfg(target_arch = "wasm32")]
    return Err(format!(
        "the content pack `{key}` is not loaded; load the widget through tamiz-widget.js, which \
         fetches it next to the wasm"
    ));
    #[cfg(not(target_arch = "wasm32"))]
    Instrument::builtin().map_err(|e| e.to_string())
}
