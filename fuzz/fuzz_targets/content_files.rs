//! Instrument content files: the fuzz input replaces one built-in file (chosen by the first byte);
//! the set is refused with located `ContentErrors`, or it is a usable instrument; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamiz_instrument::Instrument;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let builtin = Instrument::builtin_sources();
    let mut files: Vec<(&str, &str)> = builtin.to_vec();
    let name = if usize::from(pick) < files.len() {
        files[usize::from(pick)].0
    } else {
        tamiz_instrument::AGENCY_FILE
    };
    files.retain(|(n, _)| *n != name);
    files.push((name, text));
    let _ = Instrument::from_sources(&files);
});
