//! Practice-case files: refused with located errors, or a bank whose cases all score; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bank) = tamiz_practice::validate_dir(&[("fuzz.toml", text)]) {
        for case in bank.cases(tamiz_engine::Country::Peru) {
            let _ = tamiz_practice::score(case, &case.facts());
        }
    }
});
