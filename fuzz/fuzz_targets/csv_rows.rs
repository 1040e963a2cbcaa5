//! CSV input (comma or semicolon, CTDC columns) counted by both CSV readers: refused with a located
//! `DataError`, or counted; never a panic, and **the two readers agree**.
//!
//! The browser counts through `data::read_bytes` (the `csv` crate, one record at a time); the CLI
//! counts through `csv_blocks::read_csv_blocks`, which cuts the file into blocks, splits unquoted
//! blocks with a hand-written loop and counts blocks on several threads. The block reader promises
//! the reference reader's rows, line numbers, first error and counts; `tests/csv_blocks.rs` checks
//! that on generated files, and this target checks it on whatever the fuzzer makes. Blocks are
//! small (1 to 128 bytes, chosen from the input) so that a short input is cut in many places. Half
//! the inputs are read on two threads, which makes the counter fork, defer its person bounding and
//! merge; the other half on one (the CLI's path on a one-core machine), where the counter visits
//! every block itself.
//!
//! Each input is counted against one of two specs, chosen by the parity of its byte sum (one bit
//! flip moves an input to the other spec): the example spec (person unit, public and discovered
//! keys, a flags table) or [`VARIANT`] (no unit, and a long key list whose hash table has
//! collisions), so the counter's no-unit paths are fuzzed as well.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamiz_stats::count::Counter;
use tamiz_stats::csv_blocks::{read_csv_blocks, BlockOptions};
use tamiz_stats::data::read_bytes;
use tamiz_stats::Format;

const SPEC: &str = include_str!("../seeds/example-spec.toml");

/// No person unit (every record counts on its own), pure DP, and 60 citizenship keys: a key table of
/// 128 slots in which some keys collide.
const VARIANT: &str = r#"
[privacy]
measure = "pure"
epsilon = 1.0

[[table]]
name = "by_citizenship_gender"
group_by = ["citizenship", "gender"]

[[table]]
name = "control_by_country"
group_by = ["CountryOfExploitation"]
flags = ["meansOfControlDebtBondage", "meansOfControlThreats"]

[keys]
citizenship = ["VE", "CO", "EC", "PE", "CN", "CU", "AR", "HT", "BO", "SN", "PY", "DO", "BR", "CL",
  "MX", "US", "ES", "UY", "PA", "CR", "NI", "HN", "SV", "GT", "BZ", "JM", "TT", "GY", "SR", "IT",
  "FR", "DE", "PT", "GB", "NL", "BE", "CH", "AT", "PL", "RO", "UA", "RU", "TR", "MA", "DZ", "NG",
  "GH", "SL", "LR", "CI", "IN", "PK", "BD", "NP", "LK", "PH", "VN", "TH", "KH", "ID"]
gender = ["Female", "Male", "Transgender/NonConforming", ""]
CountryOfExploitation = ["CO", "EC", "PE"]
"#;

fuzz_target!(|data: &[u8]| {
    let sum = data.iter().fold(0u32, |s, b| s.wrapping_add(u32::from(*b)));
    let text = if sum % 2 == 0 { SPEC } else { VARIANT };
    let Ok(spec) = tamiz_stats::parse_spec(text) else {
        panic!("the target's spec no longer parses");
    };
    let block_bytes = 1 + (sum as usize >> 1) % 128;

    let mut reference = Counter::new(&spec);
    let by_record = read_bytes(Format::Csv, data, "fuzz.csv", None, &mut reference);
    let mut blocked = Counter::new(&spec);
    let opts = BlockOptions {
        block_bytes,
        threads: 1 + (sum as usize >> 8) % 2,
    };
    let by_block = read_csv_blocks(data, "fuzz.csv", &mut blocked, &mut |_| {}, opts);

    match (by_record, by_block) {
        (Err(a), Err(b)) => assert_eq!(
            a, b,
            "the readers fail differently (blocks of {block_bytes})"
        ),
        (Ok(()), Ok(())) => {
            let seen = |c: &Counter| (c.rows(), c.dropped_by_bound());
            assert_eq!(
                seen(&reference),
                seen(&blocked),
                "rows and dropped records (blocks of {block_bytes})"
            );
            // Records beyond a person's bound are dropped at random, so only then may counts differ.
            let exact = reference.dropped_by_bound() == 0;
            for (a, b) in reference.finish().iter().zip(blocked.finish().iter()) {
                assert_eq!(
                    a.discovered, b.discovered,
                    "discovered keys (blocks of {block_bytes})"
                );
                if exact {
                    assert_eq!(a.counts, b.counts, "counts (blocks of {block_bytes})");
                }
            }
        }
        (a, b) => panic!(
            "one reader accepts what the other refuses (blocks of {block_bytes}): {a:?} / {b:?}"
        ),
    }
});
