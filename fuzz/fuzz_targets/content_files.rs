//! Instrument content files: the fuzz input replaces one built-in file (chosen by the first byte);
//! the set is refused with located `ContentErrors`, or it is a usable instrument; never a panic.
//! Only the replaced file is given: `from_sources` takes the others already parsed, as it does for
//! an agency directory (about 10x the executions per second of giving all nine).
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
    let name = builtin
        .get(usize::from(pick))
        .map_or(tamiz_instrument::AGENCY_FILE, |(n, _)| *n);
    let _ = Instrument::from_sources(&[(name, text)]);
});
