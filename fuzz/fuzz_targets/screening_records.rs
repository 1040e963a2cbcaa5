//! Screening records (JSON lines: `tamiz assess` output with `country`, `date` and `person_id`)
//! counted against a spec over every column they offer: refused with a `DataError`, or counted;
//! never a panic. This is the analyst's third input format beside CSV and XLSX, and the only one
//! whose rows go through serde: the assessment contract's own deserialisation (findings, routes,
//! indicators, the means element), the date check and the derived columns.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tamiz_stats::release::count_bytes;

const SPEC: &str = include_str!("../seeds/screening-spec.toml");

/// The spec, parsed once (it is the same for every input). A spec that does not parse is a bug
/// of the target, not a finding: it would leave every input unread, so it stops the run loudly.
static PARSED: OnceLock<tamiz_stats::Spec> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let spec = PARSED.get_or_init(|| {
        tamiz_stats::parse_spec(SPEC)
            .unwrap_or_else(|e| panic!("fuzz/seeds/screening-spec.toml does not parse: {e}"))
    });
    let _ = count_bytes(spec, data, tamiz_stats::Format::Jsonl, "fuzz.jsonl", None);
});
