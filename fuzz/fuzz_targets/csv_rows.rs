//! CSV input (comma or semicolon, CTDC columns) counted against the example spec: refused with a
//! located `DataError`, or counted; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamiz_stats::release::count_bytes;

const SPEC: &str = include_str!("../seeds/example-spec.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(spec) = tamiz_stats::parse_spec(SPEC) else {
        return;
    };
    let _ = count_bytes(&spec, data, tamiz_stats::Format::Csv, "fuzz.csv", None);
});
