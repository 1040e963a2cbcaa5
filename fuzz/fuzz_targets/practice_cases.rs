//! Practice-case files: refused with located errors, or a bank whose cases all score; never a panic.
//!
//! Each case is scored twice: against its own facts (a perfect answer) and against a trainee's
//! answers drawn from the input bytes, one per observation id (kept, yes, no, unknown, declined or
//! left out). Scoring only the case's own facts left every wrong, missing and open answer unscored:
//! `cargo xtask fuzz gaps practice_cases` listed those arms of `score.rs` as never run (session 22).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamiz_engine::{Answer, ObservationId};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bank) = tamiz_practice::validate_dir(&[("fuzz.toml", text)]) {
        for case in bank.cases(tamiz_engine::Country::Peru) {
            let facts = case.facts();
            let perfect = tamiz_practice::score(case, &facts);
            assert!(perfect.score.perfect, "a case's own facts score perfectly");
            let mut trainee = facts.clone();
            for (i, id) in ObservationId::ALL.iter().enumerate() {
                let answer = match data[i % data.len()] % 6 {
                    0 => continue,
                    1 => Answer::Yes,
                    2 => Answer::No,
                    3 => Answer::Unknown,
                    4 => Answer::Declined,
                    _ => {
                        trainee.observations.remove(id);
                        continue;
                    }
                };
                trainee.observations.insert(*id, answer);
            }
            let _ = tamiz_practice::score(case, &trainee);
        }
    }
});
