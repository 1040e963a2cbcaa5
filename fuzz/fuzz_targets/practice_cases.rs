//! Practice-case files: refused with located errors, or a bank whose cases all score; never a panic.
//!
//! Each case is scored against its own facts (a perfect answer) and against a trainee's answers
//! drawn from the input bytes, one per observation id (kept, yes, no, unknown, declined or left
//! out), once with every observation asked and once with some not asked (as a role's question bank
//! leaves some out; which ones, from the input bytes too). Scoring only the case's own facts left
//! every wrong, missing and open answer unscored: `cargo xtask fuzz gaps practice_cases` listed
//! those arms of `score.rs` as never run (session 22). And only Peru's cases were scored until
//! session 23, so Colombian and Ecuadorian seeds were validated but never scored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamiz_engine::{Answer, ObservationId};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bank) = tamiz_practice::validate_dir(&[("fuzz.toml", text)]) {
        let cases = tamiz_engine::Country::ALL
            .into_iter()
            .flat_map(|c| bank.cases(c));
        for case in cases {
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
            // A trainee who screens with questions that record only some observations (the
            // widget passes its role's question bank): which ones, from the input bytes too.
            let asked =
                |id: ObservationId| !data[(id as usize * 7 + 3) % data.len()].is_multiple_of(4);
            let _ = tamiz_practice::score(case, &trainee);
            let _ = tamiz_practice::score_asked(case, &trainee, asked);
        }
    }
});
