//! Case-facts JSON: any input is either refused with a `FactsError` or assessed; never a panic, and
//! an accepted input's assessment is deterministic and serialisable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(facts) = tamiz_engine::CaseFacts::from_json(text) {
        let a = tamiz_engine::assess(&facts);
        assert_eq!(a, tamiz_engine::assess(&facts));
        let json = serde_json::to_string(&a).expect("assessment serialises");
        let back: tamiz_engine::Assessment = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, a);
    }
});
