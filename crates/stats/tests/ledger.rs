//! The ledger refuses overspend, tampering and truncation, and a lock keeps concurrent spenders
//! from overspending.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;

use tamiz_stats::ledger::{self, LedgerError};
use tamiz_stats::spec::Measure;

#[test]
fn refuses_overspend_and_records_spends() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.jsonl");
    ledger::init(&p, Measure::ZCdp, 1.0).unwrap();
    assert!(matches!(
        ledger::init(&p, Measure::ZCdp, 1.0),
        Err(LedgerError::Exists(_))
    ));
    let mut l = ledger::open_locked(&p).unwrap();
    l.spend(Measure::ZCdp, 0.6, 0.0, "abc", "first").unwrap();
    let e = l
        .spend(Measure::ZCdp, 0.5, 0.0, "abc", "second")
        .unwrap_err();
    assert!(matches!(e, LedgerError::Overspend { .. }), "{e}");
    assert!(e.to_string().contains("nothing was released"));
    // Pure-DP epsilon charged to a rho ledger as eps²/2.
    l.spend(Measure::Pure, 0.8, 0.0, "abc", "pure").unwrap();
    drop(l);
    let s = ledger::read(&p).unwrap();
    assert_eq!(s.entries.len(), 3);
    assert!((s.spent() - 0.92).abs() < 1e-12);
    // An epsilon ledger cannot take a zCDP release.
    let q = dir.path().join("e.jsonl");
    ledger::init(&q, Measure::Pure, 1.0).unwrap();
    let l = ledger::open_locked(&q).unwrap();
    assert!(matches!(
        l.charge(Measure::ZCdp, 0.1, 0.0),
        Err(LedgerError::Measure(_))
    ));
}

fn spent_ledger(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("l.jsonl");
    ledger::init(&p, Measure::ZCdp, 1.0).unwrap();
    let mut l = ledger::open_locked(&p).unwrap();
    l.spend(Measure::ZCdp, 0.2, 0.0, "abc", "one").unwrap();
    l.spend(Measure::ZCdp, 0.3, 0.0, "abc", "two").unwrap();
    p
}

#[test]
fn refuses_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let p = spent_ledger(dir.path());
    let text = std::fs::read_to_string(&p).unwrap();
    // Lower a past spend.
    std::fs::write(&p, text.replacen("\"amount\":0.3", "\"amount\":0.03", 1)).unwrap();
    let e = ledger::read(&p).unwrap_err();
    assert!(matches!(e, LedgerError::Tampered { .. }), "{e}");
    assert!(e.to_string().contains("line 3"), "{e}");
    // Raise the total.
    std::fs::write(&p, text.replacen("\"amount\":1.0", "\"amount\":10.0", 1)).unwrap();
    assert!(matches!(
        ledger::read(&p),
        Err(LedgerError::Tampered { .. })
    ));
    // Drop the last entry (whole line): caught by the head file.
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&p, lines[..2].join("\n") + "\n").unwrap();
    // One entry behind the head is refused (the head only ever lags the ledger, never leads).
    assert!(matches!(
        ledger::read(&p),
        Err(LedgerError::Tampered { .. })
    ));
    // A cut-off last line.
    std::fs::write(&p, &text[..text.len() - 10]).unwrap();
    assert!(matches!(
        ledger::read(&p),
        Err(LedgerError::Tampered { .. })
    ));
    // Restored: fine again.
    std::fs::write(&p, &text).unwrap();
    assert!((ledger::read(&p).unwrap().spent() - 0.5).abs() < 1e-12);
    // And an open_locked on a tampered ledger refuses to spend.
    let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
    writeln!(f, "{}", text.lines().last().unwrap()).unwrap();
    assert!(matches!(
        ledger::open_locked(&p),
        Err(LedgerError::Tampered { .. })
    ));
}

#[test]
fn concurrent_spenders_cannot_overspend() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.jsonl");
    ledger::init(&p, Measure::ZCdp, 1.0).unwrap();
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let p = p.clone();
            std::thread::spawn(move || {
                let mut l = ledger::open_locked(&p).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(5));
                l.spend(Measure::ZCdp, 0.3, 0.0, "abc", &format!("thread {i}"))
                    .is_ok()
            })
        })
        .collect();
    let ok = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|b| *b)
        .count();
    assert_eq!(ok, 3);
    let s = ledger::read(&p).unwrap();
    assert_eq!(s.entries.len(), 4);
    assert!(s.spent() <= 1.0);
}

/// An honest ledger reads back whatever amounts and δ its releases spent. serde_json's default
/// float parser is not correctly rounded: it read about one 17-digit float in five as its
/// neighbour (δ = 4.1045278287299425e-10, from a real release with key discovery, came back as
/// 4.104527828729942e-10), so the entry's hash, computed again from the parsed values, no longer
/// matched and the ledger was refused as tampered. The stats crate now turns on serde_json's
/// `float_roundtrip`; this spends such values and checks that every one reads back bit for bit.
#[test]
fn spends_of_any_amount_and_delta_read_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.jsonl");
    ledger::init(&p, Measure::ZCdp, 1e6).unwrap();
    // The values seen to fail, then pseudo-random ones (xorshift): amounts in [0, 1), δ in
    // [1e-12, 1e-8), both with the 16 or 17 significant digits that break the fast parser.
    let mut spends = vec![
        (0.9856906946328695, 4.1045278287299425e-10),
        (0.5, 8.50272441290664e-9),
        (0.25, 5.908939709239084e-10),
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    for _ in 0..60 {
        spends.push((next(), 1e-12 * (1.0 + 9999.0 * next())));
    }
    let mut l = ledger::open_locked(&p).unwrap();
    for (amount, delta) in &spends {
        l.spend(Measure::ZCdp, *amount, *delta, "abc", "spend")
            .unwrap();
    }
    // A pure-DP release on a rho ledger is charged ε²/2: a computed float, stored as well.
    l.spend(Measure::Pure, 0.123456789, 0.0, "abc", "pure")
        .unwrap();
    drop(l);
    let state = ledger::read(&p).unwrap_or_else(|e| panic!("an honest ledger was refused: {e}"));
    assert_eq!(state.entries.len(), spends.len() + 2);
    for (entry, (amount, delta)) in state.entries[1..].iter().zip(&spends) {
        assert_eq!(entry.amount.to_bits(), amount.to_bits(), "{entry:?}");
        assert_eq!(entry.delta.to_bits(), delta.to_bits(), "{entry:?}");
    }
    let pure = &state.entries[spends.len() + 1];
    assert_eq!(
        pure.charged.map(f64::to_bits),
        Some((0.123456789f64 * 0.123456789 / 2.0).to_bits())
    );
}
