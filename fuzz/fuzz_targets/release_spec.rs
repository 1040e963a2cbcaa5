//! Release spec TOML: refused with a located `SpecError`, or planned; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(spec) = tamiz_stats::parse_spec(text) {
        if let Ok(plan) = tamiz_stats::Plan::new(spec) {
            let _ = plan.rows(0.05);
            let _ = plan.statement();
        }
    }
});
