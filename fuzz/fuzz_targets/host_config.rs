//! The widget's host `config` (an agency's referral-directory override, as the page passes it): any
//! JSON is refused with a list of problems, or validated and merged into every country's directory;
//! never a panic. Hostile strings (HTML, script) are data here: the widget renders them as text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamiz_engine::{Country, ReferralRoute};
use tamiz_instrument::{merge_directory, validate_override, DirectoryOverride, Instrument};

fuzz_target!(|data: &[u8]| {
    let Ok(overrides) = serde_json::from_slice::<DirectoryOverride>(data) else {
        return;
    };
    if validate_override(&overrides).is_err() {
        return;
    }
    let Ok(instrument) = Instrument::builtin() else {
        return;
    };
    for country in Country::ALL {
        let base: Vec<_> = ReferralRoute::ALL
            .iter()
            .flat_map(|r| instrument.institutions(country, *r))
            .cloned()
            .collect();
        let _ = merge_directory(&base, country, &overrides);
    }
});
