//! Release spec TOML: refused with a located `SpecError`, or planned; never a panic.
//!
//! The plan's margins of error are computed at an `alpha` chosen by the input's length (session 23:
//! always 0.05 before, so the accuracy code never met another level, nor the refusal of a bad
//! one). The CLI refuses an alpha outside (0, 0.5) before it plans; the library, which the
//! analyst page calls directly, checks (0, 1) itself, so 0, 1 and NaN are tried too.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Half the inputs use the CLI's default; the rest spread over levels a user may ask for and
/// levels the library must refuse.
const ALPHAS: [f64; 16] = [
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.01,
    0.1,
    0.2,
    0.49,
    1e-9,
    0.0,
    1.0,
    f64::NAN,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(spec) = tamiz_stats::parse_spec(text) {
        if let Ok(plan) = tamiz_stats::Plan::new(spec) {
            let _ = plan.rows(ALPHAS[data.len() % ALPHAS.len()]);
            let _ = plan.statement();
        }
    }
});
